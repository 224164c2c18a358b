//! The one error type of every operation.

use std::fmt;
use std::time::Duration;

/// What went wrong with a request.
///
/// `Display` says what happened in words a person can act on; a service error names the
/// code, the message, the request id, the HTTP status and the operation.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an error.
    Service(ServiceError),
    /// The request could not be built (a required parameter is missing, a value would change
    /// where the request goes or what is signed); nothing was sent.
    Build {
        /// The operation.
        operation: &'static str,
        /// What is wrong.
        message: String,
    },
    /// No credentials could be found; nothing was sent.
    Credentials {
        /// What was tried.
        message: String,
    },
    /// An attempt did not finish in time.
    Timeout {
        /// The operation.
        operation: &'static str,
        /// The time limit that was exceeded.
        after: Duration,
    },
    /// The request could not be sent or its answer could not be read (DNS, connection,
    /// TLS, an answer cut short).
    Transport {
        /// The operation.
        operation: &'static str,
        /// What failed.
        message: String,
        /// The underlying error.
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// The service answered, but the body is not what the operation returns.
    Deserialize {
        /// The operation.
        operation: &'static str,
        /// The HTTP status of the answer.
        status: u16,
        /// Why it could not be read: where it broke and what was expected. For a successful
        /// (2xx) answer it never quotes the body, which may hold secrets.
        message: String,
        /// The start of the body of an error answer (an HTML page from a proxy, say), for
        /// diagnosis; always empty for a successful (2xx) answer.
        snippet: String,
    },
    /// The answer was larger than [`Config::max_response_bytes`](crate::Config::max_response_bytes);
    /// it was not read further.
    ResponseTooLarge {
        /// The operation.
        operation: &'static str,
        /// The limit, in bytes.
        limit: u64,
    },
}

impl Error {
    /// Whether this is Alibaba Cloud's answer to a successful dry run (`DryRunOperation`):
    /// the request would have succeeded.
    pub fn is_dry_run(&self) -> bool {
        matches!(self, Error::Service(e) if e.code() == "DryRunOperation")
    }

    /// The service error, if this is one.
    pub fn as_service(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(e) => e.fmt(f),
            Error::Build { operation, message } => {
                write!(f, "{operation}: invalid request, nothing was sent: {message}")
            }
            Error::Credentials { message } => write!(f, "no credentials: {message}"),
            Error::Timeout { operation, after } => {
                write!(f, "{operation}: no complete answer within {} ms", after.as_millis())
            }
            Error::Transport { operation, message, .. } => write!(f, "{operation}: transport error: {message}"),
            Error::Deserialize { operation, status, message, snippet } if snippet.is_empty() => {
                write!(f, "{operation}: unreadable answer (HTTP {status}): {message}")
            }
            Error::Deserialize { operation, status, message, snippet } => {
                write!(f, "{operation}: unreadable answer (HTTP {status}): {message}; body starts with: {snippet:?}")
            }
            Error::ResponseTooLarge { operation, limit } => write!(
                f,
                "{operation}: the answer is larger than {limit} bytes (Config::max_response_bytes); it was not read"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Service(e) => Some(e),
            Error::Transport { source: Some(s), .. } => Some(s.as_ref()),
            _ => None,
        }
    }
}

impl From<ServiceError> for Error {
    fn from(e: ServiceError) -> Self {
        Error::Service(e)
    }
}

/// An error answer from a service.
///
/// Alibaba Cloud bodies (`{"RequestId","HostId","Code","Message","Recommend"}`) and JD Cloud
/// bodies (`{"requestId","error":{"code","status","message"}}`; `code()` is the `status`
/// string such as `NOT_FOUND`) both map to it.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceError {
    /// Boxed so that [`Error`] stays small (it is the error of every `Result` here).
    data: Box<ServiceErrorData>,
}

/// The fields of a [`ServiceError`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServiceErrorData {
    pub(crate) operation: &'static str,
    pub(crate) status: u16,
    pub(crate) code: String,
    pub(crate) message: String,
    pub(crate) request_id: Option<String>,
    pub(crate) host_id: Option<String>,
    pub(crate) recommend: Option<String>,
    pub(crate) retry_after: Option<Duration>,
}

impl From<ServiceErrorData> for ServiceError {
    fn from(data: ServiceErrorData) -> Self {
        Self { data: Box::new(data) }
    }
}

impl ServiceError {
    /// The error code (`InvalidRegionId.NotFound`, `NOT_FOUND`).
    pub fn code(&self) -> &str {
        &self.data.code
    }

    /// The error message.
    pub fn message(&self) -> &str {
        &self.data.message
    }

    /// The request id, for support tickets.
    pub fn request_id(&self) -> Option<&str> {
        self.data.request_id.as_deref()
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.data.status
    }

    /// The operation that failed.
    pub fn operation(&self) -> &str {
        self.data.operation
    }

    /// Alibaba Cloud's `HostId`.
    pub fn host_id(&self) -> Option<&str> {
        self.data.host_id.as_deref()
    }

    /// Alibaba Cloud's `Recommend` (a troubleshooting link).
    pub fn recommend(&self) -> Option<&str> {
        self.data.recommend.as_deref()
    }

    /// How long the service asked the client to wait before retrying, if it did
    /// (Alibaba Cloud's `x-acs-retry-after`, the standard `Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        self.data.retry_after
    }
}

impl fmt::Debug for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.data;
        f.debug_struct("ServiceError")
            .field("operation", &d.operation)
            .field("status", &d.status)
            .field("code", &d.code)
            .field("message", &d.message)
            .field("request_id", &d.request_id)
            .field("host_id", &d.host_id)
            .field("recommend", &d.recommend)
            .field("retry_after", &d.retry_after)
            .finish()
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.data;
        write!(f, "{} failed: {}: {} (HTTP {}", d.operation, d.code, d.message, d.status)?;
        match &d.request_id {
            Some(id) => write!(f, ", request id {id})"),
            None => f.write_str(", no request id)"),
        }
    }
}

impl std::error::Error for ServiceError {}
