//! From a [`Page`] to spec YAML: the operation file and, for JD Cloud, the shapes its named
//! structures document.
//!
//! Everything here is a documented fact read off the page: types from the type column,
//! nesting from the names (`DataDisk.N.Size`, `SystemDisk.Category`), the JSON sample
//! (Alibaba response tables are flat) or the named structures (JD Cloud), enumerations from
//! "Valid values" lists, ranges from "Valid values: 1 to 100" / "取值范围：1~20", defaults from
//! "Default value: X" / "默认值：X", deprecation from "will be removed" / "即将被弃用", paging
//! from the documented PageNumber/PageSize/TotalCount or NextToken parameters. Decisions a
//! person makes on top (`x-` keys) are the merge's business ([`super::merge`]).

use super::page::{Page, Row, RowPlace, Structure, Vendor, Warning};
use serde_yaml::{Mapping, Value};

/// The specs one page documents.
#[derive(Debug, Clone)]
pub struct Built {
    /// `aliyun/ecs`, `jdcloud/vm`.
    pub service: String,
    /// The operation's documented name (the file stem).
    pub operation: String,
    /// `operations/<operation>.yaml`.
    pub file: Value,
    /// JD Cloud named structures as `shapes/<Name>.yaml`, in page order.
    pub shapes: Vec<(String, Value)>,
    /// What the reader and the builder could not use.
    pub warnings: Vec<Warning>,
}

/// The service folder a page belongs to, from what the page says.
pub fn service_of(page: &Page) -> Option<String> {
    let host = page.address.as_deref().unwrap_or("");
    match page.vendor {
        Vendor::Aliyun => {
            let product = page.product.as_deref().map(str::to_ascii_lowercase);
            let from_host = host
                .split("://")
                .nth(1)
                .and_then(|h| h.split(['.', '/']).next())
                .map(|h| h.split('-').next().unwrap_or(h).to_ascii_lowercase());
            product.or(from_host).filter(|s| !s.is_empty()).map(|p| format!("aliyun/{p}"))
        }
        Vendor::Jdcloud => host
            .split("://")
            .nth(1)
            .and_then(|h| h.split('.').next())
            .filter(|s| !s.is_empty())
            .map(|p| format!("jdcloud/{p}")),
    }
}

/// Builds the specs of `page`; `page_name` is what `source.page` records (the file name).
pub fn build(page: &Page, page_name: &str, service: &str) -> Built {
    let mut b = Builder { page, warnings: page.warnings.clone(), shapes: Vec::new() };
    let file = b.operation_file(page_name);
    Built {
        service: service.to_owned(),
        operation: page.operation.clone(),
        file,
        shapes: b.shapes,
        warnings: b.warnings,
    }
}

struct Builder<'a> {
    page: &'a Page,
    warnings: Vec<Warning>,
    shapes: Vec<(String, Value)>,
}

fn s(v: &str) -> Value {
    Value::String(v.to_owned())
}

fn put(m: &mut Mapping, k: &str, v: Value) {
    m.insert(s(k), v);
}

