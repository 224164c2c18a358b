//! The repetitive part of shapes and operations, written as text: invocations of the
//! runtime's `crate::shape!` and `crate::request!` macros (generated/src/runtime/macros.rs),
//! one line per field or parameter under its rustdoc. What is the same for every struct and
//! request (the serde glue, setters, `params()`, `send()`, paging) lives in those macros.
//!
//! prettyplease prints a macro's tokens on a few long lines, so these invocations are not
//! formatted by it: they are written here, already laid out, and the rest of a file (the
//! rare hand-written `Debug` impls, builders of request structs, REST envelopes) is still
//! emitted as tokens and formatted.

use crate::ir::{Field, Location, Operation, PagingKind, Param, ParamKind, Service, Type};
use std::fmt::Write;

/// A string literal as Rust source (escaped like `quote` writes it).
pub(crate) fn lit(s: &str) -> String {
    proc_macro2::Literal::string(s).to_string()
}

/// Rustdoc lines at `indent`, as prettyplease prints `#[doc = " ..."]` attributes.
pub(crate) fn doc_lines(out: &mut String, indent: &str, lines: &[String]) {
    for l in lines {
        if l.is_empty() {
            let _ = writeln!(out, "{indent}///");
        } else {
            let _ = writeln!(out, "{indent}/// {l}");
        }
    }
}

/// The Rust type of an IR type as text, with `types` the path of the types module.
pub(crate) fn type_text(ty: &Type, types: &str) -> String {
    match ty {
        Type::String => "::std::string::String".into(),
        Type::I32 => "i32".into(),
        Type::I64 => "i64".into(),
        Type::F64 => "f64".into(),
        Type::Bool => "bool".into(),
        Type::Enum(n) | Type::Struct(n) => format!("{types}::{n}"),
        Type::Vec(inner) => format!("::std::vec::Vec<{}>", type_text(inner, types)),
        Type::Map(inner) => {
            format!("::std::collections::BTreeMap<::std::string::String, {}>", type_text(inner, types))
        }
    }
}

/// `kind(T)` of a struct field, and its wrapper key.
fn field_kind(f: &Field, types: &str) -> (String, Option<String>) {
    match (&f.ty, &f.wrapper) {
        (Type::Vec(inner), Some(key)) => (format!("wrapped({})", type_text(inner, types)), Some(key.clone())),
        (Type::Vec(inner), None) => (format!("vec({})", type_text(inner, types)), None),
        (Type::Map(inner), _) => (format!("map({})", type_text(inner, types)), None),
        (ty, _) => (format!("opt({})", type_text(ty, types)), None),
    }
}

/// A `crate::shape!` invocation: the struct `name` with `fields` (an output, a shape).
/// `debug`: derive `Debug` (a struct with secrets gets a hand-written impl instead).
pub(crate) fn shape(out: &mut String, doc: &[String], name: &str, fields: &[Field], types: &str, debug: bool) {
    out.push_str("crate::shape! {\n");
    doc_lines(out, "    ", doc);
    if debug {
        out.push_str("    #[derive(::std::fmt::Debug)]\n");
    }
    if fields.is_empty() {
        let _ = writeln!(out, "    pub struct {name} {{}}");
        out.push_str("}\n");
        return;
    }
    let _ = writeln!(out, "    pub struct {name} {{");
    for f in fields {
        doc_lines(out, "        ", &super::types::field_doc(f));
        let (kind, inner) = field_kind(f, types);
        let inner = inner.map(|k| format!(" in {}", lit(&k))).unwrap_or_default();
        let _ = writeln!(out, "        {}: {kind} = {}{inner},", f.rust, lit(&f.wire));
    }
    out.push_str("    }\n}\n");
}

/// `kind(T)` of a request parameter, and the `Params` method that writes it.
fn param_kind(p: &Param, types: &str) -> (String, &'static str) {
    let kind = match &p.kind {
        ParamKind::Comma { item, .. } => format!("comma({})", type_text(item, types)),
        ParamKind::Json(Type::Vec(inner)) => format!("jvec({})", type_text(inner, types)),
        ParamKind::Json(Type::Map(inner)) => format!("jmap({})", type_text(inner, types)),
        ParamKind::Json(ty) => format!("opt({})", type_text(ty, types)),
        _ => match p.ty() {
            Type::Vec(inner) => format!("vec({})", type_text(&inner, types)),
            Type::Map(inner) => format!("map({})", type_text(&inner, types)),
            ty @ (Type::String | Type::Enum(_) | Type::Struct(_)) => format!("opt({})", type_text(&ty, types)),
            ty => format!("val({})", type_text(&ty, types)),
        },
    };
    let how = match (&p.kind, p.location) {
        (_, Location::Body) => "body",
        (_, Location::Header) => "header",
        (ParamKind::Simple(_), Location::Path) => "path",
        (ParamKind::Simple(_), _) => "simple",
        (ParamKind::Comma { .. }, _) => "comma",
        (ParamKind::Json(_), _) => "json",
        (ParamKind::Numbered(_) | ParamKind::Dotted(_), _) => "flat",
    };
    (kind, how)
}

/// A `crate::request!` invocation: the operation's static description, its builder, its
/// setters (those of comma lists excepted: `operation.rs` writes them), `params()`,
/// `send()` and paging.
pub(crate) fn request(out: &mut String, s: &Service, op: &Operation, doc: &[String], debug: bool) {
    let types = "super::types";
    out.push_str("crate::request! {\n");
    doc_lines(out, "    ", doc);
    if debug {
        out.push_str("    #[derive(::std::fmt::Debug)]\n");
    }
    let _ = writeln!(out, "    pub struct {} -> {};", op.request_type, op.output_type);
    let required: Vec<String> = super::required_patterns(s, op).iter().map(|r| lit(r)).collect();
    let region = s.region_parameter.as_ref().is_some_and(|r| op.params.iter().any(|p| &p.wire == r));
    let token = match op.params.iter().find(|p| p.idempotency_token) {
        Some(p) if p.location == Location::Body => format!(" token Body({})", lit(&p.wire)),
        Some(p) => format!(" token Query({})", lit(&p.wire)),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "    operation {} {} {} required [{}] idempotent {} region {region}{token};",
        lit(&op.name),
        lit(&op.http_method),
        lit(&op.http_path),
        required.join(", "),
        op.idempotent,
    );
    out.push_str("    params {\n");
    for p in &op.params {
        let (kind, how) = param_kind(p, types);
        if !matches!(p.kind, ParamKind::Comma { .. }) {
            let (lines, deprecated) = super::operation::setter_doc(p);
            doc_lines(out, "        ", &lines);
            if let Some(note) = deprecated {
                let _ = writeln!(out, "        #[deprecated(note = {})]", lit(&note));
            }
        }
        let _ = writeln!(out, "        {}: {kind} = {how} {},", p.rust, lit(&p.wire));
    }
    out.push_str("    }\n");
    if let Some(pg) = &op.pagination {
        let item = type_text(&pg.item_ty, types);
        match &pg.kind {
            PagingKind::PageNumber { page_number, total_count, .. } => {
                let _ = writeln!(out, "    paginate page_number({page_number}, {total_count}, {}: {item});", pg.items);
            }
            PagingKind::Token { token, next_token, .. } => {
                let _ = writeln!(out, "    paginate token({token}, {next_token}, {}: {item});", pg.items);
            }
        }
    }
    out.push_str("}\n");
}
