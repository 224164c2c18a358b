//! Alibaba Cloud RPC signature V1: `HMAC-SHA1`, `SignatureVersion=1.0`.
//!
//! Reference: `alibabacloud_tea_openapi` 0.4.6 `Utils.get_rpcsignature` and
//! `aliyunsdkcore` 2.16.1 `rpc_signature_composer` (both give the same bytes):
//!
//! ```text
//! CanonicalizedQuery = sorted by name: percent(name) "=" percent(value), joined with "&"
//! StringToSign       = METHOD "&%2F&" percent(CanonicalizedQuery)
//! Signature          = base64(hmac_sha1(AccessKeySecret + "&", StringToSign))
//! ```
//!
//! `percent` is RFC 3986 ([`percent_encode`]). Every parameter is signed (the common ones
//! from [`CommonParams`], the operation's own, and for a form body its fields too), except
//! `Signature` itself, which the transport then adds to the query.

use super::{hmac_sha1, iso8601_utc, percent_encode, sorted_encoded_query, AccessKey, NameValue, SignedParts};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// The value of the `SignatureMethod` parameter.
pub const SIGNATURE_METHOD: &str = "HMAC-SHA1";

/// The value of the `SignatureVersion` parameter.
pub const SIGNATURE_VERSION: &str = "1.0";

/// Signs the parameters of one request.
///
/// `params` are all parameters except `Signature`, unencoded, with unique names. The
/// result's `canonical_request` is the canonicalized query string and `signature` is the
/// base64 value of the `Signature` parameter.
pub fn sign(method: &str, params: impl IntoIterator<Item = impl NameValue>, key: &AccessKey<'_>) -> SignedParts {
    let canonicalized = sorted_encoded_query(params);
    let string_to_sign = format!("{method}&%2F&{}", percent_encode(&canonicalized));
    let signing_key = format!("{}&", key.secret());
    let signature = BASE64.encode(hmac_sha1(signing_key.as_bytes(), string_to_sign.as_bytes()));
    SignedParts { canonical_request: canonicalized, string_to_sign, signature, authorization: None }
}

/// The common parameters of one RPC V1 request, for one attempt.
#[derive(Debug, Clone, Copy)]
pub struct CommonParams<'a> {
    /// The operation (`DescribeImages`).
    pub action: &'a str,
    /// The API version (`2014-05-26`).
    pub version: &'a str,
    /// The access key id.
    pub access_key_id: &'a str,
    /// The STS security token, sent as `SecurityToken`.
    pub security_token: Option<&'a str>,
    /// The signing time, sent as `Timestamp` (`yyyy-MM-ddTHH:mm:ssZ`, UTC).
    pub timestamp: OffsetDateTime,
    /// A fresh nonce, sent as `SignatureNonce`.
    pub nonce: &'a str,
}

impl CommonParams<'_> {
    /// `Action`, `Format=JSON`, `Version`, `AccessKeyId`, `SignatureMethod`,
    /// `SignatureVersion`, `SignatureNonce`, `Timestamp` and, with a token, `SecurityToken`.
    ///
    /// `Format` is `JSON` as `aliyunsdkcore` sends it (the Tea SDK sends `json`; the
    /// service accepts both, and the value is signed like any other).
    pub fn to_params(&self) -> BTreeMap<String, String> {
        let mut params = BTreeMap::from([
            ("Action", self.action.to_owned()),
            ("Format", "JSON".to_owned()),
            ("Version", self.version.to_owned()),
            ("AccessKeyId", self.access_key_id.to_owned()),
            ("SignatureMethod", SIGNATURE_METHOD.to_owned()),
            ("SignatureVersion", SIGNATURE_VERSION.to_owned()),
            ("SignatureNonce", self.nonce.to_owned()),
            ("Timestamp", iso8601_utc(self.timestamp)),
        ]);
        if let Some(token) = self.security_token.filter(|t| !t.is_empty()) {
            params.insert("SecurityToken", token.to_owned());
        }
        params.into_iter().map(|(name, value)| (name.to_owned(), value)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const KEY: AccessKey<'static> = AccessKey { id: "id", secret: "secret" };

    #[test]
    fn special_characters_are_encoded_once_in_the_query_and_twice_in_the_string_to_sign() {
        let signed = sign("GET", [("V", "a+b/c=d&e%f *~中")], &KEY);
        assert_eq!(signed.canonical_request, "V=a%2Bb%2Fc%3Dd%26e%25f%20%2A~%E4%B8%AD");
        assert_eq!(signed.string_to_sign, "GET&%2F&V%3Da%252Bb%252Fc%253Dd%2526e%2525f%2520%252A~%25E4%25B8%25AD");
        assert_eq!(signed.authorization, None);
    }

    #[test]
    fn empty_values_are_signed_as_name_equals() {
        let signed = sign("POST", [("SignatureType", ""), ("A", "1")], &KEY);
        assert_eq!(signed.canonical_request, "A=1&SignatureType=");
    }

    #[test]
    fn names_sort_by_bytes_so_upper_case_comes_first() {
        let signed = sign("GET", [("b", "1"), ("B", "2"), ("a", "3")], &KEY);
        assert_eq!(signed.canonical_request, "B=2&a=3&b=1");
    }

    #[test]
    fn common_params_carry_the_token_only_when_set() {
        let mut common = CommonParams {
            action: "DescribeRegions",
            version: "2014-05-26",
            access_key_id: "testid",
            security_token: None,
            timestamp: datetime!(2016-02-23 12:46:24 UTC),
            nonce: "n",
        };
        let params = common.to_params();
        assert_eq!(params["Timestamp"], "2016-02-23T12:46:24Z");
        assert_eq!(params["SignatureMethod"], "HMAC-SHA1");
        assert!(!params.contains_key("SecurityToken"));
        common.security_token = Some("tok");
        assert_eq!(common.to_params()["SecurityToken"], "tok");
    }
}
