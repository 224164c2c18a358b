//! Every error a spec author can hit, pinned by snapshot: each names the file, the line and
//! the key path, and none panics.

use sdkgen::load::SourceFile;
use std::path::{Path, PathBuf};

const SERVICE: &str = "\
vendor: aliyun
service: demo
title: Demo
api_version: \"2024-01-01\"
protocol: rpc
feature: aliyun-demo
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
        ("aliyun/demo/service.yaml".to_owned(), SERVICE.to_owned()),
        ("aliyun/demo/operations/DescribeThings.yaml".to_owned(), OPERATION.to_owned()),
        ("aliyun/demo/shapes/Thing.yaml".to_owned(), SHAPE.to_owned()),
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
    errors_of(&tree(edits))
}

fn errors_of(files: &[SourceFile]) -> String {
    match sdkgen::generate_files(files, Path::new("specs")) {
        Ok(_) => panic!("expected spec errors"),
        Err(e) => e.to_string(),
    }
}

/// The tree as a JD Cloud REST service (`jdcloud/demo`), with `edits` applied first.
fn rest_tree(edits: &[(&str, &str)]) -> Vec<SourceFile> {
    let service = SERVICE
        .replace("vendor: aliyun", "vendor: jdcloud")
        .replace("protocol: rpc", "protocol: rest")
        .replace("feature: aliyun-demo", "feature: jdcloud-demo")
        .replace("default: acs3-hmac-sha256", "default: jdcloud2-hmac-sha256")
        .replace("[acs3-hmac-sha256]", "[jdcloud2-hmac-sha256]");
    let mut edits = edits.to_vec();
    edits.insert(0, ("aliyun/demo/service.yaml", &service));
    let mut files = tree(&edits);
    for f in &mut files {
        f.path = PathBuf::from(f.path.to_string_lossy().replacen("aliyun/", "jdcloud/", 1));
    }
    files
}

fn op_with(from: &str, to: &str) -> String {
    assert!(OPERATION.contains(from), "{from}");
    OPERATION.replacen(from, to, 1)
}

fn shape_with(from: &str, to: &str) -> String {
    assert!(SHAPE.contains(from), "{from}");
    SHAPE.replacen(from, to, 1)
}

const OP: &str = "aliyun/demo/operations/DescribeThings.yaml";
const SH: &str = "aliyun/demo/shapes/Thing.yaml";

#[test]
fn the_base_tree_is_valid() {
    let files = sdkgen::generate_files(&tree(&[]), Path::new("specs")).unwrap_or_else(|e| panic!("{e}"));
    assert!(files.iter().any(|f| f.path == Path::new("services/aliyun/demo/describe_things.rs")));
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
    insta::assert_snapshot!(errors(&[("aliyun/demo/shapes/Other.yaml", SHAPE)]));
}

#[test]
fn missing_required_key() {
    insta::assert_snapshot!(errors(&[(OP, &op_with("summary: Lists things.\n", ""))]));
}

#[test]
fn unknown_key() {
    insta::assert_snapshot!(errors(&[(
        SH,
        &shape_with("    type: integer", "    type: integer\n    descripton: typo")
    )]));
}

#[test]
fn names_colliding_after_snake_casing() {
    insta::assert_snapshot!(errors(&[(SH, &shape_with("name: Size", "name: thingId"))]));
}

#[test]
fn setters_colliding_after_snake_casing() {
    insta::assert_snapshot!(errors(&[(
        OP,
        &op_with("    - name: PageNumber", "    - name: Send\n      type: string\n    - name: PageNumber")
    )]));
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
    let service =
        SERVICE.replace("default: acs3-hmac-sha256", "default: hmac-md5").replace("service: demo", "service: Demo");
    insta::assert_snapshot!(errors(&[("aliyun/demo/service.yaml", &service)]));
}

#[test]
fn rest_path_without_parameter() {
    let op = op_with("request:", "http:\n  method: GET\n  path: /v1/regions/{regionId}/things\nrequest:");
    insta::assert_snapshot!(errors_of(&rest_tree(&[(OP, &op)])));
}

#[test]
fn json_sample_that_does_not_parse() {
    let op = format!("{OPERATION}examples:\n  responses:\n    - format: json\n      body: '{{\"Things\": '\n");
    insta::assert_snapshot!(errors(&[(OP, &op)]));
}

