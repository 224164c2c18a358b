//! The semantic API diff: two IRs in, the changes a user of the generated crate sees out,
//! each with a verdict and the Rust item it touches.
//!
//! Elements are paired by their identity (specs/README.md, "Identity"), never by position,
//! so reordering or reformatting a spec is no change. Parameters, fields and shapes left
//! unpaired are paired a second time by Rust name: a wire rename that keeps the Rust name
//! (`ImageId` → `imageId`, both `image_id`) is one change, not a removal and an addition.
//!
//! Every verdict comes from one function, [`Kind::verdict`].

use crate::ir::{self, Field, Ir, Operation, Param, ParamKind, Service, Shape, ShapeKind, Type};
use serde::Serialize;
use std::collections::BTreeMap;

/// What a change means for users of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Code that compiled and worked against the old crate may not any more.
    Breaking,
    /// Existing code keeps compiling and behaving as documented (types are
    /// `#[non_exhaustive]`, enums have `Unknown`).
    Compatible,
    /// Only documentation changed (descriptions, examples, samples, limits): listed apart.
    Documentation,
}

/// The kind of a change. The verdict of each kind is decided in [`Kind::verdict`], and
/// only there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    ServiceAdded,
    ServiceRemoved,
    /// API version, endpoints, signing, protocol: the wire changes, the Rust API does not.
    ServiceSettingChanged,
    /// The Cargo feature that compiles the service: users name it in their manifest.
    FeatureRenamed,
    OperationAdded,
    /// The client method or the request/output types got another Rust name.
    OperationRenamed,
    OperationRemoved,
    /// HTTP method or path, idempotency: behaviour on the wire, same Rust API.
    OperationSettingChanged,
    OptionalParameterAdded,
    RequiredParameterAdded,
    ParameterRemoved,
    /// The Rust setter has a new name (`x-rust-name`, or a wire rename that changes it).
    ParameterRenamed,
    /// The wire name changed and the Rust setter kept its name.
    ParameterWireRenamed,
    ParameterRetyped,
    ParameterMadeRequired,
    ParameterMadeOptional,
    /// A style change that keeps every setter (`simple` → `comma` adds the plural setter).
    ParameterStyleWidened,
    /// A style change that changes a setter's signature.
    ParameterStyleChanged,
    /// `in: query` ↔ `in: path`.
    ParameterLocationChanged,
    FieldAdded,
    FieldRemoved,
    FieldRenamed,
    FieldWireRenamed,
    FieldRetyped,
    /// The array wrapper key on the wire; the Rust field is the same.
    WrapperChanged,
    /// `x-sensitive` set or cleared: only what `Debug` prints changes.
    SensitivityChanged,
    /// `deprecated` set or cleared: a warning, not an error.
    DeprecationChanged,
    ShapeAdded,
    ShapeRemoved,
    ShapeRenamed,
    /// A struct became an enum or the reverse.
    ShapeKindChanged,
    EnumValueAdded,
    EnumValueRemoved,
    EnumValueRenamed,
    PaginationAdded,
    PaginationRemoved,
    /// Paging wire names changed; the paginator yields the same item type.
    PaginationWireChanged,
    /// The paginator yields another item type.
    PaginationItemChanged,
    ErrorAdded,
    ErrorRemoved,
    DescriptionChanged,
}

