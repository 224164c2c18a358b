//! Decisions over documented keys: `x-<key>` replaces the documented `<key>`.
//!
//! Plain keys hold what the page says and the importer refreshes them; a person who must
//! depart from the page writes the decision as `x-<key>` beside the documented key (with an
//! `x-note`), so both stay in the file and a re-import never undoes the decision:
//!
//! ```yaml
//! - name: InstanceIds
//!   type: string                 # what the page says
//!   x-style: json                # what the SDK does
//!   x-type: array
//!   x-items: { type: string }
//!   x-note: A String holding a JSON array on the page; typed as a list.
//! ```
//!
//! `x-shape` replaces the whole documented type (`type`, `format`, `enum`, `items`,
//! `members`, `additionalProperties`); `x-type` replaces it too, except for the parts
//! given as `x-` keys themselves; any other `x-<key>` replaces `<key>`; `x-<key>: null`
//! removes `<key>`. The loader applies this before reading a file, so the rest of the
//! generator sees one resolved spec.

use serde_yaml::{Mapping, Value};

/// The documented keys a decision may override.
pub const OVERRIDABLE: [&str; 26] = [
    "name",
    "in",
    "style",
    "type",
    "format",
    "shape",
    "items",
    "additionalProperties",
    "enum",
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
    "description",
    "summary",
    "http",
    "pagination",
    "body",
];

/// The keys that together say what type an element has.
const TYPE_KEYS: [&str; 6] = ["type", "format", "shape", "enum", "items", "members"];

/// Whether `text` may hold an override (a cheap test before parsing into a tree; a
/// mention in prose only costs the slower path).
pub fn may_have_overrides(text: &str) -> bool {
    text.contains("x-") && OVERRIDABLE.iter().any(|k| text.contains(&format!("x-{k}")))
}

/// The first decision in the tree that has no `x-note` beside it: the key path of its
/// mapping (as serde names it: `parameters[2].items`) and the decision's key. Every
/// departure from the page says why, so a reviewer can tell a decision from a mistake.
pub fn unexplained(value: &Value) -> Option<(String, String)> {
    match value {
        Value::Mapping(m) => {
            if !m.contains_key("x-note") {
                let key = OVERRIDABLE.iter().find(|k| m.contains_key(format!("x-{k}").as_str()));
                if let Some(k) = key {
                    return Some((String::new(), format!("x-{k}")));
                }
            }
            m.iter().find_map(|(k, v)| {
                let (path, key) = unexplained(v)?;
                let name = k.as_str().map_or_else(|| format!("{k:?}"), str::to_owned);
                Some((joined(&name, &path), key))
            })
        }
        Value::Sequence(s) => s.iter().enumerate().find_map(|(i, v)| {
            let (path, key) = unexplained(v)?;
            Some((joined(&format!("[{i}]"), &path), key))
        }),
        _ => None,
    }
}

/// `head` followed by the rest of a key path (`items`, `[2].items`).
fn joined(head: &str, rest: &str) -> String {
    if rest.is_empty() || rest.starts_with('[') {
        format!("{head}{rest}")
    } else {
        format!("{head}.{rest}")
    }
}

/// Applies every override in the tree; returns how many were applied.
pub fn apply(value: &mut Value) -> usize {
    match value {
        Value::Mapping(m) => {
            let mut n = apply_mapping(m);
            for (_, v) in m.iter_mut() {
                n += apply(v);
            }
            n
        }
        Value::Sequence(s) => s.iter_mut().map(apply).sum(),
        _ => 0,
    }
}

fn apply_mapping(m: &mut Mapping) -> usize {
    let overrides: Vec<(String, Value)> = OVERRIDABLE
        .iter()
        .filter_map(|k| {
            let key = Value::String(format!("x-{k}"));
            m.remove(&key).map(|v| ((*k).to_owned(), v))
        })
        .collect();
    if overrides.is_empty() {
        return 0;
    }
    let replaces_type = overrides.iter().any(|(k, _)| k == "shape" || k == "type");
    if replaces_type {
        for k in TYPE_KEYS.iter().chain(["additionalProperties"].iter()) {
            m.remove(*k);
        }
    }
    for (k, v) in &overrides {
        if v.is_null() {
            m.remove(k.as_str());
        } else {
            m.insert(Value::String(k.clone()), v.clone());
        }
    }
    overrides.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(s: &str) -> Value {
        serde_yaml::from_str(s).expect("test yaml")
    }

    #[test]
    fn a_decision_replaces_the_documented_key() {
        let mut v = yaml(
            "name: InstanceIds\ntype: string\nenum: [{value: a}]\nexample: x\nx-type: array\nx-style: json\n\
             x-items: {type: string}\nx-note: why\n",
        );
        assert_eq!(apply(&mut v), 3);
        assert_eq!(
            v,
            yaml("name: InstanceIds\nexample: x\nx-note: why\ntype: array\nstyle: json\nitems: {type: string}\n")
        );
    }

    #[test]
    fn a_shape_replaces_the_inline_type_and_null_removes() {
        let mut v = yaml(
            "fields:\n  - name: Instances\n    type: array\n    wrapper: Instance\n    items: {type: object, members: [{name: A, type: string}]}\n    x-items: {shape: Instance}\n  - name: B\n    type: string\n    enum: [{value: a}]\n    x-enum: null\n",
        );
        assert_eq!(apply(&mut v), 2);
        assert_eq!(
            v,
            yaml("fields:\n  - name: Instances\n    type: array\n    wrapper: Instance\n    items: {shape: Instance}\n  - name: B\n    type: string\n")
        );
        let mut v = yaml("name: S\ntype: string\nenum: [{value: a}]\nx-shape: Status\n");
        apply(&mut v);
        assert_eq!(v, yaml("name: S\nshape: Status\n"));
    }

    #[test]
    fn a_wire_name_decision_keeps_the_page_name_for_the_importer() {
        let mut v = yaml("name: key\ntype: string\nx-name: Key\nx-note: the official SDK sends Key\n");
        assert_eq!(apply(&mut v), 1);
        assert_eq!(v, yaml("name: Key\ntype: string\nx-note: the official SDK sends Key\n"));
        assert!(may_have_overrides("- name: key\n  x-name: Key\n"));
        assert!(!may_have_overrides("x-rust-name: key\n"));
    }

    #[test]
    fn a_decision_without_its_note_is_named_by_path() {
        let v = yaml("parameters:\n  - name: A\n    x-type: array\n    x-note: why\n  - name: B\n    items:\n      type: string\n      x-format: int64\n");
        assert_eq!(unexplained(&v), Some(("parameters[1].items".to_owned(), "x-format".to_owned())));
        let v = yaml("examples:\n  responses:\n    - format: json\n      body: '{}'\n      x-body: '{\"A\": 1}'\n");
        assert_eq!(unexplained(&v), Some(("examples.responses[0]".to_owned(), "x-body".to_owned())));
        assert_eq!(unexplained(&yaml("x-note: a note about nothing\nname: A\n")), None);
        assert_eq!(unexplained(&yaml("name: A\nx-type: integer\nx-note: why\n")), None);
    }

    #[test]
    fn the_cheap_test() {
        assert!(may_have_overrides("a: 1\n  x-type: array\n"));
        assert!(may_have_overrides("{\"x-shape\": \"Image\"}"));
        assert!(!may_have_overrides("x-note: a note\n"));
    }
}
