//! Scale benchmark on a synthetic operation shape (the one the reference OpenAPI generator's
//! published figures use; `synthetic` below writes it):
//! N operations, each with its own item and nested types, generated from YAML to formatted
//! Rust. Run with `cargo bench -p sdkgen --bench scale`.

use sdkgen::synthetic::files as synthetic;
use std::path::Path;

fn main() {
    divan::main();
}

#[divan::bench(args = [200, 2000], sample_count = 3)]
fn generate(bencher: divan::Bencher, n: usize) {
    let files = synthetic(n);
    bencher.bench(|| {
        let out = sdkgen::generate_files(&files, Path::new("specs")).expect("synthetic specs are valid");
        divan::black_box(out.len())
    });
}

#[divan::bench(args = [2000], sample_count = 3)]
fn lower_only(bencher: divan::Bencher, n: usize) {
    let files = synthetic(n);
    bencher.bench(|| divan::black_box(sdkgen::lower_files(&files, Path::new("specs")).map(|ir| ir.services.len())));
}
