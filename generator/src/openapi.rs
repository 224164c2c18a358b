//! OpenAPI 3.1 export: one document per service, from the IR, for the tools of the OpenAPI
//! ecosystem (Swagger UI, Redocly, schemathesis, other generators).
//!
//! What OpenAPI says natively is said natively (paths, query and path parameters, comma
//! lists as `style: form, explode: false`, JSON-text parameters as `content`, schemas,
//! limits, deprecation). The rest goes in `x-` extensions, documented in specs/README.md
//! ("OpenAPI export"): RPC `Action` dispatch (`x-rpc-action`), flat repeat lists and groups
//! (`x-wire-style`, `x-numbered-group`), array wrappers (`x-wrapper`), the REST envelope
//! (`x-envelope`), signing (`x-signing`, `x-signing-algorithm`), secrets (`x-sensitive`),
//! idempotency (`x-idempotent`, `x-idempotency-token`), paging (`x-pagination`) and the
//! documented error codes (`x-error-codes`).

use crate::ir::{self, Docs, Field, Ir, Operation, Param, ParamKind, Service, Shape, ShapeKind, Signer, Type};
use serde_json::{json, Map, Value};
use std::path::PathBuf;

/// Where the documents go, relative to the workspace root.
pub const OUT_DIR: &str = "generated/openapi";

/// One document: its path relative to [`OUT_DIR`] (`aliyun-ecs.json`) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub path: PathBuf,
    pub contents: String,
}

/// The OpenAPI document of every service, sorted by path.
pub fn documents(ir: &Ir) -> Vec<Document> {
    let mut docs: Vec<Document> = ir
        .services
        .iter()
        .map(|s| Document {
            path: PathBuf::from(format!("{}-{}.json", s.vendor, s.module)),
            contents: serde_json::to_string_pretty(&service(s)).unwrap_or_default() + "\n",
        })
        .collect();
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    docs
}

/// The document of one service.
pub fn service(s: &Service) -> Value {
    let mut schemas = Map::new();
    for shape in &s.shapes {
        schemas.insert(shape.name.clone(), shape_schema(shape));
    }
    // Shapes are named after the pages' types; the error body gets a name no page uses.
    let error_name = unused_name(&schemas, "ErrorBody");
    schemas.insert(error_name.clone(), error_body(s));
    let mut paths = Map::new();
    for op in &s.operations {
        let (path, method) = if s.protocol.is_rest() {
            (op.http_path.clone(), op.http_method.to_ascii_lowercase())
        } else {
            // One path per Action: the fragment keeps paths distinct and is never sent.
            (format!("/#{}", op.name), op.http_method.to_ascii_lowercase())
        };
        let entry = paths.entry(path).or_insert_with(|| json!({}));
        entry[method] = operation(s, op, &error_name);
    }
    let responses_common = json!({
        ERROR_RESPONSE: {
            "description": "An error answer: every operation can return one (a malformed, unsigned or refused request, a throttled caller, a server fault), documented codes or not.",
            "content": error_content(&error_name),
        }
    });
    let mut schemes = Map::new();
    for signer in &s.signing_algorithms {
        schemes.insert(signer.spec_name().to_owned(), security_scheme(*signer));
    }
    let security: Vec<Value> = s.signing_algorithms.iter().map(|a| json!({ a.spec_name(): [] })).collect();
    let (server, variables) = match s.endpoint_pattern.contains("{region}") {
        true => (
            format!("{}://{}", s.scheme, s.endpoint_pattern),
            json!({ "region": { "default": example_region(s), "description": "The region id." } }),
        ),
        false => (format!("{}://{}", s.scheme, s.endpoint_pattern), json!({})),
    };
    let mut server = json!({ "url": server, "description": "The regional endpoint." });
    if variables.as_object().is_some_and(|v| !v.is_empty()) {
        server["variables"] = variables;
    }
    let regions: Map<String, Value> =
        s.endpoint_regions.iter().map(|(r, h)| (r.clone(), Value::String(h.clone()))).collect();
    let mut info = json!({
        "title": s.title,
        "version": s.api_version,
        "description": s.description.clone().unwrap_or_else(|| format!("{} (API {}).", s.title, s.api_version)),
        "license": { "name": "Apache-2.0", "identifier": "Apache-2.0" },
        "x-generated": format!("by `cargo xtask openapi` from {} — do not edit", s.spec_dir.display()),
    });
    info["x-service"] = json!(s.identity());
    json!({
        "openapi": "3.1.0",
        "info": info,
        "servers": [server],
        "x-protocol": { "vendor": s.protocol.vendor(), "style": s.protocol.style() },
        "x-endpoint-regions": regions,
        "x-region-parameter": s.region_parameter,
        "x-signing": {
            "name": s.signing_name,
            "default": s.signing_default.spec_name(),
            "algorithms": s.signing_algorithms.iter().map(|a| a.spec_name()).collect::<Vec<_>>(),
        },
        "security": security,
        "tags": [{ "name": s.identity(), "description": s.title }],
        "paths": paths,
        "components": { "schemas": schemas, "responses": responses_common, "securitySchemes": schemes },
    })
}

