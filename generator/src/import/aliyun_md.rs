//! The reader of Alibaba Cloud API reference pages in Markdown: the current template
//! (`## Request parameters` / `## 请求参数`, tables with an Example column, English or
//! Chinese) and the older one (`## Request parameters {#RequestParameter .section}`,
//! `|Name|Type|Required|Description|`, bold sample labels).
//!
//! Headings are matched loosely (case, anchors, trailing punctuation and the typos the
//! pages carry: `Reponse parameters`, `Return parameters`, `Error code`), columns by their
//! header whatever their order, and a page that stops part way is read as far as it goes,
//! with a warning.

use super::clean;
use super::markdown::{self, CodeBlock, Section, Table, TableRow};
use super::page::{ErrorRow, Language, Layout, Page, ReadError, Row, RowPlace, Sample, Structure, Vendor};

/// Whether `text` looks like a page of this layout: an Alibaba Cloud reference page in
/// Markdown (a parameter table, or a title and a request parameters heading), and not a
/// JD Cloud page (`## 请求方式`, `jdcloud-api.com`).
pub fn detect(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains("jdcloud-api.com") {
        return false;
    }
    let lines = markdown::lines(text);
    let mut title = false;
    let mut request_heading = false;
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim();
        if let Some(h) = t.strip_prefix('#') {
            let level = 1 + h.bytes().take_while(|&b| b == b'#').count();
            let head = norm(h.trim_start_matches('#'));
            if head == "请求方式" {
                return false;
            }
            if level == 1 && !head.is_empty() {
                title = true;
            }
            if level >= 2 && matches!(classify(&head), Kind::Request) {
                request_heading = true;
            }
            continue;
        }
        if t.starts_with('|') && lines.get(i + 1).is_some_and(|n| is_delimiter(n)) {
            let header: Vec<String> = t.trim_matches('|').split('|').map(norm).collect();
            let has = |f: fn(&str) -> bool| header.iter().any(|h| f(h));
            if (has(is_name_col) && has(is_type_col)) || (has(is_code_col) && has(is_status_col)) {
                return true;
            }
        }
    }
    title && request_heading
}

