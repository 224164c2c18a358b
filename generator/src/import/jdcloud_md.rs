//! The reader of JD Cloud API reference pages in Markdown (the current template with its
//! `示例值` column and 是/否, and the 2019 template with `默认值` and True/False).
//!
//! A page is a title (`# describeInstances`) and level-2 sections: `## 描述`, `## 接口说明`,
//! `## 请求方式`, `## 请求地址` (the address and a table of path parameters), `## 请求参数`,
//! `## 返回参数`, `## 请求示例`, `## 返回示例`, `## 返回码`. Named structures are level-3
//! sections (`### <div id="user-content-filter">Filter</div>`, or plain `### Result` in the
//! 2019 template) below the parameter sections; type cells name them, as links in the current
//! template (`[Filter[]](describeInstances#user-content-filter)`) and as plain text in 2019.
//!
//! Headings are matched loosely (a typo of one character, English titles); everything the
//! reader cannot place becomes a [`Page::warn`]ing, and nothing here indexes page data
//! unchecked.

use std::collections::HashSet;

use super::clean;
use super::markdown::{self, Section, Table};
use super::page::{ErrorRow, Language, Layout, Page, ReadError, Row, RowPlace, Sample, Structure, Vendor};

/// The level-2 sections of a JD Cloud page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Summary,
    Notes,
    Method,
    Address,
    Parameters,
    Response,
    RequestExample,
    ResponseExample,
    Errors,
}

impl Kind {
    fn title(self) -> &'static str {
        match self {
            Kind::Summary => "描述",
            Kind::Notes => "接口说明",
            Kind::Method => "请求方式",
            Kind::Address => "请求地址",
            Kind::Parameters => "请求参数",
            Kind::Response => "返回参数",
            Kind::RequestExample => "请求示例",
            Kind::ResponseExample => "返回示例",
            Kind::Errors => "返回码",
        }
    }
}

/// Known titles of each section, Chinese first.
const TITLES: &[(Kind, &[&str])] = &[
    (Kind::Summary, &["描述", "接口描述", "description", "overview"]),
    (Kind::Notes, &["接口说明", "说明", "notes", "operation description", "api description"]),
    (Kind::Method, &["请求方式", "请求方法", "request method", "http method", "method"]),
    (Kind::Address, &["请求地址", "request address", "request url", "request path", "url", "endpoint"]),
    (Kind::Parameters, &["请求参数", "request parameters", "parameters"]),
    (Kind::Response, &["返回参数", "响应参数", "response parameters", "return parameters", "response"]),
    (Kind::RequestExample, &["请求示例", "request example", "request examples", "sample request"]),
    (Kind::ResponseExample, &["返回示例", "响应示例", "response example", "response examples", "sample response"]),
    (Kind::Errors, &["返回码", "错误码", "状态码", "error codes", "return codes", "response codes", "errors"]),
];

/// The section a heading names, with whether the title was English: exact titles first,
/// then titles one character away (typos such as `请求参效`).
fn kind_of(title: &str) -> Option<(Kind, bool)> {
    let t: String = title.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let t = t.trim_end_matches([':', '：']).trim();
    if t.is_empty() {
        return None;
    }
    for (kind, names) in TITLES {
        if let Some(n) = names.iter().find(|n| **n == t) {
            return Some((*kind, n.is_ascii()));
        }
    }
    let mut found: Option<(Kind, bool)> = None;
    for (kind, names) in TITLES {
        for n in names.iter() {
            let len = n.chars().count();
            // Short titles are too easily one character away from anything.
            if len < 3 || (n.is_ascii() && len < 6) {
                continue;
            }
            if distance_at_most_one(t, n) {
                match found {
                    Some((k, _)) if k != *kind => return None,
                    _ => found = Some((*kind, n.is_ascii())),
                }
            }
        }
    }
    found
}

/// Whether `a` and `b` differ by at most one character inserted, removed or replaced.
fn distance_at_most_one(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long.iter()).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        short.get(prefix + 1..) == long.get(prefix + 1..)
    } else {
        short.get(prefix..) == long.get(prefix + 1..)
    }
}

/// Whether `text` looks like a JD Cloud reference page: a `请求方式` (request method)
/// section, or a request address on `jdcloud-api.com`.
pub fn detect(text: &str) -> bool {
    let lines = markdown::lines(text);
    let sections = markdown::sections(&lines);
    let method = sections.iter().any(|s| s.level == 2 && matches!(kind_of(&s.title), Some((Kind::Method, _))));
    let address = sections.iter().filter(|s| matches!(kind_of(&s.title), Some((Kind::Address, _)))).any(|s| {
        lines.get(s.start..s.end.min(lines.len())).is_some_and(|ls| ls.iter().any(|l| l.contains("jdcloud-api.com")))
    });
    method || address
}

/// The outline of a page: each heading with the end of its own text (up to the next heading
/// of any level) and what it is.
struct Part {
    section: Section,
    /// 0-based index one past the heading's own lines (before any sub-heading).
    own_end: usize,
    kind: Option<Kind>,
    english: bool,
}

