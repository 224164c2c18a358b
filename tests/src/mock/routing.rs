//! Which documented operation a request is for.
//!
//! RPC services (Alibaba Cloud) take every operation on `/`: the action comes from the
//! `Action` query parameter (signature V1) or the `x-acs-action` header (V3), the version
//! from `Version` or `x-acs-version`. REST services (JD Cloud) are matched by method and
//! path template (`/v1/regions/{regionId}/images/{imageId}/constraints`); the template's
//! parameters are captured, percent-decoded.

use super::request::{decode_component, Incoming};
use super::responses::{Dialect, Problem};
use sdkgen::ir::{Ir, Operation, Protocol, Service};

/// The operation a request is for.
#[derive(Debug, Clone)]
pub(crate) struct Route<'a> {
    /// The service.
    pub service: &'a Service,
    /// The operation.
    pub op: &'a Operation,
    /// Path template parameters (`regionId`, `imageId`), decoded.
    pub path_params: Vec<(String, String)>,
}

impl Route<'_> {
    /// The vendor's conventions for this route.
    pub fn dialect(&self) -> Dialect {
        Dialect::of(self.service)
    }
}

/// The route of `request`, or what to answer instead (in the dialect it is answered in).
pub(crate) fn route<'a>(ir: &'a Ir, request: &Incoming) -> Result<Route<'a>, (Dialect, Problem)> {
    match guess_dialect(ir, request) {
        Dialect::Aliyun => route_rpc(ir, request).map_err(|p| (Dialect::Aliyun, p)),
        Dialect::Jdcloud => route_rest(ir, request).map_err(|p| (Dialect::Jdcloud, p)),
    }
}

/// RPC APIs live at `/`; any other path is for a REST API when there is one.
pub(crate) fn guess_dialect(ir: &Ir, request: &Incoming) -> Dialect {
    let rpc_path = matches!(request.raw_path.as_str(), "" | "/");
    let has_rest = ir.services.iter().any(|s| s.protocol == Protocol::JdcloudRest);
    if !rpc_path && has_rest {
        Dialect::Jdcloud
    } else {
        Dialect::Aliyun
    }
}

fn route_rpc<'a>(ir: &'a Ir, request: &Incoming) -> Result<Route<'a>, Problem> {
    if !matches!(request.method.as_str(), "GET" | "POST") {
        return Err(Problem::UnsupportedMethod(request.method.clone()));
    }
    let action = request.param("Action").or_else(|| request.header("x-acs-action"));
    let action = action.ok_or_else(|| Problem::Missing { name: "Action".to_owned(), region: false })?;
    let candidates: Vec<(&Service, &Operation)> = ir
        .services
        .iter()
        .filter(|s| s.protocol == Protocol::AliyunRpc)
        .flat_map(|s| s.operations.iter().filter(|o| o.name == action).map(move |o| (s, o)))
        .collect();
    let Some((first_service, _)) = candidates.first() else {
        return Err(Problem::NoSuchOperation(format!("action \"{action}\"")));
    };
    let version = request.param("Version").or_else(|| request.header("x-acs-version"));
    let version = version.ok_or_else(|| Problem::Missing { name: "Version".to_owned(), region: false })?;
    candidates
        .iter()
        .find(|(s, _)| s.api_version == version)
        .map(|(service, op)| Route { service, op, path_params: Vec::new() })
        .ok_or_else(|| Problem::InvalidVersion {
            given: version.to_owned(),
            expected: first_service.api_version.clone(),
        })
}

fn route_rest<'a>(ir: &'a Ir, request: &Incoming) -> Result<Route<'a>, Problem> {
    let mut path_matched = false;
    let mut best: Option<(usize, Route<'a>)> = None;
    for service in ir.services.iter().filter(|s| s.protocol == Protocol::JdcloudRest) {
        for op in &service.operations {
            let Some(path_params) = match_template(&op.http_path, &request.raw_path) else { continue };
            path_matched = true;
            // `/instances/{id}:createImage` and `/instances/{id}` may both match: the
            // template with more literal text is the one meant.
            let literal = literal_len(&op.http_path);
            if op.http_method.eq_ignore_ascii_case(&request.method) && best.as_ref().is_none_or(|(l, _)| literal > *l) {
                best = Some((literal, Route { service, op, path_params }));
            }
        }
    }
    if let Some((_, route)) = best {
        return Ok(route);
    }
    if path_matched {
        Err(Problem::UnsupportedMethod(request.method.clone()))
    } else {
        Err(Problem::NoSuchOperation(format!("{} {}", request.method, request.raw_path)))
    }
}

/// How many characters of a template are literal (not `{name}` placeholders).
fn literal_len(template: &str) -> usize {
    let mut depth = 0usize;
    template
        .chars()
        .filter(|c| match c {
            '{' => {
                depth += 1;
                false
            }
            '}' => {
                depth = depth.saturating_sub(1);
                false
            }
            _ => depth == 0,
        })
        .count()
}

