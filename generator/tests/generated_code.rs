//! Snapshots of the generated code: one named snapshot per spec file, holding every file
//! that spec produces. `cargo xtask check` pins the committed crate to the generator; these
//! snapshots make each change to the output visible in review, spec by spec.

use std::path::Path;

#[test]
fn generated_code_per_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let files = sdkgen::generate_dir(&root, Path::new("specs")).unwrap_or_else(|e| panic!("{e}"));
    insta::glob!("../../specs", "**/*.yaml", |path| {
        let rel = path.strip_prefix(root.canonicalize().unwrap()).unwrap();
        let spec = format!("specs/{}", rel.to_string_lossy().replace('\\', "/"));
        let header = format!("{}{spec} —", sdkgen::HEADER_PREFIX);
        let produced: Vec<String> = files
            .iter()
            .filter(|f| f.contents.starts_with(&header))
            .map(|f| format!("==> generated/src/{}\n{}", f.path.display(), f.contents))
            .collect();
        assert!(!produced.is_empty(), "{spec} produced no file");
        insta::assert_snapshot!(produced.join("\n"));
    });
}

#[test]
fn same_specs_give_byte_identical_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let a = sdkgen::generate_dir(&root, Path::new("specs")).unwrap();
    let b = sdkgen::generate_dir(&root, Path::new("specs")).unwrap();
    assert_eq!(a, b);
    assert!(a.iter().all(|f| f.contents.starts_with(sdkgen::HEADER_PREFIX)));
}
