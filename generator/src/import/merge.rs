//! Merging an imported spec into the committed one: every documented key comes from the
//! page, every decision stays.
//!
//! A key the importer writes ([`DOCUMENTED`]) is taken from the import, and dropped when the
//! page no longer says it; every other key (`x-` decisions, `source.url`) is kept as the
//! person wrote it. Lists of elements are paired by identity — `name` for parameters, fields
//! and members, `value` for enum values — and follow the page's order; an element the page
//! no longer documents is gone. Keys keep the committed file's order; a new key goes after
//! the key it follows in the import.

use serde_yaml::{Mapping, Value};

/// The keys the importer writes: the page's facts.
pub const DOCUMENTED: [&str; 47] = [
    "operation",
    "source",
    "page",
    "language",
    "summary",
    "description",
    "http",
    "method",
    "path",
    "request",
    "parameters",
    "response",
    "fields",
    "pagination",
    "errors",
    "examples",
    "responses",
    "name",
    "in",
    "style",
    "type",
    "format",
    "shape",
    "items",
    "additionalProperties",
    "wrapper",
    "required",
    "members",
    "default",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "maxItems",
    "idempotency_token",
    "deprecated",
    "example",
    "enum",
    "value",
    "status",
    "code",
    "message",
    "body",
    "page_number",
    "page_size",
    "total_count",
    "token",
];

/// Keys of `pagination` besides those above.
const PAGING: [&str; 2] = ["next_token", "max_results"];

fn documented(key: &str) -> bool {
    DOCUMENTED.contains(&key) || PAGING.contains(&key)
}

/// `existing` refreshed from `imported`.
pub fn merge(existing: &Value, imported: &Value) -> Value {
    merge_at(existing, imported, "")
}

fn merge_at(existing: &Value, imported: &Value, key: &str) -> Value {
    match (existing, imported) {
        (Value::Mapping(e), Value::Mapping(i)) if key != "examples" && key != "pagination" => {
            Value::Mapping(merge_mapping(e, i))
        }
        (Value::Sequence(e), Value::Sequence(i)) if matches!(key, "parameters" | "fields" | "members" | "enum") => {
            Value::Sequence(merge_list(e, i))
        }
        _ => imported.clone(),
    }
}

fn merge_mapping(existing: &Mapping, imported: &Mapping) -> Mapping {
    let mut out = Mapping::new();
    for (k, v) in existing {
        let name = k.as_str().unwrap_or("");
        match imported.get(k) {
            Some(iv) if !name.starts_with("x-") => {
                out.insert(k.clone(), merge_at(v, iv, name));
            }
            _ if name.starts_with("x-") || !documented(name) => {
                out.insert(k.clone(), v.clone());
            }
            _ => {}
        }
    }
    // New keys, each after the key it follows in the import.
    let mut previous: Option<&Value> = None;
    for (k, v) in imported {
        if !out.contains_key(k) {
            let at = previous.and_then(|p| out.iter().position(|(ok, _)| ok == p)).map_or(0, |i| i + 1);
            let at = if previous.is_none() { 0 } else { at };
            out = insert_at(out, at, k.clone(), v.clone());
        }
        previous = Some(k);
    }
    out
}

fn insert_at(m: Mapping, at: usize, k: Value, v: Value) -> Mapping {
    let mut out = Mapping::with_capacity(m.len() + 1);
    let mut placed = false;
    for (i, (ek, ev)) in m.into_iter().enumerate() {
        if i == at {
            out.insert(k.clone(), v.clone());
            placed = true;
        }
        out.insert(ek, ev);
    }
    if !placed {
        out.insert(k, v);
    }
    out
}

fn identity(v: &Value) -> Option<&Value> {
    v.get("name").or_else(|| v.get("value"))
}

fn merge_list(existing: &[Value], imported: &[Value]) -> Vec<Value> {
    imported
        .iter()
        .map(|i| match identity(i).and_then(|id| existing.iter().find(|e| identity(e) == Some(id))) {
            Some(e) => merge_at(e, i, ""),
            None => i.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(s: &str) -> Value {
        serde_yaml::from_str(s).expect("test yaml")
    }

    #[test]
    fn decisions_stay_and_facts_refresh() {
        let existing = yaml(
            "operation: A\nsource: {page: a.md, language: en, url: https://x}\nx-idempotent: true\nx-note: reads\n\
             request:\n  parameters:\n    - name: Ids\n      type: string\n      x-type: array\n      x-note: json\n      description: old\n\
             \x20   - name: Gone\n      type: string\n",
        );
        let imported = yaml(
            "operation: A\nsource: {page: a.md, language: en}\nsummary: new\nrequest:\n  parameters:\n    - name: New\n      type: integer\n\
             \x20   - name: Ids\n      type: string\n      example: e\n      description: new\n",
        );
        let merged = merge(&existing, &imported);
        assert_eq!(
            serde_yaml::to_string(&merged).expect("yaml"),
            "operation: A\nsource:\n  page: a.md\n  language: en\n  url: https://x\nsummary: new\nx-idempotent: true\nx-note: reads\n\
             request:\n  parameters:\n  - name: New\n    type: integer\n  - name: Ids\n    type: string\n    example: e\n    x-type: array\n    x-note: json\n    description: new\n"
        );
    }

    #[test]
    fn enum_values_keep_their_rust_names() {
        let existing = yaml("enum:\n  - value: a\n    x-rust-name: Alpha\n  - value: b\n");
        let imported = yaml("enum:\n  - value: b\n    description: bee\n  - value: a\n");
        let merged = merge(&existing, &imported);
        assert_eq!(merged, yaml("enum:\n  - value: b\n    description: bee\n  - value: a\n    x-rust-name: Alpha\n"));
    }
}
