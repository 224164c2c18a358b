//! What the mock answers: the vendor's error bodies for every problem it detects, and the
//! documented sample bodies for successful calls.
//!
//! Every problem is a [`Problem`]; [`Problem::render`] turns it into the code, HTTP status
//! and message the vendor's service would send (the one table of wording per vendor), and
//! [`error_answer`] wraps that in the vendor's error body.

use serde_json::{json, Value};
use std::time::Duration;

/// Which vendor's conventions an answer follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// Alibaba Cloud: `{"RequestId","HostId","Code","Message","Recommend"}`, `x-acs-request-id`.
    Aliyun,
    /// JD Cloud: `{"requestId","error":{"code","status","message"}}`, `x-jdcloud-request-id`.
    Jdcloud,
}

impl Dialect {
    /// The dialect of a service: RPC services are Alibaba's, REST services JD Cloud's.
    pub fn of(service: &sdkgen::ir::Service) -> Self {
        match service.protocol {
            sdkgen::ir::Protocol::AliyunRpc => Self::Aliyun,
            sdkgen::ir::Protocol::JdcloudRest => Self::Jdcloud,
        }
    }

    /// The protocol of the services that answer in this dialect.
    pub fn protocol(self) -> sdkgen::ir::Protocol {
        match self {
            Self::Aliyun => sdkgen::ir::Protocol::AliyunRpc,
            Self::Jdcloud => sdkgen::ir::Protocol::JdcloudRest,
        }
    }

    /// The header that carries the request id.
    pub fn request_id_header(self) -> &'static str {
        match self {
            Self::Aliyun => "x-acs-request-id",
            Self::Jdcloud => "x-jdcloud-request-id",
        }
    }

    /// A deterministic request id for call number `call`, shaped like the vendor's.
    pub fn request_id(self, call: u64) -> String {
        match self {
            Self::Aliyun => format!("00000000-0000-4000-8000-{call:012X}"),
            Self::Jdcloud => format!("mock{call:028x}"),
        }
    }

    /// The key of the request id in a body.
    fn request_id_key(self) -> &'static str {
        match self {
            Self::Aliyun => "RequestId",
            Self::Jdcloud => "requestId",
        }
    }
}

/// Something wrong with a request (or a failure a test asked for).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Problem {
    /// No documented operation matches (the description says what was asked for).
    NoSuchOperation(String),
    /// The HTTP method is not one the API takes.
    UnsupportedMethod(String),
    /// A required parameter is absent; `region` when it is the service's region parameter.
    Missing { name: String, region: bool },
    /// The API version asked for is not the service's.
    InvalidVersion { given: String, expected: String },
    /// The request cannot be decoded (bad percent-encoding, invalid UTF-8, body too large).
    Malformed(String),
    /// The request is not signed, or a part the signature needs is missing.
    Unsigned(String),
    /// The signature differs from the one the mock computes (the algorithm name).
    SignatureMismatch(String),
    /// The access key id is not the mock's.
    UnknownAccessKey(String),
    /// The security token is absent, unexpected, or not the mock's.
    TokenMismatch,
    /// The nonce was seen before.
    NonceUsed(String),
    /// The signing time cannot be read.
    BadTimestamp(String),
    /// The signing time is too far from the mock's clock.
    ExpiredTimestamp(String),
    /// A parameter's value does not fit its documentation.
    InvalidParameter { name: String, why: String },
    /// A parameter the operation does not document.
    UnknownParameter { name: String, operation: String },
    /// An error the operation documents, answered as documented.
    Documented { status: u16, code: String, message: String },
    /// A dry run that passed validation.
    DryRun,
    /// A temporary failure (test hook).
    Unavailable,
    /// Throttling (test hook).
    Throttled,
}

/// A rendered problem: what goes into the vendor's error body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rejection {
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl Rejection {
    fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { status, code: code.into(), message: message.into() }
    }
}

impl Problem {
    /// The status, code and message the vendor's service would answer with.
    pub fn render(&self, dialect: Dialect) -> Rejection {
        match dialect {
            Dialect::Aliyun => self.aliyun(),
            Dialect::Jdcloud => self.jdcloud(),
        }
    }

