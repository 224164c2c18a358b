//! The JD Cloud Markdown reader: small invented pages in the real layouts (snapshots), tricky
//! cells, and every page of the local corpus when it is present.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sdkgen::import::jdcloud_md;
use sdkgen::import::page::{Layout, Page, RowPlace, Vendor};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import_pages/jdcloud").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(name: &str) -> Page {
    let text = fixture(name);
    assert!(jdcloud_md::detect(&text), "{name} is not detected as a JD Cloud page");
    jdcloud_md::read(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every `.md` file under `dir`, sorted.
fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
    out.sort();
}

/// Every Row.structure names a structure of the page, or the page warns about it.
fn structures_resolve(page: &Page) -> Result<(), String> {
    let names: Vec<&str> = page.structures.iter().map(|s| s.name.as_str()).collect();
    let rows = page
        .request
        .iter()
        .map(|(_, r)| r)
        .chain(&page.response)
        .chain(page.structures.iter().flat_map(|s| &s.rows));
    for r in rows {
        if let Some(s) = &r.structure {
            let warned = page.warnings.iter().any(|w| w.message.contains(&format!("`{s}`")));
            if !names.contains(&s.as_str()) && !warned {
                return Err(format!("line {}: {} names structure {s}, neither on the page nor warned about", r.line, r.name));
            }
        }
    }
    Ok(())
}

#[test]
fn every_corpus_page_reads() {
    let mut files = Vec::new();
    for dir in ["/work/shared/corpus/jdcloud-vm", "/work/shared/corpus/jdcloud-vm-2019"] {
        markdown_files(Path::new(dir), &mut files);
    }
    if let Ok(entries) = std::fs::read_dir("/work/shared/docs") {
        let mut docs: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                n.starts_with("jdcloud-") && n.ends_with(".md")
            })
            .collect();
        docs.sort();
        files.extend(docs);
    }
    if files.is_empty() {
        eprintln!("no JD Cloud corpus on this machine; skipped");
        return;
    }
    let (mut rows, mut structures, mut errors) = (0usize, 0usize, 0usize);
    let mut layouts: BTreeMap<String, usize> = BTreeMap::new();
    let mut warnings: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable corpus page");
        if !jdcloud_md::detect(&text) {
            failures.push(format!("{}: not detected", f.display()));
            continue;
        }
        let page = match jdcloud_md::read(&text) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{}: {e}", f.display()));
                continue;
            }
        };
        let mut problems = Vec::new();
        if page.operation.is_empty() {
            problems.push("no operation".to_owned());
        }
        if page.method.is_none() {
            problems.push("no method".to_owned());
        }
        if page.address.is_none() {
            problems.push("no address".to_owned());
        }
        if let Err(e) = structures_resolve(&page) {
            problems.push(e);
        }
        if page.vendor != Vendor::Jdcloud {
            problems.push("vendor".to_owned());
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}", f.display(), problems.join("; ")));
        }
        rows += page.request.len() + page.response.len();
        structures += page.structures.len();
        rows += page.structures.iter().map(|s| s.rows.len()).sum::<usize>();
        errors += page.errors.len();
        *layouts.entry(format!("{:?}", page.layout)).or_default() += 1;
        for w in &page.warnings {
            eprintln!("{}:{}: {}", f.display(), w.line, w.message);
            let kind: String = w.message.split('`').step_by(2).collect::<Vec<_>>().join("…");
            *warnings.entry(kind).or_default() += 1;
        }
    }
    eprintln!("{} pages {layouts:?}; {rows} rows, {structures} structures, {errors} error rows", files.len());
    for (k, n) in &warnings {
        eprintln!("  {n:4} × {k}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
#[ignore]
fn dump() {
    let p = std::env::var("JD_DUMP").unwrap();
    let page = jdcloud_md::read(&std::fs::read_to_string(p).unwrap()).unwrap();
    println!("{page:#?}");
}