/// Reads a JD Cloud reference page.
pub fn read(text: &str) -> Result<Page, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = markdown::lines(text);
    let sections = markdown::sections(&lines);
    let mut parts: Vec<Part> = Vec::with_capacity(sections.len());
    for (k, s) in sections.iter().enumerate() {
        let own_end = sections.get(k + 1).map_or(lines.len(), |n| n.line - 1).max(s.start);
        // A known title is a section at level 2, and also deeper when it is not an
        // identifier (a `### 返回参数` whose level slipped; `### Result` is a structure).
        let (kind, english) = match kind_of(&s.title) {
            Some((kind, en)) if s.level <= 2 || !s.title.is_ascii() => (Some(kind), en),
            _ => (None, false),
        };
        parts.push(Part { section: s.clone(), own_end, kind, english });
    }

    let title = parts.iter().find(|p| p.section.level == 1);
    let title_line = title.map_or(1, |p| p.section.line);
    let operation = title.map(|p| operation_name(&p.section.title)).unwrap_or_default();
    if operation.is_empty() {
        return Err(ReadError {
            line: title.map(|p| p.section.line),
            message: "JD Cloud page without an operation name: the page has no `# operationName` title".into(),
        });
    }

    let layout = layout_of(&lines);
    let english =
        parts.iter().filter(|p| p.kind.is_some()).all(|p| p.english) && parts.iter().any(|p| p.kind.is_some());
    let language = if english { Language::En } else { Language::Zh };
    let mut page = Page::new(layout, language, Vendor::Jdcloud);
    page.operation = operation;

    // Which level-2 section each heading sits in (by index into `parts`).
    let mut owner: Vec<Option<usize>> = Vec::with_capacity(parts.len());
    let mut current: Option<usize> = None;
    for (k, p) in parts.iter().enumerate() {
        if p.section.level <= 2 || p.kind.is_some() {
            current = Some(k);
        }
        owner.push(current);
    }

    let mut seen: HashSet<Kind> = HashSet::new();
    let mut notes: Vec<String> = Vec::new();
    let mut pending_types: Vec<PendingType> = Vec::new();
    let mut anchors: Vec<(String, String)> = Vec::new();

    for (k, p) in parts.iter().enumerate() {
        let s = &p.section;
        if s.level == 1 {
            if parts[..k].iter().any(|q| q.section.level == 1) {
                page.warn(s.line, format!("second title `{}` ignored", s.title));
            }
            continue;
        }
        let parent = owner.get(k).copied().flatten().filter(|&i| i != k).and_then(|i| parts.get(i));
        let parent_kind = parent.and_then(|q| q.kind);
        if s.level >= 3
            && matches!(parent_kind, Some(Kind::Summary | Kind::Notes | Kind::RequestExample | Kind::ResponseExample))
        {
            // Text sections and samples take their sub-headings along.
            continue;
        }
        let Some(kind) = p.kind else {
            if s.level >= 3 || structure_title(&s.title) {
                read_structure(&mut page, &lines, p, &mut anchors, &mut pending_types);
            } else {
                page.warn(s.line, format!("section `{}` is not one the JD Cloud reader knows; not read", s.title));
            }
            continue;
        };
        if !seen.insert(kind) && !matches!(kind, Kind::Notes | Kind::Summary) {
            page.warn(s.line, format!("second `{}` section ignored", s.title));
            continue;
        }
        match kind {
            Kind::Summary => {
                let raw = raw_text(&lines, s.start, text_end(&parts, k));
                let cleaned = clean_text(&raw);
                let mut paragraphs = cleaned.splitn(2, "\n\n");
                let first = paragraphs.next().unwrap_or("").trim().to_owned();
                let rest = paragraphs.next().unwrap_or("").trim().to_owned();
                if page.summary.is_empty() {
                    page.summary = first;
                } else if !first.is_empty() {
                    notes.push(first);
                }
                if !rest.is_empty() {
                    notes.push(rest);
                }
            }
            Kind::Notes => {
                let raw = raw_text(&lines, s.start, text_end(&parts, k));
                let cleaned = clean_text(&raw);
                if !cleaned.is_empty() {
                    notes.push(cleaned);
                }
            }
            Kind::Method => read_method(&mut page, &lines, p),
            Kind::Address => read_address(&mut page, &lines, p, &mut pending_types),
            Kind::Parameters => {
                let rows = read_rows(&mut page, &lines, p, &mut pending_types, Side::Request);
                page.request.extend(rows.into_iter().map(|r| (RowPlace::Parameters, r)));
            }
            Kind::Response => {
                let rows = read_rows(&mut page, &lines, p, &mut pending_types, Side::Response);
                page.response.extend(rows);
            }
            Kind::RequestExample => {
                read_request_example(&mut page, &lines, s);
            }
            Kind::ResponseExample => read_response_examples(&mut page, &lines, s),
            Kind::Errors => read_errors(&mut page, &lines, p),
        }
    }

    if page.summary.is_empty() {
        // No `描述` section: the first paragraph under the title, if any.
        if let Some(t) = parts.iter().find(|p| p.section.level == 1) {
            let cleaned = clean_text(&raw_text(&lines, t.section.start, t.own_end));
            page.summary = cleaned.split("\n\n").next().unwrap_or("").trim().to_owned();
        }
        if page.summary.is_empty() {
            page.warn(title_line, "the page has no `描述` summary");
        }
    }
    if !notes.is_empty() {
        page.description = Some(notes.join("\n\n"));
    }
    for p in &parts {
        if let Some(kind) = p.kind {
            let t = p.section.title.trim();
            if !TITLES.iter().any(|(k, names)| *k == kind && names.iter().any(|n| n.eq_ignore_ascii_case(t))) {
                page.warn(p.section.line, format!("heading `{t}` read as `{}`", kind.title()));
            }
        }
    }
    // Path parameters first, whatever the order of the sections.
    page.request.sort_by_key(|(place, _)| match place {
        RowPlace::Path => 0,
        RowPlace::Parameters => 1,
    });
    for kind in [Kind::Method, Kind::Address, Kind::Parameters, Kind::Response, Kind::Errors] {
        if !seen.contains(&kind) {
            let last = lines.len();
            page.warn(last, format!("the page has no `{}` section (cut off?)", kind.title()));
        }
    }
    resolve_structures(&mut page, &anchors, pending_types);
    page.warnings.sort_by_key(|w| w.line);
    Ok(page)
}