    fn aliyun(&self) -> Rejection {
        match self {
            Self::NoSuchOperation(what) => Rejection::new(
                404,
                "InvalidAction.NotFound",
                format!("Specified api is not found, please check your url and method: {what}."),
            ),
            Self::UnsupportedMethod(m) => {
                Rejection::new(400, "UnsupportedHTTPMethod", format!("This http method is not supported: {m}."))
            }
            Self::Missing { name, region: true } => {
                Rejection::new(400, format!("Missing{name}"), format!("{name} is mandatory for this action."))
            }
            Self::Missing { name, region: false } => Rejection::new(
                400,
                "MissingParameter",
                format!(
                    "The input parameter \"{name}\" that is mandatory for processing this request is not supplied."
                ),
            ),
            Self::InvalidVersion { given, expected } => Rejection::new(
                400,
                "InvalidVersion",
                format!("Specified parameter Version is not valid: \"{given}\" (this API is version {expected})."),
            ),
            Self::Malformed(why) => {
                Rejection::new(400, "InvalidParameter", format!("The request is malformed: {why}."))
            }
            Self::Unsigned(why) => Rejection::new(
                400,
                "IncompleteSignature",
                format!("The request signature does not conform to Aliyun standards: {why}."),
            ),
            Self::SignatureMismatch(alg) => Rejection::new(
                400,
                "SignatureDoesNotMatch",
                format!("Specified signature is not matched with our calculation ({alg})."),
            ),
            Self::UnknownAccessKey(id) => Rejection::new(
                404,
                "InvalidAccessKeyId.NotFound",
                format!("Specified access key is not found: \"{id}\"."),
            ),
            Self::TokenMismatch => Rejection::new(
                400,
                "InvalidSecurityToken.MismatchWithAccessKey",
                "Specified SecurityToken mismatch with the AccessKey.",
            ),
            Self::NonceUsed(nonce) => Rejection::new(
                400,
                "SignatureNonceUsed",
                format!("Specified signature nonce was used already: \"{nonce}\"."),
            ),
            Self::BadTimestamp(why) => Rejection::new(
                400,
                "InvalidTimeStamp.Format",
                format!("Specified time stamp or date value is not well formatted: {why}."),
            ),
            Self::ExpiredTimestamp(why) => Rejection::new(
                400,
                "InvalidTimeStamp.Expired",
                format!("Specified time stamp or date value is expired: {why}."),
            ),
            Self::InvalidParameter { name, why } => Rejection::new(
                400,
                "InvalidParameter",
                format!("The specified parameter \"{name}\" is not valid: {why}."),
            ),
            Self::UnknownParameter { name, operation } => Rejection::new(
                400,
                "InvalidParameter",
                format!("The parameter \"{name}\" is not a documented parameter of {operation}."),
            ),
            Self::Documented { status, code, message } => Rejection::new(*status, code.as_str(), message.as_str()),
            Self::DryRun => {
                Rejection::new(400, "DryRunOperation", "Request validation has been passed with DryRun flag set.")
            }
            Self::Unavailable => Rejection::new(
                503,
                "ServiceUnavailable",
                "The request has failed due to a temporary failure of the server.",
            ),
            Self::Throttled => Rejection::new(400, "Throttling.User", "Request was denied due to user flow control."),
        }
    }

    fn jdcloud(&self) -> Rejection {
        let invalid = |m: String| Rejection::new(400, "INVALID_ARGUMENT", m);
        let unauthenticated = |m: String| Rejection::new(401, "UNAUTHENTICATED", m);
        match self {
            Self::NoSuchOperation(what) => Rejection::new(404, "NOT_FOUND", format!("no API matches {what}")),
            Self::UnsupportedMethod(m) => Rejection::new(404, "NOT_FOUND", format!("no API takes the method {m} here")),
            Self::InvalidVersion { given, expected } => Rejection::new(
                404,
                "NOT_FOUND",
                format!("API version {given} does not exist (this API is version {expected})"),
            ),
            Self::Missing { name, .. } => invalid(format!("{name} is required")),
            Self::Malformed(why) => invalid(format!("the request is malformed: {why}")),
            Self::InvalidParameter { name, why } => invalid(format!("{name} is not valid: {why}")),
            Self::UnknownParameter { name, operation } => invalid(format!("{name} is not a parameter of {operation}")),
            Self::Unsigned(why) => unauthenticated(format!("the request is not signed correctly: {why}")),
            Self::SignatureMismatch(alg) => unauthenticated(format!("the {alg} signature does not match")),
            Self::UnknownAccessKey(id) => unauthenticated(format!("access key {id} does not exist")),
            Self::TokenMismatch => unauthenticated("the security token does not match the access key".to_owned()),
            Self::NonceUsed(nonce) => unauthenticated(format!("the nonce {nonce} was used already")),
            Self::BadTimestamp(why) => unauthenticated(format!("the request date is not valid: {why}")),
            Self::ExpiredTimestamp(why) => unauthenticated(format!("the request date is expired: {why}")),
            Self::Documented { status, code, message } => Rejection::new(*status, code.as_str(), message.as_str()),
            Self::DryRun => invalid("dry run: the request is valid".to_owned()),
            Self::Unavailable => Rejection::new(503, "UNAVAILABLE", "the service is temporarily unavailable"),
            Self::Throttled => Rejection::new(429, "RESOURCE_EXHAUSTED", "too many requests"),
        }
    }
}

