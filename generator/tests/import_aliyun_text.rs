//! The Alibaba Cloud doc-center plain-text reader on small invented pages in the real layout.

use sdkgen::import::aliyun_text;

fn page(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import_pages/aliyun-text").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn dump_real() {
    let p = std::path::Path::new("/work/shared/docs/aliyun-ecs-DescribeImageFromFamily.en.txt");
    if let Ok(t) = std::fs::read_to_string(p) {
        println!("{:#?}", aliyun_text::read(&t));
    }
    let _ = page;
}
