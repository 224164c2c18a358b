//! Lowering: validated spec structs → the IR, with every Rust name resolved.
//!
//! Names are computed here (through `naming`) and checked for collisions, so a clash such as
//! `ImageId` and `imageId` in one struct is reported against the spec, not by rustc.

use crate::error::SpecError;
use crate::ir::{
    self, Docs, Field, Limits, PagingKind, Param, ParamKind, Protocol, Shape, ShapeKind, Signer, Type, Variant,
};
use crate::load::{LoadedService, Parsed};
use crate::naming::{self, camel, ident, plural, snake, type_name};
use crate::spec::{self, Deprecated, Element, EnumValue, Items, Location, PagingStyle, Scalar, Style};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Lowers one validated service; `label` is how files are named (`specs`).
pub fn service(s: &LoadedService, label: &Path) -> Result<ir::Service, Vec<SpecError>> {
    let spec = &s.service.spec;
    // Validation has checked these; a service that skipped it still gets located errors.
    let Some(protocol) = Protocol::of(&spec.vendor, &spec.protocol) else {
        return Err(vec![s
            .service
            .error("protocol", format!("no protocol for vendor \"{}\" and \"{}\"", spec.vendor, spec.protocol))]);
    };
    let signer = |path: String, name: &str| {
        Signer::from_spec_name(name)
            .ok_or_else(|| s.service.error(path, format!("unknown signing algorithm \"{name}\"")))
    };
    let signing_default = signer("signing.default".into(), &spec.signing.default).map_err(|e| vec![e])?;
    let signing_algorithms = spec
        .signing
        .algorithms
        .iter()
        .enumerate()
        .map(|(i, a)| signer(format!("signing.algorithms[{i}]"), a))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| vec![e])?;
    let mut cx = Cx {
        kinds: BTreeMap::new(),
        shapes: Vec::new(),
        shape_at: std::collections::HashMap::new(),
        errors: Vec::new(),
        wrappers: BTreeSet::new(),
        broken: s.broken_shapes.iter().cloned().collect(),
        inline_enums: BTreeMap::new(),
    };
    for shape in &s.shapes {
        let is_enum = shape.spec.enum_values.is_some();
        cx.kinds.insert(
            shape.spec.shape.clone(),
            if is_enum { Type::Enum(type_name(&shape.spec.shape)) } else { Type::Struct(type_name(&shape.spec.shape)) },
        );
    }
    // Enums first: struct fields and parameters that use them document their values.
    let (enums, structs): (Vec<_>, Vec<_>) = s.shapes.iter().partition(|shape| shape.spec.enum_values.is_some());
    for shape in enums.into_iter().chain(structs) {
        cx.shape(shape);
    }
    let mut operations: Vec<ir::Operation> = s.operations.iter().map(|op| cx.operation(op, spec, protocol)).collect();
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    cx.merge_inline_enums(&mut operations);
    cx.mark_inputs(&mut operations);
    cx.check_type_names();
    cx.check_operation_names(s, &operations);

    if !cx.errors.is_empty() {
        return Err(cx.errors);
    }
    let mut shapes = cx.shapes.into_iter().map(|(_, shape)| shape).collect::<Vec<_>>();
    shapes.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(ir::Service {
        vendor: spec.vendor.clone(),
        module: spec.service.clone(),
        spec_dir: label.join(&s.dir),
        spec_file: s.service.file.clone(),
        title: spec.title.clone(),
        description: spec.description.clone(),
        api_version: spec.api_version.clone(),
        protocol,
        feature: spec.feature.clone(),
        region_parameter: spec.region_parameter.clone(),
        scheme: spec.endpoints.scheme.clone(),
        endpoint_pattern: spec.endpoints.pattern.clone(),
        endpoint_regions: spec.endpoints.regions.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        signing_name: spec.signing.name.clone(),
        signing_default,
        signing_algorithms,
        operations,
        shapes,
        wrapper_keys: cx.wrappers.into_iter().collect(),
    })
}

/// Where a generated name was defined, for collision messages: the error is made (and the
/// file's line index built) only when there is a collision to report.
struct Origin<'a> {
    error: Box<dyn Fn() -> SpecError + 'a>,
}

struct Cx<'a> {
    /// Shape name → its Rust type.
    kinds: BTreeMap<String, Type>,
    /// Every emitted shape with where it came from.
    shapes: Vec<(Origin<'a>, Shape)>,
    /// The position in `shapes` of the first shape of each name, while shapes are only
    /// appended (lowering); checked before use, so a later reordering only costs a search.
    shape_at: std::collections::HashMap<String, usize>,
    errors: Vec<SpecError>,
    wrappers: BTreeSet<String>,
    /// Shapes whose files did not parse: their errors are reported already.
    broken: BTreeSet<String>,
    /// The enums hoisted from an inline `enum`: Rust name → the element's name (`Category`).
    /// Hoisted inline enum → the element's name and the type name without the operation's
    /// name (`RunInstancesSystemDiskCategory` → `Category`, `SystemDiskCategory`).
    inline_enums: BTreeMap<String, (String, String)>,
}

