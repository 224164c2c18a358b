//! Cleaning the text of a page's cells and paragraphs into the Markdown a spec keeps.
//!
//! Real pages carry Markdown escapes (`\*\*\*\*`, `x86\_64`), HTML entities (`&quot;`),
//! non-breaking spaces in "empty" cells, `<br>` line breaks, links in the vendors' internal
//! forms (`[DescribeRegions](~~25609~~)`, `[Common parameters](intl.en-US/…md#…)`) and
//! lists indented by the table they sit in. [`text`] turns all of that into plain Markdown:
//! escapes and entities resolved, internal links reduced to their text (absolute links kept),
//! and lists written as `- item` lines set off by blank lines.

/// Cleans a cell or paragraph; an empty result means the cell was empty.
pub fn text(raw: &str) -> String {
    let s = breaks(raw);
    let s = entities(&s);
    let s = s.replace(['\u{a0}', '\u{3000}', '\u{200b}'], " ").replace('\u{feff}', "");
    let s = unescape(&s);
    let s = links(&s);
    let s = split_table_rows(&s);
    lists(&s)
}

/// Some pages break a table row after its first cell, with a blank line before the rest
/// (`|System event` / `` / `|Status |`): a line that opens a row without closing it is
/// joined with the lines up to the one that closes it.
fn split_table_rows(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let mut row = lines[i].trim_end().to_owned();
        i += 1;
        while row.trim_start().starts_with('|') && !row.ends_with('|') {
            let next = (i..lines.len()).find(|&k| !lines[k].trim().is_empty());
            match next.filter(|&k| lines[k].trim_start().starts_with('|')) {
                Some(k) => {
                    row.push(' ');
                    row.push_str(lines[k].trim());
                    i = k + 1;
                }
                None => break,
            }
        }
        out.push(row);
    }
    let mut joined = out.join("\n");
    if s.ends_with('\n') {
        joined.push('\n');
    }
    joined
}

