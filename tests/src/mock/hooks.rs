//! Test hooks: failures to inject, delays, paging, and the record of received requests.
//!
//! The state is shared by the [`Mock`](super::Mock) handle and the `/__mock/` control
//! endpoints; both call the methods of [`Hooks`].

use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// A failure the mock answers with instead of the operation's result.
///
/// Faults apply to calls that pass signature verification and parameter validation, so a
/// retried request is still checked (a fresh nonce, a valid signature) on every attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    kind: FaultKind,
    retry_after: Option<Duration>,
}

/// What a [`Fault`] answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaultKind {
    /// Alibaba Cloud: HTTP 503 `ServiceUnavailable`; JD Cloud: HTTP 503 `UNAVAILABLE`.
    Unavailable,
    /// Alibaba Cloud: HTTP 400 `Throttling.User` (as the service throttles); JD Cloud:
    /// HTTP 429 `RESOURCE_EXHAUSTED`.
    Throttling,
    /// HTTP 200 whose body is the first half of the documented sample: not valid JSON.
    MalformedBody,
    /// The error the operation documents with this code (its status and message), in the
    /// vendor's error body; HTTP 400 with that code when the operation documents no such
    /// error.
    Documented(String),
}

impl Fault {
    /// A temporary server failure (see [`FaultKind::Unavailable`]).
    pub fn unavailable() -> Self {
        Self::new(FaultKind::Unavailable)
    }

    /// Throttling (see [`FaultKind::Throttling`]).
    pub fn throttling() -> Self {
        Self::new(FaultKind::Throttling)
    }

    /// A 200 answer with a body that is not JSON.
    pub fn malformed_body() -> Self {
        Self::new(FaultKind::MalformedBody)
    }

    /// The operation's documented error with this code (`NOT_FOUND`, `InvalidStatus.NotFound`).
    pub fn documented(code: impl Into<String>) -> Self {
        Self::new(FaultKind::Documented(code.into()))
    }

    /// Also sends the vendor's retry hint: `x-acs-retry-after` (milliseconds) for Alibaba
    /// Cloud, `retry-after` (seconds) for JD Cloud.
    pub fn with_retry_after(mut self, after: Duration) -> Self {
        self.retry_after = Some(after);
        self
    }

    /// What the fault answers with.
    pub fn kind(&self) -> &FaultKind {
        &self.kind
    }

    /// The retry hint, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    fn new(kind: FaultKind) -> Self {
        Self { kind, retry_after: None }
    }
}

/// How a paginated operation pages (see [`Hooks::paginate`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Paging {
    /// How many items there are in all.
    pub items: usize,
    /// Answer a page past the end with the last page again, and send no total count.
    pub repeat_last_page: bool,
}

/// One request the mock received (control requests to `/__mock/` are not recorded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Received {
    /// The call number, from 1.
    pub call: u64,
    /// HTTP method.
    pub method: String,
    /// The path as sent (percent-encoded).
    pub path: String,
    /// The query parameters, decoded, in the order sent.
    pub query: Vec<(String, String)>,
    /// The headers, names in lowercase, in the order sent.
    pub headers: Vec<(String, String)>,
    /// The body as sent.
    pub body: Vec<u8>,
    /// The documented operation the request was routed to, if any.
    pub operation: Option<String>,
    /// The HTTP status the mock answered with.
    pub status: u16,
}

impl Received {
    /// The first value of a query parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The first value of a header (`name` in lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// What one call takes from the hooks when it arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CallTicket {
    /// The call number, from 1.
    pub call: u64,
    /// How long to wait before answering.
    pub delay: Duration,
}

#[derive(Debug, Default)]
struct State {
    calls: u64,
    faults: VecDeque<Fault>,
    delay: Duration,
    delays: VecDeque<Duration>,
    paging: BTreeMap<String, Paging>,
    received: Vec<Received>,
}

/// The hook state of one mock server.
#[derive(Debug, Default)]
pub(crate) struct Hooks {
    state: Mutex<State>,
}

impl Hooks {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Answers the next `count` calls with `fault` (after those already queued).
    pub fn fail_next(&self, count: usize, fault: Fault) {
        self.lock().faults.extend(std::iter::repeat_n(fault, count));
    }

    /// Delays every answer by `delay` (zero: no delay).
    pub fn set_delay(&self, delay: Duration) {
        self.lock().delay = delay;
    }

    /// Delays the next `count` answers by `delay`, instead of the delay set for all.
    pub fn delay_next(&self, count: usize, delay: Duration) {
        self.lock().delays.extend(std::iter::repeat_n(delay, count));
    }

    /// Serves `items` items across pages for `operation`.
    pub fn paginate(&self, operation: &str, items: usize) {
        let mut state = self.lock();
        let paging = state.paging.entry(operation.to_owned()).or_insert(Paging { items, repeat_last_page: false });
        paging.items = items;
    }

    /// Answers pages past the end of `operation` with its last page, without a total count.
    pub fn repeat_last_page(&self, operation: &str, repeat: bool) {
        let mut state = self.lock();
        let paging = state.paging.entry(operation.to_owned()).or_insert(Paging { items: 1, repeat_last_page: false });
        paging.repeat_last_page = repeat;
    }

    /// Forgets every hook, the record and the call counter.
    pub fn reset(&self) {
        *self.lock() = State::default();
    }

    /// The requests received so far, in order.
    pub fn requests(&self) -> Vec<Received> {
        self.lock().received.clone()
    }

    /// How many requests were received so far.
    pub fn calls(&self) -> u64 {
        self.lock().calls
    }

    /// Numbers a new call and takes its delay.
    pub fn begin_call(&self) -> CallTicket {
        let mut state = self.lock();
        state.calls += 1;
        let delay = state.delays.pop_front().unwrap_or(state.delay);
        CallTicket { call: state.calls, delay }
    }

    /// Takes the next queued fault, if any.
    pub fn take_fault(&self) -> Option<Fault> {
        self.lock().faults.pop_front()
    }

    /// The paging of an operation, if a test set one.
    pub fn paging(&self, operation: &str) -> Option<Paging> {
        self.lock().paging.get(operation).copied()
    }

    /// Records a received request.
    pub fn record(&self, received: Received) {
        self.lock().received.push(received);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_and_delays_are_taken_in_order() {
        let hooks = Hooks::default();
        hooks.fail_next(2, Fault::unavailable());
        hooks.fail_next(1, Fault::throttling().with_retry_after(Duration::from_millis(5)));
        assert_eq!(hooks.take_fault(), Some(Fault::unavailable()));
        assert_eq!(hooks.take_fault(), Some(Fault::unavailable()));
        assert_eq!(hooks.take_fault().and_then(|f| f.retry_after()), Some(Duration::from_millis(5)));
        assert_eq!(hooks.take_fault(), None);

        hooks.set_delay(Duration::from_millis(3));
        hooks.delay_next(1, Duration::from_secs(1));
        assert_eq!(hooks.begin_call(), CallTicket { call: 1, delay: Duration::from_secs(1) });
        assert_eq!(hooks.begin_call(), CallTicket { call: 2, delay: Duration::from_millis(3) });
        hooks.reset();
        assert_eq!(hooks.begin_call(), CallTicket { call: 1, delay: Duration::ZERO });
    }

    #[test]
    fn paging_settings_combine() {
        let hooks = Hooks::default();
        hooks.repeat_last_page("Op", true);
        hooks.paginate("Op", 25);
        assert_eq!(hooks.paging("Op"), Some(Paging { items: 25, repeat_last_page: true }));
        assert_eq!(hooks.paging("Other"), None);
    }
}
