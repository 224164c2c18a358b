//! The runtime benches' inputs build and read once (no timing: benches report, tests check).
#![cfg(feature = "aliyun-ecs")]

#[path = "../benches/fixtures/mod.rs"]
mod fixtures;

use cloudsdk::aliyun::ecs;

#[test]
fn bench_inputs_build_and_read() {
    let params = fixtures::every_parameter().params();
    assert!(params.query().len() >= 30, "{:?}", params.query());
    let sample: ecs::DescribeInstancesOutput = serde_json::from_str(fixtures::SAMPLE).unwrap();
    assert!(!sample.instances.is_empty());
    let page: ecs::DescribeInstancesOutput = serde_json::from_slice(&fixtures::page_of_100()).unwrap();
    assert_eq!(page.instances.len(), 100);
}