/// The name of the shared error response under `components.responses`.
const ERROR_RESPONSE: &str = "Error";

/// `base`, or `base2`, `base3`, … when a shape already has the name.
fn unused_name(schemas: &Map<String, Value>, base: &str) -> String {
    (1..)
        .map(|n| if n == 1 { base.to_owned() } else { format!("{base}{n}") })
        .find(|n| !schemas.contains_key(n))
        .unwrap_or_default()
}

/// The body of an error answer, as the vendor's runtime protocol module reads it.
fn error_body(s: &Service) -> Value {
    let text = |d: &str| json!({ "type": "string", "description": d });
    if s.protocol.is_rest() {
        json!({
            "type": "object",
            "description": "JD Cloud's error answer; the error's code is `error.status` (`NOT_FOUND`), else the numeric `error.code`.",
            "properties": {
                "requestId": text("The request id."),
                "error": {
                    "type": "object",
                    "properties": {
                        "code": { "type": "integer", "description": "The HTTP status, repeated." },
                        "status": text("The error's name (`NOT_FOUND`)."),
                        "message": text("What went wrong."),
                    },
                },
            },
            "required": ["error"],
        })
    } else {
        json!({
            "type": "object",
            "description": "Alibaba Cloud's error answer.",
            "properties": {
                "RequestId": text("The request id."),
                "HostId": text("The endpoint that answered."),
                "Code": text("The error code (`InvalidRegionId.NotFound`)."),
                "Message": text("What went wrong."),
                "Recommend": text("A link to the diagnosis of this request."),
            },
            "required": ["Code"],
        })
    }
}

fn example_region(s: &Service) -> &str {
    s.endpoint_regions.first().map(|(r, _)| r.as_str()).unwrap_or("cn-hangzhou")
}

fn security_scheme(signer: Signer) -> Value {
    let (location, name) = match signer {
        Signer::HmacSha1 => ("query", "Signature"),
        _ => ("header", "Authorization"),
    };
    json!({
        "type": "apiKey",
        "in": location,
        "name": name,
        "description": format!("Signed with `{}`: an access key pair signs every request; see x-signing-algorithm.", signer.spec_name()),
        "x-signing-algorithm": signer.spec_name(),
    })
}

