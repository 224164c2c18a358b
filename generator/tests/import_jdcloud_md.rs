//! The JD Cloud Markdown reader: small invented pages in the real layouts (snapshots), tricky
//! cells, and every page of the local corpus when it is present.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sdkgen::import::jdcloud_md;
use sdkgen::import::page::{Layout, Page, RowPlace, Vendor};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import_pages/jdcloud").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(name: &str) -> Page {
    let text = fixture(name);
    assert!(jdcloud_md::detect(&text), "{name} is not detected as a JD Cloud page");
    jdcloud_md::read(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every `.md` file under `dir`, sorted.
fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
    out.sort();
}

/// Every Row.structure names a structure of the page, or the page warns about it.
fn structures_resolve(page: &Page) -> Result<(), String> {
    let names: Vec<&str> = page.structures.iter().map(|s| s.name.as_str()).collect();
    let rows =
        page.request.iter().map(|(_, r)| r).chain(&page.response).chain(page.structures.iter().flat_map(|s| &s.rows));
    for r in rows {
        if let Some(s) = &r.structure {
            let warned = page.warnings.iter().any(|w| w.message.contains(&format!("`{s}`")));
            if !names.contains(&s.as_str()) && !warned {
                return Err(format!(
                    "line {}: {} names structure {s}, neither on the page nor warned about",
                    r.line, r.name
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn every_corpus_page_reads() {
    let mut files = Vec::new();
    for dir in ["/work/shared/corpus/jdcloud-vm", "/work/shared/corpus/jdcloud-vm-2019"] {
        markdown_files(Path::new(dir), &mut files);
    }
    if let Ok(entries) = std::fs::read_dir("/work/shared/docs") {
        let mut docs: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                n.starts_with("jdcloud-") && n.ends_with(".md")
            })
            .collect();
        docs.sort();
        files.extend(docs);
    }
    if files.is_empty() {
        eprintln!("no JD Cloud corpus on this machine; skipped");
        return;
    }
    let (mut path, mut params, mut response, mut structure_rows, mut linked) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let (mut structures, mut errors) = (0usize, 0usize);
    let mut layouts: BTreeMap<String, usize> = BTreeMap::new();
    let mut warnings: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable corpus page");
        if !jdcloud_md::detect(&text) {
            failures.push(format!("{}: not detected", f.display()));
            continue;
        }
        let page = match jdcloud_md::read(&text) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{}: {e}", f.display()));
                continue;
            }
        };
        let mut problems = Vec::new();
        if page.operation.is_empty() {
            problems.push("no operation".to_owned());
        }
        if page.method.is_none() {
            problems.push("no method".to_owned());
        }
        if page.address.is_none() {
            problems.push("no address".to_owned());
        }
        if let Err(e) = structures_resolve(&page) {
            problems.push(e);
        }
        if page.vendor != Vendor::Jdcloud {
            problems.push("vendor".to_owned());
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}", f.display(), problems.join("; ")));
        }
        path += page.request.iter().filter(|(p, _)| *p == RowPlace::Path).count();
        params += page.request.iter().filter(|(p, _)| *p == RowPlace::Parameters).count();
        response += page.response.len();
        structures += page.structures.len();
        structure_rows += page.structures.iter().map(|s| s.rows.len()).sum::<usize>();
        linked += page
            .request
            .iter()
            .map(|(_, r)| r)
            .chain(&page.response)
            .chain(page.structures.iter().flat_map(|s| &s.rows))
            .filter(|r| r.structure.is_some())
            .count();
        errors += page.errors.len();
        *layouts.entry(format!("{:?}", page.layout)).or_default() += 1;
        for w in &page.warnings {
            eprintln!("{}:{}: {}", f.display(), w.line, w.message);
            let kind: String = w.message.split('`').step_by(2).collect::<Vec<_>>().join("…");
            *warnings.entry(kind).or_default() += 1;
        }
    }
    eprintln!(
        "{} pages {layouts:?}; rows: {path} path, {params} parameters, {response} response, {structure_rows} in \
         {structures} structures ({linked} naming a structure); {errors} error rows",
        files.len()
    );
    for (k, n) in &warnings {
        eprintln!("  {n:4} × {k}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn current_template_get() {
    let page = read("current_get.md");
    assert_eq!(page.layout, Layout::JdcloudMarkdown);
    insta::assert_debug_snapshot!(page);
}

#[test]
fn current_template_post() {
    let page = read("current_post.md");
    assert_eq!(page.layout, Layout::JdcloudMarkdown);
    insta::assert_debug_snapshot!(page);
}

#[test]
fn template_2019() {
    let page = read("legacy_2019.md");
    assert_eq!(page.layout, Layout::Jdcloud2019);
    insta::assert_debug_snapshot!(page);
}

#[test]
fn page_cut_off() {
    let page = read("truncated.md");
    insta::assert_debug_snapshot!(page);
}

#[test]
fn english_headings() {
    let page = read("english.md");
    insta::assert_debug_snapshot!(page);
}

/// A page of one request table holding `row`, under the current template's header.
fn one_row(row: &str) -> Page {
    let text = format!(
        "# op\n\n## 请求方式\nPOST\n\n## 请求地址\nhttps://vm.jdcloud-api.com/v1/x\n\n## 请求参数\n\
         |名称|类型|是否必选|示例值|描述|\n|---|---|---|---|---|\n{row}\n\n## 返回参数\n无\n\n## 返回码\n无\n"
    );
    jdcloud_md::read(&text).expect("reads")
}

#[test]
fn tricky_cells() {
    let p = one_row("|**names**|String[]|否|\\[&quot;a&quot;,&quot;b&quot;\\]|名称。|");
    let (place, r) = &p.request[0];
    assert_eq!(*place, RowPlace::Parameters);
    assert_eq!(r.name, "names");
    assert_eq!(r.example.as_deref(), Some(r#"["a","b"]"#));
    assert_eq!(r.required, Some(false));

    // A non-breaking space is an empty cell; `<br>` lines and a list in the description.
    let p = one_row("|**mode**|String|是|\u{a0}|模式。<br>可选值：<br>`a`：甲<br>`b`：乙<br>|");
    let r = &p.request[0].1;
    assert_eq!(r.example, None);
    assert_eq!(r.required, Some(true));
    assert_eq!(r.description, "模式。\n可选值：\n`a`：甲\n`b`：乙");

    // A link whose label holds brackets; the anchor names another section than the label.
    let p = one_row("|**filters**|[Filter[]](describeX#user-content-9)|否| |过滤。|\n\n### <div id=\"user-content-9\">Filter</div>\n\
                     |名称|类型|是否必选|示例值|描述|\n|---|---|---|---|---|\n|**name**|String|是|id|名称。|");
    let r = &p.request[0].1;
    assert_eq!(r.ty, "Filter[]");
    assert_eq!(r.structure.as_deref(), Some("Filter"));
    assert_eq!(p.structures[0].rows[0].name, "name");

    // A label in the wrong case resolves to the section's name; an unknown one is kept and warned.
    let p = one_row("|**spec**|[diskspec](x#user-content-8)|否| |盘。|\n|**other**|[Other](x#user-content-7)|否| |其他。|\n\n\
                     ### <div id=\"user-content-8\">DiskSpec</div>\n|名称|类型|是否必选|示例值|描述|\n|---|---|---|---|---|\n|**size**|Integer|是|20|大小。|");
    assert_eq!(p.request[0].1.ty, "diskspec");
    assert_eq!(p.request[0].1.structure.as_deref(), Some("DiskSpec"));
    assert_eq!(p.request[1].1.structure.as_deref(), Some("Other"));
    assert!(p.warnings.iter().any(|w| w.message.contains("`Other`") && w.line == 13), "{:?}", p.warnings);

    // A cell running over several lines; escaped pipes stay in the cell.
    let p = one_row("|**pw**|String|否|a\\|b|密码，特殊符号：\\|{}。\n第二行。|");
    let r = &p.request[0].1;
    assert_eq!(r.example.as_deref(), Some("a|b"));
    assert_eq!(r.description, "密码，特殊符号：|{}。\n第二行。");
}

#[test]
fn required_words_and_duplicates() {
    let p = one_row(
        "|**a**|String|True| |甲|\n|**b**|String|False| |乙|\n|**c**|String|maybe| |丙|\n|**a**|String|是| |重复|",
    );
    let req: Vec<_> = p.request.iter().map(|(_, r)| (r.name.as_str(), r.required)).collect();
    assert_eq!(req, vec![("a", Some(true)), ("b", Some(false)), ("c", None)]);
    let messages: Vec<&str> = p.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("`maybe`")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("listed twice")), "{messages:?}");
}

#[test]
fn sample_request_after_a_stray_fence() {
    let text = "# op\n\n## 描述\n改。\n\n## 请求方式\nPATCH\n\n## 请求地址\nhttps://vm.jdcloud-api.com/v1/x/{id}\n\n\
                ## 请求示例\nPATCH\n```\n```\n/v1/x/a1\n{\n    \"name\" : \"b\"\n}\n```\n\n```\n\n## 返回示例\n```\n{}\n```\n";
    let p = jdcloud_md::read(text).expect("reads");
    assert_eq!(p.request_example.as_deref(), Some("PATCH\n\n/v1/x/a1\n{\n    \"name\" : \"b\"\n}"));
    assert_eq!(p.request_body_example.as_deref(), Some("{\n    \"name\" : \"b\"\n}"));
    assert_eq!(p.response_examples.len(), 1);
    assert!(p.warnings.iter().any(|w| w.message.contains("not inside a code block")), "{:?}", p.warnings);
}

#[test]
fn detects_jd_pages_only() {
    assert!(jdcloud_md::detect("# x\n\n## 请求方式\nGET\n"));
    assert!(jdcloud_md::detect("# x\n\n## Request address\nhttps://vm.jdcloud-api.com/v1/x\n"));
    assert!(!jdcloud_md::detect(
        "# DescribeImages\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|---|---|---|---|---|\n"
    ));
    assert!(!jdcloud_md::detect(""));
    for dir in ["/work/shared/corpus/aliyun-ecs", "/work/shared/docs"] {
        let mut files = Vec::new();
        markdown_files(Path::new(dir), &mut files);
        if let Ok(entries) = std::fs::read_dir(dir) {
            files.extend(entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")));
        }
        for f in files {
            let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with("jdcloud-") {
                continue;
            }
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            assert!(!jdcloud_md::detect(&text), "{} detected as a JD Cloud page", f.display());
        }
    }
}

#[test]
fn odd_inputs_do_not_panic() {
    let inputs = [
        "",
        "#",
        "# op",
        "# op\n## 请求方式\n",
        "# op\n## 请求地址\n|名称|\n|---|\n|**a**",
        "# op\n## 请求参数\n|名称|类型|\n|---|---|\n|**a**|[X[](y|",
        "# op\n## 请求示例\n```\n/v1/x\n{",
        "# op\n## 返回码\n|HTTP状态码|错误码|\n|---|---|\n|**99999**|X|\n|||\n",
        "# op\n### <div id=\"\">\n|名称|\n|---|\n|a|",
        "# op\n## 描述\n<a href=\"x\">y\n<a href=>z</a> <a",
        "# \u{a0}\n## \u{a0}\n",
    ];
    for text in inputs {
        let _ = jdcloud_md::detect(text);
        let _ = jdcloud_md::read(text);
    }
}