/// Cleans a single-line cell (a name, a type, an example): [`text`] with line breaks
/// turned into spaces.
pub fn inline(raw: &str) -> String {
    let t = text(raw);
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `<br>`, `<br/>` and `<br />` become line breaks; `<div …>`, `</div>`, `<span …>` and
/// `</span>` are dropped.
fn breaks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.find('>');
        let tag = end.map(|e| &tail[1..e]).unwrap_or("");
        let name = tag.trim_start_matches('/').split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("");
        let known = matches!(name.to_ascii_lowercase().as_str(), "br" | "div" | "span" | "p" | "strong" | "b");
        match (end, known) {
            (Some(e), true) => {
                let lower = name.to_ascii_lowercase();
                if lower == "br" {
                    out.push('\n');
                } else if (lower == "p") && tag.starts_with('/') {
                    out.push_str("\n\n");
                } else if lower == "strong" || lower == "b" {
                    out.push_str("**");
                }
                rest = &tail[e + 1..];
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

/// Resolves the named entities pages use and every numeric one.
pub fn entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail[1..].find(';').map(|e| e + 1).filter(|&e| e <= 10);
        let decoded = end.and_then(|e| decode_entity(&tail[1..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "quot" => '"',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "times" => '×',
        "le" => '≤',
        "ge" => '≥',
        _ => return None,
    })
}

/// A backslash before ASCII punctuation is a Markdown escape: the character stands for
/// itself.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if n.is_ascii_punctuation() {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// `[text](target)`: absolute `http(s)://` targets are kept as Markdown links; the vendors'
/// internal targets (`~~25609~~`, relative page paths, `#anchors`) become the text alone.
pub fn links(s: &str) -> String {
    if !s.contains("](") {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = matching_bracket(after) else { break };
        let label = &after[..close];
        let tail = &after[close + 1..];
        let Some(target_end) = tail.strip_prefix('(').and_then(|t| t.find(')')) else {
            out.push_str(&rest[..open + 1]);
            rest = after;
            continue;
        };
        let target = tail[1..target_end + 1].trim();
        out.push_str(&rest[..open]);
        let label_clean = links(label);
        if target.starts_with("http://") || target.starts_with("https://") {
            out.push('[');
            out.push_str(&label_clean);
            out.push_str("](");
            out.push_str(target);
            out.push(')');
        } else {
            out.push_str(&label_clean);
        }
        rest = &tail[target_end + 2..];
    }
    out.push_str(rest);
    out
}

/// The index of the `]` that closes a `[` whose content starts `s`.
fn matching_bracket(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' if depth == 0 => return Some(i),
            ']' => depth -= 1,
            '\n' => return None,
            _ => {}
        }
    }
    None
}

/// Lines trimmed; list items (`-`, `*`, `•`, `1.`) written as `- item` / `1. item`, nested
/// ones (indented by four or more) by two spaces; blank lines around lists; runs of blank
/// lines collapsed.
pub fn lists(s: &str) -> String {
    let s = inline_list_starts(s);
    let mut lines: Vec<String> = Vec::new();
    let mut in_list = false;
    for raw in s.lines() {
        let indent = raw.len() - raw.trim_start().len();
        let line = raw.trim();
        if line.is_empty() {
            lines.push(String::new());
            continue;
        }
        let item = list_item(line);
        match item {
            Some((marker, body)) => {
                if !in_list && lines.last().is_some_and(|l| !l.is_empty()) {
                    lines.push(String::new());
                }
                let nest = if indent >= 4 && in_list { "  " } else { "" };
                lines.push(format!("{nest}{marker} {body}"));
                in_list = true;
            }
            None => {
                if in_list {
                    // A continuation of the item (indented) or the paragraph after the list.
                    if indent >= 2 && lines.last().is_some_and(|l| !l.is_empty()) {
                        let last = lines.last_mut().expect("checked");
                        last.push(' ');
                        last.push_str(line);
                        continue;
                    }
                    if lines.last().is_some_and(|l| !l.is_empty()) {
                        lines.push(String::new());
                    }
                    in_list = false;
                }
                lines.push(line.to_owned());
            }
        }
    }
    let mut out = String::with_capacity(s.len());
    let mut blank = false;
    for l in &lines {
        if l.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        out.push_str(l);
        blank = false;
    }
    out.trim().to_owned()
}

/// The older template runs a list into its lead-in (`Optional values:-   true: …`): the
/// item starts a line of its own.
fn inline_list_starts(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(['：', ':']) {
        let colon = rest[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&rest[..i + colon]);
        rest = &rest[i + colon..];
        if let Some(after) = rest.strip_prefix('-') {
            if after.starts_with("  ") {
                out.push('\n');
            }
        }
    }
    out.push_str(rest);
    out
}

/// `("-", body)` for a bullet, `("1.", body)` for a numbered item.
fn list_item(line: &str) -> Option<(String, &str)> {
    for bullet in ["- ", "* ", "• ", "-\t"] {
        if let Some(body) = line.strip_prefix(bullet) {
            let body = body.trim();
            if !body.is_empty() {
                return Some(("-".into(), body));
            }
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < 3 {
        let rest = &line[digits..];
        if let Some(body) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(".\t")) {
            let body = body.trim();
            if !body.is_empty() {
                return Some((format!("{}.", &line[..digits]), body));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_broken_after_their_first_cell_are_joined() {
        let page = "Events:\n\n|System event\n\n|Status |\n|---|---|\n|Reboot\n\n|Inquiring |\n|Redeploy |Scheduled |\n\n|not a row\n\nText.";
        assert_eq!(
            text(page),
            "Events:\n\n|System event |Status |\n|---|---|\n|Reboot |Inquiring |\n|Redeploy |Scheduled |\n\n|not a row\n\nText."
        );
    }

    #[test]
    fn escapes_entities_and_spaces() {
        assert_eq!(text(r"m-o6w3gy99qf89rkga\*\*\*\*"), "m-o6w3gy99qf89rkga****");
        assert_eq!(text(r"x86\_64"), "x86_64");
        assert_eq!(text(r"\[&quot;g.n4.xlarge&quot;\]"), r#"["g.n4.xlarge"]"#);
        assert_eq!(text("\u{a0}"), "");
        assert_eq!(text("a &amp; b &#39;c&#x27; &bogus; & d"), "a & b 'c' &bogus; & d");
    }

    #[test]
    fn internal_links_become_text_and_absolute_links_stay() {
        assert_eq!(
            text("call [DescribeRegions](~~25609~~) or [Common](intl.en-US/API Reference/x.md#y)."),
            "call DescribeRegions or Common."
        );
        assert_eq!(text("see [限制](https://docs.jdcloud.com/a)"), "see [限制](https://docs.jdcloud.com/a)");
        assert_eq!(text("[a] b [c"), "[a] b [c");
    }

    #[test]
    fn cell_lists_are_normalised() {
        let cell = "Valid values:\n\n -   CreateEcs\n-   Upgrade\n\n Default value: CreateEcs.";
        assert_eq!(text(cell), "Valid values:\n\n- CreateEcs\n- Upgrade\n\nDefault value: CreateEcs.");
        assert_eq!(text("Values:-   a\n-   b"), "Values:\n\n- a\n- b");
        assert_eq!(
            text("可能值：<br>`excludes`：不支持<br>`includes`：支持<br>"),
            "可能值：\n`excludes`：不支持\n`includes`：支持"
        );
        assert_eq!(text("a\n    -   nested\n-   b"), "a\n\n- nested\n- b");
    }
}
