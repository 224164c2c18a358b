//! Merging an imported spec into the committed one: every documented key comes from the
//! page, every decision stays.
//!
//! A key the importer writes is taken from the import, and dropped when the page no longer
//! says it; every other key (`x-` decisions, `source.url`) is kept as the person wrote it.
//! Lists of elements are paired by identity — `name` (and members) for parameters, fields
//! and members, `value` for enum values — and keep the committed order, new elements placed
//! after the one they follow on the page; an element the page no longer documents is gone.
//! Keys keep the committed file's order; a new key goes after the key it follows in the
//! import.

use serde_yaml::{Mapping, Value};

/// The keys the importer writes besides those a decision may override
/// ([`crate::overrides::OVERRIDABLE`]): the structure of the files and what identifies an element.
const STRUCTURE: [&str; 25] = [
    "operation",
    "source",
    "page",
    "language",
    "method",
    "path",
    "request",
    "parameters",
    "response",
    "fields",
    "errors",
    "examples",
    "responses",
    "name",
    "value",
    "status",
    "code",
    "message",
    "body",
    "page_number",
    "page_size",
    "total_count",
    "token",
    "next_token",
    "max_results",
];

/// Whether the importer writes `key`: the page's facts.
fn documented(key: &str) -> bool {
    crate::overrides::OVERRIDABLE.contains(&key) || STRUCTURE.contains(&key)
}

/// `existing` refreshed from `imported`.
pub fn merge(existing: &Value, imported: &Value) -> Value {
    merge_at(existing, imported, "")
}

