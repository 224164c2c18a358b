//! Parameter validation against the operation's documentation (the IR).
//!
//! A request is checked for: parameters the operation does not document, parameters given
//! twice, required parameters that are absent, and values that do not fit (integers,
//! `true`/`false`, numbers, documented enum values, `minimum`/`maximum`, `minLength`/
//! `maxLength`, JSON arrays of strings, `maxItems`, `Name.N` and `Name.N.Member` numbered
//! from 1 without gaps). The protocol's common parameters (signature, version, format…)
//! are not the operation's and are skipped.
//!
//! A value outside an enum is answered with the operation's documented error for that
//! parameter when there is one (`InvalidStatus.NotFound`), as the service does; a list
//! that is too long with its documented `Invalid<Name>Count` error.

use super::responses::{Dialect, Problem};
use super::routing::Route;
use sdkgen::ir::{Docs, Field, Location, Operation, Param, ParamKind, ShapeKind, Type};
use std::collections::{BTreeMap, BTreeSet};

/// Alibaba RPC parameters that belong to the protocol, not to an operation.
const RPC_COMMON: [&str; 11] = [
    "Action",
    "Version",
    "Format",
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "SignatureType",
    "Timestamp",
    "SecurityToken",
];

/// Why a value does not fit.
#[derive(Debug, Clone, PartialEq)]
struct Unfit {
    why: String,
    /// The value is not one of the documented enum values.
    not_listed: bool,
}

impl Unfit {
    fn new(why: String) -> Self {
        Self { why, not_listed: false }
    }
}

/// A flattened parameter read back into a tree: `DataDisk.1.Size=40` is
/// `DataDisk → 1 → Size → "40"`.
#[derive(Debug, Default)]
struct Node<'a> {
    value: Option<&'a str>,
    children: BTreeMap<&'a str, Node<'a>>,
}

