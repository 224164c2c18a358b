//! Alibaba Cloud `ACS3-HMAC-SHA256`, the signature of the current official SDKs ("V3").
//!
//! Reference: `alibabacloud_tea_openapi` 0.4.6 `Utils.get_authorization` (identical to
//! `alibabacloud_openapi_util` 0.2.4 `Client.get_authorization`):
//!
//! ```text
//! CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload
//! StringToSign     = "ACS3-HMAC-SHA256" \n hex(sha256(CanonicalRequest))
//! Signature        = hex(hmac_sha256(AccessKeySecret, StringToSign))
//! Authorization    = "ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<names>,Signature=<sig>"
//! ```
//!
//! **Which headers are signed.** The Python SDK signs *every* header of the request at
//! signing time, with no exclusion list; that is why `accept` and `user-agent` show up in
//! `SignedHeaders` of a real `DescribeImages` call. Alibaba's V3 documentation says the
//! same ("every common request header except `Authorization`, when present, must be
//! signed"). (The Go `openapi-util` signs only `host`, `content-type` and `x-acs-*`; the
//! server accepts either, since it verifies the headers that `SignedHeaders` names.)
//! [`sign`] follows the Python SDK: it signs every header it is given except an
//! `authorization` left over from an earlier attempt, so the transport passes every header
//! it sets itself and leaves out only those the HTTP stack adds afterwards
//! (`content-length`, `accept-encoding`).
//!
//! Header names are lowercased; values are trimmed; headers whose names differ only in
//! case are merged into one line, their values sorted and joined with `,`.

use super::{
    header_block, hex, hex_sha256, hmac_sha256, iso8601_utc, sorted_encoded_query, AccessKey, NameValue, SignedParts,
};
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// The algorithm name, first word of the `Authorization` header.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// Signs one request.
///
/// - `canonical_uri`: the request path exactly as sent (already percent-encoded); `/` for
///   RPC-style APIs. An empty path is taken as `/`.
/// - `query`: every query parameter, unencoded. Sorted by name; names and values are
///   [`percent_encode`](super::percent_encode)d, and an empty value is kept as `name=`.
/// - `headers`: every header to sign (see the module docs), including `host`,
///   `x-acs-date`, `x-acs-signature-nonce` and `x-acs-content-sha256`.
/// - `hashed_payload`: hex SHA-256 of the body (the `x-acs-content-sha256` value), used
///   verbatim as the last line of the canonical request.
///
/// Names are encoded too, as the ACS3 documentation specifies; the official SDKs leave them
/// raw, which gives the same bytes for every name made of `A-Z a-z 0-9 - _ . ~` (all of
/// ECS's `Tag.1.Key`-style names).
pub fn sign(
    method: &str,
    canonical_uri: &str,
    query: impl IntoIterator<Item = impl NameValue>,
    headers: impl IntoIterator<Item = impl NameValue>,
    hashed_payload: &str,
    key: &AccessKey<'_>,
) -> SignedParts {
    let uri = if canonical_uri.is_empty() { "/" } else { canonical_uri };
    let (canonical_headers, signed_headers) = canonical_headers(headers);
    let canonical_request = format!(
        "{method}\n{uri}\n{query}\n{canonical_headers}\n{signed_headers}\n{hashed_payload}",
        query = sorted_encoded_query(query),
    );
    let string_to_sign = format!("{ALGORITHM}\n{}", hex_sha256(&canonical_request));
    let signature = hex(&hmac_sha256(key.secret().as_bytes(), string_to_sign.as_bytes()));
    let authorization =
        format!("{ALGORITHM} Credential={},SignedHeaders={signed_headers},Signature={signature}", key.id());
    SignedParts { canonical_request, string_to_sign, signature, authorization: Some(authorization) }
}

/// The headers every ACS3 request carries, for one attempt.
///
/// The transport adds its own `accept`, `user-agent` and (with a body) `content-type`, and
/// passes the lot to [`sign`].
#[derive(Debug, Clone, Copy)]
pub struct CommonHeaders<'a> {
    /// The endpoint host (`ecs.cn-hangzhou.aliyuncs.com`).
    pub host: &'a str,
    /// The operation (`DescribeImages`).
    pub action: &'a str,
    /// The API version (`2014-05-26`).
    pub version: &'a str,
    /// The signing time, sent as `x-acs-date`.
    pub timestamp: OffsetDateTime,
    /// A fresh nonce, sent as `x-acs-signature-nonce`.
    pub nonce: &'a str,
    /// Hex SHA-256 of the body, sent as `x-acs-content-sha256`.
    pub content_sha256: &'a str,
    /// The access key id; sent as `x-acs-accesskey-id` with a security token.
    pub access_key_id: &'a str,
    /// The STS security token, sent as `x-acs-security-token`.
    pub security_token: Option<&'a str>,
}