impl Kind {
    /// The verdict rules, in one place.
    pub fn verdict(self) -> Verdict {
        use Kind::*;
        match self {
            // Removing or changing what users name or match on breaks them.
            ServiceRemoved
            | FeatureRenamed
            | OperationRemoved
            | OperationRenamed
            | ParameterRemoved
            | ParameterRenamed
            | ParameterRetyped
            | ParameterStyleChanged
            | FieldRemoved
            | FieldRenamed
            | FieldRetyped
            | ShapeRemoved
            | ShapeRenamed
            | ShapeKindChanged
            | EnumValueRemoved
            | EnumValueRenamed
            | PaginationRemoved
            | PaginationItemChanged => Verdict::Breaking,
            // A call that was complete is not any more: the service rejects it.
            RequiredParameterAdded | ParameterMadeRequired => Verdict::Breaking,
            // New items: structs and enums are #[non_exhaustive], enums have Unknown(String).
            ServiceAdded
            | OperationAdded
            | OptionalParameterAdded
            | FieldAdded
            | ShapeAdded
            | EnumValueAdded
            | PaginationAdded
            | ParameterMadeOptional
            | ParameterStyleWidened => Verdict::Compatible,
            // The wire changes under the same Rust API; the runtime follows the spec.
            ServiceSettingChanged
            | OperationSettingChanged
            | ParameterWireRenamed
            | ParameterLocationChanged
            | FieldWireRenamed
            | WrapperChanged
            | PaginationWireChanged => Verdict::Compatible,
            // Error codes are data (`ServiceError::code()` of the operation's `cloudsdk::Error`), not Rust items.
            ErrorAdded | ErrorRemoved => Verdict::Compatible,
            SensitivityChanged | DeprecationChanged => Verdict::Compatible,
            DescriptionChanged => Verdict::Documentation,
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The service identity (`aliyun/ecs`).
    pub service: String,
    /// What the change is grouped under: an operation name, `types::<Shape>`, or `service`.
    pub group: String,
    /// The element's identity inside its group (`parameter PageSize`, `field Size`).
    pub element: String,
    pub kind: Kind,
    pub verdict: Verdict,
    /// The Rust item touched (`cloudsdk::aliyun::ecs::types::Image::size`).
    pub rust_item: String,
    /// What changed, in words.
    pub detail: String,
}

/// Every change between two IRs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub changes: Vec<Change>,
}

impl Report {
    /// Whether any change is breaking.
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.verdict == Verdict::Breaking)
    }

    /// The number of changes with `verdict`.
    pub fn count(&self, verdict: Verdict) -> usize {
        self.changes.iter().filter(|c| c.verdict == verdict).count()
    }
}

/// Compares the IR of the base specs with the IR of the new ones.
pub fn diff(base: &Ir, head: &Ir) -> Report {
    let mut out = Vec::new();
    for pair in pair_by(&base.services, &head.services, Service::identity, |_| None) {
        match pair {
            Pair::Removed(s) => push(&mut out, s, "service", "service", Kind::ServiceRemoved, s.rust_path(), "removed"),
            Pair::Added(s) => push(&mut out, s, "service", "service", Kind::ServiceAdded, s.rust_path(), "added"),
            Pair::Both(a, b) => service(&mut out, a, b),
        }
    }
    Report { changes: out }
}

fn push(out: &mut Vec<Change>, s: &Service, group: &str, element: &str, kind: Kind, item: String, detail: &str) {
    out.push(Change {
        service: s.identity(),
        group: group.to_owned(),
        element: element.to_owned(),
        kind,
        verdict: kind.verdict(),
        rust_item: item,
        detail: detail.to_owned(),
    });
}

enum Pair<'a, T> {
    Removed(&'a T),
    Added(&'a T),
    Both(&'a T, &'a T),
}

/// Pairs two lists by identity, then what is left by `fallback` (a Rust name); the result
/// follows the new list's order, removed elements first.
fn pair_by<'a, T>(
    base: &'a [T],
    head: &'a [T],
    id: impl Fn(&T) -> String,
    fallback: impl Fn(&T) -> Option<String>,
) -> Vec<Pair<'a, T>> {
    let mut left: Vec<Option<&T>> = base.iter().map(Some).collect();
    let mut matched: Vec<Option<&T>> = Vec::new();
    for h in head {
        let hid = id(h);
        let found = left.iter_mut().find(|b| b.is_some_and(|b| id(b) == hid)).and_then(Option::take);
        matched.push(found);
    }
    for (i, h) in head.iter().enumerate() {
        if matched[i].is_none() {
            if let Some(key) = fallback(h) {
                matched[i] = left
                    .iter_mut()
                    .find(|b| b.is_some_and(|b| fallback(b).as_ref() == Some(&key)))
                    .and_then(Option::take);
            }
        }
    }
    let mut pairs: Vec<Pair<'a, T>> = left.into_iter().flatten().map(Pair::Removed).collect();
    for (h, b) in head.iter().zip(matched) {
        pairs.push(match b {
            Some(b) => Pair::Both(b, h),
            None => Pair::Added(h),
        });
    }
    pairs
}

struct Cx<'o, 's> {
    out: &'o mut Vec<Change>,
    service: &'s Service,
}

impl Cx<'_, '_> {
    fn push(&mut self, group: &str, element: String, kind: Kind, item: String, detail: String) {
        self.out.push(Change {
            service: self.service.identity(),
            group: group.to_owned(),
            element,
            kind,
            verdict: kind.verdict(),
            rust_item: item,
            detail,
        });
    }
}

