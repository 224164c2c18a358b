//! Validation: everything a spec must satisfy before it is lowered.
//!
//! Parsing already rejected malformed YAML, missing keys and unknown keys. This pass checks
//! what serde cannot: types and formats that exist, shape references that resolve, keys used
//! where they mean something, styles that fit their type, identities that are unique, and
//! cross references (pagination, path templates, file names). Errors are collected.

use crate::error::SpecError;
use crate::ir::{Protocol, Signer};
use crate::load::{LoadedService, Parsed};
use crate::naming;
use crate::spec::{Element, Items, Location, OperationFile, PagingStyle, ShapeFile, Style};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

const SCALARS: &[&str] = &["string", "integer", "number", "boolean"];

/// What an element is, which decides the keys it may use.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Param,
    Member,
    Field,
}

/// Whether each shape of a service is an enum (`true`) or a struct.
type ShapeKinds = BTreeMap<String, bool>;

/// Checks one service folder; returns every problem found.
pub fn service(s: &LoadedService) -> Vec<SpecError> {
    let mut errors = Vec::new();
    let protocol = check_service_file(s, &mut errors);

    let mut kinds = ShapeKinds::new();
    for shape in &s.shapes {
        let is_enum = shape.spec.enum_values.is_some();
        if kinds.insert(shape.spec.shape.clone(), is_enum).is_some() {
            errors.push(shape.error("shape", format!("duplicate shape \"{}\"", shape.spec.shape)));
        }
    }
    for broken in &s.broken_shapes {
        kinds.entry(broken.clone()).or_insert(false);
    }
    for shape in &s.shapes {
        check_shape(shape, &kinds, &mut errors);
    }
    let mut names = HashSet::new();
    for op in &s.operations {
        if !names.insert(op.spec.operation.clone()) {
            errors.push(op.error("operation", format!("duplicate operation \"{}\"", op.spec.operation)));
        }
        check_operation(op, protocol, &kinds, &mut errors);
    }
    errors
}

/// `aliyun rpc, jdcloud rest`: the vendor/protocol pairs the runtime implements.
fn known_protocols() -> String {
    Protocol::ALL.iter().map(|p| p.describe()).collect::<Vec<_>>().join(", ")
}

fn names(signers: &[Signer]) -> String {
    signers.iter().map(|s| s.spec_name()).collect::<Vec<_>>().join(", ")
}

/// Checks service.yaml; returns its protocol when `vendor` and `protocol` name one.
fn check_service_file(s: &LoadedService, errors: &mut Vec<SpecError>) -> Option<Protocol> {
    let f = &s.service;
    let spec = &f.spec;
    let expected = Path::new(&spec.vendor).join(&spec.service);
    if expected != s.dir {
        errors.push(f.error(
            "service",
            format!("vendor/service \"{}\" does not match the folder \"{}\"", expected.display(), s.dir.display()),
        ));
    }
    for (key, value) in [("vendor", &spec.vendor), ("service", &spec.service)] {
        if value.is_empty() || naming::snake(value) != *value || naming::ident(value) != *value {
            errors.push(f.error(key, format!("\"{value}\" must be a lowercase Rust module name")));
        }
    }
    if spec.feature.is_empty()
        || !spec.feature.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        errors.push(
            f.error("feature", format!("\"{}\" is not a Cargo feature name (lowercase, digits, '-')", spec.feature)),
        );
    }
    let protocol = Protocol::of(&spec.vendor, &spec.protocol);
    if protocol.is_none() {
        let (key, message) = if Protocol::ALL.iter().any(|p| p.vendor() == spec.vendor) {
            ("protocol", format!("vendor \"{}\" has no protocol \"{}\"", spec.vendor, spec.protocol))
        } else {
            ("vendor", format!("unknown vendor \"{}\"", spec.vendor))
        };
        errors.push(f.error(key, format!("{message} (known vendor protocols: {})", known_protocols())));
    }
    let mut seen = HashSet::new();
    for (i, alg) in spec.signing.algorithms.iter().enumerate() {
        let path = format!("signing.algorithms[{i}]");
        match Signer::from_spec_name(alg) {
            None => errors
                .push(f.error(path, format!("unknown signing algorithm \"{alg}\" (known: {})", names(Signer::ALL)))),
            Some(signer) => {
                if let Some(p) = protocol.filter(|p| !p.signers().contains(&signer)) {
                    errors.push(f.error(
                        path,
                        format!(
                            "\"{alg}\" is not a signing algorithm of {} (its algorithms: {})",
                            p.describe(),
                            names(p.signers())
                        ),
                    ));
                } else if !seen.insert(signer) {
                    errors.push(f.error(path, format!("duplicate signing algorithm \"{alg}\"")));
                }
            }
        }
    }
    if !spec.signing.algorithms.contains(&spec.signing.default) {
        errors
            .push(f.error("signing.default", format!("\"{}\" is not one of signing.algorithms", spec.signing.default)));
    }
    if spec.endpoints.pattern.is_empty() {
        errors.push(f.error("endpoints.pattern", "an endpoint pattern is required"));
    }
    protocol
}