/// An HTTP answer, complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Answer {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    /// A JSON answer with the vendor's request id header.
    pub fn json(dialect: Dialect, status: u16, request_id: &str, body: Vec<u8>) -> Self {
        let headers = vec![
            ("content-type", "application/json;charset=utf-8".to_owned()),
            (dialect.request_id_header(), request_id.to_owned()),
        ];
        Self { status, headers, body }
    }

    /// Adds the vendor's retry hint: `x-acs-retry-after` in milliseconds (Alibaba Cloud), or
    /// `retry-after` in whole seconds, rounded up (JD Cloud).
    pub fn with_retry_after(mut self, dialect: Dialect, after: Duration) -> Self {
        match dialect {
            Dialect::Aliyun => self.headers.push(("x-acs-retry-after", after.as_millis().to_string())),
            Dialect::Jdcloud => self.headers.push(("retry-after", after.as_secs_f64().ceil().to_string())),
        }
        self
    }
}

/// The product code of a service as Alibaba's `Recommend` link names it (`Ecs`): the service
/// name in UpperCamelCase.
pub(crate) fn product_code(service: &sdkgen::ir::Service) -> String {
    sdkgen::naming::camel(&service.module)
}

/// Where an error answer comes from, for the fields of Alibaba's body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin<'a> {
    /// The request id of the answer.
    pub request_id: &'a str,
    /// The host the request was sent to (Alibaba's `HostId`).
    pub host: &'a str,
    /// The product code (Alibaba's `Recommend` link names it).
    pub product: &'a str,
}

/// The vendor's error answer for `problem`.
pub(crate) fn error_answer(dialect: Dialect, problem: &Problem, origin: Origin<'_>) -> Answer {
    let Rejection { status, code, message } = problem.render(dialect);
    let body = match dialect {
        Dialect::Aliyun => json!({
            "RequestId": origin.request_id,
            "HostId": origin.host,
            "Code": code,
            "Message": message,
            "Recommend": format!("https://api.aliyun.com/troubleshoot?q={code}&product={}", origin.product),
        }),
        Dialect::Jdcloud => json!({
            "requestId": origin.request_id,
            "error": { "code": status, "status": code, "message": message },
        }),
    };
    Answer::json(dialect, status, origin.request_id, body.to_string().into_bytes())
}

/// A 200 answer with `body`; its request id header repeats the body's request id, or is
/// `fallback_id` when the body has none.
pub(crate) fn success_answer(dialect: Dialect, body: &Value, fallback_id: &str) -> Answer {
    let id = body.get(dialect.request_id_key()).and_then(Value::as_str).unwrap_or(fallback_id).to_owned();
    Answer::json(dialect, 200, &id, body.to_string().into_bytes())
}

/// The header that marks a success answer the mock synthesized, because the operation's
/// page documents no JSON sample (`x-cloudsdk-mock-answer: synthesized`).
pub const SYNTHESIZED_HEADER: &str = "x-cloudsdk-mock-answer";

/// The first documented JSON sample of an operation, or the vendor's smallest valid body
/// when the operation documents none (or its sample is not JSON).
pub(crate) fn sample_body(dialect: Dialect, op: &sdkgen::ir::Operation, request_id: &str) -> Value {
    op.json_samples.first().and_then(|s| serde_json::from_str(s).ok()).unwrap_or_else(|| match dialect {
        Dialect::Aliyun => json!({ "RequestId": request_id }),
        Dialect::Jdcloud => json!({ "requestId": request_id, "result": {} }),
    })
}

/// The error `op` documents with `code`, as documented; HTTP 400 with that code when the
/// operation documents none.
pub(crate) fn documented(op: &sdkgen::ir::Operation, code: &str) -> Problem {
    match op.errors.iter().find(|e| e.code.as_deref() == Some(code)) {
        Some(e) => Problem::Documented {
            status: e.status,
            code: code.to_owned(),
            message: e.message.clone().or_else(|| e.description.clone()).unwrap_or_default(),
        },
        None => Problem::Documented {
            status: 400,
            code: code.to_owned(),
            message: format!("{code} (an error {} does not document)", op.name),
        },
    }
}

