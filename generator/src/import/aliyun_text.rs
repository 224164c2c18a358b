//! The Alibaba Cloud doc-center plain-text rendering: what a reader gets by copying a
//! reference page out of the browser. English or Chinese.
//!
//! The rendering keeps the page's words and loses its structure: headings are bare lines
//! (`Request parameters`, `请求参数`), table cells run together (the header
//! `ParameterTypeRequiredDescriptionExample`, a row `RegionIdstringYes` followed by its
//! description paragraphs and then its example on the line just before the next row),
//! nesting in the response table is not shown, samples are not fenced, and error rows glue
//! status, code, message and description (`400InvalidParameterThe specified…`). The reader
//! recovers what it can and leaves a [`Warning`](super::page::Warning) wherever it guessed or
//! skipped.
//!
//! Nothing here indexes text by byte position except at positions found by searching the
//! same text, so multi-byte text (Chinese, NBSP) and any damage never panic.

use super::clean;
use super::page::{ErrorRow, Language, Layout, Page, ReadError, Row, RowPlace, Sample, Vendor};

/// Whether `text` looks like the plain-text rendering: a run-together column header
/// (`ParameterTypeRequiredDescriptionExample`, `名称类型必填描述示例值`) and no Markdown
/// table or heading around it.
pub fn detect(text: &str) -> bool {
    let mut header = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('|') && t.matches('|').count() >= 2 {
            return false;
        }
        if t.starts_with("## ") || t.starts_with("```") {
            return false;
        }
        if !header && columns(&normalise(t)).is_some() {
            header = true;
        }
    }
    header
}

/// Reads a page of this layout.
pub fn read(text: &str) -> Result<Page, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<Line> = text
        .lines()
        .enumerate()
        .map(|(i, raw)| {
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            Line { raw, norm: normalise(raw), no: i + 1 }
        })
        .collect();
    let sections = split_sections(&lines);
    let language = language(&lines, &sections);
    let mut page = Page::new(Layout::AliyunText, language, Vendor::Aliyun);
    for w in &sections.warnings {
        page.warn(w.0, w.1.clone());
    }

    let mut seen_request = false;
    let mut seen_response = false;
    let mut seen_examples = false;
    for s in &sections.list {
        let body = &lines[s.start..s.end];
        match s.kind {
            Kind::Preamble => preamble(&mut page, body),
            Kind::OpDescription => {
                let d = description(body);
                if !d.is_empty() {
                    page.description = Some(match page.description.take() {
                        Some(prev) if !prev.is_empty() => format!("{prev}\n\n{d}"),
                        _ => d,
                    });
                }
            }
            Kind::RequestParams => {
                seen_request = true;
                table(&mut page, body, s.line, true);
            }
            Kind::ResponseParams => {
                seen_response = true;
                table(&mut page, body, s.line, false);
            }
            Kind::Examples => {
                seen_examples = true;
                examples(&mut page, body);
            }
            Kind::ErrorCodes => errors(&mut page, body, s.line),
            Kind::Skip | Kind::Unknown => {}
        }
    }
    scan_version(&mut page, &lines);
    if page.operation.is_empty() {
        fallback_operation(&mut page);
    }
    if page.operation.is_empty() {
        return Err(ReadError {
            line: None,
            message: "no operation name found (no `Service:Operation` title, no operation name line, \
                      no Action parameter or Action= in a sample request)"
                .into(),
        });
    }
    let last = lines.iter().rev().find(|l| !l.norm.trim().is_empty()).map_or(0, |l| l.no);
    if !seen_request {
        page.warn(last, "the page has no request parameters section (cut off?)");
    }
    if !seen_response {
        page.warn(last, "the page has no response parameters section (cut off?)");
    }
    if !seen_examples {
        page.warn(last, "the page has no examples section (cut off?)");
    }
    Ok(page)
}

/// One line of the page: as written (line ending removed), and normalised for recognising
/// structure (entities resolved, NBSP and ideographic spaces made spaces, zero-width
/// characters dropped).
struct Line<'a> {
    raw: &'a str,
    norm: String,
    no: usize,
}

impl Line<'_> {
    fn t(&self) -> &str {
        self.norm.trim()
    }
    fn blank(&self) -> bool {
        self.t().is_empty()
    }
}

fn normalise(raw: &str) -> String {
    clean::entities(raw)
        .replace(['\u{a0}', '\u{3000}', '\u{2002}', '\u{2003}', '\u{2009}'], " ")
        .replace(['\u{200b}', '\u{200c}', '\u{200d}', '\u{feff}'], "")
}

// ---------------------------------------------------------------------------------------
// Headings and sections

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Heading {
    OpDescription,
    /// `Description` / `描述`: the operation description, or a sub-heading inside it.
    DescriptionWord,
    Debugging,
    Authorization,
    RequestSyntax,
    RequestParams,
    ResponseParams,
    Examples,
    SampleRequest,
    SampleSuccess,
    SampleError,
    FormatJson,
    FormatXml,
    ErrorCodes,
    ChangeHistory,
    Limits,
}

impl Heading {
    /// Headings that sit inside the examples section.
    fn in_examples(self) -> bool {
        matches!(
            self,
            Heading::SampleRequest
                | Heading::SampleSuccess
                | Heading::SampleError
                | Heading::FormatJson
                | Heading::FormatXml
        )
    }
}

/// Heading texts, lowercased with whitespace removed; `true` for Chinese.
const HEADINGS: &[(&str, Heading, bool)] = &[
    ("operationdescription", Heading::OpDescription, false),
    ("usagenotes", Heading::OpDescription, false),
    ("description", Heading::DescriptionWord, false),
    ("接口说明", Heading::OpDescription, true),
    ("描述", Heading::DescriptionWord, true),
    ("debugging", Heading::Debugging, false),
    ("调试", Heading::Debugging, true),
    ("authorizationinformation", Heading::Authorization, false),
    ("授权信息", Heading::Authorization, true),
    ("requestsyntax", Heading::RequestSyntax, false),
    ("请求语法", Heading::RequestSyntax, true),
    ("requestparameters", Heading::RequestParams, false),
    ("请求参数", Heading::RequestParams, true),
    ("responseparameters", Heading::ResponseParams, false),
    ("responseelements", Heading::ResponseParams, false),
    ("返回参数", Heading::ResponseParams, true),
    ("返回数据", Heading::ResponseParams, true),
    ("返回结果", Heading::ResponseParams, true),
    ("examples", Heading::Examples, false),
    ("example", Heading::Examples, false),
    ("示例", Heading::Examples, true),
    ("samplerequests", Heading::SampleRequest, false),
    ("samplerequest", Heading::SampleRequest, false),
    ("requestexample", Heading::SampleRequest, false),
    ("请求示例", Heading::SampleRequest, true),
    ("samplesuccessresponses", Heading::SampleSuccess, false),
    ("samplesuccessresponse", Heading::SampleSuccess, false),
    ("sampleresponses", Heading::SampleSuccess, false),
    ("正常返回示例", Heading::SampleSuccess, true),
    ("返回示例", Heading::SampleSuccess, true),
    ("sampleerrorresponses", Heading::SampleError, false),
    ("sampleerrorresponse", Heading::SampleError, false),
    ("异常返回示例", Heading::SampleError, true),
    ("错误返回示例", Heading::SampleError, true),
    ("jsonformat", Heading::FormatJson, false),
    ("json格式", Heading::FormatJson, true),
    ("xmlformat", Heading::FormatXml, false),
    ("xml格式", Heading::FormatXml, true),
    ("errorcodes", Heading::ErrorCodes, false),
    ("错误码", Heading::ErrorCodes, true),
    ("changehistory", Heading::ChangeHistory, false),
    ("变更历史", Heading::ChangeHistory, true),
    ("qpslimits", Heading::Limits, false),
    ("qps限制", Heading::Limits, true),
    ("流控信息", Heading::Limits, true),
];

