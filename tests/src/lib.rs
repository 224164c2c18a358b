//! Test support for the generated SDK: the documented samples read from the specs, a
//! spec-driven mock server (see `mock`), and a misbehaving server for the fault suite (see
//! `faults`).

use std::path::{Path, PathBuf};

pub mod faults;
pub mod mock;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The IR of every spec of the workspace; panics when the specs are unreadable or invalid.
pub fn specs() -> sdkgen::ir::Ir {
    try_specs().unwrap_or_else(|e| panic!("{e}"))
}

/// The IR of every spec of the workspace, or why it cannot be made.
pub fn try_specs() -> Result<sdkgen::ir::Ir, String> {
    let dir = workspace_root().join("specs");
    let files = sdkgen::load::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    sdkgen::lower_files(&files, Path::new("specs")).map_err(|e| e.to_string())
}

/// The documented JSON sample responses of an operation, by its documented name.
pub fn json_samples(operation: &str) -> Vec<serde_json::Value> {
    let ir = specs();
    let op = ir
        .services
        .iter()
        .flat_map(|s| &s.operations)
        .find(|o| o.name == operation)
        .unwrap_or_else(|| panic!("no operation {operation}"));
    op.json_samples.iter().map(|s| serde_json::from_str(s).expect("samples are validated JSON")).collect()
}

/// JSON made comparable: `null`, empty arrays and empty objects are dropped (absent and
/// empty mean the same to the SDK), and every number becomes a float.
pub fn normalize(v: &serde_json::Value) -> Option<serde_json::Value> {
    use serde_json::Value;
    match v {
        Value::Null => None,
        Value::Number(n) => n.as_f64().and_then(serde_json::Number::from_f64).map(Value::Number),
        Value::Array(items) => {
            let items: Vec<Value> = items.iter().filter_map(normalize).collect();
            (!items.is_empty()).then_some(Value::Array(items))
        }
        Value::Object(map) => {
            let map: serde_json::Map<String, Value> =
                map.iter().filter_map(|(k, v)| normalize(v).map(|v| (k.clone(), v))).collect();
            (!map.is_empty()).then_some(Value::Object(map))
        }
        other => Some(other.clone()),
    }
}
