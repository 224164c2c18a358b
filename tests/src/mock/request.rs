//! A request as the mock received it: read completely and decoded once, so that every
//! later step (routing, signature checks, validation, hooks) works on plain strings.

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use percent_encoding::percent_decode;

/// The largest body the mock reads; a longer one is answered with an error.
const MAX_BODY: usize = 1 << 20;

/// One received request.
#[derive(Debug, Clone, Default)]
pub(crate) struct Incoming {
    /// HTTP method (`POST`).
    pub method: String,
    /// The path exactly as sent, still percent-encoded.
    pub raw_path: String,
    /// The query string exactly as sent, without `?` (empty when there is none).
    pub raw_query: String,
    /// The query parameters, decoded (`+` is a space), in the order sent.
    pub query: Pairs,
    /// The fields of a form body (`application/x-www-form-urlencoded`), decoded.
    pub form: Pairs,
    /// Header names lowercased; values as sent (invalid UTF-8 replaced).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Bytes,
    /// Why the query, the form body or the path cannot be decoded, if so.
    pub malformed: Option<String>,
}

impl Incoming {
    /// Reads a whole hyper request. A body that cannot be read (or is larger than 1 MiB)
    /// leaves the body empty and is reported in [`Incoming::malformed`].
    pub async fn read(request: hyper::Request<hyper::body::Incoming>) -> Self {
        let (parts, body) = request.into_parts();
        let (body, body_problem) = match Limited::new(body, MAX_BODY).collect().await {
            Ok(collected) => (collected.to_bytes(), None),
            Err(e) => (Bytes::new(), Some(format!("the body cannot be read: {e}"))),
        };
        let headers = parts
            .headers
            .iter()
            .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
            .collect();
        let mut incoming =
            Self::new(parts.method.as_str(), parts.uri.path(), parts.uri.query().unwrap_or(""), headers, body);
        if let Some(problem) = body_problem {
            incoming.malformed = Some(match incoming.malformed.take() {
                Some(other) => format!("{other}; {problem}"),
                None => problem,
            });
        }
        incoming
    }

    /// A request from its parts; decodes the query, a form body and the path.
    pub fn new(method: &str, raw_path: &str, raw_query: &str, headers: Vec<(String, String)>, body: Bytes) -> Self {
        let mut problems = Vec::new();
        let query = decode_pairs(raw_query).unwrap_or_else(|(pairs, why)| {
            problems.push(format!("the query string {why}"));
            pairs
        });
        let mut incoming = Self {
            method: method.to_owned(),
            raw_path: raw_path.to_owned(),
            raw_query: raw_query.to_owned(),
            query,
            headers,
            body,
            ..Self::default()
        };
        if incoming.is_form() {
            incoming.form = match std::str::from_utf8(&incoming.body) {
                Ok(text) => decode_pairs(text).unwrap_or_else(|(pairs, why)| {
                    problems.push(format!("the form body {why}"));
                    pairs
                }),
                Err(_) => {
                    problems.push("the form body is not UTF-8".to_owned());
                    Vec::new()
                }
            };
        }
        if let Err(why) = decode_path(raw_path) {
            problems.push(format!("the path {why}"));
        }
        incoming.malformed = (!problems.is_empty()).then(|| problems.join("; "));
        incoming
    }

    /// The first value of a header (`name` in lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Every parameter: the query's, then the form body's.
    pub fn params(&self) -> impl Iterator<Item = &(String, String)> {
        self.query.iter().chain(&self.form)
    }

    /// The first value of a parameter (query or form body).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn is_form(&self) -> bool {
        self.header("content-type")
            .is_some_and(|t| t.trim_start().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"))
    }
}

/// Name/value pairs, in order.
pub(crate) type Pairs = Vec<(String, String)>;

/// Decodes `a=1&b=x+y` into pairs (`+` is a space; a name without `=` has an empty
/// value; empty pieces are skipped). On failure, also returns the pairs decoded lossily.
pub(crate) fn decode_pairs(text: &str) -> Result<Pairs, (Pairs, String)> {
    let mut pairs = Vec::new();
    let mut bad = None;
    for piece in text.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
        let name = decode_component(name, true).unwrap_or_else(|lossy| {
            bad.get_or_insert_with(|| format!("has a name that is not UTF-8 once decoded ({lossy:?})"));
            lossy
        });
        let value = decode_component(value, true).unwrap_or_else(|lossy| {
            bad.get_or_insert_with(|| format!("has a value of {name} that is not UTF-8 once decoded"));
            lossy
        });
        pairs.push((name, value));
    }
    match bad {
        None => Ok(pairs),
        Some(why) => Err((pairs, why)),
    }
}

/// Percent-decodes one component; the error holds the lossy text when it is not UTF-8.
pub(crate) fn decode_component(text: &str, plus_is_space: bool) -> Result<String, String> {
    let spaced;
    let text = if plus_is_space {
        spaced = text.replace('+', " ");
        spaced.as_str()
    } else {
        text
    };
    let bytes: Vec<u8> = percent_decode(text.as_bytes()).collect();
    String::from_utf8(bytes).map_err(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn decode_path(raw: &str) -> Result<String, String> {
    decode_component(raw, false).map_err(|_| "is not UTF-8 once decoded".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incoming(query: &str) -> Incoming {
        Incoming::new("GET", "/", query, Vec::new(), Bytes::new())
    }

    #[test]
    fn queries_decode_plus_percent_and_bare_names() {
        let r = incoming("a=x+y%20z&&b&c=%E4%B8%AD&d=%zz");
        let want = [("a", "x y z"), ("b", ""), ("c", "中"), ("d", "%zz")];
        assert_eq!(r.query, want.map(|(n, v)| (n.to_owned(), v.to_owned())));
        assert!(r.malformed.is_none());
    }

    #[test]
    fn bad_utf8_is_reported_not_panicked_on() {
        let r = incoming("Name=%FF%FE");
        assert_eq!(r.query[0].1, "\u{FFFD}\u{FFFD}");
        assert_eq!(r.malformed.as_deref(), Some("the query string has a value of Name that is not UTF-8 once decoded"));
        let r = Incoming::new("GET", "/v1/%FF", "", Vec::new(), Bytes::new());
        assert_eq!(r.malformed.as_deref(), Some("the path is not UTF-8 once decoded"));
    }

    #[test]
    fn form_bodies_are_parameters_too() {
        let headers = vec![("content-type".to_owned(), "application/x-www-form-urlencoded; charset=utf-8".to_owned())];
        let r = Incoming::new("POST", "/", "A=1", headers.clone(), Bytes::from_static(b"B=2"));
        assert_eq!(r.param("A"), Some("1"));
        assert_eq!(r.param("B"), Some("2"));
        let r = Incoming::new("POST", "/", "", headers, Bytes::from_static(b"\xff"));
        assert_eq!(r.malformed.as_deref(), Some("the form body is not UTF-8"));
    }
}