/// Whether a heading's text is a structure name (`Result`, `InstanceSpec`).
fn structure_title(title: &str) -> bool {
    let t = title.trim();
    t.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The operation's name from the title: the first word, without emphasis or code marks.
fn operation_name(title: &str) -> String {
    let t = title.replace(['*', '`'], "");
    t.split_whitespace().next().unwrap_or("").to_owned()
}

/// The 2019 template has a `默认值` column; the current one `示例值`.
fn layout_of(lines: &[&str]) -> Layout {
    let mut example = 0usize;
    let mut default = 0usize;
    for l in lines {
        let t = l.trim();
        if !t.starts_with('|') {
            continue;
        }
        if t.contains("示例值") || t.to_ascii_lowercase().contains("|example") {
            example += 1;
        }
        if t.contains("默认值") || t.to_ascii_lowercase().contains("|default") {
            default += 1;
        }
    }
    if default > example {
        Layout::Jdcloud2019
    } else {
        Layout::JdcloudMarkdown
    }
}

/// The end of a text section's content: its whole extent, sub-headings included, except
/// where a sub-heading is a structure (a heading over a parameter table).
fn text_end(parts: &[Part], k: usize) -> usize {
    let Some(p) = parts.get(k) else { return 0 };
    p.section.end.max(p.section.start)
}

/// The raw lines `start..end` joined.
fn raw_text(lines: &[&str], start: usize, end: usize) -> String {
    lines.get(start..end.min(lines.len())).map(|ls| ls.join("\n")).unwrap_or_default()
}

/// [`clean::text`] after turning HTML links (`<a href="u">t</a>`) into Markdown ones.
fn clean_text(raw: &str) -> String {
    clean::text(&html_links(raw))
}

/// `<a href="u">t</a>` → `[t](u)`; an anchor without an href keeps its text only.
fn html_links(s: &str) -> String {
    if !s.contains("<a") && !s.contains("<A") {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    loop {
        let lower = rest.to_ascii_lowercase();
        let Some(open) = lower.find("<a ").or_else(|| lower.find("<a>")) else { break };
        let Some(tag_end) = lower[open..].find('>').map(|e| open + e) else { break };
        let Some(close) = lower[tag_end..].find("</a>").map(|e| tag_end + e) else { break };
        let tag = &rest[open..tag_end];
        let label = &rest[tag_end + 1..close];
        let href = attribute(tag, "href");
        out.push_str(&rest[..open]);
        match href {
            Some(h) if !h.is_empty() => {
                out.push('[');
                out.push_str(label.trim());
                out.push_str("](");
                out.push_str(h);
                out.push(')');
            }
            _ => out.push_str(label),
        }
        rest = &rest[close + 4..];
    }
    out.push_str(rest);
    out
}

/// The value of `name="…"` (or `'…'`) in an HTML tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))?;
    let after = tag.get(at + name.len() + 1..)?;
    let quote = after.chars().next()?;
    if quote == '"' || quote == '\'' {
        let body = &after[1..];
        body.find(quote).map(|e| &body[..e])
    } else {
        after.split(|c: char| c.is_whitespace() || c == '>').next()
    }
}

/// The non-empty, non-table lines of a section's own text, with their 1-based numbers.
fn plain_lines<'a>(lines: &[&'a str], start: usize, end: usize) -> Vec<(usize, &'a str)> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate().take(end.min(lines.len())).skip(start) {
        let t = l.trim();
        if t.is_empty() || t.starts_with('|') || t.starts_with("```") {
            continue;
        }
        out.push((i + 1, t));
    }
    out
}

