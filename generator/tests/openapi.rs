//! The OpenAPI documents describe every operation, parameter and field of the specs, and
//! the RPC and REST particulars in their `x-` extensions. (tests/openapi/validate.sh runs an
//! independent validator and linter on the committed documents; `cargo xtask check` keeps
//! them up to date.)

use sdkgen::ir::{Field, ParamKind, ShapeKind};
use serde_json::Value;
use std::path::Path;

fn ir() -> sdkgen::ir::Ir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let files = sdkgen::load::read_dir(&root).unwrap();
    sdkgen::lower_files(&files, Path::new("specs")).unwrap()
}

fn has_fields(schema: &Value, fields: &[Field], at: &str) {
    for f in fields {
        let prop = &schema["properties"][&f.wire];
        assert!(prop.is_object(), "{at}: field {} missing", f.wire);
        if let Some(w) = &f.wrapper {
            assert_eq!(prop["x-wrapper"], w.as_str(), "{at}.{}", f.wire);
            assert_eq!(prop["properties"][w]["type"], "array", "{at}.{}", f.wire);
        }
        if f.sensitive {
            assert_eq!(prop["x-sensitive"], true, "{at}.{}", f.wire);
        }
    }
}

#[test]
fn every_operation_parameter_and_field_is_described() {
    for s in &ir().services {
        let doc = sdkgen::openapi::service(s);
        assert_eq!(doc["openapi"], "3.1.0");
        let ops: Vec<&Value> =
            doc["paths"].as_object().unwrap().values().flat_map(|p| p.as_object().unwrap().values()).collect();
        assert_eq!(ops.len(), s.operations.len(), "{}", s.identity());
        for op in &s.operations {
            let o = ops.iter().find(|o| o["operationId"] == op.name.as_str()).expect(&op.name);
            let names: Vec<&str> =
                o["parameters"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
            let body_props = &o["requestBody"]["content"]["application/json"]["schema"]["properties"];
            for p in &op.params {
                match (p.location, &p.kind) {
                    (sdkgen::ir::Location::Body, _) => {
                        assert!(body_props.get(&p.wire).is_some(), "{}: body member {} missing", op.name, p.wire)
                    }
                    (_, ParamKind::Numbered(_)) => {
                        let name = if p.identity().contains(',') { p.identity() } else { format!("{}.N", p.wire) };
                        assert!(names.contains(&name.as_str()), "{}: parameter {name} missing", op.name);
                    }
                    _ => assert!(names.contains(&p.wire.as_str()), "{}: parameter {} missing", op.name, p.wire),
                }
            }
            if !s.protocol.is_rest() {
                assert_eq!(o["x-rpc-action"]["action"], op.name.as_str());
                assert!(names.contains(&"Action") && names.contains(&"Version"));
            }
            assert_eq!(o["x-idempotent"], op.idempotent, "{}", op.name);
            let body = &o["responses"]["200"]["content"]["application/json"]["schema"];
            let body = if s.protocol.is_rest() { &body["properties"]["result"] } else { body };
            has_fields(body, &op.fields, &op.name);
            for e in &op.errors {
                let r = &o["responses"][e.status.to_string()];
                let codes = r["x-error-codes"].as_array().unwrap_or_else(|| panic!("{}: {}", op.name, e.status));
                assert!(codes.iter().any(|c| c["code"] == serde_json::json!(e.code)), "{}: {}", op.name, e.identity());
                if e.status >= 400 {
                    let schema = &r["content"]["application/json"]["schema"]["$ref"];
                    assert_eq!(schema, "#/components/schemas/ErrorBody", "{}: {}", op.name, e.status);
                }
            }
            // Whatever the page documents, any call can be refused or fail.
            for range in ["4XX", "5XX"] {
                assert_eq!(o["responses"][range]["$ref"], "#/components/responses/Error", "{}: {range}", op.name);
            }
        }
        let schemas = &doc["components"]["schemas"];
        let error = &doc["components"]["responses"]["Error"]["content"]["application/json"]["schema"]["$ref"];
        assert_eq!(error, "#/components/schemas/ErrorBody");
        let code = if s.protocol.is_rest() { "error" } else { "Code" };
        assert_eq!(schemas["ErrorBody"]["required"], serde_json::json!([code]), "{}", s.identity());
        for shape in &s.shapes {
            let schema = &schemas[&shape.name];
            match &shape.kind {
                ShapeKind::Struct(fields) => has_fields(schema, fields, &shape.name),
                ShapeKind::Enum(values) => {
                    let listed: Vec<&str> =
                        schema["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
                    assert_eq!(listed, values.iter().map(|v| v.wire.as_str()).collect::<Vec<_>>(), "{}", shape.name);
                }
            }
        }
        for signer in &s.signing_algorithms {
            assert_eq!(
                doc["components"]["securitySchemes"][signer.spec_name()]["x-signing-algorithm"],
                signer.spec_name()
            );
        }
    }
}

#[test]
fn documents_are_stable_and_named_per_service() {
    let ir = ir();
    let a = sdkgen::openapi::documents(&ir);
    assert_eq!(a, sdkgen::openapi::documents(&ir));
    let names: Vec<String> = a.iter().map(|d| d.path.display().to_string()).collect();
    assert_eq!(names, ["aliyun-ecs.json", "jdcloud-vm.json"]);
}