/// Reads a page of this layout.
pub fn read(text: &str) -> Result<Page, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = markdown::lines(text);
    let sections = markdown::sections(&lines);

    let legacy = is_legacy(&lines, &sections);
    let language = if is_chinese(&sections) { Language::Zh } else { Language::En };
    let layout = if legacy { Layout::AliyunMarkdownLegacy } else { Layout::AliyunMarkdown };
    let mut page = Page::new(layout, language, Vendor::Aliyun);

    // The title: the first level-1 heading.
    let title = sections.iter().find(|s| s.level == 1);
    let body_start = title.map_or(0, |s| s.start);
    let intro_end = sections.iter().find(|s| s.line > body_start).map_or(lines.len(), |s| s.line - 1);
    let intro = paragraphs(&lines, body_start, intro_end);
    if let Some((_, p)) = intro.first() {
        page.summary = p.clone();
    }

    // The top sections: headings below the title not nested in another top section.
    let mut tops: Vec<(&Section, Kind)> = Vec::new();
    let mut covered = 0usize;
    for s in &sections {
        if title.is_some_and(|t| std::ptr::eq(t, s)) {
            continue;
        }
        if s.start <= covered && tops.last().is_some_and(|(t, _)| s.level > t.level) {
            continue;
        }
        covered = s.end;
        tops.push((s, classify(&norm(&s.title))));
    }

    let mut action: Option<(String, usize)> = None;
    let mut seen = Seen::default();
    for (s, kind) in &tops {
        match kind {
            Kind::Description => {
                let body = section_text(&lines, s.start, s.end);
                if body.is_empty() {
                    continue;
                }
                page.description = Some(match page.description.take() {
                    Some(d) => {
                        page.warn(s.line, format!("a second description section `{}`: appended to the first", s.title));
                        format!("{d}\n\n{body}")
                    }
                    None => body,
                });
                seen.description = true;
            }
            Kind::Debugging => {}
            Kind::Request => {
                seen.request = true;
                let tables = markdown::tables(&lines, s.start, s.end);
                read_rows(&mut page, &lines, s, &tables, Side::Request, &mut action);
            }
            Kind::Response => {
                seen.response = true;
                let tables = markdown::tables(&lines, s.start, s.end);
                read_rows(&mut page, &lines, s, &tables, Side::Response, &mut action);
            }
            Kind::Examples => {
                seen.examples = true;
                read_examples(&mut page, &lines, s);
            }
            Kind::Errors => {
                seen.errors = true;
                let tables = markdown::tables(&lines, s.start, s.end);
                read_errors(&mut page, s, &tables);
            }
            Kind::Other => {
                let has_content = lines.get(s.start..s.end).is_some_and(|b| b.iter().any(|l| !l.trim().is_empty()));
                if has_content {
                    page.warn(s.line, format!("section `{}` not read: not a section this layout knows", s.title));
                }
            }
        }
    }

    // The operation name: the title, or the Action row when the title is not a name (or
    // when the Action row and the OpenAPI Explorer link agree against it).
    let explorer = read_explorer_link(&mut page, &lines);
    let title_name = title.map(|t| t.title.trim().to_owned()).unwrap_or_default();
    let title_ok = is_identifier(&title_name);
    match (&action, title_ok) {
        (Some((a, line)), true) if *a != title_name => {
            if explorer.as_ref().is_some_and(|(api, _)| api == a) {
                page.warn(
                    *line,
                    format!("the title names `{title_name}` but the Action row and the OpenAPI Explorer link `{a}`: `{a}` is used"),
                );
                page.operation = a.clone();
            } else {
                page.warn(*line, format!("the title names `{title_name}` but the Action row `{a}`: the title is kept"));
                page.operation = title_name.clone();
            }
        }
        (_, true) => page.operation = title_name.clone(),
        (Some((a, _)), false) => {
            if let Some(t) = title {
                page.warn(
                    t.line,
                    format!("the title `{title_name}` is not an operation name: the Action row's `{a}` is used"),
                );
            }
            page.operation = a.clone();
        }
        (None, false) => {
            let first = title_name.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).find(|w| is_identifier(w));
            match (first, title) {
                (Some(w), Some(t)) => {
                    page.warn(
                        t.line,
                        format!("the title `{title_name}` is not an operation name: its word `{w}` is used"),
                    );
                    page.operation = w.to_owned();
                }
                _ => {
                    return Err(ReadError {
                        line: title.map(|t| t.line),
                        message: "no operation name: neither the title nor an Action row names one".into(),
                    })
                }
            }
        }
    }
    if let Some((api, line)) = explorer {
        if api != page.operation && action.as_ref().is_none_or(|(a, _)| *a != api || page.operation == *a) {
            page.warn(line, format!("the OpenAPI Explorer link names `{api}`, not `{}`", page.operation));
        }
    }

    // No description section: paragraphs after the summary, before the first section.
    if !seen.description && intro.len() > 1 {
        let rest: Vec<&str> = intro.iter().skip(1).map(|(_, p)| p.as_str()).collect();
        page.description = Some(rest.join("\n\n"));
    } else if seen.description && intro.len() > 1 {
        if let Some((line, _)) = intro.get(1) {
            page.warn(
                *line,
                "text between the summary and the first section not kept (the page has a description section)",
            );
        }
    }

    if !seen.request {
        page.warn(lines.len().max(1), "no request parameters section: the page may end early");
    }
    if !seen.response {
        page.warn(lines.len().max(1), "no response parameters section: the page may end early");
    }
    if !seen.examples {
        page.warn(lines.len().max(1), "no examples section: the page may end early");
    }
    if !seen.errors {
        page.warn(lines.len().max(1), "no error codes section");
    }
    Ok(page)
}

#[derive(Default)]
struct Seen {
    description: bool,
    request: bool,
    response: bool,
    examples: bool,
    errors: bool,
}

/// What a section heading names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Description,
    Debugging,
    Request,
    Response,
    Examples,
    Errors,
    Other,
}