impl<'a> Node<'a> {
    fn insert(&mut self, path: &[&'a str], value: &'a str) {
        match path.split_first() {
            None => self.value = Some(value),
            Some((step, rest)) => self.children.entry(step).or_default().insert(rest, value),
        }
    }
}

/// Checks the parameters of a routed request: `given` are the query (and form) pairs.
pub(crate) fn validate(route: &Route<'_>, given: &[(String, String)]) -> Result<(), Problem> {
    let op = route.op;
    let given: Vec<(&str, &str)> = given
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .filter(|(n, _)| !(route.dialect() == Dialect::Aliyun && RPC_COMMON.contains(n)))
        .collect();
    check_duplicates(&given)?;
    let query: Vec<&Param> = op.params.iter().filter(|p| p.location == Location::Query).collect();
    let mut present: BTreeSet<*const Param> = BTreeSet::new();
    let mut trees: BTreeMap<*const Param, (&Param, Node<'_>)> = BTreeMap::new();
    for (name, value) in &given {
        if let Some(p) = query.iter().find(|p| p.wire == *name && !flattened(p)) {
            present.insert(*p as *const Param);
            check_whole(route, p, name, value)?;
            continue;
        }
        let owners: Vec<&&Param> = query
            .iter()
            .filter(|p| flattened(p) && name.strip_prefix(p.wire.as_str()).is_some_and(|rest| rest.starts_with('.')))
            .collect();
        // Two parameters may share a prefix (`Tag.N.Key` and the legacy `Tag.N.key`): the
        // one whose struct has the member.
        let fits = |p: &Param| {
            let steps: Vec<&str> = name[p.wire.len() + 1..].split('.').collect();
            let (ty, member) = match &p.kind {
                ParamKind::Numbered(item) => (item, steps.get(1)),
                ParamKind::Dotted(ty) => (ty, steps.first()),
                _ => return true,
            };
            match (ty, member) {
                (Type::Struct(n), Some(m)) => Cx { route, param: p }.fields(n).iter().any(|f| f.wire == *m),
                _ => true,
            }
        };
        let Some(p) = owners.iter().find(|p| fits(p)).or(owners.first()) else {
            return Err(Problem::UnknownParameter { name: (*name).to_owned(), operation: op.name.clone() });
        };
        present.insert(**p as *const Param);
        let steps: Vec<&str> = name[p.wire.len() + 1..].split('.').collect();
        trees.entry(**p as *const Param).or_insert_with(|| (**p, Node::default())).1.insert(&steps, value);
    }
    check_required(route, &present)?;
    for (name, value) in &route.path_params {
        if let Some(p) = op.params.iter().find(|p| p.in_path() && &p.wire == name) {
            check_whole(route, p, name, value)?;
        }
    }
    for (p, tree) in trees.values() {
        let cx = Cx { route, param: p };
        match &p.kind {
            ParamKind::Numbered(item) => cx.list(item, &p.docs, tree, &p.wire)?,
            _ => cx.node(&p.ty(), &p.docs, tree, &p.wire)?,
        }
    }
    Ok(())
}

/// Checks the JSON body of a REST request against the operation's body parameters.
pub(crate) fn validate_body(route: &Route<'_>, body: &[u8]) -> Result<(), Problem> {
    let op = route.op;
    let members: Vec<&Param> = op.params.iter().filter(|p| p.location == Location::Body).collect();
    if body.iter().all(u8::is_ascii_whitespace) {
        if let Some(p) = members.iter().find(|p| p.required) {
            return Err(Problem::Missing { name: p.wire.clone(), region: false });
        }
        return Ok(());
    }
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| invalid("(body)", format!("the body is not JSON: {e}")))?;
    let object = value.as_object().ok_or_else(|| invalid("(body)", "the body is not a JSON object".into()))?;
    for (key, v) in object {
        // Path parameters may be repeated in the body (the official SDK does so).
        if op.params.iter().any(|p| p.in_path() && &p.wire == key) {
            continue;
        }
        let Some(p) = members.iter().find(|p| &p.wire == key) else {
            return Err(Problem::UnknownParameter { name: key.clone(), operation: op.name.clone() });
        };
        Cx { route, param: p }.json(&p.ty(), &p.docs, v, key)?;
    }
    if let Some(p) = members.iter().find(|p| p.required && object.get(&p.wire).is_none_or(|v| v.is_null())) {
        return Err(Problem::Missing { name: p.wire.clone(), region: false });
    }
    Ok(())
}

/// Whether the parameter is written below its name (`Name.1`, `Name.Member`).
fn flattened(p: &Param) -> bool {
    matches!(p.kind, ParamKind::Numbered(_) | ParamKind::Dotted(_))
}

fn check_duplicates(given: &[(&str, &str)]) -> Result<(), Problem> {
    let mut seen = BTreeSet::new();
    match given.iter().find(|(name, _)| !seen.insert(*name)) {
        Some((name, _)) => Err(invalid(name, "it is given more than once".to_owned())),
        None => Ok(()),
    }
}

/// The `N` of `Name.N`: a whole number from 1, written without a sign or leading zeros.
fn index(name: &str, text: &str) -> Result<u64, Problem> {
    let canonical = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && !text.starts_with('0');
    canonical
        .then(|| text.parse().ok())
        .flatten()
        .ok_or_else(|| invalid(name, format!("\"{text}\" is not a list position (positions are numbered from 1)")))
}

fn check_required(route: &Route<'_>, present: &BTreeSet<*const Param>) -> Result<(), Problem> {
    let region = route.service.region_parameter.as_deref();
    for p in route.op.params.iter().filter(|p| p.required) {
        let found = match p.location {
            Location::Path => route.path_params.iter().any(|(n, _)| n == &p.wire),
            Location::Query => present.contains(&(p as *const Param)),
            // Checked with the body.
            Location::Body | Location::Header => true,
        };
        if !found {
            return Err(Problem::Missing { name: p.wire.clone(), region: region == Some(p.wire.as_str()) });
        }
    }
    Ok(())
}

fn check_whole(route: &Route<'_>, p: &Param, name: &str, value: &str) -> Result<(), Problem> {
    let op = route.op;
    let fail = |u: Unfit| unfit(op, &p.wire, "", name, u);
    match &p.kind {
        ParamKind::Simple(ty) => scalar(ty, &p.docs, value).map_err(fail),
        ParamKind::Comma { item, .. } => {
            let values: Vec<&str> = value.split(',').collect();
            check_count(op, p, &p.docs, name, values.len())?;
            values.iter().try_for_each(|v| scalar(item, &p.docs, v)).map_err(fail)
        }
        ParamKind::Json(ty) => {
            let parsed: serde_json::Value = serde_json::from_str(value)
                .map_err(|_| invalid(name, format!("{value} is not JSON ({})", describe(ty))))?;
            Cx { route, param: p }.json(ty, &p.docs, &parsed, name)
        }
        ParamKind::Numbered(_) | ParamKind::Dotted(_) => Ok(()),
    }
}

/// Checks values below one parameter, with its service's shapes at hand.
struct Cx<'r, 'a> {
    route: &'r Route<'a>,
    param: &'a Param,
}

impl Cx<'_, '_> {
    fn op(&self) -> &Operation {
        self.route.op
    }

