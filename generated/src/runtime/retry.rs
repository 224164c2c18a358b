//! The retry policy: which failures are worth another attempt, and how long to wait first.
//!
//! Both functions are pure (the random source is a parameter) so the policy is tested
//! without a clock or a network.
//!
//! A retry must never repeat a write: a second `RunInstances` is a second instance and a
//! second bill. So a failure is judged by whether the request may have reached the service:
//! - **not sent** (the connection could not be made, or timed out while connecting): always
//!   retried, nothing happened;
//! - **refused before anything was done** (throttling: HTTP 429, Alibaba `Throttling*`
//!   codes, whatever the status): always retried; the protocol says which answers these are
//!   ([`Protocol::classify`](super::protocol::Protocol::classify));
//! - **may have been carried out** (a timeout or a reset after the request was written, an
//!   answer cut short, a 5xx, Alibaba `InternalError`/`UnknownError`/`ServiceUnavailable`):
//!   retried only when the operation is idempotent (`x-idempotent`, GET) or carries an
//!   idempotency token (`ClientToken`, filled in once per call and resent unchanged);
//! - anything else (another 4xx, a dry run, a 2xx body that cannot be read, an answer over
//!   the size limit, a request that cannot be built) gives the same result every time.
//!
//! A server retry hint longer than [`MAX_RETRY_AFTER`] stops the retries instead of blocking
//! the caller that long; the error carries the hint.

use super::protocol::{Protocol, Retry};
use crate::Error;
use rand::Rng;
use std::time::Duration;

/// Upper bound of one backoff delay computed from the base (a server hint may ask for more).
pub(crate) const MAX_BACKOFF: Duration = Duration::from_secs(20);

/// The longest server retry hint that is waited for before another attempt.
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// How far a failed attempt got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Nothing was sent (no connection, or the request could not be built).
    NotSent,
    /// The request was written, or may have been, and no complete answer came back.
    MaybeReached,
    /// The service answered.
    Answered,
}