fn file_stem_matches<T>(f: &Parsed<T>, key: &str, name: &str, errors: &mut Vec<SpecError>) {
    let stem = f.file.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    if stem != name {
        errors.push(f.error(key, format!("\"{name}\" must match the file name \"{stem}.yaml\"")));
    }
}

fn check_shape(f: &Parsed<ShapeFile>, kinds: &ShapeKinds, errors: &mut Vec<SpecError>) {
    let spec = &f.spec;
    file_stem_matches(f, "shape", &spec.shape, errors);
    match (&spec.fields, &spec.enum_values) {
        (Some(_), Some(_)) => {
            errors.push(f.error("enum", "a shape has either `fields` (a struct) or `enum`, not both"))
        }
        (None, None) => errors.push(f.error("shape", "a shape needs `fields` (a struct) or `enum` (an enum)")),
        (Some(fields), None) => {
            if let Some(ty) = &spec.ty {
                errors.push(f.error("type", format!("a struct shape takes no `type` (found \"{ty}\")")));
            }
            check_fields(f, "fields", fields, kinds, errors);
        }
        (None, Some(values)) => {
            if spec.ty.as_deref() != Some("string") {
                errors.push(f.error("type", "an enum shape needs `type: string`"));
            }
            check_enum_values(f, "enum", values, errors);
        }
    }
}

