//! The hand-written runtime that generated code calls.
//!
//! Generated code describes each service and operation with static data ([`Service`],
//! [`Operation`]), collects a request's wire parameters into [`Params`], and calls the one
//! entry point [`send`]. Everything a request needs beyond that (endpoints, credentials,
//! signing, retries, error mapping, deserialization) lives here, once.
//!
//! This module is public only so that generated code can reach it; it is not part of the
//! stable API.

mod endpoint;
pub mod enums;
pub mod flatten;
mod macros;
pub mod paginate;
pub mod protocol;
mod retry;
pub mod serde;
pub mod signing;
mod transport;

use crate::{Config, Error};
use std::fmt;

pub use endpoint::resolve_endpoint;
pub use transport::{decode, send, send_into, Body, Sending};

/// Static description of a service, emitted once per service from `service.yaml`.
#[derive(Debug)]
pub struct Service {
    /// The protocol module: wire building, signing, endpoint rules, error bodies, retryable
    /// codes and credential sources ([`protocol::AliyunRpc`], [`protocol::JdcloudRest`]).
    pub protocol: &'static dyn protocol::Protocol,
    /// The service name used in credential scopes and logs (`ecs`, `vm`).
    pub name: &'static str,
    /// The API version (`2014-05-26`, `v1`).
    pub api_version: &'static str,
    /// Default URL scheme of resolved endpoints.
    pub scheme: &'static str,
    /// Endpoint host pattern; `{region}` is replaced by the region id.
    pub endpoint_pattern: &'static str,
    /// Region → host exceptions, sorted by region.
    pub endpoint_regions: &'static [(&'static str, &'static str)],
    /// The request parameter that carries the region, filled from [`Config`] when unset.
    pub region_parameter: Option<&'static str>,
    /// The signing algorithms the service accepts (`signing.algorithms`).
    pub signers: &'static [signing::Signer],
    /// The algorithm used unless [`Config`] picks another one (`signing.default`).
    pub default_signer: signing::Signer,
}

/// Static description of an operation, emitted once per operation.
#[derive(Debug)]
pub struct Operation {
    /// The service the operation belongs to.
    pub service: &'static Service,
    /// The documented operation name (`DescribeImages`).
    pub name: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Path template (`/` for RPC; `/v1/regions/{regionId}/...` for REST).
    pub path: &'static str,
    /// Wire names of the required parameters, checked before anything is sent.
    pub required: &'static [&'static str],
    /// Whether sending the request twice is safe: it only reads, or repeating it changes
    /// nothing more. Failures after the request may have reached the service are retried
    /// only for such operations and for those with an [`Operation::idempotency_token`].
    pub idempotent: bool,
    /// The documented client token (`ClientToken`), which makes a retried write happen
    /// once; filled with a fresh UUID when the caller sets none.
    pub idempotency_token: Option<Token>,
    /// Whether the operation documents the service's region parameter, which is then
    /// filled from [`Config`] when unset (an operation without it sends no region).
    pub region: bool,
}

/// Where an operation's client token travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// A query parameter of this name.
    Query(&'static str),
    /// A member of the JSON body of this name.
    Body(&'static str),
}

/// Prints `** redacted **`: what generated `Debug` impls show for a sensitive value
/// (`x-sensitive` in the spec).
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("** redacted **")
    }
}

/// A value that can be written as one wire parameter.
pub trait WireValue {
    /// The text sent on the wire.
    fn to_wire(&self) -> String;
}

impl WireValue for String {
    fn to_wire(&self) -> String {
        self.clone()
    }
}

impl WireValue for bool {
    fn to_wire(&self) -> String {
        if *self { "true" } else { "false" }.to_owned()
    }
}

