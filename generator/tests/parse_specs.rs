//! Temporary smoke test: every spec file parses into the spec structs.
use std::path::Path;

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() { walk(&p, out) } else if p.extension().is_some_and(|e| e == "yaml") { out.push(p) }
    }
}

#[test]
fn all_specs_parse() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut errors = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let parent = f.parent().unwrap().file_name().unwrap().to_str().unwrap();
        let r: Result<(), String> = match (f.file_name().unwrap().to_str().unwrap(), parent) {
            ("service.yaml", _) => serde_path_to_error::deserialize::<_, sdkgen::spec::ServiceFile>(serde_yaml::Deserializer::from_str(&text)).map(|_| ()).map_err(|e| e.to_string()),
            (_, "operations") => serde_path_to_error::deserialize::<_, sdkgen::spec::OperationFile>(serde_yaml::Deserializer::from_str(&text)).map(|_| ()).map_err(|e| e.to_string()),
            (_, "shapes") => serde_path_to_error::deserialize::<_, sdkgen::spec::ShapeFile>(serde_yaml::Deserializer::from_str(&text)).map(|_| ()).map_err(|e| e.to_string()),
            _ => Ok(()),
        };
        if let Err(e) = r { errors.push(format!("{}: {e}", f.display())); }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
