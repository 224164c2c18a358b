//! Rustdoc from spec text.
//!
//! Documentation prose is the vendor's page text: Markdown with paragraphs, bulleted and
//! numbered lists (nested by indentation), line breaks that the page shows as such (`<br>`
//! in a table cell, one value per line), code spans, links, bare URLs, a few HTML tags, and
//! brackets, angle brackets and asterisks that mean nothing to Markdown. [`prose`] renders
//! it block by block so that `cargo doc` shows what the page shows: every line break of the
//! text stays a line break (a Markdown hard break, or a list item), lists keep their nesting,
//! links stay links (a link to a page-relative address becomes its text), bare URLs become
//! `<url>` autolinks without the punctuation that follows them, and whatever rustdoc would
//! misread (`[x]` as an intra-doc link, `<tag>` as HTML, `*` as emphasis, an indented line
//! as a doctest) is escaped.

use crate::ir::{Docs, ErrorCode, Limits};
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes, one per line.
pub fn attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote! { #(#[doc = #lines])* }
}

/// One source line, classified.
enum Line<'a> {
    Blank,
    Fence,
    /// A list item: its indentation (columns), whether it is numbered (and its number), its text.
    Item {
        indent: usize,
        number: Option<u32>,
        text: &'a str,
    },
    /// A table row (`| a | b |`).
    Row,
    /// Text, with its indentation.
    Text {
        indent: usize,
        text: &'a str,
    },
}

fn indent_of(line: &str) -> usize {
    line.chars().take_while(|c| matches!(c, ' ' | '\t')).map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

fn classify(raw: &str) -> Line<'_> {
    let text = raw.trim();
    if text.is_empty() {
        return Line::Blank;
    }
    if text.starts_with("```") {
        return Line::Fence;
    }
    if text.starts_with('|') && text.ends_with('|') && text.len() > 1 {
        return Line::Row;
    }
    let indent = indent_of(raw);
    for bullet in ["- ", "* ", "+ ", "• ", "· "] {
        if let Some(rest) = text.strip_prefix(bullet) {
            if !rest.trim().is_empty() {
                return Line::Item { indent, number: None, text: rest.trim() };
            }
        }
    }
    if let Some(end) = text.find(['.', ')']) {
        let (n, rest) = text.split_at(end);
        if !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit()) && rest[1..].starts_with(' ') {
            if let Ok(number) = n.parse() {
                return Line::Item { indent, number: Some(number), text: rest[1..].trim() };
            }
        }
    }
    Line::Text { indent, text }
}