#[test]
fn success_status_in_errors() {
    let op = format!("{OPERATION}errors:\n  - status: 200\n    description: OK\n  - status: 400\n    code: Bad\n");
    let text = errors(&[(OP, &op)]);
    assert_eq!(text.lines().count(), 1, "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn repeated_error_rows() {
    // The same status, code and message twice is one error listed twice; the same code with
    // another message is a second error.
    let op = format!(
        "{OPERATION}errors:\n  - status: 400\n    code: Bad\n    message: m\n  - status: 400\n    code: Bad\n    message: other\n  - status: 400\n    code: Bad\n    message: m\n    description: again\n"
    );
    let text = errors(&[(OP, &op)]);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("errors[2]") && text.contains("repeats errors[0]"), "{text}");
}

#[test]
fn unexpected_file() {
    insta::assert_snapshot!(errors(&[("aliyun/demo/notes.yaml", "a: 1\n")]));
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
    let files =
        sdkgen::generate_files(&tree(&[("aliyun/demo/shapes/Self.yaml", shape), (OP, &op)]), Path::new("specs"))
            .unwrap_or_else(|e| panic!("{e}"));
    let shape_file =
        files.iter().find(|f| f.path == Path::new("services/aliyun/demo/types/self_.rs")).expect("types/self_.rs");
    assert!(shape_file.contents.contains("pub struct Self_ {"), "{}", shape_file.contents);
    // Fields are `name: kind(Type) = "wire"` lines of `crate::shape!`, which makes them `pub`.
    assert!(
        shape_file.contents.contains("        r#type: opt(::std::string::String) = \"type\","),
        "{}",
        shape_file.contents
    );
    assert!(
        shape_file.contents.contains("        self_: opt(::std::string::String) = \"Self\","),
        "{}",
        shape_file.contents
    );
    let op_file = files.iter().find(|f| f.path == Path::new("services/aliyun/demo/describe_things.rs")).unwrap();
    // Parameters are lines of `crate::request!`, which writes the setters (`val`: takes a `bool`).
    assert!(
        op_file.contents.contains("        r#type: opt(::std::string::String) = simple \"type\","),
        "{}",
        op_file.contents
    );
    assert!(op_file.contents.contains("        self_: val(bool) = simple \"Self\","), "{}", op_file.contents);
    for f in &files {
        syn::parse_file(f.contents.trim_start_matches(|c| c != '\n'))
            .unwrap_or_else(|e| panic!("{}: {e}", f.path.display()));
    }
}

#[test]
fn unknown_vendor_or_protocol() {
    let acme = SERVICE.replace("vendor: aliyun", "vendor: acme");
    let mut files = tree(&[("aliyun/demo/service.yaml", &acme)]);
    for f in &mut files {
        f.path = PathBuf::from(f.path.to_string_lossy().replacen("aliyun/", "acme/", 1));
    }
    let soap = SERVICE.replace("protocol: rpc", "protocol: soap");
    let rest = SERVICE.replace("protocol: rpc", "protocol: rest");
    insta::assert_snapshot!(format!(
        "{}\n{}\n{}",
        errors_of(&files),
        errors(&[("aliyun/demo/service.yaml", &soap)]),
        errors(&[("aliyun/demo/service.yaml", &rest)])
    ));
}

#[test]
fn signing_algorithms_of_another_protocol() {
    let service = SERVICE.replace(
        "algorithms: [acs3-hmac-sha256]",
        "algorithms: [acs3-hmac-sha256, jdcloud3-hmac-sha256, hmac-md5, acs3-hmac-sha256]",
    );
    let default = SERVICE.replace("default: acs3-hmac-sha256", "default: hmac-sha1");
    insta::assert_snapshot!(format!(
        "{}\n{}",
        errors(&[("aliyun/demo/service.yaml", &service)]),
        errors(&[("aliyun/demo/service.yaml", &default)])
    ));
}

#[test]
fn x_idempotent_without_a_note_or_not_a_boolean() {
    let without_note = op_with("request:", "x-idempotent: true\nrequest:");
    let not_bool = op_with("request:", "x-idempotent: sometimes\nx-note: Only reads.\nrequest:");
    insta::assert_snapshot!(format!("{}\n{}", errors(&[(OP, &without_note)]), errors(&[(OP, &not_bool)])));
}

#[test]
fn x_added_without_a_note() {
    let op = op_with(
        "    - name: PageNumber\n      type: integer",
        "    - name: PageNumber\n      type: integer\n      x-added: true",
    );
    insta::assert_snapshot!(errors(&[(OP, &op)]));
}

#[test]
fn decision_without_a_note() {
    let op = op_with(
        "    - name: PageNumber\n      type: integer",
        "    - name: PageNumber\n      type: integer\n      x-maximum: 100",
    );
    insta::assert_snapshot!(errors(&[(OP, &op)]));
}