fn operation(s: &Service, op: &Operation, error_name: &str) -> Value {
    let mut params: Vec<Value> = Vec::new();
    if !s.protocol.is_rest() {
        params.push(json!({
            "name": "Action", "in": "query", "required": true,
            "description": "The operation (RPC dispatch; ACS3 signing sends it as the x-acs-action header).",
            "schema": { "type": "string", "const": op.name },
        }));
        params.push(json!({
            "name": "Version", "in": "query", "required": true,
            "description": "The API version (ACS3 signing sends it as the x-acs-version header).",
            "schema": { "type": "string", "const": s.api_version },
        }));
    }
    for p in op.params.iter().filter(|p| p.location != ir::Location::Body) {
        params.push(parameter(p));
    }
    let body: Vec<&Param> = op.params.iter().filter(|p| p.location == ir::Location::Body).collect();
    let mut out = json!({
        "operationId": op.name,
        "summary": op.summary,
        "tags": [s.identity()],
        "parameters": params,
        "responses": responses(s, op, error_name),
        "x-idempotent": op.idempotent,
        "x-source": { "page": op.source_page, "url": op.source_url, "spec": op.spec_file.display().to_string() },
    });
    if let Some(d) = &op.description {
        out["description"] = json!(d);
    }
    if !s.protocol.is_rest() {
        out["x-rpc-action"] = json!({ "action": op.name, "query": "Action", "header": "x-acs-action" });
    }
    if let Some(t) = &op.idempotency_token {
        out["x-idempotency-token"] = json!(t);
    }
    if let Some(p) = &op.pagination {
        out["x-pagination"] = match &p.kind {
            ir::PagingKind::PageNumber { wire, .. } => json!({
                "style": "page_number", "page_number": wire.page_number, "page_size": wire.page_size,
                "total_count": wire.total_count, "items": wire.items,
            }),
            ir::PagingKind::Token { wire, .. } => json!({
                "style": "token", "token": wire.token, "next_token": wire.next_token,
                "max_results": wire.max_results, "items": wire.items,
            }),
        };
    }
    if !body.is_empty() {
        let mut props = Map::new();
        let mut required = Vec::new();
        for p in &body {
            let mut v = schema_with_docs(&p.ty(), &p.docs);
            if p.sensitive {
                v["x-sensitive"] = json!(true);
            }
            if p.idempotency_token {
                v["x-idempotency-token"] = json!(true);
            }
            if p.required {
                required.push(p.wire.clone());
            }
            props.insert(p.wire.clone(), v);
        }
        let mut schema = json!({ "type": "object", "properties": props });
        if !required.is_empty() {
            schema["required"] = json!(required);
        }
        out["requestBody"] = json!({
            "required": body.iter().any(|p| p.required),
            "content": { "application/json": { "schema": schema } },
        });
    }
    out
}

fn parameter(p: &Param) -> Value {
    let location = p.location.spec_name();
    let name = match &p.kind {
        // A `numbered_group` is named by its members' patterns (two may share a prefix).
        ParamKind::Numbered(_) if p.identity().contains(',') => p.identity(),
        ParamKind::Numbered(_) => format!("{}.N", p.wire),
        _ => p.wire.clone(),
    };
    let mut v = json!({ "name": name, "in": location, "required": p.required || p.in_path() });
    if let Some(d) = &p.docs.description {
        v["description"] = json!(d);
    }
    if p.docs.deprecated.is_some() {
        v["deprecated"] = json!(true);
    }
    if p.sensitive {
        v["x-sensitive"] = json!(true);
    }
    if p.idempotency_token {
        v["x-idempotency-token"] = json!(true);
    }
    match &p.kind {
        ParamKind::Simple(t) => v["schema"] = schema_with_docs(t, &p.docs),
        ParamKind::Comma { item, .. } => {
            v["style"] = json!("form");
            v["explode"] = json!(false);
            v["schema"] = array_with_docs(item, &p.docs);
        }
        ParamKind::Json(t) => {
            let schema = match t {
                Type::Vec(item) => array_with_docs(item, &p.docs),
                other => {
                    // The page's example of an object is its JSON text, not an object.
                    let mut schema = schema_with_docs(other, &p.docs);
                    if let Some(o) = schema.as_object_mut() {
                        o.remove("examples");
                    }
                    schema
                }
            };
            v["content"] = json!({ "application/json": { "schema": schema } });
            v["x-wire-style"] = json!("json");
        }
        ParamKind::Numbered(item) => {
            v["schema"] = array_with_docs(item, &p.docs);
            v["x-wire-style"] = json!("numbered");
            v["x-wire-prefix"] = json!(p.wire);
        }
        ParamKind::Dotted(t) => {
            v["schema"] = schema_with_docs(t, &p.docs);
            v["x-wire-style"] = json!("dotted");
            v["x-wire-prefix"] = json!(p.wire);
        }
    }
    v
}