fn merge_at(existing: &Value, imported: &Value, key: &str) -> Value {
    match (existing, imported) {
        (Value::Mapping(e), Value::Mapping(i)) if key != "pagination" => Value::Mapping(merge_mapping(e, i)),
        (Value::Sequence(e), Value::Sequence(i)) if matches!(key, "parameters" | "fields" | "members" | "enum") => {
            Value::Sequence(merge_list(e, i))
        }
        // Sample responses pair by position and format: an `x-body` correction stays with its sample.
        (Value::Sequence(e), Value::Sequence(i)) if key == "responses" => Value::Sequence(
            i.iter()
                .enumerate()
                .map(|(n, iv)| match (e.get(n), iv) {
                    (Some(Value::Mapping(em)), Value::Mapping(im)) if em.get("format") == im.get("format") => {
                        Value::Mapping(merge_mapping(em, im))
                    }
                    _ => iv.clone(),
                })
                .collect(),
        ),
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
    let mut names: Vec<&str> = list
        .and_then(Value::as_sequence)
        .map(|l| l.iter().filter_map(|m| m.get("name").and_then(Value::as_str)).collect())
        .unwrap_or_default();
    names.sort_unstable();
    names
}

/// Pairs each imported element with the committed one of the same identity: the same name
/// and members, else the only committed element of that name. Paired elements keep the
/// committed order (a reordered table changes no positional API such as a member tuple); a
/// new element goes after the element it follows on the page.
fn merge_list(existing: &[Value], imported: &[Value]) -> Vec<Value> {
    let existing: Vec<Value> = existing.iter().map(normalise_legacy).collect();
    // A group the page gives as a `numbered_group` (two groups of one name) pairs with the
    // committed one in that form.
    let grouped = |i: &Value| i.get("style").and_then(Value::as_str) == Some("numbered_group");
    let mut used = vec![false; existing.len()];
    let pairs: Vec<Option<usize>> = imported
        .iter()
        .map(|i| {
            let id = identity(i)?;
            let same: Vec<usize> =
                (0..existing.len()).filter(|&k| !used[k] && identity(&existing[k]) == Some(id)).collect();
            let exact = same.iter().copied().find(|&k| members_of(&existing[k]) == members_of(i));
            let pair = exact.or(if same.len() == 1 { same.first().copied() } else { None });
            if let Some(k) = pair {
                used[k] = true;
            }
            pair
        })
        .collect();
    // (committed index, merged) for paired elements, in committed order.
    let mut paired: Vec<(usize, usize)> = pairs.iter().enumerate().filter_map(|(i, p)| p.map(|k| (k, i))).collect();
    paired.sort_unstable();
    let mut out: Vec<(usize, Value)> = paired
        .iter()
        .map(|&(k, i)| {
            let e = if grouped(&imported[i]) { group_form(&existing[k]) } else { existing[k].clone() };
            (i, merge_at(&e, &imported[i], ""))
        })
        .collect();
    for (i, p) in pairs.iter().enumerate() {
        if p.is_some() {
            continue;
        }
        let at = position_after(&out, i.checked_sub(1));
        out.insert(at, (i, imported[i].clone()));
    }
    // Elements a person added (`x-added: true`) stay, after the committed element they follow.
    let mut out: Vec<(Option<usize>, Value)> =
        out.into_iter().map(|(i, v)| (pairs.get(i).copied().flatten(), v)).collect();
    for k in 0..existing.len() {
        if used[k] || existing[k].get("x-added").and_then(Value::as_bool) != Some(true) {
            continue;
        }
        let at = position_after(&out, k.checked_sub(1).map(Some));
        out.insert(at, (Some(k), existing[k].clone()));
    }
    out.into_iter().map(|(_, v)| v).collect()
}

/// Where an element goes in `out`: right after the one keyed `prev`, at the end when that one
/// is not there, first when there is none.
fn position_after<K: PartialEq>(out: &[(K, Value)], prev: Option<K>) -> usize {
    match prev {
        Some(prev) => out.iter().position(|(k, _)| *k == prev).map_or(out.len(), |p| p + 1),
        None => 0,
    }
}

/// The `numbered_group` form of a numbered list of inline objects.
fn group_form(v: &Value) -> Value {
    let Some(m) = v.as_mapping() else { return v.clone() };
    let mut out = Mapping::new();
    for (k, val) in m {
        match k.as_str() {
            Some("style") => {
                out.insert(k.clone(), Value::String("numbered_group".into()));
            }
            Some("type") => {}
            Some("items") => {
                if let Some(members) = val.get("members") {
                    out.insert(Value::String("members".into()), members.clone());
                }
            }
            _ => {
                out.insert(k.clone(), val.clone());
            }
        }
    }
    Value::Mapping(out)
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

/// The documented keys whose committed value is a decision when the page says otherwise:
/// the type and its constraints. Text (descriptions, examples) and deprecation always come
/// from the page.
const DECIDABLE: [&str; 16] = [
    "in",
    "style",
    "type",
    "format",
    "shape",
    "items",
    "additionalProperties",
    "wrapper",
    "required",
    "default",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "maxItems",
    "idempotency_token",
];

/// Adopts a spec written before the importer: wherever the committed spec says something
/// about a type or a constraint that the page (as imported) does not, the committed value
/// becomes an `x-` decision (`x-shape: Instance`, `x-enum: null`, `x-maxItems: 100`), so
/// that [`merge`] keeps it. Returns the adopted spec and the decisions made (`path: keys`).
pub fn adopt(existing: &Value, imported: &Value) -> (Value, Vec<String>) {
    let mut log = Vec::new();
    let mut out = existing.clone();
    adopt_root(&mut out, imported, &mut log);
    (out, log)
}

fn adopt_root(existing: &mut Value, imported: &Value, log: &mut Vec<String>) {
    let Some(m) = existing.as_mapping_mut() else { return };
    for key in ["pagination", "http"] {
        let e = m.get(key).cloned();
        let i = imported.get(key).cloned();
        if e != i && !m.contains_key(format!("x-{key}").as_str()) {
            m.insert(Value::String(format!("x-{key}")), e.unwrap_or(Value::Null));
            log.push(key.to_owned());
        }
    }
    for (section, list) in [("request", "parameters"), ("response", "fields")] {
        let imported_list = imported.get(section).and_then(|s| s.get(list)).and_then(Value::as_sequence).cloned();
        if let (Some(Value::Sequence(e)), Some(i)) =
            (m.get_mut(section).and_then(|s| s.get_mut(list)), imported_list.as_ref())
        {
            adopt_list(e, i, &format!("{section}.{list}"), log);
        }
    }
    if let (Some(Value::Sequence(e)), Some(i)) =
        (m.get_mut("fields"), imported.get("fields").and_then(Value::as_sequence))
    {
        adopt_list(e, i, "fields", log);
    }
}

fn adopt_list(existing: &mut [Value], imported: &[Value], path: &str, log: &mut Vec<String>) {
    for e in existing.iter_mut() {
        *e = normalise_legacy(e);
    }
    let snapshot: Vec<Value> = existing.to_vec();
    for (k, e) in existing.iter_mut().enumerate() {
        let id = identity(e).cloned();
        let same: Vec<&Value> = imported.iter().filter(|i| id.is_some() && identity(i) == id.as_ref()).collect();
        let twins = snapshot.iter().filter(|s| identity(s) == id.as_ref()).count();
        let exact = same.iter().find(|i| members_of(i) == members_of(e));
        let pair = exact.or(if same.len() == 1 && twins == 1 { same.first() } else { None });
        let name = id.as_ref().and_then(Value::as_str).unwrap_or("?").to_owned();
        match pair {
            Some(i) => adopt_element(e, i, &format!("{path}[{name}]"), log),
            None => log.push(format!("{path}[{k}] `{name}`: not on the page (an import drops it)")),
        }
    }
}

fn adopt_element(existing: &mut Value, imported: &Value, path: &str, log: &mut Vec<String>) {
    let imported = &normalise_legacy(imported);
    let Some(m) = existing.as_mapping_mut() else { return };
    let mut decided = Vec::new();
    let get = |m: &Mapping, k: &str| m.get(k).cloned();
    // Nested lists pair again.
    let nested_members =
        |v: &Value| v.get("items").and_then(|i| i.get("members")).and_then(Value::as_sequence).cloned();
    let e_items_members = m.get("items").and_then(|i| i.get("members")).and_then(Value::as_sequence).is_some();
    let i_items_members = nested_members(imported);
    let inline_items = e_items_members && i_items_members.is_some();
    // Members the page places elsewhere (its table nests them under another row, and no sample
    // says otherwise): the hand-written list is the decision, kept whole in `x-items` /
    // `x-members`, because a merge would move them where the page has them.
    let e_list = |m: &Mapping, key: &str| -> Option<Vec<Value>> {
        match key {
            "items" => m.get("items").and_then(|i| i.get("members")).and_then(Value::as_sequence).cloned(),
            _ => m.get("members").and_then(Value::as_sequence).cloned(),
        }
    };
    for key in ["items", "members"] {
        let (Some(e), Some(i)) = (
            e_list(m, key),
            if key == "items" {
                i_items_members.clone()
            } else {
                imported.get("members").and_then(Value::as_sequence).cloned()
            },
        ) else {
            continue;
        };
        let moved: Vec<String> = e
            .iter()
            .filter(|x| !i.iter().any(|y| identity(y) == identity(x)))
            .filter_map(|x| identity(x).and_then(Value::as_str).map(str::to_owned))
            .collect();
        if moved.is_empty() || m.contains_key(format!("x-{key}").as_str()) {
            continue;
        }
        log.push(format!("{path}: x-{key} (the page places {} elsewhere)", moved.join(", ")));
        let whole = m.get(key).cloned().unwrap_or(Value::Null);
        m.insert(Value::String(format!("x-{key}")), whole);
        let names: Vec<String> = moved.iter().map(|n| format!("`{n}`")).collect();
        let why = format!(
            "`x-{key}`: the members as the spec written by hand placed them; the page's table puts {} under another row and its sample does not show them.",
            names.join(", ")
        );
        let note = Value::String("x-note".into());
        let text = match m.get(&note).and_then(Value::as_str) {
            Some(old) => format!("{}\n\n{why}", old.trim_end()),
            None => why,
        };
        m.insert(note, Value::String(text));
        return;
    }
    if inline_items {
        if let (Some(Value::Sequence(e)), Some(i)) =
            (m.get_mut("items").and_then(|x| x.get_mut("members")), i_items_members.as_ref())
        {
            adopt_list(e, i, &format!("{path}.items.members"), log);
        }
    }
    let e_members = m.get("members").and_then(Value::as_sequence).is_some();
    if let (true, Some(i)) = (e_members, imported.get("members").and_then(Value::as_sequence)) {
        if let Some(Value::Sequence(e)) = m.get_mut("members") {
            adopt_list(e, i, &format!("{path}.members"), log);
        }
    }
    // A shared shape instead of the page's type.
    let e_shape = get(m, "shape");
    if e_shape.is_some() && e_shape != imported.get("shape").cloned() {
        decided.push(("shape".to_owned(), e_shape.clone().unwrap_or(Value::Null)));
    }
    for key in DECIDABLE {
        if key == "shape" || (key == "items" && inline_items) {
            continue;
        }
        if e_shape.is_some() && ["type", "format", "items", "additionalProperties"].contains(&key) {
            continue;
        }
        let e = get(m, key);
        let i = imported.get(key).cloned();
        let same = match (&e, &i) {
            (Some(a), Some(b)) => scalar_eq(a, b) || (key == "items" && items_eq(a, b)),
            (None, None) => true,
            _ => false,
        };
        let missed = e.is_none() && LIMITS.contains(&key);
        if !same && !missed && !m.contains_key(format!("x-{key}").as_str()) {
            decided.push((key.to_owned(), e.unwrap_or(Value::Null)));
        }
    }
    // Enumerations: the same values (descriptions are the page's).
    let values = |v: Option<&Value>| -> Option<Vec<String>> {
        v.and_then(Value::as_sequence).map(|l| l.iter().filter_map(|x| x.get("value").map(scalar_text)).collect())
    };
    let e_enum = m.get("enum").cloned();
    if e_shape.is_none() && values(e_enum.as_ref()) != values(imported.get("enum")) && !m.contains_key("x-enum") {
        decided.push(("enum".to_owned(), e_enum.unwrap_or(Value::Null)));
    }
    if e_shape.is_none() {
        let e_item_enum = m.get("items").and_then(|i| i.get("enum")).cloned();
        let i_item_enum = imported.get("items").and_then(|i| i.get("enum"));
        if values(e_item_enum.as_ref()) != values(i_item_enum) && !decided.iter().any(|(k, _)| k == "items") {
            if let Some(items) = m.get("items").cloned() {
                decided.push(("items".to_owned(), items));
            }
        }
    }
    if decided.is_empty() {
        return;
    }
    let keys: Vec<String> = decided.iter().map(|(k, _)| format!("x-{k}")).collect();
    log.push(format!("{path}: {}", keys.join(", ")));
    let why = adoption_note(&decided, imported);
    for (k, v) in decided {
        m.insert(Value::String(format!("x-{k}")), v);
    }
    let key = Value::String("x-note".into());
    let note = match m.get(&key).and_then(Value::as_str) {
        Some(old) => format!("{}\n\n{why}", old.trim_end()),
        None => why,
    };
    m.insert(key, Value::String(note));
}

/// Keys a page states in prose or leaves out. A spec written by hand that lacks one the page
/// states had missed it (the page's value is taken, not adopted as a decision); one it has
/// that the page does not state, or states otherwise, is a decision.
const LIMITS: [&str; 12] = [
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "maxItems",
    "default",
    "required",
    "wrapper",
    "in",
    "format",
    "idempotency_token",
    "additionalProperties",
];

/// Why each adopted decision departs from the page, in words.
fn adoption_note(decided: &[(String, Value)], imported: &Value) -> String {
    let shaped = decided.iter().any(|(k, v)| k == "shape" || (k == "items" && v.get("shape").is_some()));
    let mut parts = Vec::new();
    if shaped {
        parts.push("a shared shape instead of the page's inline type, so that one entity is one Rust type".to_owned());
    }
    if decided.iter().any(|(k, _)| k == "type" || k == "style") {
        parts.push(
            "typed and sent as the wire and the official SDK have it, not as the page's type column says".to_owned(),
        );
    }
    if decided.iter().any(|(k, _)| k == "enum") {
        parts.push("the values decided on top of the page's list".to_owned());
    }
    for (k, v) in decided.iter().filter(|(k, _)| LIMITS.contains(&k.as_str())) {
        let read = imported.get(k.as_str()).filter(|i| !i.is_null()).map(scalar_text);
        parts.push(match (v.is_null(), read) {
            (true, Some(read)) => {
                format!("`{k}` unset, as the spec written by hand had it (the importer reads `{read}` from the page)")
            }
            (false, None) => {
                format!("`{k}` `{}` from the page's prose, which the importer does not read", scalar_text(v))
            }
            (_, read) => format!(
                "`{k}` `{}` kept from the spec written by hand (the importer reads `{}`)",
                scalar_text(v),
                read.unwrap_or_else(|| "nothing".to_owned())
            ),
        });
    }
    if parts.is_empty() {
        parts.push("kept from the spec written by hand".to_owned());
    }
    let keys: Vec<String> = decided.iter().map(|(k, _)| format!("`x-{k}`")).collect();
    format!("{}: {}.", keys.join(", "), parts.join("; "))
}

/// Scalars compare by their text (`default: 1` and `default: "1"` are one fact).
fn scalar_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Mapping(_) | Value::Sequence(_), _) | (_, Value::Mapping(_) | Value::Sequence(_)) => a == b,
        _ => scalar_text(a) == scalar_text(b),
    }
}