/// A heading or header cell lowercased, without emphasis, code marks, trailing colons and
/// surrounding whitespace; inner runs of whitespace become one space.
fn norm(s: &str) -> String {
    let s = clean::inline(s);
    let s = s.replace(['*', '`'], "");
    let s = s.trim().trim_end_matches([':', '：', '?', '？', '.', '。']).trim();
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn classify(h: &str) -> Kind {
    let compact: String = h.chars().filter(|c| c.is_alphanumeric()).collect();
    let starts = |ps: &[&str]| ps.iter().any(|p| compact.starts_with(p));
    let has = |ps: &[&str]| ps.iter().any(|p| compact.contains(p));
    if starts(&["请求参数", "输入参数", "request"]) && (has(&["param", "参数"]) || compact == "request") {
        return Kind::Request;
    }
    if starts(&["返回数据", "返回参数", "返回值", "返回结果", "响应参数", "出参"])
        || (starts(&["respon", "repon", "respo", "return", "output"])
            && has(&["param", "data", "element", "field", "value"]))
        || compact == "response"
    {
        return Kind::Response;
    }
    if starts(&["example", "sample", "示例", "请求示例", "调用示例"]) {
        return Kind::Examples;
    }
    if starts(&["error", "错误码", "错误"]) {
        return Kind::Errors;
    }
    if starts(&["debug", "调试", "在线调试"]) {
        return Kind::Debugging;
    }
    if starts(&[
        "description",
        "operationdescription",
        "接口说明",
        "描述",
        "说明",
        "precaution",
        "注意事项",
        "usagenote",
    ]) {
        return Kind::Description;
    }
    Kind::Other
}

fn is_delimiter(l: &str) -> bool {
    let l = l.trim();
    l.starts_with('|') && l.len() > 2 && l.contains('-') && l.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

fn is_name_col(h: &str) -> bool {
    matches!(h, "parameter" | "parameters" | "name" | "名称" | "参数" | "参数名" | "参数名称" | "field" | "字段")
}
fn is_type_col(h: &str) -> bool {
    matches!(h, "type" | "类型" | "data type" | "参数类型")
}
fn is_required_col(h: &str) -> bool {
    h.starts_with("required") || matches!(h, "是否必选" | "是否必填" | "必选" | "必填" | "是否必需" | "mandatory")
}
fn is_example_col(h: &str) -> bool {
    h.starts_with("example") || matches!(h, "示例值" | "示例" | "sample value")
}
fn is_description_col(h: &str) -> bool {
    matches!(h, "description" | "描述" | "说明" | "meaning" | "note" | "notes" | "comment" | "remarks" | "备注")
}
fn is_position_col(h: &str) -> bool {
    matches!(h, "position" | "location" | "位置")
}
fn is_default_col(h: &str) -> bool {
    h.starts_with("default") || h == "默认值"
}
fn is_status_col(h: &str) -> bool {
    let c: String = h.chars().filter(|c| c.is_alphanumeric()).collect();
    c.starts_with("http") || c == "status" || c == "statuscode" || c.contains("状态码")
}
fn is_code_col(h: &str) -> bool {
    let c: String = h.chars().filter(|c| c.is_alphanumeric()).collect();
    matches!(c.as_str(), "errorcode" | "code" | "错误码" | "错误代码")
}
fn is_message_col(h: &str) -> bool {
    let c: String = h.chars().filter(|c| c.is_alphanumeric()).collect();
    c.starts_with("errormessage")
        || c.starts_with("errorinfo")
        || c == "message"
        || c.starts_with("errormsg")
        || c == "错误信息"
}

fn is_legacy(lines: &[&str], sections: &[Section]) -> bool {
    if sections.iter().any(|s| lines.get(s.line - 1).is_some_and(|l| l.contains("{#RequestParameter"))) {
        return true;
    }
    // The request table has no Example column.
    for s in sections {
        if s.level >= 2 && classify(&norm(&s.title)) == Kind::Request {
            if let Some(t) = markdown::tables(lines, s.start, s.end).first() {
                let header: Vec<String> = t.header.iter().map(|h| norm(h)).collect();
                return !header.iter().any(|h| is_example_col(h));
            }
        }
    }
    false
}

fn is_chinese(sections: &[Section]) -> bool {
    sections.iter().filter(|s| s.level >= 2).any(|s| {
        let t = s.title.as_str();
        ["请求参数", "返回数据", "返回参数", "错误码", "示例", "接口说明", "调试"].iter().any(|k| t.contains(k))
    })
}

/// A name as the page gives it, without emphasis or code marks.
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The paragraphs of `lines[start..end]`, each cleaned, with the line it starts on; a
/// paragraph of only emphasis marks (`****`) is dropped.
fn paragraphs(lines: &[&str], start: usize, end: usize) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut first = 0;
    let end = end.min(lines.len());
    for i in start.min(end)..=end {
        let l = lines.get(i).filter(|_| i < end).copied();
        match l {
            Some(l) if !l.trim().is_empty() => {
                if cur.is_empty() {
                    first = i + 1;
                }
                cur.push(l);
            }
            _ => {
                if !cur.is_empty() {
                    let p = clean::text(&cur.join("\n"));
                    if !p.chars().all(|c| c == '*' || c == '_' || c.is_whitespace()) {
                        out.push((first, p));
                    }
                    cur.clear();
                }
            }
        }
    }
    out
}

/// A section's text, cleaned.
fn section_text(lines: &[&str], start: usize, end: usize) -> String {
    let body = lines.get(start..end.min(lines.len())).unwrap_or(&[]);
    let t = clean::text(&body.join("\n"));
    if t.chars().all(|c| c == '*' || c == '_' || c.is_whitespace()) {
        String::new()
    } else {
        t
    }
}

/// `product=Ecs&api=DescribeImages&type=RPC&version=2014-05-26` in an OpenAPI Explorer link.
fn read_explorer_link(page: &mut Page, lines: &[&str]) -> Option<(String, usize)> {
    for (i, l) in lines.iter().enumerate() {
        let Some(at) = l.find("api.aliyun.com") else { continue };
        let rest = clean::entities(&l[at..]);
        let url: String = rest.chars().take_while(|c| !matches!(c, ')' | ' ' | '"' | '\'' | '>' | ']')).collect();
        let query = url.split_once(['#', '?']).map_or("", |(_, q)| q);
        let mut api = None;
        for pair in query.split(['&', '?', '/', '#']) {
            let Some((k, v)) = pair.split_once('=') else { continue };
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match k {
                "product" if page.product.is_none() => page.product = Some(v.to_owned()),
                "version" if page.api_version.is_none() => page.api_version = Some(v.to_owned()),
                "api" => api = Some(v.to_owned()),
                _ => {}
            }
        }
        if page.product.is_some() || page.api_version.is_some() || api.is_some() {
            return api.map(|a| (a, i + 1));
        }
    }
    None
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

/// Which column holds what in a parameter table.
#[derive(Default)]
struct Columns {
    name: Option<usize>,
    ty: Option<usize>,
    required: Option<usize>,
    example: Option<usize>,
    description: Option<usize>,
    position: Option<usize>,
    default: Option<usize>,
}

fn columns(page: &mut Page, t: &Table) -> Columns {
    let mut c = Columns::default();
    let mut unknown = Vec::new();
    for (i, raw) in t.header.iter().enumerate() {
        let h = norm(raw);
        let slot = if is_name_col(&h) {
            &mut c.name
        } else if is_type_col(&h) {
            &mut c.ty
        } else if is_required_col(&h) {
            &mut c.required
        } else if is_example_col(&h) {
            &mut c.example
        } else if is_description_col(&h) {
            &mut c.description
        } else if is_position_col(&h) {
            &mut c.position
        } else if is_default_col(&h) {
            &mut c.default
        } else {
            unknown.push(raw.clone());
            continue;
        };
        if slot.is_none() {
            *slot = Some(i);
        } else {
            unknown.push(raw.clone());
        }
    }
    if !unknown.is_empty() {
        page.warn(t.line, format!("table columns not read: {}", unknown.join(", ")));
    }
    c
}

fn cell(row: &TableRow, col: Option<usize>) -> Option<&str> {
    col.and_then(|c| row.cells.get(c)).map(String::as_str)
}

/// A row's name: cleaned, without emphasis and code marks.
fn clean_name(raw: &str) -> String {
    let n = clean::inline(raw);
    n.trim_matches(|c: char| c == '*' || c == '`').trim().to_owned()
}

fn read_rows(
    page: &mut Page,
    lines: &[&str],
    s: &Section,
    tables: &[Table],
    side: Side,
    action: &mut Option<(String, usize)>,
) {
    let what = match side {
        Side::Request => "request parameters",
        Side::Response => "response parameters",
    };
    for (k, t) in tables.iter().enumerate() {
        let cols = columns(page, t);
        if cols.name.is_none() {
            page.warn(t.line, format!("a table under `{}` without a name column: not read", s.title));
            continue;
        }
        let rows = table_rows(page, t, &cols, side, action);
        if k == 0 {
            match side {
                Side::Request => page.request.extend(rows.into_iter().map(|r| (RowPlace::Parameters, r))),
                Side::Response => page.response.extend(rows),
            }
        } else {
            // A further table: the members of a structure the first table names.
            let prev_end = tables.get(k - 1).map_or(s.start, table_end);
            let lead = lines.get(prev_end..t.line.saturating_sub(1)).unwrap_or(&[]);
            let name = structure_name(lead);
            match name {
                Some(name) => page.structures.push(Structure { name, rows, line: t.line }),
                None => {
                    page.warn(
                        t.line,
                        format!("a further table under {what} names no structure: its rows are listed as {what}"),
                    );
                    match side {
                        Side::Request => page.request.extend(rows.into_iter().map(|r| (RowPlace::Parameters, r))),
                        Side::Response => page.response.extend(rows),
                    }
                }
            }
        }
        if t.truncated {
            page.warn(
                t.rows.last().map_or(t.line, |r| r.line),
                format!("the page ends inside the {what} table: the rows before the cut are kept"),
            );
        }
    }
}

/// The 0-based index one past a table's last line.
fn table_end(t: &Table) -> usize {
    match t.rows.last() {
        Some(r) => r.line + r.cells.iter().map(|c| c.matches('\n').count()).sum::<usize>(),
        None => t.line + 1,
    }
}

/// The structure the lines before a further table name: a bold line (`**DiskEventType**`)
/// or a lead-in (`The following table describes the parameters of the Configuration data
/// type.` → `Configuration`).
fn structure_name(lead: &[&str]) -> Option<String> {
    let last = lead.iter().rev().map(|l| clean::inline(l)).find(|l| !l.is_empty())?;
    let bare = last.trim_matches(|c: char| c == '*' || c == '`' || c == ':' || c.is_whitespace());
    if is_identifier(bare) {
        return Some(bare.to_owned());
    }
    let lead = last;
    let words: Vec<&str> =
        lead.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.')).filter(|w| !w.is_empty()).collect();
    for (i, w) in words.iter().enumerate() {
        let w = w.trim_end_matches('.');
        if w.eq_ignore_ascii_case("of") || w.eq_ignore_ascii_case("for") {
            if let Some(n) = words
                .get(i + 1..)
                .and_then(|r| r.iter().map(|x| x.trim_end_matches('.')).find(|x| !x.eq_ignore_ascii_case("the")))
            {
                if n.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && is_identifier(n) {
                    return Some(n.to_owned());
                }
            }
        }
    }
    words
        .iter()
        .map(|w| w.trim_end_matches('.'))
        .find(|w| w.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && is_identifier(w) && *w != "The")
        .map(str::to_owned)
}

fn table_rows(
    page: &mut Page,
    t: &Table,
    cols: &Columns,
    side: Side,
    action: &mut Option<(String, usize)>,
) -> Vec<Row> {
    let mut out = Vec::new();
    let last = t.rows.len().saturating_sub(1);
    for (k, r) in t.rows.iter().enumerate() {
        let cut = t.truncated && k == last;
        if cut {
            // The last cell is cut off; the name (and type) are kept only when whole.
            let whole = |c: Option<usize>| c.is_none_or(|c| c + 1 < r.cells.len());
            if !(whole(cols.name) && whole(cols.ty)) {
                page.warn(r.line, "a row cut off by the end of the page: not read");
                continue;
            }
            page.warn(r.line, "a row cut off by the end of the page: its last cells may be incomplete");
        }
        let name = clean_name(cell(r, cols.name).unwrap_or(""));
        if name.is_empty() {
            let rest: String = r.cells.iter().map(|c| clean::inline(c)).collect::<Vec<_>>().join("");
            if !rest.is_empty() {
                page.warn(r.line, "a row without a name: not read");
            }
            continue;
        }
        let lname = norm(&name);
        if is_name_col(&lname) && cell(r, cols.ty).is_some_and(|c| is_type_col(&norm(c))) {
            page.warn(r.line, "a repeated header row: not read");
            continue;
        }
        if name.contains(char::is_whitespace) {
            page.warn(r.line, format!("the name `{name}` holds spaces: kept as written"));
        }
        let ty = clean::inline(cell(r, cols.ty).unwrap_or(""));
        let structure = cell(r, cols.ty).and_then(linked_structure);
        let required = match cell(r, cols.required).map(|c| clean::inline(c).trim_end_matches(['.', '。']).to_owned())
        {
            None => None,
            Some(v) if v.is_empty() => None,
            Some(v) => match v.to_lowercase().as_str() {
                "yes" | "是" | "true" | "required" | "必选" | "必填" | "y" => Some(true),
                "no" | "否" | "false" | "optional" | "可选" | "n" => Some(false),
                _ => {
                    page.warn(r.line, format!("required cell `{v}` of `{name}` is neither yes nor no: left unset"));
                    None
                }
            },
        };
        let opt = |v: Option<&str>| v.map(clean::text).filter(|s| !s.is_empty());
        let example = opt(cell(r, cols.example));
        let default = opt(cell(r, cols.default));
        let description = cell(r, cols.description).map(clean::text).unwrap_or_default();
        if let Some(p) = cell(r, cols.position).map(clean::inline) {
            if !p.is_empty() && !p.eq_ignore_ascii_case("query") {
                page.warn(r.line, format!("`{name}` is listed in position `{p}`: read as a query parameter"));
            }
        }
        if side == Side::Request && name == "Action" && action.is_none() {
            let value = example
                .as_deref()
                .filter(|e| is_identifier(e))
                .map(str::to_owned)
                .or_else(|| action_from(&description));
            if let Some(v) = value {
                *action = Some((v, r.line));
            }
        }
        out.push(Row { name, ty, structure, required, example, default, description, depth: None, line: r.line });
    }
    out
}

/// The structure a type cell links to: `Array of [DiskEventType](#)` → `DiskEventType`.
fn linked_structure(raw: &str) -> Option<String> {
    let open = raw.find('[')?;
    let close = open + raw.get(open..)?.find("](")?;
    let label = clean::inline(raw.get(open + 1..close)?);
    let label = label.trim_matches(|c: char| c == '`' || c == '*' || c.is_whitespace());
    is_identifier(label).then(|| label.to_owned())
}

/// The operation an Action row's description names (`Set the value to DescribeImages.`,
/// `Value: DeleteImage`, `取值：DescribeImages`).
fn action_from(description: &str) -> Option<String> {
    for marker in ["set the value to", "value:", "value：", "取值：", "取值:", "值为", "value is", "value"] {
        let lower = description.to_lowercase();
        let Some(i) = lower.find(marker) else { continue };
        let after = description.get(i + marker.len()..)?;
        let word: String = after
            .trim_start_matches(|c: char| c.is_whitespace() || c == '`' || c == '*' || c == ':' || c == '：')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if is_identifier(&word) && word.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
            return Some(word);
        }
    }
    None
}

fn read_errors(page: &mut Page, s: &Section, tables: &[Table]) {
    for t in tables {
        let mut status = None;
        let mut code = None;
        let mut message = None;
        let mut description = None;
        let mut unknown = Vec::new();
        for (i, raw) in t.header.iter().enumerate() {
            let h = norm(raw);
            let slot = if is_status_col(&h) {
                &mut status
            } else if is_code_col(&h) {
                &mut code
            } else if is_message_col(&h) {
                &mut message
            } else if is_description_col(&h) {
                &mut description
            } else {
                unknown.push(raw.clone());
                continue;
            };
            if slot.is_none() {
                *slot = Some(i);
            } else {
                unknown.push(raw.clone());
            }
        }
        if code.is_none() && message.is_none() {
            page.warn(t.line, format!("a table under `{}` without an error code or message column: not read", s.title));
            continue;
        }
        if !unknown.is_empty() {
            page.warn(t.line, format!("error table columns not read: {}", unknown.join(", ")));
        }
        let last = t.rows.len().saturating_sub(1);
        for (k, r) in t.rows.iter().enumerate() {
            if t.truncated && k == last {
                page.warn(r.line, "an error row cut off by the end of the page: not read");
                continue;
            }
            let get = |c: Option<usize>| cell(r, c).map(clean::inline).filter(|v| !v.is_empty());
            let code_v = get(code);
            let message_v = get(message);
            let status_raw = get(status);
            if code_v.is_none() && message_v.is_none() {
                let any = r.cells.iter().any(|c| !clean::inline(c).is_empty());
                if any {
                    page.warn(r.line, "an error row without a code or message: not read");
                }
                continue;
            }
            if code_v.as_deref().is_some_and(|c| is_code_col(&norm(c))) {
                page.warn(r.line, "a repeated header row: not read");
                continue;
            }
            let status_v = match &status_raw {
                None => None,
                Some(v) => match v.trim().parse::<u16>() {
                    Ok(n) if (100..600).contains(&n) => Some(n),
                    _ => {
                        page.warn(r.line, format!("HTTP status `{v}` is not a status code: left unset"));
                        None
                    }
                },
            };
            let desc = cell(r, description).map(clean::text).filter(|v| !v.is_empty());
            page.errors.push(ErrorRow {
                status: status_v,
                code: code_v,
                message: message_v,
                description: desc,
                line: r.line,
            });
        }
        if t.truncated {
            page.warn(t.line, "the page ends inside the error codes table");
        }
    }
}

/// What the label lines before a code block say it is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Unknown,
    Request,
    Success,
    Failure,
}

