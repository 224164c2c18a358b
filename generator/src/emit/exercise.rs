//! The exercise of every operation: a Rust module for the test crate that calls each
//! operation of each service through its generated client, with every required parameter
//! (and every required member of a struct it sends) set to a documented example, and that
//! names each operation's output type so that its samples can be decoded.
//!
//! The module does not decide what is checked: it hands each request's parameters and
//! result to a `Calls` implementation, and each output type to a `Samples` one, both
//! defined by the test crate (`tests/src/lib.rs`). It is written by `cargo xtask codegen`
//! to [`EXERCISE_PATH`] and kept fresh by `cargo xtask check`, like the crate.
//!
//! A value is the documented example when it is one the documentation allows (a
//! documented enum value, inside the documented range and length), otherwise the first
//! documented enum value, the range's lower end, or a placeholder of the allowed length.

use super::compact::lit;
use crate::ir::{Docs, Ir, ParamKind, Service, ShapeKind, Type};
use std::fmt::Write;

/// Where the module is written, relative to the workspace root.
pub const EXERCISE_PATH: &str = "tests/src/every_operation.rs";

/// Structs nest at most this deep in an example value (shapes may refer to themselves).
const MAX_DEPTH: usize = 6;

/// The exercise module of every service of `ir`, formatted.
pub fn exercise(ir: &Ir) -> Result<String, String> {
    let mut code = String::from(
        "//! Every operation of every service through its generated client, with its required \
         parameters.\n#![allow(deprecated)]\n",
    );
    for s in &ir.services {
        let name = format!("{}_{}", s.vendor, crate::naming::unraw(&s.module));
        let path = s.rust_path();
        let _ = writeln!(
            code,
            "/// Sends each of the {n} operations of `{path}` once, with its required parameters, and \
             hands what was sent and what came back to `calls`.",
            n = s.operations.len()
        );
        let _ = writeln!(code, "pub async fn {name}(client: &{path}::Client, calls: &mut impl crate::Calls) {{");
        for op in &s.operations {
            let mut chain = format!("client.{}()", op.method);
            for p in op.params.iter().filter(|p| p.required && !p.idempotency_token) {
                if s.region_parameter.as_deref() == Some(p.wire.as_str()) {
                    continue; // the client's region
                }
                let value = match &p.kind {
                    ParamKind::Comma { item, .. } => value(s, item, &p.docs, 0),
                    _ => value(s, &p.ty(), &p.docs, 0),
                };
                let _ = write!(chain, ".{}({value})", p.rust);
            }
            let _ = writeln!(code, "let request = {chain};");
            let _ = writeln!(code, "calls.call({}, request.params(), request.send().await);", lit(&op.name));
        }
        code.push_str("}\n");
        let _ = writeln!(
            code,
            "/// Names the output type of each of the {n} operations of `{path}` to `samples`.",
            n = s.operations.len()
        );
        let _ = writeln!(code, "pub fn {name}_samples(samples: &mut impl crate::Samples) {{");
        for op in &s.operations {
            let _ = writeln!(code, "samples.sample::<{path}::{}>({});", op.output_type, lit(&op.name));
        }
        code.push_str("}\n");
    }
    let file: syn::File =
        syn::parse_str(&code).map_err(|e| format!("{EXERCISE_PATH}: the emitted code does not parse: {e}"))?;
    Ok(format!("{}specs/ — do not edit.\n{}", super::HEADER_PREFIX, prettyplease::unparse(&file)))
}

