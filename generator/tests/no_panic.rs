//! Damaged specs give errors, never panics: every real spec file is cut short at many points
//! and has lines removed, and the whole pipeline (load, validate, lower, emit, format: what
//! `cargo xtask codegen` runs) must answer each variant with `Ok` or located errors. Targeted
//! variants cover every name the generator derives.

use sdkgen::load::{read_dir, SourceFile};
use sdkgen::SpecErrors;
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

fn specs() -> Vec<SourceFile> {
    read_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")).unwrap()
}

/// The whole pipeline on `files`, with a panic turned into a test failure naming `what`.
fn run(files: &[SourceFile], what: &str) -> Result<Vec<sdkgen::GeneratedFile>, SpecErrors> {
    std::panic::catch_unwind(|| sdkgen::generate_files(files, Path::new("specs")))
        .unwrap_or_else(|_| panic!("panicked on {what}"))
}

#[test]
fn damaged_specs_never_panic() {
    let files = specs();
    let mut runs = 0;
    let mut failures = 0;
    for (i, f) in files.iter().enumerate() {
        for variant in variants(&f.text) {
            let mut damaged: Vec<SourceFile> = files.clone();
            damaged[i].text = variant;
            if let Err(errors) = run(&damaged, &format!("a damaged {}", f.path.display())) {
                failures += 1;
                assert!(errors.0.iter().all(|e| !e.message.is_empty() && e.file.starts_with("specs")), "{errors}");
            }
            runs += 1;
        }
    }
    assert!(runs > 300, "{runs}");
    assert!(failures > runs / 4, "damage was detected in only {failures} of {runs} runs");
}

/// `files` with `from` replaced by `to` (once) in the file at `path`.
fn edited(files: &[SourceFile], path: &str, from: &str, to: &str) -> Vec<SourceFile> {
    let mut out = files.to_vec();
    let f = out.iter_mut().find(|f| f.path == Path::new(path)).unwrap_or_else(|| panic!("no {path}"));
    assert!(f.text.contains(from), "{path} has no {from:?}");
    f.text = f.text.replacen(from, to, 1);
    out
}

const IMAGES: &str = "aliyun/ecs/operations/DescribeImages.yaml";
const IMAGE: &str = "aliyun/ecs/shapes/Image.yaml";
const STATUS: &str = "aliyun/ecs/shapes/ImageStatus.yaml";
const OWNER: &str = "aliyun/ecs/shapes/ImageOwnerAlias.yaml";

/// Each identifier the generator derives, made unusable in a real spec: the pipeline answers
/// with an error that names the file, the line and the key path.
#[test]
fn bad_identifiers_give_located_errors() {
    let files = specs();
    let cases: Vec<(&str, Vec<SourceFile>)> = vec![
        ("enum value \"\"", edited(&files, STATUS, "- value: Available", "- value: \"\"")),
        ("enum value \"*\"", edited(&files, STATUS, "- value: Available", "- value: \"*\"")),
        ("enum x-rust-name \"\"", edited(&files, OWNER, "x-rust-name: SelfOwned", "x-rust-name: \"\"")),
        ("x-rust-name \"\"", edited(&files, IMAGES, "x-rust-name: legacy_tags", "x-rust-name: \"\"")),
        (
            "x-rust-name not an identifier",
            edited(&files, IMAGES, "x-rust-name: legacy_tags", "x-rust-name: legacy-tags"),
        ),
        ("parameter of punctuation", edited(&files, IMAGES, "- name: ImageName\n", "- name: \"?!\"\n")),
        ("field of punctuation", edited(&files, IMAGE, "- name: ImageId\n", "- name: \"#\"\n")),
        ("operation of punctuation", {
            let mut f = edited(&files, IMAGES, "operation: DescribeImages", "operation: \"...\"");
            for s in &mut f {
                if s.path == Path::new(IMAGES) {
                    s.path = "aliyun/ecs/operations/....yaml".into();
                }
            }
            f
        }),
        ("setter `params`", edited(&files, IMAGES, "- name: ImageName\n", "- name: Params\n")),
        ("setter `handle`", edited(&files, IMAGES, "- name: ImageName\n", "- name: Handle\n")),
        ("setter `build`", edited(&files, IMAGES, "- name: ImageName\n", "- name: Build\n")),
        ("setter `into_paginator`", edited(&files, IMAGES, "- name: ImageName\n", "- name: IntoPaginator\n")),
        ("wrapper key", edited(&files, IMAGES, "wrapper: Image\n", "wrapper: Image Set\n")),
    ];
    for (what, case) in cases {
        let errors = run(&case, what).err().unwrap_or_else(|| panic!("{what}: no error"));
        for e in &errors.0 {
            assert!(e.line.is_some() && !e.path.is_empty() && e.file.starts_with("specs/aliyun/ecs"), "{what}: {e}");
        }
    }
    // A numbered_group prefix of punctuation: its setter would be the plural of nothing.
    let group = edited(
        &files,
        IMAGES,
        "    - name: Tag\n      style: numbered_group\n      maxItems: 20",
        "    - name: \"..\"\n      style: numbered_group\n      maxItems: 20",
    );
    let errors = run(&group, "a group prefix of punctuation").expect_err("an error");
    assert!(errors.to_string().contains("\"..\" gives an empty Rust name"), "{errors}");
    assert!(errors.0.iter().all(|e| e.line.is_some()), "{errors}");
}

/// An enum value that starts with a digit is a legitimate value: it gets a prefixed variant.
#[test]
fn enum_values_that_start_with_a_digit_generate() {
    let files = edited(&specs(), STATUS, "- value: Available", "- value: \"100\"");
    let out = run(&files, "an enum value \"100\"").unwrap_or_else(|e| panic!("{e}"));
    let status = out.iter().find(|f| f.path == Path::new("services/aliyun/ecs/types/image_status.rs")).unwrap();
    assert!(
        status.contents.contains("    V100,\n") && status.contents.contains("\"100\" => Self::V100"),
        "{}",
        status.contents
    );
}
