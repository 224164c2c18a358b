//! The importer end to end on the repository's own small pages (one per layout and per kind
//! of mess, under `tests/import_pages/`): the specs each page gives, snapshotted; every one of
//! them validates and lowers beside the real service files; the merge keeps decisions and a
//! second import of the same page changes nothing.

use sdkgen::import::{self, PageFile, Status};
use sdkgen::load::SourceFile;
use std::path::{Path, PathBuf};

fn pages_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import_pages")
}

fn page(rel: &str) -> PageFile {
    let shown = pages_dir().join(rel);
    let text = std::fs::read_to_string(&shown).expect("test page");
    PageFile { name: rel.to_owned(), shown: PathBuf::from(rel), text }
}

fn service_of(rel: &str) -> &'static str {
    if rel.starts_with("jdcloud") {
        "jdcloud/vm"
    } else {
        "aliyun/ecs"
    }
}

/// The service files of the repository, so that imported specs can be lowered.
fn service_files() -> Vec<SourceFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    ["aliyun/ecs/service.yaml", "jdcloud/vm/service.yaml"]
        .iter()
        .map(|p| SourceFile {
            path: PathBuf::from(p),
            text: std::fs::read_to_string(root.join(p)).expect("service.yaml"),
        })
        .collect()
}

const PAGES: [&str; 15] = [
    "aliyun/current.en.md",
    "aliyun/current.zh.md",
    "aliyun/cut_off.md",
    "aliyun/legacy.md",
    "aliyun/odd_title.md",
    "aliyun-text/cut-off.txt",
    "aliyun-text/en-basic.txt",
    "aliyun-text/errors-multiline.txt",
    "aliyun-text/nested.txt",
    "aliyun-text/zh-basic.txt",
    "jdcloud/current_get.md",
    "jdcloud/current_post.md",
    "jdcloud/english.md",
    "jdcloud/legacy_2019.md",
    "jdcloud/truncated.md",
];

/// What an import of one page writes, as reviewers see it: each file, then the notes.
fn rendered(rel: &str) -> String {
    let plan = import::plan(&[page(rel)], &[], Some(service_of(rel)));
    assert!(plan.errors.is_empty(), "{rel}: {:?}", plan.errors);
    let mut out = String::new();
    for f in &plan.files {
        out.push_str(&format!("# specs/{}\n{}\n", f.path.display(), f.text));
    }
    for n in &plan.notes {
        out.push_str(&format!("# note: {n}\n"));
    }
    out
}

#[test]
fn every_layout_imports_into_specs() {
    for rel in PAGES {
        let name = rel.replace(['/', '.'], "_");
        insta::assert_snapshot!(format!("import_{name}"), rendered(rel));
    }
}

#[test]
fn every_imported_spec_validates_and_lowers() {
    for rel in PAGES {
        let plan = import::plan(&[page(rel)], &[], Some(service_of(rel)));
        let mut files = service_files();
        files.extend(plan.files.iter().map(|f| SourceFile { path: f.path.clone(), text: f.text.clone() }));
        if let Err(e) = sdkgen::lower_files(&files, Path::new("specs")) {
            panic!("{rel}: the imported specs do not lower:\n{e}");
        }
    }
}

#[test]
fn an_unrecognised_page_names_the_known_layouts() {
    let plan = import::plan(&[page("aliyun/unrecognised.md")], &[], None);
    assert_eq!(plan.files.len(), 0);
    let [error] = plan.errors.as_slice() else { panic!("{:?}", plan.errors) };
    assert!(error.starts_with("aliyun/unrecognised.md: not an API reference page in a known layout"), "{error}");
    for layout in import::page::Layout::ALL {
        assert!(error.contains(layout.describe()), "{error}");
    }
}

/// A committed spec with decisions: a shared shape over the page's inline type, a Rust
/// name, a note, a source URL; and a parameter the page no longer documents.
fn committed(rel: &str) -> (Vec<SourceFile>, PathBuf) {
    let plan = import::plan(&[page(rel)], &[], Some(service_of(rel)));
    let first = &plan.files[0];
    let mut v: serde_yaml::Value = serde_yaml::from_str(&first.text).expect("yaml");
    let params = v["request"]["parameters"].as_sequence_mut().expect("parameters");
    let p = params[0].as_mapping_mut().expect("mapping");
    p.insert("x-rust-name".into(), "renamed_by_a_person".into());
    p.insert("x-note".into(), "Why a person renamed it.".into());
    params.push(serde_yaml::from_str("name: Dropped\ntype: string\n").expect("yaml"));
    v["source"].as_mapping_mut().expect("source").insert("url".into(), "https://example.com/page".into());
    let text = import::yaml::to_string(&v);
    (vec![SourceFile { path: first.path.clone(), text }], first.path.clone())
}

#[test]
fn a_merge_keeps_decisions_and_drops_what_the_page_no_longer_says() {
    for rel in ["aliyun/current.en.md", "jdcloud/current_get.md"] {
        let (specs, path) = committed(rel);
        let plan = import::plan(&[page(rel)], &specs, Some(service_of(rel)));
        let f = plan.files.iter().find(|f| f.path == path).expect("the operation");
        assert_eq!(f.status, Status::Updated, "{rel}");
        assert!(f.text.contains("x-rust-name: renamed_by_a_person\n"), "{rel}: {}", f.text);
        assert!(f.text.contains("x-note: Why a person renamed it.\n"), "{rel}");
        assert!(f.text.contains("url: https://example.com/page\n"), "{rel}");
        assert!(!f.text.contains("name: Dropped"), "{rel}");
        // Importing again changes nothing.
        let again = import::plan(
            &[page(rel)],
            &[SourceFile { path: path.clone(), text: f.text.clone() }],
            Some(service_of(rel)),
        );
        let g = again.files.iter().find(|g| g.path == path).expect("the operation");
        assert_eq!(g.status, Status::Unchanged, "{rel}: {}", g.text);
    }
}

#[test]
fn two_pages_for_one_operation_pick_the_current_template_and_say_so() {
    let current = page("aliyun/current.en.md");
    let mut legacy = current.clone();
    legacy.name = "aliyun/CURRENT.EN.md".into();
    legacy.shown = PathBuf::from("aliyun/CURRENT.EN.md");
    // The same operation in the older template.
    legacy.text =
        legacy.text.replacen("## Request parameters", "## Request parameters {#RequestParameter .section}", 1);
    let plan = import::plan(&[legacy, current], &[], Some("aliyun/ecs"));
    let ops: Vec<_> = plan.files.iter().filter(|f| f.path.starts_with("aliyun/ecs/operations")).collect();
    assert_eq!(ops.len(), 1, "{:?}", plan.files.iter().map(|f| &f.path).collect::<Vec<_>>());
    assert_eq!(ops[0].page, PathBuf::from("aliyun/current.en.md"));
    let note = plan.notes.iter().find(|n| n.contains("two pages document")).expect("a note on the choice");
    assert!(note.contains("using aliyun/current.en.md (the current template), not aliyun/CURRENT.EN.md"), "{note}");
}

#[test]
fn committed_comments_are_reported_before_a_write_drops_them() {
    let (mut specs, path) = committed("aliyun/current.en.md");
    specs[0].text = format!("# A reviewer's comment.\n{}", specs[0].text);
    let plan = import::plan(&[page("aliyun/current.en.md")], &specs, Some("aliyun/ecs"));
    assert!(
        plan.notes.iter().any(|n| n.contains(&format!("{}: has YAML comments", path.display()))),
        "{:?}",
        plan.notes
    );
}