/// `<br>` in any spelling, which the pages use for a line break.
fn split_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let tag_end = tail.find('>').map(|e| e + 1);
        match tag_end {
            Some(e) if matches!(tail[..e].to_ascii_lowercase().replace([' ', '/'], "").as_str(), "<br>") => {
                out.push('\n');
                rest = &tail[e..];
            }
            _ => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// An open list item: where the source indented it and where its text starts in the output.
struct Open {
    source: usize,
    content: usize,
}

/// Renders vendor prose as rustdoc lines (see the module documentation).
pub fn prose(text: &str) -> Vec<String> {
    let text = split_breaks(text.trim());
    let raw: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::new();
    // Whether the last line written is text that the next text line continues (then the
    // line break between them is written as a hard break).
    let mut open_text = false;
    let mut list: Vec<Open> = Vec::new();
    let mut i = 0;
    let blank = |out: &mut Vec<String>| {
        if out.last().is_some_and(|l| !l.is_empty()) {
            out.push(String::new());
        }
    };
    while i < raw.len() {
        match classify(raw[i]) {
            Line::Blank => {
                open_text = false;
                blank(&mut out);
                i += 1;
            }
            Line::Fence => {
                blank(&mut out);
                list.clear();
                out.push("```text".to_owned());
                i += 1;
                while i < raw.len() && !raw[i].trim().starts_with("```") {
                    out.push(raw[i].to_owned());
                    i += 1;
                }
                out.push("```".to_owned());
                i += 1;
                open_text = false;
                out.push(String::new());
            }
            Line::Row => {
                let start = i;
                while i < raw.len() && matches!(classify(raw[i]), Line::Row) {
                    i += 1;
                }
                let rows = &raw[start..i];
                let is_table = rows.len() >= 2 && is_delimiter_row(rows[1].trim());
                if is_table {
                    blank(&mut out);
                    list.clear();
                    for (n, row) in rows.iter().enumerate() {
                        out.push(if n == 1 { row.trim().to_owned() } else { table_row(row.trim()) });
                    }
                    out.push(String::new());
                    open_text = false;
                } else {
                    for row in rows {
                        text_line(&mut out, &mut open_text, &mut list, 0, row.trim(), &blank);
                    }
                }
            }
            Line::Item { indent, number, text } => {
                if list.is_empty() {
                    blank(&mut out);
                }
                while list.last().is_some_and(|o| o.source > indent) {
                    list.pop();
                }
                if list.last().is_some_and(|o| o.source == indent) {
                    list.pop();
                }
                let at = list.last().map_or(0, |o| o.content);
                let marker = match number {
                    Some(n) => format!("{n}. "),
                    None => "- ".to_owned(),
                };
                out.push(format!("{}{marker}{}", " ".repeat(at), inline(text)));
                list.push(Open { source: indent, content: at + marker.len() });
                open_text = true;
                i += 1;
            }
            Line::Text { indent, text } => {
                text_line(&mut out, &mut open_text, &mut list, indent, text, &blank);
                i += 1;
            }
        }
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    if let Some(last) = out.last_mut() {
        *last = strip_hard_break(last).to_owned();
    }
    out
}

/// A line of text: it continues the paragraph (or list item) above it after a line break,
/// or, unindented after a list, starts a paragraph of its own.
fn text_line(
    out: &mut Vec<String>,
    open_text: &mut bool,
    list: &mut Vec<Open>,
    indent: usize,
    text: &str,
    blank: &dyn Fn(&mut Vec<String>),
) {
    // Inside a list, a line indented past an item's marker belongs to that item.
    let owner = list.iter().rposition(|o| indent > o.source);
    let at = match owner {
        Some(o) => {
            if o + 1 < list.len() {
                // Text of an outer item after a nested list: a paragraph of that item.
                list.truncate(o + 1);
                *open_text = false;
                blank(out);
            }
            list[o].content
        }
        None => {
            if !list.is_empty() {
                list.clear();
                *open_text = false;
                blank(out);
            }
            0
        }
    };
    let body = block_safe(&inline(text));
    if *open_text {
        if let Some(last) = out.last_mut() {
            last.push('\\');
        }
    }
    out.push(format!("{}{body}", " ".repeat(at)));
    *open_text = true;
}

/// `line` without the backslash of a trailing hard break, if it has one.
fn strip_hard_break(line: &str) -> &str {
    let n = line.chars().rev().take_while(|&c| c == '\\').count();
    if n % 2 == 1 {
        &line[..line.len() - 1]
    } else {
        line
    }
}

/// A text line that Markdown would read as a block of another kind starts with an escape.
fn block_safe(line: &str) -> String {
    let setext = !line.is_empty() && (line.chars().all(|c| c == '-') || line.chars().all(|c| c == '='));
    if line.starts_with('#') || setext {
        format!("\\{line}")
    } else {
        line.to_owned()
    }
}

fn is_delimiter_row(row: &str) -> bool {
    row.trim_matches('|').split('|').all(|c| {
        let c = c.trim();
        !c.is_empty() && c.trim_matches(':').chars().all(|ch| ch == '-') && c.contains('-')
    })
}

/// A table row with each cell rendered inline (pipes in a cell stay escaped).
fn table_row(row: &str) -> String {
    let inner = row.strip_prefix('|').unwrap_or(row);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    cells.push(cell);
    let cells: Vec<String> = cells.iter().map(|c| cell_text(c)).collect();
    format!("| {} |", cells.join(" | "))
}

/// Prose as one table cell: line breaks as `<br>`, pipes escaped.
pub fn cell_text(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

/// Prose on one line (a table cell, a list item the generator writes, a deprecation note):
/// its line and paragraph breaks become `<br>`.
pub fn one_line(text: &str) -> String {
    prose(text)
        .iter()
        .map(|l| strip_hard_break(l.trim()).to_owned())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("<br>")
}

/// Inline Markdown of one line of vendor text: code spans kept verbatim, links kept (or
/// reduced to their text when their address is not absolute), bare URLs autolinked, and
/// the characters Markdown or rustdoc would misread escaped.
pub fn inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let bold = bold_spans(&chars);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let rest: String = chars[i..].iter().take(10).collect();
        if c == '`' {
            let run = chars[i..].iter().take_while(|&&x| x == '`').count();
            if let Some(close) = find_run(&chars, i + run, run) {
                out.extend(&chars[i..close + run]);
                i = close + run;
            } else {
                for _ in 0..run {
                    out.push_str("\\`");
                }
                i += run;
            }
            continue;
        }
        if c == '[' || (c == '!' && chars.get(i + 1) == Some(&'[')) {
            let open = if c == '!' { i + 1 } else { i };
            if let Some((label_end, dest, next)) = markdown_link(&chars, open) {
                let label: String = chars[open + 1..label_end].iter().collect();
                out.push_str(&link(&inline(&label), &dest));
                i = next;
                continue;
            }
        }
        if c == '<' {
            if let Some((label, dest, next)) = html_anchor(&chars, i) {
                out.push_str(&link(&inline(&label), &dest));
                i = next;
                continue;
            }
            // An autolink the page wrote itself.
            if rest.starts_with("<http://") || rest.starts_with("<https://") {
                if let Some(close) = chars[i..].iter().position(|&x| x == '>') {
                    let url: String = chars[i + 1..i + close].iter().collect();
                    if !url.contains(char::is_whitespace) {
                        out.push_str(&format!("<{url}>"));
                        i += close + 1;
                        continue;
                    }
                }
            }
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let (url, next) = bare_url(&chars, i);
            if url.ends_with("//") {
                // A bare scheme ("cannot start with http:// or https://") is text, not a link.
                out.push_str(&code(&url));
            } else {
                out.push_str(&format!("<{url}>"));
            }
            i = next;
            continue;
        }
        match c {
            '*' if bold.contains(&i) => out.push('*'),
            '[' | ']' | '*' | '~' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '_' => {
                let word = |x: Option<&char>| x.is_some_and(|x| x.is_alphanumeric());
                if word(i.checked_sub(1).and_then(|p| chars.get(p))) && word(chars.get(i + 1)) {
                    out.push('_');
                } else {
                    out.push_str("\\_");
                }
            }
            '\\' => {
                let next = chars.get(i + 1);
                if next.is_none_or(|n| n.is_ascii_punctuation()) {
                    out.push_str("\\\\");
                } else {
                    out.push('\\');
                }
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' if chars[i + 1..].iter().take_while(|x| x.is_alphanumeric() || **x == '#').count() > 0
                && chars[i + 1..].iter().find(|x| !(x.is_alphanumeric() || **x == '#')) == Some(&';') =>
            {
                out.push_str("&amp;")
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// The start of the next run of exactly `len` backticks at or after `from`.
fn find_run(chars: &[char], from: usize, len: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == '`' {
            let run = chars[j..].iter().take_while(|&&x| x == '`').count();
            if run == len {
                return Some(j);
            }
            j += run;
        } else {
            j += 1;
        }
    }
    None
}

/// The positions of the `*` of `**bold**` spans (both pairs), which stay emphasis.
fn bold_spans(chars: &[char]) -> Vec<usize> {
    let mut keep = Vec::new();
    let mut i = 0;
    while i + 1 < chars.len() {
        let opens = chars[i] == '*'
            && chars[i + 1] == '*'
            && i.checked_sub(1).is_none_or(|p| chars[p] != '*')
            && chars.get(i + 2).is_some_and(|c| !c.is_whitespace() && *c != '*');
        if opens {
            let close = (i + 3..chars.len().saturating_sub(1)).find(|&j| {
                chars[j] == '*'
                    && chars[j + 1] == '*'
                    && !chars[j - 1].is_whitespace()
                    && chars.get(j + 2).is_none_or(|c| *c != '*')
            });
            if let Some(j) = close {
                keep.extend([i, i + 1, j, j + 1]);
                i = j + 2;
                continue;
            }
        }
        i += 1;
    }
    keep
}

/// `[label](dest)` starting at `open` (the `[`): the label's end, the address and where
/// the link ends.
fn markdown_link(chars: &[char], open: usize) -> Option<(usize, String, usize)> {
    let mut depth = 0;
    let mut label_end = None;
    for (j, &c) in chars.iter().enumerate().skip(open) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    label_end = Some(j);
                    break;
                }
            }
            _ => {}
        }
    }
    let label_end = label_end?;
    if chars.get(label_end + 1) != Some(&'(') {
        return None;
    }
    let mut depth = 0;
    for (j, &c) in chars.iter().enumerate().skip(label_end + 1) {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    let inner: String = chars[label_end + 2..j].iter().collect();
                    // `(dest "title")`: the title is dropped.
                    let dest = inner.split_whitespace().next().unwrap_or("").trim_matches(['<', '>']).to_owned();
                    return Some((label_end, dest, j + 1));
                }
            }
            _ => {}
        }
    }
    None
}