fn service(out: &mut Vec<Change>, a: &Service, b: &Service) {
    let mut cx = Cx { out, service: b };
    let root = b.rust_path();
    let settings: [(&str, String, String); 7] = [
        ("api_version", a.api_version.clone(), b.api_version.clone()),
        ("protocol", a.protocol.describe(), b.protocol.describe()),
        ("endpoints", format!("{} {} {:?}", a.scheme, a.endpoint_pattern, a.endpoint_regions), {
            format!("{} {} {:?}", b.scheme, b.endpoint_pattern, b.endpoint_regions)
        }),
        ("signing.name", a.signing_name.clone(), b.signing_name.clone()),
        ("signing.default", a.signing_default.spec_name().into(), b.signing_default.spec_name().into()),
        (
            "signing.algorithms",
            a.signing_algorithms.iter().map(|s| s.spec_name()).collect::<Vec<_>>().join(", "),
            b.signing_algorithms.iter().map(|s| s.spec_name()).collect::<Vec<_>>().join(", "),
        ),
        ("region_parameter", format!("{:?}", a.region_parameter), format!("{:?}", b.region_parameter)),
    ];
    for (key, x, y) in settings {
        if x != y {
            cx.push("service", key.into(), Kind::ServiceSettingChanged, root.clone(), format!("`{x}` → `{y}`"));
        }
    }
    if a.feature != b.feature {
        // The Cargo feature users enable is part of their manifest.
        cx.push(
            "service",
            "feature".into(),
            Kind::FeatureRenamed,
            root.clone(),
            format!("Cargo feature `{}` → `{}`", a.feature, b.feature),
        );
    }
    if a.title != b.title || a.description != b.description {
        cx.push("service", "service".into(), Kind::DescriptionChanged, root.clone(), "title or description".into());
    }
    for pair in pair_by(&a.operations, &b.operations, Operation::identity, |o| Some(o.method.clone())) {
        match pair {
            Pair::Removed(o) => {
                cx.push(&o.name, "operation".into(), Kind::OperationRemoved, op_item(a, o), "removed".into())
            }
            Pair::Added(o) => cx.push(&o.name, "operation".into(), Kind::OperationAdded, op_item(b, o), "added".into()),
            Pair::Both(x, y) => operation(&mut cx, a, x, y),
        }
    }
    for pair in pair_by(&a.shapes, &b.shapes, Shape::identity, |s| Some(s.name.clone())) {
        match pair {
            Pair::Removed(s) => {
                let g = format!("types::{}", s.name);
                cx.push(&g, "shape".into(), Kind::ShapeRemoved, shape_item(a, s), "removed".into())
            }
            Pair::Added(s) => {
                let g = format!("types::{}", s.name);
                cx.push(&g, "shape".into(), Kind::ShapeAdded, shape_item(b, s), "added".into())
            }
            Pair::Both(x, y) => shape(&mut cx, a, x, y),
        }
    }
}

fn op_item(s: &Service, o: &Operation) -> String {
    format!("{}::Client::{}", s.rust_path(), o.method)
}

fn shape_item(s: &Service, x: &Shape) -> String {
    format!("{}::types::{}", s.rust_path(), x.name)
}

