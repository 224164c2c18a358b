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
    for service in ir.services.iter().filter(|s| s.protocol == Protocol::JdcloudRest) {
        for op in &service.operations {
            let Some(path_params) = match_template(&op.http_path, &request.raw_path) else { continue };
            path_matched = true;
            if op.http_method.eq_ignore_ascii_case(&request.method) {
                return Ok(Route { service, op, path_params });
            }
        }
    }
    if path_matched {
        Err(Problem::UnsupportedMethod(request.method.clone()))
    } else {
        Err(Problem::NoSuchOperation(format!("{} {}", request.method, request.raw_path)))
    }
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
        match w.strip_prefix('{').and_then(|w| w.strip_suffix('}')) {
            Some(name) if !g.is_empty() => {
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