/// `<a href="dest">label</a>` at `at`.
fn html_anchor(chars: &[char], at: usize) -> Option<(String, String, usize)> {
    let rest: String = chars[at..].iter().collect();
    let lower = rest.to_ascii_lowercase();
    if !lower.starts_with("<a ") {
        return None;
    }
    let tag_end = rest.find('>')?;
    let tag = &rest[..tag_end];
    let href = tag.find("href=")?;
    let value = tag[href + 5..].trim_start();
    let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let dest: String = value[1..].chars().take_while(|c| *c != quote).collect();
    let close = lower.find("</a>")?;
    let label = rest[tag_end + 1..close].to_owned();
    let consumed = rest[..close + 4].chars().count();
    Some((label, dest, at + consumed))
}

/// A link to `dest` with the rendered `label`; an address a reader cannot open (relative
/// to the vendor's page, or a doc-center id like `~~25609~~`) leaves the label alone.
fn link(label: &str, dest: &str) -> String {
    let absolute = dest.starts_with("https://") || dest.starts_with("http://");
    if absolute && dest.len() > "https://".len() {
        let dest = dest.replace(' ', "%20").replace('<', "%3C").replace('>', "%3E");
        if label.is_empty() {
            format!("<{dest}>")
        } else {
            format!("[{label}]({dest})")
        }
    } else {
        label.to_owned()
    }
}

