//! The one intermediate representation between the specs and the emitters.
//!
//! It holds resolved Rust names, Rust types, wire names and documentation; it holds no
//! tokens and nothing of the YAML. Emitters read only this. Every list is in a stable order
//! (operations and shapes sorted by name; parameters and fields in documented order), so the
//! same specs always give byte-identical output.

use serde::Serialize;
use std::path::PathBuf;

/// Every service, sorted by vendor then service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ir {
    /// The services.
    pub services: Vec<Service>,
}

/// The protocol of a service: one vendor's wire style, implemented by one runtime module
/// (`crate::runtime::protocol::<Name>`). A service names it with `vendor` and `protocol`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Protocol {
    /// Alibaba Cloud RPC: `Action` and `Version` in the query, flat parameters.
    AliyunRpc,
    /// JD Cloud REST: path-templated JSON API with a `{requestId, result}` envelope.
    JdcloudRest,
}

impl Protocol {
    /// Every protocol the runtime implements.
    pub const ALL: &'static [Protocol] = &[Protocol::AliyunRpc, Protocol::JdcloudRest];

    /// The protocol of `vendor` with the API style `style` (service.yaml `protocol`).
    pub fn of(vendor: &str, style: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|p| p.vendor() == vendor && p.style() == style)
    }

    /// The vendor that speaks it (`aliyun`).
    pub fn vendor(self) -> &'static str {
        match self {
            Self::AliyunRpc => "aliyun",
            Self::JdcloudRest => "jdcloud",
        }
    }

    /// The API style as service.yaml spells it (`rpc`, `rest`).
    pub fn style(self) -> &'static str {
        match self {
            Self::AliyunRpc => "rpc",
            Self::JdcloudRest => "rest",
        }
    }

    /// Whether operations are path-templated (`http.path`, `in: path`) rather than sent to `/`.
    pub fn is_rest(self) -> bool {
        match self {
            Self::AliyunRpc => false,
            Self::JdcloudRest => true,
        }
    }

    /// The signing algorithms the protocol's services may accept.
    pub fn signers(self) -> &'static [Signer] {
        match self {
            Self::AliyunRpc => &[Signer::Acs3HmacSha256, Signer::HmacSha1],
            Self::JdcloudRest => &[Signer::Jdcloud2HmacSha256, Signer::Jdcloud3HmacSha256],
        }
    }

    /// The runtime's unit struct (`AliyunRpc`), under `crate::runtime::protocol`.
    pub fn runtime_name(self) -> &'static str {
        match self {
            Self::AliyunRpc => "AliyunRpc",
            Self::JdcloudRest => "JdcloudRest",
        }
    }

    /// `vendor protocol`, as messages name it (`aliyun rpc`).
    pub fn describe(self) -> String {
        format!("{} {}", self.vendor(), self.style())
    }
}

/// A signing algorithm the runtime implements (`crate::runtime::signing::Signer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Signer {
    /// Alibaba Cloud ACS3 (`acs3-hmac-sha256`).
    Acs3HmacSha256,
    /// Alibaba Cloud RPC signature V1 (`hmac-sha1`).
    HmacSha1,
    /// JD Cloud JDCLOUD2 (`jdcloud2-hmac-sha256`).
    Jdcloud2HmacSha256,
    /// JD Cloud JDCLOUD3 (`jdcloud3-hmac-sha256`).
    Jdcloud3HmacSha256,
}

impl Signer {
    /// Every signing algorithm the runtime implements.
    pub const ALL: &'static [Signer] =
        &[Signer::Acs3HmacSha256, Signer::HmacSha1, Signer::Jdcloud2HmacSha256, Signer::Jdcloud3HmacSha256];

    /// The algorithm service.yaml names `name`.
    pub fn from_spec_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.spec_name() == name)
    }

    /// The name service.yaml uses (`acs3-hmac-sha256`).
    pub fn spec_name(self) -> &'static str {
        match self {
            Self::Acs3HmacSha256 => "acs3-hmac-sha256",
            Self::HmacSha1 => "hmac-sha1",
            Self::Jdcloud2HmacSha256 => "jdcloud2-hmac-sha256",
            Self::Jdcloud3HmacSha256 => "jdcloud3-hmac-sha256",
        }
    }

    /// The runtime's variant (`Acs3HmacSha256`).
    pub fn runtime_name(self) -> &'static str {
        match self {
            Self::Acs3HmacSha256 => "Acs3HmacSha256",
            Self::HmacSha1 => "HmacSha1",
            Self::Jdcloud2HmacSha256 => "Jdcloud2HmacSha256",
            Self::Jdcloud3HmacSha256 => "Jdcloud3HmacSha256",
        }
    }
}