    fn fields(&self, name: &str) -> &[Field] {
        match self.route.service.shapes.iter().find(|s| s.name == name).map(|s| &s.kind) {
            Some(ShapeKind::Struct(fields)) => fields,
            _ => &[],
        }
    }

    fn unknown(&self, name: String) -> Problem {
        Problem::UnknownParameter { name, operation: self.op().name.clone() }
    }

    fn unfit(&self, at: &str, u: Unfit) -> Problem {
        unfit(self.op(), &self.param.wire, "", at, u)
    }

    /// A flattened value of type `ty` at `at`.
    fn node(&self, ty: &Type, docs: &Docs, node: &Node<'_>, at: &str) -> Result<(), Problem> {
        match ty {
            Type::Vec(item) => self.list(item, docs, node, at),
            Type::Map(inner) => {
                if node.value.is_some() {
                    return Err(invalid(at, "a map is sent as its members (`Name.key`)".into()));
                }
                node.children.iter().try_for_each(|(k, child)| self.node(inner, docs, child, &format!("{at}.{k}")))
            }
            Type::Struct(name) => {
                let fields = self.fields(name);
                if node.value.is_some() {
                    return Err(invalid(at, format!("{name} is sent as its members (`{at}.<Member>`)")));
                }
                for (k, child) in &node.children {
                    let Some(f) = fields.iter().find(|f| f.wire == *k) else {
                        return Err(self.unknown(format!("{at}.{k}")));
                    };
                    self.node(&f.ty, &f.docs, child, &format!("{at}.{k}"))?;
                }
                if let Some(f) = fields.iter().find(|f| f.required && !node.children.contains_key(f.wire.as_str())) {
                    return Err(Problem::Missing { name: format!("{at}.{}", f.wire), region: false });
                }
                Ok(())
            }
            scalar_ty => {
                if let Some(k) = node.children.keys().next() {
                    return Err(self.unknown(format!("{at}.{k}")));
                }
                scalar(scalar_ty, docs, node.value.unwrap_or_default()).map_err(|u| self.unfit(at, u))
            }
        }
    }