fn read_examples(page: &mut Page, lines: &[&str], s: &Section) {
    let mut mode = Mode::Unknown;
    let mut format: Option<&'static str> = None;
    let end = s.end.min(lines.len());
    let mut i = s.start;
    while i < end {
        let l = lines.get(i).copied().unwrap_or("");
        let t = l.trim();
        if t.starts_with("```") {
            let blocks = markdown::code_blocks(lines, i, end);
            let Some(block) = blocks.into_iter().next() else { break };
            // The closing fence: the first line after the opening that starts with ```.
            let close = (i + 1..end).find(|&j| lines.get(j).is_some_and(|l| l.trim_start().starts_with("```")));
            if close.is_none() {
                page.warn(block.line, "the page ends inside a code block: the sample may be incomplete");
            }
            place_block(page, &block, mode, &mut format);
            i = close.map_or(end, |c| c + 1);
            continue;
        }
        if t.is_empty() || t.starts_with('#') {
            i += 1;
            continue;
        }
        let label = norm(t);
        let compact: String = label.chars().filter(|c| c.is_alphanumeric()).collect();
        let f = if compact.starts_with("xml") || compact == "xml格式" {
            Some("xml")
        } else if compact.starts_with("json") {
            Some("json")
        } else {
            None
        };
        if let Some(f) = f {
            format = Some(f);
        } else if compact.contains("error")
            || compact.contains("异常")
            || compact.contains("错误")
            || compact.contains("fail")
        {
            mode = Mode::Failure;
            format = None;
        } else if compact.contains("request") || compact.contains("请求") {
            mode = Mode::Request;
            format = None;
        } else if compact.contains("response")
            || compact.contains("返回")
            || compact.contains("响应")
            || compact.contains("result")
        {
            mode = Mode::Success;
            format = None;
        } else {
            page.warn(i + 1, format!("text in the examples section not read: `{}`", clean::inline(t)));
        }
        i += 1;
    }
}

