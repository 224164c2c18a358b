//! The verdict rules, proven on fixture pairs: `tests/diff_fixtures/<kind>/{before,after}/`
//! differ by one change of that kind (written by `make_fixtures.py`). Each pair must give
//! that change with the verdict `Kind::verdict` states, and nothing else but documentation;
//! both output formats are snapshotted. A reformatted spec tree must give no change at all.

use sdkgen::diff::{self, Kind, Verdict};
use std::path::Path;

fn lower(dir: &Path) -> sdkgen::ir::Ir {
    let files = sdkgen::load::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    sdkgen::lower_files(&files, Path::new("specs")).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

fn name_of(kind: Kind) -> String {
    serde_json::to_value(kind).unwrap().as_str().unwrap().to_owned()
}

/// The verdict each fixture pair must get; written out here so that a change to
/// `Kind::verdict` has to change this table too.
const EXPECTED: &[(&str, Verdict)] = &[
    ("deprecation_changed", Verdict::Compatible),
    ("description_changed", Verdict::Documentation),
    ("enum_value_added", Verdict::Compatible),
    ("enum_value_removed", Verdict::Breaking),
    ("enum_value_renamed", Verdict::Breaking),
    ("error_added", Verdict::Compatible),
    ("error_removed", Verdict::Compatible),
    ("feature_renamed", Verdict::Breaking),
    ("field_added", Verdict::Compatible),
    ("field_removed", Verdict::Breaking),
    ("field_renamed", Verdict::Breaking),
    ("field_retyped", Verdict::Breaking),
    ("field_wire_renamed", Verdict::Compatible),
    ("operation_added", Verdict::Compatible),
    ("operation_removed", Verdict::Breaking),
    ("operation_setting_changed", Verdict::Compatible),
    ("optional_parameter_added", Verdict::Compatible),
    ("pagination_added", Verdict::Compatible),
    ("pagination_item_changed", Verdict::Breaking),
    ("pagination_removed", Verdict::Breaking),
    ("pagination_wire_changed", Verdict::Compatible),
    ("parameter_location_changed", Verdict::Compatible),
    ("parameter_made_optional", Verdict::Compatible),
    ("parameter_made_required", Verdict::Breaking),
    ("parameter_removed", Verdict::Breaking),
    ("parameter_renamed", Verdict::Breaking),
    ("parameter_retyped", Verdict::Breaking),
    ("parameter_style_changed", Verdict::Breaking),
    ("parameter_style_widened", Verdict::Compatible),
    ("parameter_wire_renamed", Verdict::Compatible),
    ("required_parameter_added", Verdict::Breaking),
    ("sensitivity_changed", Verdict::Compatible),
    ("service_added", Verdict::Compatible),
    ("service_removed", Verdict::Breaking),
    ("service_setting_changed", Verdict::Compatible),
    ("shape_added", Verdict::Compatible),
    ("shape_kind_changed", Verdict::Breaking),
    ("shape_removed", Verdict::Breaking),
    ("wrapper_changed", Verdict::Compatible),
];

#[test]
fn every_rule_on_its_fixture_pair() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff_fixtures");
    let mut rules: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    rules.sort();
    let listed: Vec<&str> = EXPECTED.iter().map(|(r, _)| *r).collect();
    assert_eq!(rules, listed, "every fixture pair has an expected verdict, and every verdict a pair");
    for (rule, verdict) in EXPECTED {
        let before = lower(&root.join(rule).join("before"));
        let after = lower(&root.join(rule).join("after"));
        let report = diff::diff(&before, &after);
        let hits: Vec<_> = report.changes.iter().filter(|c| name_of(c.kind) == *rule).collect();
        assert_eq!(hits.len(), 1, "{rule}: one change of that kind, got {:#?}", report.changes);
        let kind = hits[0].kind;
        assert_eq!(kind.verdict(), *verdict, "{rule}: Kind::verdict");
        assert_eq!(hits[0].verdict, *verdict, "{rule}");
        // Anything else the one change brings along is never more severe than it.
        for other in report.changes.iter().filter(|c| c.kind != kind) {
            assert!(other.verdict >= *verdict, "{rule}: unexpected {other:#?}");
        }
        assert_eq!(report.has_breaking(), *verdict == Verdict::Breaking, "{rule}");
        assert!(hits[0].rust_item.contains("::demo"), "{rule}: {}", hits[0].rust_item);
        insta::assert_snapshot!(format!("{rule}__markdown"), diff::markdown(&report, "base"));
        insta::assert_snapshot!(format!("{rule}__json"), diff::json(&report, "base"));
        // The reverse direction never panics and pairs the same elements.
        let _ = diff::diff(&after, &before);
    }
}

#[test]
fn no_change_between_identical_trees() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let ir = lower(&root);
    let report = diff::diff(&ir, &ir);
    assert!(report.changes.is_empty());
    insta::assert_snapshot!(diff::markdown(&report, "main"), @r"
    ## API changes against `main`: 0 breaking, 0 compatible, 0 documentation only

    No change to the API.
    ");
}

/// Rewrites YAML as JSON (also YAML) with every mapping's keys in reverse order.
fn reformat(text: &str) -> String {
    fn rev(v: serde_yaml::Value) -> serde_json::Value {
        match v {
            serde_yaml::Value::Mapping(m) => {
                let mut pairs: Vec<(String, serde_json::Value)> = m
                    .into_iter()
                    .map(|(k, v)| (k.as_str().map(str::to_owned).unwrap_or_else(|| format!("{k:?}")), rev(v)))
                    .collect();
                pairs.reverse();
                serde_json::Value::Object(pairs.into_iter().collect())
            }
            serde_yaml::Value::Sequence(s) => serde_json::Value::Array(s.into_iter().map(rev).collect()),
            other => serde_json::to_value(other).unwrap(),
        }
    }
    let value: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
    serde_json::to_string_pretty(&rev(value)).unwrap()
}

#[test]
fn a_pure_reformat_of_every_spec_is_no_change() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let files = sdkgen::load::read_dir(&root).unwrap();
    let reformatted: Vec<sdkgen::load::SourceFile> =
        files.iter().map(|f| sdkgen::load::SourceFile { path: f.path.clone(), text: reformat(&f.text) }).collect();
    assert!(files.iter().zip(&reformatted).all(|(a, b)| a.text != b.text));
    let label = Path::new("specs");
    let before = sdkgen::lower_files(&files, label).unwrap();
    let after = sdkgen::lower_files(&reformatted, label).unwrap_or_else(|e| panic!("{e}"));
    let report = diff::diff(&before, &after);
    assert!(report.changes.is_empty(), "{}", diff::markdown(&report, "reformat"));
    assert_eq!(before, after, "the IR itself is equal");
}

#[test]
fn markdown_of_a_real_change_set() {
    // Several changes at once, across operations and types, grouped and sorted.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff_fixtures");
    let before = lower(&root.join("operation_removed/after"));
    let after = lower(&root.join("operation_removed/before"));
    let mut report = diff::diff(&before, &after);
    let more = diff::diff(&lower(&root.join("field_retyped/before")), &lower(&root.join("field_retyped/after")));
    report.changes.extend(more.changes);
    assert_eq!(report.count(Verdict::Breaking), 1);
    assert_eq!(report.count(Verdict::Compatible), 1);
    insta::assert_snapshot!(diff::markdown(&report, "main"));
}
