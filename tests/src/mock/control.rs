//! The HTTP control endpoints under `/__mock/`, for driving a running mock with curl.
//! They call the same hooks as the [`Mock`](super::Mock) handle; they are neither signed nor
//! recorded. Arguments are query parameters; answers are JSON.
//!
//! | endpoint | what it does |
//! |---|---|
//! | `GET /__mock` | lists the endpoints |
//! | `POST /__mock/fail?count=2&kind=unavailable` | answers the next calls that pass the signature and parameter checks with a fault: `unavailable`, `throttling`, `malformed`, or a documented error code; `&retry_after_ms=1500` adds the retry hint |
//! | `POST /__mock/delay?ms=500` | delays every answer (`&count=N`: only the next N) |
//! | `POST /__mock/paginate?operation=DescribeInstances&items=25` | serves 25 items across pages (`&repeat_last_page=true`: pages past the end repeat the last one, without TotalCount) |
//! | `GET /__mock/requests` | the requests received so far |
//! | `GET /__mock/calls` | how many requests were received |
//! | `POST /__mock/reset` | forgets every hook and the record |

use super::hooks::Fault;
use super::request::Incoming;
use super::responses::Answer;
use super::server::State;
use serde_json::{json, Value};
use std::str::FromStr;
use std::time::Duration;

/// The prefix of the control endpoints.
pub(crate) const PREFIX: &str = "/__mock";

/// The endpoints, as `GET /__mock` lists them.
const ENDPOINTS: [&str; 7] = [
    "GET  /__mock                     this list",
    "POST /__mock/fail?count=N&kind=unavailable|throttling|malformed|<documented error code>[&retry_after_ms=M]",
    "POST /__mock/delay?ms=M[&count=N]",
    "POST /__mock/paginate?operation=<Operation>&items=K[&repeat_last_page=true]",
    "GET  /__mock/requests",
    "GET  /__mock/calls",
    "POST /__mock/reset",
];

/// Whether a path is a control endpoint.
pub(crate) fn is_control(path: &str) -> bool {
    path == PREFIX || path.strip_prefix(PREFIX).is_some_and(|rest| rest.starts_with('/'))
}

/// Answers a control request.
pub(crate) fn handle(state: &State, request: &Incoming) -> Answer {
    let endpoint = request.raw_path.strip_prefix(PREFIX).unwrap_or("").trim_end_matches('/');
    let result = match (request.method.as_str(), endpoint) {
        ("GET", "") => Ok(json!({ "endpoints": ENDPOINTS })),
        ("POST", "/fail") => fail(state, request),
        ("POST", "/delay") => delay(state, request),
        ("POST", "/paginate") => paginate(state, request),
        ("GET", "/requests") => serde_json::to_value(state.hooks.requests()).map_err(|e| (500, e.to_string())),
        ("GET", "/calls") => Ok(json!({ "calls": state.hooks.calls() })),
        ("POST", "/reset") => {
            state.hooks.reset();
            Ok(json!({ "ok": true }))
        }
        (_, "" | "/fail" | "/delay" | "/paginate" | "/requests" | "/calls" | "/reset") => {
            Err((405, format!("{} is not allowed on {}", request.method, request.raw_path)))
        }
        _ => Err((404, format!("no control endpoint {}; GET {PREFIX} lists them", request.raw_path))),
    };
    let (status, body) = match result {
        Ok(body) => (200, body),
        Err((status, error)) => (status, json!({ "error": error })),
    };
    Answer {
        status,
        headers: vec![("content-type", "application/json".to_owned())],
        body: body.to_string().into_bytes(),
    }
}

type Outcome = Result<Value, (u16, String)>;

fn fail(state: &State, request: &Incoming) -> Outcome {
    let count = arg(request, "count")?.unwrap_or(1);
    let kind = request.param("kind").unwrap_or("unavailable");
    let mut fault = match kind {
        "unavailable" => Fault::unavailable(),
        "throttling" => Fault::throttling(),
        "malformed" => Fault::malformed_body(),
        code => Fault::documented(code),
    };
    if let Some(ms) = arg(request, "retry_after_ms")? {
        fault = fault.with_retry_after(Duration::from_millis(ms));
    }
    state.hooks.fail_next(count as usize, fault);
    Ok(json!({ "ok": true, "failing_next": count, "kind": kind }))
}

