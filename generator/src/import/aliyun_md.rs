//! Reader stub, replaced by the real reader.

use super::page::{Page, ReadError};

/// Whether `text` looks like a page of this layout.
pub fn detect(_text: &str) -> bool {
    false
}

/// Reads a page of this layout.
pub fn read(_text: &str) -> Result<Page, ReadError> {
    Err(ReadError { line: None, message: "not implemented".into() })
}