impl Builder<'_> {
    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Warning { line, message: message.into() });
    }

    fn operation_file(&mut self, page_name: &str) -> Value {
        let page = self.page;
        let mut m = Mapping::new();
        put(&mut m, "operation", s(&page.operation));
        let mut source = Mapping::new();
        put(&mut source, "page", s(page_name));
        put(&mut source, "language", s(page.language.code()));
        put(&mut m, "source", Value::Mapping(source));
        put(&mut m, "summary", s(&page.summary));
        if let Some(d) = page.description.as_deref().filter(|d| !d.is_empty()) {
            put(&mut m, "description", s(d));
        }
        let rest = page.vendor == Vendor::Jdcloud;
        let method = page.method.as_deref().map(str::to_ascii_uppercase);
        if rest {
            let mut http = Mapping::new();
            put(&mut http, "method", s(method.as_deref().unwrap_or("GET")));
            if let Some(path) = page.address.as_deref().and_then(url_path) {
                put(&mut http, "path", s(&path));
            }
            put(&mut m, "http", Value::Mapping(http));
        }
        let body = matches!(method.as_deref(), Some("POST" | "PUT" | "PATCH"));
        let parameters = self.parameters(rest, body);
        let mut request = Mapping::new();
        put(&mut request, "parameters", Value::Sequence(parameters));
        put(&mut m, "request", Value::Mapping(request));
        let fields = if rest { self.jd_response() } else { self.aliyun_response() };
        let mut response = Mapping::new();
        put(&mut response, "fields", Value::Sequence(fields.clone()));
        put(&mut m, "response", Value::Mapping(response));
        if let Some(p) = self.pagination(&m, &fields) {
            put(&mut m, "pagination", p);
        }
        let errors = self.errors();
        if !errors.is_empty() {
            put(&mut m, "errors", Value::Sequence(errors));
        }
        let mut examples = Mapping::new();
        if let Some(r) = page.request_example.as_deref().filter(|r| !r.trim().is_empty()) {
            let r = match page.request_body_example.as_deref() {
                Some(body) if !r.contains(body.trim()) => format!("{r}\n\n{body}"),
                _ => r.to_owned(),
            };
            put(&mut examples, "request", s(&r));
        }
        let mut broken = Vec::new();
        let responses: Vec<Value> = page
            .response_examples
            .iter()
            .filter(|x| !x.body.trim().is_empty())
            .filter(|x| {
                let ok = x.format != "json" || serde_json::from_str::<serde_json::Value>(&x.body).is_ok();
                if !ok {
                    broken.push(x.format.clone());
                }
                ok
            })
            .map(|x| {
                let mut e = Mapping::new();
                put(&mut e, "format", s(&x.format));
                put(&mut e, "body", s(&x.body));
                Value::Mapping(e)
            })
            .collect();
        if !responses.is_empty() {
            put(&mut examples, "responses", Value::Sequence(responses));
        }
        for _ in broken {
            self.warn(0, "a JSON sample response does not parse as JSON: left out of the spec");
        }
        if !examples.is_empty() {
            put(&mut m, "examples", Value::Mapping(examples));
        }
        Value::Mapping(m)
    }

    // ----- request -----

    fn parameters(&mut self, rest: bool, body: bool) -> Vec<Value> {
        let page = self.page;
        let mut tree = NameTree::default();
        for (place, row) in &page.request {
            if !rest && row.name == "Action" {
                continue;
            }
            if row.name.is_empty() {
                self.warn(row.line, "a request row without a name is skipped");
                continue;
            }
            let location: Option<&'static str> = match (rest, place) {
                (true, RowPlace::Path) => Some("path"),
                (true, RowPlace::Parameters) if body => Some("body"),
                (true, RowPlace::Parameters) => Some("query"),
                _ => None,
            };
            tree.insert(row, location);
        }
        let mut out = Vec::new();
        for node in &tree.nodes {
            out.push(self.param_node(node, true));
        }
        out
    }

    /// A request element from a name-tree node.
    fn param_node(&mut self, node: &NameNode, top: bool) -> Value {
        let mut m = Mapping::new();
        put(&mut m, "name", s(&node.name));
        if top {
            if let Some(l) = node.location {
                put(&mut m, "in", s(l));
            }
        }
        match (&node.row, node.numbered, node.children.is_empty()) {
            // `Name.N` with no members: a numbered list of scalars.
            (row, true, true) => {
                if top {
                    put(&mut m, "style", s("numbered"));
                }
                put(&mut m, "type", s("array"));
                let item = row.as_ref().map(|r| self.scalar_type(r)).unwrap_or_else(|| {
                    let mut i = Mapping::new();
                    put(&mut i, "type", s("string"));
                    i
                });
                put(&mut m, "items", Value::Mapping(item));
                if let Some(r) = row {
                    self.facts(&mut m, r, true, true);
                }
            }
            // Two groups of one name: the older `numbered_group` spelling, identified by its
            // members.
            (_, true, false) if top && node.twin => {
                put(&mut m, "style", s("numbered_group"));
                let lowercase = node.children.iter().all(|c| c.name.starts_with(|ch: char| ch.is_ascii_lowercase()));
                if lowercase {
                    use heck::ToSnakeCase;
                    let rust = format!("legacy_{}s", node.name.to_snake_case());
                    put(&mut m, "x-rust-name", s(&rust));
                    put(
                        &mut m,
                        "x-note",
                        s(&format!(
                            "Set by the importer: the page documents `{0}.N.<member>` in two spellings, differing only in \
                             the case of the members; this lowercase one gets the setter `{rust}`.",
                            node.name
                        )),
                    );
                }
                if let Some(n) = members_bound(node) {
                    put(&mut m, "maxItems", Value::Number(n.into()));
                }
                let members: Vec<Value> = node.children.iter().map(|c| self.param_node(c, false)).collect();
                put(&mut m, "members", Value::Sequence(members));
            }
            // `Name.N.Member`: a numbered list of objects.
            (row, true, false) => {
                if top {
                    put(&mut m, "style", s("numbered"));
                }
                put(&mut m, "type", s("array"));
                let members: Vec<Value> = node.children.iter().map(|c| self.param_node(c, false)).collect();
                let mut items = Mapping::new();
                put(&mut items, "type", s("object"));
                put(&mut items, "members", Value::Sequence(members));
                put(&mut m, "items", Value::Mapping(items));
                if let Some(r) = row {
                    self.facts(&mut m, r, true, false);
                }
                if !m.contains_key("maxItems") {
                    if let Some(n) = members_bound(node) {
                        put(&mut m, "maxItems", Value::Number(n.into()));
                    }
                }
            }
            // `Name.Member`: a dotted object.
            (row, false, false) => {
                if top {
                    put(&mut m, "style", s("dotted"));
                }
                put(&mut m, "type", s("object"));
                let members: Vec<Value> = node.children.iter().map(|c| self.param_node(c, false)).collect();
                put(&mut m, "members", Value::Sequence(members));
                if let Some(r) = row {
                    self.facts(&mut m, r, false, false);
                }
            }
            (Some(row), false, true) => {
                self.typed(&mut m, row, top);
                self.facts(&mut m, row, false, true);
            }
            (None, false, true) => {
                put(&mut m, "type", s("string"));
            }
        }
        Value::Mapping(m)
    }

    /// `type`/`format`/`items`/`shape` of a leaf row.
    fn typed(&mut self, m: &mut Mapping, row: &Row, top_param: bool) {
        let t = TypeWord::of(&row.ty);
        let t = match t {
            // JD Cloud's `Number`: an integer unless its example has a fraction.
            TypeWord::Double if row.ty.eq_ignore_ascii_case("number") => {
                if row.example.as_deref().is_some_and(|e| e.contains('.')) {
                    TypeWord::Double
                } else {
                    TypeWord::Int
                }
            }
            t => t,
        };
        // JD Cloud query lists and objects travel numbered (`filters.1.name=`) and dotted.
        let in_query = top_param && m.get("in").and_then(Value::as_str) == Some("query");
        if in_query {
            match &t {
                TypeWord::Array(_) => put(m, "style", s("numbered")),
                TypeWord::Object | TypeWord::Named(_) if row.structure.is_some() => put(m, "style", s("dotted")),
                _ => {}
            }
        }
        match t {
            TypeWord::Array(inner) => {
                if top_param && self.page.vendor == Vendor::Aliyun {
                    // An RPC parameter documented as an array travels as JSON text
                    // (`Array of String` → `["a","b"]`).
                    put(m, "style", s("json"));
                }
                put(m, "type", s("array"));
                let item = match (inner.as_deref(), &row.structure) {
                    (_, Some(st)) => self.shape_ref(st),
                    (Some(inner), None) => scalar_mapping(&TypeWord::of(inner)),
                    (None, None) => scalar_mapping(&TypeWord::Str),
                };
                put(m, "items", Value::Mapping(item));
            }
            TypeWord::Object | TypeWord::Named(_) if row.structure.is_some() => {
                let st = row.structure.clone().unwrap_or_default();
                for (k, v) in self.shape_ref(&st) {
                    m.insert(k, v);
                }
            }
            TypeWord::Object => {
                if top_param && self.page.vendor == Vendor::Aliyun {
                    // An RPC parameter documented as an object travels as JSON text.
                    put(m, "style", s("json"));
                }
                put(m, "type", s("object"));
                let mut v = Mapping::new();
                put(&mut v, "type", s("string"));
                put(m, "additionalProperties", Value::Mapping(v));
            }
            TypeWord::Named(ref n) => {
                self.warn(
                    row.line,
                    format!("type `{n}` of `{}` names no structure on the page; read as a string", row.name),
                );
                put(m, "type", s("string"));
            }
            other => {
                for (k, v) in scalar_mapping(&other) {
                    m.insert(k, v);
                }
            }
        }
    }

    /// A scalar element type for `items` of a numbered list.
    fn scalar_type(&mut self, row: &Row) -> Mapping {
        match TypeWord::of(&row.ty) {
            TypeWord::Array(Some(inner)) => scalar_mapping(&TypeWord::of(&inner)),
            TypeWord::Array(None) | TypeWord::Object => scalar_mapping(&TypeWord::Str),
            TypeWord::Named(n) if row.structure.is_some() => self.shape_ref(&n),
            TypeWord::Named(_) => scalar_mapping(&TypeWord::Str),
            t => scalar_mapping(&t),
        }
    }

    /// `shape: Name` for a JD structure (the shape is written when the structure is seen).
    fn shape_ref(&mut self, name: &str) -> Mapping {
        let mut m = Mapping::new();
        put(&mut m, "shape", s(name));
        m
    }

    /// `required`, `default`, ranges, `deprecated`, `example`, `description` and `enum`
    /// from a row. `list`: the element is a numbered list (ranges of N become `maxItems`).
    fn facts(&mut self, m: &mut Mapping, row: &Row, list: bool, scalar: bool) {
        let desc = row.description.trim();
        let kind = m.get("type").and_then(Value::as_str).map(str::to_owned);
        let item_kind = m.get("items").and_then(|i| i.get("type")).and_then(Value::as_str).map(str::to_owned);
        let value_kind = if list { item_kind.clone() } else { kind.clone() };
        let values = if scalar && value_kind.as_deref() == Some("string") { enum_values(desc) } else { Vec::new() };
        if row.required == Some(true) {
            put(m, "required", Value::Bool(true));
        }
        if is_token(&row.name) && value_kind.as_deref() == Some("string") && !list {
            put(m, "idempotency_token", Value::Bool(true));
        }
        let default = row.default.clone().or_else(|| default_value(desc)).or_else(|| marked_default(desc));
        if let Some(d) = default.filter(|d| !d.is_empty()) {
            if scalar {
                put(m, "default", typed_scalar(&d, value_kind.as_deref()));
            }
        }
        if let Some((_, hi)) = range_of_n(desc).filter(|_| list) {
            put(m, "maxItems", Value::Number(hi.into()));
        }
        if scalar && matches!(value_kind.as_deref(), Some("integer" | "number")) {
            let (lo, hi) = match value_range(desc) {
                Some((lo, hi)) => (Some(lo), Some(hi)),
                None => (bound(desc, &MINIMUM_LEADS), bound(desc, &MAXIMUM_LEADS)),
            };
            if let Some(lo) = lo {
                put(m, "minimum", Value::Number(lo.into()));
            }
            if let Some(hi) = hi {
                put(m, "maximum", Value::Number(hi.into()));
            }
        }
        if scalar && value_kind.as_deref() == Some("string") {
            if let Some((lo, hi)) = length_range(desc) {
                put(m, "minLength", Value::Number(lo.into()));
                put(m, "maxLength", Value::Number(hi.into()));
            } else if let Some(hi) = max_length(desc) {
                put(m, "maxLength", Value::Number(hi.into()));
            }
        }
        if let Some(notice) = deprecation(desc) {
            put(m, "deprecated", s(&notice));
        }
        if let Some(e) = row.example.as_deref().filter(|e| !e.is_empty()) {
            put(m, "example", s(e));
        }
        if !desc.is_empty() {
            put(m, "description", s(desc));
        }
        if !values.is_empty() {
            let list_values: Vec<Value> = values
                .into_iter()
                .map(|(v, d)| {
                    let mut e = Mapping::new();
                    put(&mut e, "value", s(&v));
                    if let Some(d) = d {
                        put(&mut e, "description", s(&d));
                    }
                    Value::Mapping(e)
                })
                .collect();
            if list {
                if let Some(Value::Mapping(items)) = m.get_mut("items") {
                    put(items, "enum", Value::Sequence(list_values));
                }
            } else {
                put(m, "enum", Value::Sequence(list_values));
            }
        }
    }

    // ----- response -----

    /// Alibaba Cloud: the flat table placed into a tree by the JSON sample (or table order).
    fn aliyun_response(&mut self) -> Vec<Value> {
        // Tree-drawing prefixes (`└Status`) are layout, not names.
        let cleaned: Vec<Row> = self
            .page
            .response
            .iter()
            .map(|r| Row {
                name: r.name.trim_start_matches(['└', '├', '─', '│', ' ', '-']).to_owned(), ..r.clone()
            })
            .collect();
        // Where the table draws the tree (`└KeyPairName`), a row it draws without a prefix
        // is at the top: what places rows when there is no sample to place them by.
        let top: Vec<bool> = self
            .page
            .response
            .iter()
            .zip(&cleaned)
            .filter(|(_, c)| !c.name.is_empty())
            .map(|(r, c)| r.name.trim_start() == c.name)
            .collect();
        let drawn = top.iter().any(|t| !t);
        let rows: Vec<&Row> = cleaned.iter().filter(|r| !r.name.is_empty()).collect();
        let sample = self.json_sample();
        let top = if drawn { top } else { Vec::new() };
        let (tree, skipped) = place_rows(&rows, sample.as_ref(), &top);
        for line in skipped {
            self.warn(line, "a response row repeats a name where no open structure can take it: left out");
        }
        tree.iter().map(|n| self.field_node(n)).collect()
    }

    fn json_sample(&self) -> Option<serde_json::Value> {
        for x in &self.page.response_examples {
            if x.format != "json" {
                continue;
            }
            let body = x.body.trim();
            let parsed = serde_json::from_str::<serde_json::Value>(body)
                .or_else(|_| serde_json::from_str(&format!("{{{body}}}")));
            if let Ok(v) = parsed {
                return Some(v);
            }
        }
        None
    }

    /// A response element from a placed row.
    fn field_node(&mut self, node: &Placed) -> Value {
        let row = node.row;
        let mut m = Mapping::new();
        put(&mut m, "name", s(&row.name));
        let t = TypeWord::of(&row.ty);
        let children = &node.children;
        match t {
            TypeWord::Array(inner) => {
                put(&mut m, "type", s("array"));
                // `Items` (Array) → `Item` (empty type) → the item's fields: a wrapper.
                // An element row of type object (`Widget object` under `Widgets array<object>`)
                // describes the items; only the sample says whether it is also a wire wrapper.
                let list_type = TypeWord::Array(inner.clone());
                let (wrapper, members) = match children.as_slice() {
                    // The element row of a list of scalars describes its items.
                    [only] if only.children.is_empty() && element_row(&list_type, only.row) => {
                        (None, &node.children[..0])
                    }
                    [only] if TypeWord::of(&only.row.ty) == TypeWord::Wrapper => {
                        (Some(only.row.name.clone()), only.children.as_slice())
                    }
                    [only] if TypeWord::of(&only.row.ty).is_wrapper_row() && !only.children.is_empty() => {
                        (None, only.children.as_slice())
                    }
                    _ => (None, children.as_slice()),
                };
                let wrapper = wrapper.or_else(|| node.sample_wrapper.clone());
                if let Some(w) = &wrapper {
                    put(&mut m, "wrapper", s(w));
                }
                let mut items = Mapping::new();
                if members.is_empty() {
                    let inner = inner.map(|i| TypeWord::of(&i)).unwrap_or(TypeWord::Str);
                    let inner =
                        if matches!(inner, TypeWord::Object | TypeWord::Named(_)) { TypeWord::Str } else { inner };
                    items = scalar_mapping(&inner);
                } else {
                    put(&mut items, "type", s("object"));
                    let fields: Vec<Value> = members.iter().map(|c| self.field_node(c)).collect();
                    put(&mut items, "members", Value::Sequence(fields));
                }
                put(&mut m, "items", Value::Mapping(items));
                self.facts(&mut m, row, true, members.is_empty());
            }
            // A row with no type whose sample value is one key holding a list of objects
            // (`"Links": {"Link": [{…}]}`), the rows under it naming the items' members: a
            // wrapped list, as in the newer template's `Array of Link`.
            TypeWord::Wrapper
                if !children.is_empty()
                    && node.sample_wrapper.as_ref().is_some_and(|w| children.iter().all(|c| &c.row.name != w)) =>
            {
                put(&mut m, "type", s("array"));
                if let Some(w) = &node.sample_wrapper {
                    put(&mut m, "wrapper", s(w));
                }
                let mut items = Mapping::new();
                put(&mut items, "type", s("object"));
                let fields: Vec<Value> = children.iter().map(|c| self.field_node(c)).collect();
                put(&mut items, "members", Value::Sequence(fields));
                put(&mut m, "items", Value::Mapping(items));
                self.facts(&mut m, row, true, false);
            }
            TypeWord::Object | TypeWord::Wrapper if !children.is_empty() => {
                put(&mut m, "type", s("object"));
                let fields: Vec<Value> = children.iter().map(|c| self.field_node(c)).collect();
                put(&mut m, "members", Value::Sequence(fields));
                self.facts(&mut m, row, false, false);
            }
            TypeWord::Object => {
                put(&mut m, "type", s("object"));
                let mut v = Mapping::new();
                put(&mut v, "type", s("string"));
                put(&mut m, "additionalProperties", Value::Mapping(v));
                self.facts(&mut m, row, false, false);
            }
            TypeWord::Wrapper => {
                self.warn(row.line, format!("`{}` has no type and nothing under it; read as a string", row.name));
                put(&mut m, "type", s("string"));
                self.facts(&mut m, row, false, true);
            }
            TypeWord::Named(n) => {
                self.warn(row.line, format!("type `{n}` of `{}` is not a known type; read as a string", row.name));
                put(&mut m, "type", s("string"));
                self.facts(&mut m, row, false, true);
            }
            other => {
                for (k, v) in scalar_mapping(&other) {
                    m.insert(k, v);
                }
                self.facts(&mut m, row, false, true);
            }
        }
        Value::Mapping(m)
    }

    /// JD Cloud: the members of `result` are the fields; named structures become shapes.
    fn jd_response(&mut self) -> Vec<Value> {
        let page = self.page;
        let structures: Vec<&Structure> = page.structures.iter().collect();
        for st in &structures {
            if st.name == "Result" && page.response.iter().any(|r| r.structure.as_deref() == Some("Result")) {
                continue;
            }
            if self.shapes.iter().any(|(n, _)| n == &st.name) {
                continue;
            }
            let fields: Vec<Value> = st.rows.iter().map(|r| self.jd_field(r)).collect();
            let mut shape = Mapping::new();
            put(&mut shape, "shape", s(&st.name));
            // The page describes a structure where a row first names it.
            let referring = page
                .request
                .iter()
                .map(|(_, r)| r)
                .chain(page.response.iter())
                .chain(page.structures.iter().flat_map(|x| x.rows.iter()))
                .find(|r| r.structure.as_deref() == Some(st.name.as_str()) && !r.description.trim().is_empty());
            if let Some(r) = referring {
                put(&mut shape, "description", s(r.description.trim()));
            }
            put(&mut shape, "fields", Value::Sequence(fields));
            self.shapes.push((st.name.clone(), Value::Mapping(shape)));
        }
        let result = page.response.iter().find(|r| r.name == "result");
        match result {
            Some(r) => match r.structure.as_deref().and_then(|n| structures.iter().find(|s| s.name == n)) {
                Some(st) => st.rows.iter().map(|r| self.jd_field(r)).collect(),
                None => {
                    self.warn(r.line, "`result` names no structure on the page: the response has no fields");
                    Vec::new()
                }
            },
            None => page
                .response
                .iter()
                .filter(|r| r.name != "requestId" && r.name != "error")
                .map(|r| self.jd_field(r))
                .collect(),
        }
    }

    fn jd_field(&mut self, row: &Row) -> Value {
        let mut m = Mapping::new();
        put(&mut m, "name", s(&row.name));
        self.typed(&mut m, row, false);
        let list = m.get("type").and_then(Value::as_str) == Some("array");
        let scalar = !m.contains_key("shape") && m.get("items").is_none_or(|i| i.get("shape").is_none());
        self.facts(&mut m, row, list, scalar);
        Value::Mapping(m)
    }

    // ----- paging and errors -----

    fn pagination(&self, file: &Mapping, fields: &[Value]) -> Option<Value> {
        let params: Vec<&str> = file
            .get("request")
            .and_then(|r| r.get("parameters"))
            .and_then(Value::as_sequence)
            .map(|p| p.iter().filter_map(|e| e.get("name").and_then(Value::as_str)).collect())
            .unwrap_or_default();
        let field_names: Vec<&str> = fields.iter().filter_map(|f| f.get("name").and_then(Value::as_str)).collect();
        let arrays: Vec<&str> = fields
            .iter()
            .filter(|f| f.get("type").and_then(Value::as_str) == Some("array"))
            .filter_map(|f| f.get("name").and_then(Value::as_str))
            .collect();
        let [items] = arrays.as_slice() else { return None };
        let integer = |list: &[Value], name: &str| {
            list.iter().any(|e| {
                e.get("name").and_then(Value::as_str) == Some(name)
                    && e.get("type").and_then(Value::as_str) == Some("integer")
            })
        };
        let all_params: Vec<Value> = file
            .get("request")
            .and_then(|r| r.get("parameters"))
            .and_then(Value::as_sequence)
            .cloned()
            .unwrap_or_default();
        let params: Vec<&str> = params
            .into_iter()
            .filter(|p| !p.starts_with("Page") && !p.starts_with("page") || integer(&all_params, p))
            .collect();
        let field_names: Vec<&str> =
            field_names.into_iter().filter(|f| !f.ends_with("otalCount") || integer(fields, f)).collect();
        let find = |names: &[&str], cands: &[&str]| cands.iter().find(|c| names.contains(c)).map(|c| c.to_string());
        let page_number = find(&params, &["PageNumber", "pageNumber"]);
        let page_size = find(&params, &["PageSize", "pageSize"]);
        let total = find(&field_names, &["TotalCount", "totalCount"]);
        let mut m = Mapping::new();
        if let (Some(n), Some(sz), Some(t)) = (page_number, page_size, total) {
            if self.page.vendor == Vendor::Jdcloud {
                put(&mut m, "style", s("page_number"));
            }
            put(&mut m, "page_number", s(&n));
            put(&mut m, "page_size", s(&sz));
            put(&mut m, "total_count", s(&t));
            put(&mut m, "items", s(items));
            return Some(Value::Mapping(m));
        }
        let token = find(&params, &["NextToken", "nextToken"]);
        let next = find(&field_names, &["NextToken", "nextToken"]);
        if let (Some(t), Some(n)) = (token, next) {
            put(&mut m, "style", s("token"));
            put(&mut m, "token", s(&t));
            put(&mut m, "next_token", s(&n));
            if let Some(mr) = find(&params, &["MaxResults", "maxResults"]) {
                put(&mut m, "max_results", s(&mr));
            }
            put(&mut m, "items", s(items));
            return Some(Value::Mapping(m));
        }
        None
    }

    fn errors(&mut self) -> Vec<Value> {
        let mut out = Vec::new();
        for e in &self.page.errors {
            let Some(status) = e.status else {
                self.warnings
                    .push(Warning { line: e.line, message: "an error row without an HTTP status is skipped".into() });
                continue;
            };
            if (200..300).contains(&status) {
                continue;
            }
            let same =
                |v: &Option<String>, w: &Option<String>| v.as_deref().map(str::trim) == w.as_deref().map(str::trim);
            let first = self
                .page
                .errors
                .iter()
                .take_while(|x| !std::ptr::eq(*x, e))
                .find(|x| x.status == e.status && same(&x.code, &e.code) && same(&x.message, &e.message));
            if let Some(first) = first {
                self.warnings.push(Warning {
                    line: e.line,
                    message: format!(
                        "the error row repeats the one on line {} (status, code and message): left out",
                        first.line
                    ),
                });
                continue;
            }
            let mut m = Mapping::new();
            put(&mut m, "status", Value::Number(status.into()));
            for (k, v) in [("code", &e.code), ("message", &e.message), ("description", &e.description)] {
                if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                    put(&mut m, k, s(v));
                }
            }
            out.push(Value::Mapping(m));
        }
        out
    }
}

