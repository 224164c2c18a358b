//! The Alibaba Cloud doc-center plain-text reader, on small invented pages in the real
//! layout (cells run together, unfenced samples, glued error rows, the site's navigation
//! around the page).

use sdkgen::import::page::{Language, Layout, Page, RowPlace};
use sdkgen::import::{self, aliyun_text};

fn text(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import_pages/aliyun-text").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn page(name: &str) -> Page {
    let t = text(name);
    assert!(aliyun_text::detect(&t), "{name} is not detected as plain text");
    let page = import::read(&t).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(page.layout, Layout::AliyunText);
    page
}

fn names(page: &Page) -> (Vec<&str>, Vec<&str>) {
    (
        page.request.iter().map(|(_, r)| r.name.as_str()).collect(),
        page.response.iter().map(|r| r.name.as_str()).collect(),
    )
}

#[test]
fn english_page() {
    let page = page("en-basic.txt");
    insta::assert_debug_snapshot!("aliyun_text_en_basic", page);
}

#[test]
fn chinese_page() {
    let page = page("zh-basic.txt");
    assert_eq!(page.language, Language::Zh);
    insta::assert_debug_snapshot!("aliyun_text_zh_basic", page);
}

#[test]
fn cut_off_page() {
    let page = page("cut-off.txt");
    insta::assert_debug_snapshot!("aliyun_text_cut_off", page);
}

#[test]
fn nested_response() {
    let page = page("nested.txt");
    insta::assert_debug_snapshot!("aliyun_text_nested", page);
}

#[test]
fn errors_on_several_lines_and_messy_text() {
    let page = page("errors-multiline.txt");
    insta::assert_debug_snapshot!("aliyun_text_errors_multiline", page);
}

#[test]
fn tricky_splits() {
    let en = page("en-basic.txt");
    let (req, resp) = names(&en);
    assert_eq!(req, ["RegionId", "SerialNo", "Mode", "Label", "PageSize"]);
    assert_eq!(resp, ["RequestId", "TotalQuota", "UsedQuota", "IsSubscribed"]);
    let row = |n: &str| en.request.iter().map(|(_, r)| r).find(|r| r.name == n).unwrap();
    assert_eq!(row("SerialNo").required, Some(false));
    assert_eq!(row("Mode").example.as_deref(), Some("Elastic"));
    assert_eq!(
        row("Mode").description,
        "The quota mode. Valid values:\n\n- Fixed: a fixed quota.\n- Elastic: a quota that grows with usage."
    );
    // `fixedstring` splits as a row but is the example of Label.
    assert_eq!(row("Label").example.as_deref(), Some("fixedstring"));
    assert_eq!(en.response.iter().map(|r| r.ty.as_str()).collect::<Vec<_>>(), ["string", "integer", "long", "boolean"]);
    let codes: Vec<_> = en.errors.iter().map(|e| (e.status, e.code.as_deref())).collect();
    assert_eq!(
        codes,
        [
            (Some(400), Some("InvalidParameter")),
            (Some(403), Some("Forbidden.RAM")),
            (Some(404), Some("InvalidRegionId.NotFound"))
        ]
    );
    assert_eq!(en.errors[1].message.as_deref(), Some("User not authorized to operate on the specified resource."));
    assert_eq!(en.errors[1].description.as_deref(), Some("You are not authorized to manage widgets."));

    let zh = page("zh-basic.txt");
    assert_eq!(zh.errors[1].code.as_deref(), Some("InvalidSize.ValueNotSupported"));
    assert_eq!(zh.errors[1].message.as_deref(), Some("The specified size is not supported"));
    assert_eq!(zh.errors[1].description.as_deref(), Some("指定的大小不支持。"));
    assert_eq!(zh.errors[2].code.as_deref(), Some("InvalidRegionId.NotFound"));
    assert_eq!(zh.errors[2].message, None);

    let nested = page("nested.txt");
    let (req, resp) = names(&nested);
    assert_eq!(req, ["RegionId", "Tag", "Key", "Value"]);
    assert_eq!(
        resp,
        [
            "RequestId",
            "Widgets",
            "Widget",
            "WidgetId",
            "SecurityGroupIds",
            "SecurityGroupId",
            "Config",
            "Limits",
            "MaxParts",
            "Parts",
            "PartName"
        ]
    );
    assert!(nested.response.iter().all(|r| r.depth.is_none()));
    let sample = &nested.response_examples[0].body;
    serde_json::from_str::<serde_json::Value>(sample).expect("the nested sample is whole JSON");
}