/// The parameters captured when `path` (as sent, percent-encoded) matches `template`:
/// segment by segment, a `{name}` segment takes any non-empty segment, decoded.
pub(crate) fn match_template(template: &str, path: &str) -> Option<Vec<(String, String)>> {
    let wanted: Vec<&str> = template.trim_matches('/').split('/').collect();
    let given: Vec<&str> = path.trim_matches('/').split('/').collect();
    if wanted.len() != given.len() {
        return None;
    }
    let mut captured = Vec::new();
    for (w, g) in wanted.iter().zip(&given) {
        // `{name}` takes the whole segment; `{name}:action` the segment up to its literal suffix.
        let placeholder = w.strip_prefix('{').and_then(|w| w.split_once('}'));
        let captured_part = placeholder.and_then(|(name, suffix)| g.strip_suffix(suffix).map(|value| (name, value)));
        if placeholder.is_some() && captured_part.is_none() {
            return None;
        }
        match captured_part {
            Some((name, g)) if !g.is_empty() => {
                captured.push((name.to_owned(), decode_component(g, false).unwrap_or_else(|lossy| lossy)));
            }
            Some(_) => return None,
            None if w == g => {}
            None => return None,
        }
    }
    Some(captured)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn ir() -> Ir {
        crate::specs()
    }

    fn request(method: &str, path: &str, query: &str, headers: &[(&str, &str)]) -> Incoming {
        let headers = headers.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect();
        Incoming::new(method, path, query, headers, Bytes::new())
    }

    #[test]
    fn templates_capture_decoded_segments() {
        let t = "/v1/regions/{regionId}/images/{imageId}/constraints";
        let got = match_template(t, "/v1/regions/cn-north-1/images/a%20b%2Fc/constraints").unwrap();
        assert_eq!(got, [("regionId".to_owned(), "cn-north-1".to_owned()), ("imageId".to_owned(), "a b/c".to_owned())]);
        assert!(match_template(t, "/v1/regions/cn-north-1/images//constraints").is_none());
        assert!(match_template(t, "/v1/regions/cn-north-1/images/x").is_none());
        assert!(match_template(t, "/v2/regions/r/images/i/constraints").is_none());
        // A placeholder followed by a literal action.
        let t = "/v1/regions/{regionId}/instances/{instanceId}:createImage";
        let got = match_template(t, "/v1/regions/cn-north-1/instances/i-1%2A:createImage").unwrap();
        assert_eq!(got[1], ("instanceId".to_owned(), "i-1*".to_owned()));
        assert!(match_template(t, "/v1/regions/cn-north-1/instances/i-1").is_none());
        assert!(match_template(t, "/v1/regions/cn-north-1/instances/:createImage").is_none());
    }

    #[test]
    fn the_template_with_more_literal_text_wins() {
        let ir = ir();
        let action = request("POST", "/v1/regions/cn-north-1/instances/i-1:createImage", "", &[]);
        assert_eq!(route(&ir, &action).unwrap().op.name, "createImage");
        let delete = request("DELETE", "/v1/regions/cn-north-1/instances/i-1", "", &[]);
        assert_eq!(route(&ir, &delete).unwrap().op.name, "deleteInstance");
        assert_eq!(literal_len("/a/{b}:c"), "/a/:c".len());
    }

    #[test]
    fn rpc_routes_by_header_or_query() {
        let ir = ir();
        let v3 = request("POST", "/", "", &[("x-acs-action", "DescribeImages"), ("x-acs-version", "2014-05-26")]);
        assert_eq!(route(&ir, &v3).unwrap().op.name, "DescribeImages");
        let v1 = request("GET", "/", "Action=DescribeInstances&Version=2014-05-26", &[]);
        assert_eq!(route(&ir, &v1).unwrap().op.name, "DescribeInstances");
    }

    #[test]
    fn rpc_rejections() {
        let ir = ir();
        let problem = |r: &Incoming| route(&ir, r).unwrap_err();
        assert_eq!(
            problem(&request("GET", "/", "Action=StopInstances&Version=2014-05-26", &[])),
            (Dialect::Aliyun, Problem::NoSuchOperation("action \"StopInstances\"".into()))
        );
        assert_eq!(
            problem(&request("GET", "/", "Action=DescribeImages&Version=2016-01-01", &[])),
            (Dialect::Aliyun, Problem::InvalidVersion { given: "2016-01-01".into(), expected: "2014-05-26".into() })
        );
        assert_eq!(
            problem(&request("GET", "/", "Action=DescribeImages", &[])),
            (Dialect::Aliyun, Problem::Missing { name: "Version".into(), region: false })
        );
        assert_eq!(
            problem(&request("GET", "/", "", &[])),
            (Dialect::Aliyun, Problem::Missing { name: "Action".into(), region: false })
        );
        assert_eq!(
            problem(&request("DELETE", "/", "", &[])),
            (Dialect::Aliyun, Problem::UnsupportedMethod("DELETE".into()))
        );
    }

    #[test]
    fn rest_routes_by_method_and_template() {
        let ir = ir();
        let ok = request("GET", "/v1/regions/cn-north-1/images/img-1/constraints", "", &[]);
        let route = route(&ir, &ok).unwrap();
        assert_eq!(route.op.name, "describeImageConstraints");
        assert_eq!(route.path_params[1], ("imageId".to_owned(), "img-1".to_owned()));
        let wrong_method = request("POST", "/v1/regions/cn-north-1/images/img-1/constraints", "", &[]);
        assert_eq!(
            super::route(&ir, &wrong_method).unwrap_err(),
            (Dialect::Jdcloud, Problem::UnsupportedMethod("POST".into()))
        );
        let unknown = request("GET", "/v1/nothing", "", &[]);
        assert_eq!(
            super::route(&ir, &unknown).unwrap_err(),
            (Dialect::Jdcloud, Problem::NoSuchOperation("GET /v1/nothing".into()))
        );
    }
}