/// The path of a request address (`https://vm.jdcloud-api.com/v1/regions/{regionId}` →
/// `/v1/regions/{regionId}`).
fn url_path(address: &str) -> Option<String> {
    let after = address.split("://").nth(1).unwrap_or(address);
    let i = after.find('/')?;
    let path = after[i..].split(['?', ' ']).next().unwrap_or("");
    (!path.is_empty()).then(|| path.to_owned())
}

/// The bound of N a group's member rows state ("N的取值范围：1~20" on `Tag.N.Key`).
fn members_bound(node: &NameNode) -> Option<i64> {
    node.children.iter().filter_map(|c| c.row).filter_map(|r| range_of_n(&r.description)).map(|(_, hi)| hi).max()
}

fn is_token(name: &str) -> bool {
    matches!(name, "ClientToken" | "clientToken")
}

// ----- types -----

/// What a type cell says.
#[derive(Debug, Clone, PartialEq)]
enum TypeWord {
    Str,
    Int,
    Long,
    Bool,
    Double,
    Object,
    /// An empty cell: an Alibaba wrapper row (`InstanceType` under `InstanceTypes`).
    Wrapper,
    /// `Array`, `Array of String`, `array<object>`, `String[]`, `Filter[]`: the element type
    /// word when stated.
    Array(Option<String>),
    /// A word that is no type: a JD structure name.
    Named(String),
}

