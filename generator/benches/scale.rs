//! Scale benchmark on a synthetic operation shape (the one the reference OpenAPI generator's
//! published figures use; `synthetic` below writes it):
//! N operations, each with its own item and nested types, generated from YAML to formatted
//! Rust. Run with `cargo bench -p sdkgen --bench scale`.

use sdkgen::synthetic::files as synthetic;
use std::path::Path;

fn main() {
    divan::main();
}

/// The real specs of the repository, end to end (read, load, validate, lower, emit, format).
#[divan::bench(sample_count = 10)]
fn real_specs(bencher: divan::Bencher) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    bencher.bench(|| {
        let out = sdkgen::generate_dir(&dir, Path::new("specs")).expect("the specs are valid");
        divan::black_box(out.len())
    });
}

/// End to end on N synthetic operations, from their YAML text to formatted Rust.
#[divan::bench(args = [200, 1000, 2000], sample_count = 3)]
fn generate(bencher: divan::Bencher, n: usize) {
    let files = synthetic(n);
    bencher.bench(|| {
        let out = sdkgen::generate_files(&files, Path::new("specs")).expect("synthetic specs are valid");
        divan::black_box(out.len())
    });
}

/// Baseline: only parsing the same YAML into `serde_yaml::Value` (the floor under loading).
#[divan::bench(args = [2000], sample_count = 3)]
fn yaml_parse_baseline(bencher: divan::Bencher, n: usize) {
    let files = synthetic(n);
    bencher.bench(|| {
        let parsed =
            files.iter().map(|f| serde_yaml::from_str::<serde_yaml::Value>(&f.text).is_ok() as usize).sum::<usize>();
        divan::black_box(parsed)
    });
}

#[divan::bench(args = [2000], sample_count = 3)]
fn lower_only(bencher: divan::Bencher, n: usize) {
    let files = synthetic(n);
    bencher.bench(|| divan::black_box(sdkgen::lower_files(&files, Path::new("specs")).map(|ir| ir.services.len())));
}