impl<'a> Cx<'a> {
    /// Reports a derived name that cannot be written as a Rust identifier; `from` is the
    /// documented name it came from, `hint` what the author can do.
    fn check_ident<T>(&mut self, f: &'a Parsed<T>, path: &str, name: &str, from: &str, hint: &str) -> bool {
        match naming::ident_problem(name, from) {
            None => true,
            Some(problem) => {
                self.errors.push(f.error(path, format!("{problem}{hint}")));
                false
            }
        }
    }

    fn shape(&mut self, f: &'a Parsed<spec::ShapeFile>) {
        let spec = &f.spec;
        let name = type_name(&spec.shape);
        self.check_ident(f, "shape", &name, &spec.shape, "; give the shape a name with letters");
        let kind = match (&spec.fields, &spec.enum_values) {
            (Some(fields), _) => ShapeKind::Struct(self.fields(f, "fields", &name, fields)),
            (None, Some(values)) => ShapeKind::Enum(self.variants(f, "enum", values)),
            (None, None) => return,
        };
        self.push_shape(Box::new(move || f.error("shape", "")), name, &f.file, spec.description.clone(), kind);
    }

    fn push_shape(
        &mut self,
        origin: Box<dyn Fn() -> SpecError + 'a>,
        name: String,
        file: &Path,
        description: Option<String>,
        kind: ShapeKind,
    ) {
        let module = snake(&name);
        let module = if module == "mod" { "mod_".to_owned() } else { ident(&module) };
        self.shape_at.entry(name.clone()).or_insert(self.shapes.len());
        self.shapes.push((
            Origin { error: origin },
            Shape { name, module, spec_file: file.to_owned(), description, kind, input: false },
        ));
    }

    fn variants<T>(&mut self, f: &'a Parsed<T>, path: &str, values: &[EnumValue]) -> Vec<Variant> {
        let variants: Vec<Variant> = values
            .iter()
            .map(|v| Variant {
                wire: v.value.clone(),
                rust: type_name(v.x_rust_name.as_deref().unwrap_or(&v.value)),
                description: v.description.clone(),
            })
            .collect();
        for (i, (v, value)) in variants.iter().zip(values).enumerate() {
            self.check_ident(
                f,
                &format!("{path}[{i}].value"),
                &v.rust,
                &value.value,
                "; set `x-rust-name` on the value",
            );
        }
        let mut names: Vec<(String, usize)> = vec![("Unknown".to_owned(), usize::MAX)];
        names.extend(variants.iter().enumerate().map(|(i, v)| (v.rust.clone(), i)));
        for (first, second, name) in naming::collisions(&names) {
            let msg = if *first == usize::MAX {
                format!(
                    "enum value \"{}\" becomes the Rust variant `{name}`, which is reserved for undocumented values; set `x-rust-name`",
                    values[*second].value
                )
            } else {
                format!(
                    "enum values \"{}\" and \"{}\" both become the Rust variant `{name}`; set `x-rust-name` on one",
                    values[*first].value, values[*second].value
                )
            };
            self.errors.push(f.error(format!("{path}[{second}].value"), msg));
        }
        variants
    }