/// One service (`aliyun/ecs`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Service {
    /// Vendor module name (`aliyun`).
    pub vendor: String,
    /// Service module name (`ecs`).
    pub module: String,
    /// The spec folder as errors and headers name it (`specs/aliyun/ecs`).
    pub spec_dir: PathBuf,
    /// `service.yaml` as headers name it.
    pub spec_file: PathBuf,
    pub title: String,
    pub description: Option<String>,
    pub api_version: String,
    pub protocol: Protocol,
    pub feature: String,
    pub region_parameter: Option<String>,
    pub scheme: String,
    pub endpoint_pattern: String,
    /// Region → host, sorted by region.
    pub endpoint_regions: Vec<(String, String)>,
    pub signing_name: String,
    /// `signing.default`.
    pub signing_default: Signer,
    /// `signing.algorithms`, in spec order.
    pub signing_algorithms: Vec<Signer>,
    /// Sorted by name.
    pub operations: Vec<Operation>,
    /// Structs and enums, sorted by name (inline enums included).
    pub shapes: Vec<Shape>,
    /// Keys of wrapped arrays, sorted.
    pub wrapper_keys: Vec<String>,
}

/// One operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// The documented name (`DescribeImages`).
    pub name: String,
    /// The operation's spec file as headers name it.
    pub spec_file: PathBuf,
    /// Module and client method name (`describe_images`).
    pub method: String,
    /// The builder type (`DescribeImagesRequest`).
    pub request_type: String,
    /// The output type (`DescribeImagesOutput`).
    pub output_type: String,
    /// The hidden type of the `result` object of a REST answer (`DescribeImagesResult`).
    pub result_type: String,
    pub summary: String,
    pub description: Option<String>,
    /// The documentation page the spec was transcribed from, as `source.page` names it.
    pub source_page: String,
    /// The page's address, when the spec records it (`source.url`).
    pub source_url: Option<String>,
    /// The reference's group the page belongs to (`Security groups`, from the page's folder
    /// `aliyun-ecs/Security-groups/…`, or `x-group`).
    pub group: Option<String>,
    pub http_method: String,
    pub http_path: String,
    /// Whether repeating the call is safe (`x-idempotent`; by default, GET and HEAD).
    pub idempotent: bool,
    /// The wire name of the parameter that carries the documented client token, if any.
    pub idempotency_token: Option<String>,
    pub params: Vec<Param>,
    pub fields: Vec<Field>,
    pub pagination: Option<Pagination>,
    pub errors: Vec<ErrorCode>,
    /// The documented JSON sample responses.
    pub json_samples: Vec<String>,
}

/// A request parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    /// The wire name or prefix (`RegionId`, `Tag`, `SystemDisk`, `instanceSpec`).
    pub wire: String,
    /// The builder field and setter name (`region_id`, `tags`).
    pub rust: String,
    pub kind: ParamKind,
    /// Where the parameter travels.
    pub location: Location,
    pub required: bool,
    /// The documented client token of the operation (`idempotency_token: true`).
    pub idempotency_token: bool,
    /// A secret (`x-sensitive`): `Debug` redacts it.
    pub sensitive: bool,
    /// Whether a struct it holds has a secret member at any depth (`Debug` redacts those).
    pub holds_secret: bool,
    /// The identity (see [`Param::identity`]).
    pub key: String,
    pub docs: Docs,
}

impl Param {
    /// Whether `Debug` must hide any part of the value.
    pub fn has_secret(&self) -> bool {
        self.sensitive || self.holds_secret
    }

    /// Whether the value is substituted into the path template.
    pub fn in_path(&self) -> bool {
        self.location == Location::Path
    }

    /// The value's full Rust type (what the builder holds, without the `Option`).
    pub fn ty(&self) -> Type {
        match &self.kind {
            ParamKind::Simple(t) | ParamKind::Json(t) | ParamKind::Dotted(t) => t.clone(),
            ParamKind::Comma { item, .. } | ParamKind::Numbered(item) => Type::Vec(Box::new(item.clone())),
        }
    }
}

/// Where a request parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Location {
    /// The query string (RPC: every parameter).
    Query,
    /// A segment of the path template.
    Path,
    /// A member of the JSON request body (REST).
    Body,
    /// An HTTP header.
    Header,
}

