//! Request signing, byte-exact with the vendors' official SDKs.
//!
//! | Module | Algorithm | Reference implementation |
//! |---|---|---|
//! | [`acs3`] | Alibaba Cloud `ACS3-HMAC-SHA256` (the "V3" signature) | `alibabacloud_tea_openapi` 0.4.6 `Utils.get_authorization` |
//! | [`rpc_v1`] | Alibaba Cloud RPC signature V1 (`HMAC-SHA1`, `SignatureVersion=1.0`) | `alibabacloud_tea_openapi` 0.4.6 `Utils.get_rpcsignature`, `aliyunsdkcore` 2.16.1 |
//! | [`jdcloud`] | JD Cloud `JDCLOUD2-HMAC-SHA256` and `JDCLOUD3-HMAC-SHA256` | `jdcloud_sdk` 1.6.94 (V2) and 1.6.354 (V3) `Signer` |
//!
//! Every signer is a pure function: no clock, no randomness, no I/O. The transport passes
//! the timestamp and a nonce (see [`new_nonce`]) and must take fresh ones for every attempt,
//! because the services reject a nonce they have already seen. Each signer returns its
//! intermediate strings in [`SignedParts`] so that tests (and debug logs) can compare them
//! with the official SDKs' output.
//!
//! Secrets only ever enter [`AccessKey`], whose `Debug` output redacts them; no function
//! here formats a secret or a derived key into a string it returns.

pub mod acs3;
pub mod jdcloud;
pub mod rpc_v1;

use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;
use time::{OffsetDateTime, UtcOffset};

/// A signing algorithm, as `signing.algorithms` of a `service.yaml` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Signer {
    /// `acs3-hmac-sha256`: Alibaba Cloud ACS3-HMAC-SHA256 ([`acs3`]).
    Acs3HmacSha256,
    /// `hmac-sha1`: the Alibaba Cloud RPC signature V1 ([`rpc_v1`]).
    HmacSha1,
    /// `jdcloud2-hmac-sha256`: JD Cloud JDCLOUD2-HMAC-SHA256 ([`jdcloud`]).
    Jdcloud2HmacSha256,
    /// `jdcloud3-hmac-sha256`: JD Cloud JDCLOUD3-HMAC-SHA256 ([`jdcloud`]).
    Jdcloud3HmacSha256,
}

impl Signer {
    /// The name a spec uses for it.
    pub fn spec_name(self) -> &'static str {
        match self {
            Self::Acs3HmacSha256 => "acs3-hmac-sha256",
            Self::HmacSha1 => "hmac-sha1",
            Self::Jdcloud2HmacSha256 => "jdcloud2-hmac-sha256",
            Self::Jdcloud3HmacSha256 => "jdcloud3-hmac-sha256",
        }
    }
}

/// Hex SHA-256 of the empty string: the payload hash of a request without a body.
pub const EMPTY_PAYLOAD_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Bytes that RFC 3986 percent-encoding escapes: everything except the unreserved set
/// `A-Z a-z 0-9 - _ . ~`. This is Python's `urllib.parse.quote(s, safe='~')`, which the
/// official SDKs use (space is `%20`, `*` is `%2A`, `~` stays).
const RFC3986_ESCAPED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// [`RFC3986_ESCAPED`] without `/`: Python's `quote(path, safe='/~')`.
const RFC3986_PATH_ESCAPED: &AsciiSet = &RFC3986_ESCAPED.remove(b'/');

/// An access key pair, borrowed for the duration of one signing call.
///
/// The transport builds one from its credentials for every attempt. `Debug` shows the key
/// id only.
#[derive(Clone, Copy)]
pub struct AccessKey<'a> {
    id: &'a str,
    secret: &'a str,
}

impl<'a> AccessKey<'a> {
    /// An access key id and its secret.
    pub fn new(id: &'a str, secret: &'a str) -> Self {
        Self { id, secret }
    }

    /// The access key id, which appears in signed requests.
    pub fn id(&self) -> &'a str {
        self.id
    }

    fn secret(&self) -> &'a str {
        self.secret
    }
}

impl fmt::Debug for AccessKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessKey").field("id", &self.id).field("secret", &"** redacted **").finish()
    }
}

/// The result of signing one request, with the intermediate strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedParts {
    /// The canonical request that was hashed (ACS3, JD Cloud), or the canonicalized query
    /// string (RPC V1, which has no canonical request).
    pub canonical_request: String,
    /// The string the HMAC was computed over.
    pub string_to_sign: String,
    /// The signature: lowercase hex (ACS3, JD Cloud) or base64 (RPC V1).
    pub signature: String,
    /// The `Authorization` header value; `None` for RPC V1, which sends the signature as
    /// the `Signature` query parameter instead.
    pub authorization: Option<String>,
}

/// A fresh random nonce (a UUID v4 in its hyphenated form, as the official SDKs send).
pub fn new_nonce() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Lowercase hex SHA-256 of `data`: the payload hash of a request body.
pub fn hex_sha256(data: impl AsRef<[u8]>) -> String {
    hex(&Sha256::digest(data.as_ref()))
}

/// Percent-encodes `value` per RFC 3986: every byte outside `A-Z a-z 0-9 - _ . ~` becomes
/// `%XX` with uppercase hex, so space is `%20` (never `+`) and `*` is `%2A`.
pub fn percent_encode(value: &str) -> String {
    utf8_percent_encode(value, RFC3986_ESCAPED).to_string()
}

/// Percent-encodes a URL path like [`percent_encode`], keeping `/`.
pub fn percent_encode_path(path: &str) -> String {
    utf8_percent_encode(path, RFC3986_PATH_ESCAPED).to_string()
}