    fn fields<T>(&mut self, f: &'a Parsed<T>, path: &str, owner: &str, fields: &[Element]) -> Vec<Field> {
        let out: Vec<Field> = fields
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let p = format!("{path}[{i}]");
                let ty = self.element_type(f, &p, owner, e);
                if let Some(w) = &e.wrapper {
                    self.wrappers.insert(w.clone());
                }
                // A list of inline objects is named by the plural of its prefix, as a
                // parameter is (`LaunchConfiguration.DataDisk.N.*` → `data_disks`).
                let inline_list = e.ty.as_deref() == Some("array")
                    && e.items.as_ref().is_some_and(|i| i.ty.as_deref() == Some("object") && !i.members.is_empty());
                let derived = match snake(&e.name) {
                    n if inline_list && !n.ends_with('s') => plural(&n),
                    n => n,
                };
                let rust = ident(&e.x_rust_name.clone().unwrap_or(derived));
                self.check_ident(f, &format!("{p}.name"), &rust, &e.name, "; set `x-rust-name`");
                Field {
                    wire: e.name.clone(),
                    rust,
                    ty: ty.clone(),
                    wrapper: e.wrapper.clone(),
                    sensitive: e.x_sensitive,
                    required: e.required,
                    docs: self.docs(e, &ty),
                }
            })
            .collect();
        let names: Vec<(String, usize)> = out.iter().enumerate().map(|(i, f)| (f.rust.clone(), i)).collect();
        for (a, b, name) in naming::collisions(&names) {
            self.errors.push(f.error(
                format!("{path}[{b}].name"),
                format!(
                    "\"{}\" and \"{}\" both become the Rust field `{name}`; set `x-rust-name` on one",
                    fields[*a].name, fields[*b].name
                ),
            ));
        }
        out
    }

    /// The Rust type of a field, member or parameter; hoists an inline enum to a shape
    /// named `<owner><Name>`, and an inline object (`type: object` with `members`) to a struct
    /// of the same name.
    fn element_type<T>(&mut self, f: &'a Parsed<T>, path: &str, owner: &str, e: &Element) -> Type {
        if let Some(values) = &e.enum_values {
            let name = type_name(&format!("{owner}{}", camel(&e.name)));
            self.check_ident(f, &format!("{path}.name"), &name, &e.name, "");
            self.inline_enums.insert(name.clone(), (camel(&e.name), after_operation(&f.file, &name)));
            let variants = self.variants(f, &format!("{path}.enum"), values);
            let at = format!("{path}.enum");
            self.push_shape(
                Box::new(move || f.error(at.clone(), "")),
                name.clone(),
                &f.file,
                e.description.clone(),
                ShapeKind::Enum(variants),
            );
            return Type::Enum(name);
        }
        match e.ty.as_deref() {
            Some("array") => match &e.items {
                Some(items) => {
                    Type::Vec(Box::new(self.items_type(f, &format!("{path}.items"), owner, &e.name, items, None)))
                }
                None => {
                    self.errors.push(f.error(format!("{path}.items"), "an array needs `items`"));
                    Type::Vec(Box::new(Type::String))
                }
            },
            Some("object") => self.object_type(
                f,
                path,
                &type_name(&format!("{owner}{}", camel(&e.name))),
                &e.members,
                e.additional_properties.as_deref(),
                e.description.clone(),
            ),
            ty => self.scalar(f, path, ty, e.format.as_deref(), e.shape.as_deref()),
        }
    }

    /// The type of an array's items or a map's values; an inline object is named
    /// `<owner><Name>` (`RunInstances` + `DataDisk`), or `struct_name` when given.
    fn items_type<T>(
        &mut self,
        f: &'a Parsed<T>,
        path: &str,
        owner: &str,
        name: &str,
        items: &Items,
        struct_name: Option<String>,
    ) -> Type {
        if let (Some(values), Some("string")) = (&items.enum_values, items.ty.as_deref()) {
            let type_name = type_name(&format!("{owner}{}", camel(name)));
            self.check_ident(f, &format!("{path}.enum"), &type_name, name, "");
            self.inline_enums.insert(type_name.clone(), (camel(name), after_operation(&f.file, &type_name)));
            let variants = self.variants(f, &format!("{path}.enum"), values);
            let at = format!("{path}.enum");
            self.push_shape(
                Box::new(move || f.error(at.clone(), "")),
                type_name.clone(),
                &f.file,
                None,
                ShapeKind::Enum(variants),
            );
            return Type::Enum(type_name);
        }
        match items.ty.as_deref() {
            Some("object") => {
                let sname = struct_name.unwrap_or_else(|| type_name(&format!("{owner}{}", camel(name))));
                self.object_type(f, path, &sname, &items.members, items.additional_properties.as_deref(), None)
            }
            Some("array") => {
                self.errors.push(f.error(format!("{path}.type"), "arrays of arrays are not supported"));
                Type::String
            }
            ty => self.scalar(f, path, ty, items.format.as_deref(), items.shape.as_deref()),
        }
    }

    /// An inline object: a map when it has `additionalProperties`, else the struct `name`
    /// of its `members`.
    fn object_type<T>(
        &mut self,
        f: &'a Parsed<T>,
        path: &str,
        name: &str,
        members: &[Element],
        values: Option<&Items>,
        description: Option<String>,
    ) -> Type {
        if let Some(values) = values {
            let inner = self.items_type(f, &format!("{path}.additionalProperties"), name, "Value", values, None);
            return Type::Map(Box::new(inner));
        }
        if !self.check_ident(f, &format!("{path}.name"), name, name, "") {
            return Type::String;
        }
        let fields = self.fields(f, &format!("{path}.members"), name, members);
        let at = path.to_owned();
        self.push_shape(
            Box::new(move || f.error(at.clone(), "")),
            name.to_owned(),
            &f.file,
            description,
            ShapeKind::Struct(fields),
        );
        Type::Struct(name.to_owned())
    }

    /// A scalar or shape type, parsed once; an unknown type or shape is a located error
    /// (validation reports it first), never a silent `String`.
    fn scalar<T>(
        &mut self,
        f: &'a Parsed<T>,
        path: &str,
        ty: Option<&str>,
        format: Option<&str>,
        shape: Option<&str>,
    ) -> Type {
        if let Some(shape) = shape {
            if let Some(kind) = self.kinds.get(shape) {
                return kind.clone();
            }
            if !self.broken.contains(shape) {
                self.errors.push(f.error(format!("{path}.shape"), format!("unknown shape \"{shape}\"")));
            }
            return Type::String;
        }
        match (ty, format) {
            (Some("integer"), Some("int64")) => Type::I64,
            (Some("integer"), _) => Type::I32,
            (Some("number"), _) => Type::F64,
            (Some("boolean"), _) => Type::Bool,
            (Some("string"), _) => Type::String,
            (Some(other), _) => {
                self.errors.push(f.error(format!("{path}.type"), format!("unknown type \"{other}\"")));
                Type::String
            }
            (None, _) => {
                self.errors.push(f.error(path.to_owned(), "a type is required (`type` or `shape`)"));
                Type::String
            }
        }
    }

    /// The first shape named `name`.
    fn shape_named(&self, name: &str) -> Option<&(Origin<'a>, Shape)> {
        match self.shape_at.get(name).and_then(|&i| self.shapes.get(i)) {
            Some(found) if found.1.name == name => Some(found),
            _ => self.shapes.iter().find(|(_, s)| s.name == name),
        }
    }

    fn docs(&self, e: &Element, ty: &Type) -> Docs {
        let enum_name = match ty {
            Type::Enum(n) => Some(n),
            Type::Vec(inner) => match inner.as_ref() {
                Type::Enum(n) => Some(n),
                _ => None,
            },
            _ => None,
        };
        let values = enum_name
            .and_then(|n| self.shape_named(n))
            .map(|(_, s)| match &s.kind {
                ShapeKind::Enum(vs) => vs.iter().map(|v| (v.wire.clone(), v.description.clone())).collect(),
                ShapeKind::Struct(_) => Vec::new(),
            })
            .unwrap_or_default();
        Docs {
            description: e.description.clone(),
            example: e.example.as_ref().map(scalar_text),
            default: e.default.as_ref().map(scalar_text),
            values,
            deprecated: e.deprecated.as_ref().and_then(|d| match d {
                Deprecated::Flag(true) => Some(String::new()),
                Deprecated::Flag(false) => None,
                Deprecated::Notice(n) => Some(n.clone()),
            }),
            note: e.x_note.clone(),
            limits: Limits {
                minimum: e.minimum,
                maximum: e.maximum,
                min_length: e.min_length,
                max_length: e.max_length,
                max_items: e.max_items,
            },
        }
    }

    fn operation(
        &mut self,
        f: &'a Parsed<spec::OperationFile>,
        service: &spec::ServiceFile,
        protocol: Protocol,
    ) -> ir::Operation {
        let spec = &f.spec;
        let name = camel(&spec.operation);
        let method = ident(&snake(&spec.operation));
        if self.check_ident(f, "operation", &name, &spec.operation, "") {
            self.check_ident(f, "operation", &method, &spec.operation, "");
        }
        let params: Vec<Param> = spec
            .request
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| self.param(f, &format!("request.parameters[{i}]"), &name, p))
            .collect();
        self.check_setters(f, &params);
        let fields = self.fields(f, "response.fields", &name, &spec.response.fields);
        if protocol.is_rest() && fields.iter().any(|x| x.rust == "request_id") {
            self.errors.push(f.error("response.fields", "`request_id` comes with the envelope; do not list it"));
        }
        let pagination = spec.pagination.as_ref().and_then(|p| {
            let items = fields.iter().find(|x| x.wire == p.items)?;
            let Type::Vec(item) = &items.ty else { return None };
            let kind = match p.style {
                PagingStyle::PageNumber => {
                    let (page_number, page_size, total_count) =
                        (p.page_number.as_ref()?, p.page_size.as_ref()?, p.total_count.as_ref()?);
                    let number = params.iter().find(|x| &x.wire == page_number)?;
                    let total = fields.iter().find(|x| &x.wire == total_count)?;
                    PagingKind::PageNumber {
                        page_number: number.rust.clone(),
                        total_count: total.rust.clone(),
                        total_count_ty: total.ty.clone(),
                        wire: ir::PagingWire {
                            page_number: page_number.clone(),
                            page_size: page_size.clone(),
                            total_count: total_count.clone(),
                            items: p.items.clone(),
                        },
                    }
                }
                PagingStyle::Token => {
                    let (token, next_token) = (p.token.as_ref()?, p.next_token.as_ref()?);
                    let param = params.iter().find(|x| &x.wire == token)?;
                    let next = fields.iter().find(|x| &x.wire == next_token)?;
                    PagingKind::Token {
                        token: param.rust.clone(),
                        next_token: next.rust.clone(),
                        wire: ir::TokenWire {
                            token: token.clone(),
                            next_token: next_token.clone(),
                            max_results: p.max_results.clone(),
                            items: p.items.clone(),
                        },
                    }
                }
            };
            Some(ir::Pagination { items: items.rust.clone(), item_ty: (**item).clone(), kind })
        });
        let default_method = if protocol.is_rest() { "GET" } else { "POST" };
        let http_method = spec
            .http
            .as_ref()
            .map(|h| h.method.to_ascii_uppercase())
            .or_else(|| service.http.as_ref().map(|h| h.method.to_ascii_uppercase()))
            .unwrap_or_else(|| default_method.to_owned());
        ir::Operation {
            name: spec.operation.clone(),
            spec_file: f.file.clone(),
            method,
            request_type: format!("{name}Request"),
            output_type: format!("{name}Output"),
            result_type: format!("{name}Result"),
            summary: spec.summary.clone(),
            description: spec.description.clone(),
            source_page: spec.source.page.clone(),
            source_url: spec.source.url.clone(),
            group: spec.x_group.clone().or_else(|| page_group(&spec.source.page)),
            idempotent: spec.x_idempotent.unwrap_or(matches!(http_method.as_str(), "GET" | "HEAD")),
            idempotency_token: params.iter().find(|p| p.idempotency_token).map(|p| p.wire.clone()),
            http_method,
            http_path: spec.http.as_ref().and_then(|h| h.path.clone()).unwrap_or_else(|| "/".to_owned()),
            params,
            fields,
            pagination,
            errors: spec
                .errors
                .iter()
                .map(|e| ir::ErrorCode {
                    status: e.status,
                    code: e.code.clone(),
                    message: e.message.clone(),
                    description: e.description.clone(),
                    repeated: spec.errors.iter().filter(|x| x.status == e.status && x.code == e.code).count() > 1,
                })
                .collect(),
            json_samples: spec
                .examples
                .responses
                .iter()
                .filter(|r| r.format == "json")
                .map(|r| r.body.clone())
                .collect(),
        }
    }

    fn param(&mut self, f: &'a Parsed<spec::OperationFile>, path: &str, op: &str, p: &Element) -> Param {
        let style = p.style.unwrap_or(Style::Simple);
        let base = p.x_rust_name.clone().unwrap_or_else(|| snake(&p.name));
        let base_ok = self.check_ident(f, &format!("{path}.name"), &ident(&base), &p.name, "; set `x-rust-name`");
        // A list of structs is set by the plural of its prefix (`DataDisk.N.*` → `data_disks`).
        // A prefix that is plural already stays as it is (JD Cloud `filters`).
        let plural_name =
            || p.x_rust_name.clone().unwrap_or_else(|| if base.ends_with('s') { base.clone() } else { plural(&base) });
        // The struct of a list of objects takes the group's singular noun (`RunInstancesDataDisk`).
        let group_struct = || type_name(&format!("{op}{}", camel(&group_noun(p))));
        let (rust, kind, ty) = match style {
            Style::NumberedGroup => {
                let ty = self.object_type(f, path, &group_struct(), &p.members, None, p.description.clone());
                (plural_name(), ParamKind::Numbered(ty.clone()), Type::Vec(Box::new(ty)))
            }
            _ => {
                let ty = match (&p.items, p.ty.as_deref()) {
                    (Some(items), Some("array")) if items.ty.as_deref() == Some("object") => {
                        let name = Some(group_struct());
                        let item = self.items_type(f, &format!("{path}.items"), op, &p.name, items, name);
                        Type::Vec(Box::new(item))
                    }
                    _ => self.element_type(f, path, op, p),
                };
                let item = match &ty {
                    Type::Vec(inner) => (**inner).clone(),
                    other => other.clone(),
                };
                let of_structs = matches!(item, Type::Struct(_));
                match style {
                    Style::Comma => {
                        let plural = ident(&plural(&base));
                        if base_ok {
                            self.check_ident(f, &format!("{path}.name"), &plural, &p.name, "; set `x-rust-name`");
                        }
                        (base, ParamKind::Comma { item, plural }, ty)
                    }
                    Style::Json => (base, ParamKind::Json(ty.clone()), ty),
                    Style::Numbered => {
                        let rust = if of_structs { plural_name() } else { base };
                        (rust, ParamKind::Numbered(item), ty)
                    }
                    Style::Dotted => (base, ParamKind::Dotted(ty.clone()), ty),
                    Style::Simple | Style::NumberedGroup => (base, ParamKind::Simple(ty.clone()), ty),
                }
            }
        };
        let rust = ident(&rust);
        if base_ok {
            self.check_ident(f, &format!("{path}.name"), &rust, &p.name, "; set `x-rust-name`");
        }
        Param {
            wire: p.name.clone(),
            rust,
            kind,
            location: match p.location {
                None | Some(Location::Query) => ir::Location::Query,
                Some(Location::Path) => ir::Location::Path,
                Some(Location::Body) => ir::Location::Body,
                Some(Location::Header) => ir::Location::Header,
            },
            required: p.required,
            idempotency_token: p.idempotency_token,
            sensitive: p.x_sensitive,
            holds_secret: false,
            key: crate::validate::wire_patterns(p).join(","),
            docs: self.docs(p, &ty),
        }
    }

    /// Emits identical inline enums once (as typify merges identical types): enums hoisted
    /// from inline `enum`s of elements of the same name with the same values become one type
    /// (the first one's value descriptions document it; each element keeps its own in its
    /// docs), named by
    /// what their names share after the operation's name, the longest common suffix of whole
    /// words when it has at least two (`RunInstancesSystemDiskCategory` and
    /// `…LaunchConfigurationSystemDiskCategory` are `SystemDiskCategory`; `TagResourcesResourceType`
    /// and `UntagResourcesResourceType` are `ResourceType`, not `ResourcesResourceType`) and
    /// names no other type of the service; else the element's
    /// name when it has two words or more (`ImageFamily`) and is free; else the shortest name
    /// (`RunInstancesAffinity`, not `Affinity`). An inline enum identical to the
    /// shared enum shape of its element's name (`InternetChargeType`) is that shape.
    fn merge_inline_enums(&mut self, operations: &mut [ir::Operation]) {
        // The same element name with the same values is one type (`Affinity` and `Tenancy`, both
        // `default`/`host`, are not); how each page describes the values stays in each
        // element's docs.
        type Key = (String, Vec<(String, String)>);
        let mut groups: Vec<(Key, Vec<String>, Vec<String>)> = Vec::new();
        for (_, shape) in &self.shapes {
            let (Some((element, tail)), ShapeKind::Enum(variants)) = (self.inline_enums.get(&shape.name), &shape.kind)
            else {
                continue;
            };
            let values = variants.iter().map(|v| (v.wire.clone(), v.rust.clone())).collect();
            let key = (element.clone(), values);
            match groups.iter_mut().find(|(k, _, _)| *k == key) {
                Some((_, names, tails)) => {
                    names.push(shape.name.clone());
                    tails.push(tail.clone());
                }
                None => groups.push((key, vec![shape.name.clone()], vec![tail.clone()])),
            }
        }
        // A shared enum shape of the element's name with the same values is that type.
        let shared: BTreeMap<&str, Vec<(String, String)>> = self
            .shapes
            .iter()
            .filter(|(_, sh)| !self.inline_enums.contains_key(&sh.name))
            .filter_map(|(_, sh)| match &sh.kind {
                ShapeKind::Enum(vs) => {
                    Some((sh.name.as_str(), vs.iter().map(|v| (v.wire.clone(), v.rust.clone())).collect()))
                }
                ShapeKind::Struct(_) => None,
            })
            .collect();
        let mut taken: BTreeSet<String> = self.shapes.iter().map(|(_, s)| s.name.clone()).collect();
        let mut renames: BTreeMap<String, String> = BTreeMap::new();
        let mut onto_shared: BTreeSet<String> = BTreeSet::new();
        for ((element, values), names, tails) in &groups {
            let name = if shared.get(element.as_str()) == Some(values) {
                onto_shared.insert(element.clone());
                element.clone()
            } else if names.len() < 2 {
                continue;
            } else {
                match common_word_suffix(tails) {
                    Some(s) if !taken.contains(&s) => s,
                    // One word (`Type`, `Status`) says too little to name a type of the
                    // whole service.
                    _ if !taken.contains(element) && words(element).len() >= 2 => element.clone(),
                    _ => names.iter().min_by_key(|n| (n.len(), (*n).clone())).cloned().unwrap_or_default(),
                }
            };
            taken.insert(name.clone());
            renames.extend(names.iter().map(|n| (n.clone(), name.clone())));
        }
        if renames.is_empty() {
            return;
        }
        // A shared shape stays as it is; the inline enums merged onto it go.
        let mut kept: BTreeSet<String> = onto_shared;
        self.shapes.retain_mut(|(_, shape)| match renames.get(&shape.name) {
            Some(new) => {
                // Each use documents the values in its own words; the one type does not pick one.
                shape.name = new.clone();
                shape.module = ident(&snake(new));
                shape.description = None;
                kept.insert(new.clone())
            }
            None => true,
        });
        let rename = |t: &mut Type| rename_type(t, &renames);
        for (_, shape) in &mut self.shapes {
            if let ShapeKind::Struct(fields) = &mut shape.kind {
                fields.iter_mut().for_each(|f| rename(&mut f.ty));
            }
        }
        for op in operations.iter_mut() {
            op.fields.iter_mut().for_each(|f| rename(&mut f.ty));
            for p in &mut op.params {
                match &mut p.kind {
                    ParamKind::Simple(t) | ParamKind::Json(t) | ParamKind::Numbered(t) | ParamKind::Dotted(t) => {
                        rename(t)
                    }
                    ParamKind::Comma { item, .. } => rename(item),
                }
            }
            if let Some(pg) = &mut op.pagination {
                rename(&mut pg.item_ty);
                if let PagingKind::PageNumber { total_count_ty, .. } = &mut pg.kind {
                    rename(total_count_ty);
                }
            }
        }
    }

    /// Marks every struct a request reaches as an input (it gets a builder), and every
    /// parameter that holds a secret member at any depth.
    fn mark_inputs(&mut self, operations: &mut [ir::Operation]) {
        let index: BTreeMap<String, usize> =
            self.shapes.iter().enumerate().map(|(i, (_, s))| (s.name.clone(), i)).collect();
        let mut secret_memo: BTreeMap<String, bool> = BTreeMap::new();
        for op in operations.iter_mut() {
            for p in &mut op.params {
                let ty = p.ty();
                let mut stack = vec![ty.clone()];
                while let Some(t) = stack.pop() {
                    match t {
                        Type::Vec(inner) | Type::Map(inner) => stack.push(*inner),
                        Type::Struct(name) => {
                            let Some(&i) = index.get(&name) else { continue };
                            let shape = &mut self.shapes[i].1;
                            if shape.input {
                                continue;
                            }
                            shape.input = true;
                            if let ShapeKind::Struct(fields) = &shape.kind {
                                stack.extend(fields.iter().map(|f| f.ty.clone()));
                            }
                        }
                        _ => {}
                    }
                }
                p.holds_secret = self.holds_secret(&ty, &index, &mut secret_memo);
            }
        }
    }

    fn holds_secret(&self, ty: &Type, index: &BTreeMap<String, usize>, memo: &mut BTreeMap<String, bool>) -> bool {
        match ty {
            Type::Vec(inner) | Type::Map(inner) => self.holds_secret(inner, index, memo),
            Type::Struct(name) => {
                if let Some(known) = memo.get(name) {
                    return *known;
                }
                memo.insert(name.clone(), false); // a cycle adds nothing
                let Some(&i) = index.get(name) else { return false };
                let found = match &self.shapes[i].1.kind {
                    ShapeKind::Struct(fields) => {
                        fields.iter().any(|f| f.sensitive || self.holds_secret(&f.ty, index, memo))
                    }
                    ShapeKind::Enum(_) => false,
                };
                memo.insert(name.clone(), found);
                found
            }
            _ => false,
        }
    }

    fn check_setters(&mut self, f: &'a Parsed<spec::OperationFile>, params: &[Param]) {
        let mut names: Vec<(String, usize)> =
            naming::RESERVED_METHODS.iter().map(|r| ((*r).to_owned(), usize::MAX)).collect();
        for (i, p) in params.iter().enumerate() {
            names.push((p.rust.clone(), i));
            if let ParamKind::Comma { plural, .. } = &p.kind {
                names.push((plural.clone(), i));
            }
        }
        for (a, b, name) in naming::collisions(&names) {
            let spec_params = &f.spec.request.parameters;
            let msg = if *a == usize::MAX {
                format!("\"{}\" becomes the setter `{name}`, a name generated builders keep for themselves; set `x-rust-name`", spec_params[*b].name)
            } else {
                format!(
                    "\"{}\" and \"{}\" both become the setter `{name}`; set `x-rust-name` on one",
                    spec_params[*a].name, spec_params[*b].name
                )
            };
            self.errors.push(f.error(format!("request.parameters[{b}].name"), msg));
        }
    }

    fn check_type_names(&mut self) {
        let names: Vec<(String, usize)> =
            self.shapes.iter().enumerate().map(|(i, (_, s))| (s.name.clone(), i)).collect();
        let mut found = Vec::new();
        for (a, b, name) in naming::collisions(&names) {
            found.push((*a, *b, name.to_owned()));
        }
        let modules: Vec<(String, usize)> =
            self.shapes.iter().enumerate().map(|(i, (_, s))| (s.module.clone(), i)).collect();
        for (a, b, name) in naming::collisions(&modules) {
            if !found.iter().any(|(x, y, _)| (x, y) == (a, b)) {
                found.push((*a, *b, name.to_owned()));
            }
        }
        for (a, b, name) in found {
            let first = (self.shapes[a].0.error)();
            let mut e = (self.shapes[b].0.error)();
            e.message = format!(
                "the type `{}` collides with `{}` (as `{name}`) defined at {}{}",
                self.shapes[b].1.name,
                self.shapes[a].1.name,
                first.file.display(),
                first.line.map(|l| format!(":{l}")).unwrap_or_default()
            );
            self.errors.push(e);
        }
    }

    fn check_operation_names(&mut self, s: &LoadedService, operations: &[ir::Operation]) {
        let mut names: Vec<(String, usize)> =
            ["new", "types", "wrappers", "client"].iter().map(|n| ((*n).to_owned(), usize::MAX)).collect();
        names.extend(operations.iter().enumerate().map(|(i, o)| (o.method.clone(), i)));
        for (a, b, name) in naming::collisions(&names) {
            let Some(file) = s.operations.iter().find(|o| o.file == operations[*b].spec_file) else { continue };
            let msg = if *a == usize::MAX {
                format!(
                    "\"{}\" becomes the module and method `{name}`, which the generated code already uses",
                    operations[*b].name
                )
            } else {
                format!("\"{}\" and \"{}\" both become the method `{name}`", operations[*a].name, operations[*b].name)
            };
            self.errors.push(file.error("operation", msg));
        }
    }
}