macro_rules! wire_display {
    ($($t:ty),*) => {$(
        impl WireValue for $t {
            fn to_wire(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
wire_display!(i32, i64, f64);

/// The wire parameters of one request, in the order the builder wrote them.
///
/// Scalars are written as text at once. Lists, structs and maps are written from their
/// fields ([`flatten::Flat`]): flattened into the query (`DataDisk.1.Size=40`), as JSON
/// text, or as JSON members of a body. Required members at any depth (`DataDisk.N.Size`)
/// are checked on the JSON value of the parameter they reach into, which is built only for
/// such parameters (see [`Params::with_required`]).
///
/// Two `Params` are equal when they send the same parameters.
#[derive(Debug, Clone, Default)]
pub struct Params {
    query: Vec<(String, String)>,
    path: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    body: Vec<(&'static str, serde_json::Value)>,
    /// The structured values of flattened query parameters, for required-member checks.
    trees: Vec<(&'static str, serde_json::Value)>,
    /// The required patterns whose flattened parameters keep a tree; `None`: every one.
    required: Option<&'static [&'static str]>,
}

impl PartialEq for Params {
    fn eq(&self, other: &Self) -> bool {
        self.query == other.query && self.path == other.path && self.headers == other.headers && self.body == other.body
    }
}

/// The first required member that is absent below `value`: `pattern` is the rest of a
/// required pattern (`N.Size`), `at` the concrete path so far (`DataDisk`). Only the last
/// step must be present; an absent intermediate object is not sent, so nothing is missing.
fn missing(value: &serde_json::Value, pattern: &[&str], at: &str) -> Option<String> {
    let (step, rest) = pattern.split_first()?;
    if *step == "N" {
        let items = value.as_array()?;
        return items.iter().enumerate().find_map(|(i, item)| missing(item, rest, &format!("{at}.{}", i + 1)));
    }
    let here = format!("{at}.{step}");
    match value.get(step) {
        None | Some(serde_json::Value::Null) if rest.is_empty() => Some(here),
        None | Some(serde_json::Value::Null) => None,
        Some(v) => missing(v, rest, &here),
    }
}

impl Params {
    /// An empty parameter list that keeps the structure of every flattened parameter for
    /// [`Params::missing_member`].
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty parameter list for an operation whose required parameters are `required`:
    /// only flattened parameters that a required pattern reaches into (`DataDisk` for
    /// `DataDisk.N.Size`) keep their structure for [`Params::missing_member`].
    pub fn with_required(required: &'static [&'static str]) -> Self {
        Self { required: Some(required), ..Self::default() }
    }

    /// Whether a required pattern reaches below the parameter `name`.
    fn keeps_tree(&self, name: &str) -> bool {
        self.required.is_none_or(|patterns| {
            patterns.iter().any(|p| p.strip_prefix(name).is_some_and(|rest| rest.starts_with('.')))
        })
    }

    /// A scalar query parameter (`Name=value`), skipped when unset.
    pub fn simple<V: WireValue>(&mut self, name: &str, value: &Option<V>) {
        if let Some(v) = value {
            self.query.push((name.to_owned(), v.to_wire()));
        }
    }

    /// A path parameter, substituted into the operation's path template.
    pub fn path<V: WireValue>(&mut self, name: &'static str, value: &Option<V>) {
        if let Some(v) = value {
            self.path.push((name, v.to_wire()));
        }
    }

    /// A header, skipped when unset.
    pub fn header<V: WireValue>(&mut self, name: &'static str, value: &Option<V>) {
        if let Some(v) = value {
            self.headers.push((name, v.to_wire()));
        }
    }

    /// Several values joined by commas (`Status=Available,Creating`), skipped when empty.
    pub fn comma<V: WireValue>(&mut self, name: &str, values: &[V]) {
        if !values.is_empty() {
            let joined = values.iter().map(WireValue::to_wire).collect::<Vec<_>>().join(",");
            self.query.push((name.to_owned(), joined));
        }
    }

    /// A value (a list, a struct, a map) as one compact JSON text
    /// (`InstanceIds=["i-1","i-2"]`, `Parameters={"name":"Jack"}`).
    ///
    /// A value that was set is sent even when empty (`[]`): services treat an empty list as
    /// a filter that matches nothing, which is what the caller asked for.
    pub fn json<T: ::serde::Serialize>(&mut self, name: &str, value: &Option<T>) {
        if let Some(v) = value {
            if let Ok(json) = serde_json::to_string(v) {
                self.query.push((name.to_owned(), json));
            }
        }
    }

    /// A list, struct or map flattened into the query below `name` (`Name.1`,
    /// `DataDisk.1.Size`, `SystemDisk.Category`), skipped when unset or empty.
    pub fn flat(&mut self, name: &'static str, value: &dyn flatten::Flat) {
        value.with_value(&mut |v| {
            flatten::flatten_into(name, v, &mut self.query);
            if self.keeps_tree(name) {
                if let Some(tree) = flatten::json_value(v) {
                    self.trees.push((name, tree));
                }
            }
        });
    }

    /// A member of the JSON body, skipped when unset or empty.
    pub fn body(&mut self, name: &'static str, value: &dyn flatten::Flat) {
        value.with_value(&mut |v| {
            if let Some(json) = flatten::json_value(v) {
                self.body.push((name, json));
            }
        });
    }

    /// The query parameters, in the order they were added.
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// The path parameters, in the order they were added.
    pub fn path_params(&self) -> &[(&'static str, String)] {
        &self.path
    }

    /// The headers the operation documents, in the order they were added.
    pub fn headers(&self) -> &[(&'static str, String)] {
        &self.headers
    }

    /// The members of the JSON body, in the order they were added (empty: no body).
    pub fn body_members(&self) -> &[(&'static str, serde_json::Value)] {
        &self.body
    }

    /// Whether a parameter with this wire name (or, for flattened ones, this prefix) is present.
    pub fn has(&self, name: &str) -> bool {
        self.path.iter().any(|(n, _)| *n == name)
            || self.headers.iter().any(|(n, _)| *n == name)
            || self.body.iter().any(|(n, _)| *n == name)
            || self
                .query
                .iter()
                .any(|(n, _)| n == name || n.strip_prefix(name).is_some_and(|rest| rest.starts_with('.')))
    }

    /// The first absent member of a required pattern (`DataDisk.N.Size` →
    /// `DataDisk.2.Size`), for a parameter that is set; `None` when the pattern holds or
    /// its parameter is unset.
    pub fn missing_member(&self, pattern: &str) -> Option<String> {
        let mut steps = pattern.split('.');
        let top = steps.next()?;
        let rest: Vec<&str> = steps.collect();
        let (_, value) = self.trees.iter().chain(&self.body).find(|(n, _)| *n == top)?;
        missing(value, &rest, top)
    }

    /// Sets a query parameter unless it is already present (used for the default region).
    pub fn set_default(&mut self, name: &str, value: &str) {
        if !self.has(name) {
            self.query.push((name.to_owned(), value.to_owned()));
        }
    }

    /// Sets a path parameter unless it is already present (used for the default region).
    pub fn set_default_path(&mut self, name: &'static str, value: &str) {
        if !self.has(name) {
            self.path.push((name, value.to_owned()));
        }
    }

    /// Sets a body member unless it is already present (used for the idempotency token).
    pub fn set_default_body(&mut self, name: &'static str, value: &str) {
        if !self.has(name) {
            self.body.push((name, serde_json::Value::String(value.to_owned())));
        }
    }
}

/// What every generated client holds: the configuration, whose connection pool and
/// credentials cache are shared by every client made from it.
///
/// Cheap to clone; `Send + Sync + 'static`, so builders and their futures can move into
/// `tokio::spawn`.
#[derive(Clone, Debug)]
pub struct Handle {
    config: Config,
}

impl Handle {
    /// A handle on `config` (a clone: clients made from one `Config` share its connection
    /// pool and credentials cache).
    pub fn new(config: &Config) -> Self {
        Self { config: config.clone() }
    }

    /// The configuration the client was made with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The connection pool, or [`Error::Transport`] if it could not be made.
    pub(crate) fn http(&self, operation: &'static str) -> Result<reqwest::Client, Error> {
        self.config.shared.http(&self.config, operation)
    }
}
