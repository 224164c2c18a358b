//! The importer: API reference pages in, specs out.
//!
//! [`read`] recognises a page's layout and reads it into a [`page::Page`]; the builder turns
//! a page into spec YAML; the merge keeps every decision (`x-` key) of an existing spec.

pub mod aliyun_md;
pub mod aliyun_text;
pub mod build;
pub mod clean;
pub mod jdcloud_md;
pub mod markdown;
pub mod merge;
pub mod page;
pub mod yaml;

use page::{Layout, Page, ReadError};

/// Reads a page in any known layout. A page in no known layout is an error that names the
/// layouts the importer knows.
pub fn read(text: &str) -> Result<Page, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if jdcloud_md::detect(text) {
        jdcloud_md::read(text)
    } else if aliyun_md::detect(text) {
        aliyun_md::read(text)
    } else if aliyun_text::detect(text) {
        aliyun_text::read(text)
    } else {
        let known: Vec<String> = Layout::ALL.iter().map(|l| format!("  - {}", l.describe())).collect();
        Err(ReadError {
            line: None,
            message: format!(
                "not an API reference page in a known layout (no request or response parameter table found); \
                 the importer reads:\n{}",
                known.join("\n")
            ),
        })
    }
}

use crate::load::SourceFile;
use std::path::PathBuf;

/// One page to import: how messages and `source.page` name it, and its text.
#[derive(Debug, Clone)]
pub struct PageFile {
    /// The name `source.page` records: the path below the directory given on the command
    /// line, including that directory's own name (`jdcloud-vm/Image/createImage.md`), or the
    /// file name of a page given directly (`aliyun-ecs-DescribeImages.zh.md`).
    pub name: String,
    /// The path as messages show it.
    pub shown: PathBuf,
    pub text: String,
}

/// What an import would write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    New,
    Updated,
    Unchanged,
}

/// One spec file of the import's result.
#[derive(Debug, Clone)]
pub struct Planned {
    /// Relative to the spec root (`aliyun/ecs/operations/DescribeImages.yaml`).
    pub path: PathBuf,
    pub text: String,
    pub status: Status,
    /// The page it came from.
    pub page: PathBuf,
}

/// The result of importing a set of pages against the committed specs.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub files: Vec<Planned>,
    /// Located warnings (`page:line: message`) and the choices made (duplicate pages).
    pub notes: Vec<String>,
    /// Pages that could not be imported at all (`page: message`).
    pub errors: Vec<String>,
}

/// Imports `pages` against the committed `specs` (paths relative to the spec root);
/// `service` forces the service folder (`aliyun/ecs`) instead of recognising it.
///
/// Two pages for one operation (the same service and name, compared without case): the
/// page in the current template wins over the older one; then the page with more documented
/// rows; then the one whose file name is the operation's name exactly; then the first by
/// path. The choice is a note.
pub fn plan(pages: &[PageFile], specs: &[SourceFile], service: Option<&str>) -> Plan {
    plan_with(pages, specs, service, false)
}