#[test]
fn every_cut_of_every_page_reads_without_panicking() {
    for name in ["en-basic.txt", "zh-basic.txt", "cut-off.txt", "nested.txt", "errors-multiline.txt"] {
        let t = text(name);
        let lines: Vec<&str> = t.lines().collect();
        for cut in 0..lines.len() {
            let head = lines[..cut].join("\n");
            let _ = aliyun_text::detect(&head);
            let _ = aliyun_text::read(&head);
            let mut without = lines.clone();
            without.remove(cut);
            let _ = aliyun_text::read(&without.join("\n"));
        }
        // Cuts inside lines (at character boundaries).
        for (i, _) in t.char_indices().step_by(7) {
            let _ = aliyun_text::read(&t[..i]);
        }
    }
}

#[test]
fn markdown_pages_are_not_plain_text() {
    let mut dirs = vec![std::path::PathBuf::from("/work/shared/docs"), std::path::PathBuf::from("/work/shared/corpus")];
    let mut seen = 0;
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                let t = std::fs::read_to_string(&p).unwrap_or_default();
                assert!(!aliyun_text::detect(&t), "{} detected as plain text", p.display());
                seen += 1;
            }
        }
    }
    eprintln!("{seen} Markdown pages checked");
}

/// The real page, when the machine has it (the repository holds no copy of it).
#[test]
fn describe_image_from_family_page() {
    let path = std::path::Path::new("/work/shared/docs/aliyun-ecs-DescribeImageFromFamily.en.txt");
    let Ok(t) = std::fs::read_to_string(path) else {
        eprintln!("{} missing: skipped", path.display());
        return;
    };
    assert!(aliyun_text::detect(&t));
    let page = import::read(&t).expect("reads");
    assert_eq!(page.operation, "DescribeImageFromFamily");
    assert_eq!(page.language, Language::En);
    let req: Vec<_> = page.request.iter().map(|(p, r)| (*p, r.name.as_str(), r.ty.as_str(), r.required)).collect();
    assert_eq!(
        req,
        [
            (RowPlace::Parameters, "RegionId", "string", Some(true)),
            (RowPlace::Parameters, "ImageFamily", "string", Some(true))
        ]
    );
    assert_eq!(page.request[0].1.example.as_deref(), Some("cn-hangzhou"));
    let resp: Vec<&str> = page.response.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        resp,
        [
            "RequestId",
            "Image",
            "CreationTime",
            "Status",
            "ImageFamily",
            "Progress",
            "IsCopied",
            "IsSupportIoOptimized",
            "ImageOwnerAlias",
            "IsSupportCloudinit",
            "ImageVersion",
            "Usage",
            "IsSelfShared",
            "Description",
            "Size",
            "Platform",
            "ImageName",
            "OSName",
            "ImageId",
            "OSType",
            "IsSubscribed",
            "ProductCode",
            "Architecture",
            "DiskDeviceMappings",
            "Type",
            "ImportOSSBucket",
            "SnapshotId",
            "ImportOSSObject",
            "Size",
            "Device",
            "Format",
            "Tags",
            "TagValue",
            "TagKey",
        ]
    );
    assert_eq!(page.response[1].ty, "object");
    assert_eq!(page.response_examples.len(), 1);
    assert_eq!(page.response_examples[0].format, "json");
    let json: serde_json::Value = serde_json::from_str(&page.response_examples[0].body).expect("the sample is JSON");
    assert_eq!(json["Image"]["ImageId"], "m-bp1g7004ksh0oeuc****");
    assert_eq!(page.errors.len(), 2);
    assert_eq!(page.errors[1].code.as_deref(), Some("InvalidRegionId.NotFound"));
    assert_eq!(page.errors[1].message.as_deref(), Some("The RegionId provided does not exist."));
    assert!(page.warnings.is_empty(), "{:#?}", page.warnings);
}