/// The lines (1-based) that no table covers: a row's continuation lines belong to it.
fn outside_tables<'a>(found: Vec<(usize, &'a str)>, tables: &[Table]) -> Vec<(usize, &'a str)> {
    let covered = |line: usize| {
        tables.iter().any(|t| {
            let last = t
                .rows
                .last()
                .map_or(t.line + 1, |r| r.line + r.cells.iter().map(|c| c.matches('\n').count()).sum::<usize>());
            (t.line..=last).contains(&line)
        })
    };
    found.into_iter().filter(|(line, _)| !covered(*line)).collect()
}

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

fn read_method(page: &mut Page, lines: &[&str], p: &Part) {
    let s = &p.section;
    let found = plain_lines(lines, s.start, p.own_end);
    let Some((line, first)) = found.first().copied() else {
        page.warn(s.line, format!("`{}` section states no method", s.title));
        return;
    };
    let word = clean::inline(first).replace(['`', '*'], "");
    let word = word.trim().to_ascii_uppercase();
    if METHODS.contains(&word.as_str()) {
        page.method = Some(word);
    } else {
        page.warn(line, format!("`{}` is not an HTTP method; no method read", clean::inline(first)));
    }
    for (line, extra) in found.iter().skip(1) {
        page.warn(*line, format!("text under `{}` not read: {}", s.title, clean::inline(extra)));
    }
}

fn read_address(page: &mut Page, lines: &[&str], p: &Part, pending: &mut Vec<PendingType>) {
    let s = &p.section;
    let tables = markdown::tables(lines, s.start, p.own_end);
    let found = outside_tables(plain_lines(lines, s.start, p.own_end), &tables);
    let mut address_line = None;
    for (line, l) in &found {
        let a = address_of(l);
        if page.address.is_none() && (a.starts_with("http://") || a.starts_with("https://") || a.starts_with('/')) {
            page.address = Some(a);
            address_line = Some(*line);
        } else {
            page.warn(*line, format!("text under `{}` not read: {}", s.title, clean::inline(l)));
        }
    }
    if address_line.is_none() && found.is_empty() {
        page.warn(s.line, format!("`{}` section gives no address", s.title));
    }
    let rows = read_rows(page, lines, p, pending, Side::Request);
    page.request.extend(rows.into_iter().map(|r| (RowPlace::Path, r)));
}

/// The URL of an address line: code marks, emphasis and link syntax removed.
fn address_of(l: &str) -> String {
    let t = l.trim().trim_matches('`').trim_matches('*').trim();
    // `[https://…](https://…)` or `<https://…>`: the text.
    let t = t.strip_prefix('<').and_then(|x| x.strip_suffix('>')).unwrap_or(t);
    let t = if t.starts_with('[') { t.get(1..).and_then(|x| x.split(']').next()).unwrap_or(t) } else { t };
    let t = clean::entities(t).replace('\u{a0}', " ");
    let t = clean::unescape(&t);
    // A method written before the URL (`GET https://…`).
    let t = match t.split_once(' ') {
        Some((m, rest)) if METHODS.contains(&m.to_ascii_uppercase().as_str()) => rest.trim().to_owned(),
        _ => t.trim().to_owned(),
    };
    t
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

/// Where a row waits for its type's structure to be resolved.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    Request(usize),
    Response(usize),
    Structure(usize, usize),
}

/// A type cell that names (or links to) a structure, resolved once every structure section
/// is known.
#[derive(Debug, Clone)]
struct PendingType {
    target: Target,
    /// The name the cell gives (`Filter` for `Filter[]`).
    name: String,
    /// The link's anchor (`user-content-filter`), when the cell is a link.
    anchor: Option<String>,
    /// Whether the cell was a link (a structure for sure) or plain text (maybe a primitive).
    linked: bool,
    line: usize,
}

/// The columns of a parameter table.
#[derive(Default, Debug)]
struct Columns {
    name: Option<usize>,
    ty: Option<usize>,
    required: Option<usize>,
    example: Option<usize>,
    default: Option<usize>,
    description: Option<usize>,
}

fn columns_of(table: &Table) -> Columns {
    let mut c = Columns::default();
    for (i, h) in table.header.iter().enumerate() {
        let h = h.replace('*', "");
        let l = h.trim().to_lowercase();
        let slot = if l.contains("名称") || l == "name" || l == "参数" || l == "参数名" || l == "parameter" {
            &mut c.name
        } else if l.contains("类型") || l == "type" {
            &mut c.ty
        } else if l.contains("必") || l.contains("required") || l.contains("mandatory") {
            &mut c.required
        } else if l.contains("示例") || l.contains("example") || l.contains("sample") {
            &mut c.example
        } else if l.contains("默认") || l.contains("default") {
            &mut c.default
        } else if l.contains("描述") || l.contains("说明") || l.contains("description") {
            &mut c.description
        } else {
            continue;
        };
        if slot.is_none() {
            *slot = Some(i);
        }
    }
    c
}

