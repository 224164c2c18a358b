//! Spec structs: the YAML file format and nothing else (see `specs/README.md`).
//!
//! These types mirror the files key for key. They carry no logic; `validate` checks them and
//! `lower` turns them into the IR. Unknown keys are errors, so a typo cannot pass silently.

use serde::Deserialize;
use std::collections::BTreeMap;

/// `specs/<vendor>/<service>/service.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceFile {
    pub vendor: String,
    pub service: String,
    pub title: String,
    pub api_version: String,
    /// The API style: with `vendor`, names the protocol module (`rpc`, `rest`).
    pub protocol: String,
    pub feature: String,
    #[serde(default)]
    pub region_parameter: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub http: Option<ServiceHttp>,
    pub endpoints: Endpoints,
    pub signing: Signing,
}

/// Service-wide HTTP defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceHttp {
    pub method: String,
}

/// How the endpoint host of a region is found.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoints {
    #[serde(default = "https")]
    pub scheme: String,
    /// Host pattern; `{region}` is replaced by the region id.
    pub pattern: String,
    /// Region → host exceptions, as the official SDK hard-codes them.
    #[serde(default)]
    pub regions: BTreeMap<String, String>,
}

fn https() -> String {
    "https".to_owned()
}

/// Signing algorithms the service accepts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signing {
    pub name: String,
    pub default: String,
    pub algorithms: Vec<String>,
}

/// `specs/<vendor>/<service>/operations/<Name>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationFile {
    pub operation: String,
    pub source: Source,
    pub summary: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub http: Option<OperationHttp>,
    #[serde(default)]
    pub request: Request,
    #[serde(default)]
    pub response: Response,
    #[serde(default)]
    pub pagination: Option<Pagination>,
    #[serde(default)]
    pub errors: Vec<ErrorCode>,
    #[serde(default)]
    pub examples: Examples,
    /// Whether repeating the call is safe; when absent, `true` for GET and HEAD.
    #[serde(default, rename = "x-idempotent")]
    pub x_idempotent: Option<bool>,
    /// The group of the reference the operation is listed under in the crate docs, when the
    /// page's folder does not say (`Instances`).
    #[serde(default, rename = "x-group")]
    pub x_group: Option<String>,
    #[serde(default, rename = "x-note")]
    pub x_note: Option<String>,
}

/// The documentation page an operation was transcribed from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub page: String,
    pub language: String,
    #[serde(default)]
    pub url: Option<String>,
}

/// Method and path of a REST operation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationHttp {
    pub method: String,
    #[serde(default)]
    pub path: Option<String>,
}

/// The request side of an operation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    #[serde(default)]
    pub parameters: Vec<Element>,
}

/// One documented parameter, member or field.
///
/// Parameters, the members of a `numbered_group` parameter, response fields and shape fields
/// share this one struct so that every key has one meaning everywhere; `validate` rejects a
/// key used where it does not belong (for example `in` on a response field).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Element {
    pub name: String,
    /// Parameters only: `query` (default), `path`, `body` (REST) or `header`.
    #[serde(default, rename = "in")]
    pub location: Option<Location>,
    /// Parameters only: how the value is written on the wire.
    #[serde(default)]
    pub style: Option<Style>,
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub shape: Option<String>,
    #[serde(default)]
    pub items: Option<Items>,
    #[serde(default, rename = "enum")]
    pub enum_values: Option<Vec<EnumValue>>,
    /// Response fields only: the key of the one-key object that wraps an array.
    #[serde(default)]
    pub wrapper: Option<String>,
    /// Parameters, members and shape fields: must be set (for a member or shape field,
    /// whenever the object that holds it is sent).
    #[serde(default)]
    pub required: bool,
    /// An inline object (`type: object`), or each row of a `numbered_group` parameter: its
    /// members (`Size`, `Category`), each an element of its own.
    #[serde(default)]
    pub members: Vec<Element>,
    /// A map (`type: object`): the type of its values; keys are strings.
    #[serde(default, rename = "additionalProperties")]
    pub additional_properties: Option<Box<Items>>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub example: Option<Scalar>,
    #[serde(default)]
    pub deprecated: Option<Deprecated>,
    #[serde(default)]
    pub default: Option<Scalar>,
    #[serde(default)]
    pub minimum: Option<f64>,
    #[serde(default)]
    pub maximum: Option<f64>,
    #[serde(default, rename = "minLength")]
    pub min_length: Option<u64>,
    #[serde(default, rename = "maxLength")]
    pub max_length: Option<u64>,
    #[serde(default, rename = "maxItems")]
    pub max_items: Option<u64>,
    /// Parameters only: the documented client token that makes the call idempotent.
    #[serde(default)]
    pub idempotency_token: bool,
    /// The value is a secret: `Debug` prints a redaction.
    #[serde(default, rename = "x-sensitive")]
    pub x_sensitive: bool,
    #[serde(default, rename = "x-rust-name")]
    pub x_rust_name: Option<String>,
    /// An element the page does not document, added by a person (its sample or the official
    /// SDK shows it); the importer keeps it. Needs an `x-note`.
    #[serde(default, rename = "x-added")]
    pub x_added: bool,
    #[serde(default, rename = "x-note")]
    pub x_note: Option<String>,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    Query,
    Path,
    Body,
    Header,
}

