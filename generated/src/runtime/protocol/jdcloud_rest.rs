//! JD Cloud REST: path-templated JSON APIs with a `{requestId, result}` envelope (VM).
//!
//! - **Wire**: path parameters substituted into the operation's template (each value one
//!   encoded segment; `.`, `..` and empty values refused), query parameters in the query
//!   (lists of structs numbered, `filters.1.values.1`), body parameters as the members of
//!   one JSON object (signed by its SHA-256), documented headers signed; the operation's method.
//! - **Signers**: JDCLOUD2-HMAC-SHA256 and JDCLOUD3-HMAC-SHA256, scoped to the region and
//!   the service; the STS token is sent base64-encoded in `x-jdcloud-security-token` and
//!   signed, as the official SDK does.
//! - **Region**: `regionId` in the path and in the credential scope; one global host.
//! - **Answers**: [`Envelope`]; errors `{"requestId","error":{"code","status","message"}}`,
//!   whose code is the `status` string (`NOT_FOUND`), else the numeric `code`.
//! - **Retryable**: HTTP 429 always; every 5xx only when repeating the request is safe.
//! - **Credentials**: `JDCLOUD_ACCESS_KEY` and `JDCLOUD_SECRET_KEY`.

use super::aliyun_rpc::string_field;
use super::{fill_path, Attempt, ErrorFields, Protocol, RegionIn, Retry, Wire};
use crate::credentials::{self, ProvideCredentials};
use crate::runtime::serde::lenient;
use crate::runtime::signing::{self, jdcloud, AccessKey, Signer, EMPTY_PAYLOAD_SHA256};
use crate::runtime::Service;
use crate::{Config, JdcloudSignature};
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::Arc;

/// The JD Cloud REST protocol.
#[derive(Debug, Clone, Copy, Default)]
pub struct JdcloudRest;

impl Protocol for JdcloudRest {
    fn name(&self) -> &'static str {
        "jdcloud-rest"
    }

    fn region_in(&self) -> RegionIn {
        RegionIn::Path
    }

    fn signer(&self, service: &Service, config: &Config) -> Signer {
        match config.jdcloud_signature() {
            Some(JdcloudSignature::V2) => Signer::Jdcloud2HmacSha256,
            Some(JdcloudSignature::V3) => Signer::Jdcloud3HmacSha256,
            None => service.default_signer,
        }
    }

    fn wire(&self, a: &Attempt<'_>) -> Result<Wire, String> {
        let algorithm = match a.signer {
            Signer::Jdcloud2HmacSha256 => jdcloud::Algorithm::Jdcloud2,
            Signer::Jdcloud3HmacSha256 => jdcloud::Algorithm::Jdcloud3,
            other => return Err(format!("{} cannot sign JD Cloud requests", other.spec_name())),
        };
        let region =
            a.region.ok_or("JD Cloud signs every request for a region: set the region parameter or Config::region")?;
        let path = format!("{}{}", a.base_path, fill_path(a.op.path, a.params, signing::percent_encode)?);
        let query = signing::encode_query(a.params.query());
        // The official SDK sends (and signs) the STS token base64-encoded.
        let token = a.credentials.security_token().map(|t| base64::engine::general_purpose::STANDARD.encode(t));
        let mut signed_headers = vec![("content-type", "application/json")];
        if let Some(token) = &token {
            signed_headers.push(("x-jdcloud-security-token", token.as_str()));
        }
        signed_headers.extend(a.params.headers().iter().map(|(n, v)| (*n, v.as_str())));
        let body = body_bytes(a.params.body_members());
        let payload_hash = if body.is_empty() { EMPTY_PAYLOAD_SHA256.to_owned() } else { signing::hex_sha256(&body) };
        let request = jdcloud::Request {
            method: a.op.method,
            host: Some(a.host),
            path: &path,
            query: &query,
            headers: &signed_headers,
            payload_hash: &payload_hash,
        };
        let params = jdcloud::SigningParams {
            algorithm,
            date_nonce: jdcloud::DateNonce::Signed,
            region,
            service: a.op.service.name,
            timestamp: a.timestamp,
            nonce: a.nonce,
        };
        let key = AccessKey::new(a.credentials.access_key_id(), a.credentials.access_key_secret());
        let signed = jdcloud::sign(&request, &params, &key);
        let mut headers =
            vec![("host".to_owned(), a.host.to_owned()), ("user-agent".to_owned(), a.user_agent.to_owned())];
        headers.extend(signed_headers.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())));
        headers.extend(signed.headers.into_iter().map(|(n, v)| (n.to_owned(), v)));
        Ok(Wire { method: a.op.method, path, query, headers, body })
    }

    fn error_fields(&self, body: &Value) -> Option<ErrorFields> {
        let error = body.get("error")?;
        Some(ErrorFields {
            code: string_field(error, &["status", "code"])?,
            message: string_field(error, &["message"]).unwrap_or_default(),
            request_id: string_field(body, &["requestId", "RequestId"]),
            host_id: None,
            recommend: None,
        })
    }

    fn classify(&self, status: u16, _code: Option<&str>) -> Retry {
        match status {
            429 => Retry::Always("throttled"),
            500..=599 => Retry::IfSafe("server error"),
            _ => Retry::Never,
        }
    }

    fn default_credentials(&self) -> Arc<dyn ProvideCredentials> {
        Arc::new(credentials::jdcloud_default_chain())
    }
}

/// The JSON body of a request: one object of the body parameters, in documented order;
/// empty (no body) when there are none.
pub fn body_bytes(members: &[(&'static str, Value)]) -> Vec<u8> {
    if members.is_empty() {
        return Vec::new();
    }
    let object: serde_json::Map<String, Value> = members.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
    serde_json::to_vec(&Value::Object(object)).unwrap_or_default()
}

/// The JD Cloud response envelope: `{"requestId": "...", "result": {...}}`.
///
/// Generated REST outputs convert from and into it, so they read the raw body while
/// exposing the members of `result` directly.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Envelope<R> {
    /// The request id.
    #[serde(rename = "requestId", default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The result object.
    #[serde(default = "Option::default", skip_serializing_if = "Option::is_none")]
    pub result: Option<R>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies() {
        let body = serde_json::json!({"requestId": "c4a6", "error": {"code": 404, "status": "NOT_FOUND", "message": "image not found"}});
        let f = JdcloudRest.error_fields(&body).unwrap();
        assert_eq!(
            (f.code.as_str(), f.message.as_str(), f.request_id.as_deref()),
            ("NOT_FOUND", "image not found", Some("c4a6"))
        );
        let f = JdcloudRest.error_fields(&serde_json::json!({"error": {"code": 500, "message": "boom"}})).unwrap();
        assert_eq!((f.code.as_str(), f.request_id), ("500", None));
        assert_eq!(JdcloudRest.error_fields(&serde_json::json!({"requestId": "x"})), None);
    }

    #[test]
    fn retryable_answers() {
        assert_eq!(JdcloudRest.classify(429, None), Retry::Always("throttled"));
        assert_eq!(JdcloudRest.classify(500, Some("INTERNAL")), Retry::IfSafe("server error"));
        assert_eq!(JdcloudRest.classify(503, None), Retry::IfSafe("server error"));
        assert_eq!(JdcloudRest.classify(404, Some("NOT_FOUND")), Retry::Never);
        assert_eq!(JdcloudRest.classify(400, None), Retry::Never);
    }
}
