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

/// An element's name, or an enum value's value.
fn identity(v: &Value) -> Option<&Value> {
    v.get("name").or_else(|| v.get("value"))
}

/// The names of a group's members (`Tag` with `Key`, `Value`), to tell apart two groups
/// of one name.
fn members_of(v: &Value) -> Vec<&str> {
    let list = v.get("items").and_then(|i| i.get("members")).or_else(|| v.get("members"));
    list.and_then(Value::as_sequence)
        .map(|l| l.iter().filter_map(|m| m.get("name").and_then(Value::as_str)).collect())
        .unwrap_or_default()
}

/// Pairs each imported element with the committed one of the same identity: the same name
/// and members, else the only committed element of that name.
fn merge_list(existing: &[Value], imported: &[Value]) -> Vec<Value> {
    let existing: Vec<Value> = existing.iter().map(normalise_legacy).collect();
    imported
        .iter()
        .map(|i| {
            let id = identity(i);
            let same: Vec<&Value> = existing.iter().filter(|e| id.is_some() && identity(e) == id).collect();
            let exact = same.iter().find(|e| members_of(e) == members_of(i));
            let pair = exact.or(if same.len() == 1 { same.first() } else { None });
            match pair {
                Some(e) => merge_at(e, i, ""),
                None => i.clone(),
            }
        })
        .collect()
}

/// A committed `numbered_group` (the older spelling) as the `numbered` list of inline
/// objects the importer writes, so that its members pair with the page's.
fn normalise_legacy(v: &Value) -> Value {
    let Some(m) = v.as_mapping() else { return v.clone() };
    if m.get("style").and_then(Value::as_str) != Some("numbered_group") {
        return v.clone();
    }
    let mut out = Mapping::new();
    for (k, val) in m {
        match k.as_str() {
            Some("style") => {
                out.insert(k.clone(), Value::String("numbered".into()));
                out.insert(Value::String("type".into()), Value::String("array".into()));
            }
            Some("members") => {
                let mut items = Mapping::new();
                items.insert(Value::String("type".into()), Value::String("object".into()));
                items.insert(Value::String("members".into()), val.clone());
                out.insert(Value::String("items".into()), Value::Mapping(items));
            }
            _ => {
                out.insert(k.clone(), val.clone());
            }
        }
    }
    Value::Mapping(out)
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