/// A 200 answer whose body is not valid JSON: the first half of the documented sample.
pub(crate) fn malformed_answer(dialect: Dialect, op: &sdkgen::ir::Operation, request_id: &str) -> Answer {
    let sample = op.json_samples.first().map(String::as_str).unwrap_or("{\"RequestId\": \"\"}");
    let mut cut = sample.len() / 2;
    while !sample.is_char_boundary(cut) {
        cut -= 1;
    }
    Answer::json(dialect, 200, request_id, sample[..cut].trim_end().as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: Origin<'static> = Origin { request_id: "RID", host: "127.0.0.1:1", product: "Ecs" };

    fn body(answer: &Answer) -> Value {
        serde_json::from_slice(&answer.body).unwrap()
    }

    #[test]
    fn aliyun_error_bodies_have_every_field() {
        let a = error_answer(Dialect::Aliyun, &Problem::SignatureMismatch("HMAC-SHA1".into()), ORIGIN);
        assert_eq!(a.status, 400);
        assert!(a.headers.contains(&("x-acs-request-id", "RID".to_owned())));
        assert_eq!(
            body(&a),
            json!({
                "RequestId": "RID",
                "HostId": "127.0.0.1:1",
                "Code": "SignatureDoesNotMatch",
                "Message": "Specified signature is not matched with our calculation (HMAC-SHA1).",
                "Recommend": "https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch&product=Ecs",
            })
        );
    }

    #[test]
    fn jdcloud_error_bodies_nest_the_error() {
        let a = error_answer(Dialect::Jdcloud, &Problem::SignatureMismatch("JDCLOUD2-HMAC-SHA256".into()), ORIGIN);
        assert_eq!(a.status, 401);
        assert!(a.headers.contains(&("x-jdcloud-request-id", "RID".to_owned())));
        assert_eq!(
            body(&a),
            json!({
                "requestId": "RID",
                "error": { "code": 401, "status": "UNAUTHENTICATED", "message": "the JDCLOUD2-HMAC-SHA256 signature does not match" },
            })
        );
    }

    #[test]
    fn missing_region_has_its_own_code() {
        let region = Problem::Missing { name: "RegionId".into(), region: true }.render(Dialect::Aliyun);
        assert_eq!((region.status, region.code.as_str()), (400, "MissingRegionId"));
        assert_eq!(region.message, "RegionId is mandatory for this action.");
        let other = Problem::Missing { name: "ImageFamily".into(), region: false }.render(Dialect::Aliyun);
        assert_eq!(other.code, "MissingParameter");
        let jd = Problem::Missing { name: "regionId".into(), region: true }.render(Dialect::Jdcloud);
        assert_eq!(
            (jd.status, jd.code.as_str(), jd.message.as_str()),
            (400, "INVALID_ARGUMENT", "regionId is required")
        );
    }

    #[test]
    fn retry_hints_follow_the_vendor() {
        let a = Answer::json(Dialect::Aliyun, 503, "r", Vec::new())
            .with_retry_after(Dialect::Aliyun, Duration::from_millis(1500));
        assert!(a.headers.contains(&("x-acs-retry-after", "1500".to_owned())));
        let j = Answer::json(Dialect::Jdcloud, 503, "r", Vec::new())
            .with_retry_after(Dialect::Jdcloud, Duration::from_millis(1500));
        assert!(j.headers.contains(&("retry-after", "2".to_owned())));
    }

    #[test]
    fn request_ids_are_deterministic_and_vendor_shaped() {
        assert_eq!(Dialect::Aliyun.request_id(26), "00000000-0000-4000-8000-00000000001A");
        assert_eq!(Dialect::Jdcloud.request_id(26), "mock000000000000000000000000001a");
    }

    #[test]
    fn success_answers_repeat_the_body_request_id() {
        let a = success_answer(Dialect::Aliyun, &json!({"RequestId": "from-body"}), "fallback");
        assert!(a.headers.contains(&("x-acs-request-id", "from-body".to_owned())));
        let j = success_answer(Dialect::Jdcloud, &json!({"result": {}}), "fallback");
        assert!(j.headers.contains(&("x-jdcloud-request-id", "fallback".to_owned())));
    }
}