/// The rows of the parameter tables in a part's own text ("无" or nothing: none).
fn read_rows(page: &mut Page, lines: &[&str], p: &Part, pending: &mut Vec<PendingType>, side: Side) -> Vec<Row> {
    let s = &p.section;
    let tables = markdown::tables(lines, s.start, p.own_end);
    if p.kind != Some(Kind::Address) {
        for (line, l) in outside_tables(plain_lines(lines, s.start, p.own_end), &tables) {
            let t = clean::inline(l);
            if !(t.is_empty() || is_none_word(&t)) {
                page.warn(line, format!("text under `{}` not read: {t}", s.title));
            }
        }
    }
    let mut rows: Vec<Row> = Vec::new();
    let base = match (p.kind, side) {
        (Some(Kind::Response), _) => page.response.len(),
        (Some(Kind::Address | Kind::Parameters), _) => page.request.len(),
        _ => 0,
    };
    for table in &tables {
        let cols = columns_of(table);
        let Some(name_col) = cols.name else {
            page.warn(table.line, format!("table under `{}` has no name column; not read", s.title));
            continue;
        };
        if table.truncated {
            page.warn(
                table.rows.last().map_or(table.line, |r| r.line),
                format!("table under `{}` is cut off: its last row is incomplete (kept as far as it goes)", s.title),
            );
        }
        for tr in &table.rows {
            let cell = |c: Option<usize>| c.and_then(|i| tr.cells.get(i)).map(String::as_str).unwrap_or("");
            let name = row_name(cell(Some(name_col)));
            if name.is_empty() {
                if tr.cells.iter().any(|c| !clean::inline(c).is_empty()) {
                    page.warn(tr.line, format!("row without a name under `{}` skipped", s.title));
                }
                continue;
            }
            if rows.iter().any(|r| r.name == name) {
                page.warn(tr.line, format!("`{name}` is listed twice under `{}`; the second row is skipped", s.title));
                continue;
            }
            let raw_ty = cell(cols.ty);
            let ty = clean::inline(raw_ty);
            let required = match cols.required {
                Some(_) => {
                    let r = clean::inline(cell(cols.required));
                    let v = required_of(&r);
                    if v.is_none() && !r.is_empty() {
                        page.warn(tr.line, format!("`{name}`: required cell `{r}` is neither yes nor no"));
                    }
                    v
                }
                None => None,
            };
            let example = Some(clean::inline(cell(cols.example))).filter(|e| !e.is_empty());
            let default = Some(clean::inline(cell(cols.default))).filter(|e| !e.is_empty());
            let description = clean_text(cell(cols.description));
            let index = rows.len();
            if let Some((sname, anchor, linked)) = type_structure(raw_ty) {
                let target = match p.kind {
                    Some(Kind::Response) => Target::Response(base + index),
                    _ => Target::Request(base + index),
                };
                pending.push(PendingType { target, name: sname, anchor, linked, line: tr.line });
            }
            rows.push(Row {
                name,
                ty,
                structure: None,
                required,
                example,
                default,
                description,
                depth: None,
                line: tr.line,
            });
        }
    }
    rows
}

fn is_none_word(t: &str) -> bool {
    matches!(t.trim_end_matches(['。', '.']).to_ascii_lowercase().as_str(), "无" | "none" | "n/a" | "-" | "null" | "空")
}

/// A name cell: emphasis, code marks and escapes removed.
fn row_name(raw: &str) -> String {
    let t = clean::inline(raw);
    t.replace("**", "").trim_matches(['`', '*', '_']).trim().to_owned()
}

fn required_of(t: &str) -> Option<bool> {
    let t = t.replace('*', "");
    match t.trim().to_ascii_lowercase().as_str() {
        "是" | "必选" | "必填" | "必需" | "true" | "yes" | "y" | "required" => Some(true),
        "否" | "可选" | "非必选" | "非必需" | "false" | "no" | "n" | "optional" => Some(false),
        _ => None,
    }
}

/// Types that are not structures.
fn primitive(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "string"
            | "integer"
            | "int"
            | "long"
            | "short"
            | "boolean"
            | "bool"
            | "double"
            | "float"
            | "number"
            | "object"
            | "map"
            | "date"
            | "datetime"
            | "timestamp"
            | "byte"
            | "binary"
            | "json"
            | "any"
            | "array"
            | "list"
    )
}

