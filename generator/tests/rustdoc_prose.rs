//! The rustdoc of the committed generated code reads like the vendors' pages.
//!
//! Every doc comment under `generated/src/services/` is parsed as rustdoc parses it
//! (pulldown-cmark, with rustdoc's extensions), and this test fails on what a reader would
//! see as broken: link syntax shown as text, lines of a list run together into one line,
//! URLs not linked or linked with trailing punctuation, raw HTML, a success row in an error
//! table, a maintainer's `x-note`, or the local file name of a page the repository does not
//! hold.

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::path::{Path, PathBuf};

/// One doc comment: consecutive `///` (or `//!`) lines.
struct Block {
    file: String,
    line: usize,
    text: String,
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn doc_blocks(root: &Path) -> Vec<Block> {
    let mut files = Vec::new();
    rs_files(root, &mut files);
    let mut blocks = Vec::new();
    for path in files {
        let file = path.strip_prefix(root).unwrap().display().to_string();
        let source = std::fs::read_to_string(&path).unwrap();
        let mut current: Option<(&str, Block)> = None;
        for (i, line) in source.lines().enumerate() {
            let trimmed = line.trim_start();
            let marker = ["///", "//!"].into_iter().find(|m| trimmed.starts_with(m) && !trimmed.starts_with("////"));
            match marker {
                Some(m) => {
                    let text = trimmed[m.len()..].strip_prefix(' ').unwrap_or(&trimmed[m.len()..]);
                    match &mut current {
                        Some((kind, b)) if *kind == m => {
                            b.text.push('\n');
                            b.text.push_str(text);
                        }
                        _ => {
                            blocks.extend(current.take().map(|(_, b)| b));
                            current = Some((m, Block { file: file.clone(), line: i + 1, text: text.to_owned() }));
                        }
                    }
                }
                None => blocks.extend(current.take().map(|(_, b)| b)),
            }
        }
        blocks.extend(current.take().map(|(_, b)| b));
    }
    blocks
}

/// Every string value under a key named `key` in the specs.
fn spec_values(value: &serde_yaml::Value, key: &str, out: &mut Vec<String>) {
    match value {
        serde_yaml::Value::Mapping(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    (Some(k), serde_yaml::Value::String(s)) if k == key => out.push(s.clone()),
                    _ => spec_values(v, key, out),
                }
            }
        }
        serde_yaml::Value::Sequence(s) => s.iter().for_each(|v| spec_values(v, key, out)),
        _ => {}
    }
}

fn specs(root: &Path, out: &mut Vec<serde_yaml::Value>) {
    let mut entries: Vec<_> = std::fs::read_dir(root).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            specs(&p, out);
        } else if p.extension().is_some_and(|e| e == "yaml") {
            out.push(serde_yaml::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap());
        }
    }
}

fn rustdoc_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Collapses whitespace, so text compares across line breaks and doc prefixes.
fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What is wrong with a link rustdoc would write.
fn link_problems(link_type: LinkType, dest_url: &str, found: &mut Vec<String>) {
    match link_type {
        LinkType::ShortcutUnknown | LinkType::CollapsedUnknown | LinkType::ReferenceUnknown => {
            let r = dest_url.trim_start_matches("intra-doc:");
            let is_path = r.starts_with('`')
                && r.ends_with('`')
                && r.trim_matches('`').split("::").all(|p| {
                    !p.is_empty() && p.trim_end_matches("()").chars().all(|c| c.is_alphanumeric() || c == '_')
                });
            if !is_path {
                found.push(format!("`[{r}]` would be read as an intra-doc link"));
            }
        }
        _ => {
            // An intra-doc link (`Client::describe_instances`) is resolved by rustdoc, whose
            // warnings are denied.
            let rust_path =
                dest_url.split("::").all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_'));
            if !(dest_url.starts_with("https://") || dest_url.starts_with("http://") || rust_path) {
                found.push(format!("link to `{dest_url}`, which is not an address a reader can open"));
            } else if dest_url.ends_with(['.', ',', ';', ':', '!', '?', ')', '。', '，', '；', '：', '、']) {
                found.push(format!("link `{dest_url}` ends with punctuation"));
            } else if dest_url.contains(['<', '>', ' ', '"']) {
                found.push(format!("link `{dest_url}` is malformed"));
            }
        }
    }
}