/// The heading `line` is, allowing small typos in the longer ones; `true` for Chinese.
fn heading(line: &str) -> Option<(Heading, bool)> {
    let t = line.trim();
    if t.is_empty() || t.chars().count() > 40 {
        return None;
    }
    let key: String = t.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    let key = key.trim_end_matches([':', '：']);
    if let Some(&(_, h, zh)) = HEADINGS.iter().find(|(k, _, _)| *k == key) {
        return Some((h, zh));
    }
    let key: Vec<char> = key.chars().collect();
    let mut best: Option<(usize, Heading, bool)> = None;
    for &(k, h, zh) in HEADINGS {
        let k: Vec<char> = k.chars().collect();
        let allowed = match (zh, k.len()) {
            (true, n) if n >= 4 => 1,
            (false, n) if n >= 12 => 2,
            (false, n) if n >= 8 => 1,
            _ => 0,
        };
        if allowed == 0 || key.len().abs_diff(k.len()) > allowed {
            continue;
        }
        let d = distance(&key, &k);
        if d <= allowed && best.is_none_or(|b| d < b.0) {
            best = Some((d, h, zh));
        }
    }
    best.map(|(_, h, zh)| (h, zh))
}

/// Levenshtein distance.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Preamble,
    OpDescription,
    RequestParams,
    ResponseParams,
    Examples,
    ErrorCodes,
    /// A known section the importer has no use for (debugging, authorization, change history).
    Skip,
    /// A section the reader does not know, skipped with a warning.
    Unknown,
}

struct SectionSpan {
    kind: Kind,
    /// 1-based line of the heading (1 for the preamble).
    line: usize,
    /// Indices into the page's lines, heading excluded.
    start: usize,
    end: usize,
}

struct Sections {
    list: Vec<SectionSpan>,
    zh_headings: usize,
    en_headings: usize,
    warnings: Vec<(usize, String)>,
}

/// A short line set off by blank lines that reads like a title: where a section may start,
/// an unknown one.
fn heading_like(lines: &[Line], i: usize) -> bool {
    let Some(l) = lines.get(i) else { return false };
    let t = l.t();
    let before = i == 0 || lines.get(i - 1).is_none_or(Line::blank);
    let after = lines.get(i + 1).is_none_or(Line::blank);
    if !before || !after || t.is_empty() || t.chars().count() > 40 || t.split_whitespace().count() > 6 {
        return false;
    }
    let Some(first) = t.chars().next() else { return false };
    if !(first.is_ascii_uppercase() || is_cjk(first)) {
        return false;
    }
    t.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '&' || c == '\'' || c == '(' || c == ')')
        && row_head(t, false).is_none()
}

fn split_sections(lines: &[Line]) -> Sections {
    let mut out = Sections { list: Vec::new(), zh_headings: 0, en_headings: 0, warnings: Vec::new() };
    let mut kind = Kind::Preamble;
    let mut line = 1;
    let mut start: usize = 0;
    for (i, l) in lines.iter().enumerate() {
        let t = l.t();
        let next = match heading(t) {
            Some((h, _)) if h.in_examples() => (kind != Kind::Examples).then_some(Kind::Examples),
            Some((Heading::DescriptionWord, _)) => match kind {
                Kind::Preamble | Kind::Skip | Kind::Unknown => Some(Kind::OpDescription),
                _ => None,
            },
            Some((h, _)) => Some(match h {
                Heading::OpDescription => Kind::OpDescription,
                Heading::RequestParams => Kind::RequestParams,
                Heading::ResponseParams => Kind::ResponseParams,
                Heading::Examples => Kind::Examples,
                Heading::ErrorCodes => Kind::ErrorCodes,
                _ => Kind::Skip,
            }),
            None => {
                let watch = matches!(kind, Kind::Examples | Kind::ErrorCodes | Kind::Unknown)
                    || (kind == Kind::Skip
                        && lines
                            .get(start.saturating_sub(1))
                            .and_then(|h| heading(h.t()))
                            .is_some_and(|h| h.0 == Heading::Debugging));
                if watch && heading_like(lines, i) && !inside_sample(lines, start, i) {
                    out.warnings.push((l.no, format!("unknown section `{t}` skipped")));
                    Some(Kind::Unknown)
                } else {
                    None
                }
            }
        };
        if let Some((h, zh)) = heading(t) {
            if next.is_some() || h.in_examples() {
                if zh {
                    out.zh_headings += 1;
                } else {
                    out.en_headings += 1;
                }
            }
        }
        if let Some(next) = next {
            out.list.push(SectionSpan { kind, line, start, end: i });
            // A sample heading opens the examples section without being consumed by it.
            let keep = heading(t).is_some_and(|h| h.0.in_examples());
            kind = next;
            line = l.no;
            start = if keep { i } else { i + 1 };
        }
    }
    out.list.push(SectionSpan { kind, line, start, end: lines.len() });
    out
}

/// Whether line `i` of an examples section lies inside an unfinished JSON or XML sample.
fn inside_sample(lines: &[Line], start: usize, i: usize) -> bool {
    let mut j = start;
    while j < i {
        let t = lines.get(j).map_or("", Line::t);
        if t.starts_with('{') || t.starts_with('[') || t.starts_with('<') {
            match sample_end(lines, j, i) {
                Some(end) => j = end,
                None => return true,
            }
        } else {
            j += 1;
        }
    }
    false
}

