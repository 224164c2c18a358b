//! One module per wire protocol, behind one trait.
//!
//! The request pipeline (`runtime::transport`) is written once: fill defaults, check
//! required parameters, resolve the endpoint and credentials, then per attempt build, sign,
//! send, read and classify. What differs between vendors is a [`Protocol`]: how a request
//! is laid out on the wire and signed, where the region travels, how an error body reads,
//! which error codes are worth another attempt, and where credentials come from. Each
//! service's static description names its protocol (`Service::protocol`), so generated code
//! says which one it speaks and the pipeline never matches on a vendor.
//!
//! | Module | Vendor | Style | Signers |
//! |---|---|---|---|
//! | [`aliyun_rpc`] | Alibaba Cloud | `Action`/`Version` RPC, flat parameters in the query | ACS3-HMAC-SHA256, HMAC-SHA1 (V1) |
//! | [`jdcloud_rest`] | JD Cloud | path-templated REST, `{requestId, result}` envelope | JDCLOUD2, JDCLOUD3 |

pub mod aliyun_rpc;
pub mod jdcloud_rest;

pub use aliyun_rpc::AliyunRpc;
pub use jdcloud_rest::JdcloudRest;

use super::signing::Signer;
use super::{Operation, Params, Service};
use crate::credentials::ProvideCredentials;
use crate::{Config, Credentials};
use serde_json::Value;
use std::fmt;
use std::sync::Arc;
use time::OffsetDateTime;

/// Where a service's region parameter travels, and so where a default region is filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionIn {
    /// A query parameter (`RegionId=cn-hangzhou`).
    Query,
    /// A path parameter (`/v1/regions/{regionId}/...`).
    Path,
}

/// Everything a protocol needs to lay out and sign one attempt.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    /// The operation.
    pub op: &'static Operation,
    /// Its wire parameters (defaults and the idempotency token already filled in).
    pub params: &'a Params,
    /// The credentials to sign with.
    pub credentials: &'a Credentials,
    /// The signing algorithm, already checked against the service's list.
    pub signer: Signer,
    /// The `Host` header value (`host` or `host:port`).
    pub host: &'a str,
    /// The endpoint's base path without a trailing `/` (usually empty).
    pub base_path: &'a str,
    /// The region of the request (already checked against the region-id grammar).
    pub region: Option<&'a str>,
    /// The `User-Agent` header value.
    pub user_agent: &'a str,
    /// The signing time of this attempt.
    pub timestamp: OffsetDateTime,
    /// A fresh nonce for this attempt.
    pub nonce: &'a str,
}

/// A signed request, ready to be sent to the endpoint's origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wire {
    /// The HTTP method.
    pub method: &'static str,
    /// The path as sent and signed (percent-encoded, base path included).
    pub path: String,
    /// The query string as sent (percent-encoded), without `?`.
    pub query: String,
    /// The headers, lowercase names.
    pub headers: Vec<(String, String)>,
    /// The body (empty for none).
    pub body: Vec<u8>,
}

/// The fields of a vendor error body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorFields {
    /// The error code (`InvalidRegionId.NotFound`, `NOT_FOUND`).
    pub code: String,
    /// The message.
    pub message: String,
    /// The request id, when the body carries one.
    pub request_id: Option<String>,
    /// Alibaba Cloud's `HostId`.
    pub host_id: Option<String>,
    /// Alibaba Cloud's `Recommend`.
    pub recommend: Option<String>,
}