impl TypeWord {
    fn of(cell: &str) -> TypeWord {
        let t = cell.trim();
        if t.is_empty() {
            return TypeWord::Wrapper;
        }
        if let Some(inner) = t.strip_suffix("[]") {
            return TypeWord::Array(Some(inner.trim().to_owned()));
        }
        let lower = t.to_ascii_lowercase();
        for prefix in ["array of ", "list of ", "array<", "list<", "array(", "数组"] {
            if let Some(inner) = lower.strip_prefix(prefix) {
                let inner = inner.trim_end_matches(['>', ')']).trim();
                let start = t.len() - inner.len() - (lower.len() - lower.trim_end_matches(['>', ')']).len());
                let original = t.get(start..start + inner.len()).unwrap_or(inner);
                return TypeWord::Array((!inner.is_empty()).then(|| original.to_owned()));
            }
        }
        match lower.as_str() {
            "string" | "str" | "char" | "date" | "datetime" | "字符串" => TypeWord::Str,
            "integer" | "int" | "int32" | "short" | "整数" => TypeWord::Int,
            "long" | "int64" | "bigint" => TypeWord::Long,
            "boolean" | "bool" | "布尔" => TypeWord::Bool,
            "float" | "double" | "number" | "decimal" => TypeWord::Double,
            "object" | "struct" | "map" | "json" | "对象" => TypeWord::Object,
            "array" | "list" => TypeWord::Array(None),
            _ => TypeWord::Named(t.to_owned()),
        }
    }