/// The JSON of a sample, without the status line and headers of a sample written as HTTP
/// (`HTTP/1.1 200 OK`, `Content-Type:application/json`, a blank line).
/// The body of a sample response, below an `HTTP/1.1 200 OK` status line and its headers.
fn json_part(body: &str) -> &str {
    if body.starts_with("HTTP/") {
        if let Some(i) = body.find("\n\n") {
            return body[i + 2..].trim_start_matches('\n');
        }
    }
    body
}

fn sniff(body: &str) -> Option<&'static str> {
    let b = json_part(body).trim_start();
    if b.starts_with('<') {
        Some("xml")
    } else if b.starts_with('{') || b.starts_with('[') || b.starts_with('"') {
        Some("json")
    } else {
        None
    }
}

fn looks_like_request(body: &str) -> bool {
    let b = body.trim_start();
    b.starts_with("http://")
        || b.starts_with("https://")
        || b.starts_with("http(s)://")
        || b.starts_with("GET ")
        || b.starts_with("POST ")
}

fn place_block(page: &mut Page, block: &CodeBlock, mode: Mode, format: &mut Option<&'static str>) {
    let info = match block.info.as_str() {
        "xml" => Some("xml"),
        "json" => Some("json"),
        _ => None,
    };
    let mode = match mode {
        Mode::Unknown if looks_like_request(&block.content) => Mode::Request,
        Mode::Unknown if sniff(&block.content).is_some() && page.request_example.is_some() => Mode::Success,
        m => m,
    };
    match mode {
        Mode::Request => {
            if block.content.starts_with("HTTP/") {
                // A response written as HTTP under a request label.
                page.warn(block.line, "a sample under the request label is an HTTP response: not read");
                return;
            }
            if page.request_example.is_some() {
                page.warn(block.line, "a further sample request: not read (the first is kept)");
                return;
            }
            if page.address.is_none() {
                page.address = address(&block.content);
            }
            page.request_example = Some(block.content.clone());
        }
        Mode::Success => {
            let f = format.or(info).or_else(|| {
                let s = sniff(&block.content);
                if s.is_some() {
                    page.warn(block.line, "a sample response without a format label: format guessed from its text");
                }
                s
            });
            let Some(f) = f else {
                page.warn(block.line, "a sample response in neither XML nor JSON: not read");
                return;
            };
            if f == "json" && serde_json::from_str::<serde_json::Value>(json_part(&block.content)).is_err() {
                page.warn(block.line, "the JSON sample response does not parse: kept as written");
            }
            // The older template shows the HTTP status line and headers above the body.
            page.response_examples.push(Sample { format: f.to_owned(), body: json_part(&block.content).to_owned() });
            *format = None;
        }
        Mode::Failure => {
            page.warn(block.line, "an error response sample: not read");
            *format = None;
        }
        Mode::Unknown => page.warn(block.line, "a code block under no sample label: not read"),
    }
}

/// The scheme and host of a sample request URL: `https://ecs.aliyuncs.com/`. The pages'
/// `http(s)://` is read as `https://`.
fn address(sample: &str) -> Option<String> {
    let first = sample.lines().map(str::trim).find(|l| !l.is_empty())?;
    let (scheme, rest) = if let Some(r) = first.strip_prefix("https://") {
        ("https", r)
    } else if let Some(r) = first.strip_prefix("http(s)://") {
        ("https", r)
    } else if let Some(r) = first.strip_prefix("http://") {
        ("http", r)
    } else {
        // `GET /?Action=… HTTP/1.1` with a `Host:` line.
        let host = sample.lines().find_map(|l| {
            let l = l.trim();
            l.get(..5).filter(|p| p.eq_ignore_ascii_case("host:")).map(|_| l[5..].trim().to_owned())
        })?;
        return (!host.is_empty()).then(|| format!("https://{host}/"));
    };
    let host: String = rest.chars().take_while(|c| !matches!(c, '/' | '?' | ' ' | '#')).collect();
    (!host.is_empty()).then(|| format!("{scheme}://{host}/"))
}