fn operation(cx: &mut Cx, sa: &Service, a: &Operation, b: &Operation) {
    let g = b.name.as_str();
    let root = cx.service.rust_path();
    let op = op_item(cx.service, b);
    if a.method != b.method {
        cx.push(g, "operation".into(), Kind::OperationRenamed, op_item(sa, a), format!("method → `{}`", b.method));
    }
    for (key, x, y) in [
        // Paired by method name: `DescribeWidgets` → `describeWidgets` changes only the wire.
        ("name", a.name.clone(), b.name.clone()),
        ("http", format!("{} {}", a.http_method, a.http_path), format!("{} {}", b.http_method, b.http_path)),
        ("idempotent", a.idempotent.to_string(), b.idempotent.to_string()),
        ("idempotency_token", format!("{:?}", a.idempotency_token), format!("{:?}", b.idempotency_token)),
    ] {
        if x != y {
            cx.push(g, key.into(), Kind::OperationSettingChanged, op.clone(), format!("`{x}` → `{y}`"));
        }
    }
    if (&a.summary, &a.description, &a.source_page, &a.source_url, &a.json_samples)
        != (&b.summary, &b.description, &b.source_page, &b.source_url, &b.json_samples)
    {
        cx.push(
            g,
            "operation".into(),
            Kind::DescriptionChanged,
            op.clone(),
            "summary, description, source or samples".into(),
        );
    }
    let req = |o: &Operation| format!("{root}::{}", o.request_type);
    let group_fallback = |p: &Param| Some(p.rust.clone());
    for pair in pair_by(&a.params, &b.params, Param::identity, group_fallback) {
        match pair {
            Pair::Removed(p) => cx.push(
                g,
                format!("parameter {}", p.identity()),
                Kind::ParameterRemoved,
                format!("{}::{}", req(a), p.rust),
                "removed".into(),
            ),
            Pair::Added(p) => cx.push(
                g,
                format!("parameter {}", p.identity()),
                if p.required { Kind::RequiredParameterAdded } else { Kind::OptionalParameterAdded },
                format!("{}::{}", req(b), p.rust),
                format!("added ({}, {})", if p.required { "required" } else { "optional" }, param_type(p)),
            ),
            Pair::Both(x, y) => param(cx, g, &req(a), &req(b), x, y),
        }
    }
    let output_a = format!("{root}::{}", a.output_type);
    let output_b = format!("{root}::{}", b.output_type);
    fields(cx, g, &output_a, &output_b, &a.fields, &b.fields);
    match (&a.pagination, &b.pagination) {
        (None, Some(_)) => cx.push(
            g,
            "pagination".into(),
            Kind::PaginationAdded,
            format!("{}::into_paginator", req(b)),
            "added".into(),
        ),
        (Some(_), None) => cx.push(
            g,
            "pagination".into(),
            Kind::PaginationRemoved,
            format!("{}::into_paginator", req(a)),
            "removed".into(),
        ),
        (Some(x), Some(y)) if x.item_ty != y.item_ty => cx.push(
            g,
            "pagination".into(),
            Kind::PaginationItemChanged,
            format!("{}::into_paginator", req(b)),
            format!("items `{}` → `{}`", x.item_ty.rust(), y.item_ty.rust()),
        ),
        (Some(x), Some(y)) if x != y => cx.push(
            g,
            "pagination".into(),
            Kind::PaginationWireChanged,
            format!("{}::into_paginator", req(b)),
            paging_wire(x, y),
        ),
        _ => {}
    }
    for pair in pair_by(&a.errors, &b.errors, ir::ErrorCode::identity, |_| None) {
        match pair {
            Pair::Removed(e) => {
                cx.push(g, format!("error {}", e.identity()), Kind::ErrorRemoved, op.clone(), "removed".into())
            }
            Pair::Added(e) => {
                cx.push(g, format!("error {}", e.identity()), Kind::ErrorAdded, op.clone(), "added".into())
            }
            Pair::Both(x, y) if x != y => cx.push(
                g,
                format!("error {}", y.identity()),
                Kind::DescriptionChanged,
                op.clone(),
                "message or description".into(),
            ),
            Pair::Both(..) => {}
        }
    }
}

/// Which paging wire names changed (`page_size `PageSize` → `MaxResults``).
fn paging_wire(a: &ir::Pagination, b: &ir::Pagination) -> String {
    let names = |p: &ir::Pagination| -> Vec<(&'static str, String)> {
        match &p.kind {
            ir::PagingKind::PageNumber { wire, .. } => vec![
                ("style", "page_number".into()),
                ("page_number", wire.page_number.clone()),
                ("page_size", wire.page_size.clone()),
                ("total_count", wire.total_count.clone()),
                ("items", wire.items.clone()),
            ],
            ir::PagingKind::Token { wire, .. } => vec![
                ("style", "token".into()),
                ("token", wire.token.clone()),
                ("next_token", wire.next_token.clone()),
                ("max_results", wire.max_results.clone().unwrap_or_else(|| "-".into())),
                ("items", wire.items.clone()),
            ],
        }
    };
    let (x, y) = (names(a), names(b));
    let changed: Vec<String> = if x.len() == y.len() && x[0] == y[0] {
        x.iter().zip(&y).filter(|(p, q)| p != q).map(|((k, p), (_, q))| format!("{k} `{p}` → `{q}`")).collect()
    } else {
        vec![format!("style `{}` → `{}`", x[0].1, y[0].1)]
    };
    if changed.is_empty() {
        "paging".into()
    } else {
        changed.join(", ")
    }
}

