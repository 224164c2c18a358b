//! Import speed: reference pages read, built into specs and written as YAML, over the whole
//! corpus the project imports (`../shared/corpus/` beside the repository, or the folder in
//! `SDKGEN_CORPUS`). Without a corpus the bench runs over the repository's own test pages.
//! Run with `cargo bench -p sdkgen --bench import`.

use sdkgen::import::PageFile;
use std::path::{Path, PathBuf};

fn main() {
    divan::main();
}

fn corpus() -> Vec<PageFile> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs: Vec<PathBuf> = match std::env::var_os("SDKGEN_CORPUS") {
        Some(d) => vec![PathBuf::from(d)],
        None => vec![here.join("../../shared/corpus"), here.join("tests/import_pages")],
    };
    let dir = dirs.into_iter().find(|d| d.is_dir()).expect("a corpus or the test pages");
    let mut files = Vec::new();
    collect(&dir, &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            Some(PageFile { name: p.display().to_string(), shown: p, text })
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "md" || x == "txt") {
            out.push(p);
        }
    }
}

/// Every page of the corpus imported (read, built, written as YAML), no committed specs.
#[divan::bench(sample_count = 10)]
fn import_corpus(bencher: divan::Bencher) {
    let pages = corpus();
    bencher.counter(divan::counter::ItemsCount::new(pages.len())).bench(|| {
        let plan = sdkgen::import::plan(&pages, &[], None);
        divan::black_box(plan.files.len())
    });
}

/// Baseline: splitting the same pages into lines (the floor under any reader).
#[divan::bench(sample_count = 10)]
fn import_lines_baseline(bencher: divan::Bencher) {
    let pages = corpus();
    bencher
        .counter(divan::counter::ItemsCount::new(pages.len()))
        .bench(|| divan::black_box(pages.iter().map(|p| p.text.lines().count()).sum::<usize>()));
}