#[test]
fn misplaced_idempotency_tokens() {
    let op = op_with(
        "    - name: PageNumber\n      type: integer",
        "    - name: PageNumber\n      type: integer\n      idempotency_token: true\n    - name: ClientToken\n      type: string\n      idempotency_token: true\n    - name: OtherToken\n      type: string\n      idempotency_token: true\n    - name: Tag\n      style: numbered_group\n      members:\n        - name: Key\n          type: string\n          idempotency_token: true",
    );
    let sh = shape_with("    type: integer", "    type: integer\n    idempotency_token: true");
    insta::assert_snapshot!(errors(&[(OP, &op), (SH, &sh)]));
}

#[test]
fn x_sensitive_not_a_boolean() {
    insta::assert_snapshot!(errors(&[(
        SH,
        &shape_with("    type: integer", "    type: integer\n    x-sensitive: yes please")
    )]));
}

#[test]
fn names_empty_after_case_conversion() {
    let shape = "shape: Thing\ntype: string\nenum:\n  - value: \"\"\n  - value: \"*\"\n  - value: Ok\n";
    let op = op_with("items:\n        shape: Thing", "items:\n        type: string")
        .replace("    - name: PageNumber\n      type: integer", "    - name: PageNumber\n      type: integer\n    - name: \"***\"\n      type: string\n    - name: \"-\"\n      style: numbered_group\n      members:\n        - name: Key\n          type: string")
        .replace("    - name: TotalCount", "    - name: \"--\"\n      type: string\n    - name: TotalCount");
    insta::assert_snapshot!(errors(&[(SH, shape), (OP, &op)]));
}

#[test]
fn operation_and_shape_names_of_only_punctuation() {
    let op = OPERATION.replace("operation: DescribeThings", "operation: \"+++\"");
    let shape = "shape: \"~\"\nfields:\n  - name: Id\n    type: string\n";
    insta::assert_snapshot!(errors(&[("aliyun/demo/operations/+++.yaml", &op), ("aliyun/demo/shapes/~.yaml", shape)]));
}

#[test]
fn x_rust_names_that_are_not_identifiers() {
    let shape = "shape: Thing\nfields:\n  - name: ThingId\n    type: string\n    x-rust-name: \"\"\n  - name: Size\n    type: integer\n    x-rust-name: 2nd_size\n  - name: Kind\n    type: string\n    enum:\n      - value: a\n        x-rust-name: \"\"\n      - value: b\n        x-rust-name: lower_case\n      - value: c\n        x-rust-name: \"9Lives\"\n";
    let op = op_with("    - name: PageNumber\n      type: integer", "    - name: PageNumber\n      type: integer\n    - name: Mode\n      type: string\n      x-rust-name: \"mode!\"");
    insta::assert_snapshot!(errors(&[(SH, shape), (OP, &op)]));
}

#[test]
fn setters_that_clash_with_builder_methods() {
    let mut params = String::from("    - name: PageNumber\n      type: integer");
    for name in ["Params", "Handle", "Send", "New", "IntoPaginator", "Builder", "Build"] {
        params.push_str(&format!("\n    - name: {name}\n      type: string"));
    }
    let op = op_with("    - name: PageNumber\n      type: integer", &params);
    insta::assert_snapshot!(errors(&[(OP, &op)]));
}

#[test]
fn wrapper_key_that_is_not_an_identifier() {
    insta::assert_snapshot!(errors(&[(OP, &op_with("wrapper: Thing", "wrapper: Thing-Set"))]));
}