fn responses(s: &Service, op: &Operation, error_name: &str) -> Value {
    let body = object(&op.fields);
    let body = if s.protocol.is_rest() {
        json!({
            "type": "object",
            "properties": { "requestId": { "type": "string", "description": "The request id." }, "result": body },
            "x-envelope": { "request_id": "requestId", "result": "result" },
        })
    } else {
        body
    };
    let mut out = Map::new();
    out.insert(
        "200".into(),
        json!({ "description": "Success.", "content": { "application/json": { "schema": body } } }),
    );
    let mut statuses: Vec<u16> = op.errors.iter().map(|e| e.status).collect();
    statuses.sort_unstable();
    statuses.dedup();
    for status in statuses {
        let codes: Vec<Value> = op
            .errors
            .iter()
            .filter(|e| e.status == status)
            .map(|e| json!({ "code": e.code, "message": e.message, "description": e.description }))
            .collect();
        let words: Vec<String> = op
            .errors
            .iter()
            .filter(|e| e.status == status)
            .map(|e| e.code.clone().unwrap_or_else(|| "(no code)".into()))
            .collect();
        match out.get_mut(&status.to_string()) {
            // A documented 200 "error" (JD Cloud lists `200 OK`) joins the success answer.
            Some(existing) => existing["x-error-codes"] = json!(codes),
            None => {
                let description = format!("Documented errors: {}.", words.join(", "));
                out.insert(
                    status.to_string(),
                    json!({
                        "description": description,
                        "x-error-codes": codes,
                        "content": error_content(error_name),
                    }),
                );
            }
        }
    }
    // Any status the page does not list answers with the same error body.
    for range in ["4XX", "5XX"] {
        out.insert(range.into(), error_ref());
    }
    Value::Object(out)
}

/// The content of an error answer: the service's error body, as JSON.
fn error_content(error_name: &str) -> Value {
    json!({ "application/json": { "schema": { "$ref": format!("#/components/schemas/{error_name}") } } })
}

/// The shared error response, for the statuses no page lists.
fn error_ref() -> Value {
    json!({ "$ref": format!("#/components/responses/{ERROR_RESPONSE}") })
}

fn object(fields: &[Field]) -> Value {
    let mut props = Map::new();
    for f in fields {
        props.insert(f.wire.clone(), field_schema(f));
    }
    let required: Vec<&str> = fields.iter().filter(|f| f.required).map(|f| f.wire.as_str()).collect();
    let mut v = json!({ "type": "object", "properties": props });
    if !required.is_empty() {
        v["required"] = json!(required);
    }
    v
}

fn field_schema(f: &Field) -> Value {
    let mut v = match (&f.wrapper, &f.ty) {
        (Some(w), Type::Vec(item)) => {
            // The wire's one-key object; the documented example is of the list inside.
            let mut list = json!({ "type": "array", "items": schema(item) });
            if let Some(e) = &f.docs.example {
                list["examples"] = json!([array_value(e, item)]);
            }
            let mut inner = Map::new();
            inner.insert(w.clone(), list);
            let mut v = json!({ "type": "object", "properties": inner });
            v["x-wrapper"] = json!(w);
            merge_docs(&mut v, &Docs { example: None, default: None, ..f.docs.clone() }, false);
            v
        }
        _ => schema_with_docs(&f.ty, &f.docs),
    };
    if f.sensitive {
        v["x-sensitive"] = json!(true);
    }
    v
}

fn schema(t: &Type) -> Value {
    match t {
        Type::String => json!({ "type": "string" }),
        Type::I32 => json!({ "type": "integer", "format": "int32" }),
        Type::I64 => json!({ "type": "integer", "format": "int64" }),
        Type::F64 => json!({ "type": "number", "format": "double" }),
        Type::Bool => json!({ "type": "boolean" }),
        Type::Enum(n) | Type::Struct(n) => json!({ "$ref": format!("#/components/schemas/{n}") }),
        Type::Vec(inner) => json!({ "type": "array", "items": schema(inner) }),
        Type::Map(inner) => json!({ "type": "object", "additionalProperties": schema(inner) }),
    }
}

fn array_with_docs(item: &Type, docs: &Docs) -> Value {
    let mut v = json!({ "type": "array", "items": schema(item) });
    merge_docs(&mut v, &Docs { example: None, default: None, ..docs.clone() }, false);
    if let Some(e) = &docs.example {
        v["examples"] = json!([array_value(e, item)]);
    }
    if let Some(d) = &docs.default {
        v["default"] = array_value(d, item);
    }
    if let Some(n) = docs.limits.max_items {
        v["maxItems"] = json!(n);
    }
    v
}