/// Items compare without their enumeration's descriptions.
fn items_eq(a: &Value, b: &Value) -> bool {
    let strip = |v: &Value| {
        let mut v = v.clone();
        if let Some(m) = v.as_mapping_mut() {
            m.remove("enum");
        }
        v
    };
    strip(a) == strip(b)
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => {
            let f = n.as_f64().unwrap_or(0.0);
            if f.fract() == 0.0 {
                format!("{}", f as i64)
            } else {
                n.to_string()
            }
        }
        Value::Null => String::new(),
        other => serde_yaml::to_string(other).unwrap_or_default(),
    }
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
        // The committed order stays (enum variants and member tuples are positional to readers).
        assert_eq!(merged, yaml("enum:\n  - value: a\n    x-rust-name: Alpha\n  - value: b\n    description: bee\n"));
    }

    #[test]
    fn added_elements_stay_after_the_element_they_follow() {
        let existing = yaml(
            "fields:\n  - name: A\n  - name: Added\n    x-added: true\n    x-note: in the sample\n  - name: Gone\n  - name: B\n",
        );
        let imported = yaml("fields:\n  - name: B\n    type: string\n  - name: A\n    type: integer\n");
        let merged = merge(&existing, &imported);
        assert_eq!(
            merged,
            yaml(
                "fields:\n  - name: A\n    type: integer\n  - name: Added\n    x-added: true\n    x-note: in the sample\n  - name: B\n    type: string\n"
            )
        );
        // Without the decision, an element the page does not document is gone.
        let plain = yaml("fields:\n  - name: A\n  - name: Extra\n");
        assert_eq!(
            merge(&plain, &imported),
            yaml("fields:\n  - name: B\n    type: string\n  - name: A\n    type: integer\n")
        );
    }

    #[test]
    fn a_corrected_sample_keeps_its_correction() {
        let existing = yaml(
            "examples:\n  responses:\n    - format: xml\n      body: <a/>\n    - format: json\n      body: '{}'\n      x-body: '{\"A\": 1}'\n      x-note: why\n",
        );
        let imported =
            yaml("examples:\n  request: GET /\n  responses:\n    - format: xml\n      body: <b/>\n    - format: json\n      body: '{\"B\": 2}'\n");
        let merged = merge(&existing, &imported);
        assert_eq!(
            merged,
            yaml(
                "examples:\n  responses:\n    - format: xml\n      body: <b/>\n    - format: json\n      body: '{\"B\": 2}'\n      x-body: '{\"A\": 1}'\n      x-note: why\n  request: GET /\n"
            )
        );
        // A sample whose format changed is the page's again.
        let reformatted = yaml("examples:\n  responses:\n    - format: json\n      body: '{}'\n");
        let existing_json_first =
            yaml("examples:\n  responses:\n    - format: xml\n      body: <a/>\n      x-body: <c/>\n");
        assert_eq!(merge(&existing_json_first, &reformatted), reformatted);
    }
}