fn language(lines: &[Line], s: &Sections) -> Language {
    if s.zh_headings > s.en_headings {
        return Language::Zh;
    }
    if s.en_headings > s.zh_headings {
        return Language::En;
    }
    if lines.iter().any(|l| columns(l.t()).is_some_and(|c| c.zh)) {
        return Language::Zh;
    }
    let cjk = lines.iter().flat_map(|l| l.norm.chars()).filter(|&c| is_cjk(c)).count();
    let letters = lines.iter().flat_map(|l| l.norm.chars()).filter(char::is_ascii_alphabetic).count();
    if cjk * 3 > letters {
        Language::Zh
    } else {
        Language::En
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

// ---------------------------------------------------------------------------------------
// Title, summary, description

/// Lines of the site around the page, dropped.
const NOISE: &[&str] = &[
    "all products",
    "search",
    "document center",
    "documentation",
    "home",
    "contact us",
    "feedback",
    "help center",
    "console",
    "log in",
    "sign up",
    "free trial",
    "english",
    "中文",
    "全部产品",
    "搜索",
    "文档中心",
    "首页",
    "控制台",
    "登录",
    "注册",
    "免费试用",
    "联系我们",
    "我的收藏",
    "复制链接",
    "copy link",
    "on this page",
    "本页目录",
];

fn is_noise(t: &str) -> bool {
    let lower = t.to_lowercase();
    NOISE.contains(&lower.as_str())
        || lower.starts_with("last updated")
        || lower.starts_with("updated at")
        || t.starts_with("更新时间")
        || t.starts_with("最后更新")
        || t.starts_with("发布时间")
}

/// An operation name: ASCII, starts with a letter, letters and digits only.
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric())
}

/// A line that is an operation's name by itself: an identifier in UpperCamelCase with at
/// least two words (`DescribeImages`, not `Search`).
fn is_operation_line(t: &str) -> bool {
    is_identifier(t)
        && t.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && t.chars().filter(char::is_ascii_uppercase).count() >= 2
        && t.chars().any(|c| c.is_ascii_lowercase())
}

/// The operation a title line names: `Elastic Compute Service:DescribeImages`,
/// `DescribeImages - 查询镜像`, `DescribeImages`.
fn title_operation(t: &str) -> Option<String> {
    if let Some(i) = t.rfind([':', '：']) {
        let rhs = t.get(i..).unwrap_or("").trim_start_matches([':', '：']).trim();
        if is_operation_line(rhs) {
            return Some(rhs.to_owned());
        }
    }
    for sep in [" - ", " – ", " — "] {
        if let Some((lhs, _)) = t.split_once(sep) {
            if is_operation_line(lhs.trim()) {
                return Some(lhs.trim().to_owned());
            }
        }
    }
    is_operation_line(t).then(|| t.to_owned())
}

fn preamble(page: &mut Page, body: &[Line]) {
    let mut start = 0;
    if let Some(i) = body.iter().position(|l| !is_noise(l.t()) && title_operation(l.t()).is_some()) {
        page.operation = title_operation(body[i].t()).unwrap_or_default();
        start = i + 1;
    } else if let Some(i) = body.iter().rposition(|l| is_noise(l.t())) {
        start = i + 1;
    }
    let rest: Vec<&Line> = body.get(start..).unwrap_or(&[]).iter().filter(|l| !is_noise(l.t())).collect();
    let paragraphs = paragraphs(&rest);
    let mut it = paragraphs.into_iter();
    if let Some(first) = it.next() {
        page.summary = clean::text(&first);
    }
    let more: Vec<String> = it.map(|p| clean::text(&p)).filter(|p| !p.is_empty()).collect();
    if !more.is_empty() {
        page.description = Some(more.join("\n\n"));
    }
}

/// Blocks of lines separated by blank lines, joined with line breaks.
fn paragraphs(lines: &[&Line]) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for l in lines {
        if l.blank() {
            if !cur.is_empty() {
                out.push(cur.join("\n"));
                cur.clear();
            }
        } else {
            cur.push(&l.norm);
        }
    }
    if !cur.is_empty() {
        out.push(cur.join("\n"));
    }
    out
}

/// The operation description: its text cleaned, a leading `Description` sub-heading dropped.
fn description(body: &[Line]) -> String {
    let mut lines: Vec<&str> = body.iter().map(|l| l.norm.as_str()).collect();
    if let Some(i) = lines.iter().position(|l| !l.trim().is_empty()) {
        if heading(lines[i]).is_some_and(|h| h.0 == Heading::DescriptionWord) {
            lines.remove(i);
        }
    }
    clean::text(&lines.join("\n"))
}

// ---------------------------------------------------------------------------------------
// Parameter tables

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Name,
    Type,
    Required,
    Description,
    Example,
    Default,
}

/// A run-together column header.
#[derive(Debug, Clone, PartialEq)]
struct Columns {
    cols: Vec<Col>,
    zh: bool,
}

impl Columns {
    fn has(&self, c: Col) -> bool {
        self.cols.contains(&c)
    }
}

const COLUMN_WORDS: &[(&str, Col, bool)] = &[
    ("parametername", Col::Name, false),
    ("parameter", Col::Name, false),
    ("name", Col::Name, false),
    ("field", Col::Name, false),
    ("type", Col::Type, false),
    ("datatype", Col::Type, false),
    ("required", Col::Required, false),
    ("description", Col::Description, false),
    ("examplevalue", Col::Example, false),
    ("example", Col::Example, false),
    ("defaultvalue", Col::Default, false),
    ("default", Col::Default, false),
    ("参数名称", Col::Name, true),
    ("参数名", Col::Name, true),
    ("名称", Col::Name, true),
    ("参数", Col::Name, true),
    ("字段", Col::Name, true),
    ("类型", Col::Type, true),
    ("数据类型", Col::Type, true),
    ("是否必选", Col::Required, true),
    ("是否必填", Col::Required, true),
    ("必选", Col::Required, true),
    ("必填", Col::Required, true),
    ("描述", Col::Description, true),
    ("说明", Col::Description, true),
    ("示例值", Col::Example, true),
    ("示例", Col::Example, true),
    ("默认值", Col::Default, true),
];

/// The columns a run-together header line names (`ParameterTypeRequiredDescriptionExample`),
/// or `None` when the line is not such a header. It must name a name and a type column
/// and at least one more.
fn columns(line: &str) -> Option<Columns> {
    let key: String = line.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    if key.is_empty() || key.len() > 120 {
        return None;
    }
    let mut rest = key.as_str();
    let mut cols = Vec::new();
    let mut zh = false;
    while !rest.is_empty() {
        let best = COLUMN_WORDS.iter().filter(|(w, _, _)| rest.starts_with(w)).max_by_key(|(w, _, _)| w.len())?;
        cols.push(best.1);
        zh |= best.2;
        rest = rest.get(best.0.len()..)?;
    }
    let ok = cols.first() == Some(&Col::Name) && cols.contains(&Col::Type) && cols.len() >= 3;
    ok.then_some(Columns { cols, zh })
}