/// A documented example or default of a list: a JSON array as text (`["a","b"]`), else
/// comma-separated values (`Available,Creating`), each typed like the items.
fn array_value(text: &str, item: &Type) -> Value {
    if let Ok(Value::Array(values)) = serde_json::from_str::<Value>(text) {
        return Value::Array(values);
    }
    let kind = schema(item)["type"].as_str().map(str::to_owned);
    Value::Array(text.split(',').map(|t| typed_value(t.trim(), kind.as_deref())).collect())
}

/// A documented example or default as a value of the JSON Schema type `kind`
/// (`integer`, `number`, `boolean`); the text itself when it does not parse as one.
/// Pages write booleans in either case (`True`).
fn typed_value(text: &str, kind: Option<&str>) -> Value {
    match kind {
        Some("integer") => text.parse::<i64>().map(Value::from).unwrap_or_else(|_| json!(text)),
        Some("number") => text.parse::<f64>().map(Value::from).unwrap_or_else(|_| json!(text)),
        Some("boolean") => text.to_ascii_lowercase().parse::<bool>().map(Value::from).unwrap_or_else(|_| json!(text)),
        _ => json!(text),
    }
}

fn schema_with_docs(t: &Type, docs: &Docs) -> Value {
    if let Type::Vec(item) = t {
        return array_with_docs(item, docs);
    }
    let mut v = schema(t);
    merge_docs(&mut v, docs, true);
    if let Some(n) = docs.limits.max_items {
        v["maxItems"] = json!(n);
    }
    v
}

/// Description, example, default, deprecation and limits on a schema; `typed` when the
/// schema is the value's own (so the example and default can be typed values).
fn merge_docs(v: &mut Value, docs: &Docs, typed: bool) {
    let Some(obj) = v.as_object_mut() else { return };
    let kind = obj.get("type").and_then(Value::as_str).map(str::to_owned);
    let value = |text: &str| typed_value(text, kind.as_deref().filter(|_| typed));
    if obj.contains_key("$ref") {
        // Siblings of $ref are allowed in 3.1; keep them to what describes this use.
        if let Some(d) = &docs.description {
            obj.insert("description".into(), json!(d));
        }
        if docs.deprecated.is_some() {
            obj.insert("deprecated".into(), json!(true));
        }
        return;
    }
    if let Some(d) = &docs.description {
        obj.insert("description".into(), json!(d));
    }
    if let Some(e) = &docs.example {
        obj.insert("examples".into(), json!([value(e)]));
    }
    if let Some(d) = &docs.default {
        obj.insert("default".into(), value(d));
    }
    if let Some(n) = &docs.deprecated {
        obj.insert("deprecated".into(), json!(true));
        if !n.is_empty() {
            obj.insert("x-deprecation-notice".into(), json!(n));
        }
    }
    let l = &docs.limits;
    if typed {
        if let Some(x) = l.minimum {
            obj.insert("minimum".into(), json!(x));
        }
        if let Some(x) = l.maximum {
            obj.insert("maximum".into(), json!(x));
        }
        if let Some(x) = l.min_length {
            obj.insert("minLength".into(), json!(x));
        }
        if let Some(x) = l.max_length {
            obj.insert("maxLength".into(), json!(x));
        }
    }
}

fn shape_schema(shape: &Shape) -> Value {
    let mut v = match &shape.kind {
        ShapeKind::Struct(fields) => object(fields),
        ShapeKind::Enum(variants) => {
            let descriptions: Map<String, Value> = variants
                .iter()
                .map(|v| (v.wire.clone(), v.description.clone().map(Value::String).unwrap_or(Value::Null)))
                .collect();
            json!({
                "type": "string",
                "enum": variants.iter().map(|v| &v.wire).collect::<Vec<_>>(),
                "x-enum-descriptions": descriptions,
                "x-open-enum": true,
            })
        }
    };
    if let Some(d) = &shape.description {
        v["description"] = json!(d);
    }
    v["x-identity"] = json!(shape.identity());
    v
}