    fn is_wrapper_row(&self) -> bool {
        matches!(self, TypeWord::Wrapper | TypeWord::Object)
    }
}

fn scalar_mapping(t: &TypeWord) -> Mapping {
    let mut m = Mapping::new();
    let (ty, format) = match t {
        TypeWord::Int => ("integer", None),
        TypeWord::Long => ("integer", Some("int64")),
        TypeWord::Bool => ("boolean", None),
        TypeWord::Double => ("number", Some("double")),
        _ => ("string", None),
    };
    put(&mut m, "type", s(ty));
    if let Some(f) = format {
        put(&mut m, "format", s(f));
    }
    m
}

fn typed_scalar(v: &str, kind: Option<&str>) -> Value {
    match kind {
        Some("integer") => v.parse::<i64>().map(|n| Value::Number(n.into())).unwrap_or_else(|_| s(v)),
        Some("boolean") => match v.to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => s(v),
        },
        _ => s(v),
    }
}

// ----- request names -----

/// Request rows grouped by their names: `A.N.B` under `A` (numbered), `A.B` under `A`
/// (dotted), in order of first appearance.
#[derive(Debug, Default)]
struct NameTree<'a> {
    nodes: Vec<NameNode<'a>>,
}

#[derive(Debug)]
struct NameNode<'a> {
    name: String,
    numbered: bool,
    location: Option<&'static str>,
    row: Option<&'a Row>,
    children: Vec<NameNode<'a>>,
    /// Another group has the same name (members differing by case): each is written as a
    /// `numbered_group`, whose identity is its members' names.
    twin: bool,
}

impl<'a> NameTree<'a> {
    fn insert(&mut self, row: &'a Row, location: Option<&'static str>) {
        let parts: Vec<&str> = row.name.split('.').filter(|p| !p.is_empty()).collect();
        insert_parts(&mut self.nodes, &parts, row, location);
    }
}

fn insert_parts<'a>(nodes: &mut Vec<NameNode<'a>>, parts: &[&str], row: &'a Row, location: Option<&'static str>) {
    let Some((first, rest)) = parts.split_first() else { return };
    let numbered = rest.first().is_some_and(|p| *p == "N" || *p == "n");
    let rest = if numbered { &rest[1..] } else { rest };
    // A member that differs from one already in the group only by case (`Tag.N.key` beside
    // `Tag.N.Key`) starts a second group of the same name: both spellings are documented.
    let conflicts = |n: &NameNode| {
        rest.first().is_some_and(|m| n.children.iter().any(|c| c.name != *m && c.name.eq_ignore_ascii_case(m)))
    };
    let idx = match nodes.iter().position(|n| n.name == *first && !conflicts(n)) {
        Some(i) => i,
        None => {
            let mut twin = false;
            for n in nodes.iter_mut().filter(|n| n.name == *first) {
                n.twin = true;
                twin = true;
            }
            nodes.push(NameNode {
                name: (*first).to_owned(),
                numbered,
                location,
                row: None,
                children: Vec::new(),
                twin,
            });
            nodes.len() - 1
        }
    };
    let node = &mut nodes[idx];
    node.numbered |= numbered;
    if rest.is_empty() {
        node.row = Some(row);
    } else {
        insert_parts(&mut node.children, rest, row, location);
    }
}

// ----- response placement -----

/// A response row with the rows placed under it.
#[derive(Debug)]
struct Placed<'a> {
    row: &'a Row,
    children: Vec<Placed<'a>>,
    /// The wrapper key the sample shows for an array row (`"Tags": {"Tag": [...]}`).
    sample_wrapper: Option<String>,
}

/// Places flat response rows into a tree. Containers are rows of type Array/Object or with
/// an empty type; a row goes under the innermost open container whose sample object has its
/// name, else at the top level when the sample's top level has it, else (no sample says) under
/// the innermost open container (table order). A name the sample has above open containers
/// it shows empty, and that the table repeats further down, belongs to one of those empty
/// containers here (the later row is the one the sample shows): see [`unknown_home`].
/// `at_top[i]`: the table draws a tree and row `i` without a prefix (empty: it draws none).
fn place_rows<'a>(
    rows: &[&'a Row],
    sample: Option<&serde_json::Value>,
    at_top: &[bool],
) -> (Vec<Placed<'a>>, Vec<usize>) {
    // Stack of open containers: their path in `out` and the sample objects they stand for.
    let mut out: Vec<Placed<'a>> = Vec::new();
    let mut stack: Vec<(Vec<usize>, Vec<serde_json::Value>)> = Vec::new();
    let top: Vec<serde_json::Value> = sample.map(|s| vec![s.clone()]).unwrap_or_default();
    let mut skipped = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let name = row.name.as_str();
        let has = |objs: &[serde_json::Value]| objs.iter().any(|o| o.get(name).is_some());
        let again = rows[index + 1..].iter().any(|r| r.name == name);
        // Find where it goes.
        let mut depth = None;
        for (i, (_, objs)) in stack.iter().enumerate().rev() {
            if has(objs) {
                depth = Some(i + 1);
                break;
            }
        }
        // `Rules` (Array of Rule) → `Rule` (no type): the list's wrapper row, wherever else
        // the sample has the name.
        let wraps_previous = index > 0
            && TypeWord::of(&row.ty).is_wrapper_row()
            && matches!(TypeWord::of(&rows[index - 1].ty), TypeWord::Array(Some(inner)) if inner == name);
        let depth = match depth {
            _ if wraps_previous && !stack.is_empty() => stack.len(),
            Some(d) if d < stack.len() && again => unknown_home(&out, &stack, d, name, sample).unwrap_or(d),
            Some(d) => d,
            None if has(&top) => 0,
            None if sample.is_some() && !stack.is_empty() && !any_has(sample, name) => stack.len(),
            None if sample.is_some() => unknown_home(&out, &stack, 0, name, sample).unwrap_or(0),
            None if at_top.get(index) == Some(&true) => 0,
            None => stack.len(),
        };
        // Never beside a list's wrapper row: the wrapper stands for the list's items.
        let depth = match stack.get(depth) {
            Some((path, _)) if depth > 0 && depth < stack.len() => {
                let list = node_at(&out, &stack[depth - 1].0);
                let wrapped = list.is_some_and(|l| {
                    matches!(TypeWord::of(&l.row.ty), TypeWord::Array(_))
                        && l.children.len() == 1
                        && TypeWord::of(&l.children[0].row.ty).is_wrapper_row()
                        && path.last() == Some(&0)
                });
                if wrapped {
                    depth + 1
                } else {
                    depth
                }
            }
            _ => depth,
        };
        // Never beside a row of the same name: then the row belongs to the innermost open
        // container (the sample had nothing to say there, e.g. an empty list).
        let taken_at = |out: &mut Vec<Placed<'a>>, d: usize| {
            let parent_path = if d == 0 { Vec::new() } else { stack[d - 1].0.clone() };
            children_at(out, &parent_path).iter().any(|p| p.row.name == name)
        };
        let depth = if taken_at(&mut out, depth) {
            // Else the innermost open container without one, else nowhere.
            match (0..=stack.len()).rev().find(|&d| !taken_at(&mut out, d)) {
                Some(d) => d,
                None => {
                    skipped.push(row.line);
                    continue;
                }
            }
        } else {
            depth
        };
        stack.truncate(depth);
        let parent_objs: Vec<serde_json::Value> = match stack.last() {
            Some((_, objs)) => objs.clone(),
            None => top.clone(),
        };
        // The sample values of this row, looked through wrappers and arrays.
        let values: Vec<serde_json::Value> = parent_objs.iter().filter_map(|o| o.get(name).cloned()).collect();
        let mut wrapper = None;
        let mut inner: Vec<serde_json::Value> = Vec::new();
        for v in &values {
            match v {
                serde_json::Value::Array(a) => inner.extend(a.iter().cloned()),
                serde_json::Value::Object(o) if o.len() == 1 && TypeWord::of(&row.ty) != TypeWord::Object => {
                    if let Some((k, serde_json::Value::Array(a))) = o.iter().next() {
                        wrapper = Some(k.clone());
                        inner.extend(a.iter().cloned());
                    }
                    inner.push(v.clone());
                }
                serde_json::Value::Object(_) => inner.push(v.clone()),
                _ => {}
            }
        }
        // An element row the sample does not name (`Widget object` under `Widgets
        // array<object>`) stands for the list's items.
        let under_list = stack
            .last()
            .and_then(|(p, _)| node_at(&out, p))
            .is_some_and(|l| matches!(TypeWord::of(&l.row.ty), TypeWord::Array(_)));
        if values.is_empty() && under_list && TypeWord::of(&row.ty).is_wrapper_row() {
            inner = parent_objs
                .iter()
                .filter(|o| !(o.as_object().is_some_and(|m| m.len() == 1) && o.get(name).is_none()))
                .cloned()
                .collect();
        }
        let path = match stack.last() {
            Some((p, _)) => p.clone(),
            None => Vec::new(),
        };
        let siblings = children_at(&mut out, &path);
        let has_wrapper = wrapper.is_some();
        siblings.push(Placed { row, children: Vec::new(), sample_wrapper: wrapper });
        let mut my_path = path;
        my_path.push(siblings.len() - 1);
        let t = TypeWord::of(&row.ty);
        let container = matches!(t, TypeWord::Array(_) | TypeWord::Object | TypeWord::Wrapper);
        // The sample shows strings or numbers here: nothing goes under it (a wrapper row of
        // strings closes its list as well), unless the next row is its wrapper row.
        let mut items = inner.iter().filter(|v| !(has_wrapper && v.as_object().is_some_and(|o| o.len() == 1)));
        let scalars = items.next().is_some_and(|v| !v.is_object()) && items.all(|v| !v.is_object());
        let wrapped_next = rows.get(index + 1).is_some_and(|next| {
            (TypeWord::of(&next.ty).is_wrapper_row() && matches!(&t, TypeWord::Array(Some(of)) if *of == next.name))
                || element_row(&t, next)
        });
        if container && (!scalars || wrapped_next) {
            stack.push((my_path, inner));
        } else if !container && index > 0 && under_list && element_row(&TypeWord::of(&rows[index - 1].ty), row) {
            // The list's element row (`SecurityGroupId string` under `array<string>`) ends it.
            stack.pop();
        } else if container && t.is_wrapper_row() && under_list {
            stack.pop();
        }
    }
    (out, skipped)
}

