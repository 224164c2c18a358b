//! Writing spec YAML the way the committed specs read: block style, lists indented under
//! their key, multi-line text as literal blocks, scalars quoted only when YAML needs it.

use serde_yaml::{Mapping, Value};

/// The YAML text of `v` (a mapping at the top), ending with a newline.
pub fn to_string(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Mapping(m) => mapping(&mut out, m, 0),
        other => {
            out.push_str(&scalar(other, 0));
            out.push('\n');
        }
    }
    out
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// A mapping's entries; the first is written where the cursor is when it follows `- `.
fn mapping(out: &mut String, m: &Mapping, indent: usize) {
    for (i, (k, v)) in m.iter().enumerate() {
        if i > 0 || !out.ends_with("- ") {
            pad(out, indent);
        }
        out.push_str(&key(k));
        out.push(':');
        value_after_key(out, v, indent);
    }
}

fn value_after_key(out: &mut String, v: &Value, indent: usize) {
    match v {
        Value::Mapping(m) if !m.is_empty() => {
            out.push('\n');
            mapping(out, m, indent + 2);
        }
        Value::Sequence(s) if !s.is_empty() => {
            out.push('\n');
            sequence(out, s, indent + 2);
        }
        Value::Mapping(_) => out.push_str(" {}\n"),
        Value::Sequence(_) => out.push_str(" []\n"),
        other => {
            out.push(' ');
            out.push_str(&scalar(other, indent + 2));
            out.push('\n');
        }
    }
}

fn sequence(out: &mut String, s: &[Value], indent: usize) {
    for item in s {
        pad(out, indent);
        out.push_str("- ");
        match item {
            Value::Mapping(m) if !m.is_empty() => mapping(out, m, indent + 2),
            Value::Sequence(inner) if !inner.is_empty() => {
                out.push('\n');
                sequence(out, inner, indent + 2);
            }
            other => {
                out.push_str(&scalar(other, indent + 2));
                out.push('\n');
            }
        }
    }
}

fn key(k: &Value) -> String {
    scalar(k, 0)
}

/// A scalar: plain or quoted as serde_yaml would, a literal block for multi-line text.
fn scalar(v: &Value, indent: usize) -> String {
    if let Value::String(s) = v {
        if s.contains('\n') && block_safe(s) {
            let chomp = if s.ends_with('\n') { "" } else { "-" };
            let indicator = if s.starts_with(' ') { "2" } else { "" };
            let mut out = format!("|{indicator}{chomp}");
            let body = s.strip_suffix('\n').unwrap_or(s);
            for line in body.split('\n') {
                out.push('\n');
                if !line.is_empty() {
                    out.extend(std::iter::repeat_n(' ', indent));
                    out.push_str(line);
                }
            }
            return out;
        }
    }
    match v {
        Value::Mapping(m) if m.is_empty() => "{}".into(),
        Value::Sequence(s) if s.is_empty() => "[]".into(),
        Value::String(s) => {
            let plain = serde_yaml::to_string(v).map(|t| t.trim_end_matches('\n').to_owned()).unwrap_or_default();
            if plain.contains('\n') || plain.is_empty() {
                // A double-quoted YAML scalar is a JSON string.
                serde_json::to_string(s).unwrap_or_default()
            } else {
                plain
            }
        }
        _ => serde_yaml::to_string(v).map(|t| t.trim_end_matches('\n').to_owned()).unwrap_or_default(),
    }
}

/// Whether a literal block keeps `s` exactly: no control characters, no trailing blank
/// lines (which `|-` would drop), no trailing spaces on the last line.
fn block_safe(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
        && !s.trim_end_matches('\n').is_empty()
        && !s.ends_with("\n\n")
        && !s.starts_with('\n')
        && !s.lines().next().is_some_and(|l| l.starts_with(' ') && l.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_in_the_specs_style() {
        let text = "operation: A\nsource:\n  page: a.md\nrequest:\n  parameters:\n    - name: B\n      example: '1'\n      description: |-\n        Valid values:\n\n        - x\n        - y\n      enum:\n        - value: x\n        - value: y\n      items:\n        type: string\n    - name: C\n      members: []\n";
        let v: Value = serde_yaml::from_str(text).expect("yaml");
        let out = to_string(&v);
        assert_eq!(out, text);
        let again: Value = serde_yaml::from_str(&out).expect("yaml");
        assert_eq!(again, v);
    }

    #[test]
    fn awkward_strings_survive() {
        for s in [
            "  leading",
            "a\n\n",
            "trailing \nx",
            "x: y",
            "- a",
            "\u{7}",
            "'q'",
            "\"d\"",
            "a\n  b",
            "#",
            "yes",
            "1.0",
            " \nx",
        ] {
            let mut m = Mapping::new();
            m.insert(Value::String("k".into()), Value::String(s.into()));
            let v = Value::Mapping(m);
            let back: Value = serde_yaml::from_str(&to_string(&v)).expect("parses");
            assert_eq!(back, v, "{s:?} -> {}", to_string(&v));
        }
    }
}
