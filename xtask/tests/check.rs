//! `cargo xtask check` on the real workspace, and on copies of it that drifted.

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A temporary copy of `specs/` and `generated/src/`.
fn copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&workspace().join("specs"), &dir.path().join("specs"));
    copy_dir(&workspace().join("generated/src"), &dir.path().join("generated/src"));
    dir
}

#[test]
fn committed_generated_code_is_up_to_date() {
    if let Err(e) = xtask::check(&workspace()) {
        panic!("{e}");
    }
}

#[test]
fn a_hand_edit_to_a_generated_file_is_caught() {
    let dir = copy();
    let file = dir.path().join("generated/src/services/aliyun/ecs/describe_images.rs");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("        image_id: opt(", "        the_image_id: opt(")).unwrap();
    let err = xtask::check(dir.path()).unwrap_err();
    assert!(err.contains("generated/src/services/aliyun/ecs/describe_images.rs differs"), "{err}");
    assert!(err.contains("run `cargo xtask codegen`"), "{err}");
    xtask::write(dir.path()).unwrap();
    xtask::check(dir.path()).unwrap();
}

#[test]
fn a_spec_edit_without_codegen_is_caught() {
    let dir = copy();
    let file = dir.path().join("specs/jdcloud/vm/shapes/ImageConstraint.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("description: 镜像ID。", "description: 镜像的ID。")).unwrap();
    let err = xtask::check(dir.path()).unwrap_err();
    assert!(err.contains("generated/src/services/jdcloud/vm/types/image_constraint.rs differs"), "{err}");
    assert_eq!(err.matches(" differs ").count(), 1, "{err}");
}

#[test]
fn orphans_are_reported_and_removed() {
    let dir = copy();
    let orphan = dir.path().join("generated/src/services/aliyun/ecs/describe_gone.rs");
    std::fs::write(
        &orphan,
        format!("{}specs/aliyun/ecs/operations/DescribeGone.yaml — do not edit.\n", sdkgen::HEADER_PREFIX),
    )
    .unwrap();
    let hand_written = dir.path().join("generated/src/services/notes.rs");
    std::fs::write(&hand_written, "// not generated\n").unwrap();
    let err = xtask::check(dir.path()).unwrap_err();
    assert!(err.contains("services/aliyun/ecs/describe_gone.rs is generated but no spec produces it"), "{err}");
    assert!(!err.contains("notes.rs"), "{err}");
    let msg = xtask::write(dir.path()).unwrap();
    assert!(msg.contains("1 removed"), "{msg}");
    assert!(!orphan.exists());
    assert!(hand_written.exists(), "only files with the generated header are removed");
}

#[test]
fn a_service_feature_missing_from_the_manifest_is_caught() {
    let dir = copy();
    let manifest = std::fs::read_to_string(workspace().join("generated/Cargo.toml")).unwrap();
    std::fs::write(dir.path().join("generated/Cargo.toml"), manifest.replace("jdcloud-vm = []\n", "")).unwrap();
    let err = xtask::check(dir.path()).unwrap_err();
    assert_eq!(
        err,
        "generated/Cargo.toml: [features] lacks `jdcloud-vm = []`, the feature of specs/jdcloud/vm/service.yaml"
    );
}

#[test]
fn an_invalid_spec_fails_the_check_with_a_location() {
    let dir = copy();
    let file = dir.path().join("specs/aliyun/ecs/operations/DescribeImages.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("type: integer", "type: integr", 1)).unwrap();
    let err = xtask::check(dir.path()).unwrap_err();
    assert!(err.starts_with("specs/aliyun/ecs/operations/DescribeImages.yaml:"), "{err}");
    assert!(err.contains(": unknown type \"integr\""), "{err}");
}