/// The depth below `d` where a row named `name` goes when the sample shows the open
/// containers there empty (or has the name only under containers that are not open): the innermost one that is not a list holding only its wrapper row
/// and whose name, where the sample has it elsewhere, has no objects that lack `name`.
fn unknown_home(
    out: &[Placed<'_>],
    stack: &[(Vec<usize>, Vec<serde_json::Value>)],
    d: usize,
    name: &str,
    sample: Option<&serde_json::Value>,
) -> Option<usize> {
    (d..stack.len()).rev().find_map(|i| {
        let (path, objs) = &stack[i];
        if !objs.iter().all(|o| o.as_object().is_none_or(serde_json::Map::is_empty)) {
            return None;
        }
        let node = node_at(out, path)?;
        let t = TypeWord::of(&node.row.ty);
        let only_wrapper = matches!(t, TypeWord::Array(_))
            && node.children.len() == 1
            && TypeWord::of(&node.children[0].row.ty).is_wrapper_row();
        // A list with nothing under it yet may be a list of strings (`List`, `Array of String`).
        let bare_list = matches!(t, TypeWord::Array(_)) && node.children.is_empty();
        if only_wrapper || bare_list {
            return None;
        }
        let elsewhere = objects_named(sample, &node.row.name);
        if !elsewhere.is_empty() && elsewhere.iter().all(|o| o.get(name).is_none()) {
            return None;
        }
        Some(i + 1)
    })
}

/// `row` describes the elements of a list of scalars of type `list` (`SecurityGroupIds
/// array<string>` → `SecurityGroupId string`).
fn element_row(list: &TypeWord, row: &Row) -> bool {
    let scalar =
        |t: &TypeWord| matches!(t, TypeWord::Str | TypeWord::Int | TypeWord::Long | TypeWord::Bool | TypeWord::Double);
    matches!(list, TypeWord::Array(Some(of)) if scalar(&TypeWord::of(of)) && TypeWord::of(of) == TypeWord::of(&row.ty))
}

fn node_at<'p, 'a>(out: &'p [Placed<'a>], path: &[usize]) -> Option<&'p Placed<'a>> {
    let (first, rest) = path.split_first()?;
    let mut cur = out.get(*first)?;
    for &i in rest {
        cur = cur.children.get(i)?;
    }
    Some(cur)
}

