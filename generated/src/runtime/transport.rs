//! The request pipeline behind every generated `send()`.

use super::{Handle, Operation, Params};
use crate::Error;
use serde::de::DeserializeOwned;

/// Sends one operation: resolves credentials and the endpoint, signs each attempt afresh,
/// retries what is retryable, maps error bodies to [`Error::Service`], and deserializes the
/// body into the operation's output.
pub async fn send<O: DeserializeOwned>(handle: &Handle, op: &'static Operation, params: Params) -> Result<O, Error> {
    let _ = (handle, params);
    Err(Error::Build { operation: op.name, message: "transport not implemented yet".into() })
}