fn check_operation(
    f: &Parsed<OperationFile>,
    protocol: Option<Protocol>,
    kinds: &ShapeKinds,
    errors: &mut Vec<SpecError>,
) {
    let spec = &f.spec;
    file_stem_matches(f, "operation", &spec.operation, errors);

    let mut patterns: HashSet<String> = HashSet::new();
    let mut token: Option<&str> = None;
    for (i, p) in spec.request.parameters.iter().enumerate() {
        let path = format!("request.parameters[{i}]");
        check_element(f, &path, p, Role::Param, kinds, errors);
        for pattern in wire_patterns(p) {
            if !patterns.insert(pattern.clone()) {
                errors.push(f.error(format!("{path}.name"), format!("duplicate parameter \"{pattern}\"")));
            }
        }
        if p.idempotency_token {
            match token {
                Some(first) => errors.push(f.error(
                    format!("{path}.idempotency_token"),
                    format!("an operation has one idempotency token, and \"{first}\" is already it"),
                )),
                None => token = Some(&p.name),
            }
        }
    }
    if spec.x_idempotent.is_some() && spec.x_note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        errors.push(f.error(
            "x-idempotent",
            "`x-idempotent` is a decision beyond the page: add an operation `x-note` saying why",
        ));
    }
    if let Some(g) = &spec.x_group {
        if g.trim().is_empty() || g.contains(['\n', '`', '[', ']']) {
            errors.push(f.error("x-group", "`x-group` is a group's name on one line (`Instances`), without Markdown"));
        } else if spec.x_note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            errors.push(
                f.error("x-group", "`x-group` is a decision beyond the page: add an operation `x-note` saying why"),
            );
        }
    }
    check_fields(f, "response.fields", &spec.response.fields, kinds, errors);
    if let Some(protocol) = protocol {
        check_http(f, protocol, errors);
    }
    if let Some(p) = &spec.pagination {
        check_pagination(f, p, errors);
    }
    if protocol.is_some_and(|p| !p.is_rest()) {
        for (i, p) in spec.request.parameters.iter().enumerate() {
            if let Some(place @ (Location::Body | Location::Header)) = p.location {
                let place = if place == Location::Body { "body" } else { "header" };
                errors.push(f.error(
                    format!("request.parameters[{i}].in"),
                    format!("rpc operations send every parameter in the query: `in: {place}` is for rest services"),
                ));
            }
        }
    }
    for (i, e) in spec.errors.iter().enumerate() {
        if !(100..=599).contains(&e.status) {
            errors.push(f.error(format!("errors[{i}].status"), format!("{} is not an HTTP status", e.status)));
        } else if e.status < 400 {
            // Pages list "200 OK" among their return codes; the importer leaves it out.
            errors.push(f.error(
                format!("errors[{i}].status"),
                format!("{} is not an error status (errors are 4xx and 5xx); remove the row", e.status),
            ));
        }
        let key = |x: &crate::spec::ErrorCode| (x.status, x.code.clone(), x.message.clone());
        if let Some(first) = spec.errors[..i].iter().position(|x| key(x) == key(e)) {
            errors.push(f.error(
                format!("errors[{i}]"),
                format!("repeats errors[{first}] (the same status, code and message); remove one"),
            ));
        }
    }
    for (i, r) in spec.examples.responses.iter().enumerate() {
        let path = format!("examples.responses[{i}]");
        match r.format.as_str() {
            "json" => {
                if let Err(e) = serde_json::from_str::<serde_json::Value>(&r.body) {
                    errors.push(f.error(format!("{path}.body"), format!("the JSON sample does not parse: {e}")));
                }
            }
            "xml" => {}
            other => {
                errors.push(f.error(format!("{path}.format"), format!("unknown sample format \"{other}\" (json, xml)")))
            }
        }
    }
}

fn check_pagination(f: &Parsed<OperationFile>, p: &crate::spec::Pagination, errors: &mut Vec<SpecError>) {
    let spec = &f.spec;
    let param = |name: &str| spec.request.parameters.iter().find(|x| x.name == name);
    let field = |name: &str| spec.response.fields.iter().find(|x| x.name == name);
    let mut err = |key: &str, msg: String| errors.push(f.error(format!("pagination.{key}"), msg));
    type Keys<'a> = Vec<(&'static str, &'a Option<String>)>;
    let (needed, unused): (Keys<'_>, Keys<'_>) = match p.style {
        PagingStyle::PageNumber => (
            vec![("page_number", &p.page_number), ("page_size", &p.page_size), ("total_count", &p.total_count)],
            vec![("token", &p.token), ("next_token", &p.next_token), ("max_results", &p.max_results)],
        ),
        PagingStyle::Token => (
            vec![("token", &p.token), ("next_token", &p.next_token)],
            vec![("page_number", &p.page_number), ("page_size", &p.page_size), ("total_count", &p.total_count)],
        ),
    };
    let style = match p.style {
        PagingStyle::PageNumber => "page_number",
        PagingStyle::Token => "token",
    };
    for (key, value) in unused {
        if value.is_some() {
            err(key, format!("`{key}` does not apply to `style: {style}` paging"));
        }
    }
    for (key, value) in needed {
        if value.is_none() {
            err(key, format!("`style: {style}` paging needs `{key}`"));
        }
    }
    let is = |e: Option<&Element>, ty: &str| e.is_some_and(|x| x.ty.as_deref() == Some(ty));
    for (key, name) in [("page_number", &p.page_number), ("page_size", &p.page_size), ("max_results", &p.max_results)] {
        if let Some(name) = name {
            if !is(param(name), "integer") {
                err(key, format!("\"{name}\" is not an integer request parameter"));
            }
        }
    }
    if let Some(name) = &p.total_count {
        if !is(field(name), "integer") {
            err("total_count", format!("\"{name}\" is not an integer response field"));
        }
    }
    if let Some(name) = &p.token {
        if !is(param(name), "string") {
            err("token", format!("\"{name}\" is not a string request parameter"));
        }
    }
    if let Some(name) = &p.next_token {
        if !is(field(name), "string") {
            err("next_token", format!("\"{name}\" is not a string response field"));
        }
    }
    if !is(field(&p.items), "array") {
        err("items", format!("\"{}\" is not an array response field", p.items));
    }
}