/// The type words a row's type cell may hold.
const TYPE_WORDS: &[&str] =
    &["string", "integer", "long", "boolean", "object", "array", "float", "double", "int32", "int64", "number", "map"];

/// The type word `s` ends with, longest first: `array<object>`, `object []`, `string`.
fn type_suffixes(s: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    // `array<…>`
    if s.ends_with('>') {
        if let Some(i) = s.rfind("array<") {
            let inner = s.get(i + 6..s.len() - 1).unwrap_or("");
            let inner_ok =
                !inner.is_empty() && inner.split(['<', '>']).filter(|w| !w.is_empty()).all(|w| TYPE_WORDS.contains(&w));
            if inner_ok {
                out.push(s.get(i..).unwrap_or(""));
            }
        }
    }
    for w in TYPE_WORDS {
        for form in [format!("{w} []"), format!("{w}[]")] {
            if s.ends_with(&form) {
                out.push(s.get(s.len() - form.len()..).unwrap_or(""));
            }
        }
        if s.ends_with(w) {
            out.push(s.get(s.len() - w.len()..).unwrap_or(""));
        }
    }
    out.retain(|t| !t.is_empty());
    out.sort_by_key(|t| std::cmp::Reverse(t.len()));
    out
}

/// A parameter name: ASCII letters, digits, `_ . - $`, starting with a letter or `_`.
fn is_param_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '$'))
}

/// The head of a row, split out of its run-together cells.
#[derive(Debug, Clone, PartialEq)]
struct RowHead {
    name: String,
    ty: String,
    required: Option<bool>,
    /// Cells after the required one when the cells are tab-separated.
    cells: Vec<String>,
}

fn required_word(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "yes" | "是" | "true" | "必填" | "必选" => Some(true),
        "no" | "否" | "false" | "可选" => Some(false),
        _ => None,
    }
}

/// Splits `RegionIdstringYes` into name, type and required (`with_required`: the table has
/// a required column). The name is what is left before the longest type word the line ends
/// with (after the required word); a bare type word is a nameless row.
fn row_head(line: &str, with_required: bool) -> Option<RowHead> {
    let t = line.trim();
    if t.is_empty() || t.chars().count() > 160 {
        return None;
    }
    if t.contains('\t') {
        let cells: Vec<String> = t.split('\t').map(|c| c.trim().to_owned()).collect();
        let name = cells.first()?;
        let ty = cells.get(1)?;
        if !(name.is_empty() || is_param_name(name)) || type_suffixes(ty).first() != Some(&ty.as_str()) {
            return None;
        }
        let (required, skip) = match (with_required, cells.get(2).map(|c| required_word(c))) {
            (true, Some(r)) => (r, 3),
            _ => (None, 2),
        };
        let rest = cells.iter().skip(skip).filter(|c| !c.is_empty()).cloned().collect();
        return Some(RowHead { name: name.clone(), ty: ty.clone(), required, cells: rest });
    }
    let mut attempts: Vec<(&str, Option<bool>)> = Vec::new();
    if with_required {
        for (word, value) in [("Yes", true), ("No", false), ("是", true), ("否", false)] {
            if let Some(head) = t.strip_suffix(word) {
                attempts.push((head.trim_end(), Some(value)));
            }
        }
    }
    attempts.push((t, None));
    for (head, required) in attempts {
        for ty in type_suffixes(head) {
            let name = head.get(..head.len() - ty.len()).unwrap_or("");
            if name.is_empty() || is_param_name(name) {
                return Some(RowHead { name: name.to_owned(), ty: ty.to_owned(), required, cells: Vec::new() });
            }
        }
    }
    None
}

fn is_container(ty: &str) -> bool {
    ty.starts_with("object") || ty.starts_with("array") || ty.starts_with("map") || ty.ends_with("[]")
}

fn is_bullet(t: &str) -> bool {
    let t = t.trim_start();
    ["• ", "- ", "* ", "·", "●", "◦ "].iter().any(|b| t.starts_with(b))
}

/// Whether a line reads as a value (an example) rather than prose.
fn looks_like_value(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty() || is_bullet(t) || t.chars().count() > 200 {
        return false;
    }
    let lower = t.to_lowercase();
    let prose =
        ["note", "default", "valid values", "valid value", "unit:", "说明", "注意", "默认值", "取值范围", "单位"];
    if prose.iter().any(|p| lower.starts_with(p)) {
        return false;
    }
    let last = t.chars().last().unwrap_or(' ');
    if matches!(last, '.' | '。' | ':' | '：' | ';' | '；' | ',' | '，' | '!' | '！' | '?' | '？') {
        // `1.0.` is prose, but a short token with no space (`example.com.`) may be a value.
        return !t.contains(' ') && t.chars().count() <= 32 && !t.chars().any(is_cjk);
    }
    true
}

