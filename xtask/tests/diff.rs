//! `cargo xtask diff` against real git repositories: a throwaway repository whose history
//! holds a base and a changed spec tree.

use std::path::Path;
use std::process::Command;
use xtask::diff::{run, Format, Options};

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
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

/// A repository whose `base` branch holds the `field_retyped` fixture's before tree, with
/// the after tree in the working tree.
fn repo(rule: &str) -> tempfile::TempDir {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/tests/diff_fixtures").join(rule);
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures.join("before"), &dir.path().join("specs"));
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "base"]);
    std::fs::remove_dir_all(dir.path().join("specs")).unwrap();
    copy_dir(&fixtures.join("after"), &dir.path().join("specs"));
    dir
}

fn options(base: Option<&str>, format: Format, fail: bool) -> Options {
    Options { base: base.map(str::to_owned), base_dir: None, head_dir: None, format, fail_on_breaking: fail }
}

#[test]
fn breaking_change_against_the_merge_base_fails_with_the_flag() {
    let dir = repo("field_retyped");
    let out = run(dir.path(), &options(None, Format::Markdown, true)).unwrap();
    assert!(out.failed);
    assert!(out.text.contains("**breaking** | field `Size`: type `i32` → `i64`"), "{}", out.text);
    let out = run(dir.path(), &options(Some("main"), Format::Json, false)).unwrap();
    assert!(!out.failed);
    let json: serde_json::Value = serde_json::from_str(&out.text).unwrap();
    assert_eq!(json["breaking"], 1);
    assert_eq!(json["changes"][0]["rust_item"], "cloudsdk::aliyun::demo::types::Widget::size");
}

#[test]
fn compatible_change_passes_the_flag() {
    let dir = repo("field_added");
    let out = run(dir.path(), &options(Some("main"), Format::Markdown, true)).unwrap();
    assert!(!out.failed, "{}", out.text);
    assert!(out.text.contains("0 breaking, 1 compatible"), "{}", out.text);
}

#[test]
fn a_missing_ref_is_a_clear_error() {
    let dir = repo("field_added");
    let err = run(dir.path(), &options(Some("no-such-branch"), Format::Markdown, false)).err().unwrap();
    assert_eq!(err, "the base ref `no-such-branch` does not exist (try a branch, a tag or a commit)");
}

#[test]
fn a_base_spec_that_does_not_parse_is_a_located_error() {
    let dir = repo("field_added");
    let service = dir.path().join("specs/aliyun/demo/service.yaml");
    let good = std::fs::read_to_string(&service).unwrap();
    std::fs::write(&service, good.replace("\"protocol\": \"rpc\"", "\"protocol\": \"soap\"")).unwrap();
    git(dir.path(), &["commit", "-q", "-am", "broken"]);
    std::fs::write(&service, good).unwrap();
    let err = run(dir.path(), &options(Some("HEAD"), Format::Markdown, false)).err().unwrap();
    assert!(err.starts_with("specs/aliyun/demo/service.yaml:"), "{err}");
    assert!(err.ends_with("error: the base specs at `HEAD` do not parse (1 error(s))"), "{err}");
}

#[test]
fn options_parse() {
    let args = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        Options::parse(&args(&["--base", "v1", "--format", "json", "--fail-on-breaking"])).unwrap(),
        options(Some("v1"), Format::Json, true)
    );
    assert_eq!(
        Options::parse(&args(&["--format", "yaml"])).unwrap_err(),
        "--format takes `markdown` or `json`, not Some(\"yaml\")"
    );
    assert!(Options::parse(&args(&["--base"])).is_err());
    assert!(Options::parse(&args(&["--base", "main", "--base-dir", "x"])).is_err());
}

#[test]
fn two_spec_folders_without_git() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/tests/diff_fixtures/enum_value_removed");
    let o = Options {
        base: None,
        base_dir: Some(fixtures.join("before")),
        head_dir: Some(fixtures.join("after")),
        format: Format::Markdown,
        fail_on_breaking: true,
    };
    let out = run(Path::new("/nonexistent"), &o).unwrap();
    assert!(out.failed);
    assert!(out.text.contains("`cloudsdk::aliyun::demo::types::WidgetStatus::Creating`"), "{}", out.text);
}