/// The words of an UpperCamelCase name (`SystemDiskCategory` → `System`, `Disk`, `Category`).
fn words(name: &str) -> Vec<&str> {
    let starts: Vec<usize> =
        name.char_indices().filter(|(i, c)| *i == 0 || c.is_ascii_uppercase()).map(|(i, _)| i).collect();
    starts.iter().zip(starts.iter().skip(1).chain([&name.len()])).map(|(a, b)| &name[*a..*b]).collect()
}

/// The group a page's folder names (`aliyun-ecs/Security-groups/X.md` → `Security groups`).
fn page_group(page: &str) -> Option<String> {
    let parts: Vec<&str> = page.split('/').collect();
    match parts.as_slice() {
        [.., group, _file] if parts.len() >= 3 && !group.is_empty() => Some(group.replace(['-', '_'], " ")),
        _ => None,
    }
}

/// A hoisted type's name without the name of the operation it belongs to, when its spec is an
/// operation's (`operations/TagResources.yaml`: `TagResourcesResourceType` → `ResourceType`);
/// the name itself for a shape's.
fn after_operation(file: &Path, name: &str) -> String {
    let in_operations = file.parent().and_then(Path::file_name).is_some_and(|d| d == "operations");
    let operation = file.file_stem().and_then(|s| s.to_str()).map(|s| type_name(&camel(s)));
    match operation.filter(|_| in_operations) {
        Some(op) => name.strip_prefix(op.as_str()).filter(|t| !t.is_empty()).unwrap_or(name).to_owned(),
        None => name.to_owned(),
    }
}