/// The structure a raw type cell names: `[Filter[]](x#user-content-filter)` gives
/// (`Filter`, `user-content-filter`, linked); a plain `InstanceSpec[]` gives (`InstanceSpec`,
/// no anchor, not linked); a primitive gives nothing.
fn type_structure(raw: &str) -> Option<(String, Option<String>, bool)> {
    let raw = raw.trim();
    let decoded = clean::entities(raw).replace(['\u{a0}', '\u{200b}'], " ");
    if let Some((label, target)) = first_link(&decoded) {
        let name = structure_name(&clean::inline(&label));
        if name.is_empty() {
            return None;
        }
        let anchor = target.rsplit_once('#').map(|(_, a)| a.trim().to_owned()).filter(|a| !a.is_empty());
        if primitive(&name) {
            return None;
        }
        return Some((name, anchor, true));
    }
    let name = structure_name(&clean::inline(raw));
    if name.is_empty() || primitive(&name) || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    Some((name, None, false))
}

/// `Filter[]` → `Filter`; `Array of Filter` → `Filter`; `List<Filter>` → `Filter`.
fn structure_name(ty: &str) -> String {
    let mut t = ty.trim().replace("**", "");
    loop {
        let before = t.clone();
        t = t.trim().trim_end_matches("[]").trim().to_owned();
        for prefix in ["Array of ", "array of ", "List of ", "list of "] {
            if let Some(x) = t.strip_prefix(prefix) {
                t = x.to_owned();
            }
        }
        for (open, close) in [("List<", ">"), ("Array<", ">"), ("list<", ">")] {
            if let Some(x) = t.strip_prefix(open).and_then(|x| x.strip_suffix(close)) {
                t = x.to_owned();
            }
        }
        if t == before {
            break;
        }
    }
    t.trim().to_owned()
}

/// The first Markdown link `[label](target)` in `s`, the label possibly holding brackets
/// (`[Filter[]](…)`).
fn first_link(s: &str) -> Option<(String, String)> {
    let open = s.find('[')?;
    let after = s.get(open + 1..)?;
    let mut depth = 0usize;
    let mut close = None;
    for (i, c) in after.char_indices() {
        match c {
            '[' => depth += 1,
            ']' if depth == 0 => {
                // `]` followed by `(`: the label ends here; `[]` inside the label is nested.
                close = Some(i);
                break;
            }
            ']' => depth -= 1,
            _ => {}
        }
    }
    let close = close?;
    let label = after.get(..close)?;
    let tail = after.get(close + 1..)?;
    let target = tail.strip_prefix('(')?;
    let end = target.find(')')?;
    Some((label.to_owned(), target.get(..end)?.to_owned()))
}

/// A level-3 (or deeper) heading in a parameter section: a named structure with its rows.
fn read_structure(
    page: &mut Page,
    lines: &[&str],
    p: &Part,
    anchors: &mut Vec<(String, String)>,
    pending: &mut Vec<PendingType>,
) {
    let s = &p.section;
    let title = s.title.replace(['`', '*'], "");
    let name: String = structure_name(&title).chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    let heading_raw = lines.get(s.line.saturating_sub(1)).copied().unwrap_or("");
    if name.is_empty() {
        page.warn(s.line, format!("heading `{}` names no structure; its content is not read", s.title));
        return;
    }
    if name != title.trim() {
        page.warn(s.line, format!("structure heading `{}` read as `{name}`", s.title));
    }
    let tables = markdown::tables(lines, s.start, p.own_end);
    if tables.is_empty() && !plain_lines(lines, s.start, p.own_end).is_empty() {
        page.warn(s.line, format!("`{}` under a parameter section has no table; not read", s.title));
        return;
    }
    if let Some(id) = attribute(heading_raw, "id") {
        anchors.push((id.trim().to_owned(), name.clone()));
    }
    // Rows are read with `Target::Structure` positions: temporarily read into a scratch list.
    let mut local: Vec<PendingType> = Vec::new();
    let part = Part { section: s.clone(), own_end: p.own_end, kind: None, english: false };
    let rows = read_rows(page, lines, &part, &mut local, Side::Response);
    if let Some(existing) = page.structures.iter().find(|st| st.name == name) {
        let same = existing.rows.len() == rows.len()
            && existing
                .rows
                .iter()
                .zip(&rows)
                .all(|(a, b)| Row { line: 0, ..a.clone() } == Row { line: 0, ..b.clone() });
        let first = existing.line;
        page.warn(
            s.line,
            if same {
                format!("structure `{name}` is documented again (same rows as line {first}); the repeat is skipped")
            } else {
                format!("structure `{name}` is documented again with other rows (first at line {first}); the repeat is skipped")
            },
        );
        return;
    }
    let index = page.structures.len();
    for mut t in local {
        if let Target::Request(r) = t.target {
            t.target = Target::Structure(index, r);
        }
        pending.push(t);
    }
    page.structures.push(Structure { name, rows, line: s.line });
}