/// A bare URL at `at`: the address (ending before whitespace, characters a URL cannot
/// hold, and the punctuation of the sentence around it) and where it ends.
fn bare_url(chars: &[char], at: usize) -> (String, usize) {
    let mut end = at;
    while end < chars.len() {
        let c = chars[end];
        if c.is_whitespace() || !c.is_ascii() || matches!(c, '<' | '>' | '"' | '\'' | '`' | '[' | ']' | '{' | '}' | '|')
        {
            break;
        }
        end += 1;
    }
    loop {
        let url: String = chars[at..end].iter().collect();
        let Some(&last) = end.checked_sub(1).filter(|&e| e > at).map(|e| &chars[e]) else {
            return (url, end);
        };
        let unbalanced = last == ')' && url.matches('(').count() < url.matches(')').count();
        if end > at && (matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '*' | '_' | '~') || unbalanced) {
            end -= 1;
            continue;
        }
        return (url, end);
    }
}

/// An inline code span that survives any backticks in `text`.
pub fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// The rustdoc lines of a parameter, member or field.
pub fn element(docs: &Docs, wire: &str) -> Vec<String> {
    let mut lines = Vec::new();
    match &docs.description {
        Some(d) => lines.extend(prose(d)),
        None => lines.push(format!("The {} value.", code(wire))),
    }
    if !docs.values.is_empty() {
        lines.push(String::new());
        lines.push("Valid values:".to_owned());
        for (value, meaning) in &docs.values {
            match meaning {
                Some(m) => lines.push(format!("- {}: {}", code(value), one_line(m))),
                None => lines.push(format!("- {}", code(value))),
            }
        }
    }
    let mut facts = Vec::new();
    let constraints = constraint_words(&docs.limits);
    if !constraints.is_empty() {
        facts.push(format!("Constraints: {}.", constraints.join("; ")));
    }
    if let Some(d) = &docs.default {
        facts.push(format!("Default: {}.", code(d)));
    }
    if let Some(e) = &docs.example {
        facts.push(format!("Example: {}.", code(e)));
    }
    facts.push(format!("Wire name: {}.", code(wire)));
    lines.push(String::new());
    lines.push(facts.join(" "));
    // `x-note`s explain a spec to its reviewers; users read the page's own words.
    lines
}

