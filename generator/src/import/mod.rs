//! The importer: API reference pages in, specs out.
//!
//! [`read`] recognises a page's layout and reads it into a [`page::Page`]; the builder turns
//! a page into spec YAML; the merge keeps every decision (`x-` key) of an existing spec.

pub mod aliyun_md;
pub mod aliyun_text;
pub mod build;
pub mod clean;
pub mod jdcloud_md;
pub mod markdown;
pub mod merge;
pub mod page;
pub mod yaml;

use page::{Layout, Page, ReadError};

/// Reads a page in any known layout. A page in no known layout is an error that names the
/// layouts the importer knows.
pub fn read(text: &str) -> Result<Page, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if jdcloud_md::detect(text) {
        jdcloud_md::read(text)
    } else if aliyun_md::detect(text) {
        aliyun_md::read(text)
    } else if aliyun_text::detect(text) {
        aliyun_text::read(text)
    } else {
        let known: Vec<String> = Layout::ALL.iter().map(|l| format!("  - {}", l.describe())).collect();
        Err(ReadError {
            line: None,
            message: format!(
                "not an API reference page in a known layout (no request or response parameter table found); \
                 the importer reads:\n{}",
                known.join("\n")
            ),
        })
    }
}