/// Sets every `Row.structure` from the cells recorded while reading, once all structures are
/// known: by name (exact, then ignoring case), then by the link's anchor.
fn resolve_structures(page: &mut Page, anchors: &[(String, String)], pending: Vec<PendingType>) {
    let names: Vec<String> = page.structures.iter().map(|s| s.name.clone()).collect();
    let mut missing: Vec<(usize, String)> = Vec::new();
    for t in pending {
        let resolved = names
            .iter()
            .find(|n| **n == t.name)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(&t.name)))
            .or_else(|| {
                let a = t.anchor.as_deref()?;
                let a = a.strip_prefix("user-content-").unwrap_or(a);
                anchors
                    .iter()
                    .find(|(id, _)| id.strip_prefix("user-content-").unwrap_or(id).eq_ignore_ascii_case(a))
                    .map(|(_, n)| n)
            })
            .cloned();
        let value = match (resolved, t.linked) {
            (Some(n), _) => Some(n),
            (None, true) => {
                missing.push((t.line, t.name.clone()));
                Some(t.name.clone())
            }
            (None, false) => {
                if t.name.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
                    missing.push((t.line, t.name.clone()));
                    Some(t.name.clone())
                } else {
                    None
                }
            }
        };
        let row = match t.target {
            Target::Request(i) => page.request.get_mut(i).map(|(_, r)| r),
            Target::Response(i) => page.response.get_mut(i),
            Target::Structure(s, i) => page.structures.get_mut(s).and_then(|st| st.rows.get_mut(i)),
        };
        if let Some(row) = row {
            row.structure = value;
        }
    }
    for (line, name) in missing {
        page.warn(line, format!("type names structure `{name}`, which has no section on this page"));
    }
}

/// `## 请求示例`: the method line and the first request code block (the URL path and, for
/// POST, the JSON body after it); blocks introduced as responses (`- 返回示例`) are response
/// samples.
fn read_request_example(page: &mut Page, lines: &[&str], s: &Section) {
    let end = s.end.min(lines.len());
    let blocks = markdown::code_blocks(lines, s.start, end);
    let mut method: Option<String> = None;
    let mut first_request: Option<usize> = None;
    let mut extra_requests = 0usize;
    let mut previous_end = s.start;
    for b in &blocks {
        let open = b.line.saturating_sub(1);
        // The prose between the previous block and this one says what the block is.
        let lead: Vec<&str> = lines
            .get(previous_end..open.max(previous_end))
            .unwrap_or(&[])
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect();
        previous_end = closing_fence(lines, open, end);
        for l in &lead {
            let w = clean::inline(l).to_ascii_uppercase();
            if METHODS.contains(&w.as_str()) && method.is_none() {
                method = Some(w);
            }
        }
        if b.content.trim().is_empty() {
            page.warn(b.line, "empty code block under the sample request skipped");
            continue;
        }
        let is_response =
            lead.iter().rev().find(|l| !METHODS.contains(&l.to_ascii_uppercase().as_str())).is_some_and(|l| {
                let t = clean::inline(l).to_lowercase();
                t.contains("返回示例") || t.contains("响应示例") || t.contains("response")
            });
        if is_response {
            page.response_examples.push(sample(&b.content));
            continue;
        }
        if first_request.is_some() {
            let body_like = b.content.trim_start().starts_with(['{', '[']);
            if body_like && page.request_body_example.is_none() && extra_requests == 0 {
                // A body written in a block of its own after the path: part of the sample too.
                page.request_body_example = Some(b.content.clone());
                if let Some(r) = page.request_example.as_mut() {
                    r.push('\n');
                    r.push_str(&b.content);
                }
                continue;
            }
            extra_requests += 1;
            page.warn(b.line, "further sample request not kept (the page's first one is)");
            continue;
        }
        first_request = Some(b.line);
        let content = b.content.trim_end();
        page.request_example = Some(match &method {
            Some(m) => format!("{m}\n\n{content}"),
            None => content.to_owned(),
        });
        if let Some(body) = body_of(content) {
            page.request_body_example = Some(body);
        }
    }
    if first_request.is_none() {
        // A sample outside any fence (missing or stray fences): from the line that starts
        // with the path or URL to the next fence or the end of the section.
        let section = lines.get(s.start..end).unwrap_or(&[]);
        let from = section.iter().position(|l| {
            let t = l.trim_start();
            t.starts_with('/') || t.starts_with("http://") || t.starts_with("https://")
        });
        let sample: Vec<&str> = from
            .map(|f| {
                section
                    .iter()
                    .skip(f)
                    .take_while(|l| !l.trim_start().starts_with("```"))
                    .map(|l| l.trim_end())
                    .collect()
            })
            .unwrap_or_default();
        let sample = sample.join("\n").trim().to_owned();
        if sample.is_empty() {
            page.warn(s.line, format!("`{}` holds no sample request", s.title));
        } else {
            page.warn(s.line + from.unwrap_or(0) + 1, "sample request is not inside a code block; read from the text");
            if let Some(body) = body_of(&sample) {
                page.request_body_example = Some(body);
            }
            page.request_example = Some(match &method {
                Some(m) => format!("{m}\n\n{sample}"),
                None => sample,
            });
        }
    }
}