fn check_http(f: &Parsed<OperationFile>, protocol: Protocol, errors: &mut Vec<SpecError>) {
    let spec = &f.spec;
    let path_params: Vec<&str> = spec
        .request
        .parameters
        .iter()
        .filter(|p| p.location == Some(Location::Path))
        .map(|p| p.name.as_str())
        .collect();
    match (protocol.is_rest(), spec.http.as_ref().and_then(|h| h.path.as_deref())) {
        (true, None) => errors.push(f.error("http", "a rest operation needs `http.path`")),
        (true, Some(template)) => {
            let placeholders = placeholders(template);
            for name in &placeholders {
                if !path_params.contains(&name.as_str()) {
                    errors.push(f.error("http.path", format!("\"{{{name}}}\" has no parameter with `in: path`")));
                }
            }
            for (i, p) in spec.request.parameters.iter().enumerate() {
                if p.location == Some(Location::Path) && !placeholders.contains(&p.name) {
                    errors.push(
                        f.error(format!("request.parameters[{i}].in"), format!("\"{}\" is not in http.path", p.name)),
                    );
                }
            }
        }
        (false, path) => {
            if path.is_some_and(|p| p != "/") {
                errors.push(f.error("http.path", "rpc operations are sent to \"/\""));
            }
            if let Some(name) = path_params.first() {
                errors.push(f.error("request", format!("rpc operations have no path parameters (\"{name}\")")));
            }
        }
    }
}

/// The `{name}` placeholders of a path template.
pub fn placeholders(template: &str) -> Vec<String> {
    template.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned())).collect()
}

/// The wire-name patterns a parameter stands for: its identity.
pub fn wire_patterns(p: &Element) -> Vec<String> {
    match p.style {
        Some(Style::Numbered) => vec![format!("{}.N", p.name)],
        Some(Style::NumberedGroup) => p.members.iter().map(|m| format!("{}.N.{}", p.name, m.name)).collect(),
        _ => vec![p.name.clone()],
    }
}

fn check_fields<T>(f: &Parsed<T>, path: &str, fields: &[Element], kinds: &ShapeKinds, errors: &mut Vec<SpecError>) {
    let mut names = HashSet::new();
    for (i, field) in fields.iter().enumerate() {
        let p = format!("{path}[{i}]");
        check_element(f, &p, field, Role::Field, kinds, errors);
        if !names.insert(field.name.as_str()) {
            errors.push(f.error(format!("{p}.name"), format!("duplicate field \"{}\"", field.name)));
        }
    }
}