/// [`plan`]; with `adopt`, each committed spec is first adopted ([`merge::adopt`]): what it
/// says about types and constraints beyond the page becomes `x-` decisions (listed as notes).
pub fn plan_with(pages: &[PageFile], specs: &[SourceFile], service: Option<&str>, adopt: bool) -> Plan {
    let mut plan = Plan::default();
    let mut read: Vec<(&PageFile, page::Page, String)> = Vec::new();
    for p in pages {
        match self::read(&p.text) {
            Ok(page) if page.operation.is_empty() => {
                plan.errors.push(format!("{}: no operation name found (no title and no Action row)", p.shown.display()))
            }
            Ok(page) => {
                let svc = service
                    .map(str::to_owned)
                    .or_else(|| build::service_of(&page))
                    .or_else(|| service_in_path(&p.name));
                match svc {
                    Some(svc) => read.push((p, page, svc)),
                    None => plan.errors.push(format!(
                        "{}: cannot tell the service (no endpoint host, product or request address); pass --service",
                        p.shown.display()
                    )),
                }
            }
            Err(e) => plan.errors.push(format!("{}: {e}", p.shown.display())),
        }
    }
    // Duplicates.
    let mut chosen: Vec<usize> = Vec::new();
    for i in 0..read.len() {
        let key = |k: usize| (read[k].2.clone(), read[k].1.operation.to_ascii_lowercase());
        match chosen.iter().position(|&c| key(c) == key(i)) {
            None => chosen.push(i),
            Some(at) => {
                let c = chosen[at];
                let (win, lose) = if better(&read[i], &read[c]) { (i, c) } else { (c, i) };
                chosen[at] = win;
                plan.notes.push(format!(
                    "{}: two pages document {}; using {} ({}), not {}",
                    read[win].2,
                    read[win].1.operation,
                    read[win].0.shown.display(),
                    why_better(&read[win], &read[lose]),
                    read[lose].0.shown.display()
                ));
            }
        }
    }
    chosen.sort_unstable();
    // Shapes known to each service: committed ones and those the chosen pages document.
    let mut known: Vec<(String, String)> = specs
        .iter()
        .filter_map(|f| {
            let parts: Vec<&str> = f.path.iter().filter_map(|p| p.to_str()).collect();
            match parts.as_slice() {
                [v, s, "shapes", file] => Some((format!("{v}/{s}"), file.trim_end_matches(".yaml").to_owned())),
                _ => None,
            }
        })
        .collect();
    let mut built_all = Vec::new();
    for &i in &chosen {
        let (p, page, svc) = &read[i];
        let built = build::build(page, &p.name, svc);
        known.extend(built.shapes.iter().map(|(n, _)| (svc.clone(), n.clone())));
        built_all.push((i, built));
    }
    let existing = |path: &PathBuf| specs.iter().find(|f| &f.path == path);
    // A structure several pages document is written from the fullest table of it.
    let mut owner: Vec<(PathBuf, usize, (usize, usize, usize))> = Vec::new();
    // What each page says the structure is: the description of the row that refers to it,
    // which speaks of that page's use (`filters` of one operation, "数据盘列表").
    let mut described: Vec<(PathBuf, Option<serde_yaml::Value>)> = Vec::new();
    for (at, (i, built)) in built_all.iter().enumerate() {
        for (name, shape) in &built.shapes {
            let path = PathBuf::from(&read[*i].2).join("shapes").join(format!("{name}.yaml"));
            let description = shape.get("description").cloned();
            if !described.iter().any(|(p, d)| *p == path && *d == description) {
                described.push((path.clone(), description));
            }
            let score = shape_score(shape);
            match owner.iter_mut().find(|(p, _, _)| *p == path) {
                None => owner.push((path, at, score)),
                Some(o) => {
                    let winner = if score > o.2 { at } else { o.1 };
                    plan.notes.push(format!(
                        "{}: {} and {} both document {name}; the fuller table, from {}, is used",
                        read[*i].2,
                        read[built_all[o.1].0].0.shown.display(),
                        read[*i].0.shown.display(),
                        read[built_all[winner].0].0.shown.display(),
                    ));
                    if score > o.2 {
                        *o = (path, at, score);
                    }
                }
            }
        }
    }
    for (at, (i, mut built)) in built_all.into_iter().enumerate() {
        let (p, _, svc) = &read[i];
        let mut missing = Vec::new();
        let is_known = |name: &str| known.iter().any(|(s, n)| s == svc && n == name);
        unknown_shapes(&mut built.file, &is_known, &mut missing);
        for (_, shape) in built.shapes.iter_mut() {
            unknown_shapes(shape, &is_known, &mut missing);
        }
        for name in missing {
            plan.notes.push(format!(
                "{}: structure `{name}` is documented neither on the page nor in {svc}/shapes: read as a map of strings",
                p.shown.display()
            ));
        }
        for w in &built.warnings {
            plan.notes.push(format!("{}:{}: {}", p.shown.display(), w.line, w.message));
        }
        let op_path = PathBuf::from(svc).join("operations").join(format!("{}.yaml", built.operation));
        let mut outputs = vec![(op_path, built.file.clone())];
        for (name, shape) in &built.shapes {
            let path = PathBuf::from(svc).join("shapes").join(format!("{name}.yaml"));
            if owner.iter().any(|(p, by, _)| *p == path && *by == at) {
                let mut shape = shape.clone();
                // Pages that describe a shared structure each by their own use: the shape
                // keeps none of them (each field that refers to it keeps its own).
                if described.iter().filter(|(p, _)| *p == path).count() > 1 {
                    if let serde_yaml::Value::Mapping(m) = &mut shape {
                        m.remove("description");
                    }
                }
                outputs.push((path, shape));
            }
        }
        for (path, value) in outputs {
            let (text, status) = match existing(&path) {
                Some(f) => match serde_yaml::from_str::<serde_yaml::Value>(&f.text) {
                    Ok(old) => {
                        let old = if adopt {
                            let (adopted, log) = merge::adopt(&old, &value);
                            for l in log {
                                plan.notes.push(format!("{}: adopted {l}", path.display()));
                            }
                            adopted
                        } else {
                            old
                        };
                        let merged = merge::merge(&old, &value);
                        let text = yaml::to_string(&merged);
                        if has_comments(&f.text) {
                            plan.notes.push(format!(
                                "{}: has YAML comments, which a write drops; move them into `x-note`s",
                                path.display()
                            ));
                        }
                        let status = if text == f.text { Status::Unchanged } else { Status::Updated };
                        (text, status)
                    }
                    Err(e) => {
                        plan.errors
                            .push(format!("{}: the committed spec does not parse ({e}); not merged", path.display()));
                        continue;
                    }
                },
                None => (yaml::to_string(&value), Status::New),
            };
            plan.files.push(Planned { path, text, status, page: p.shown.clone() });
        }
    }
    plan
}