/// The index one past the closing fence of the block opened at `open` (or `end`).
fn closing_fence(lines: &[&str], open: usize, end: usize) -> usize {
    (open + 1..end.min(lines.len()))
        .find(|&i| lines.get(i).is_some_and(|l| l.trim_start().starts_with("```")))
        .map_or(end, |i| i + 1)
}

/// The JSON body of a sample request block: everything from the first line that opens an
/// object or array.
fn body_of(content: &str) -> Option<String> {
    let ls: Vec<&str> = content.lines().collect();
    let at = ls.iter().position(|l| l.trim_start().starts_with(['{', '[']))?;
    if at == 0 && !content.trim_start().starts_with('{') {
        return None;
    }
    let body = ls.get(at..)?.join("\n");
    let body = body.trim_end().to_owned();
    Some(body).filter(|b| !b.is_empty())
}

fn sample(content: &str) -> Sample {
    let format = if content.trim_start().starts_with('<') { "xml" } else { "json" };
    Sample { format: format.into(), body: content.trim_end().to_owned() }
}

fn read_response_examples(page: &mut Page, lines: &[&str], s: &Section) {
    let blocks = markdown::code_blocks(lines, s.start, s.end.min(lines.len()));
    if blocks.is_empty() {
        let text = plain_lines(lines, s.start, s.end);
        if !text.is_empty() {
            page.warn(s.line, format!("`{}` has no code block; its text is not read", s.title));
        }
    }
    for b in blocks {
        if b.content.trim().is_empty() {
            page.warn(b.line, "empty sample response skipped");
            continue;
        }
        page.response_examples.push(sample(&b.content));
    }
}

/// The error table's columns.
#[derive(Default)]
struct ErrorColumns {
    status: Option<usize>,
    code: Option<usize>,
    message: Option<usize>,
    description: Option<usize>,
}

fn error_columns(table: &Table) -> ErrorColumns {
    let mut c = ErrorColumns::default();
    for (i, h) in table.header.iter().enumerate() {
        let l = h.replace('*', "").trim().to_lowercase();
        let slot = if l.contains("http")
            || l.contains("状态码")
            || l == "返回码"
            || l.contains("status")
            || l.contains("stauts")
        {
            &mut c.status
        } else if l.contains("错误码") || l.contains("error code") || l == "code" {
            &mut c.code
        } else if l.contains("解析") || l.contains("meaning") || l.contains("原因") {
            &mut c.description
        } else if l.contains("message") || l.contains("错误信息") {
            &mut c.message
        } else if l.contains("描述") || l.contains("description") || l.contains("说明") {
            if c.message.is_none() {
                &mut c.message
            } else {
                &mut c.description
            }
        } else {
            continue;
        };
        if slot.is_none() {
            *slot = Some(i);
        }
    }
    c
}

fn read_errors(page: &mut Page, lines: &[&str], p: &Part) {
    let s = &p.section;
    let tables = markdown::tables(lines, s.start, p.own_end);
    for (line, l) in outside_tables(plain_lines(lines, s.start, p.own_end), &tables) {
        let t = clean::inline(l);
        if !(t.is_empty() || is_none_word(&t)) {
            page.warn(line, format!("text under `{}` not read: {t}", s.title));
        }
    }
    for table in &tables {
        let cols = error_columns(table);
        if cols.status.is_none() && cols.code.is_none() {
            page.warn(
                table.line,
                format!("table under `{}` has neither a status nor an error-code column; not read", s.title),
            );
            continue;
        }
        if table.truncated {
            page.warn(
                table.rows.last().map_or(table.line, |r| r.line),
                format!("table under `{}` is cut off: its last row is incomplete (kept as far as it goes)", s.title),
            );
        }
        for tr in &table.rows {
            let cell = |c: Option<usize>| {
                let v = c.and_then(|i| tr.cells.get(i)).map(|x| clean::inline(x)).unwrap_or_default();
                Some(v.replace("**", "").trim().to_owned()).filter(|v| !v.is_empty())
            };
            let status_text = cell(cols.status);
            let status = match &status_text {
                Some(t) => match t.parse::<u16>() {
                    Ok(n) => Some(n),
                    Err(_) => {
                        page.warn(tr.line, format!("status `{t}` is not a number; the row is kept without one"));
                        None
                    }
                },
                None => None,
            };
            let row = ErrorRow {
                status,
                code: cell(cols.code),
                message: cell(cols.message),
                description: cols
                    .description
                    .and_then(|i| tr.cells.get(i))
                    .map(|x| clean_text(x))
                    .filter(|v| !v.is_empty()),
                line: tr.line,
            };
            if row.status.is_none() && row.code.is_none() && row.message.is_none() && row.description.is_none() {
                continue;
            }
            let dup = page.errors.iter().any(|e| {
                e.status == row.status
                    && e.code == row.code
                    && e.message == row.message
                    && e.description == row.description
            });
            if dup {
                page.warn(tr.line, "error row repeats an earlier one; skipped");
                continue;
            }
            page.errors.push(row);
        }
    }
}