fn check_element<T>(
    f: &Parsed<T>,
    path: &str,
    e: &Element,
    role: Role,
    kinds: &ShapeKinds,
    errors: &mut Vec<SpecError>,
) {
    let mut err = |key: &str, msg: String| errors.push(f.error(format!("{path}.{key}"), msg));
    if e.name.is_empty() {
        err("name", "the name is empty".into());
    }
    let not_here = match role {
        Role::Param => vec![("wrapper", e.wrapper.is_some())],
        Role::Member => {
            vec![("in", e.location.is_some()), ("style", e.style.is_some()), ("idempotency_token", e.idempotency_token)]
        }
        Role::Field => {
            vec![("in", e.location.is_some()), ("style", e.style.is_some()), ("idempotency_token", e.idempotency_token)]
        }
    };
    for (key, present) in not_here {
        if present {
            let what = match role {
                Role::Param => "a request parameter",
                Role::Member => "a member of an object (it is written as its parent's style says)",
                Role::Field => "a response or shape field",
            };
            err(key, format!("`{key}` does not apply to {what}"));
        }
    }
    if e.x_added && e.x_note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        err(
            "x-added",
            "`x-added` is an element the page does not document: add an `x-note` saying where it comes from".into(),
        );
    }
    if let Some(name) = &e.x_rust_name {
        if !naming::is_ident(&naming::ident(name)) {
            err(
                "x-rust-name",
                format!(
                    "\"{name}\" is not a Rust identifier (ASCII letters, digits and `_`, not starting with a digit)"
                ),
            );
        } else if naming::snake(name) != *name {
            err("x-rust-name", format!("\"{name}\" is not a snake_case name"));
        }
    }
    if let Some(w) = &e.wrapper {
        if !naming::is_ident(w) || w.starts_with("r#") {
            err(
                "wrapper",
                format!("the wrapper key \"{w}\" must also be a Rust identifier (ASCII letters, digits and `_`, not a keyword): the SDK names each wrapper key by a type"),
            );
        }
    }
    let location = e.location.unwrap_or(Location::Query);
    if role == Role::Param && e.idempotency_token {
        let string_scalar = e.ty.as_deref() == Some("string") && e.enum_values.is_none() && e.shape.is_none();
        let simple =
            matches!(e.style, None | Some(Style::Simple)) && matches!(location, Location::Query | Location::Body);
        if !(string_scalar && simple) {
            err(
                "idempotency_token",
                "the idempotency token is a string parameter of style `simple`, in the query or the body".into(),
            );
        }
    }

    if e.style == Some(Style::NumberedGroup) {
        if e.members.is_empty() {
            err("members", "a numbered_group parameter needs `members`".into());
        }
        if e.ty.is_some() || e.shape.is_some() {
            err("type", "a numbered_group parameter has `members` instead of a type".into());
        }
        check_members(f, &format!("{path}.members"), &e.members, kinds, errors);
        return;
    }
    let is_object = e.ty.as_deref() == Some("object");
    if !e.members.is_empty() && !is_object {
        err("members", "`members` needs `type: object` (or `style: numbered_group`)".into());
    }
    if e.additional_properties.is_some() && !is_object {
        err("additionalProperties", "`additionalProperties` needs `type: object`".into());
    }
    if is_object {
        check_object(f, path, &e.members, e.additional_properties.as_deref(), kinds, errors);
    } else {
        check_type(f, path, e.ty.as_deref(), e.format.as_deref(), e.shape.as_deref(), kinds, errors);
    }
    let mut err = |key: &str, msg: String| errors.push(f.error(format!("{path}.{key}"), msg));

    let is_array = e.ty.as_deref() == Some("array");
    match (&e.items, is_array) {
        (None, true) => err("items", "an array needs `items`".into()),
        (Some(_), false) => err("items", "`items` needs `type: array`".into()),
        (Some(items), true) => check_items(f, &format!("{path}.items"), items, kinds, errors),
        (None, false) => {}
    }
    let mut err = |key: &str, msg: String| errors.push(f.error(format!("{path}.{key}"), msg));
    if e.wrapper.is_some() && !is_array {
        err("wrapper", "`wrapper` needs `type: array`".into());
    }
    if let Some(values) = &e.enum_values {
        if e.ty.as_deref() != Some("string") {
            err("enum", "an inline `enum` needs `type: string`".into());
        }
        check_enum_values(f, &format!("{path}.enum"), values, errors);
    }
    if role != Role::Param {
        return;
    }
    let enum_like = e.enum_values.is_some() || e.shape.as_ref().is_some_and(|s| kinds.get(s) == Some(&true));
    let struct_shape = e.shape.as_ref().is_some_and(|s| kinds.get(s) == Some(&false));
    let scalar = e.ty.as_deref().is_some_and(|t| SCALARS.contains(&t)) || enum_like;
    let known = e.ty.as_deref().is_none_or(|t| SCALARS.contains(&t) || t == "array" || t == "object");
    if !known {
        return; // reported by check_type
    }
    let mut err = |key: &str, msg: String| errors.push(f.error(format!("{path}.{key}"), msg));
    match (location, e.style) {
        (Location::Body, None) => {}
        (Location::Body, Some(s)) => {
            err("style", format!("a body parameter is written as JSON: `style: {}` does not apply", style_name(s)))
        }
        (Location::Path | Location::Header, None | Some(Style::Simple)) if !scalar => err(
            "type",
            format!(
                "a {} parameter is a scalar or an enum",
                if location == Location::Path { "path" } else { "header" }
            ),
        ),
        (Location::Path | Location::Header, Some(s)) if s != Style::Simple => err(
            "style",
            format!("`style: {}` is for query parameters; path and header parameters are single values", style_name(s)),
        ),
        (Location::Path | Location::Header, _) => {}
        (Location::Query, Some(Style::Json)) if scalar => err(
            "style",
            "`style: json` sends a list, an object or a map as JSON text: this parameter is a scalar".into(),
        ),
        (Location::Query, Some(Style::Numbered)) if !is_array => {
            err("style", "`numbered` parameters are arrays (`Name.N`): add `type: array` and `items`".into())
        }
        (Location::Query, Some(Style::Dotted)) if !(is_object || struct_shape) => err(
            "style",
            "`dotted` parameters are objects (`Name.Member`): `type: object` with `members`, or a struct `shape`"
                .into(),
        ),
        (Location::Query, None | Some(Style::Simple | Style::Comma)) if !scalar => {
            let what = if is_array {
                "a list needs a `style` (`numbered` or `json`)"
            } else {
                "an object needs a `style` (`dotted` or `json`)"
            };
            err(
                if struct_shape { "shape" } else { "type" },
                format!("a query parameter is a scalar or an enum; {what}"),
            )
        }
        (Location::Query, _) => {}
    }
}

