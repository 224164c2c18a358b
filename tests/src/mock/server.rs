//! The HTTP server (hyper 1 on Tokio) and the pipeline every request goes through:
//!
//! ```text
//! read → /__mock/ control? → route → decodable? → signature → fresh nonce → parameters
//!      → injected fault? → dry run? → documented sample (paged) → record → delay → answer
//! ```

use super::control;
use super::hooks::{Fault, FaultKind, Hooks, Received};
use super::paging;
use super::request::Incoming;
use super::responses::{self, error_answer, product_code, Answer, Dialect, Origin, Problem};
use super::routing::{self, Route};
use super::signature;
use super::validate;
use super::TestCredentials;
use bytes::Bytes;
use http_body_util::Full;
use hyper::header::HeaderValue;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Response, StatusCode};
use hyper_util::rt::TokioIo;
use sdkgen::ir::Ir;
use std::collections::HashSet;
use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use time::OffsetDateTime;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinSet;

/// Everything the server shares between connections.
#[derive(Debug)]
pub(crate) struct State {
    /// The documented services and operations.
    pub ir: Ir,
    /// The credentials requests must be signed with.
    pub credentials: TestCredentials,
    /// Test hooks and the record of requests.
    pub hooks: Hooks,
    /// How many TCP connections were accepted.
    pub connections: AtomicU64,
    nonces: Mutex<HashSet<String>>,
}

impl State {
    /// Server state for `ir` and `credentials`, with no hooks set.
    pub fn new(ir: Ir, credentials: TestCredentials) -> Self {
        Self { ir, credentials, hooks: Hooks::default(), connections: AtomicU64::new(0), nonces: Mutex::default() }
    }

    /// Serves `items` items across pages for `operation`, which must be a paginated
    /// operation of the specs.
    pub fn paginate(&self, operation: &str, items: usize) -> Result<(), String> {
        self.check_paginated(operation)?;
        self.hooks.paginate(operation, items);
        Ok(())
    }

    /// Makes pages past the end of `operation` repeat its last page (see
    /// [`Mock::repeat_last_page`](super::Mock::repeat_last_page)).
    pub fn repeat_last_page(&self, operation: &str, repeat: bool) -> Result<(), String> {
        self.check_paginated(operation)?;
        self.hooks.repeat_last_page(operation, repeat);
        Ok(())
    }

    fn check_paginated(&self, operation: &str) -> Result<(), String> {
        let op = self.ir.services.iter().flat_map(|s| &s.operations).find(|o| o.name == operation);
        match op {
            None => Err(format!("no operation is named {operation}")),
            Some(op) if op.pagination.is_none() => Err(format!("{operation} is not paginated")),
            Some(_) => Ok(()),
        }
    }

    /// Fails when the nonce was seen before; remembers it otherwise.
    fn use_nonce(&self, nonce: String) -> Result<(), Problem> {
        let mut seen = self.nonces.lock().unwrap_or_else(PoisonError::into_inner);
        if seen.contains(&nonce) {
            return Err(Problem::NonceUsed(nonce));
        }
        seen.insert(nonce);
        Ok(())
    }

    /// The product code of the first service answered in `dialect` (for error bodies of
    /// requests that match no operation).
    fn product(&self, dialect: Dialect) -> String {
        self.ir.services.iter().find(|s| s.protocol == dialect.protocol()).map(product_code).unwrap_or_default()
    }
}

/// Accepts connections until `shutdown` fires (or its sender is dropped); dropping the
/// returned future closes every connection.
pub(crate) async fn serve(listener: TcpListener, state: Arc<State>, mut shutdown: oneshot::Receiver<()>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    state.connections.fetch_add(1, Ordering::Relaxed);
                    connections.spawn(serve_connection(stream, Arc::clone(&state)));
                }
                // Out of file descriptors and the like: wait a little rather than spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

async fn serve_connection(stream: TcpStream, state: Arc<State>) {
    let service = service_fn(move |request| {
        let state = Arc::clone(&state);
        async move { Ok::<_, Infallible>(handle(&state, request).await) }
    });
    // A connection that breaks (a client timing out, garbage on the wire) only ends itself.
    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
}

