//! Snapshots of the IR, one per service: exactly what the emitters read, so a change in
//! lowering shows in review before it shows in the generated code.

use std::path::Path;

fn ir() -> sdkgen::ir::Ir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let files = sdkgen::load::read_dir(&root).unwrap_or_else(|e| panic!("{e}"));
    sdkgen::lower_files(&files, Path::new("specs")).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn ir_per_service() {
    for service in ir().services {
        let name = service.identity().replace('/', "__");
        insta::assert_json_snapshot!(name, service);
    }
}

#[test]
fn identities_are_unique_in_their_parent() {
    fn unique(what: &str, ids: Vec<String>) {
        let mut seen = std::collections::BTreeSet::new();
        for id in ids {
            assert!(seen.insert(id.clone()), "duplicate {what} identity {id}");
        }
    }
    let ir = ir();
    unique("service", ir.services.iter().map(|s| s.identity()).collect());
    for s in &ir.services {
        unique("operation", s.operations.iter().map(|o| o.identity()).collect());
        unique("shape", s.shapes.iter().map(|x| x.identity()).collect());
        for o in &s.operations {
            unique("parameter", o.params.iter().map(|p| p.identity()).collect());
            unique("field", o.fields.iter().map(|f| f.identity()).collect());
            unique("error", o.errors.iter().map(|e| e.identity()).collect());
        }
        for shape in &s.shapes {
            match &shape.kind {
                sdkgen::ir::ShapeKind::Struct(fields) => unique("field", fields.iter().map(|f| f.identity()).collect()),
                sdkgen::ir::ShapeKind::Enum(vs) => unique("value", vs.iter().map(|v| v.identity()).collect()),
            }
        }
    }
    let ecs = &ir.services[0];
    assert_eq!(ecs.identity(), "aliyun/ecs");
    let images = ecs.operations.iter().find(|o| o.identity() == "DescribeImages").unwrap();
    let tag = images.params.iter().find(|p| p.wire == "Tag" && p.rust == "tags").unwrap();
    assert_eq!(tag.identity(), "Tag.N.Key,Tag.N.Value");
    assert!(ecs.shapes.iter().any(|s| s.identity() == "ImageOSType"));
}
