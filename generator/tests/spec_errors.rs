//! Every error a spec author can hit, pinned by snapshot: each names the file, the line and
//! the key path, and none panics.

use sdkgen::load::SourceFile;
use std::path::{Path, PathBuf};

const SERVICE: &str = "\
vendor: acme
service: demo
product: Demo
title: Acme Demo
api_version: \"2024-01-01\"
protocol: rpc
feature: acme-demo
region_parameter: RegionId
endpoints:
  pattern: demo.{region}.acme.test
signing:
  name: demo
  default: acs3-hmac-sha256
  algorithms: [acs3-hmac-sha256]
";

const OPERATION: &str = "\
operation: DescribeThings
source:
  page: acme-DescribeThings.md
  language: en
summary: Lists things.
request:
  parameters:
    - name: RegionId
      type: string
      required: true
    - name: PageSize
      type: integer
      maximum: 100
    - name: PageNumber
      type: integer
response:
  fields:
    - name: Things
      type: array
      wrapper: Thing
      items:
        shape: Thing
    - name: TotalCount
      type: integer
pagination:
  page_number: PageNumber
  page_size: PageSize
  total_count: TotalCount
  items: Things
";

const SHAPE: &str = "\
shape: Thing
fields:
  - name: ThingId
    type: string
  - name: Size
    type: integer
";

fn tree(edits: &[(&str, &str)]) -> Vec<SourceFile> {
    let mut files = vec![
        ("acme/demo/service.yaml".to_owned(), SERVICE.to_owned()),
        ("acme/demo/operations/DescribeThings.yaml".to_owned(), OPERATION.to_owned()),
        ("acme/demo/shapes/Thing.yaml".to_owned(), SHAPE.to_owned()),
    ];
    for (path, text) in edits {
        match files.iter_mut().find(|(p, _)| p == path) {
            Some(f) => f.1 = (*text).to_owned(),
            None => files.push(((*path).to_owned(), (*text).to_owned())),
        }
    }
    files.into_iter().map(|(path, text)| SourceFile { path: PathBuf::from(path), text }).collect()
}

fn errors(edits: &[(&str, &str)]) -> String {
    match sdkgen::generate_files(&tree(edits), Path::new("specs")) {
        Ok(_) => panic!("expected spec errors"),
        Err(e) => e.to_string(),
    }
}

fn op_with(from: &str, to: &str) -> String {
    assert!(OPERATION.contains(from), "{from}");
    OPERATION.replacen(from, to, 1)
}

fn shape_with(from: &str, to: &str) -> String {
    assert!(SHAPE.contains(from), "{from}");
    SHAPE.replacen(from, to, 1)
}

const OP: &str = "acme/demo/operations/DescribeThings.yaml";
const SH: &str = "acme/demo/shapes/Thing.yaml";

#[test]
fn the_base_tree_is_valid() {
    let files = sdkgen::generate_files(&tree(&[]), Path::new("specs")).unwrap_or_else(|e| panic!("{e}"));
    assert!(files.iter().any(|f| f.path == Path::new("services/acme/demo/describe_things.rs")));
}

#[test]
fn malformed_yaml() {
    insta::assert_snapshot!(errors(&[(OP, &op_with("  parameters:\n", "  parameters: [\n"))]));
}

#[test]
fn unknown_type() {
    insta::assert_snapshot!(errors(&[(OP, &op_with("type: integer\n      maximum", "type: integr\n      maximum"))]));
}

#[test]
fn unknown_shape_reference() {
    insta::assert_snapshot!(errors(&[(OP, &op_with("shape: Thing", "shape: Thingy"))]));
}

#[test]
fn duplicate_parameter() {
    insta::assert_snapshot!(errors(&[(OP, &op_with("    - name: PageNumber", "    - name: PageSize"))]));
}

#[test]
fn duplicate_field() {
    insta::assert_snapshot!(errors(&[(SH, &shape_with("name: Size", "name: ThingId"))]));
}

#[test]
fn duplicate_shape_file_name_mismatch() {
    insta::assert_snapshot!(errors(&[("acme/demo/shapes/Other.yaml", SHAPE)]));
}

#[test]
fn missing_required_key() {
    insta::assert_snapshot!(errors(&[(OP, &op_with("summary: Lists things.\n", ""))]));
}

#[test]
fn unknown_key() {
    insta::assert_snapshot!(errors(&[(SH, &shape_with("    type: integer", "    type: integer\n    descripton: typo"))]));
}

