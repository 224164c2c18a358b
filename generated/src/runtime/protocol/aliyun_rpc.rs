//! Alibaba Cloud RPC: `Action`/`Version` APIs with flat parameters (ECS).
//!
//! - **Wire**: every parameter in the query string, empty body, the operation's method
//!   (`http.method` of `service.yaml`, POST for ECS).
//! - **Signers**: ACS3-HMAC-SHA256 (action, version, date, nonce and token in `x-acs-*`
//!   headers, `Authorization` header) and HMAC-SHA1 signature V1 (everything, `Signature`
//!   last, in the query).
//! - **Region**: `RegionId` in the query, and in the endpoint host by the service's pattern.
//! - **Errors**: `{"RequestId","HostId","Code","Message","Recommend"}` (lowercase names also
//!   read).
//! - **Retryable codes**: `Throttling*` always (the service refused before doing anything,
//!   often with HTTP 400); `ServiceUnavailable*`, `InternalError*`, `UnknownError*` and HTTP
//!   500/502/503/504 only when repeating the request is safe (the legacy SDK retries the
//!   same four statuses; 501 and 505 are permanent).
//! - **Credentials**: `ALIBABA_CLOUD_ACCESS_KEY_ID`/`_SECRET` (+ `_SECURITY_TOKEN`), then
//!   the Alibaba Cloud CLI file, then the ECS instance RAM role when
//!   `ALIBABA_CLOUD_ECS_METADATA` names one (see [`crate::credentials`]).

use super::{Attempt, ErrorFields, Protocol, RegionIn, Retry, Wire};
use crate::credentials::{self, ProvideCredentials};
use crate::runtime::signing::{self, acs3, rpc_v1, AccessKey, Signer, EMPTY_PAYLOAD_SHA256};
use crate::runtime::Service;
use crate::{AliyunSignature, Config};
use serde_json::Value;
use std::sync::Arc;

/// The Alibaba Cloud RPC protocol.
#[derive(Debug, Clone, Copy, Default)]
pub struct AliyunRpc;

/// Error code prefixes that mean "refused before anything was done: try again later".
const THROTTLED: [&str; 1] = ["Throttling"];

/// Error code prefixes that mean "temporary failure on the service's side": the request
/// may have been carried out.
const TEMPORARY: [&str; 3] = ["ServiceUnavailable", "InternalError", "UnknownError"];

impl Protocol for AliyunRpc {
    fn name(&self) -> &'static str {
        "aliyun-rpc"
    }

    fn region_in(&self) -> RegionIn {
        RegionIn::Query
    }

    fn signer(&self, service: &Service, config: &Config) -> Signer {
        match config.aliyun_signature() {
            Some(AliyunSignature::V3) => Signer::Acs3HmacSha256,
            Some(AliyunSignature::V1) => Signer::HmacSha1,
            None => service.default_signer,
        }
    }

    fn wire(&self, a: &Attempt<'_>) -> Result<Wire, String> {
        match a.signer {
            Signer::Acs3HmacSha256 => Ok(v3(a)),
            Signer::HmacSha1 => Ok(v1(a)),
            other => Err(format!("{} cannot sign Alibaba Cloud RPC requests", other.spec_name())),
        }
    }

    fn error_fields(&self, body: &Value) -> Option<ErrorFields> {
        Some(ErrorFields {
            code: string_field(body, &["Code", "code"])?,
            message: string_field(body, &["Message", "message"]).unwrap_or_default(),
            request_id: string_field(body, &["RequestId", "requestId"]),
            host_id: string_field(body, &["HostId", "hostId"]),
            recommend: string_field(body, &["Recommend", "recommend"]),
        })
    }

    fn classify(&self, status: u16, code: Option<&str>) -> Retry {
        let starts = |prefixes: &[&str]| code.is_some_and(|c| prefixes.iter().any(|p| c.starts_with(p)));
        if status == 429 || starts(&THROTTLED) {
            Retry::Always("throttled")
        } else if starts(&TEMPORARY) {
            Retry::IfSafe("temporary error code")
        } else if matches!(status, 500 | 502 | 503 | 504) {
            Retry::IfSafe("server error")
        } else {
            Retry::Never
        }
    }

    fn default_credentials(&self) -> Arc<dyn ProvideCredentials> {
        Arc::new(credentials::aliyun_default_chain())
    }
}

/// The key of an attempt's credentials.
fn key<'a>(a: &Attempt<'a>) -> AccessKey<'a> {
    AccessKey::new(a.credentials.access_key_id(), a.credentials.access_key_secret())
}