/// Documented limits in words (`from 1 to 100`, `at most 20 items`).
fn constraint_words(l: &Limits) -> Vec<String> {
    let num = |v: f64| if v.fract() == 0.0 { format!("{}", v as i64) } else { v.to_string() };
    let mut words = Vec::new();
    match (l.minimum, l.maximum) {
        (Some(lo), Some(hi)) => words.push(format!("from {} to {}", num(lo), num(hi))),
        (Some(lo), None) => words.push(format!("at least {}", num(lo))),
        (None, Some(hi)) => words.push(format!("at most {}", num(hi))),
        (None, None) => {}
    }
    match (l.min_length, l.max_length) {
        (Some(lo), Some(hi)) => words.push(format!("{lo} to {hi} characters")),
        (Some(lo), None) => words.push(format!("at least {lo} characters")),
        (None, Some(hi)) => words.push(format!("at most {hi} characters")),
        (None, None) => {}
    }
    if let Some(n) = l.max_items {
        words.push(format!("at most {n} items"));
    }
    words
}

/// The table of documented error codes.
pub fn error_table(errors: &[ErrorCode]) -> Vec<String> {
    let mut lines = vec![
        "# Documented errors".to_owned(),
        String::new(),
        "| HTTP status | Code | Message | Description |".to_owned(),
        "|---|---|---|---|".to_owned(),
    ];
    for e in errors {
        let cell = |s: &Option<String>| s.as_deref().map(cell_text).unwrap_or_default();
        let code_cell = e.code.as_deref().map(code).unwrap_or_default();
        lines.push(format!("| {} | {} | {} | {} |", e.status, code_cell, cell(&e.message), cell(&e.description)));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str) -> String {
        prose(text).join("\n")
    }

    #[test]
    fn paragraphs_and_line_breaks() {
        // A blank line is a paragraph break; a single line break stays a line break.
        assert_eq!(
            render("First.\n\nSecond line one.\nSecond line two."),
            "First.\n\nSecond line one.\\\nSecond line two."
        );
        // `<br>` is the pages' line break.
        assert_eq!(render("a<br>b<BR/>c"), "a\\\nb\\\nc");
    }

    #[test]
    fn chinese_value_lines_stay_on_their_own_lines() {
        assert_eq!(
            render("计费模式。\n可选值：\n`postpaid_by_duration`（默认值）：按配置（后付费）\n`prepaid_by_duration`：包年包月（预付费）"),
            "计费模式。\\\n可选值：\\\n`postpaid_by_duration`（默认值）：按配置（后付费）\\\n`prepaid_by_duration`：包年包月（预付费）"
        );
    }

    #[test]
    fn bulleted_lists_start_after_a_blank_line_and_end_before_text() {
        assert_eq!(
            render("取值范围：\n- 系统盘：`[40,500]`GiB\n- 数据盘：`[20,16000]`GiB\n默认值：40"),
            "取值范围：\n\n- 系统盘：`[40,500]`GiB\n- 数据盘：`[20,16000]`GiB\n\n默认值：40"
        );
        // Other bullet characters become Markdown ones.
        assert_eq!(render("Values:\n• one\n* two\n+ three"), "Values:\n\n- one\n- two\n- three");
    }

    #[test]
    fn numbered_lists_are_not_continuations_of_the_paragraph() {
        // "2." cannot interrupt a paragraph in Markdown: without the blank line it would run on.
        assert_eq!(render("Steps:\n2. stop\n3. start"), "Steps:\n\n2. stop\n3. start");
        assert_eq!(render("1) a\n2) b"), "1. a\n2. b");
    }

    #[test]
    fn nested_lists_keep_their_depth() {
        assert_eq!(
            render("- **Preparations**:\n    - Cost estimation.\n    - Network planning.\n        - VPC.\n- **Precautions**:\n    - At most 100."),
            "- **Preparations**:\n  - Cost estimation.\n  - Network planning.\n    - VPC.\n- **Precautions**:\n  - At most 100."
        );
        // Under a numbered item, the nested item starts where the item's text starts.
        assert_eq!(render("1. one\n   - sub\n2. two"), "1. one\n   - sub\n2. two");
        // An indented line after an item continues it; text of an outer item after a
        // nested list is a paragraph of the outer item.
        assert_eq!(
            render("- a\n  more of a\n  - b\n  back in a\nafter"),
            "- a\\\n  more of a\n  - b\n\n  back in a\n\nafter"
        );
    }

    #[test]
    fn markdown_links_stay_links() {
        assert_eq!(
            render("请参见[云硬盘类型](https://docs.jdcloud.com/cn/cloud-disk-service/specifications)。"),
            "请参见[云硬盘类型](https://docs.jdcloud.com/cn/cloud-disk-service/specifications)。"
        );
        // Links whose address is relative to the vendor's page, or a doc-center id, keep their text.
        assert_eq!(render("请求[参数说明](createInstances#user-content-requestparameters)"), "请求参数说明");
        assert_eq!(render("see [Billing](~~25609~~)."), "see Billing.");
        // A title is dropped; brackets inside a label are text.
        assert_eq!(render("[a [b] c](https://x.y/z \"t\")"), "[a \\[b\\] c](https://x.y/z)");
        // HTML anchors become Markdown links.
        assert_eq!(
            render("可开启<a href=\"https://docs.jdcloud.com/cn/x\">MFA操作保护</a>"),
            "可开启[MFA操作保护](https://docs.jdcloud.com/cn/x)"
        );
    }

    #[test]
    fn bare_urls_become_autolinks_without_the_punctuation_after_them() {
        assert_eq!(
            render("see https://x.y/z. It cannot start with http://, https://, or acs:"),
            "see <https://x.y/z>. It cannot start with `http://`, `https://`, or acs:"
        );
        assert_eq!(render("(see http://a.b/c?d=1), next"), "(see <http://a.b/c?d=1>), next");
        assert_eq!(render("参考https://a.b/c，然后"), "参考<https://a.b/c>，然后");
        assert_eq!(render("wiki https://a.b/W_(x);"), "wiki <https://a.b/W_(x)>;");
        assert_eq!(render("as <https://a.b/c> says"), "as <https://a.b/c> says");
    }

    #[test]
    fn code_spans_are_verbatim() {
        assert_eq!(render("取值范围：`[1,100]`；`<cmd></cmd>`"), "取值范围：`[1,100]`；`<cmd></cmd>`");
        assert_eq!(render("`` a`b ``"), "`` a`b ``");
        // A backtick with no partner is text.
        assert_eq!(render("it's ` alone"), "it's \\` alone");
        // URLs inside code are not links.
        assert_eq!(render("cannot start with `http://`"), "cannot start with `http://`");
    }

    #[test]
    fn what_rustdoc_would_misread_is_escaped() {
        // `[x]` would be an intra-doc link, `<br0>` HTML, `*` emphasis, `#` a heading.
        assert_eq!(render("a [x] b"), "a \\[x\\] b");
        assert_eq!(render("a <tag> b & c &amp; d"), "a &lt;tag&gt; b & c &amp;amp; d");
        assert_eq!(render("LaunchConfiguration.* and i-bp67****"), "LaunchConfiguration.\\* and i-bp67\\*\\*\\*\\*");
        assert_eq!(render("**Note:** keep *this*"), "**Note:** keep \\*this\\*");
        assert_eq!(render("a _b_ c_d ~~e~~"), "a \\_b\\_ c_d \\~\\~e\\~\\~");
        assert_eq!(render("# not a heading\n---"), "\\# not a heading\\\n\\---");
        assert_eq!(render("C:\\Windows\\ and \\*"), "C:\\Windows\\ and \\\\\\*");
        // Indentation never makes a doctest.
        assert_eq!(render("text\n\n    indented"), "text\n\nindented");
    }

    #[test]
    fn tables_are_kept_with_their_cells_rendered() {
        assert_eq!(
            render("Codes:\n| Code | Meaning |\n|---|:---:|\n| `A\\|B` | see [x] |\n| 2 | a\\|b |\nafter"),
            "Codes:\n\n| Code | Meaning |\n|---|:---:|\n| `A\\|B` | see \\[x\\] |\n| 2 | a\\|b |\n\nafter"
        );
        // Pipes that do not form a table are text.
        assert_eq!(render("| just a line |"), "| just a line |");
    }

    #[test]
    fn fences_are_text_blocks() {
        assert_eq!(render("run:\n```\n[x] <y>\n```\ndone"), "run:\n\n```text\n[x] <y>\n```\n\ndone");
    }

    #[test]
    fn one_line_keeps_breaks_as_br() {
        assert_eq!(one_line("a\nb\n\nc"), "a<br>b<br>c");
        assert_eq!(cell_text("a|b\nc"), "a\\|b<br>c");
    }

    #[test]
    fn error_tables_list_the_rows() {
        let e = ErrorCode {
            status: 400,
            code: Some("Bad".into()),
            message: Some("a | b".into()),
            description: Some("line\nnext".into()),
            repeated: false,
        };
        assert_eq!(error_table(&[e])[4], "| 400 | `Bad` | a \\| b | line<br>next |");
    }
}