async fn handle(state: &State, request: hyper::Request<hyper::body::Incoming>) -> Response<Full<Bytes>> {
    let incoming = Incoming::read(request).await;
    if control::is_control(&incoming.raw_path) {
        return to_response(control::handle(state, &incoming));
    }
    let ticket = state.hooks.begin_call();
    let (answer, operation) = respond(state, &incoming, ticket.call);
    state.hooks.record(Received {
        call: ticket.call,
        method: incoming.method.clone(),
        path: incoming.raw_path.clone(),
        query: incoming.query.clone(),
        headers: incoming.headers.clone(),
        body: incoming.body.to_vec(),
        operation,
        status: answer.status,
    });
    if !ticket.delay.is_zero() {
        tokio::time::sleep(ticket.delay).await;
    }
    to_response(answer)
}

/// The answer to call number `call`, and the operation it was routed to.
pub(crate) fn respond(state: &State, request: &Incoming, call: u64) -> (Answer, Option<String>) {
    let host = request.header("host").unwrap_or("127.0.0.1");
    match routing::route(&state.ir, request) {
        Err((dialect, problem)) => {
            let request_id = dialect.request_id(call);
            let product = state.product(dialect);
            let origin = Origin { request_id: &request_id, host, product: &product };
            (error_answer(dialect, &problem, origin), None)
        }
        Ok(route) => {
            let request_id = route.dialect().request_id(call);
            let product = product_code(route.service);
            let origin = Origin { request_id: &request_id, host, product: &product };
            (answer_route(state, &route, request, origin), Some(route.op.name.clone()))
        }
    }
}

fn answer_route(state: &State, route: &Route<'_>, request: &Incoming, origin: Origin<'_>) -> Answer {
    let dialect = route.dialect();
    let params = match check(state, route, request) {
        Ok(params) => params,
        Err(problem) => return error_answer(dialect, &problem, origin),
    };
    if let Some(fault) = state.hooks.take_fault() {
        return fault_answer(route, &fault, origin);
    }
    if dialect == Dialect::Aliyun && params.iter().any(|(n, v)| n == "DryRun" && v == "true") {
        return error_answer(dialect, &Problem::DryRun, origin);
    }
    let mut body = responses::sample_body(dialect, route.op, origin.request_id);
    if let Some(paging) = state.hooks.paging(&route.op.name) {
        paging::page_body(dialect, route.op, &mut body, paging, &params);
    }
    let mut answer = responses::success_answer(dialect, &body, origin.request_id);
    if route.op.json_samples.is_empty() {
        // The page documents no JSON answer: say that this one is made up.
        answer.headers.push((responses::SYNTHESIZED_HEADER, "synthesized".to_owned()));
    }
    answer
}

/// Decoding, signature, nonce and parameters; the parameters when all pass.
fn check(state: &State, route: &Route<'_>, request: &Incoming) -> Result<Vec<(String, String)>, Problem> {
    if let Some(why) = &request.malformed {
        return Err(Problem::Malformed(why.clone()));
    }
    let nonce = signature::verify(route, request, &state.credentials, OffsetDateTime::now_utc())?;
    state.use_nonce(nonce)?;
    let params: Vec<(String, String)> = request.params().cloned().collect();
    validate::validate(route, &params)?;
    if route.dialect() == Dialect::Jdcloud {
        validate::validate_body(route, &request.body)?;
    }
    Ok(params)
}

fn fault_answer(route: &Route<'_>, fault: &Fault, origin: Origin<'_>) -> Answer {
    let dialect = route.dialect();
    let answer = match fault.kind() {
        FaultKind::Unavailable => error_answer(dialect, &Problem::Unavailable, origin),
        FaultKind::Throttling => error_answer(dialect, &Problem::Throttled, origin),
        FaultKind::MalformedBody => responses::malformed_answer(dialect, route.op, origin.request_id),
        FaultKind::Documented(code) => error_answer(dialect, &responses::documented(route.op, code), origin),
    };
    match fault.retry_after() {
        Some(after) => answer.with_retry_after(dialect, after),
        None => answer,
    }
}

fn to_response(answer: Answer) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(answer.body)));
    *response.status_mut() = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in answer.headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().append(name, value);
        }
    }
    response
}