fn style_name(s: Style) -> &'static str {
    match s {
        Style::Simple => "simple",
        Style::Comma => "comma",
        Style::Json => "json",
        Style::Numbered => "numbered",
        Style::NumberedGroup => "numbered_group",
        Style::Dotted => "dotted",
    }
}

/// An inline object: `members`, or a map's `additionalProperties`, not both.
fn check_object<T>(
    f: &Parsed<T>,
    path: &str,
    members: &[Element],
    values: Option<&Items>,
    kinds: &ShapeKinds,
    errors: &mut Vec<SpecError>,
) {
    match (members.is_empty(), values) {
        (true, None) => errors.push(f.error(
            format!("{path}.type"),
            "an object needs `members` (a struct) or `additionalProperties` (a map), or use `shape: <Name>`",
        )),
        (false, Some(_)) => errors.push(f.error(
            format!("{path}.additionalProperties"),
            "an object has either `members` (a struct) or `additionalProperties` (a map), not both",
        )),
        (false, None) => check_members(f, &format!("{path}.members"), members, kinds, errors),
        (true, Some(values)) => check_items(f, &format!("{path}.additionalProperties"), values, kinds, errors),
    }
}

fn check_members<T>(f: &Parsed<T>, path: &str, members: &[Element], kinds: &ShapeKinds, errors: &mut Vec<SpecError>) {
    let mut seen = HashSet::new();
    for (i, m) in members.iter().enumerate() {
        let mp = format!("{path}[{i}]");
        check_element(f, &mp, m, Role::Member, kinds, errors);
        if !seen.insert(m.name.as_str()) {
            errors.push(f.error(format!("{mp}.name"), format!("duplicate member \"{}\"", m.name)));
        }
    }
}