impl Location {
    /// As specs spell it (`query`).
    pub fn spec_name(self) -> &'static str {
        match self {
            Self::Query => "query",
            Self::Path => "path",
            Self::Body => "body",
            Self::Header => "header",
        }
    }
}

/// How a parameter is written on the wire.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ParamKind {
    /// One value as is: a scalar in the query, path or a header; any value in the body.
    Simple(Type),
    /// Several values joined by commas; `plural` is the setter that takes many.
    Comma { item: Type, plural: String },
    /// The whole value (a list, a struct, a map) as one compact JSON text.
    Json(Type),
    /// A list numbered from 1 (`Name.N`); items that are structs or lists are flattened
    /// below it (`DataDisk.1.Size`, `NetworkInterface.1.SecurityGroupIds.1`). Holds the item type.
    Numbered(Type),
    /// A struct or map flattened with dots (`SystemDisk.Size`, `LaunchConfiguration.DataDisk.1.Size`).
    Dotted(Type),
}

/// A Rust type of a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Type {
    String,
    I32,
    I64,
    F64,
    Bool,
    /// A generated enum of the service.
    Enum(String),
    /// A generated struct of the service.
    Struct(String),
    /// A list.
    Vec(Box<Type>),
    /// A map with string keys (`BTreeMap<String, T>`).
    Map(Box<Type>),
}

/// A field of an output or a struct.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    pub wire: String,
    /// Rust field name, escaped if needed (`r#type`).
    pub rust: String,
    pub ty: Type,
    /// The wrapper key of a wrapped array.
    pub wrapper: Option<String>,
    /// A secret (`x-sensitive`): `Debug` redacts it.
    pub sensitive: bool,
    /// Must be set whenever the struct that holds it is sent (request structs).
    pub required: bool,
    pub docs: Docs,
}

/// Documentation of an element, ready to render.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Docs {
    pub description: Option<String>,
    pub example: Option<String>,
    pub default: Option<String>,
    /// Documented values and their meanings, when the type is an enum.
    pub values: Vec<(String, Option<String>)>,
    /// `Some` when deprecated: the documented notice, or empty.
    pub deprecated: Option<String>,
    /// Human notes on the element (`x-note`).
    pub note: Option<String>,
    /// The documented constraints (rendered as words in rustdoc, checked by the mock).
    pub limits: Limits,
}

/// The documented numeric and size constraints of an element (`minimum`, `maximum`,
/// `minLength`, `maxLength`, `maxItems`); `None` when not documented.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Limits {
    /// The smallest allowed value of a number.
    pub minimum: Option<f64>,
    /// The largest allowed value of a number.
    pub maximum: Option<f64>,
    /// The fewest characters of a string.
    pub min_length: Option<u64>,
    /// The most characters of a string.
    pub max_length: Option<u64>,
    /// The most items of a list (`Name.N` up to this N, or a JSON array's length).
    pub max_items: Option<u64>,
}

/// Paging of an operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pagination {
    /// Output field of the items.
    pub items: String,
    /// Type of one item.
    pub item_ty: Type,
    /// Page numbers or tokens.
    pub kind: PagingKind,
}

/// How an operation pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum PagingKind {
    /// PageNumber/PageSize/TotalCount.
    PageNumber {
        /// Builder field of the page number parameter.
        page_number: String,
        /// Output field of the total count.
        total_count: String,
        /// Type of the total count.
        total_count_ty: Type,
        /// The documented wire names.
        wire: PagingWire,
    },
    /// NextToken (and MaxResults).
    Token {
        /// Builder field of the token parameter.
        token: String,
        /// Output field of the next token.
        next_token: String,
        /// The documented wire names.
        wire: TokenWire,
    },
}

impl Pagination {
    /// The documented wire name of the items field.
    pub fn items_wire(&self) -> &str {
        match &self.kind {
            PagingKind::PageNumber { wire, .. } => &wire.items,
            PagingKind::Token { wire, .. } => &wire.items,
        }
    }
}

/// Wire names of the paging elements of a page-number operation, as its spec names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PagingWire {
    /// The page number request parameter (`PageNumber`).
    pub page_number: String,
    /// The page size request parameter (`PageSize`).
    pub page_size: String,
    /// The total count response field (`TotalCount`).
    pub total_count: String,
    /// The items response field (`Images`).
    pub items: String,
}