    /// A list `at.1`, `at.2`, …: numbered from 1 without gaps, within `maxItems`.
    fn list(&self, item: &Type, docs: &Docs, node: &Node<'_>, at: &str) -> Result<(), Problem> {
        if node.value.is_some() {
            return Err(invalid(at, format!("a list is sent numbered ({at}.1, {at}.2, ...)")));
        }
        let mut used = BTreeSet::new();
        for k in node.children.keys() {
            used.insert(index(&format!("{at}.{k}"), k)?);
        }
        let last = used.last().copied().unwrap_or(0);
        if let Some(gap) = (1..=last).find(|n| !used.contains(n)) {
            let why = format!("positions are numbered from 1 without gaps, but {at}.{gap} is missing");
            return Err(invalid(&format!("{at}.{last}"), why));
        }
        check_count(self.op(), self.param, docs, &format!("{at}.N"), used.len())?;
        node.children.iter().try_for_each(|(k, child)| self.node(item, docs, child, &format!("{at}.{k}")))
    }

    /// A JSON value (a body member, a `json` parameter) of type `ty` at `at`.
    fn json(&self, ty: &Type, docs: &Docs, v: &serde_json::Value, at: &str) -> Result<(), Problem> {
        use serde_json::Value;
        match (ty, v) {
            (_, Value::Null) => Ok(()),
            (Type::Vec(item), Value::Array(items)) => {
                check_count(self.op(), self.param, docs, at, items.len())?;
                items.iter().enumerate().try_for_each(|(i, x)| self.json(item, docs, x, &format!("{at}[{i}]")))
            }
            (Type::Map(inner), Value::Object(m)) => {
                m.iter().try_for_each(|(k, x)| self.json(inner, docs, x, &format!("{at}.{k}")))
            }
            (Type::Struct(name), Value::Object(m)) => {
                let fields = self.fields(name);
                for (k, x) in m {
                    let Some(f) = fields.iter().find(|f| &f.wire == k) else {
                        return Err(self.unknown(format!("{at}.{k}")));
                    };
                    self.json(&f.ty, &f.docs, x, &format!("{at}.{k}"))?;
                }
                if let Some(f) = fields.iter().find(|f| f.required && m.get(&f.wire).is_none_or(Value::is_null)) {
                    return Err(Problem::Missing { name: format!("{at}.{}", f.wire), region: false });
                }
                Ok(())
            }
            (Type::String | Type::Enum(_), Value::String(s)) => scalar(ty, docs, s).map_err(|u| self.unfit(at, u)),
            (Type::I32 | Type::I64 | Type::F64, Value::Number(n)) => {
                scalar(ty, docs, &n.to_string()).map_err(|u| self.unfit(at, u))
            }
            (Type::Bool, Value::Bool(_)) => Ok(()),
            (ty, v) => Err(invalid(at, format!("{v} is not {}", describe(ty)))),
        }
    }
}

/// A type in words, for messages.
fn describe(ty: &Type) -> String {
    match ty {
        Type::String => "a string".into(),
        Type::I32 | Type::I64 => "an integer".into(),
        Type::F64 => "a number".into(),
        Type::Bool => "true or false".into(),
        Type::Enum(n) => format!("a {n} value (a string)"),
        Type::Struct(n) => format!("a {n} object"),
        Type::Vec(_) => "a list".into(),
        Type::Map(_) => "an object".into(),
    }
}

fn check_count(op: &Operation, p: &Param, docs: &Docs, name: &str, count: usize) -> Result<(), Problem> {
    match docs.limits.max_items {
        Some(max) if count as u64 > max => {
            let why = format!("it has {count} items, more than the maximum {max}");
            Err(documented(op, &[format!("Invalid{}Count", p.wire)]).unwrap_or_else(|| invalid(name, why)))
        }
        _ => Ok(()),
    }
}

/// Checks one scalar value against its type and documented constraints.
fn scalar(ty: &Type, docs: &Docs, value: &str) -> Result<(), Unfit> {
    match ty {
        Type::I32 => number(value.parse::<i32>().map(f64::from).ok(), docs, value, "an integer"),
        Type::I64 => number(value.parse::<i64>().map(|v| v as f64).ok(), docs, value, "an integer"),
        Type::F64 => number(value.parse::<f64>().ok().filter(|v| v.is_finite()), docs, value, "a number"),
        Type::Bool if matches!(value, "true" | "false") => Ok(()),
        Type::Bool => Err(Unfit::new(format!("\"{value}\" is not true or false"))),
        Type::Enum(_) => listed(docs, value),
        Type::String => length(docs, value),
        Type::Struct(_) | Type::Vec(_) | Type::Map(_) => Ok(()),
    }
}

fn number(parsed: Option<f64>, docs: &Docs, value: &str, what: &str) -> Result<(), Unfit> {
    let v = parsed.ok_or_else(|| Unfit::new(format!("\"{value}\" is not {what}")))?;
    if let Some(min) = docs.limits.minimum.filter(|min| v < *min) {
        return Err(Unfit::new(format!("{value} is less than the minimum {min}")));
    }
    if let Some(max) = docs.limits.maximum.filter(|max| v > *max) {
        return Err(Unfit::new(format!("{value} is more than the maximum {max}")));
    }
    Ok(())
}

fn listed(docs: &Docs, value: &str) -> Result<(), Unfit> {
    if docs.values.is_empty() || docs.values.iter().any(|(v, _)| v == value) {
        return Ok(());
    }
    let values: Vec<&str> = docs.values.iter().map(|(v, _)| v.as_str()).collect();
    Err(Unfit { why: format!("\"{value}\" is not one of {}", values.join(", ")), not_listed: true })
}

fn length(docs: &Docs, value: &str) -> Result<(), Unfit> {
    let chars = value.chars().count() as u64;
    if let Some(min) = docs.limits.min_length.filter(|min| chars < *min) {
        return Err(Unfit::new(format!("\"{value}\" is shorter than {min} characters")));
    }
    if let Some(max) = docs.limits.max_length.filter(|max| chars > *max) {
        return Err(Unfit::new(format!("\"{value}\" is longer than {max} characters")));
    }
    Ok(())
}

/// The problem for a value that does not fit: the operation's documented error for that
/// parameter when the value is not a documented enum value and one exists, otherwise a
/// generic invalid-parameter error naming the wire name as sent.
fn unfit(op: &Operation, wire: &str, member: &str, name: &str, u: Unfit) -> Problem {
    let documented =
        u.not_listed.then(|| documented(op, &[format!("Invalid{wire}{member}"), format!("Invalid{wire}")]));
    documented.flatten().unwrap_or_else(|| invalid(name, u.why))
}

/// The first 4xx error the operation documents whose code is one of `names`, or one of
/// them followed by `.` and a detail (`InvalidStatus.NotFound`).
fn documented(op: &Operation, names: &[String]) -> Option<Problem> {
    names.iter().find_map(|name| {
        op.errors.iter().find_map(|e| {
            let code = e.code.as_deref()?;
            let hit = code == name || code.strip_prefix(name.as_str()).is_some_and(|rest| rest.starts_with('.'));
            (hit && (400..500).contains(&e.status)).then(|| Problem::Documented {
                status: e.status,
                code: code.to_owned(),
                message: e.message.clone().unwrap_or_else(|| format!("The specified value is not valid ({code}).")),
            })
        })
    })
}

fn invalid(name: &str, why: String) -> Problem {
    Problem::InvalidParameter { name: name.to_owned(), why }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::routing::Route;
    use sdkgen::ir::Ir;
    use std::sync::OnceLock;

    fn ir() -> &'static Ir {
        static IR: OnceLock<Ir> = OnceLock::new();
        IR.get_or_init(crate::specs)
    }