/// The longest run of whole words every name ends with, when it has at least two.
fn common_word_suffix(names: &[String]) -> Option<String> {
    let split: Vec<Vec<&str>> = names.iter().map(|n| words(n)).collect();
    let shortest = split.iter().map(Vec::len).min()?;
    let common = (0..shortest)
        .take_while(|i| split.iter().all(|w| w[w.len() - 1 - i] == split[0][split[0].len() - 1 - i]))
        .count();
    (common >= 2).then(|| split[0][split[0].len() - common..].concat())
}

/// Replaces every enum named in `renames` inside `ty`.
fn rename_type(ty: &mut Type, renames: &BTreeMap<String, String>) {
    match ty {
        Type::Enum(n) => {
            if let Some(new) = renames.get(n) {
                *n = new.clone();
            }
        }
        Type::Vec(inner) | Type::Map(inner) => rename_type(inner, renames),
        _ => {}
    }
}

/// The singular noun of a group parameter, for its struct's name: the wire prefix
/// (`DataDisk`), or the singular of `x-rust-name` (`legacy_tags` → `LegacyTag`).
fn group_noun(p: &Element) -> String {
    match &p.x_rust_name {
        Some(r) => {
            let singular = if let Some(stem) = r.strip_suffix("ies") {
                format!("{stem}y")
            } else if let Some(stem) = r.strip_suffix("es").filter(|s| s.ends_with('s') || s.ends_with('x')) {
                stem.to_owned()
            } else {
                r.strip_suffix('s').unwrap_or(r).to_owned()
            };
            camel(&singular)
        }
        None => camel(&p.name),
    }
}

fn scalar_text(s: &Scalar) -> String {
    match s {
        Scalar::Bool(b) => b.to_string(),
        Scalar::Int(i) => i.to_string(),
        Scalar::Float(f) => f.to_string(),
        Scalar::Str(s) => s.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::{common_word_suffix, words};

    #[test]
    fn merged_enums_take_the_words_their_names_share() {
        assert_eq!(words("RunInstancesIoOptimized"), ["Run", "Instances", "Io", "Optimized"]);
        let names = |ns: &[&str]| ns.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            common_word_suffix(&names(&[
                "RunInstancesSystemDiskCategory",
                "CreateAutoProvisioningGroupLaunchConfigurationDataDiskCategory"
            ])),
            Some("DiskCategory".to_owned())
        );
        // One shared word is too little meaning: the caller falls back to the shortest name.
        assert_eq!(common_word_suffix(&names(&["RunInstancesCategory", "CreateDiskCategory"])), None);
        assert_eq!(common_word_suffix(&names(&["ASpotStrategy", "BSpotStrategy"])), Some("SpotStrategy".to_owned()));
    }
}