/// Reads a request (`request`) or response parameter table.
fn table(page: &mut Page, body: &[Line], heading_line: usize, request: bool) {
    let header = body.iter().position(|l| columns(l.t()).is_some());
    let (cols, first) = match header.and_then(|i| columns(body[i].t()).map(|c| (c, i + 1))) {
        Some(found) => found,
        None => {
            let cols = if request {
                vec![Col::Name, Col::Type, Col::Required, Col::Description, Col::Example]
            } else {
                vec![Col::Name, Col::Type, Col::Description, Col::Example]
            };
            page.warn(heading_line, "no column header line under this heading; columns assumed");
            (Columns { cols, zh: false }, 0)
        }
    };
    let skipped: Vec<&Line> =
        body.get(..first.saturating_sub(1)).unwrap_or(&[]).iter().filter(|l| !l.blank()).collect();
    if let Some(l) = skipped.first() {
        page.warn(l.no, format!("text before the table skipped: `{}`", l.t()));
    }
    let body = body.get(first..).unwrap_or(&[]);
    let with_required = cols.has(Col::Required);
    let example_first = match (
        cols.cols.iter().position(|&c| c == Col::Example),
        cols.cols.iter().position(|&c| c == Col::Description),
    ) {
        (Some(e), Some(d)) => e < d,
        _ => false,
    };
    let blank_style = body.iter().any(Line::blank);

    // Row heads, with the lines each one owns.
    let heads: Vec<(usize, RowHead)> =
        body.iter().enumerate().filter_map(|(i, l)| row_head(l.t(), with_required).map(|h| (i, h))).collect();
    if heads.is_empty() {
        if body.iter().any(|l| !l.blank()) {
            page.warn(heading_line, "no rows found in this table");
        }
        return;
    }
    if let Some(l) = body.get(..heads[0].0).unwrap_or(&[]).iter().find(|l| !l.blank()) {
        page.warn(l.no, format!("text before the first row skipped: `{}`", l.t()));
    }

    // A line that splits as a row but sits where the previous row's example goes (after a
    // blank line, owning nothing, the previous row scalar with a description and no example
    // yet) is that example.
    let mut rows: Vec<(usize, RowHead, Vec<usize>)> = Vec::new();
    let mut k = 0;
    while k < heads.len() {
        let (i, head) = &heads[k];
        let end = heads.get(k + 1).map_or(body.len(), |h| h.0);
        let mut owned: Vec<usize> = (i + 1..end).collect();
        if !blank_style || !head.cells.is_empty() {
            rows.push((*i, head.clone(), owned));
            k += 1;
            continue;
        }
        // Absorb following heads that are examples of this row.
        let mut next = k + 1;
        while let Some((j, cand)) = heads.get(next) {
            let desc_so_far = owned.iter().any(|&o| !body[o].blank());
            let last_nonblank_is_desc_end = owned.last().is_some_and(|&o| body[o].blank());
            let cand_end = heads.get(next + 1).map_or(body.len(), |h| h.0);
            let cand_owns_nothing = (j + 1..cand_end).all(|o| body[o].blank());
            let cand_followed_directly = heads.get(next + 1).is_some_and(|h| h.0 == j + 1) || cand_end == body.len();
            if !is_container(&head.ty)
                && !is_container(&cand.ty)
                && desc_so_far
                && last_nonblank_is_desc_end
                && cand_owns_nothing
                && cand_followed_directly
            {
                page.warn(
                    body[*j].no,
                    format!(
                        "`{}` splits as a row (`{}` {}) but stands where the example of `{}` goes; read as that example",
                        body[*j].t(),
                        cand.name,
                        cand.ty,
                        head.name
                    ),
                );
                owned.extend(*j..cand_end);
                next += 1;
            } else {
                break;
            }
        }
        rows.push((*i, head.clone(), owned));
        k = next;
    }

    let mut first_row = true;
    let mut previous_ty: Option<String> = None;
    let count = rows.len();
    for (n, (i, head, owned)) in rows.into_iter().enumerate() {
        let line_no = body[i].no;
        let next_is_row = n + 1 < count;
        let (description, example) = if head.cells.is_empty() {
            cell_texts(body, &owned, next_is_row, blank_style, example_first)
        } else {
            let mut cells = head.cells.clone();
            let ex = if example_first { (!cells.is_empty()).then(|| cells.remove(0)) } else { None };
            let ex = ex.or_else(|| (cells.len() > 1).then(|| cells.pop()).flatten());
            (clean::text(&cells.join("\n")), ex.map(|e| clean::inline(&e)).filter(|e| !e.is_empty()))
        };
        let is_root = first_row && !request && head.name.is_empty() && is_container(&head.ty);
        first_row = false;
        // The item row of an array (`array<object>` then a nameless `object`) names nothing.
        let is_item =
            head.name.is_empty() && previous_ty.as_deref().is_some_and(|t| t.starts_with("array") || t.ends_with("[]"));
        previous_ty = Some(head.ty.clone());
        if is_root || is_item {
            continue;
        }
        if head.name.is_empty() {
            page.warn(line_no, format!("a `{}` row without a name skipped", head.ty));
            continue;
        }
        if n + 1 == count && description.is_empty() && example.is_none() && !is_container(&head.ty) {
            page.warn(line_no, format!("row `{}` has no description (page cut off?)", head.name));
        }
        let row = Row {
            name: head.name,
            ty: head.ty,
            structure: None,
            required: head.required,
            example,
            default: None,
            description,
            depth: None,
            line: line_no,
        };
        if request {
            page.request.push((RowPlace::Parameters, row));
        } else {
            page.response.push(row);
        }
    }
}

/// The description and the example in the lines a row owns. The example is the last line
/// when it is not a list item and either it runs straight into the next row (the rendering
/// sets descriptions off by blank lines, examples not) or it reads as a value.
fn cell_texts(
    body: &[Line],
    owned: &[usize],
    next_is_row: bool,
    blank_style: bool,
    example_first: bool,
) -> (String, Option<String>) {
    let mut content: Vec<usize> = owned.to_vec();
    while content.last().is_some_and(|&o| body[o].blank()) {
        content.pop();
    }
    while content.first().is_some_and(|&o| body[o].blank()) {
        content.remove(0);
    }
    if content.is_empty() {
        return (String::new(), None);
    }
    let nonblank = content.iter().filter(|&&o| !body[o].blank()).count();
    let mut example = None;
    if example_first {
        if let Some(&f) = content.first() {
            if nonblank > 1 && looks_like_value(body[f].t()) {
                example = Some(clean::inline(body[f].t()));
                content.remove(0);
            }
        }
    } else if let Some(&last) = content.last() {
        let t = body[last].t();
        let directly = blank_style && next_is_row && owned.last() == Some(&last);
        let is_example = if is_bullet(t) {
            false
        } else if nonblank == 1 {
            directly && looks_like_value(t) && !t.contains(' ')
        } else if directly {
            true
        } else {
            looks_like_value(t)
        };
        if is_example {
            example = Some(clean::inline(t)).filter(|e| !e.is_empty());
            content.pop();
        }
    }
    let text: Vec<&str> = content.iter().map(|&o| body[o].norm.as_str()).collect();
    (clean::text(&text.join("\n")), example)
}

// ---------------------------------------------------------------------------------------
// Examples

/// The index one past the last line of the JSON or XML sample starting at line `start`, or
/// `None` when it does not end before `limit`.
fn sample_end(lines: &[Line], start: usize, limit: usize) -> Option<usize> {
    let first = lines.get(start)?.t();
    if first.starts_with('<') {
        xml_end(lines, start, limit)
    } else {
        json_end(lines, start, limit)
    }
}