/// What a protocol says of an error answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// The service refused the request before doing anything (throttling): always worth
    /// another attempt.
    Always(&'static str),
    /// The failure is temporary, but the request may have been carried out (an internal
    /// error, a 5xx): worth another attempt only when repeating it is safe.
    IfSafe(&'static str),
    /// The same request gets the same answer.
    Never,
}

/// One wire protocol: everything the pipeline needs to know about a vendor's API style.
///
/// Implementations are unit structs with no state (`&'static dyn Protocol` in each
/// service's description); every method is a pure function of its arguments.
pub trait Protocol: fmt::Debug + Send + Sync + 'static {
    /// A short name for logs (`aliyun-rpc`).
    fn name(&self) -> &'static str;

    /// Where the service's region parameter travels.
    fn region_in(&self) -> RegionIn;

    /// The signing algorithm a request uses: the one [`Config`] picks for this vendor, else
    /// the service's `signing.default`.
    fn signer(&self, service: &Service, config: &Config) -> Signer;

    /// Lays out and signs one attempt. `Err` is the reason the request cannot be built
    /// (reported as [`Error::Build`](crate::Error::Build); nothing is sent).
    fn wire(&self, attempt: &Attempt<'_>) -> Result<Wire, String>;

    /// The fields of an error body in the vendor's format, or `None` when the body is not
    /// one (the pipeline then reports [`Error::Deserialize`](crate::Error::Deserialize)).
    fn error_fields(&self, body: &Value) -> Option<ErrorFields>;

    /// Whether an error answer (`code` when its body could be read) is worth another attempt.
    fn classify(&self, status: u16, code: Option<&str>) -> Retry;

    /// Where credentials come from when [`Config`] names none: the vendor's documented
    /// sources, in order (see [`crate::credentials`]). Asked once per `Config` and cached.
    fn default_credentials(&self) -> Arc<dyn ProvideCredentials>;

    /// Checks a region id before it goes into a host name, a path or a signing scope.
    ///
    /// The default is the grammar both vendors' region ids follow (`cn-hangzhou`,
    /// `cn-north-1`, `ap-southeast-1`): 1 to 64 lowercase ASCII letters, digits and `-`.
    /// Anything else (`evil.example/`, `a.b`, `x:1`, an empty string) could send the
    /// request, its signature and its token to a host the caller never meant.
    fn check_region(&self, region: &str) -> Result<(), String> {
        let well_formed = !region.is_empty()
            && region.len() <= 64
            && region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if well_formed {
            Ok(())
        } else {
            Err(format!(
                "region {region:?} is not a region id (1 to 64 lowercase letters, digits and '-'); \
                 it would change the host, path or signing scope of the request"
            ))
        }
    }
}

/// `template` with each `{name}` replaced by `encode(value)` of the path parameter `name`.
///
/// A value that would change the route instead of naming a resource in it is refused: the
/// empty string (`/images//constraints`), `.` and `..` (which URL parsers collapse, so the
/// request would go to another route than the one signed). Every other value is one path
/// segment once encoded (`/` becomes `%2F`).
pub fn fill_path(template: &str, params: &Params, encode: impl Fn(&str) -> String) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|i| open + i) else { break };
        let name = &rest[open + 1..close];
        let value = params
            .path_params()
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
            .ok_or_else(|| format!("path parameter {name} is not set"))?;
        if matches!(value.as_str(), "" | "." | "..") {
            return Err(format!(
                "path parameter {name} is {value:?}, which would change the route of the request instead of naming a resource"
            ));
        }
        out.push_str(&rest[..open]);
        out.push_str(&encode(value));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_grammar() {
        for good in ["cn-hangzhou", "cn-north-1", "ap-southeast-1", "us-east-1", "x"] {
            assert_eq!(AliyunRpc.check_region(good), Ok(()), "{good}");
        }
        for bad in [
            "evil.example/",
            "cn-hangzhou.evil.com",
            "a/b",
            "x:1",
            "",
            "CN-HANGZHOU",
            "cn hangzhou",
            "a@b",
            "é",
            "a\r\nb",
        ] {
            let e = JdcloudRest.check_region(bad).unwrap_err();
            assert!(e.starts_with(&format!("region {bad:?} is not a region id")), "{e}");
        }
        assert!(AliyunRpc.check_region(&"a".repeat(65)).is_err());
    }

    #[test]
    fn route_changing_path_values_are_refused() {
        let template = "/v1/regions/{regionId}/images/{imageId}/constraints";
        for bad in ["", ".", ".."] {
            let mut params = Params::new();
            params.path("regionId", &Some("cn-north-1".to_owned()));
            params.path("imageId", &Some(bad.to_owned()));
            let e = fill_path(template, &params, super::super::signing::percent_encode).unwrap_err();
            assert!(e.starts_with(&format!("path parameter imageId is {bad:?}, which would change the route")), "{e}");
        }
        let mut params = Params::new();
        params.path("regionId", &Some("cn-north-1".to_owned()));
        params.path("imageId", &Some("../../instances".to_owned()));
        let path = fill_path(template, &params, super::super::signing::percent_encode).unwrap();
        assert_eq!(path, "/v1/regions/cn-north-1/images/..%2F..%2Finstances/constraints");
    }
}
