//! Rustdoc from spec text.
//!
//! Documentation prose is vendor markdown: it may hold bare URLs, brackets, HTML fragments
//! and indented lines. Rendered as is, rustdoc would warn (or run indented text as a
//! doctest), so every line goes through [`sanitize`] first.

use crate::ir::{Docs, ErrorCode, Limits};
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes, one per line.
pub fn attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote! { #(#[doc = #lines])* }
}

/// Makes vendor prose safe for rustdoc: no indented code blocks, no untagged code fences,
/// brackets and angle brackets escaped, bare URLs wrapped.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for raw in text.trim().lines() {
        let line = raw.trim();
        if line.starts_with("```") {
            out.push(if in_fence { "```".to_owned() } else { "```text".to_owned() });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(raw.to_owned());
            continue;
        }
        // A line right after a list item would continue it lazily: start a paragraph.
        let is_item = |l: &str| {
            l.starts_with("- ")
                || l.starts_with("* ")
                || l.split_once(". ").is_some_and(|(n, _)| n.parse::<u32>().is_ok())
        };
        let indented = raw.starts_with([' ', '\t']);
        if !line.is_empty()
            && !indented
            && !is_item(line)
            && out.last().is_some_and(|prev: &String| is_item(prev.trim_start()))
        {
            out.push(String::new());
        }
        out.push(escape_line(line));
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        let next_url = ["https://", "http://"].iter().filter_map(|p| rest.find(p)).min();
        let (text, url) = match next_url {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        out.push_str(&escape_text(text));
        if url.is_empty() {
            break;
        }
        let end = url
            .find(|c: char| c.is_whitespace() || c == ')' || c == '>' || c == '"' || !c.is_ascii())
            .unwrap_or(url.len());
        // Punctuation that ends a sentence is not part of the URL.
        let end = url[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']).len();
        let link = &url[..end];
        if link.ends_with("//") {
            // A bare scheme ("cannot start with http:// or https://") is text, not a link.
            out.push_str(&code(link));
        } else {
            out.push('<');
            out.push_str(link);
            out.push('>');
        }
        rest = &url[end..];
    }
    out
}

fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
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
        Some(d) => lines.extend(sanitize(d)),
        None => lines.push(format!("The {} value.", code(wire))),
    }
    if !docs.values.is_empty() {
        lines.push(String::new());
        lines.push("Valid values:".to_owned());
        for (value, meaning) in &docs.values {
            match meaning {
                Some(m) => lines.push(format!("- {}: {}", code(value), sanitize(m).join(" "))),
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
        let cell =
            |s: &Option<String>| s.as_deref().map(|t| sanitize(t).join(" ").replace('|', "\\|")).unwrap_or_default();
        let code_cell = e.code.as_deref().map(code).unwrap_or_default();
        lines.push(format!("| {} | {} | {} | {} |", e.status, code_cell, cell(&e.message), cell(&e.description)));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_end_before_punctuation_and_bare_schemes_are_text() {
        assert_eq!(
            sanitize("see https://x.y/z. It cannot start with http://, https://, or acs:"),
            vec!["see <https://x.y/z>. It cannot start with `http://`, `https://`, or acs:"]
        );
    }

    #[test]
    fn sanitizes_vendor_prose() {
        let lines = sanitize("  -   a [link](~~25609~~) <br> see https://x.y/z?q=1 now\n    indented\n```\ncode\n```");
        assert_eq!(
            lines,
            vec![
                "-   a \\[link\\](~~25609~~) &lt;br&gt; see <https://x.y/z?q=1> now",
                "indented",
                "```text",
                "code",
                "```"
            ]
        );
    }
}