/// How fully a structure's table documents it: its fields, then the values its lists of
/// allowed values name, then the length of its descriptions and examples.
fn shape_score(shape: &serde_yaml::Value) -> (usize, usize, usize) {
    use serde_yaml::Value;
    fn walk(v: &Value, enums: &mut usize, text: &mut usize) {
        match v {
            Value::Mapping(m) => {
                for (k, child) in m {
                    match (k.as_str(), child) {
                        (Some("enum"), Value::Sequence(values)) => *enums += values.len(),
                        (Some("description" | "example"), Value::String(s)) => *text += s.chars().count(),
                        _ => {}
                    }
                    walk(child, enums, text);
                }
            }
            Value::Sequence(list) => list.iter().for_each(|c| walk(c, enums, text)),
            _ => {}
        }
    }
    let fields = shape.get("fields").and_then(Value::as_sequence).map_or(0, Vec::len);
    let (mut enums, mut text) = (0, 0);
    walk(shape, &mut enums, &mut text);
    (fields, enums, text)
}

/// Replaces every `shape:` reference that names no known shape by a map of strings, and
/// lists the names.
fn unknown_shapes(v: &mut serde_yaml::Value, known: &dyn Fn(&str) -> bool, missing: &mut Vec<String>) {
    use serde_yaml::Value;
    match v {
        Value::Mapping(m) => {
            let shape = m.get("shape").and_then(Value::as_str).map(str::to_owned);
            if let Some(name) = shape.filter(|n| !known(n)) {
                m.remove("shape");
                m.insert("type".into(), "object".into());
                let mut values = serde_yaml::Mapping::new();
                values.insert("type".into(), "string".into());
                m.insert("additionalProperties".into(), Value::Mapping(values));
                if !missing.contains(&name) {
                    missing.push(name);
                }
            }
            for (_, child) in m.iter_mut() {
                unknown_shapes(child, known, missing);
            }
        }
        Value::Sequence(list) => list.iter_mut().for_each(|c| unknown_shapes(c, known, missing)),
        _ => {}
    }
}

/// The service a page's path names when the page itself does not (`aliyun-ecs/Reserved-
/// Instances/X.md`, `jdcloud-vm-2019/...`, `aliyun-ecs-DescribeImages.zh.md`).
fn service_in_path(name: &str) -> Option<String> {
    name.split('/').find_map(|part| {
        let mut words = part.split(['-', '.']);
        let vendor = words.next()?;
        let service = words.next()?;
        (matches!(vendor, "aliyun" | "jdcloud")
            && !service.is_empty()
            && service.chars().all(|c| c.is_ascii_lowercase()))
        .then(|| format!("{vendor}/{service}"))
    })
}

/// Whether a YAML text has comment lines (a line whose content starts with `#`, outside
/// literal and folded blocks).
pub fn has_comments(text: &str) -> bool {
    let mut block: Option<usize> = None;
    for line in text.lines() {
        let content = line.trim_start();
        let indent = line.len() - content.len();
        if let Some(base) = block {
            if content.is_empty() || indent > base {
                continue;
            }
            block = None;
        }
        if content.starts_with('#') {
            return true;
        }
        let value = content.trim_end();
        let opens = ["|", "|-", "|+", ">", ">-", ">+"]
            .iter()
            .any(|m| value.ends_with(&format!(": {m}")) || value == format!("- {m}"));
        if opens {
            block = Some(indent);
        }
    }
    false
}

fn rank(r: &(&PageFile, page::Page, String)) -> (u8, usize, bool) {
    let current =
        matches!(r.1.layout, page::Layout::AliyunMarkdown | page::Layout::JdcloudMarkdown | page::Layout::AliyunText);
    let rows = r.1.request.len() + r.1.response.len() + r.1.structures.iter().map(|s| s.rows.len()).sum::<usize>();
    let stem = r.0.shown.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    (u8::from(current), rows, stem == r.1.operation)
}

fn better(a: &(&PageFile, page::Page, String), b: &(&PageFile, page::Page, String)) -> bool {
    let (ra, rb) = (rank(a), rank(b));
    ra > rb || (ra == rb && a.0.shown < b.0.shown)
}

fn why_better(a: &(&PageFile, page::Page, String), b: &(&PageFile, page::Page, String)) -> &'static str {
    let (ra, rb) = (rank(a), rank(b));
    if ra.0 != rb.0 {
        "the current template"
    } else if ra.1 != rb.1 {
        "more documented rows"
    } else if ra.2 != rb.2 {
        "its file name is the operation's name"
    } else {
        "the first by path"
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn services_in_paths() {
        assert_eq!(super::service_in_path("aliyun-ecs/Reserved-Instances/X.md").as_deref(), Some("aliyun/ecs"));
        assert_eq!(super::service_in_path("jdcloud-vm-2019/Image/x.md").as_deref(), Some("jdcloud/vm"));
        assert_eq!(super::service_in_path("docs/aliyun-ecs-DescribeImages.zh.md").as_deref(), Some("aliyun/ecs"));
        assert_eq!(super::service_in_path("pages/Describe.md"), None);
    }

    #[test]
    fn comments_outside_blocks_only() {
        assert!(super::has_comments("a: 1\n# note\nb: 2\n"));
        assert!(super::has_comments("a:\n  - b: 1\n    # note\n"));
        assert!(!super::has_comments("a: |-\n  #### heading\n\n  # more\nb: 'x # y'\n"));
        assert!(super::has_comments("a: |-\n  text\n# after\n"));
    }
}
