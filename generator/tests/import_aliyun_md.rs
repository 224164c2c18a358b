//! The Alibaba Cloud Markdown reader: small invented pages in the real layouts (snapshots
//! and targeted checks), and, when the vendors' pages are on this machine, every one of them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sdkgen::import::aliyun_md;
use sdkgen::import::page::{Language, Layout, Page, RowPlace};

fn page_text(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import_pages/aliyun").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(name: &str) -> Page {
    let text = page_text(name);
    assert!(aliyun_md::detect(&text), "{name} is not detected");
    aliyun_md::read(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn snapshots() {
    for name in ["current.en.md", "current.zh.md", "legacy.md", "cut_off.md", "odd_title.md"] {
        let page = read(name);
        insta::assert_debug_snapshot!(name.replace('.', "_"), page);
    }
}

#[test]
fn layouts_and_languages() {
    let cases = [
        ("current.en.md", Layout::AliyunMarkdown, Language::En),
        ("current.zh.md", Layout::AliyunMarkdown, Language::Zh),
        ("legacy.md", Layout::AliyunMarkdownLegacy, Language::En),
        ("cut_off.md", Layout::AliyunMarkdown, Language::En),
    ];
    for (name, layout, language) in cases {
        let page = read(name);
        assert_eq!((page.layout, page.language), (layout, language), "{name}");
    }
}

#[test]
fn an_unrecognised_page_is_not_detected() {
    let text = page_text("unrecognised.md");
    assert!(!aliyun_md::detect(&text));
    assert!(sdkgen::import::read(&text).is_err());
    assert!(!aliyun_md::detect("just text\nwith no tables"));
    assert!(!aliyun_md::detect("## 请求方式\nGET\n|名称|类型|描述|\n|--|--|--|\n"));
}

#[test]
fn tricky_cells() {
    let page = read("current.en.md");
    let row = |name: &str| page.request.iter().map(|(_, r)| r).find(|r| r.name == name).expect(name).clone();
    // Markdown escapes in the example cell.
    assert_eq!(row("WidgetId").example.as_deref(), Some("w-bp67acfmxazb4p****"));
    // A multi-line list cell, an entity and an escape inside it.
    assert_eq!(
        row("Shape").description,
        "The shape of the widget. Valid values:\n\n- Round\n- Square & flat\n- Odd_one"
    );
    // An internal link reduced to its text.
    assert_eq!(
        row("RegionId").description,
        "The region ID. You can call the DescribeRegions operation to query the most recent region list."
    );
    // A non-breaking space is an empty cell.
    assert_eq!(row("DryRun").example, None);
    assert_eq!(row("DryRun").required, Some(false));
    assert!(page.request.iter().all(|(place, _)| *place == RowPlace::Parameters));
    // The flattened response table keeps the row naming the array's items, without a type.
    let item = page.response.iter().find(|r| r.name == "Widget").expect("Widget row");
    assert_eq!((item.ty.as_str(), item.example.as_deref(), item.description.as_str()), ("", None, ""));
    let names: Vec<&str> = page.response.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["RequestId", "Widgets", "Widget", "WidgetId", "Size"]);
    // An error whose message cell holds only a non-breaking space.
    let e = page.errors.iter().find(|e| e.code.as_deref() == Some("InvalidWidgetId.NotFound")).expect("error");
    assert_eq!((e.status, e.message.as_deref()), (Some(404), None));
    assert_eq!(
        page.errors[0].description.as_deref(),
        Some("The error message returned because the `Shape` parameter is invalid.")
    );
    assert_eq!((page.product.as_deref(), page.api_version.as_deref()), (Some("Ecs"), Some("2014-05-26")));
    assert_eq!(page.address.as_deref(), Some("https://ecs.aliyuncs.com/"));
    assert!(page.warnings.is_empty(), "{:?}", page.warnings);
}

#[test]
fn chinese_page() {
    let page = read("current.zh.md");
    let required: Vec<Option<bool>> = page.request.iter().map(|(_, r)| r.required).collect();
    assert_eq!(required, [Some(true), Some(true), Some(false)]);
    // Entities in the Explorer link.
    assert_eq!(page.api_version.as_deref(), Some("2014-05-26"));
    // `http(s)://` is read as https.
    assert_eq!(page.address.as_deref(), Some("https://ecs.aliyuncs.com/"));
    assert_eq!(page.description.as_deref(), Some("创建小部件前，请确认您的账号余额充足。"));
    let formats: Vec<&str> = page.response_examples.iter().map(|s| s.format.as_str()).collect();
    assert_eq!(formats, ["xml", "json"]);
    assert_eq!(page.errors.len(), 1);
    assert_eq!(page.errors[0].status, Some(400));
}

#[test]
fn legacy_page() {
    let page = read("legacy.md");
    // Error columns in the older order.
    let e = &page.errors[0];
    assert_eq!(
        (e.status, e.code.as_deref(), e.message.as_deref(), e.description.as_deref()),
        (
            Some(403),
            Some("GadgetInUse"),
            Some("The specified gadget is in use."),
            Some("The gadget is used by an instance.")
        )
    );
    // A status that is no HTTP status is left unset, and the empty row is not an error.
    assert_eq!(page.errors.len(), 2);
    assert_eq!(page.errors[1].status, None);
    // The list run into its lead-in.
    let force = page.request.iter().map(|(_, r)| r).find(|r| r.name == "Force").expect("Force");
    assert_eq!(force.description, "Whether to remove the gadget at once. Optional values:\n\n- true: Removes it at once.\n- false: Checks whether the gadget is in use first.");
    assert_eq!(force.example, None);
    // A type cell linking to a structure.
    let part = page.request.iter().map(|(_, r)| r).find(|r| r.name == "Part.N").expect("Part.N");
    assert_eq!((part.ty.as_str(), part.structure.as_deref()), ("Array of `Part`", Some("Part")));
    // The table after the parameters describes a structure.
    assert_eq!(page.structures.len(), 1);
    assert_eq!(page.structures[0].name, "Part");
    assert_eq!(page.structures[0].rows[0].required, Some(true));
    // The broken JSON sample is kept as written; the error sample is not a response sample.
    assert_eq!(page.response_examples.len(), 2);
    assert_eq!(page.response_examples[1].body, "    \"RequestId\": \"CEF72CEB-54B6-4AE8-B225-F876FF7BA984\"");
    assert!(page.response.is_empty());
}

#[test]
fn a_page_cut_off_mid_table() {
    let page = read("cut_off.md");
    let names: Vec<&str> = page.request.iter().map(|(_, r)| r.name.as_str()).collect();
    assert_eq!(names, ["Action", "RegionId", "PageSize"]);
    assert!(page.warnings.iter().any(|w| w.message.contains("ends inside the request parameters table")));
    assert!(page.warnings.iter().any(|w| w.message.contains("no response parameters section")));
    assert!(page.response.is_empty() && page.errors.is_empty() && page.request_example.is_none());
}

#[test]
fn an_odd_title_takes_the_action_row() {
    let page = read("odd_title.md");
    assert_eq!(page.operation, "DescribeSprocketTypes");
    assert_eq!(page.summary, "Queries the types of sprockets.");
    // No description section: the rest of the introduction is the description.
    assert_eq!(page.description.as_deref(), Some("The types depend on the region."));
    // A repeated header row is not an error.
    assert_eq!(page.errors.len(), 1);
    assert_eq!(page.response_examples.len(), 1);
    assert_eq!(page.response_examples[0].format, "json");
}

#[test]
fn nothing_panics_on_pieces_of_pages() {
    for name in ["current.en.md", "current.zh.md", "legacy.md", "cut_off.md", "odd_title.md", "unrecognised.md"] {
        let text = page_text(name);
        let mut cuts: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        cuts.retain(|i| i % 7 == 0 || text[*i..].starts_with(['|', '`', '#', '\n']));
        for i in cuts {
            let head = &text[..i];
            if aliyun_md::detect(head) {
                let _ = aliyun_md::read(head);
            }
            let _ = aliyun_md::read(head);
            let _ = aliyun_md::read(&text[i..]);
        }
    }
    for weird in [
        "",
        "#",
        "# \n|",
        "|a|\n|-|\n|",
        "```",
        "# X\n## Request parameters\n|Name|Type|\n|--|--|\n|\u{a0}|",
        "## Examples\n```\n",
    ] {
        let _ = aliyun_md::detect(weird);
        let _ = aliyun_md::read(weird);
    }
}

fn md_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            md_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

/// The kind of a warning: its message with names and values in backticks left out.
fn kind(message: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in message.chars() {
        if c == '`' {
            inside = !inside;
            if inside {
                out.push('…');
            }
            continue;
        }
        if !inside {
            out.push(c);
        }
    }
    out
}

#[test]
fn every_vendor_page_reads() {
    let mut files = Vec::new();
    md_files(Path::new("/work/shared/corpus/aliyun-ecs"), &mut files);
    if let Ok(entries) = std::fs::read_dir("/work/shared/docs") {
        for e in entries.flatten() {
            let p = e.path();
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if name.starts_with("aliyun-") && name.ends_with(".md") {
                files.push(p);
            }
        }
    }
    if files.is_empty() {
        eprintln!("no vendor pages on this machine: skipped");
        return;
    }
    files.sort();
    let (mut rows, mut response, mut errors, mut samples, mut structures) = (0, 0, 0, 0, 0);
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut layouts: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable");
        if !aliyun_md::detect(&text) {
            failures.push(format!("{}: not detected", f.display()));
            continue;
        }
        match aliyun_md::read(&text) {
            Ok(page) => {
                if page.operation.is_empty() {
                    failures.push(format!("{}: no operation", f.display()));
                }
                if page.request.is_empty() && page.warnings.is_empty() {
                    failures.push(format!("{}: no request rows and no warning", f.display()));
                }
                rows += page.request.len();
                response += page.response.len();
                errors += page.errors.len();
                samples += page.response_examples.len();
                structures += page.structures.len();
                if std::env::var_os("ALIYUN_WARNINGS").is_some() {
                    for s in &page.structures {
                        eprintln!("{}:{}: structure {} ({} rows)", f.display(), s.line, s.name, s.rows.len());
                    }
                }
                *layouts.entry(format!("{:?}/{:?}", page.layout, page.language)).or_default() += 1;
                for w in &page.warnings {
                    *kinds.entry(kind(&w.message)).or_default() += 1;
                    if std::env::var_os("ALIYUN_WARNINGS").is_some() {
                        eprintln!("{}:{}: {}", f.display(), w.line, w.message);
                    }
                }
            }
            Err(e) => failures.push(format!("{}: {e}", f.display())),
        }
    }
    eprintln!(
        "{} pages: {layouts:?}; {rows} request rows, {response} response rows, {errors} errors, {samples} response samples, {structures} structures",
        files.len()
    );
    for (k, n) in &kinds {
        eprintln!("{n:5}  {k}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn other_vendors_pages_are_not_detected() {
    let mut files = Vec::new();
    md_files(Path::new("/work/shared/corpus/jdcloud-vm"), &mut files);
    md_files(Path::new("/work/shared/corpus/jdcloud-vm-2019"), &mut files);
    if let Ok(entries) = std::fs::read_dir("/work/shared/docs") {
        for e in entries.flatten() {
            let p = e.path();
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if name.starts_with("jdcloud-") || name.ends_with(".txt") {
                files.push(p);
            }
        }
    }
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable");
        assert!(!aliyun_md::detect(&text), "{} detected as an Alibaba Cloud Markdown page", f.display());
    }
}

/// `ALIYUN_DUMP=<page.md> cargo test --test import_aliyun_md dump -- --nocapture` prints
/// what the reader makes of a page.
#[test]
fn dump() {
    let Some(path) = std::env::var_os("ALIYUN_DUMP") else { return };
    let text = std::fs::read_to_string(&path).expect("readable");
    eprintln!("{:#?}", aliyun_md::read(&text));
}
