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