/// The Rust type a parameter's setter takes, in words.
fn param_type(p: &Param) -> String {
    match &p.kind {
        ParamKind::Simple(t) => t.rust(),
        ParamKind::Comma { item, .. } => format!("{} (comma)", item.rust()),
        ParamKind::Json(t) => format!("{} (json)", t.rust()),
        ParamKind::Numbered(t) => format!("Vec<{}> (numbered)", t.rust()),
        ParamKind::Dotted(t) => format!("{} (dotted)", t.rust()),
    }
}

fn style(p: &Param) -> &'static str {
    match &p.kind {
        ParamKind::Simple(_) => "simple",
        ParamKind::Comma { .. } => "comma",
        ParamKind::Json(_) => "json",
        ParamKind::Numbered(_) => "numbered",
        ParamKind::Dotted(_) => "dotted",
    }
}

fn item_type(p: &Param) -> Option<&Type> {
    match &p.kind {
        ParamKind::Simple(t) | ParamKind::Json(t) | ParamKind::Numbered(t) | ParamKind::Dotted(t) => Some(t),
        ParamKind::Comma { item, .. } => Some(item),
    }
}

fn param(cx: &mut Cx, g: &str, req_a: &str, req_b: &str, a: &Param, b: &Param) {
    let el = format!("parameter {}", b.identity());
    let item = format!("{req_b}::{}", b.rust);
    if a.rust != b.rust {
        cx.push(
            g,
            el.clone(),
            Kind::ParameterRenamed,
            format!("{req_a}::{}", a.rust),
            format!("setter `{}` → `{}`", a.rust, b.rust),
        );
    }
    if a.identity() != b.identity() && a.wire != b.wire {
        cx.push(
            g,
            el.clone(),
            Kind::ParameterWireRenamed,
            item.clone(),
            format!("wire name `{}` → `{}`", a.identity(), b.identity()),
        );
    }
    if style(a) != style(b) {
        let widened = matches!((&a.kind, &b.kind), (ParamKind::Simple(x), ParamKind::Comma { item, .. }) if x == item);
        let kind = if widened { Kind::ParameterStyleWidened } else { Kind::ParameterStyleChanged };
        cx.push(g, el.clone(), kind, item.clone(), format!("style `{}` → `{}`", style(a), style(b)));
    } else if param_type(a) != param_type(b) || item_type(a) != item_type(b) {
        cx.push(
            g,
            el.clone(),
            Kind::ParameterRetyped,
            item.clone(),
            format!("type `{}` → `{}`", param_type(a), param_type(b)),
        );
    } else if let (ParamKind::Comma { plural: x, .. }, ParamKind::Comma { plural: y, .. }) = (&a.kind, &b.kind) {
        if x != y {
            cx.push(g, el.clone(), Kind::ParameterRenamed, format!("{req_a}::{x}"), format!("setter `{x}` → `{y}`"));
        }
    }
    if a.required != b.required {
        let kind = if b.required { Kind::ParameterMadeRequired } else { Kind::ParameterMadeOptional };
        cx.push(g, el.clone(), kind, item.clone(), (if b.required { "now required" } else { "now optional" }).into());
    }
    if a.location != b.location {
        let (x, y) = (a.location.spec_name(), b.location.spec_name());
        cx.push(g, el.clone(), Kind::ParameterLocationChanged, item.clone(), format!("in `{x}` → `{y}`"));
    }
    if a.has_secret() != b.has_secret() || a.sensitive != b.sensitive {
        cx.push(
            g,
            el.clone(),
            Kind::SensitivityChanged,
            item.clone(),
            (if b.has_secret() { "now x-sensitive" } else { "no longer x-sensitive" }).into(),
        );
    }
    if a.docs.deprecated.is_some() != b.docs.deprecated.is_some() {
        let detail = if b.docs.deprecated.is_some() { "now deprecated" } else { "no longer deprecated" };
        cx.push(g, el.clone(), Kind::DeprecationChanged, item.clone(), detail.into());
    }
    let changed = docs_changes(&a.docs, &b.docs);
    if !changed.is_empty() {
        cx.push(g, el, Kind::DescriptionChanged, item, changed.join(", "));
    }
}