/// How a parameter is written on the wire (see the styles table in `specs/README.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    Simple,
    Comma,
    Json,
    Numbered,
    NumberedGroup,
    Dotted,
}

/// The element type of an array, or the value type of a map.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Items {
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub shape: Option<String>,
    /// An array of strings with documented values: an inline enum named like the element.
    #[serde(default, rename = "enum")]
    pub enum_values: Option<Vec<EnumValue>>,
    /// An array of inline objects (`type: object`): the members of each.
    #[serde(default)]
    pub members: Vec<Element>,
    /// An array of maps (`type: object`): the type of their values.
    #[serde(default, rename = "additionalProperties")]
    pub additional_properties: Option<Box<Items>>,
}

/// One documented value of an enumeration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    pub value: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, rename = "x-rust-name")]
    pub x_rust_name: Option<String>,
    #[serde(default, rename = "x-note")]
    pub x_note: Option<String>,
}

/// `deprecated: true` or `deprecated: <the documented notice>`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Deprecated {
    Flag(bool),
    Notice(String),
}

/// A YAML scalar as written (examples and defaults).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

/// The response side of an operation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    #[serde(default)]
    pub fields: Vec<Element>,
}

/// Paging: PageNumber/PageSize/TotalCount (`style: page_number`, the default) or
/// NextToken/MaxResults (`style: token`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    #[serde(default)]
    pub style: PagingStyle,
    /// Page-number paging: the page number request parameter.
    #[serde(default)]
    pub page_number: Option<String>,
    /// Page-number paging: the page size request parameter.
    #[serde(default)]
    pub page_size: Option<String>,
    /// Page-number paging: the total count response field.
    #[serde(default)]
    pub total_count: Option<String>,
    /// Token paging: the request parameter that takes the token.
    #[serde(default)]
    pub token: Option<String>,
    /// Token paging: the response field with the next page's token.
    #[serde(default)]
    pub next_token: Option<String>,
    /// Token paging: the page size request parameter, when documented.
    #[serde(default)]
    pub max_results: Option<String>,
    /// The response field (an array) with the page's items.
    pub items: String,
}

/// How an operation pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PagingStyle {
    #[default]
    PageNumber,
    Token,
}

/// One documented error code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    pub status: u16,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// The documented sample request and responses.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub request: Option<String>,
    #[serde(default)]
    pub responses: Vec<ExampleResponse>,
}

/// One documented sample response body.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleResponse {
    pub format: String,
    #[serde(default)]
    pub status: Option<u16>,
    pub body: String,
    /// Why an `x-body` decision replaced the page's sample (it is applied before this is read).
    #[serde(default, rename = "x-note")]
    pub x_note: Option<String>,
}

/// `specs/<vendor>/<service>/shapes/<Name>.yaml`: a struct (with `fields`) or an enum.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShapeFile {
    pub shape: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
    #[serde(default)]
    pub fields: Option<Vec<Element>>,
    #[serde(default, rename = "enum")]
    pub enum_values: Option<Vec<EnumValue>>,
    #[serde(default, rename = "x-note")]
    pub x_note: Option<String>,
}
