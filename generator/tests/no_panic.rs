//! Damaged specs give errors, never panics: every real spec file is cut short at many points
//! and has lines removed, and the pipeline must answer each variant with `Ok` or `Err`.

use sdkgen::load::{read_dir, SourceFile};
use std::path::Path;

fn variants(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let step = (lines.len() / 8).max(1);
    for cut in (0..lines.len()).step_by(step) {
        out.push(lines[..cut].join("\n"));
        let mut without = lines.clone();
        without.remove(cut);
        out.push(without.join("\n"));
        let mut dedented = lines.clone();
        dedented[cut] = dedented[cut].trim_start();
        out.push(dedented.join("\n"));
    }
    out
}

#[test]
fn damaged_specs_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let files = read_dir(&root).unwrap();
    let mut runs = 0;
    let mut failures = 0;
    for (i, f) in files.iter().enumerate() {
        for variant in variants(&f.text) {
            let mut damaged: Vec<SourceFile> = files.clone();
            damaged[i].text = variant;
            let result = std::panic::catch_unwind(|| sdkgen::lower_files(&damaged, Path::new("specs")));
            let result = result.unwrap_or_else(|_| panic!("panicked on a damaged {}", f.path.display()));
            if let Err(errors) = result {
                failures += 1;
                assert!(errors.0.iter().all(|e| !e.message.is_empty() && e.file.starts_with("specs")));
            }
            runs += 1;
        }
    }
    assert!(runs > 300, "{runs}");
    assert!(failures > runs / 4, "damage was detected in only {failures} of {runs} runs");
}
