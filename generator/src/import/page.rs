//! What a reference page says, read out of its layout and not yet interpreted.
//!
//! Each layout reader (`aliyun_md`, `aliyun_text`, `jdcloud_md`) fills a [`Page`]; the
//! builder (`build`) turns it into spec YAML. Text is already cleaned ([`super::clean`]):
//! Markdown escapes and HTML entities resolved, links in the vendors' internal forms reduced
//! to their text, lists normalised to `- item` lines.

/// The page layouts the importer knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// Alibaba Cloud API reference in Markdown, current template (`## Request parameters` /
    /// `## 请求参数` with an Example column), English or Chinese.
    AliyunMarkdown,
    /// Alibaba Cloud API reference in Markdown, the older template
    /// (`## Request parameters {#RequestParameter .section}`, `|Name|Type|Required|Description|`).
    AliyunMarkdownLegacy,
    /// The Alibaba Cloud doc-center plain-text rendering, where table cells run together
    /// (`RegionIdstringYes`), English or Chinese.
    AliyunText,
    /// JD Cloud API reference in Markdown, current template (`示例值` column, 是/否).
    JdcloudMarkdown,
    /// JD Cloud API reference in Markdown, the 2019 template (`默认值` column, True/False).
    Jdcloud2019,
}

impl Layout {
    /// Every layout, in the order errors list them.
    pub const ALL: [Layout; 5] = [
        Layout::AliyunMarkdown,
        Layout::AliyunMarkdownLegacy,
        Layout::AliyunText,
        Layout::JdcloudMarkdown,
        Layout::Jdcloud2019,
    ];

    /// A short description for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Layout::AliyunMarkdown => "Alibaba Cloud Markdown reference (current template, English or Chinese)",
            Layout::AliyunMarkdownLegacy => {
                "Alibaba Cloud Markdown reference (older `{#RequestParameter .section}` template)"
            }
            Layout::AliyunText => "Alibaba Cloud doc-center plain text (cells run together, English or Chinese)",
            Layout::JdcloudMarkdown => "JD Cloud Markdown reference (current template, 示例值 column)",
            Layout::Jdcloud2019 => "JD Cloud Markdown reference (2019 template, 默认值 column)",
        }
    }
}

/// The page's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    En,
    Zh,
}

impl Language {
    /// The spec's `source.language` value.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Zh => "zh",
        }
    }
}

/// Which vendor a page documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vendor {
    Aliyun,
    Jdcloud,
}

/// Where a JD Cloud parameter row was listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowPlace {
    /// In the table under the request address: a path parameter.
    Path,
    /// Under `请求参数` / `Request parameters`: query (GET/DELETE) or body (POST/PUT/PATCH)
    /// on JD Cloud; query on Alibaba Cloud.
    Parameters,
}

/// One row of a parameter or field table, cells cleaned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// The name as written, without Markdown emphasis (`Filter.N.Key`, `regionId`).
    pub name: String,
    /// The type cell as written after cleaning (`String`, `Array of String`, `Integer`,
    /// `String[]`, `Filter[]`, `object`); empty when the cell is empty.
    pub ty: String,
    /// JD Cloud: the structure a type cell links to or names (`Filter` for
    /// `[Filter[]](describeInstances#user-content-filter)`, `Result`).
    pub structure: Option<String>,
    /// The required cell: `Some(true)` for Yes/是/True, `Some(false)` for No/否/False,
    /// `None` when the table has no such column or the cell is empty.
    pub required: Option<bool>,
    /// The example cell (`None` when empty).
    pub example: Option<String>,
    /// The default-value cell of the JD 2019 template (`None` when empty).
    pub default: Option<String>,
    /// The description, cleaned Markdown (paragraphs, `- item` lists, code spans).
    pub description: String,
    /// Indentation depth where the layout shows it (the doc-center text's nesting is not
    /// shown; Markdown tables are flat): `None` when the layout does not say.
    pub depth: Option<usize>,
    /// 1-based line in the page where the row starts.
    pub line: usize,
}

/// A named sub-structure section (JD Cloud `### <div id="user-content-filter">Filter</div>`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Structure {
    pub name: String,
    pub rows: Vec<Row>,
    pub line: usize,
}

/// One documented error.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ErrorRow {
    pub status: Option<u16>,
    pub code: Option<String>,
    pub message: Option<String>,
    pub description: Option<String>,
    pub line: usize,
}

/// One sample response (or request body).
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// `json` or `xml`.
    pub format: String,
    /// The sample as written (code fence content, trailing whitespace trimmed).
    pub body: String,
}

/// Something the reader skipped or could not place, kept for the user.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub line: usize,
    pub message: String,
}

/// What a page documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The layout it was read as.
    pub layout: Layout,
    pub language: Language,
    /// The vendor, from the page (endpoint host, request address, product name).
    pub vendor: Vendor,
    /// The operation's name as the title or the Action parameter gives it
    /// (`DescribeImages`, `describeImageConstraints`).
    pub operation: String,
    /// The first paragraph under the title (JD: the `## 描述` section's first paragraph).
    pub summary: String,
    /// The operation description section (`## Description`, `## 接口说明`, `Operation
    /// description`), cleaned Markdown; `None` when the page has none.
    pub description: Option<String>,
    /// The HTTP method the page states (JD `## 请求方式`; the Alibaba pages do not state one).
    pub method: Option<String>,
    /// The request address (JD: `https://vm.jdcloud-api.com/v1/regions/{regionId}/...`;
    /// Alibaba: the host of the sample request, e.g. `https://ecs.aliyuncs.com/`).
    pub address: Option<String>,
    /// The API version when the page states it (OpenAPI Explorer link `version=2014-05-26`).
    pub api_version: Option<String>,
    /// The product code when the page states it (OpenAPI Explorer link `product=Ecs`).
    pub product: Option<String>,
    /// Request parameter rows, in page order, with where each was listed. The Alibaba
    /// `Action` row is kept (the builder drops it); JD path parameters come first.
    pub request: Vec<(RowPlace, Row)>,
    /// Response rows, in page order. Alibaba tables flatten nesting: a row's parent comes
    /// from the sample's shape (or table order) in the builder. JD: the top-level table.
    pub response: Vec<Row>,
    /// JD Cloud named structures (request and response sides), in page order.
    pub structures: Vec<Structure>,
    pub errors: Vec<ErrorRow>,
    /// The sample request as written (URL or HTTP), when the page has one.
    pub request_example: Option<String>,
    /// The JD sample request body (POST), when the page has one.
    pub request_body_example: Option<String>,
    /// Sample responses, in page order.
    pub response_examples: Vec<Sample>,
    /// Everything the reader met and could not use.
    pub warnings: Vec<Warning>,
}

impl Page {
    /// An empty page of `layout`, to be filled by a reader.
    pub fn new(layout: Layout, language: Language, vendor: Vendor) -> Page {
        Page {
            layout,
            language,
            vendor,
            operation: String::new(),
            summary: String::new(),
            description: None,
            method: None,
            address: None,
            api_version: None,
            product: None,
            request: Vec::new(),
            response: Vec::new(),
            structures: Vec::new(),
            errors: Vec::new(),
            request_example: None,
            request_body_example: None,
            response_examples: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Records a warning at `line`.
    pub fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Warning { line, message: message.into() });
    }
}

/// Why a page could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}
