//! Runtime hot path, each typed figure beside a baseline on the same input:
//! signing one request (ACS3, RPC V1, JDCLOUD2, JDCLOUD3); the wire parameters of a
//! DescribeInstances request with every parameter set, alone and signed with ACS3;
//! deserializing the documented DescribeInstances sample and a synthetic page of 100
//! instances into `DescribeInstancesOutput`, beside `serde_json::from_slice::<Value>`.
//! Run with `cargo bench -p cloudsdk --bench runtime` (or `cargo xtask bench`).

#![allow(missing_docs)]

use cloudsdk::aliyun::ecs;
use cloudsdk::runtime::signing::{acs3, jdcloud, rpc_v1, AccessKey};
use divan::black_box;
use time::macros::datetime;

fn main() {
    divan::main();
}

#[path = "fixtures/mod.rs"]
mod fixtures;
use fixtures::{every_parameter, page_of_100, SAMPLE};

fn key() -> AccessKey<'static> {
    AccessKey::new("LTAI5tBenchmarkKey", "BenchmarkSecretValue")
}

fn query(req: &ecs::DescribeInstancesRequest) -> Vec<(String, String)> {
    let mut q = req.params().query().to_vec();
    q.push(("Action".into(), "DescribeInstances".into()));
    q.push(("Version".into(), "2014-05-26".into()));
    q
}

mod sign {
    use super::*;

    #[divan::bench]
    fn acs3_v3(b: divan::Bencher) {
        let q = query(&every_parameter());
        let headers = [
            ("host", "ecs.cn-hangzhou.aliyuncs.com"),
            ("x-acs-action", "DescribeInstances"),
            ("x-acs-version", "2014-05-26"),
            ("x-acs-date", "2024-01-01T00:00:00Z"),
            ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
            ("x-acs-content-sha256", cloudsdk::runtime::signing::EMPTY_PAYLOAD_SHA256),
        ];
        b.bench(|| {
            acs3::sign(
                "POST",
                "/",
                black_box(&q),
                black_box(&headers),
                cloudsdk::runtime::signing::EMPTY_PAYLOAD_SHA256,
                &key(),
            )
        });
    }

    #[divan::bench]
    fn rpc_v1(b: divan::Bencher) {
        let q = query(&every_parameter());
        b.bench(|| rpc_v1::sign("POST", black_box(&q), &key()));
    }

    fn jd(b: divan::Bencher, algorithm: jdcloud::Algorithm) {
        let request = jdcloud::Request {
            method: "GET",
            host: Some("vm.jdcloud-api.com"),
            path: "/v1/regions/cn-north-1/images/img-m5s0****/constraints",
            query: "pageNumber=1&pageSize=10",
            headers: &[("content-type", "application/json")],
            payload_hash: cloudsdk::runtime::signing::EMPTY_PAYLOAD_SHA256,
        };
        let params = jdcloud::SigningParams {
            algorithm,
            date_nonce: jdcloud::DateNonce::Signed,
            region: "cn-north-1",
            service: "vm",
            timestamp: datetime!(2024-01-01 00:00:00 UTC),
            nonce: "ebf8b26d-c3be-402f-9f10-f8b6573fd823",
        };
        b.bench(|| jdcloud::sign(black_box(&request), &params, &key()));
    }

    #[divan::bench]
    fn jdcloud2(b: divan::Bencher) {
        jd(b, jdcloud::Algorithm::Jdcloud2);
    }

    #[divan::bench]
    fn jdcloud3(b: divan::Bencher) {
        jd(b, jdcloud::Algorithm::Jdcloud3);
    }
}

mod wire {
    use super::*;

    /// The wire parameters of DescribeInstances with every parameter set.
    #[divan::bench]
    fn describe_instances_params(b: divan::Bencher) {
        let req = every_parameter();
        b.bench(|| black_box(&req).params());
    }

    /// The same, then signed with ACS3 (the target: under 20 µs together).
    #[divan::bench]
    fn describe_instances_params_and_acs3(b: divan::Bencher) {
        let req = every_parameter();
        let headers = [("host", "ecs.cn-hangzhou.aliyuncs.com"), ("x-acs-action", "DescribeInstances")];
        b.bench(|| {
            let q = query(black_box(&req));
            acs3::sign("POST", "/", &q, headers, cloudsdk::runtime::signing::EMPTY_PAYLOAD_SHA256, &key())
        });
    }
}

mod deserialize {
    use super::*;

    #[divan::bench]
    fn sample_typed(b: divan::Bencher) {
        let bytes = SAMPLE.as_bytes();
        b.bench(|| serde_json::from_slice::<ecs::DescribeInstancesOutput>(black_box(bytes)).expect("the sample reads"));
    }

    #[divan::bench]
    fn sample_value_baseline(b: divan::Bencher) {
        let bytes = SAMPLE.as_bytes();
        b.bench(|| serde_json::from_slice::<serde_json::Value>(black_box(bytes)).expect("the sample reads"));
    }

    #[divan::bench]
    fn page_of_100_typed(b: divan::Bencher) {
        let bytes = page_of_100();
        b.bench(|| serde_json::from_slice::<ecs::DescribeInstancesOutput>(black_box(&bytes)).expect("the page reads"));
    }

    #[divan::bench]
    fn page_of_100_value_baseline(b: divan::Bencher) {
        let bytes = page_of_100();
        b.bench(|| serde_json::from_slice::<serde_json::Value>(black_box(&bytes)).expect("the page reads"));
    }
}