/// What changed in the documentation of an element, in words (empty when nothing did);
/// setting or clearing `deprecated` is a change of its own (`DeprecationChanged`).
fn docs_changes(a: &ir::Docs, b: &ir::Docs) -> Vec<&'static str> {
    let mut out = Vec::new();
    if a.description != b.description {
        out.push("description");
    }
    if a.example != b.example {
        out.push("example");
    }
    if a.default != b.default {
        out.push("default");
    }
    if a.values != b.values {
        out.push("documented values");
    }
    if a.limits != b.limits {
        out.push("limits");
    }
    if a.note != b.note {
        out.push("x-note");
    }
    if a.deprecated.is_some() && b.deprecated.is_some() && a.deprecated != b.deprecated {
        out.push("deprecation notice");
    }
    out
}

fn fields(cx: &mut Cx, g: &str, owner_a: &str, owner_b: &str, a: &[Field], b: &[Field]) {
    for pair in pair_by(a, b, Field::identity, |f| Some(f.rust.clone())) {
        match pair {
            Pair::Removed(f) => cx.push(
                g,
                format!("field {}", f.identity()),
                Kind::FieldRemoved,
                format!("{owner_a}::{}", f.rust),
                "removed".into(),
            ),
            Pair::Added(f) => cx.push(
                g,
                format!("field {}", f.identity()),
                Kind::FieldAdded,
                format!("{owner_b}::{}", f.rust),
                format!("added (`{}`)", f.ty.rust()),
            ),
            Pair::Both(x, y) => field(cx, g, owner_a, owner_b, x, y),
        }
    }
}

fn field(cx: &mut Cx, g: &str, owner_a: &str, owner_b: &str, a: &Field, b: &Field) {
    let el = format!("field {}", b.identity());
    let item = format!("{owner_b}::{}", b.rust);
    if a.rust != b.rust {
        cx.push(
            g,
            el.clone(),
            Kind::FieldRenamed,
            format!("{owner_a}::{}", a.rust),
            format!("field `{}` → `{}`", a.rust, b.rust),
        );
    }
    if a.wire != b.wire {
        cx.push(g, el.clone(), Kind::FieldWireRenamed, item.clone(), format!("wire name `{}` → `{}`", a.wire, b.wire));
    }
    if a.ty != b.ty {
        cx.push(g, el.clone(), Kind::FieldRetyped, item.clone(), format!("type `{}` → `{}`", a.ty.rust(), b.ty.rust()));
    }
    if a.wrapper != b.wrapper {
        cx.push(
            g,
            el.clone(),
            Kind::WrapperChanged,
            item.clone(),
            format!(
                "wrapper {} → {}",
                a.wrapper.as_deref().map_or("none".into(), |w| format!("`{w}`")),
                b.wrapper.as_deref().map_or("none".into(), |w| format!("`{w}`"))
            ),
        );
    }
    if a.sensitive != b.sensitive {
        let detail = if b.sensitive { "now x-sensitive" } else { "no longer x-sensitive" };
        cx.push(g, el.clone(), Kind::SensitivityChanged, item.clone(), detail.into());
    }
    if a.docs.deprecated.is_some() != b.docs.deprecated.is_some() {
        let detail = if b.docs.deprecated.is_some() { "now deprecated" } else { "no longer deprecated" };
        cx.push(g, el.clone(), Kind::DeprecationChanged, item.clone(), detail.into());
    }
    let changed = docs_changes(&a.docs, &b.docs);
    if !changed.is_empty() {
        cx.push(g, el, Kind::DescriptionChanged, item, changed.join(", "));
    }
}