/// Enum values that start with a digit get a prefixed variant; `x-sensitive` and an
/// idempotency token are emitted into the statics and a redacting `Debug`.
#[test]
fn digits_secrets_and_tokens_generate_valid_code() {
    let shape = "shape: Thing\nfields:\n  - name: ThingId\n    type: string\n  - name: Secret\n    type: string\n    x-sensitive: true\n  - name: Speed\n    type: string\n    enum:\n      - value: \"100\"\n      - value: \"1000\"\n";
    let op = op_with(
        "    - name: PageNumber\n      type: integer",
        "    - name: PageNumber\n      type: integer\n    - name: ClientToken\n      type: string\n      idempotency_token: true\n    - name: Password\n      type: string\n      x-sensitive: true\n    - name: Key\n      style: numbered_group\n      members:\n        - name: Name\n          type: string\n        - name: Body\n          type: string\n          x-sensitive: true",
    );
    let files =
        sdkgen::generate_files(&tree(&[(SH, shape), (OP, &op)]), Path::new("specs")).unwrap_or_else(|e| panic!("{e}"));
    for f in &files {
        syn::parse_file(f.contents.trim_start_matches(|c| c != '\n'))
            .unwrap_or_else(|e| panic!("{}: {e}", f.path.display()));
    }
    let speed = files.iter().find(|f| f.path == Path::new("services/aliyun/demo/types/thing_speed.rs")).unwrap();
    assert!(speed.contents.contains("    V100,\n") && speed.contents.contains("    V1000,\n"), "{}", speed.contents);
    let thing = files.iter().find(|f| f.path == Path::new("services/aliyun/demo/types/thing.rs")).unwrap();
    assert!(!thing.contents.contains("derive(::std::fmt::Debug"), "{}", thing.contents);
    assert!(thing.contents.contains(".field(\"secret\", &crate::runtime::Redacted)"), "{}", thing.contents);
    let op = files.iter().find(|f| f.path == Path::new("services/aliyun/demo/describe_things.rs")).unwrap();
    assert!(op.contents.contains(" idempotent false region true token Query(\"ClientToken\");"), "{}", op.contents);
    assert!(op.contents.contains(".field(\"password\", &crate::runtime::Redacted)"), "{}", op.contents);
    // The group's struct redacts its own secret member.
    let key = files.iter().find(|f| f.path == Path::new("services/aliyun/demo/types/describe_things_key.rs")).unwrap();
    assert!(key.contents.contains(".field(\"body\", &crate::runtime::Redacted)"), "{}", key.contents);
    // The output has no secret: it keeps the derive.
    assert!(
        op.contents.contains("#[derive(\n    ::std::fmt::Debug,") || op.contents.contains("#[derive(::std::fmt::Debug"),
        "{}",
        op.contents
    );
}

/// A REST output with a secret: the output and its hidden `...Result` both redact it.
#[test]
fn rest_outputs_with_secrets_redact_them() {
    let op = op_with("request:", "http:\n  method: GET\n  path: /v1/regions/{regionId}/things\nrequest:")
        .replace("    - name: RegionId\n      type: string", "    - name: regionId\n      in: path\n      type: string")
        .replace("    - name: TotalCount\n      type: integer", "    - name: TotalCount\n      type: integer\n    - name: password\n      type: string\n      x-sensitive: true");
    let files = sdkgen::generate_files(&rest_tree(&[(OP, &op)]), Path::new("specs")).unwrap_or_else(|e| panic!("{e}"));
    let op = files.iter().find(|f| f.path == Path::new("services/jdcloud/demo/describe_things.rs")).unwrap();
    syn::parse_file(op.contents.trim_start_matches(|c| c != '\n')).unwrap();
    assert!(op.contents.contains(" idempotent true "), "{}", op.contents);
    for ty in ["DescribeThingsOutput", "DescribeThingsResult"] {
        assert!(op.contents.contains(&format!("impl ::std::fmt::Debug for {ty} {{")), "{ty}: {}", op.contents);
    }
    assert!(op.contents.contains(".field(\"request_id\", &self.request_id)"), "{}", op.contents);
    assert_eq!(op.contents.matches(".field(\"password\", &crate::runtime::Redacted)").count(), 2, "{}", op.contents);
    assert!(
        op.contents.contains("crate::runtime::protocol::jdcloud_rest::Envelope<DescribeThingsResult>"),
        "{}",
        op.contents
    );
}

/// The last parameter of the base operation (`PageNumber`) followed by `extra` parameters.
fn with_params(extra: &str) -> String {
    op_with(
        "    - name: PageNumber\n      type: integer",
        &format!("    - name: PageNumber\n      type: integer\n{extra}"),
    )
}

#[test]
fn objects_lists_of_objects_and_maps_misused() {
    let op = with_params(
        "    - name: SystemDisk
      type: object
      style: dotted
    - name: Both
      type: object
      style: dotted
      members: [{name: Size, type: integer}]
      additionalProperties: {type: string}
    - name: Loose
      type: string
      members: [{name: Size, type: integer}]
    - name: NotAMap
      type: string
      additionalProperties: {type: string}
    - name: DataDisk
      type: array
      style: numbered
      items:
        type: object
    - name: Nested
      type: object
      style: dotted
      members:
        - name: Size
          in: query
          style: comma
          type: integer
        - name: Size
          type: integer",
    );
    insta::assert_snapshot!(errors(&[(OP, &op)]));
}

#[test]
fn styles_that_do_not_fit_their_type() {
    let op = with_params(
        "    - name: Dotted
      type: string
      style: dotted
    - name: Numbered
      type: object
      style: numbered
      members: [{name: Size, type: integer}]
    - name: Json
      type: integer
      style: json
    - name: NoStyle
      type: object
      members: [{name: Size, type: integer}]
    - name: ListWithoutStyle
      type: array
      items: {type: string}
    - name: StructShape
      shape: Thing",
    );
    insta::assert_snapshot!(errors(&[(OP, &op)]));
}