/// Wire names of the paging elements of a token-paged operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenWire {
    /// The token request parameter (`NextToken`).
    pub token: String,
    /// The next token response field (`NextToken`).
    pub next_token: String,
    /// The page size request parameter (`MaxResults`), when documented.
    pub max_results: Option<String>,
    /// The items response field (`NetworkInterfaceSets`).
    pub items: String,
}

/// A documented error code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorCode {
    pub status: u16,
    pub code: Option<String>,
    pub message: Option<String>,
    pub description: Option<String>,
    /// Pages document some code and status more than once, with different messages: then
    /// the message is part of the identity.
    pub repeated: bool,
}

/// A named struct or enum of a service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shape {
    /// The Rust type name.
    pub name: String,
    /// Module (file) name (`image`).
    pub module: String,
    /// The spec file that defines it, as headers name it.
    pub spec_file: PathBuf,
    pub description: Option<String>,
    pub kind: ShapeKind,
    /// A struct some request sends (it gets a builder and is written by the runtime).
    pub input: bool,
}

/// What a shape is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ShapeKind {
    Struct(Vec<Field>),
    Enum(Vec<Variant>),
}

/// An enum value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variant {
    pub wire: String,
    pub rust: String,
    pub description: Option<String>,
}

// Identities (specs/README.md, "Identity"): stable keys that do not depend on position in
// a file, so a semantic diff can pair the old and new versions of an element. Each is the
// element's key inside its parent; the full identity is the parent's followed by it.

impl Service {
    /// `<vendor>/<service>` (`aliyun/ecs`).
    pub fn identity(&self) -> String {
        format!("{}/{}", self.vendor, self.module)
    }

    /// The Rust path of the service module (`cloudsdk::aliyun::ecs`).
    pub fn rust_path(&self) -> String {
        format!("cloudsdk::{}::{}", self.vendor, self.module)
    }
}

impl Operation {
    /// The documented name (`DescribeImages`), unique in its service.
    pub fn identity(&self) -> String {
        self.name.clone()
    }
}

impl Param {
    /// The wire-name pattern (`RegionId`, `AdditionalAttributes.N`, `DataDisk.N`,
    /// `SystemDisk.*`); for a `numbered_group`, its members' patterns joined by `,`
    /// (`Tag.N.Key,Tag.N.Value`).
    pub fn identity(&self) -> String {
        self.key.clone()
    }
}

impl Field {
    /// The documented `name` (the wire name), unique in its output or struct.
    pub fn identity(&self) -> String {
        self.wire.clone()
    }
}

impl Shape {
    /// The documented `shape` name (the file stem of `shapes/<Name>.yaml`); for an enum
    /// hoisted from an inline `enum`, its Rust name `<Owner><Name>`, unique in the service.
    pub fn identity(&self) -> String {
        let in_shapes = self.spec_file.parent().and_then(|p| p.file_name()).is_some_and(|d| d == "shapes");
        match self.spec_file.file_stem().map(|s| s.to_string_lossy()) {
            // The shape the file defines (inline enums of its fields live in the same file).
            Some(stem) if in_shapes && crate::naming::type_name(&stem) == self.name => stem.into_owned(),
            _ => self.name.clone(),
        }
    }
}

impl Variant {
    /// The documented `value`, unique in its enum.
    pub fn identity(&self) -> String {
        self.wire.clone()
    }
}

impl ErrorCode {
    /// `code` and `status` (`InvalidRegionId.NotFound 404`; `- 500` without a code); for a
    /// code and status the page documents more than once, followed by `: <message>`.
    pub fn identity(&self) -> String {
        let base = format!("{} {}", self.code.as_deref().unwrap_or("-"), self.status);
        match (&self.message, self.repeated) {
            (Some(m), true) => format!("{base}: {m}"),
            _ => base,
        }
    }
}

impl Type {
    /// The Rust type as generated code writes it (`Vec<types::Image>` is `Vec<Image>`).
    pub fn rust(&self) -> String {
        match self {
            Type::String => "String".into(),
            Type::I32 => "i32".into(),
            Type::I64 => "i64".into(),
            Type::F64 => "f64".into(),
            Type::Bool => "bool".into(),
            Type::Enum(n) | Type::Struct(n) => n.clone(),
            Type::Vec(inner) => format!("Vec<{}>", inner.rust()),
            Type::Map(inner) => format!("BTreeMap<String, {}>", inner.rust()),
        }
    }
}
