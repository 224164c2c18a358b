//! The Markdown structure the reference pages share: headings, pipe tables whose cells may
//! run over several lines, and fenced code blocks.
//!
//! Everything here is raw text with 1-based line numbers; cleaning is [`super::clean`]'s.

/// A heading and the lines up to the next heading of the same or a higher level.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// `#` count.
    pub level: usize,
    /// The heading text: anchors (`{#RequestParameter .section}`) and HTML tags dropped,
    /// entities and escapes resolved, trimmed.
    pub title: String,
    /// 1-based line of the heading.
    pub line: usize,
    /// 0-based index of the first line after the heading.
    pub start: usize,
    /// 0-based index one past the section's last line.
    pub end: usize,
}

/// One table row: raw cell texts (may hold line breaks) and the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub cells: Vec<String>,
    pub line: usize,
}

/// A pipe table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Header cells, cleaned and trimmed.
    pub header: Vec<String>,
    pub rows: Vec<TableRow>,
    /// 1-based line of the header.
    pub line: usize,
    /// Whether the last row was cut off (the page ends inside it).
    pub truncated: bool,
}

impl Table {
    /// The index of the first header cell for which `matches` holds.
    pub fn column(&self, matches: impl Fn(&str) -> bool) -> Option<usize> {
        self.header.iter().position(|h| matches(h))
    }
}

/// A fenced code block.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeBlock {
    /// The info string after the fence (`json`), lowercased.
    pub info: String,
    /// The content, without the fences, trailing whitespace trimmed.
    pub content: String,
    /// 1-based line of the opening fence.
    pub line: usize,
}

/// The page's lines (line endings of any kind removed).
pub fn lines(text: &str) -> Vec<&str> {
    text.lines().map(|l| l.strip_suffix('\r').unwrap_or(l)).collect()
}

/// Every ATX heading outside code blocks, each with its extent.
pub fn sections(lines: &[&str]) -> Vec<Section> {
    let mut heads: Vec<(usize, String, usize)> = Vec::new();
    let mut fence = false;
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        if t.starts_with("```") {
            fence = !fence;
            continue;
        }
        if fence || !t.starts_with('#') {
            continue;
        }
        let level = t.bytes().take_while(|&b| b == b'#').count();
        let rest = &t[level..];
        if level > 6 || !(rest.is_empty() || rest.starts_with(' ')) {
            continue;
        }
        heads.push((level, heading_text(rest), i));
    }
    let mut out = Vec::with_capacity(heads.len());
    for (k, (level, title, i)) in heads.iter().enumerate() {
        let end = heads[k + 1..].iter().find(|(l, _, _)| l <= level).map_or(lines.len(), |(_, _, j)| *j);
        out.push(Section { level: *level, title: title.clone(), line: i + 1, start: i + 1, end });
    }
    out
}

