//! The retry policy: which failures are worth another attempt, and how long to wait first.
//!
//! Both functions are pure (the random source is a parameter) so the policy is tested
//! without a clock or a network.
//!
//! What is retried, and why:
//! - connection failures and timeouts ([`Error::Transport`], [`Error::Timeout`]): the
//!   request most likely never reached the service, or the network dropped the answer;
//! - HTTP 500, 502, 503 and 504 from Alibaba Cloud, and every 5xx from JD Cloud: the
//!   service says the failure is on its side and temporary (Alibaba's legacy SDK retries the
//!   same four statuses; 501 and 505 are permanent);
//! - HTTP 429 from either vendor, and Alibaba error codes that start with `Throttling`,
//!   `ServiceUnavailable`, `InternalError` or `UnknownError` whatever the status (Alibaba
//!   answers throttling with HTTP 400 `Throttling.User`): the request was valid and will
//!   succeed later.
//!
//! Nothing else is retried: another 4xx (a bad parameter, a wrong signature, a dry run)
//! gives the same answer every time, and a 2xx body that cannot be read will not read
//! better on the next attempt. A server retry hint longer than [`MAX_RETRY_AFTER`] stops
//! the retries instead of blocking the caller that long; the error carries the hint.

use super::Vendor;
use crate::Error;
use rand::Rng;
use std::time::Duration;

/// Upper bound of one backoff delay computed from the base (a server hint may ask for more).
pub(crate) const MAX_BACKOFF: Duration = Duration::from_secs(20);

/// The longest server retry hint that is waited for before another attempt.
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Alibaba Cloud error code prefixes that mean "try again later".
const ALIYUN_RETRYABLE_CODES: [&str; 4] = ["Throttling", "ServiceUnavailable", "InternalError", "UnknownError"];

/// Whether a failed attempt is worth another one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Try again (if attempts remain); the reason is logged.
    Retry(&'static str),
    /// Return the error to the caller now.
    Stop,
}

/// Classifies the error of one attempt. `retry_after` is the server's retry hint, if it
/// sent one.
pub(crate) fn classify(vendor: Vendor, error: &Error, retry_after: Option<Duration>) -> Decision {
    if retry_after.is_some_and(|hint| hint > MAX_RETRY_AFTER) {
        return Decision::Stop;
    }
    match error {
        Error::Timeout { .. } => Decision::Retry("timeout"),
        Error::Transport { .. } => Decision::Retry("transport error"),
        Error::Service(e) => classify_answer(vendor, e.status(), Some(e.code())),
        Error::Deserialize { status, .. } => classify_answer(vendor, *status, None),
        _ => Decision::Stop,
    }
}

/// Classifies an error answer by its HTTP status and, when the body could be read, its code.
fn classify_answer(vendor: Vendor, status: u16, code: Option<&str>) -> Decision {
    if status == 429 {
        return Decision::Retry("throttled (HTTP 429)");
    }
    match vendor {
        Vendor::Aliyun => {
            if code.is_some_and(|c| ALIYUN_RETRYABLE_CODES.iter().any(|prefix| c.starts_with(prefix))) {
                Decision::Retry("retryable error code")
            } else if matches!(status, 500 | 502 | 503 | 504) {
                Decision::Retry("server error")
            } else {
                Decision::Stop
            }
        }
        Vendor::Jdcloud if (500..600).contains(&status) => Decision::Retry("server error"),
        Vendor::Jdcloud => Decision::Stop,
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

    #[test]
    fn transport_failures_and_timeouts_are_retried() {
        let timeout = Error::Timeout { operation: "Op", after: Duration::from_secs(1) };
        let transport = Error::Transport { operation: "Op", message: String::new(), source: None };
        for vendor in [Vendor::Aliyun, Vendor::Jdcloud] {
            assert_eq!(classify(vendor, &timeout, None), Decision::Retry("timeout"));
            assert_eq!(classify(vendor, &transport, None), Decision::Retry("transport error"));
        }
    }

    #[test]
    fn aliyun_retries_throttling_and_unavailable_codes_at_any_status() {
        for code in ["Throttling", "Throttling.User", "ServiceUnavailable", "InternalError", "UnknownError"] {
            assert!(matches!(classify(Vendor::Aliyun, &service(400, code), None), Decision::Retry(_)), "{code}");
        }
    }

    #[test]
    fn aliyun_retries_the_four_server_statuses_only() {
        for status in [500, 502, 503, 504, 429] {
            assert!(matches!(classify(Vendor::Aliyun, &service(status, "Other"), None), Decision::Retry(_)));
            assert!(matches!(classify(Vendor::Aliyun, &unreadable(status), None), Decision::Retry(_)));
        }
        for status in [501, 505, 400, 403, 404, 409] {
            assert_eq!(classify(Vendor::Aliyun, &service(status, "Other"), None), Decision::Stop, "{status}");
        }
    }

    #[test]
    fn client_errors_and_dry_runs_are_not_retried() {
        for code in ["InvalidParameter", "DryRunOperation", "SignatureDoesNotMatch", "InvalidThrottling"] {
            assert_eq!(classify(Vendor::Aliyun, &service(400, code), None), Decision::Stop, "{code}");
        }
        assert_eq!(classify(Vendor::Aliyun, &unreadable(200), None), Decision::Stop);
        let build = Error::Build { operation: "Op", message: String::new() };
        assert_eq!(classify(Vendor::Aliyun, &build, None), Decision::Stop);
        let credentials = Error::Credentials { message: String::new() };
        assert_eq!(classify(Vendor::Jdcloud, &credentials, None), Decision::Stop);
    }

    #[test]
    fn jdcloud_retries_429_and_every_5xx() {
        for status in [429, 500, 501, 503, 599] {
            assert!(matches!(classify(Vendor::Jdcloud, &service(status, "X"), None), Decision::Retry(_)), "{status}");
        }
        for status in [400, 401, 403, 404] {
            assert_eq!(classify(Vendor::Jdcloud, &service(status, "NOT_FOUND"), None), Decision::Stop);
        }
    }

    #[test]
    fn a_hint_longer_than_the_limit_stops_retrying() {
        let e = service(400, "Throttling.User");
        assert!(matches!(classify(Vendor::Aliyun, &e, Some(MAX_RETRY_AFTER)), Decision::Retry(_)));
        let too_long = MAX_RETRY_AFTER + Duration::from_millis(1);
        assert_eq!(classify(Vendor::Aliyun, &e, Some(too_long)), Decision::Stop);
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
