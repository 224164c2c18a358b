//! Every Rust name the generator emits comes from here: case conversion (heck underneath),
//! keyword escaping, plurals for list setters, and a collision check.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict and reserved, 2021 edition) that cannot be identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot even be raw identifiers; they get a trailing `_`.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Names the generated request builders already have (methods, and the `handle` field), and
/// the methods every builder-style type is expected to have; no setter may take them.
pub const RESERVED_METHODS: &[&str] =
    &["new", "send", "params", "handle", "into_paginator", "builder", "build", "clone", "fmt"];

/// snake_case of a documented name: `OSNameEn` → `os_name_en`, `requestId` → `request_id`.
pub fn snake(name: &str) -> String {
    let s = name.to_snake_case();
    leading_digit(s, "n")
}

/// UpperCamelCase of a documented name, keeping `_` between digits (`x86_64` → `X86_64`).
pub fn camel(name: &str) -> String {
    let mut out = String::new();
    for part in name.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()) {
        let piece = part.to_upper_camel_case();
        if out.ends_with(|c: char| c.is_ascii_digit()) && piece.starts_with(|c: char| c.is_ascii_digit()) {
            out.push('_');
        }
        out.push_str(&piece);
    }
    leading_digit(out, "V")
}

fn leading_digit(s: String, prefix: &str) -> String {
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{s}")
    } else {
        s
    }
}

/// A type name from a documented name: UpperCamelCase, escaped (`Self` → `Self_`).
pub fn type_name(name: &str) -> String {
    ident(&camel(name))
}

/// An identifier as it must be written in Rust: keywords become raw (`r#type`), or take a
/// trailing `_` where raw identifiers are not allowed (`self_`, `Self_`).
pub fn ident(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// Whether `name` can be written as a Rust identifier as is: ASCII letters, digits and `_`,
/// not starting with a digit, not `_` alone; a raw identifier (`r#type`) is a keyword that
/// may be raw. Every name the emitters write passes this check.
pub fn is_ident(name: &str) -> bool {
    let (raw, bare) = match name.strip_prefix("r#") {
        Some(bare) => (true, bare),
        None => (false, name),
    };
    let mut chars = bare.chars();
    let Some(first) = chars.next() else { return false };
    if !(first.is_ascii_alphabetic() || first == '_') || bare == "_" {
        return false;
    }
    if !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return false;
    }
    if raw {
        return KEYWORDS.contains(&bare) && !NOT_RAW.contains(&bare);
    }
    !KEYWORDS.contains(&bare)
}

/// Why `name` (derived from `from`) cannot be an identifier, or `None` when it can.
pub fn ident_problem(name: &str, from: &str) -> Option<String> {
    if is_ident(name) {
        return None;
    }
    Some(if unraw(name).is_empty() {
        format!("\"{from}\" gives an empty Rust name (it has no letters or digits)")
    } else if !unraw(name).is_ascii() {
        format!("\"{from}\" gives the Rust name `{name}`, which is not ASCII")
    } else {
        format!("\"{from}\" gives `{name}`, which is not a valid Rust identifier")
    })
}

/// The name without a raw prefix (`r#type` → `type`): what serde sees.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// English plural of a snake_case name, for setters that take many values
/// (`tag` → `tags`, `status` → `statuses`, `policy` → `policies`).
pub fn plural(name: &str) -> String {
    if name.ends_with('s') || name.ends_with('x') || name.ends_with("ch") || name.ends_with("sh") {
        format!("{name}es")
    } else if name.ends_with('y') && !name.ends_with("ay") && !name.ends_with("ey") && !name.ends_with("oy") {
        format!("{}ies", &name[..name.len() - 1])
    } else {
        format!("{name}s")
    }
}

/// Finds names that collide: returns each pair of (first owner, second owner) whose names
/// are equal, in input order. Names that are not identifiers are skipped (they are reported
/// as such).
pub fn collisions<T>(items: &[(String, T)]) -> Vec<(&T, &T, &str)> {
    let mut seen: std::collections::HashMap<&str, &T> = std::collections::HashMap::new();
    let mut out = Vec::new();
    for (name, owner) in items.iter().filter(|(name, _)| is_ident(name)) {
        match seen.get(unraw(name)) {
            Some(first) => out.push((*first, owner, unraw(name))),
            None => {
                seen.insert(unraw(name), owner);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_of_documented_names() {
        let cases = [
            ("OSNameEn", "os_name_en"),
            ("GPUAmount", "gpu_amount"),
            ("requestId", "request_id"),
            ("VSwitchId", "v_switch_id"),
            ("InstanceIds", "instance_ids"),
            ("imageInstanceTypeConstraint", "image_instance_type_constraint"),
            ("ISP", "isp"),
            ("AdditionalAttributes", "additional_attributes"),
            ("Type", "type"),
            ("3rdParty", "n3rd_party"),
        ];
        for (wire, rust) in cases {
            assert_eq!(snake(wire), rust, "{wire}");
        }
    }

    #[test]
    fn camel_case_of_enum_values() {
        let cases = [
            ("x86_64", "X86_64"),
            ("i386", "I386"),
            ("arm64", "Arm64"),
            ("Not-applicable", "NotApplicable"),
            ("UnAvailable", "UnAvailable"),
            ("META_OPTIONS", "MetaOptions"),
            ("PayByTraffic", "PayByTraffic"),
            ("excludes", "Excludes"),
            ("100", "V100"),
        ];
        for (wire, rust) in cases {
            assert_eq!(camel(wire), rust, "{wire}");
        }
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(ident("type"), "r#type");
        assert_eq!(ident("self"), "self_");
        assert_eq!(ident("Self"), "Self_");
        assert_eq!(ident("super"), "super_");
        assert_eq!(ident("image_id"), "image_id");
        assert_eq!(unraw("r#type"), "type");
    }

    #[test]
    fn identifiers() {
        for ok in ["a", "image_id", "Self_", "r#type", "_x", "V100", "x86_64"] {
            assert!(is_ident(ok), "{ok}");
        }
        for bad in ["", "_", "1a", "r#", "r#self", "r#image", "type", "a-b", "a b", "é", "r#1"] {
            assert!(!is_ident(bad), "{bad}");
        }
        assert_eq!(
            ident_problem("", "*").as_deref(),
            Some("\"*\" gives an empty Rust name (it has no letters or digits)")
        );
        assert_eq!(ident_problem("image_id", "ImageId"), None);
    }

    #[test]
    fn empty_after_case_conversion() {
        for name in ["", "*", "---", "__"] {
            assert_eq!(snake(name), "", "{name}");
            assert_eq!(camel(name), "", "{name}");
        }
    }

    #[test]
    fn plurals() {
        for (one, many) in [
            ("tag", "tags"),
            ("filter", "filters"),
            ("status", "statuses"),
            ("policy", "policies"),
            ("key", "keys"),
            ("box", "boxes"),
        ] {
            assert_eq!(plural(one), many);
        }
    }

    #[test]
    fn finds_collisions() {
        let items = vec![
            ("a".to_owned(), 1),
            ("r#type".to_owned(), 2),
            ("a".to_owned(), 3),
            ("".to_owned(), 4),
            ("".to_owned(), 5),
        ];
        assert_eq!(collisions(&items), vec![(&1, &3, "a")]);
    }
}