/// A heading's text without `{#anchor .class}` attributes, HTML tags and trailing `#`s.
fn heading_text(raw: &str) -> String {
    let mut s = raw.trim().trim_end_matches('#').trim().to_owned();
    if let Some(i) = s.rfind(" {") {
        if s.ends_with('}') {
            s.truncate(i);
        }
    } else if s.starts_with('{') && s.ends_with('}') {
        s.clear();
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    super::clean::inline(&out)
}

/// Every pipe table in `lines[start..end]`, outside code blocks. A row may run over
/// several lines: it ends on the line that ends with `|` once it has as many cells as the
/// header. Cells are split on unescaped `|`; the last cell takes any further pipes.
pub fn tables(lines: &[&str], start: usize, end: usize) -> Vec<Table> {
    let mut out = Vec::new();
    let mut i = start;
    let mut fence = false;
    while i < end {
        let t = lines[i].trim();
        if t.starts_with("```") {
            fence = !fence;
            i += 1;
            continue;
        }
        let is_delim = |l: &str| {
            let l = l.trim();
            l.starts_with('|') && l.len() > 2 && l.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
        };
        if fence || !t.starts_with('|') || i + 1 >= end || !is_delim(lines[i + 1]) {
            i += 1;
            continue;
        }
        let header: Vec<String> = split_row(t, usize::MAX).iter().map(|c| super::clean::inline(c)).collect();
        let columns = header.len();
        let mut table = Table { header, rows: Vec::new(), line: i + 1, truncated: false };
        i += 2;
        while i < end {
            let first = lines[i].trim_start();
            if !first.starts_with('|') {
                break;
            }
            let line = i + 1;
            let mut raw = lines[i].trim().to_owned();
            // A row runs on until it ends with a pipe and has every cell; a heading or the
            // end of the section first means it was cut off.
            while !(raw.ends_with('|') && separators(&raw) > columns) {
                let Some(next) = lines.get(i + 1).filter(|_| i + 1 < end) else { break };
                if next.starts_with('#') {
                    break;
                }
                i += 1;
                raw.push('\n');
                raw.push_str(next.trim_end());
            }
            let complete = raw.trim_end().ends_with('|') && separators(&raw) > columns;
            let cells = split_row(raw.trim(), columns);
            if !complete {
                table.truncated = true;
            }
            table.rows.push(TableRow { cells, line });
            i += 1;
            if !complete {
                break;
            }
        }
        out.push(table);
    }
    out
}

/// The number of unescaped `|` in a row.
fn separators(raw: &str) -> usize {
    let b = raw.as_bytes();
    (0..b.len()).filter(|&k| b[k] == b'|' && (k == 0 || b[k - 1] != b'\\')).count()
}

/// Splits `|a|b|c|` into cells; with `columns` given, the last cell keeps any later pipes.
fn split_row(raw: &str, columns: usize) -> Vec<String> {
    let inner = raw.strip_prefix('|').unwrap_or(raw);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let b = inner.as_bytes();
    let mut cells = Vec::new();
    let mut from = 0;
    for k in 0..b.len() {
        if b[k] == b'|' && (k == 0 || b[k - 1] != b'\\') && cells.len() + 1 < columns {
            cells.push(inner[from..k].to_owned());
            from = k + 1;
        }
    }
    cells.push(inner[from..].to_owned());
    cells
}

/// Every fenced code block in `lines[start..end]`; an unclosed one runs to `end`.
pub fn code_blocks(lines: &[&str], start: usize, end: usize) -> Vec<CodeBlock> {
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        let t = lines[i].trim_start();
        if let Some(info) = t.strip_prefix("```") {
            let open = i;
            let mut body = Vec::new();
            i += 1;
            while i < end && !lines[i].trim_start().starts_with("```") {
                body.push(lines[i]);
                i += 1;
            }
            let content = body.join("\n").trim_end().to_owned();
            let content = content.trim_start_matches('\n').to_owned();
            out.push(CodeBlock { info: info.trim().to_ascii_lowercase(), content, line: open + 1 });
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lose_anchors_and_tags() {
        let text = "# DeleteImage {#DeleteImage .reference}\n\n## Request parameters {#RequestParameter .section}\n\
                    x\n### <div id=\"user-content-result\">Result</div>\n## Errors\n";
        let l = lines(text);
        let s = sections(&l);
        let titles: Vec<_> = s.iter().map(|s| (s.level, s.title.as_str(), s.line, s.end)).collect();
        assert_eq!(
            titles,
            vec![(1, "DeleteImage", 1, 6), (2, "Request parameters", 3, 5), (3, "Result", 5, 5), (2, "Errors", 6, 6)]
        );
    }

    #[test]
    fn multi_line_rows_and_pipes_in_the_last_cell() {
        let text = "|Name|Type|Description|\n|--|--|--|\n|A|String|one\n\n -   x\n-   y |\n|B|Integer|a \\| b | c|\n\
                    |C|String|Optional values:-   true\n-   false\n\n|\n\nafter";
        let l = lines(text);
        let t = tables(&l, 0, l.len());
        assert_eq!(t.len(), 1);
        let rows: Vec<_> = t[0].rows.iter().map(|r| (r.line, r.cells.clone())).collect();
        assert_eq!(rows[0], (3, vec!["A".into(), "String".into(), "one\n\n -   x\n-   y ".into()]));
        assert_eq!(rows[1], (7, vec!["B".into(), "Integer".into(), "a \\| b | c".into()]));
        assert_eq!(rows[2].1[2], "Optional values:-   true\n-   false\n\n");
        assert!(!t[0].truncated);
    }

    #[test]
    fn a_cut_off_row_marks_the_table() {
        let text = "|Name|Type|Description|\n|--|--|--|\n|A|String|one|\n|B|Str";
        let l = lines(text);
        let t = tables(&l, 0, l.len());
        assert!(t[0].truncated);
        assert_eq!(t[0].rows.len(), 2);
    }

    #[test]
    fn code_blocks_with_info() {
        let text = "x\n```json\n{\n  \"a\": 1\n}\n```\n```\nGET /x\n";
        let l = lines(text);
        let c = code_blocks(&l, 0, l.len());
        assert_eq!(c[0], CodeBlock { info: "json".into(), content: "{\n  \"a\": 1\n}".into(), line: 2 });
        assert_eq!(c[1].content, "GET /x");
    }
}