/// A name/value pair: a query parameter or a header.
///
/// Implemented for `(K, V)` with string-like `K` and `V` and for references to pairs, so
/// the signers accept `&[(String, String)]`, `&BTreeMap<String, String>` and
/// `[(&str, &str); N]` alike.
pub trait NameValue {
    /// The name.
    fn name(&self) -> &str;
    /// The value.
    fn value(&self) -> &str;
}

impl<K: AsRef<str>, V: AsRef<str>> NameValue for (K, V) {
    fn name(&self) -> &str {
        self.0.as_ref()
    }

    fn value(&self) -> &str {
        self.1.as_ref()
    }
}

impl<T: NameValue + ?Sized> NameValue for &T {
    fn name(&self) -> &str {
        (**self).name()
    }

    fn value(&self) -> &str {
        (**self).value()
    }
}

/// `k=v&k=v` from `pairs`, in the given order, each name and value [`percent_encode`]d:
/// a query string that every signer here canonicalizes back to the same pairs.
pub fn encode_query(pairs: impl IntoIterator<Item = impl NameValue>) -> String {
    let mut out = String::new();
    for (i, p) in pairs.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        push_encoded(&mut out, p.name());
        out.push('=');
        push_encoded(&mut out, p.value());
    }
    out
}

/// Appends `value` [`percent_encode`]d to `out`, without a string of its own.
fn push_encoded(out: &mut String, value: &str) {
    out.extend(utf8_percent_encode(value, RFC3986_ESCAPED));
}

/// `percent(name)=percent(value)&…` sorted by raw name (stable: equal names keep their
/// order): the canonical query of ACS3 and RPC V1.
fn sorted_encoded_query(params: impl IntoIterator<Item = impl NameValue>) -> String {
    let mut pairs: Vec<_> = params.into_iter().collect();
    pairs.sort_by(|a, b| a.name().cmp(b.name()));
    encode_query(pairs)
}

/// `yyyy-MM-ddTHH:mm:ssZ` in UTC: the format of Alibaba Cloud's `Timestamp` parameter and
/// `x-acs-date` header.
pub fn iso8601_utc(time: OffsetDateTime) -> String {
    let t = time.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Python's `urllib.parse.unquote_plus`: `+` means space, valid `%XX` escapes are decoded,
/// anything else (`%`, `%2`, `%zz`) is kept, and invalid UTF-8 becomes U+FFFD.
fn percent_decode_plus(value: &str) -> String {
    percent_decode_str(&value.replace('+', " ")).decode_utf8_lossy().into_owned()
}

/// The canonical header block (`name:value\n` per header, repeated values joined with
/// `,`) and the `;`-joined names, from headers already lowercased, trimmed and merged.
fn header_block<V: AsRef<str>>(merged: &BTreeMap<String, Vec<V>>) -> (String, String) {
    let block = merged
        .iter()
        .map(|(name, values)| {
            let values: Vec<&str> = values.iter().map(AsRef::as_ref).collect();
            format!("{name}:{}\n", values.join(","))
        })
        .collect();
    let names = merged.keys().map(String::as_str).collect::<Vec<_>>().join(";");
    (block, names)
}

/// Lowercase hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// HMAC-SHA256 of `message` under `key`.
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// HMAC-SHA1 of `message` under `key`.
fn hmac_sha1(key: &[u8], message: &[u8]) -> [u8; 20] {
    let mut mac = Hmac::<Sha1>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn percent_encode_follows_rfc3986() {
        assert_eq!(percent_encode("aZ09-_.~"), "aZ09-_.~");
        assert_eq!(percent_encode(" *+/=&%:"), "%20%2A%2B%2F%3D%26%25%3A");
        assert_eq!(percent_encode("中文"), "%E4%B8%AD%E6%96%87");
        assert_eq!(percent_encode_path("/a b/中/~x*"), "/a%20b/%E4%B8%AD/~x%2A");
    }

    #[test]
    fn encode_query_keeps_order_and_escapes_both_sides() {
        assert_eq!(encode_query([("b", "1 2"), ("a&", "=")]), "b=1%202&a%26=%3D");
        assert_eq!(encode_query(Vec::<(String, String)>::new()), "");
    }

    #[test]
    fn percent_decode_plus_matches_unquote_plus() {
        assert_eq!(percent_decode_plus("a+b%20c%2Bd"), "a b c+d");
        assert_eq!(percent_decode_plus("%2/%f%"), "%2/%f%");
        assert_eq!(percent_decode_plus("%E4%B8%AD"), "中");
        assert_eq!(percent_decode_plus("%E4"), "\u{FFFD}");
    }

    #[test]
    fn hashes_and_macs() {
        assert_eq!(hex_sha256(""), EMPTY_PAYLOAD_SHA256);
        // RFC 4231 test case 2 and RFC 2202 test case 2.
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex(&hmac_sha1(b"Jefe", b"what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
    }

    #[test]
    fn timestamps_are_utc() {
        assert_eq!(iso8601_utc(datetime!(2024-01-02 03:04:05 UTC)), "2024-01-02T03:04:05Z");
        assert_eq!(iso8601_utc(datetime!(2024-01-02 11:04:05 +8)), "2024-01-02T03:04:05Z");
    }

    #[test]
    fn nonces_are_fresh_uuids() {
        let (a, b) = (new_nonce(), new_nonce());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
    }

    #[test]
    fn access_key_debug_hides_the_secret() {
        let shown = format!("{:?}", AccessKey::new("AKID", "very-secret"));
        assert!(shown.contains("AKID"));
        assert!(!shown.contains("very-secret"));
    }
}