#[test]
fn names_colliding_after_snake_casing() {
    insta::assert_snapshot!(errors(&[(SH, &shape_with("name: Size", "name: thingId"))]));
}

#[test]
fn setters_colliding_after_snake_casing() {
    insta::assert_snapshot!(errors(&[(OP, &op_with("    - name: PageNumber", "    - name: Send\n      type: string\n    - name: PageNumber"))]));
}

#[test]
fn enum_values_colliding() {
    let shape = "shape: Thing\ntype: string\nenum:\n  - value: Creating\n  - value: creating\n  - value: Unknown\n";
    let op = op_with("items:\n        shape: Thing", "items:\n        type: string");
    insta::assert_snapshot!(errors(&[(SH, shape), (OP, &op)]));
}

#[test]
fn wrong_style_and_format() {
    let op = op_with(
        "    - name: PageNumber\n      type: integer",
        "    - name: PageNumber\n      type: integer\n      format: double\n    - name: Ids\n      type: string\n      style: json",
    );
    insta::assert_snapshot!(errors(&[(OP, &op)]));
}

#[test]
fn inline_object_and_bad_pagination() {
    let op = op_with("    - name: TotalCount\n      type: integer", "    - name: Total\n      type: object");
    insta::assert_snapshot!(errors(&[(OP, &op)]));
}

#[test]
fn bad_service_file() {
    let service = SERVICE.replace("default: acs3-hmac-sha256", "default: hmac-md5").replace("vendor: acme", "vendor: Acme");
    insta::assert_snapshot!(errors(&[("acme/demo/service.yaml", &service)]));
}

#[test]
fn rest_path_without_parameter() {
    let service = SERVICE.replace("protocol: rpc", "protocol: rest");
    let op = op_with("request:", "http:\n  method: GET\n  path: /v1/regions/{regionId}/things\nrequest:");
    insta::assert_snapshot!(errors(&[("acme/demo/service.yaml", &service), (OP, &op)]));
}

#[test]
fn json_sample_that_does_not_parse() {
    let op = format!("{OPERATION}examples:\n  responses:\n    - format: json\n      body: '{{\"Things\": '\n");
    insta::assert_snapshot!(errors(&[(OP, &op)]));
}

#[test]
fn unexpected_file() {
    insta::assert_snapshot!(errors(&[("acme/demo/notes.yaml", "a: 1\n")]));
}

#[test]
fn every_error_is_reported_at_once() {
    let op = op_with("shape: Thing", "shape: Thingy");
    let sh = shape_with("type: integer", "type: integr");
    let text = errors(&[(OP, &op), (SH, &sh)]);
    assert_eq!(text.lines().count(), 2, "{text}");
}

/// Wire names that are Rust keywords or collide with `Self` generate valid code.
#[test]
fn keyword_names_generate_valid_code() {
    let shape = "shape: Self\nfields:\n  - name: type\n    type: string\n  - name: Self\n    type: string\n  - name: Type2\n    type: integer\n";
    let op = op_with("items:\n        shape: Thing", "items:\n        shape: Self")
        .replace("    - name: PageNumber\n      type: integer", "    - name: PageNumber\n      type: integer\n    - name: type\n      type: string\n    - name: Self\n      type: boolean");
    let files = sdkgen::generate_files(&tree(&[("acme/demo/shapes/Self.yaml", shape), (OP, &op)]), Path::new("specs"))
        .unwrap_or_else(|e| panic!("{e}"));
    let shape_file = files.iter().find(|f| f.path == Path::new("services/acme/demo/types/self_.rs")).expect("types/self_.rs");
    assert!(shape_file.contents.contains("pub struct Self_ {"), "{}", shape_file.contents);
    assert!(shape_file.contents.contains("pub r#type: ::std::option::Option<::std::string::String>"));
    assert!(shape_file.contents.contains("pub self_: ::std::option::Option<::std::string::String>"));
    let op_file = files.iter().find(|f| f.path == Path::new("services/acme/demo/describe_things.rs")).unwrap();
    assert!(op_file.contents.contains("pub fn r#type("));
    assert!(op_file.contents.contains("pub fn self_(mut self, value: bool)"));
    for f in &files {
        syn::parse_file(f.contents.trim_start_matches(|c| c != '\n')).unwrap_or_else(|e| panic!("{}: {e}", f.path.display()));
    }
}