/// ACS3-HMAC-SHA256: parameters in the query, action and version in headers, empty body.
fn v3(a: &Attempt<'_>) -> Wire {
    let path = format!("{}/", a.base_path);
    let mut headers = acs3::CommonHeaders {
        host: a.host,
        action: a.op.name,
        version: a.op.service.api_version,
        timestamp: a.timestamp,
        nonce: a.nonce,
        content_sha256: EMPTY_PAYLOAD_SHA256,
        access_key_id: a.credentials.access_key_id(),
        security_token: a.credentials.security_token(),
    }
    .to_headers();
    headers.push(("accept".to_owned(), "application/json".to_owned()));
    headers.push(("user-agent".to_owned(), a.user_agent.to_owned()));
    let signed = acs3::sign(a.op.method, &path, a.params.query(), &headers, EMPTY_PAYLOAD_SHA256, &key(a));
    headers.push(("authorization".to_owned(), signed.authorization.unwrap_or_default()));
    Wire { method: a.op.method, path, query: signing::encode_query(a.params.query()), headers, body: Vec::new() }
}

/// Signature V1: every parameter, `Signature` last, in the query.
fn v1(a: &Attempt<'_>) -> Wire {
    let common = rpc_v1::CommonParams {
        action: a.op.name,
        version: a.op.service.api_version,
        access_key_id: a.credentials.access_key_id(),
        security_token: a.credentials.security_token(),
        timestamp: a.timestamp,
        nonce: a.nonce,
    };
    let mut query: Vec<(String, String)> =
        common.to_params().into_iter().chain(a.params.query().iter().cloned()).collect();
    let signed = rpc_v1::sign(a.op.method, &query, &key(a));
    query.push(("Signature".to_owned(), signed.signature));
    let headers = vec![
        ("host".to_owned(), a.host.to_owned()),
        ("x-acs-action".to_owned(), a.op.name.to_owned()),
        ("x-acs-version".to_owned(), a.op.service.api_version.to_owned()),
        ("accept".to_owned(), "application/json".to_owned()),
        ("user-agent".to_owned(), a.user_agent.to_owned()),
    ];
    Wire {
        method: a.op.method,
        path: format!("{}/", a.base_path),
        query: signing::encode_query(&query),
        headers,
        body: Vec::new(),
    }
}

/// The first of `names` present in `value` as a string (or a number, as text).
pub(crate) fn string_field(value: &Value, names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| match value.get(name)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies() {
        let body: Value = serde_json::from_str(
            r#"{"RequestId":"R","HostId":"H","Code":"InvalidRegionId.NotFound","Message":"M","Recommend":"L"}"#,
        )
        .unwrap();
        let f = AliyunRpc.error_fields(&body).unwrap();
        assert_eq!(
            (f.code.as_str(), f.message.as_str(), f.request_id.as_deref()),
            ("InvalidRegionId.NotFound", "M", Some("R"))
        );
        assert_eq!((f.host_id.as_deref(), f.recommend.as_deref()), (Some("H"), Some("L")));
        let lower: Value = serde_json::from_str(r#"{"requestId":"r","code":"Forbidden","message":"m"}"#).unwrap();
        let f = AliyunRpc.error_fields(&lower).unwrap();
        assert_eq!((f.code.as_str(), f.message.as_str(), f.request_id.as_deref()), ("Forbidden", "m", Some("r")));
        assert_eq!(AliyunRpc.error_fields(&serde_json::json!({"foo": 1})), None);
        assert_eq!(AliyunRpc.error_fields(&serde_json::json!([1, 2])), None);
    }

    #[test]
    fn throttling_is_always_retryable_temporary_failures_only_when_safe() {
        assert_eq!(AliyunRpc.classify(400, Some("Throttling.User")), Retry::Always("throttled"));
        assert_eq!(AliyunRpc.classify(429, None), Retry::Always("throttled"));
        assert_eq!(AliyunRpc.classify(400, Some("ServiceUnavailable")), Retry::IfSafe("temporary error code"));
        assert_eq!(AliyunRpc.classify(500, Some("InternalError")), Retry::IfSafe("temporary error code"));
        assert_eq!(AliyunRpc.classify(404, Some("UnknownError")), Retry::IfSafe("temporary error code"));
        for status in [500, 502, 503, 504] {
            assert_eq!(AliyunRpc.classify(status, None), Retry::IfSafe("server error"), "{status}");
        }
        for status in [400, 403, 404, 501, 505] {
            assert_eq!(AliyunRpc.classify(status, Some("InvalidParameter")), Retry::Never, "{status}");
        }
        assert_eq!(AliyunRpc.classify(400, Some("DryRunOperation")), Retry::Never);
    }
}