fn check_items<T>(f: &Parsed<T>, path: &str, items: &Items, kinds: &ShapeKinds, errors: &mut Vec<SpecError>) {
    match items.ty.as_deref() {
        Some("array") => {
            errors.push(f.error(format!("{path}.type"), "arrays of arrays are not supported".to_owned()));
        }
        Some("object") => {
            check_object(f, path, &items.members, items.additional_properties.as_deref(), kinds, errors);
        }
        ty => {
            if !items.members.is_empty() {
                errors.push(f.error(format!("{path}.members"), "`members` needs `type: object`".to_owned()));
            }
            if items.additional_properties.is_some() {
                errors.push(f.error(
                    format!("{path}.additionalProperties"),
                    "`additionalProperties` needs `type: object`".to_owned(),
                ));
            }
            check_type(f, path, ty, items.format.as_deref(), items.shape.as_deref(), kinds, errors);
            if let Some(values) = &items.enum_values {
                if ty != Some("string") {
                    errors.push(f.error(format!("{path}.enum"), "an inline `enum` needs `type: string`".to_owned()));
                }
                check_enum_values(f, &format!("{path}.enum"), values, errors);
            }
        }
    }
}

fn check_type<T>(
    f: &Parsed<T>,
    path: &str,
    ty: Option<&str>,
    format: Option<&str>,
    shape: Option<&str>,
    kinds: &ShapeKinds,
    errors: &mut Vec<SpecError>,
) {
    let mut err = |key: &str, msg: String| errors.push(f.error(format!("{path}.{key}"), msg));
    match (ty, shape) {
        (None, None) => err("type", "missing `type` or `shape`".into()),
        (Some(_), Some(_)) => err("shape", "use either `type` or `shape`, not both".into()),
        (None, Some(name)) => {
            if !kinds.contains_key(name) {
                err("shape", format!("unknown shape \"{name}\" (no shapes/{name}.yaml in this service)"));
            }
        }
        (Some(t), None) if !SCALARS.contains(&t) && t != "array" && t != "object" => {
            err("type", format!("unknown type \"{t}\" (string, integer, number, boolean, array, object)"))
        }
        (Some(_), None) => {}
    }
    let ok_format = match (ty, format) {
        (_, None) => true,
        (Some("integer"), Some(f)) => ["int32", "int64"].contains(&f),
        (Some("number"), Some(f)) => ["float", "double"].contains(&f),
        (Some("string"), Some(_)) => true,
        _ => false,
    };
    if !ok_format {
        err(
            "format",
            format!(
                "format \"{}\" does not apply to type \"{}\" (integer: int32, int64; number: float, double)",
                format.unwrap_or_default(),
                ty.unwrap_or("?")
            ),
        );
    }
}

fn check_enum_values<T>(f: &Parsed<T>, path: &str, values: &[crate::spec::EnumValue], errors: &mut Vec<SpecError>) {
    if values.is_empty() {
        errors.push(f.error(path, "an enum needs at least one value".to_owned()));
    }
    let mut seen = HashSet::new();
    for (i, v) in values.iter().enumerate() {
        if !seen.insert(v.value.as_str()) {
            errors.push(f.error(format!("{path}[{i}].value"), format!("duplicate enum value \"{}\"", v.value)));
        }
        if let Some(name) = &v.x_rust_name {
            let message = if !naming::is_ident(&naming::ident(name)) {
                format!(
                    "\"{name}\" is not a Rust identifier (ASCII letters, digits and `_`, not starting with a digit)"
                )
            } else if naming::camel(name) != *name {
                format!("\"{name}\" is not an UpperCamelCase name")
            } else {
                continue;
            };
            errors.push(f.error(format!("{path}[{i}].x-rust-name"), message));
        }
    }
}