/// What is wrong with one doc comment, as a reader of `cargo doc` would see it.
fn problems(text: &str, notes: &[String], pages: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    // Unresolved `[..]` references are what rustdoc resolves as intra-doc links: the
    // generator writes them only as code spans naming a Rust item.
    let mut callback = |link: BrokenLink<'_>| {
        let r = link.reference.to_string();
        Some((CowStr::from(format!("intra-doc:{r}")), CowStr::from("")))
    };
    let parser = Parser::new_with_broken_link_callback(text, rustdoc_options(), Some(&mut callback));
    let mut in_code_block = false;
    let mut in_link = 0;
    let mut in_table_head = false;
    let mut cell = 0;
    let mut row_text = String::new();
    let mut para = String::new();
    let mut prev_text_end = String::new();
    for event in parser {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::End(TagEnd::Link) => in_link -= 1,
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                in_link += 1;
                link_problems(link_type, &dest_url, &mut found);
            }
            Event::Start(Tag::Paragraph) | Event::Start(Tag::Item) => para.clear(),
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => {
                let p = para.trim();
                if p.matches('•').count() > 1 {
                    found.push(format!("several `•` items on one line: {p}"));
                }
                if p.contains(": - ") || p.contains("：- ") || p.contains("： - ") {
                    found.push(format!("a list run into one line after its colon: {p}"));
                }
                para.clear();
            }
            Event::Start(Tag::TableHead) => in_table_head = true,
            Event::End(TagEnd::TableHead) => in_table_head = false,
            Event::Start(Tag::TableRow) => {
                cell = 0;
                row_text.clear();
            }
            Event::Start(Tag::TableCell) => cell += 1,
            Event::End(TagEnd::TableCell) => {
                if cell == 1 && !in_table_head {
                    if let Ok(status) = row_text.trim().parse::<u16>() {
                        if (100..400).contains(&status) {
                            found.push(format!("HTTP status {status} listed as an error"));
                        }
                    }
                }
                row_text.clear();
            }
            Event::SoftBreak if !in_code_block => {
                found.push(format!(
                    "two lines of the text run together into one (soft line break after \"…{}\")",
                    prev_text_end.chars().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect::<String>()
                ));
                para.push(' ');
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let tag = h.trim().to_ascii_lowercase();
                if !matches!(tag.as_str(), "<br>" | "<br/>" | "<br />") {
                    found.push(format!("raw HTML `{}`", h.trim()));
                }
            }
            Event::Text(t) if !in_code_block => {
                if t.contains("](") {
                    found.push(format!("Markdown link shown as text: {t}"));
                }
                if in_link == 0 && (t.contains("http://") || t.contains("https://")) {
                    found.push(format!("URL shown as text, not linked: {t}"));
                }
                para.push_str(&t);
                row_text.push_str(&t);
                prev_text_end = t.to_string();
            }
            Event::Code(c) => {
                para.push_str(&c);
                row_text.push_str(&c);
                prev_text_end = c.to_string();
            }
            _ => {}
        }
    }
    let flat = words(text);
    for note in notes {
        let note = words(note);
        // A long enough prefix identifies a note even when a sentence of it is quoted.
        let probe: String = note.chars().take(40).collect();
        if probe.chars().count() >= 16 && flat.contains(&probe) {
            found.push(format!("maintainers' x-note shown to users: {note}"));
        }
    }
    for page in pages {
        let name = page.rsplit('/').next().unwrap_or(page);
        if flat.contains(page.as_str()) || flat.contains(name) {
            found.push(format!("cites the local page file `{page}`"));
        }
    }
    found
}

#[test]
fn generated_rustdoc_reads_like_the_pages() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut trees = Vec::new();
    specs(&manifest.join("../specs"), &mut trees);
    let (mut notes, mut pages) = (Vec::new(), Vec::new());
    for t in &trees {
        spec_values(t, "x-note", &mut notes);
        if let Some(page) = t.get("source").and_then(|s| s.get("page")).and_then(|p| p.as_str()) {
            pages.push(page.to_owned());
        }
    }
    assert!(!notes.is_empty() && !pages.is_empty(), "the specs hold x-notes and source pages");

    let blocks = doc_blocks(&manifest.join("../generated/src/services"));
    assert!(blocks.len() > 500, "found only {} doc comments", blocks.len());
    let mut report = Vec::new();
    for b in &blocks {
        for p in problems(&b.text, &notes, &pages) {
            report.push(format!("{}:{}: {p}", b.file, b.line));
        }
    }
    assert!(report.is_empty(), "{} problem(s) in the generated rustdoc:\n{}", report.len(), report.join("\n"));
}

#[test]
fn the_check_finds_what_it_looks_for() {
    let notes = vec!["Documented as a String holding a JSON array; typed as a list.".to_owned()];
    let pages = vec!["docs/aliyun-ecs-DescribeImages.zh.md".to_owned()];
    let bad = [
        ("可选值：\n`a`：甲\n`b`：乙", "run together"),
        ("Valid values: - a - b", "run into one line"),
        ("• one • two", "`•`"),
        ("请参见\\[云硬盘类型\\](<https://docs.jdcloud.com/x>)。", "shown as text"),
        ("see <http://x.y/z,>", "punctuation"),
        ("see https://x.y/z now", "not linked"),
        ("a [link](~~25609~~)", "not an address"),
        ("a [x] box", "intra-doc"),
        ("a <a href=\"https://x.y\">tag</a>", "raw HTML"),
        ("| HTTP status | Code |\n|---|---|\n| 200 | OK |", "status 200"),
        ("Typed so. Documented as a String holding a JSON array; typed as a list.", "x-note"),
        ("From aliyun-ecs-DescribeImages.zh.md.", "page file"),
    ];
    for (text, what) in bad {
        let p = problems(text, &notes, &pages);
        assert!(p.iter().any(|m| m.contains(what)), "{text:?}: expected a problem with {what:?}, got {p:?}");
    }
    let good =
        "可选值：\\\n`a`：甲\\\n`b`：乙\n\n- one\n  - nested\n\nSee [页](https://x.y/z) and <https://x.y/w>.<br>\n\n\
                [`Output`] and [`Self::name`].\n\n| HTTP status | Code |\n|---|---|\n| 404 | `NotFound` |";
    assert_eq!(problems(good, &notes, &pages), Vec::<String>::new());
}
