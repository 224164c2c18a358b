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
pub mod paginate;
pub mod protocol;
mod retry;
pub mod serde;
pub mod signing;
mod transport;

use crate::{Config, Error};
use std::fmt;

pub use endpoint::resolve_endpoint;
pub use transport::send;

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
    /// The wire name of the documented client token (`ClientToken`), which makes a retried
    /// write happen once; filled with a fresh UUID when the caller sets none.
    pub idempotency_token: Option<&'static str>,
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
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params {
    query: Vec<(String, String)>,
    path: Vec<(&'static str, String)>,
}

impl Params {
    /// An empty parameter list.
    pub fn new() -> Self {
        Self::default()
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

    /// Several values joined by commas (`Status=Available,Creating`), skipped when empty.
    pub fn comma<V: WireValue>(&mut self, name: &str, values: &[V]) {
        if !values.is_empty() {
            let joined = values.iter().map(WireValue::to_wire).collect::<Vec<_>>().join(",");
            self.query.push((name.to_owned(), joined));
        }
    }

    /// A JSON array of strings as compact JSON text (`InstanceIds=["i-1","i-2"]`).
    ///
    /// An empty list that was set is sent as `[]`: services treat it as a filter that
    /// matches nothing, which is what the caller asked for.
    pub fn json<V: WireValue>(&mut self, name: &str, values: &Option<Vec<V>>) {
        if let Some(values) = values {
            let texts: Vec<String> = values.iter().map(WireValue::to_wire).collect();
            let json = serde_json::to_string(&texts).expect("a list of strings always serializes");
            self.query.push((name.to_owned(), json));
        }
    }

    /// A repeat list numbered from 1 (`AdditionalAttributes.1=a&AdditionalAttributes.2=b`).
    pub fn numbered<V: WireValue>(&mut self, name: &str, values: &[V]) {
        for (i, v) in values.iter().enumerate() {
            self.query.push((format!("{name}.{}", i + 1), v.to_wire()));
        }
    }

    /// Repeated groups numbered from 1 (`Tag.1.Key=k&Tag.1.Value=v`); `rows` yields one
    /// value per member, in the order of `members`.
    pub fn numbered_group<I>(&mut self, name: &str, members: &[&str], rows: I)
    where
        I: IntoIterator<Item = Vec<String>>,
    {
        for (i, row) in rows.into_iter().enumerate() {
            for (member, value) in members.iter().zip(row) {
                self.query.push((format!("{name}.{}.{member}", i + 1), value));
            }
        }
    }

    /// The query parameters, in the order they were added.
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// The path parameters, in the order they were added.
    pub fn path_params(&self) -> &[(&'static str, String)] {
        &self.path
    }

    /// Whether a parameter with this wire name (or, for repeats, this prefix) is present.
    pub fn has(&self, name: &str) -> bool {
        self.path.iter().any(|(n, _)| *n == name)
            || self
                .query
                .iter()
                .any(|(n, _)| n == name || n.strip_prefix(name).is_some_and(|rest| rest.starts_with('.')))
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