/// Whether a failed attempt is worth another one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Try again (if attempts remain); the reason is logged.
    Retry(&'static str),
    /// Do not: repeating the request could carry it out twice (logged).
    Unsafe(&'static str),
    /// Return the error to the caller now.
    Stop,
}

/// Classifies the error of one attempt of an operation whose repetition is `safe` or not.
/// `retry_after` is the server's retry hint, if it sent one.
pub(crate) fn classify(
    protocol: &dyn Protocol,
    safe: bool,
    error: &Error,
    reach: Reach,
    retry_after: Option<Duration>,
) -> Decision {
    if retry_after.is_some_and(|hint| hint > MAX_RETRY_AFTER) {
        return Decision::Stop;
    }
    let answer = match error {
        Error::Timeout { .. } | Error::Transport { .. } => match reach {
            Reach::NotSent => return Decision::Retry("no connection"),
            _ if safe => return Decision::Retry("no complete answer"),
            _ => return Decision::Unsafe("no complete answer"),
        },
        Error::Service(e) => protocol.classify(e.status(), Some(e.code())),
        Error::Deserialize { status, .. } if !(200..300).contains(status) => protocol.classify(*status, None),
        _ => return Decision::Stop,
    };
    match answer {
        Retry::Always(reason) => Decision::Retry(reason),
        Retry::IfSafe(reason) if safe => Decision::Retry(reason),
        Retry::IfSafe(reason) => Decision::Unsafe(reason),
        Retry::Never => Decision::Stop,
    }
}

/// How long to wait after failed attempt number `attempt` (1 for the first attempt).
///
/// Exponential backoff `base * 2^(attempt-1)` capped at [`MAX_BACKOFF`], with equal jitter
/// (half of it fixed, half random) so that clients throttled together spread out while
/// still backing off; never shorter than the server's `hint`.
pub(crate) fn backoff<R: Rng + ?Sized>(attempt: u32, base: Duration, hint: Option<Duration>, rng: &mut R) -> Duration {
    let factor = 1u32.checked_shl(attempt.saturating_sub(1)).unwrap_or(u32::MAX);
    let ceiling = base.saturating_mul(factor).min(MAX_BACKOFF);
    let half = ceiling / 2;
    // `random::<f64>()` is in [0, 1), so the product stays below `ceiling - half` (≤ 10 s).
    let delay = half + (ceiling - half).mul_f64(rng.random::<f64>());
    hint.map_or(delay, |hint| delay.max(hint))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ServiceErrorData;
    use crate::runtime::protocol::{AliyunRpc, JdcloudRest};
    use crate::ServiceError;
    use rand::SeedableRng;

    /// A "random" source that always returns the same word.
    struct Fixed(u64);

    impl rand::RngCore for Fixed {
        fn next_u32(&mut self) -> u32 {
            (self.0 >> 32) as u32
        }
        fn next_u64(&mut self) -> u64 {
            self.0
        }
        fn fill_bytes(&mut self, dest: &mut [u8]) {
            dest.fill(self.0 as u8);
        }
    }

    fn near(d: Duration, expected_ms: u64) -> bool {
        d.abs_diff(Duration::from_millis(expected_ms)) < Duration::from_micros(1)
    }

    fn service(status: u16, code: &str) -> Error {
        Error::Service(ServiceError::from(ServiceErrorData {
            operation: "Op",
            status,
            code: code.to_owned(),
            message: String::new(),
            request_id: None,
            host_id: None,
            recommend: None,
            retry_after: None,
        }))
    }

    fn unreadable(status: u16) -> Error {
        Error::Deserialize { operation: "Op", status, message: String::new(), snippet: String::new() }
    }

    const PROTOCOLS: [&dyn Protocol; 2] = [&AliyunRpc, &JdcloudRest];

    #[test]
    fn failures_before_sending_are_always_retried() {
        let timeout = Error::Timeout { operation: "Op", after: Duration::from_secs(1) };
        let transport = Error::Transport { operation: "Op", message: String::new(), source: None };
        for p in PROTOCOLS {
            for safe in [true, false] {
                assert_eq!(classify(p, safe, &timeout, Reach::NotSent, None), Decision::Retry("no connection"));
                assert_eq!(classify(p, safe, &transport, Reach::NotSent, None), Decision::Retry("no connection"));
            }
        }
    }

    #[test]
    fn failures_after_sending_are_retried_only_when_safe() {
        let timeout = Error::Timeout { operation: "Op", after: Duration::from_secs(1) };
        let transport = Error::Transport { operation: "Op", message: String::new(), source: None };
        for p in PROTOCOLS {
            for e in [&timeout, &transport] {
                assert_eq!(classify(p, true, e, Reach::MaybeReached, None), Decision::Retry("no complete answer"));
                assert_eq!(classify(p, false, e, Reach::MaybeReached, None), Decision::Unsafe("no complete answer"));
            }
            assert!(matches!(
                classify(p, true, &service(503, "ServiceUnavailable"), Reach::Answered, None),
                Decision::Retry(_)
            ));
            assert!(matches!(
                classify(p, false, &service(503, "ServiceUnavailable"), Reach::Answered, None),
                Decision::Unsafe(_)
            ));
            assert!(matches!(classify(p, true, &unreadable(502), Reach::Answered, None), Decision::Retry(_)));
            assert!(matches!(classify(p, false, &unreadable(502), Reach::Answered, None), Decision::Unsafe(_)));
        }
        assert!(matches!(
            classify(&AliyunRpc, false, &service(500, "InternalError"), Reach::Answered, None),
            Decision::Unsafe(_)
        ));
        assert!(matches!(
            classify(&AliyunRpc, false, &service(400, "UnknownError"), Reach::Answered, None),
            Decision::Unsafe(_)
        ));
    }

    #[test]
    fn throttling_is_retried_even_for_writes() {
        for code in ["Throttling", "Throttling.User", "Throttling.Api"] {
            assert!(
                matches!(classify(&AliyunRpc, false, &service(400, code), Reach::Answered, None), Decision::Retry(_)),
                "{code}"
            );
        }
        for p in PROTOCOLS {
            assert!(matches!(classify(p, false, &service(429, "X"), Reach::Answered, None), Decision::Retry(_)));
        }
    }

    #[test]
    fn client_errors_dry_runs_and_unreadable_successes_are_not_retried() {
        for code in ["InvalidParameter", "DryRunOperation", "SignatureDoesNotMatch", "InvalidThrottling"] {
            assert_eq!(
                classify(&AliyunRpc, true, &service(400, code), Reach::Answered, None),
                Decision::Stop,
                "{code}"
            );
        }
        assert_eq!(classify(&AliyunRpc, true, &unreadable(200), Reach::Answered, None), Decision::Stop);
        for status in [501, 505, 403, 404, 409] {
            assert_eq!(classify(&AliyunRpc, true, &service(status, "Other"), Reach::Answered, None), Decision::Stop);
        }
        let build = Error::Build { operation: "Op", message: String::new() };
        assert_eq!(classify(&AliyunRpc, true, &build, Reach::NotSent, None), Decision::Stop);
        let credentials = Error::Credentials { message: String::new() };
        assert_eq!(classify(&JdcloudRest, true, &credentials, Reach::NotSent, None), Decision::Stop);
        let large = Error::ResponseTooLarge { operation: "Op", limit: 1 };
        assert_eq!(classify(&JdcloudRest, true, &large, Reach::Answered, None), Decision::Stop);
        assert_eq!(classify(&JdcloudRest, true, &service(404, "NOT_FOUND"), Reach::Answered, None), Decision::Stop);
    }

    #[test]
    fn a_hint_longer_than_the_limit_stops_retrying() {
        let e = service(400, "Throttling.User");
        assert!(matches!(classify(&AliyunRpc, true, &e, Reach::Answered, Some(MAX_RETRY_AFTER)), Decision::Retry(_)));
        let too_long = MAX_RETRY_AFTER + Duration::from_millis(1);
        assert_eq!(classify(&AliyunRpc, true, &e, Reach::Answered, Some(too_long)), Decision::Stop);
    }

    #[test]
    fn backoff_grows_exponentially_with_equal_jitter() {
        let base = Duration::from_millis(100);
        assert_eq!(backoff(1, base, None, &mut Fixed(0)), Duration::from_millis(50));
        assert!(near(backoff(1, base, None, &mut Fixed(u64::MAX)), 100));
        assert_eq!(backoff(2, base, None, &mut Fixed(0)), Duration::from_millis(100));
        assert!(near(backoff(3, base, None, &mut Fixed(u64::MAX)), 400));
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for attempt in 1..6 {
            let ceiling = base * 2u32.pow(attempt - 1);
            let d = backoff(attempt, base, None, &mut rng);
            assert!(d >= ceiling / 2 && d <= ceiling, "{attempt}: {d:?}");
        }
    }

    #[test]
    fn backoff_is_capped_and_never_overflows() {
        assert!(near(backoff(30, Duration::from_secs(1), None, &mut Fixed(u64::MAX)), 20_000));
        assert!(near(backoff(u32::MAX, Duration::MAX, None, &mut Fixed(u64::MAX)), 20_000));
        assert_eq!(backoff(u32::MAX, Duration::MAX, None, &mut Fixed(0)), MAX_BACKOFF / 2);
        assert_eq!(backoff(1, Duration::ZERO, None, &mut Fixed(u64::MAX)), Duration::ZERO);
    }

    #[test]
    fn backoff_waits_at_least_the_server_hint() {
        let hint = Duration::from_millis(1500);
        assert_eq!(backoff(1, Duration::from_millis(100), Some(hint), &mut Fixed(0)), hint);
        assert_eq!(backoff(1, Duration::from_secs(10), Some(hint), &mut Fixed(0)), Duration::from_secs(5));
    }
}
