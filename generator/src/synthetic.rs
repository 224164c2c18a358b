//! The synthetic operation shape of the scale benchmarks (`../shared/bench/SYNTHETIC.md`):
//! N operations, each with its own item and nested types. Used by the generator's benches
//! and by `cargo xtask bench-compile`, which generates it into a scratch copy of the crate.

use crate::load::SourceFile;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The `service.yaml` of the synthetic service (feature `synth-bench`).
pub const SERVICE: &str = "\
vendor: aliyun
service: bench
title: Synthetic benchmark service
api_version: \"2024-01-01\"
protocol: rpc
feature: synth-bench
region_parameter: RegionId
endpoints:
  pattern: bench.{region}.example.test
signing:
  name: bench
  default: acs3-hmac-sha256
  algorithms: [acs3-hmac-sha256, hmac-sha1]
";

/// The spec files of `n` synthetic operations.
pub fn files(n: usize) -> Vec<SourceFile> {
    let mut files = vec![SourceFile { path: "aliyun/bench/service.yaml".into(), text: SERVICE.into() }];
    for i in 0..n {
        let op = format!("DescribeThings{i:04}");
        let mut t = format!("operation: {op}\nsource:\n  page: synthetic.md\n  language: en\nsummary: Lists things {i}.\nrequest:\n  parameters:\n");
        for s in 0..8 {
            let req = if s == 0 { "\n      required: true" } else { "" };
            write!(t, "    - name: Name{s}\n      type: string{req}\n      description: String parameter {s}.\n      example: value{s}\n").unwrap();
        }
        for k in 0..4 {
            write!(t, "    - name: Count{k}\n      type: integer\n      minimum: 1\n      maximum: 100\n      description: Integer parameter {k}.\n").unwrap();
        }
        for b in 0..3 {
            write!(t, "    - name: Flag{b}\n      type: boolean\n      description: Boolean parameter {b}.\n").unwrap();
        }
        t.push_str("    - name: State\n      type: string\n      description: The state.\n      enum:\n        - value: Pending\n        - value: Running\n        - value: Stopped\n        - value: Deleted\n");
        t.push_str("    - name: Ids\n      style: json\n      type: array\n      items:\n        type: string\n      maxItems: 100\n      description: Ids.\n");
        t.push_str("    - name: PageNumber\n      type: integer\n      minimum: 1\n    - name: PageSize\n      type: integer\n      maximum: 100\n");
        write!(t, "response:\n  fields:\n    - name: RequestId\n      type: string\n    - name: TotalCount\n      type: integer\n    - name: PageNumber\n      type: integer\n    - name: PageSize\n      type: integer\n    - name: Items\n      type: array\n      wrapper: Item\n      items:\n        shape: Item{i:04}\n").unwrap();
        t.push_str("pagination:\n  page_number: PageNumber\n  page_size: PageSize\n  total_count: TotalCount\n  items: Items\n");
        files.push(SourceFile { path: PathBuf::from(format!("aliyun/bench/operations/{op}.yaml")), text: t });

        let mut item = format!("shape: Item{i:04}\nfields:\n");
        for s in 0..20 {
            write!(item, "  - name: Text{s}\n    type: string\n    description: String field {s}.\n").unwrap();
        }
        for l in 0..5 {
            write!(item, "  - name: Big{l}\n    type: integer\n    format: int64\n").unwrap();
        }
        for b in 0..3 {
            write!(item, "  - name: On{b}\n    type: boolean\n").unwrap();
        }
        item.push_str("  - name: Ratio\n    type: number\n    format: double\n");
        item.push_str("  - name: Status\n    type: string\n    enum:\n      - value: Pending\n      - value: Running\n      - value: Stopped\n      - value: Deleted\n");
        write!(item, "  - name: Cpu\n    shape: Cpu{i:04}\n  - name: Network\n    shape: Network{i:04}\n  - name: Tags\n    type: array\n    wrapper: Tag\n    items:\n      shape: Tag{i:04}\n").unwrap();
        item.push_str("  - name: Labels\n    type: array\n    items:\n      type: string\n");
        files.push(SourceFile { path: PathBuf::from(format!("aliyun/bench/shapes/Item{i:04}.yaml")), text: item });
        let shapes = [
            (format!("Cpu{i:04}"), "  - name: Cores\n    type: integer\n  - name: Threads\n    type: integer\n  - name: Model\n    type: string\n"),
            (format!("Network{i:04}"), "  - name: VpcId\n    type: string\n  - name: SubnetId\n    type: string\n  - name: Addresses\n    type: array\n    items:\n      type: string\n"),
            (format!("Tag{i:04}"), "  - name: Key\n    type: string\n  - name: Value\n    type: string\n"),
        ];
        for (name, fields) in shapes {
            files.push(SourceFile {
                path: PathBuf::from(format!("aliyun/bench/shapes/{name}.yaml")),
                text: format!("shape: {name}\nfields:\n{fields}"),
            });
        }
    }
    files
}

/// Writes the spec files of `n` synthetic operations under `dir` (`dir/aliyun/bench/...`).
pub fn write(dir: &Path, n: usize) -> std::io::Result<()> {
    for f in files(n) {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, f.text)?;
    }
    Ok(())
}