#[test]
fn body_and_header_parameters_on_rpc_and_rest() {
    let rpc = with_params("    - name: Spec\n      in: body\n      shape: Thing\n    - name: X-Trace\n      in: header\n      type: string");
    insta::assert_snapshot!("body_and_header_on_rpc", errors(&[(OP, &rpc)]));
    let rest = op_with(
        "request:\n  parameters:\n    - name: RegionId\n      type: string",
        "http:\n  method: POST\n  path: /v1/regions/{RegionId}/things\nrequest:\n  parameters:\n    - name: RegionId\n      in: path\n      type: string",
    )
    .replace(
        "    - name: PageNumber\n      type: integer\n",
        "    - name: PageNumber\n      type: integer\n    - name: spec\n      in: body\n      style: dotted\n      shape: Thing\n    - name: trace\n      in: header\n      type: array\n      items: {type: string}\n",
    );
    insta::assert_snapshot!("body_and_header_on_rest", errors_of(&rest_tree(&[(OP, &rest)])));
}

#[test]
fn token_pagination_misused() {
    let paging =
        "pagination:\n  page_number: PageNumber\n  page_size: PageSize\n  total_count: TotalCount\n  items: Things\n";
    let missing =
        OPERATION.replace(paging, "pagination:\n  style: token\n  page_number: PageNumber\n  items: Things\n");
    insta::assert_snapshot!("token_pagination_missing_keys", errors(&[(OP, &missing)]));
    let wrong = OPERATION.replace(
        paging,
        "pagination:\n  style: token\n  token: PageSize\n  next_token: TotalCount\n  max_results: RegionId\n  items: Things\n",
    );
    insta::assert_snapshot!("token_pagination_wrong_types", errors(&[(OP, &wrong)]));
    let page = OPERATION
        .replace(paging, "pagination:\n  page_number: PageNumber\n  next_token: TotalCount\n  items: Things\n");
    insta::assert_snapshot!("page_pagination_with_token_keys", errors(&[(OP, &page)]));
}

/// Request objects at any depth generate code that parses: inline objects, lists of them,
/// nested lists, maps, required members, and a body of a named shape.
#[test]
fn request_objects_generate_valid_code() {
    let op = with_params(
        "    - name: SystemDisk
      type: object
      style: dotted
      members:
        - name: Size
          type: integer
          required: true
        - name: Category
          type: string
          enum: [{value: cloud_essd}, {value: cloud}]
    - name: DataDisk
      type: array
      style: numbered
      items:
        type: object
        members:
          - name: Category
            type: string
            enum: [{value: cloud_essd}, {value: cloud}]
          - name: Tags
            type: array
            items: {type: string}
    - name: Parameters
      type: object
      style: json
      additionalProperties: {type: string}
    - name: Affinity
      type: string
      enum: [{value: default}, {value: host}]
    - name: Tenancy
      type: string
      enum: [{value: default}, {value: host}]",
    );
    let files = sdkgen::generate_files(&tree(&[(OP, &op)]), Path::new("specs")).unwrap_or_else(|e| panic!("{e}"));
    for f in &files {
        syn::parse_file(f.contents.trim_start_matches(|c| c != '\n'))
            .unwrap_or_else(|e| panic!("{}: {e}", f.path.display()));
    }
    let op = files.iter().find(|f| f.path == Path::new("services/aliyun/demo/describe_things.rs")).unwrap();
    assert!(op.contents.contains("\"SystemDisk.Size\""), "the nested required member is checked: {}", op.contents);
    assert!(op.contents.contains(" = flat \"DataDisk\","), "{}", op.contents);
    assert!(op.contents.contains("parameters: jmap(::std::string::String) = json \"Parameters\","), "{}", op.contents);
    // The two identical inline enums are one type, named by the words they share.
    let names: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
    assert!(names.iter().any(|n| n.ends_with("types/disk_category.rs")), "{names:?}");
    assert!(!names.iter().any(|n| n.ends_with("_disk_category.rs")), "{names:?}");
    // The same values under different names are different things.
    assert!(names.iter().any(|n| n.ends_with("types/describe_things_affinity.rs")), "{names:?}");
    assert!(names.iter().any(|n| n.ends_with("types/describe_things_tenancy.rs")), "{names:?}");
    let disk = files.iter().find(|f| f.path.ends_with("types/describe_things_system_disk.rs")).unwrap();
    assert!(disk.contents.contains("pub fn builder() -> Self"), "{}", disk.contents);
}