    fn route(operation: &str) -> Route<'static> {
        let (service, op) = ir()
            .services
            .iter()
            .find_map(|s| s.operations.iter().find(|o| o.name == operation).map(|o| (s, o)))
            .unwrap();
        Route { service, op, path_params: Vec::new() }
    }

    fn check(operation: &str, query: &[(&str, &str)]) -> Result<(), Problem> {
        let pairs: Vec<(String, String)> = query.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect();
        validate(&route(operation), &pairs)
    }

    fn why(result: Result<(), Problem>) -> String {
        match result.unwrap_err() {
            Problem::InvalidParameter { name, why } => format!("{name}: {why}"),
            other => format!("{other:?}"),
        }
    }

    const REGION: (&str, &str) = ("RegionId", "cn-hangzhou");

    #[test]
    fn documented_parameters_of_every_kind_pass() {
        let query = [
            REGION,
            ("Status", "Available,Creating"),
            ("PageSize", "100"),
            ("PageNumber", "1"),
            ("ShowExpired", "true"),
            ("Tag.1.Key", "k"),
            ("Tag.1.Value", "v"),
            ("Tag.2.Key", "k2"),
            ("Tag.1.key", "legacy"),
            ("Filter.1.Key", "CreationStartTime"),
            ("Filter.1.Value", "2017-12-05T22:40Z"),
            ("Action", "DescribeImages"),
            ("Signature", "ignored: a common parameter"),
        ];
        assert_eq!(check("DescribeImages", &query), Ok(()));
        let query = [REGION, ("InstanceIds", r#"["i-1","i-2"]"#), ("AdditionalAttributes.1", "META_OPTIONS")];
        assert_eq!(check("DescribeInstances", &query), Ok(()));
    }

    #[test]
    fn missing_required_parameters() {
        assert_eq!(check("DescribeImages", &[]), Err(Problem::Missing { name: "RegionId".into(), region: true }));
        assert_eq!(
            check("DescribeImageFromFamily", &[REGION]),
            Err(Problem::Missing { name: "ImageFamily".into(), region: false })
        );
    }

    #[test]
    fn unknown_and_repeated_parameters() {
        assert_eq!(
            check("DescribeImages", &[REGION, ("Foo", "1")]),
            Err(Problem::UnknownParameter { name: "Foo".into(), operation: "DescribeImages".into() })
        );
        assert_eq!(
            check("DescribeImages", &[REGION, ("Tag.1.Colour", "x")]),
            Err(Problem::UnknownParameter { name: "Tag.1.Colour".into(), operation: "DescribeImages".into() })
        );
        assert_eq!(why(check("DescribeImages", &[REGION, REGION])), "RegionId: it is given more than once");
    }

    #[test]
    fn scalar_values_must_fit_their_type() {
        assert_eq!(
            why(check("DescribeImages", &[REGION, ("PageSize", "ten")])),
            r#"PageSize: "ten" is not an integer"#
        );
        assert_eq!(
            why(check("DescribeImages", &[REGION, ("PageSize", "99999999999")])),
            r#"PageSize: "99999999999" is not an integer"#
        );
        assert_eq!(
            why(check("DescribeImages", &[REGION, ("ShowExpired", "True")])),
            r#"ShowExpired: "True" is not true or false"#
        );
        assert_eq!(
            why(check("DescribeImages", &[REGION, ("PageSize", "101")])),
            "PageSize: 101 is more than the maximum 100"
        );
        assert_eq!(
            why(check("DescribeInstances", &[REGION, ("PageNumber", "0")])),
            "PageNumber: 0 is less than the minimum 1"
        );
        assert_eq!(
            why(check("DescribeImageFromFamily", &[REGION, ("ImageFamily", "x")])),
            r#"ImageFamily: "x" is shorter than 2 characters"#
        );
        let long = "x".repeat(129);
        assert_eq!(
            why(check("DescribeImageFromFamily", &[REGION, ("ImageFamily", &long)])),
            format!(r#"ImageFamily: "{long}" is longer than 128 characters"#)
        );
    }

    #[test]
    fn enum_values_must_be_documented() {
        assert_eq!(
            why(check("DescribeImages", &[REGION, ("Status", "Available,Broken")])),
            r#"Status: "Broken" is not one of Creating, Waiting, Available, UnAvailable, CreateFailed, Deprecated"#
        );
        assert!(matches!(
            check("DescribeImages", &[REGION, ("Architecture", "sparc")]),
            Err(Problem::Documented { status: 404, code, .. }) if code == "InvalidArchitecture"
        ));
        // The operation documents an error for this parameter: it is what the service answers.
        assert_eq!(
            check("DescribeImages", &[REGION, ("ImageOwnerAlias", "nobody")]),
            Err(Problem::Documented {
                status: 400,
                code: "InvalidImageOwnerAlias.ValueNotSupported".into(),
                message: "The specified ImageOwnerAlias value is not supported.".into(),
            })
        );
        assert!(matches!(
            check("DescribeInstances", &[REGION, ("Status", "Sleeping")]),
            Err(Problem::Documented { status: 404, code, .. }) if code == "InvalidStatus.NotFound"
        ));
    }

    #[test]
    fn json_arrays_must_be_arrays_of_strings_within_max_items() {
        assert_eq!(
            why(check("DescribeInstances", &[REGION, ("InstanceIds", "i-1,i-2")])),
            "InstanceIds: i-1,i-2 is not JSON (a list)"
        );
        assert_eq!(
            why(check("DescribeInstances", &[REGION, ("InstanceIds", "[1,2]")])),
            "InstanceIds[0]: 1 is not a string"
        );
        let many = serde_json::to_string(&(0..101).map(|i| format!("i-{i}")).collect::<Vec<_>>()).unwrap();
        assert_eq!(
            why(check("DescribeInstances", &[REGION, ("InstanceIds", &many)])),
            "InstanceIds: it has 101 items, more than the maximum 100"
        );
    }

    #[test]
    fn numbered_lists_start_at_one_without_gaps_within_max_items() {
        assert_eq!(
            why(check("DescribeImages", &[REGION, ("Tag.2.Key", "k")])),
            "Tag.2: positions are numbered from 1 without gaps, but Tag.1 is missing"
        );
        assert_eq!(
            why(check("DescribeImages", &[REGION, ("Tag.0.Key", "k")])),
            r#"Tag.0: "0" is not a list position (positions are numbered from 1)"#
        );
        assert_eq!(
            why(check("DescribeInstances", &[REGION, ("AdditionalAttributes.01", "META_OPTIONS")])),
            r#"AdditionalAttributes.01: "01" is not a list position (positions are numbered from 1)"#
        );
        assert!(why(check("DescribeInstances", &[REGION, ("AdditionalAttributes.1", "NOPE")]))
            .starts_with(r#"AdditionalAttributes.1: "NOPE" is not one of META_OPTIONS"#));
        let tags: Vec<(String, String)> = (1..=21).map(|i| (format!("Tag.{i}.Key"), format!("k{i}"))).collect();
        let mut query: Vec<(&str, &str)> = tags.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        query.push(REGION);
        assert_eq!(
            check("DescribeInstances", &query),
            Err(Problem::Documented {
                status: 400,
                code: "InvalidTagCount".into(),
                message: "The specified tags are beyond the permitted range.".into(),
            })
        );
        let legacy: Vec<(String, String)> = (1..=3).map(|i| (format!("Tag.{i}.key"), format!("k{i}"))).collect();
        let query: Vec<(&str, &str)> = legacy.iter().map(|(n, v)| (n.as_str(), v.as_str())).chain([REGION]).collect();
        assert_eq!(check("DescribeImages", &query), Ok(()), "the deprecated spelling documents no maxItems");
    }

    #[test]
    fn path_parameters_are_checked_and_query_parameters_rejected_for_rest() {
        let mut r = route("describeImageConstraints");
        r.path_params = vec![("regionId".into(), "cn-north-1".into()), ("imageId".into(), "img-1".into())];
        assert_eq!(validate(&r, &[]), Ok(()));
        let unknown = validate(&r, &[("Action".into(), "x".into())]);
        assert_eq!(
            unknown,
            Err(Problem::UnknownParameter { name: "Action".into(), operation: "describeImageConstraints".into() })
        );
    }
}