fn json_end(lines: &[Line], start: usize, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escape = false;
    let mut opened = false;
    for (i, line) in lines.iter().enumerate().take(limit).skip(start) {
        for c in line.norm.chars() {
            if in_string {
                match (escape, c) {
                    (true, _) => escape = false,
                    (false, '\\') => escape = true,
                    (false, '"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '{' | '[' => {
                    depth += 1;
                    opened = true;
                }
                '}' | ']' => {
                    depth = depth.saturating_sub(1);
                    if opened && depth == 0 {
                        return Some(i + 1);
                    }
                }
                _ => {}
            }
        }
        // A string does not run over a line break in a pretty-printed sample.
        in_string = false;
        escape = false;
    }
    None
}

fn xml_end(lines: &[Line], start: usize, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut opened = false;
    for (i, line) in lines.iter().enumerate().take(limit).skip(start) {
        let mut rest = line.norm.as_str();
        while let Some(p) = rest.find('<') {
            let tag = rest.get(p..).unwrap_or("");
            let (close, skip) = if tag.starts_with("<?") {
                (tag.find("?>").map(|e| e + 2), true)
            } else if tag.starts_with("<!--") {
                (tag.find("-->").map(|e| e + 3), true)
            } else if tag.starts_with("<!") {
                (tag.find('>').map(|e| e + 1), true)
            } else {
                (tag.find('>').map(|e| e + 1), false)
            };
            let Some(close) = close else { break };
            let inner = tag.get(..close).unwrap_or("");
            if !skip {
                if inner.starts_with("</") {
                    depth = depth.saturating_sub(1);
                    if opened && depth == 0 {
                        return Some(i + 1);
                    }
                } else if !inner.ends_with("/>") {
                    depth += 1;
                    opened = true;
                } else if !opened {
                    // A self-closing root is the whole sample.
                    return Some(i + 1);
                }
            }
            rest = tag.get(close..).unwrap_or("");
        }
    }
    None
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SampleKind {
    None,
    Request,
    Success,
    Error,
}

fn examples(page: &mut Page, body: &[Line]) {
    let mut kind = SampleKind::None;
    let mut format: Option<&str> = None;
    let mut i = 0;
    while i < body.len() {
        let l = &body[i];
        let t = l.t();
        if t.is_empty() {
            i += 1;
            continue;
        }
        match heading(t).map(|h| h.0) {
            Some(Heading::SampleRequest) => kind = SampleKind::Request,
            Some(Heading::SampleSuccess) => kind = SampleKind::Success,
            Some(Heading::SampleError) => kind = SampleKind::Error,
            Some(Heading::FormatJson) => format = Some("json"),
            Some(Heading::FormatXml) => format = Some("xml"),
            _ => {
                let starts_sample = t.starts_with('{') || t.starts_with('[') || t.starts_with('<');
                if kind == SampleKind::Request
                    || (kind == SampleKind::None && t.starts_with("http") && t.contains("://"))
                {
                    // The request runs to the next blank line.
                    let end = body.iter().skip(i).position(Line::blank).map_or(body.len(), |p| p + i);
                    let text: Vec<&str> = body[i..end].iter().map(|l| l.norm.trim_end()).collect();
                    let text = text.join("\n");
                    if page.address.is_none() {
                        page.address = address(&text);
                    }
                    if page.request_example.is_none() {
                        page.request_example = Some(text);
                    }
                    kind = SampleKind::None;
                    i = end;
                    continue;
                }
                if starts_sample {
                    let fmt = if t.starts_with('<') { "xml" } else { "json" };
                    if format.is_some_and(|f| f != fmt) {
                        page.warn(l.no, format!("sample under a {} heading reads as {fmt}", format.unwrap_or("")));
                    }
                    let Some(end) = sample_end(body, i, body.len()) else {
                        page.warn(l.no, format!("the {fmt} sample does not end (page cut off?); skipped"));
                        break;
                    };
                    // As written: only the spaces the copy turned into NBSP are undone.
                    let text: Vec<String> =
                        body[i..end].iter().map(|l| l.raw.replace('\u{a0}', " ").trim_end().to_owned()).collect();
                    let text = text.join("\n").trim_end().to_owned();
                    match kind {
                        SampleKind::Error => page.warn(l.no, format!("sample error response ({fmt}) skipped")),
                        _ => page.response_examples.push(Sample { format: fmt.to_owned(), body: text }),
                    }
                    format = None;
                    i = end;
                    continue;
                }
                page.warn(l.no, format!("text in the examples skipped: `{}`", shorten(t)));
            }
        }
        i += 1;
    }
}

fn shorten(t: &str) -> String {
    if t.chars().count() > 60 {
        let s: String = t.chars().take(57).collect();
        format!("{s}…")
    } else {
        t.to_owned()
    }
}

/// `https://<host>/` of a sample request URL (`http(s)://ecs.aliyuncs.com/?Action=…`).
fn address(text: &str) -> Option<String> {
    let i = text.find("://")?;
    let host: String = text.get(i + 3..)?.chars().take_while(|c| !matches!(c, '/' | '?' | ' ' | '\n' | '&')).collect();
    (!host.is_empty()).then(|| format!("https://{host}/"))
}

// ---------------------------------------------------------------------------------------
// Error codes

/// Words error messages commonly start with: where the code ends when it runs into the
/// message.
const MESSAGE_STARTS: &[&str] = &[
    "The",
    "This",
    "These",
    "That",
    "You",
    "Your",
    "Specified",
    "A",
    "An",
    "Invalid",
    "Not",
    "No",
    "Failed",
    "Fail",
    "Cannot",
    "Can",
    "Current",
    "Request",
    "Operation",
    "It",
    "There",
    "Parameter",
    "User",
    "Internal",
    "Service",
    "Resource",
    "Illegal",
    "Unsupported",
    "Unknown",
    "Please",
    "Insufficient",
    "Too",
    "Only",
    "Some",
    "One",
    "All",
    "Error",
    "Access",
    "Permission",
    "Missing",
    "Duplicate",
    "Exceeded",
    "Quota",
    "System",
    "Api",
    "Account",
    "Instance",
    "Image",
    "Disk",
    "Internet",
    "Unauthorized",
    "Forbidden",
    "Throttling",
    "Server",
];

fn errors(page: &mut Page, body: &[Line], heading_line: usize) {
    // Rows: a line starting with a three-digit status opens one; lines after it without a
    // blank line in between (or any line while the row has no message yet) continue it.
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut after_blank = false;
    let mut header_seen = false;
    for l in body {
        let t = l.t();
        if t.is_empty() {
            after_blank = true;
            continue;
        }
        let compact: String = t.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
        if !header_seen
            && rows.is_empty()
            && (compact.starts_with("httpstatuscode")
                || compact.starts_with("httpcode")
                || compact.starts_with("http状态码"))
        {
            header_seen = true;
            after_blank = false;
            continue;
        }
        if status_prefix(t).is_some() {
            rows.push((l.no, vec![t.to_owned()]));
        } else if !rows.is_empty() && after_blank && is_error_footer(t) {
            // `For a list of error codes, visit the Service error codes.`
        } else if let Some(last) = rows.last_mut().filter(|r| !after_blank || incomplete(&r.1)) {
            last.1.push(t.to_owned());
        } else {
            page.warn(l.no, format!("text in the error codes skipped: `{}`", shorten(t)));
        }
        after_blank = false;
    }
    if rows.is_empty() && !header_seen {
        page.warn(heading_line, "no error rows found");
    }
    for (line, cells) in rows {
        let row = error_row(page, line, &cells);
        page.errors.push(row);
    }
}

/// Whether an error row's lines so far hold no message yet (status alone, or status and a
/// code with nothing after it).
fn incomplete(lines: &[String]) -> bool {
    let rest = lines.first().and_then(|l| status_prefix(l)).map_or("", |s| s.1);
    let code_only = !rest.contains(char::is_whitespace) && rest.is_ascii();
    match lines.len() {
        1 => code_only,
        2 => rest.is_empty(),
        _ => false,
    }
}

fn is_error_footer(t: &str) -> bool {
    let lower = t.to_lowercase();
    lower.contains("error code") || lower.contains("error center") || t.contains("错误中心") || t.contains("错误码")
}

/// The status a line starts with and the rest: `403Forbidden…` → (403, `Forbidden…`).
fn status_prefix(t: &str) -> Option<(u16, &str)> {
    let digits = t.get(..3)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let rest = t.get(3..)?;
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let status: u16 = digits.parse().ok()?;
    (100..600).contains(&status).then_some((status, rest.trim_start_matches(['\t', ' '])))
}

fn error_row(page: &mut Page, line: usize, lines: &[String]) -> ErrorRow {
    let mut row = ErrorRow { line, ..ErrorRow::default() };
    let Some((status, rest)) = lines.first().and_then(|l| status_prefix(l)) else { return row };
    row.status = Some(status);
    let more: Vec<&str> = lines.iter().skip(1).map(String::as_str).collect();
    // Tab-separated cells.
    if rest.contains('\t') {
        let mut cells = rest.split('\t').map(str::trim).chain(more.iter().copied());
        row.code = cells.next().filter(|c| !c.is_empty()).map(str::to_owned);
        row.message = cells.next().filter(|c| !c.is_empty()).map(clean::inline);
        let d: Vec<&str> = cells.filter(|c| !c.is_empty()).collect();
        row.description = (!d.is_empty()).then(|| clean::inline(&d.join(" ")));
        return row;
    }
    if rest.is_empty() {
        // Each cell on its own line.
        let mut cells = more.into_iter();
        row.code = cells.next().map(str::to_owned);
        row.message = cells.next().map(clean::inline);
        let d: Vec<&str> = cells.collect();
        row.description = (!d.is_empty()).then(|| clean::inline(&d.join(" ")));
        if row.message.is_none() {
            page.warn(line, "error row without a message (page cut off?)");
        }
        return row;
    }
    let code_only = !rest.contains(char::is_whitespace) && rest.is_ascii();
    if code_only && !more.is_empty() {
        row.code = Some(rest.to_owned());
        row.message = more.first().map(|m| clean::inline(m));
        let d: Vec<&str> = more.iter().skip(1).copied().collect();
        row.description = (!d.is_empty()).then(|| clean::inline(&d.join(" ")));
        return row;
    }
    let (code, tail, sure) = split_code(rest);
    if !sure {
        page.warn(line, format!("error code and message split by guess: `{code}` / `{}`", shorten(tail)));
    }
    row.code = Some(code.to_owned()).filter(|c| !c.is_empty());
    if more.is_empty() {
        let (message, description, sure) = split_message(tail);
        if !sure {
            page.warn(line, format!("error message and description split by guess: `{}`", shorten(tail)));
        }
        row.message = message.map(clean::inline).filter(|m| !m.is_empty());
        row.description = description.map(clean::inline).filter(|d| !d.is_empty());
    } else {
        row.message = Some(clean::inline(tail)).filter(|m| !m.is_empty());
        row.description = Some(clean::inline(&more.join(" "))).filter(|d| !d.is_empty());
    }
    row
}

/// Splits `InvalidRegionId.NotFoundThe specified…` into the code and the rest, and whether
/// the split is certain (the message starts with a common word, a non-ASCII character or
/// after a space).
pub(crate) fn split_code(s: &str) -> (&str, &str, bool) {
    // The code cannot run past the first space or non-ASCII character.
    let token_end = s.find(|c: char| c.is_whitespace() || !c.is_ascii()).unwrap_or(s.len());
    let token = s.get(..token_end).unwrap_or(s);
    let after = s.get(token_end..).unwrap_or("");
    if token_end == s.len() {
        // Nothing but a token: code and one-word message, or code alone.
        return match camel_splits(token).last() {
            Some(&p)
                if after.is_empty()
                    && camel_splits(token).len() > 1
                    && starts_message(token.get(p..).unwrap_or("")) =>
            {
                (token.get(..p).unwrap_or(token), token.get(p..).unwrap_or(""), false)
            }
            _ => (token, "", true),
        };
    }
    if !after.starts_with(char::is_whitespace) {
        // The token runs into non-ASCII text: `Forbidden.RAM用户…`. No English message.
        return (token, after, true);
    }
    let splits = camel_splits(token);
    // The message starts with a common word: take the last such start.
    if let Some(&p) = splits.iter().rev().find(|&&p| MESSAGE_STARTS.contains(&token.get(p..).unwrap_or(""))) {
        return (token.get(..p).unwrap_or(token), s.get(p..).unwrap_or(""), true);
    }
    // Otherwise the message's first word is the last capitalised word after the code's last dot.
    let dot = token.rfind('.').map_or(0, |d| d + 1);
    let candidates: Vec<usize> = splits.iter().copied().filter(|&p| p > dot).collect();
    match candidates.last() {
        Some(&p) => (token.get(..p).unwrap_or(token), s.get(p..).unwrap_or(""), candidates.len() == 1 && dot > 0),
        None => (token, after.trim_start(), false),
    }
}

fn starts_message(word: &str) -> bool {
    MESSAGE_STARTS.contains(&word)
}

/// Byte positions in `token` where a capitalised word starts inside it: `aB` (lower or digit
/// before an upper) and `ABc` (the last upper of a run before a lower).
fn camel_splits(token: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = token.char_indices().collect();
    let mut out = Vec::new();
    for k in 1..chars.len() {
        let (p, c) = chars[k];
        let prev = chars[k - 1].1;
        if !c.is_ascii_uppercase() {
            continue;
        }
        let next = chars.get(k + 1).map(|x| x.1);
        let a = prev.is_ascii_lowercase() || prev.is_ascii_digit();
        let b = prev.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase());
        if a || b {
            out.push(p);
        }
    }
    out
}

/// Splits `The user is not authorized.The account…` into message and description, and
/// whether the split is certain.
pub(crate) fn split_message(s: &str) -> (Option<&str>, Option<&str>, bool) {
    let s = s.trim();
    if s.is_empty() {
        return (None, None, true);
    }
    // An English message running into a Chinese description.
    let ascii_end = s.find(|c: char| is_cjk(c)).unwrap_or(s.len());
    if ascii_end == 0 {
        return (None, Some(s), true);
    }
    if ascii_end < s.len() && s.get(..ascii_end).is_some_and(|m| m.chars().any(|c| c.is_ascii_alphabetic())) {
        let msg = s.get(..ascii_end).unwrap_or("").trim();
        let desc = s.get(ascii_end..).unwrap_or("").trim();
        // A Chinese message (`指定的…`) has no English before it; a message with a few
        // Chinese words inside it is not split there.
        return (Some(msg), Some(desc), true);
    }
    // Sentence ends with no space after them: `authorized.The account`.
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut candidates: Vec<(usize, i32)> = Vec::new();
    for k in 1..chars.len() {
        let (p, c) = chars[k];
        let prev = chars[k - 1].1;
        if !c.is_ascii_uppercase() {
            continue;
        }
        let word_start = chars.get(..k).unwrap_or(&[]).iter().rposition(|x| x.1 == ' ').map_or(0, |w| w + 1);
        let prev_word: String = chars.get(word_start..k).unwrap_or(&[]).iter().map(|x| x.1).collect();
        let next_word: String =
            chars.get(k..).unwrap_or(&[]).iter().map(|x| x.1).take_while(|c| c.is_ascii_alphabetic()).collect();
        let mut score = 0;
        if matches!(prev, '.' | '!' | '?') {
            score += 2;
        } else if prev.is_ascii_lowercase() {
            score += 0;
        } else {
            continue;
        }
        if starts_message(&next_word) {
            score += 2;
        }
        if prev_word.starts_with(|c: char| c.is_ascii_uppercase()) && prev_word.len() < 20 && !prev_word.contains('.') {
            // `InstanceId`, `Foo.Bar`: a name inside the sentence.
            score -= 1;
        }
        if prev_word.trim_end_matches(['.', '!', '?']).contains('.')
            || prev_word.chars().filter(|c| *c == '.').count() > 1
        {
            score -= 1;
        }
        if score >= 2 {
            candidates.push((p, score));
        }
    }
    match candidates.iter().max_by_key(|c| (c.1, c.0)) {
        Some(&(p, score)) => {
            let sure = score >= 4 || candidates.len() == 1;
            (Some(s.get(..p).unwrap_or(s).trim()), Some(s.get(p..).unwrap_or("").trim()), sure)
        }
        None => (Some(s), None, true),
    }
}

// ---------------------------------------------------------------------------------------
// Version, product, operation fallbacks

/// Product names of doc-center titles and their API product codes.
const PRODUCT_NAMES: [(&str, &str); 3] =
    [("Elastic Compute Service", "Ecs"), ("云服务器 ECS", "Ecs"), ("云服务器ECS", "Ecs")];

fn scan_version(page: &mut Page, lines: &[Line]) {
    for l in lines {
        let t = l.t();
        let lower = t.to_lowercase();
        if page.api_version.is_none() {
            for key in
                ["version=", "api version:", "api version：", "version:", "版本：", "版本:", "api版本：", "api版本:"]
            {
                if let Some(p) = lower.find(key) {
                    let v: String = lower.get(p + key.len()..).unwrap_or("").trim_start().chars().take(10).collect();
                    if is_date(&v) {
                        page.api_version = Some(v);
                        break;
                    }
                }
            }
        }
        if page.product.is_none() {
            // The title names the product: `Elastic Compute Service:DescribeImages`.
            for (name, code) in PRODUCT_NAMES {
                if t.starts_with(name) && t[name.len()..].starts_with([':', '：']) {
                    page.product = Some((*code).to_owned());
                }
            }
        }
        if page.product.is_none() {
            if let Some(p) = lower.find("product=") {
                let v: String = t.get(p + 8..).unwrap_or("").chars().take_while(char::is_ascii_alphanumeric).collect();
                if !v.is_empty() {
                    page.product = Some(v);
                }
            }
        }
    }
}

fn is_date(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

fn fallback_operation(page: &mut Page) {
    if let Some((_, row)) = page.request.iter().find(|(_, r)| r.name == "Action") {
        if let Some(ex) = row.example.as_deref().filter(|e| is_identifier(e)) {
            page.operation = ex.to_owned();
            return;
        }
    }
    if let Some(req) = &page.request_example {
        if let Some(p) = req.find("Action=") {
            let v: String = req.get(p + 7..).unwrap_or("").chars().take_while(char::is_ascii_alphanumeric).collect();
            if is_identifier(&v) {
                page.operation = v;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(line: &str, req: bool) -> Option<(String, String, Option<bool>)> {
        row_head(line, req).map(|h| (h.name, h.ty, h.required))
    }

    #[test]
    fn row_heads_split_on_the_longest_type_word() {
        let s = |n: &str, t: &str, r: Option<bool>| Some((n.to_owned(), t.to_owned(), r));
        assert_eq!(head("RegionIdstringYes", true), s("RegionId", "string", Some(true)));
        assert_eq!(head("Tagsarray<object>", false), s("Tags", "array<object>", None));
        assert_eq!(head("SerialNostringNo", true), s("SerialNo", "string", Some(false)));
        assert_eq!(head("Longinteger", false), s("Long", "integer", None));
        assert_eq!(head("DiskDeviceMappingsobject []", false), s("DiskDeviceMappings", "object []", None));
        assert_eq!(head("object", false), s("", "object", None));
        assert_eq!(head("RegionIdstring是", true), s("RegionId", "string", Some(true)));
        assert_eq!(head("The value is a string", false), None);
        assert_eq!(head("cn-hangzhou", false), None);
    }

    #[test]
    fn column_headers() {
        assert!(columns("ParameterTypeRequiredDescriptionExample").is_some());
        assert!(columns("名称类型必填描述示例值").is_some_and(|c| c.zh));
        assert!(columns("ParameterTypeDescriptionExample").is_some_and(|c| !c.has(Col::Required)));
        assert!(columns("Parameter").is_none());
        assert!(columns("Name your instance").is_none());
    }

    #[test]
    fn error_splits() {
        assert_eq!(
            split_code("InvalidRegionId.NotFoundThe specified"),
            ("InvalidRegionId.NotFound", "The specified", true)
        );
        assert_eq!(split_code("Forbidden.RAMUser not authorized"), ("Forbidden.RAM", "User not authorized", true));
        assert_eq!(split_code("InvalidFilterKey.NotFound指定的"), ("InvalidFilterKey.NotFound", "指定的", true));
        assert_eq!(
            split_message("The user is not authorized.The account you are using has no permission."),
            (Some("The user is not authorized."), Some("The account you are using has no permission."), true)
        );
        assert_eq!(
            split_message("Invalid Parameter指定的参数不合法。"),
            (Some("Invalid Parameter"), Some("指定的参数不合法。"), true)
        );
    }

    #[test]
    fn never_panics_on_fragments() {
        for s in ["", "4", "40", "403", "403€", "€€€", "Xarray<", "array<>", "<", "<?", "{\"", "<a><b>", "Action="]
        {
            let _ = read(s);
            let _ = status_prefix(s);
            let _ = split_code(s);
            let _ = split_message(s);
            let _ = row_head(s, true);
            let _ = columns(s);
        }
    }
}