fn shape(cx: &mut Cx, sa: &Service, a: &Shape, b: &Shape) {
    let g = format!("types::{}", b.name);
    let item_a = shape_item(sa, a);
    let item_b = shape_item(cx.service, b);
    if a.name != b.name {
        cx.push(&g, "shape".into(), Kind::ShapeRenamed, item_a.clone(), format!("type `{}` → `{}`", a.name, b.name));
    }
    if a.description != b.description {
        cx.push(&g, "shape".into(), Kind::DescriptionChanged, item_b.clone(), "description".into());
    }
    match (&a.kind, &b.kind) {
        (ShapeKind::Struct(x), ShapeKind::Struct(y)) => fields(cx, &g, &item_a, &item_b, x, y),
        (ShapeKind::Enum(x), ShapeKind::Enum(y)) => {
            for pair in pair_by(x, y, ir::Variant::identity, |v| Some(v.rust.clone())) {
                match pair {
                    Pair::Removed(v) => cx.push(
                        &g,
                        format!("value {}", v.wire),
                        Kind::EnumValueRemoved,
                        format!("{item_a}::{}", v.rust),
                        "removed".into(),
                    ),
                    Pair::Added(v) => cx.push(
                        &g,
                        format!("value {}", v.wire),
                        Kind::EnumValueAdded,
                        format!("{item_b}::{}", v.rust),
                        "added".into(),
                    ),
                    Pair::Both(v, w) => {
                        if v.rust != w.rust {
                            cx.push(
                                &g,
                                format!("value {}", w.wire),
                                Kind::EnumValueRenamed,
                                format!("{item_a}::{}", v.rust),
                                format!("variant `{}` → `{}`", v.rust, w.rust),
                            );
                        }
                        if v.wire != w.wire {
                            // Same variant, another wire value: what is sent and matched changes.
                            cx.push(
                                &g,
                                format!("value {}", w.wire),
                                Kind::EnumValueRenamed,
                                format!("{item_b}::{}", w.rust),
                                format!("wire value `{}` → `{}`", v.wire, w.wire),
                            );
                        }
                        if v.description != w.description {
                            cx.push(
                                &g,
                                format!("value {}", w.wire),
                                Kind::DescriptionChanged,
                                format!("{item_b}::{}", w.rust),
                                "description".into(),
                            );
                        }
                    }
                }
            }
        }
        _ => cx.push(&g, "shape".into(), Kind::ShapeKindChanged, item_b, "struct ↔ enum".into()),
    }
}

/// The report as Markdown, ready to paste as a pull-request comment: a summary line, then
/// per service and group (operation or type) a table of the changes, documentation-only
/// changes listed apart.
pub fn markdown(report: &Report, base: &str) -> String {
    let mut s = format!(
        "## API changes against `{base}`: {} breaking, {} compatible, {} documentation only\n",
        report.count(Verdict::Breaking),
        report.count(Verdict::Compatible),
        report.count(Verdict::Documentation)
    );
    if report.changes.is_empty() {
        s.push_str("\nNo change to the API.\n");
        return s;
    }
    let mut by_service: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for c in &report.changes {
        by_service.entry(&c.service).or_default().push(c);
    }
    for (service, changes) in by_service {
        s.push_str(&format!("\n### `{service}`\n"));
        let mut groups: BTreeMap<(u8, &str), Vec<&Change>> = BTreeMap::new();
        for c in changes.iter().filter(|c| c.verdict != Verdict::Documentation) {
            let order = if c.group == "service" {
                0
            } else if c.group.starts_with("types::") {
                2
            } else {
                1
            };
            groups.entry((order, &c.group)).or_default().push(c);
        }
        for ((_, group), list) in groups {
            s.push_str(&format!("\n#### `{group}`\n\n| verdict | change | Rust item |\n|---|---|---|\n"));
            let mut list = list;
            list.sort_by_key(|c| c.verdict);
            for c in list {
                let v = match c.verdict {
                    Verdict::Breaking => "**breaking**",
                    Verdict::Compatible => "compatible",
                    Verdict::Documentation => "documentation",
                };
                s.push_str(&format!(
                    "| {v} | {}: {} | `{}` |\n",
                    cell(&element(&c.element)),
                    cell(&c.detail),
                    c.rust_item
                ));
            }
        }
        let docs: Vec<&&Change> = changes.iter().filter(|c| c.verdict == Verdict::Documentation).collect();
        if !docs.is_empty() {
            s.push_str("\n#### Documentation only\n\n");
            for c in docs {
                s.push_str(&format!(
                    "- `{}` {}: {} (`{}`)\n",
                    c.group,
                    cell(&element(&c.element)),
                    cell(&c.detail),
                    c.rust_item
                ));
            }
        }
    }
    s
}

/// `parameter PageSize` → ``parameter `PageSize` ``.
fn element(text: &str) -> String {
    match text.split_once(' ') {
        Some((what, id)) => format!("{what} `{id}`"),
        None => text.to_owned(),
    }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The report as JSON for bots: `{base, breaking, compatible, documentation, changes}`.
pub fn json(report: &Report, base: &str) -> String {
    let value = serde_json::json!({
        "base": base,
        "breaking": report.count(Verdict::Breaking),
        "compatible": report.count(Verdict::Compatible),
        "documentation": report.count(Verdict::Documentation),
        "changes": report.changes,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}