/// The non-empty objects anywhere in the sample under a key `name` (through lists).
fn objects_named(sample: Option<&serde_json::Value>, name: &str) -> Vec<serde_json::Value> {
    fn walk(v: &serde_json::Value, name: &str, found: &mut Vec<serde_json::Value>) {
        match v {
            serde_json::Value::Object(o) => {
                for (k, v) in o {
                    if k == name {
                        let items: Vec<&serde_json::Value> = match v {
                            serde_json::Value::Array(a) => a.iter().collect(),
                            other => vec![other],
                        };
                        found.extend(
                            items.into_iter().filter(|x| x.as_object().is_some_and(|m| !m.is_empty())).cloned(),
                        );
                    }
                    walk(v, name, found);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, name, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    if let Some(s) = sample {
        walk(s, name, &mut found);
    }
    found
}

fn any_has(sample: Option<&serde_json::Value>, name: &str) -> bool {
    fn walk(v: &serde_json::Value, name: &str) -> bool {
        match v {
            serde_json::Value::Object(o) => o.contains_key(name) || o.values().any(|v| walk(v, name)),
            serde_json::Value::Array(a) => a.iter().any(|v| walk(v, name)),
            _ => false,
        }
    }
    sample.is_some_and(|s| walk(s, name))
}

fn children_at<'a, 'b>(out: &'b mut Vec<Placed<'a>>, path: &[usize]) -> &'b mut Vec<Placed<'a>> {
    let mut cur = out;
    for &i in path {
        cur = &mut cur[i].children;
    }
    cur
}

// ----- facts in descriptions -----

/// The values of a "Valid values:" / "取值范围：" list whose items all start with a value
/// token (`- value: description`, `- value`).
fn enum_values(desc: &str) -> Vec<(String, Option<String>)> {
    const LEADS: [&str; 10] = [
        "Valid values",
        "valid values",
        "Valid value",
        "Values",
        "Optional values",
        "取值范围",
        "取值",
        "可选值",
        "可能值",
        "可选范围",
    ];
    let lines: Vec<&str> = desc.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i].trim();
        let lead = LEADS.iter().any(|k| l.contains(k)) && (l.ends_with(':') || l.ends_with('：'));
        if lead {
            let mut items = Vec::new();
            let mut j = i + 1;
            while j < lines.len() && lines[j].trim().is_empty() {
                j += 1;
            }
            while j < lines.len() {
                let t = lines[j].trim_start();
                // `- value: …`, or JD Cloud's `` `value`：… `` lines.
                let body = match t.strip_prefix("- ") {
                    Some(b) => b,
                    None if t.starts_with('`') => t,
                    None => break,
                };
                items.push(body.trim());
                j += 1;
            }
            if items.len() >= 2 || (items.len() == 1 && value_token(items[0]).is_some()) {
                let parsed: Option<Vec<(String, Option<String>)>> = items.iter().map(|it| value_token(it)).collect();
                if let Some(p) = parsed {
                    let mut seen = std::collections::BTreeSet::new();
                    return p.into_iter().filter(|(v, _)| seen.insert(v.clone())).collect();
                }
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    Vec::new()
}

/// `value: description`, `value：description`, `value (default)`, `value（默认）`, `value`:
/// the value when it is a single token of identifier characters.
fn value_token(item: &str) -> Option<(String, Option<String>)> {
    let item = item.trim();
    let (head, rest) = match item.find([':', '：']) {
        Some(i) => {
            let c = item[i..].chars().next().map_or(1, char::len_utf8);
            (&item[..i], Some(item[i + c..].trim()))
        }
        None => (item, None),
    };
    let head = head.trim();
    let head = head.trim_matches('`');
    let (token, note) = match head.find(['(', '（', ' ']) {
        Some(i) => (&head[..i], Some(head[i..].trim())),
        None => (head, None),
    };
    let token = token.trim_matches('`').trim();
    if token.is_empty() || token.len() > 64 || !token.chars().all(|c| c.is_ascii_alphanumeric() || "_-.:/*".contains(c))
    {
        return None;
    }
    // A note that is more than a marker of the default makes the head a sentence.
    if let Some(n) = note {
        let n = n.trim_matches(|c| "()（）".contains(c));
        let marker = ["default", "Default", "默认"].iter().any(|m| n.contains(m));
        if !marker && rest.is_none() {
            return None;
        }
        if !marker && !n.is_empty() {
            return None;
        }
    }
    let description = rest.filter(|r| !r.is_empty()).map(str::to_owned);
    Some((token.to_owned(), description))
}

/// "Default value: X." / "默认值：X" → X (a single token).
fn default_value(desc: &str) -> Option<String> {
    for lead in ["Default value:", "Default value：", "Default:", "默认值：", "默认值:", "默认为"] {
        if let Some(i) = desc.find(lead) {
            let rest = desc[i + lead.len()..].trim_start();
            let token: String =
                rest.chars().take_while(|c| !c.is_whitespace() && !"。，,；;（(".contains(*c)).collect();
            // A phrase ("Default value: the ID of the vSwitch…") is prose, not a value.
            let after = &rest[token.len()..];
            let phrase = !token.ends_with('.')
                && after.starts_with(' ')
                && after.trim_start().starts_with(|c: char| c.is_alphabetic());
            let token = token.trim_end_matches('.').trim_matches('`').to_owned();
            if !token.is_empty()
                && !phrase
                && token.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
                && !token.eq_ignore_ascii_case("null")
            {
                return Some(token);
            }
        }
    }
    None
}

/// "must be 2 to 128 characters in length", "长度为2~128个字符" → (2, 128). A description
/// that states two different ranges (one for Windows, one for Linux) states none for the
/// element.
fn length_range(desc: &str) -> Option<(i64, i64)> {
    let mut found = None;
    for (lead, tail) in [("must be ", " characters in length"), ("长度为", "个字符")] {
        let mut from = 0;
        while let Some(i) = desc[from..].find(lead) {
            let at = from + i + lead.len();
            if let Some(r) = range_after(&desc[at..]) {
                let rest = &desc[at..];
                if rest.find(tail).is_some_and(|t| t < 24) {
                    match found {
                        Some(f) if f != r => return None,
                        _ => found = Some(r),
                    }
                }
            }
            from = at;
        }
    }
    found
}

/// The value list item marked as the default (`- Available（默认）：…`, `- true (default)`).
fn marked_default(desc: &str) -> Option<String> {
    desc.lines().filter_map(|l| l.trim_start().strip_prefix("- ")).find_map(|item| {
        let head = item.split([':', '：']).next().unwrap_or("");
        let marked = ["（默认）", "（默认值）", "(default)", "(Default)", "（缺省）"].iter().any(|m| head.contains(m));
        if !marked {
            return None;
        }
        let token = head.split(['(', '（']).next().unwrap_or("").trim().trim_matches('`');
        (!token.is_empty() && token.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)))
            .then(|| token.to_owned())
    })
}

const MINIMUM_LEADS: [&str; 9] = [
    "Pages start from page",
    "Minimum value:",
    "Minimum value：",
    "Start value:",
    "起始值：",
    "起始值:",
    "最小值：",
    "最小值:",
    "Minimum:",
];
const MAX_LENGTH_LEADS: [&str; 7] = [
    "长度不能超过",
    "长度不超过",
    "不超过",
    "up to a maximum length of ",
    "cannot exceed ",
    "can be up to ",
    "at most ",
];
const MAXIMUM_LEADS: [&str; 6] = ["Maximum value:", "Maximum value：", "最大值：", "最大值:", "Maximum:", "Max value:"];

/// "长度不能超过64个字符", "up to a maximum length of 64 characters" → 64.
/// "cannot exceed 64 characters in length" → 64. Two different limits (one per case) are none.
fn max_length(desc: &str) -> Option<i64> {
    let mut found: Option<i64> = None;
    for lead in MAX_LENGTH_LEADS {
        let mut from = 0;
        while let Some(i) = desc[from..].find(lead) {
            let at = from + i + lead.len();
            from = at;
            let rest = desc[at..].trim_start();
            let Some((n, len)) = leading_number(rest) else { continue };
            let after = rest[len..].trim_start();
            if !(after.starts_with("个字符") || after.starts_with("characters")) {
                continue;
            }
            match found {
                Some(f) if f != n => return None,
                _ => found = Some(n),
            }
        }
    }
    found
}

/// The number after one of `leads` ("最大值：100" → 100).
fn bound(desc: &str, leads: &[&str]) -> Option<i64> {
    leads.iter().find_map(|lead| {
        let i = desc.find(lead)?;
        leading_number(desc[i + lead.len()..].trim_start()).map(|(n, _)| n)
    })
}

/// "Valid values of N: 1 to 16", "N的取值范围：1~20" → (1, 16).
fn range_of_n(desc: &str) -> Option<(i64, i64)> {
    for lead in [
        "Valid values of N:",
        "valid values of N:",
        "N的取值范围：",
        "N 的取值范围：",
        "N的取值范围:",
        "The value range of N:",
    ] {
        if let Some(i) = desc.find(lead) {
            if let Some(r) = range_after(&desc[i + lead.len()..]) {
                return Some(r);
            }
        }
    }
    // "Set the value of N to 1." / "N的值只能为1": a list of at most one.
    for lead in ["Set the value of N to ", "set the value of N to ", "N的值只能为", "N只能为", "N的取值只能为"]
    {
        if let Some(i) = desc.find(lead) {
            let rest = &desc[i + lead.len()..];
            if let Some((n, len)) = leading_number(rest) {
                let after = &rest[len..];
                if after.is_empty() || after.starts_with(['.', '。', ',', '，', ';', '；', '\n']) {
                    return Some((n, n));
                }
            }
        }
    }
    None
}

/// "Valid values: 1 to 100", "取值范围：1~100" → (1, 100).
fn value_range(desc: &str) -> Option<(i64, i64)> {
    for lead in ["Valid values:", "Valid values：", "取值范围：", "取值范围:", "Value range:"] {
        let mut from = 0;
        while let Some(i) = desc[from..].find(lead) {
            let at = from + i;
            // Not the range of N.
            let before = &desc[..at];
            if !(before.ends_with("N的") || before.ends_with("N ") || before.ends_with("of N")) {
                if let Some(r) = range_after(&desc[at + lead.len()..]) {
                    return Some(r);
                }
            }
            from = at + lead.len();
        }
    }
    None
}

fn range_after(rest: &str) -> Option<(i64, i64)> {
    let rest = rest.trim_start();
    // JD Cloud writes ranges as `[1,10]`.
    let bracketed = rest.trim_start_matches('`').strip_prefix('[');
    if let Some(inner) = bracketed.and_then(|r| r.split(']').next()) {
        if let Some((lo, hi)) = inner.split_once(',') {
            if let (Ok(lo), Ok(hi)) = (lo.trim().parse::<i64>(), hi.trim().parse::<i64>()) {
                return (lo <= hi).then_some((lo, hi));
            }
        }
    }
    let num = |s: &str| -> Option<(i64, usize)> {
        // A leading minus only: `2-64` is a range, not one number.
        let sign = usize::from(s.starts_with('-'));
        let (n, len) = leading_number(&s[sign..])?;
        Some((if sign == 1 { -n } else { n }, sign + len))
    };
    let (lo, n) = num(rest)?;
    let after = rest[n..].trim_start();
    let after = ["to", "~", "-", "～", "至"].iter().find_map(|sep| after.strip_prefix(sep))?;
    let (hi, _) = num(after.trim_start())?;
    (lo <= hi).then_some((lo, hi))
}

/// The number `s` starts with and its length in bytes: `64`, or `1,024` with thousands
/// separators (a comma followed by exactly three digits, as the English pages write them;
/// `1,10` is two numbers).
fn leading_number(s: &str) -> Option<(i64, usize)> {
    let b = s.as_bytes();
    let mut end = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if end == 0 {
        return None;
    }
    let mut digits = s[..end].to_owned();
    while b.get(end) == Some(&b',')
        && b.len() >= end + 4
        && b[end + 1..end + 4].iter().all(u8::is_ascii_digit)
        && !b.get(end + 4).is_some_and(u8::is_ascii_digit)
    {
        digits.push_str(&s[end + 1..end + 4]);
        end += 4;
    }
    Some((digits.parse().ok()?, end))
}

/// The sentence that says the element goes away.
fn deprecation(desc: &str) -> Option<String> {
    // A value of a list ("- Deprecated：已弃用的镜像。") is not the element's deprecation.
    let prose: String = desc.lines().filter(|l| !l.trim_start().starts_with("- ")).collect::<Vec<_>>().join("\n");
    let desc = prose.as_str();
    const MARKS: [&str; 8] = [
        "will be removed",
        "will be deprecated",
        "is deprecated",
        "has been deprecated",
        "即将被弃用",
        "已弃用",
        "即将停止使用",
        "已废弃",
    ];
    let mark = MARKS.iter().find(|m| desc.contains(*m))?;
    let i = desc.find(mark)?;
    let start =
        desc[..i].rfind(['.', '。', '\n', '：']).map_or(0, |j| j + desc[j..].chars().next().map_or(1, char::len_utf8));
    let end = desc[i..].find(['。', '\n']).map(|j| i + j + desc[i + j..].chars().next().map_or(1, char::len_utf8));
    let end = end.or_else(|| desc[i..].find(". ").map(|j| i + j + 1)).unwrap_or(desc.len());
    let mut sentence = desc[start..end].trim().trim_start_matches('*').trim();
    // A label before it ("**Note:** This parameter will be removed…").
    for label in ["Note:", "Notice:", "Warning:", "说明：", "注意：", "说明:", "注意:"] {
        if let Some(rest) = sentence.strip_prefix(label) {
            sentence = rest.trim_start_matches('*').trim();
        }
    }
    Some(if sentence.is_empty() { desc.trim().to_owned() } else { sentence.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_lists() {
        let d = "The scenario. Default value: CreateEcs. Valid values:\n\n- CreateEcs\n- Upgrade";
        assert_eq!(enum_values(d), vec![("CreateEcs".into(), None), ("Upgrade".into(), None)]);
        let d = "状态。取值范围：\n\n- Creating：镜像正在创建中。\n- Available（默认）：您可以使用的镜像。";
        assert_eq!(
            enum_values(d),
            vec![
                ("Creating".into(), Some("镜像正在创建中。".into())),
                ("Available".into(), Some("您可以使用的镜像。".into()))
            ]
        );
        let d = "Valid values:\n\n- Linux instances: the home directory\n- Windows instances: C:";
        assert!(enum_values(d).is_empty());
        assert_eq!(default_value("x. Default value: CreateEcs. Valid"), Some("CreateEcs".into()));
        assert_eq!(default_value("默认值：空"), None);
        assert_eq!(default_value("Default value: the ID of the vSwitch to which to connect the instance."), None);
        assert_eq!(default_value("Default value: 10."), Some("10".into()));
        assert_eq!(default_value("Default value: `PayByTraffic`. Valid values:"), Some("PayByTraffic".into()));
    }

    #[test]
    fn ranges_and_deprecation() {
        assert_eq!(range_of_n("Valid values of N: 1 to 16. Unit"), Some((1, 16)));
        assert_eq!(range_of_n("N的取值范围：1~20"), Some((1, 20)));
        assert_eq!(value_range("Valid values: 1 to 100. Default"), Some((1, 100)));
        assert_eq!(value_range("N的取值范围：1~20"), None);
        assert_eq!(bound("每页行数。最大值：100\n\n默认值：10", &MAXIMUM_LEADS), Some(100));
        assert_eq!(bound("页码。起始值：1。", &MINIMUM_LEADS), Some(1));
        assert_eq!(
            marked_default("取值范围：\n\n- Creating：创建中。\n- Available（默认）：可用。"),
            Some("Available".into())
        );
        assert_eq!(value_range("取值范围：`[1,10]`；"), Some((1, 10)));
        assert_eq!(max_length("长度不能超过64个字符。"), Some(64));
        assert_eq!(max_length("ID列表，不超过100个。"), None);
        assert_eq!(
            enum_values("类型。\n可选值：\n`ssd`：固态\n`hdd`：机械"),
            vec![("ssd".into(), Some("固态".into())), ("hdd".into(), Some("机械".into()))]
        );
        assert_eq!(length_range("The name must be 2 to 128 characters in length and"), Some((2, 128)));
        assert_eq!(length_range("名称。长度为2~128个英文或中文字符"), None);
        assert_eq!(length_range("名称。长度为2~128个字符"), Some((2, 128)));
        let host = "- For Windows instances, the hostname must be 2 to 15 characters in length.\n- For Linux, the hostname must be 2 to 64 characters in length.";
        assert_eq!(length_range(host), None);
        assert_eq!(length_range("Windows：长度为2~15个字符。Linux：长度为2-64个字符。"), None);
        assert_eq!(value_range("取值范围：-1~10"), Some((-1, 10)));
        assert_eq!(max_length("The value cannot exceed 64 characters in length."), Some(64));
        assert_eq!(max_length("It can be up to 1,024 characters in length."), Some(1024));
        assert_eq!(length_range("The policy must be 1 to 1,024 characters in length."), Some((1, 1024)));
        assert_eq!(value_range("Valid values: 1 to 10,000, or 0."), Some((1, 10_000)));
        assert_eq!(leading_number("1,10]"), Some((1, 1)));
        assert_eq!(leading_number("1,0245"), Some((1, 1)));
        assert_eq!(max_length("Windows: cannot exceed 15 characters. Linux: cannot exceed 64 characters."), None);
        assert_eq!(range_of_n("IPv6 address N. Set the value of N to 1. Example"), Some((1, 1)));
        assert_eq!(range_of_n("Set the value of N to 1 or 2."), None);
        assert_eq!(
            deprecation("The mount point.\n\n**Note:** This parameter will be removed in the future. We recommend"),
            Some("This parameter will be removed in the future.".into())
        );
        assert_eq!(deprecation("状态：\n\n- Deprecated：已弃用的镜像。"), None);
        assert_eq!(
            deprecation("订阅型镜像。\n\n**说明：** 该参数即将被弃用，为提高兼容性，请尽量使用其他参数。"),
            Some("该参数即将被弃用，为提高兼容性，请尽量使用其他参数。".into())
        );
    }

    #[test]
    fn type_words() {
        assert_eq!(TypeWord::of("Array of String"), TypeWord::Array(Some("String".into())));
        assert_eq!(TypeWord::of("array<object>"), TypeWord::Array(Some("object".into())));
        assert_eq!(TypeWord::of("Filter[]"), TypeWord::Array(Some("Filter".into())));
        assert_eq!(TypeWord::of("Long"), TypeWord::Long);
        assert_eq!(TypeWord::of(""), TypeWord::Wrapper);
        assert_eq!(
            url_path("https://vm.jdcloud-api.com/v1/regions/{regionId}/images"),
            Some("/v1/regions/{regionId}/images".into())
        );
    }
}