fn delay(state: &State, request: &Incoming) -> Outcome {
    let ms: u64 = arg(request, "ms")?.ok_or_else(|| (400, "ms is required".to_owned()))?;
    let delay = Duration::from_millis(ms);
    match arg::<usize>(request, "count")? {
        Some(count) => state.hooks.delay_next(count, delay),
        None => state.hooks.set_delay(delay),
    }
    Ok(json!({ "ok": true, "delay_ms": ms }))
}

fn paginate(state: &State, request: &Incoming) -> Outcome {
    let operation = request.param("operation").ok_or_else(|| (400, "operation is required".to_owned()))?;
    let items: usize = arg(request, "items")?.ok_or_else(|| (400, "items is required".to_owned()))?;
    state.paginate(operation, items).map_err(|e| (400, e))?;
    if let Some(repeat) = arg::<bool>(request, "repeat_last_page")? {
        state.repeat_last_page(operation, repeat).map_err(|e| (400, e))?;
    }
    Ok(json!({ "ok": true, "operation": operation, "items": items }))
}

/// A parsed query argument, `None` when absent.
fn arg<T: FromStr>(request: &Incoming, name: &str) -> Result<Option<T>, (u16, String)> {
    request.param(name).map(|v| v.parse().map_err(|_| (400, format!("{name}={v} is not valid")))).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::TestCredentials;
    use bytes::Bytes;

    fn state() -> State {
        State::new(crate::specs(), TestCredentials::default())
    }

    fn call(state: &State, method: &str, path: &str, query: &str) -> (u16, Value) {
        let answer = handle(state, &Incoming::new(method, path, query, Vec::new(), Bytes::new()));
        (answer.status, serde_json::from_slice(&answer.body).unwrap())
    }

    #[test]
    fn control_paths() {
        assert!(is_control("/__mock") && is_control("/__mock/fail"));
        assert!(!is_control("/__mockery") && !is_control("/"));
    }

    #[test]
    fn endpoints_set_hooks() {
        let s = state();
        assert_eq!(call(&s, "POST", "/__mock/fail", "count=2&kind=throttling&retry_after_ms=5").0, 200);
        assert_eq!(s.hooks.take_fault(), Some(Fault::throttling().with_retry_after(Duration::from_millis(5))));
        assert_eq!(call(&s, "POST", "/__mock/delay", "ms=7").0, 200);
        assert_eq!(s.hooks.begin_call().delay, Duration::from_millis(7));
        assert_eq!(
            call(&s, "POST", "/__mock/paginate", "operation=DescribeImages&items=3&repeat_last_page=true").0,
            200
        );
        assert!(s.hooks.paging("DescribeImages").is_some_and(|p| p.items == 3 && p.repeat_last_page));
        assert_eq!(call(&s, "GET", "/__mock/calls", ""), (200, json!({"calls": 1})));
        assert_eq!(call(&s, "GET", "/__mock/requests", ""), (200, json!([])));
        assert_eq!(call(&s, "POST", "/__mock/reset", "").0, 200);
        assert_eq!(s.hooks.calls(), 0);
    }

    #[test]
    fn bad_control_requests_are_explained() {
        let s = state();
        assert_eq!(call(&s, "POST", "/__mock/delay", "ms=soon"), (400, json!({"error": "ms=soon is not valid"})));
        assert_eq!(
            call(&s, "POST", "/__mock/paginate", "operation=describeImageConstraints&items=3"),
            (400, json!({"error": "describeImageConstraints is not paginated"}))
        );
        assert_eq!(call(&s, "GET", "/__mock/fail", "").0, 405);
        assert_eq!(call(&s, "GET", "/__mock/nope", "").0, 404);
    }
}