/// An expression of type `ty` that a setter of that type takes, allowed by `docs`.
fn value(s: &Service, ty: &Type, docs: &Docs, depth: usize) -> String {
    let example = docs.example.as_deref().map(str::trim).filter(|e| !e.is_empty());
    let limits = &docs.limits;
    let in_range = |v: f64| limits.minimum.is_none_or(|m| v >= m) && limits.maximum.is_none_or(|m| v <= m);
    match ty {
        Type::String => {
            let chars = |e: &&str| {
                let n = e.chars().count() as u64;
                limits.min_length.is_none_or(|m| n >= m) && limits.max_length.is_none_or(|m| n <= m)
            };
            match docs.values.first() {
                Some(_) => enum_value(docs, &[]),
                None => lit(&example.filter(chars).map_or_else(|| placeholder(docs), str::to_owned)),
            }
        }
        Type::I32 | Type::I64 => {
            let v = example
                .and_then(|e| e.parse::<i64>().ok())
                .filter(|v| in_range(*v as f64))
                .or_else(|| documented_number(docs).map(|v| v as i64))
                .unwrap_or_else(|| limits.minimum.map_or(1, |m| m.ceil() as i64).max(1));
            let v = limits.maximum.map_or(v, |m| v.min(m.floor() as i64));
            format!("{v}{}", if *ty == Type::I32 { "i32" } else { "i64" })
        }
        Type::F64 => {
            let v = example
                .and_then(|e| e.parse::<f64>().ok())
                .filter(|v| v.is_finite() && in_range(*v))
                .or_else(|| documented_number(docs))
                .unwrap_or_else(|| limits.minimum.unwrap_or(1.0));
            format!("{v:?}f64")
        }
        Type::Bool => match example.map(str::to_ascii_lowercase).as_deref() {
            Some("false") => "false".into(),
            _ => "true".into(),
        },
        Type::Enum(name) => {
            let variants: Vec<&str> = match s.shapes.iter().find(|sh| &sh.name == name).map(|sh| &sh.kind) {
                Some(ShapeKind::Enum(vs)) => vs.iter().map(|v| v.wire.as_str()).collect(),
                _ => Vec::new(),
            };
            enum_value(docs, &variants)
        }
        Type::Struct(name) => {
            let types = format!("{}::types::{name}", s.rust_path());
            let Some(ShapeKind::Struct(fields)) = s.shapes.iter().find(|sh| &sh.name == name).map(|sh| &sh.kind) else {
                return format!("{types}::builder().build()");
            };
            let mut chain = format!("{types}::builder()");
            let required: Vec<_> = fields.iter().filter(|f| f.required).collect();
            // A struct with no required member still sends one, or it would not be sent at all.
            let set = if required.is_empty() { fields.iter().take(1).collect() } else { required };
            if depth < MAX_DEPTH {
                for f in set {
                    let _ = write!(chain, ".{}({})", f.rust, value(s, &f.ty, &f.docs, depth + 1));
                }
            }
            chain.push_str(".build()");
            chain
        }
        Type::Vec(item) => format!("[{}]", value(s, item, docs, depth + 1)),
        Type::Map(item) => format!("[(\"key\", {})]", value(s, item, docs, depth + 1)),
    }
}

/// The example when it is a documented value, else the first documented value (of the
/// docs, then of the enum's variants).
fn enum_value(docs: &Docs, variants: &[&str]) -> String {
    let allowed = |v: &str| docs.values.iter().any(|(w, _)| w == v) || variants.contains(&v);
    let example = docs.example.as_deref().map(str::trim).filter(|e| allowed(e));
    let first = docs.values.first().map(|(w, _)| w.as_str()).or_else(|| variants.first().copied());
    lit(example.or(first).unwrap_or("example"))
}

/// The first documented value that is a number in the documented range.
fn documented_number(docs: &Docs) -> Option<f64> {
    let limits = &docs.limits;
    docs.values
        .iter()
        .filter_map(|(w, _)| w.parse::<f64>().ok())
        .find(|v| limits.minimum.is_none_or(|m| *v >= m) && limits.maximum.is_none_or(|m| *v <= m))
}

/// `example`, padded or cut to the documented length.
fn placeholder(docs: &Docs) -> String {
    let min = docs.limits.min_length.unwrap_or(0) as usize;
    let max = docs.limits.max_length.map_or(usize::MAX, |m| m as usize).max(1);
    let mut text = String::from("example");
    while text.len() < min {
        text.push('x');
    }
    text.truncate(max);
    text
}