impl CommonHeaders<'_> {
    /// The headers as lowercase `(name, value)` pairs, as the official SDK sets them.
    pub fn to_headers(&self) -> Vec<(String, String)> {
        let mut headers = vec![
            ("host", self.host.to_owned()),
            ("x-acs-action", self.action.to_owned()),
            ("x-acs-version", self.version.to_owned()),
            ("x-acs-date", iso8601_utc(self.timestamp)),
            ("x-acs-signature-nonce", self.nonce.to_owned()),
            ("x-acs-content-sha256", self.content_sha256.to_owned()),
        ];
        if let Some(token) = self.security_token.filter(|t| !t.is_empty()) {
            headers.push(("x-acs-accesskey-id", self.access_key_id.to_owned()));
            headers.push(("x-acs-security-token", token.to_owned()));
        }
        headers.into_iter().map(|(name, value)| (name.to_owned(), value)).collect()
    }
}

/// The canonical header block (`name:value\n` per header) and the `;`-joined names.
fn canonical_headers(headers: impl IntoIterator<Item = impl NameValue>) -> (String, String) {
    let mut merged: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for header in headers {
        let name = header.name().to_ascii_lowercase();
        if name != "authorization" {
            let value = header.value().trim().to_owned();
            merged.entry(name).or_default().push(value);
        }
    }
    merged.values_mut().for_each(|values| values.sort());
    header_block(&merged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::signing::EMPTY_PAYLOAD_SHA256;
    use time::macros::datetime;

    const KEY: AccessKey<'static> = AccessKey { id: "id", secret: "secret" };
    const NO_QUERY: [(&str, &str); 0] = [];

    #[test]
    fn empty_query_value_is_kept_as_name_equals() {
        assert_eq!(sorted_encoded_query([("test", "ok"), ("empty", "")]), "empty=&test=ok");
    }

    #[test]
    fn query_is_sorted_by_name_and_rfc3986_encoded() {
        let query = [("b", "+/=&%*~"), ("a", "中文 x"), ("Z", "1")];
        assert_eq!(sorted_encoded_query(query), "Z=1&a=%E4%B8%AD%E6%96%87%20x&b=%2B%2F%3D%26%25%2A~");
    }

    #[test]
    fn unreserved_query_names_are_left_as_they_are() {
        assert_eq!(sorted_encoded_query([("Tag.1.Key", "k"), ("x-y_z~", "v")]), "Tag.1.Key=k&x-y_z~=v");
    }

    #[test]
    fn headers_differing_in_case_are_merged_trimmed_and_sorted() {
        let (block, names) = canonical_headers([("x-acs-TEST", " https "), ("X-Acs-Test", "http"), ("Host", "h")]);
        assert_eq!(block, "host:h\nx-acs-test:http,https\n");
        assert_eq!(names, "host;x-acs-test");
    }

    #[test]
    fn a_stale_authorization_header_is_not_signed() {
        let (block, names) = canonical_headers([("Authorization", "ACS3-HMAC-SHA256 old"), ("host", "h")]);
        assert_eq!((block.as_str(), names.as_str()), ("host:h\n", "host"));
    }

    #[test]
    fn every_given_header_is_signed() {
        let headers = [("accept", "application/json"), ("user-agent", "ua"), ("x-acs-action", "A")];
        let signed = sign("GET", "/", NO_QUERY, headers, EMPTY_PAYLOAD_SHA256, &KEY);
        assert!(signed.authorization.unwrap().contains("SignedHeaders=accept;user-agent;x-acs-action,"));
    }

    #[test]
    fn empty_path_is_root_and_payload_is_verbatim() {
        let signed = sign("GET", "", NO_QUERY, [("x-acs-test", "v")], "payload-hash", &KEY);
        assert_eq!(signed.canonical_request, "GET\n/\n\nx-acs-test:v\n\nx-acs-test\npayload-hash");
    }

    #[test]
    fn common_headers_add_sts_headers_only_with_a_token() {
        let mut common = CommonHeaders {
            host: "ecs.cn-beijing.aliyuncs.com",
            action: "DescribeInstances",
            version: "2014-05-26",
            timestamp: datetime!(2024-01-02 03:04:05 UTC),
            nonce: "n",
            content_sha256: EMPTY_PAYLOAD_SHA256,
            access_key_id: "id",
            security_token: None,
        };
        let names = |h: Vec<(String, String)>| h.into_iter().map(|(n, _)| n).collect::<Vec<_>>();
        assert!(!names(common.to_headers()).iter().any(|n| n == "x-acs-security-token"));
        common.security_token = Some("tok");
        let headers = common.to_headers();
        assert!(headers.contains(&("x-acs-date".to_owned(), "2024-01-02T03:04:05Z".to_owned())));
        assert!(headers.contains(&("x-acs-accesskey-id".to_owned(), "id".to_owned())));
        assert!(headers.contains(&("x-acs-security-token".to_owned(), "tok".to_owned())));
    }
}
