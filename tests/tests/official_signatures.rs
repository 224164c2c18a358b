//! The vendors' official Python SDKs accept every request the generated clients send.
//!
//! `tests/official/verify_server.py` recomputes each signature with the official SDKs' own
//! code (alibabacloud-tea-openapi, alibabacloud-openapi-util and aliyun-python-sdk-core for
//! Alibaba's ACS3-HMAC-SHA256 and RPC V1; jdcloud-sdk 1.6.94 and 1.6.354 for JDCLOUD2 and
//! JDCLOUD3) and answers the documented sample when it matches. This test drives the real
//! clients against it: every operation, under every signature version, with values of every
//! kind (Chinese text, spaces, `*`, `~`, `+`, `/`, `=`, `&`, JSON-array strings, `Tag.N`
//! groups, `AdditionalAttributes.N`, booleans), with and without an STS token. Each call
//! must return the documented sample, and the verifier's log must hold one verdict per call:
//! accepted, with exactly the parameters the builder produced, and the security token as the
//! official SDK sends it (as is for Alibaba; base64-encoded for JD Cloud, whose
//! `JDCloudClient` encodes `x-jdcloud-security-token` before signing). One call per signature
//! version signs with a wrong secret and must be refused, so that the log also shows that
//! the verifier checks something. Then every operation of every service is sent once more
//! with only its required parameters (`tests/src/every_operation.rs`, written by `cargo
//! xtask codegen`), under every signature version, with and without a token: all accepted.
//! Every problem found is reported at once, at the end.
//!
//! It needs the verifier, so it is `#[ignore]`d in `cargo test --workspace` (which needs no
//! Python packages); `tests/official/run.sh` starts the verifier, sets
//! `CLOUDSDK_OFFICIAL_VERIFIER` to its base URL and runs it with `--ignored`. Run with
//! `--ignored` but without the variable, it fails and says what to run.

use cloudsdk::aliyun::ecs::{self, types::ImageStatus};
use cloudsdk::jdcloud::vm;
use cloudsdk::runtime::Params;
use cloudsdk::{AliyunSignature, Config, Credentials, Error, JdcloudSignature};
use cloudsdk_tests::{every_operation, Calls};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// The environment variable holding the verifier's base URL (`http://127.0.0.1:PORT`).
const VERIFIER_ENV: &str = "CLOUDSDK_OFFICIAL_VERIFIER";

/// The verifier's fixed test credentials (its defaults).
const ALIYUN_KEY: (&str, &str) = ("testid", "testsecret");
const JDCLOUD_KEY: (&str, &str) = ("ak", "sk");

/// An STS token shaped like a real one (base64 with `+`, `/`, `=`), plus `~`, `*`, `_`, `-`.
const STS_TOKEN: &str = "CAIS+sts/Token_with-chars~*AbC0123==";

/// Text with every character class that percent-encoders treat differently.
const TRICKY: &str = "中文 镜像 a*b~c+d/e=f&g%h?i#j'k(l)m!n@o:p,q;r$s";

/// The operations. The verifier answers each with its first documented JSON sample, or `{}`
/// when the page has none (StopInstance and DeleteInstance document only XML).
const OPERATIONS: [&str; 21] = [
    "TagResources",
    "StopInstance",
    "DeleteInstance",
    "CreateAutoProvisioningGroup",
    "ModifyInstanceAttribute",
    "RunCommand",
    "DescribeNetworkInterfaces",
    "modifyInstanceAttribute",
    "describeInstanceTemplates",
    "CreateHpcCluster",
    "RunInstances",
    "ListTagResources",
    "createInstances",
    "createImage",
    "deleteInstance",
    "CreateKeyPair",
    "DescribeImages",
    "DescribeImageFromFamily",
    "DescribeImageSupportInstanceTypes",
    "DescribeInstances",
    "describeImageConstraints",
];

/// One verdict of the verifier's log (`GET /__verify/log`).
#[derive(Debug, Deserialize)]
struct Verdict {
    operation: String,
    algorithm: String,
    ok: bool,
    detail: String,
    params: BTreeMap<String, String>,
    security_token: Option<String>,
}

/// What the log must say about one call.
#[derive(Debug)]
struct Expected {
    case: String,
    operation: &'static str,
    algorithm: &'static str,
    ok: bool,
    /// Parameters the builder produced (query, then path): the verifier must have decoded
    /// each with this exact value.
    params: Vec<(String, String)>,
    /// The security token as the official SDK sends it.
    token: Option<String>,
}

/// The calls made so far, under the current signature version and credentials.
struct Run {
    samples: HashMap<&'static str, serde_json::Value>,
    /// The algorithm name the verifier logs for the current calls.
    algorithm: &'static str,
    /// The security token the current calls must carry, as the official SDK sends it.
    token: Option<String>,
    expected: Vec<Expected>,
    /// Everything that went wrong, reported together at the end.
    failures: Vec<String>,
}

/// Each call of the exercise of every operation (`tests/src/every_operation.rs`, its
/// required parameters only) must be accepted too.
impl Calls for Run {
    fn call<O>(&mut self, operation: &'static str, sent: Params, result: Result<O, Error>)
    where
        O: DeserializeOwned + serde::Serialize + PartialEq + Debug,
    {
        self.accepted(&format!("{operation}, required parameters"), operation, sent, result);
    }
}

impl Run {
    fn new() -> Self {
        let samples = OPERATIONS
            .into_iter()
            .map(|op| {
                let sample = cloudsdk_tests::json_samples(op).into_iter().next();
                (op, sample.unwrap_or_else(|| serde_json::json!({})))
            })
            .collect();
        Self { samples, algorithm: "", token: None, expected: Vec::new(), failures: Vec::new() }
    }

    /// Starts the calls of one signature version, with an STS token (as the official SDK
    /// sends it) or without.
    fn scope(&mut self, algorithm: &'static str, token: Option<String>) {
        self.algorithm = algorithm;
        self.token = token;
    }

    fn case(&self, what: &str) -> String {
        let sts = if self.token.is_some() { " +STS" } else { "" };
        format!("{}{sts} {what}", self.algorithm)
    }

    /// Records a call that the verifier must have accepted, and checks that it returned
    /// the documented sample.
    fn accepted<O>(&mut self, what: &str, operation: &'static str, sent: Params, result: Result<O, Error>)
    where
        O: DeserializeOwned + PartialEq + Debug,
    {
        let case = self.case(what);
        match result {
            Ok(out) => {
                let sample = self.samples.entry(operation).or_insert_with(|| {
                    cloudsdk_tests::json_samples(operation).into_iter().next().unwrap_or_else(|| serde_json::json!({}))
                });
                let sample: O = serde_json::from_value(sample.clone()).expect("the sample deserializes");
                if out != sample {
                    self.failures.push(format!("{case}: {operation} did not return the documented sample: {out:?}"));
                }
            }
            // The verdict in the log says why.
            Err(Error::Service(e)) => {
                self.failures.push(format!("{case}: {operation} answered {} {}", e.status(), e.code()))
            }
            Err(e) => self.failures.push(format!("{case}: {operation} failed: {e}")),
        }
        let params = wire_params(&sent);
        let (algorithm, token) = (self.algorithm, self.token.clone());
        self.expected.push(Expected { case, operation, algorithm, ok: true, params, token });
    }

    /// Records a call signed with a wrong secret, which must have been refused with the
    /// vendor's signature error.
    fn refused<O: Debug>(&mut self, operation: &'static str, code: &str, status: u16, result: Result<O, Error>) {
        let case = self.case("wrong secret");
        match result {
            Err(Error::Service(e)) if (e.code(), e.status()) == (code, status) => {}
            other => self.failures.push(format!("{case}: must be refused with {code} ({status}), got {other:?}")),
        }
        let algorithm = self.algorithm;
        self.expected.push(Expected { case, operation, algorithm, ok: false, params: Vec::new(), token: None });
    }

    /// Compares the verifier's log with the calls made.
    fn check_log(&mut self, log: &[Verdict]) {
        if log.len() != self.expected.len() {
            self.failures.push(format!("{} calls but {} verdicts", self.expected.len(), log.len()));
        }
        for (verdict, want) in log.iter().zip(&self.expected) {
            let case = &want.case;
            if (verdict.operation.as_str(), verdict.algorithm.as_str()) != (want.operation, want.algorithm) {
                self.failures.push(format!("{case}: the verdict is for {} {}", verdict.operation, verdict.algorithm));
            }
            if verdict.ok != want.ok {
                let what = if verdict.ok { "accepted" } else { "refused" };
                self.failures.push(format!("{case}: {what} by the official SDK: {}", verdict.detail));
            }
            if !(want.ok && verdict.ok) {
                continue;
            }
            for (name, value) in &want.params {
                let decoded = verdict.params.get(name);
                if decoded != Some(value) {
                    self.failures.push(format!("{case}: {name} was {value:?}, the server decoded {decoded:?}"));
                }
            }
            if verdict.security_token != want.token {
                self.failures.push(format!(
                    "{case}: the security token arrived as {:?}; the official SDK sends {:?}",
                    verdict.security_token, want.token
                ));
            }
        }
    }
}

/// The builder's parameters as sent: query parameters, then path parameters.
fn wire_params(params: &Params) -> Vec<(String, String)> {
    let query = params.query().iter().cloned();
    let path = params.path_params().iter().map(|(name, value)| ((*name).to_owned(), value.clone()));
    query.chain(path).collect()
}

fn verifier_url() -> Option<String> {
    std::env::var(VERIFIER_ENV).ok().map(|v| v.trim().trim_end_matches('/').to_owned()).filter(|v| !v.is_empty())
}

/// One plain HTTP/1.1 exchange with the verifier itself; returns the status and the body.
fn verifier_request(base: &str, method: &str, path: &str) -> (u16, String) {
    let authority =
        base.strip_prefix("http://").unwrap_or_else(|| panic!("{VERIFIER_ENV}={base} is not an http:// URL"));
    let mut stream =
        TcpStream::connect(authority).unwrap_or_else(|e| panic!("cannot connect to the verifier at {base}: {e}"));
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("set a read timeout");
    let request =
        format!("{method} {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).expect("send to the verifier");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the verifier's answer");
    let text = String::from_utf8(raw).expect("the verifier answers UTF-8");
    let (head, body) = text.split_once("\r\n\r\n").expect("an HTTP answer");
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status line");
    (status, body.to_owned())
}

fn credentials(key: (&str, &str), secret: &str, token: Option<&str>) -> Credentials {
    let credentials = Credentials::new(key.0, secret);
    match token {
        Some(token) => credentials.with_security_token(token),
        None => credentials,
    }
}

/// A client of the verifier; one attempt per call, so one verdict per call.
fn ecs_client(base: &str, signature: AliyunSignature, secret: &str, token: Option<&str>) -> ecs::Client {
    let builder = Config::builder().credentials(credentials(ALIYUN_KEY, secret, token)).region("cn-hangzhou");
    ecs::Client::new(&builder.endpoint_url(base).max_attempts(1).aliyun_signature(signature).build())
}

/// A client of the verifier; one attempt per call, so one verdict per call.
fn vm_client(base: &str, signature: JdcloudSignature, secret: &str, token: Option<&str>) -> vm::Client {
    let builder = Config::builder().credentials(credentials(JDCLOUD_KEY, secret, token)).region("cn-north-1");
    vm::Client::new(&builder.endpoint_url(base).max_attempts(1).jdcloud_signature(signature).build())
}

/// Standard base64 with padding: how the official JD Cloud SDK sends a security token
/// (`JDCloudClient.__merge_headers` base64-encodes `x-jdcloud-security-token`).
fn base64(input: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in input.as_bytes().chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            let sextet = (n >> (18 - 6 * i)) & 63;
            out.push(if i <= chunk.len() { char::from(ALPHABET[sextet as usize]) } else { '=' });
        }
    }
    out
}

/// Every ECS operation through `client`, with values of every kind.
#[allow(deprecated)] // `show_expired` and `legacy_tags` (`Tag.N.key`) are documented, so sent.
async fn ecs_calls(run: &mut Run, client: &ecs::Client) {
    // Only the defaults: RegionId comes from Config::region.
    let req = client.describe_images();
    run.accepted("DescribeImages, defaults", "DescribeImages", req.params(), req.send().await);

    let req = client
        .describe_images()
        .region_id("cn-hangzhou")
        .image_name(TRICKY)
        .image_family("family with spaces+plus/slash=eq&amp~tilde*star")
        .statuses([ImageStatus::Available, ImageStatus::Creating])
        .image_owner_alias("self")
        .architecture("x86_64")
        .os_type("linux")
        .usage("instance")
        .snapshot_id("s-bp17ot2q7x72ggtw****")
        .resource_group_id("rg-中文")
        .action_type("CreateEcs")
        .page_number(1)
        .page_size(100)
        .show_expired(true)
        .is_support_io_optimized(true)
        .is_support_cloudinit(false)
        .dry_run(false)
        .tags([("env", "prod & test"), ("团队", "a+b/c=d e~*"), ("empty", "")])
        .legacy_tags([("old", "v/1+2")])
        .filters([("CreationStartTime", "2017-12-05T22:40Z"), ("CreationEndTime", "2017-12-06T22:40Z")]);
    run.accepted("DescribeImages, every kind", "DescribeImages", req.params(), req.send().await);

    let req = client.describe_image_from_family().region_id("cn-hangzhou").image_family(TRICKY);
    run.accepted("DescribeImageFromFamily", "DescribeImageFromFamily", req.params(), req.send().await);

    let req = client
        .describe_image_support_instance_types()
        .region_id("cn-hangzhou")
        .image_id("ubuntu_16_0402_64_20G_alibase_20180409.vhd")
        .action_type("*")
        .filters([("InstanceTypeId", "ecs.t1.*"), ("ImageId", "m-a b/c")]);
    let op = "DescribeImageSupportInstanceTypes";
    run.accepted(op, op, req.params(), req.send().await);

    let req = client
        .describe_instances()
        .region_id("cn-hangzhou")
        .instance_ids(["i-bp67acfmxazb4p****", "i-中文 +/=&~*", "i-\"quoted\"\\"])
        .private_ip_addresses(["172.16.1.1", "172.16.1.2"])
        .public_ip_addresses(Vec::<String>::new())
        .additional_attributes(["META_OPTIONS", "DDH_CLUSTER"])
        .instance_name("名字 *~+/=&")
        .status("Running")
        .instance_charge_type("PostPaid")
        .internet_charge_type("PayByTraffic")
        .instance_network_type("vpc")
        .vpc_id("v-bp1op7n6a4h1g5dc****")
        .io_optimized(true)
        .dry_run(false)
        .http_endpoint("enabled")
        .http_tokens("optional")
        .page_number(1)
        .page_size(10)
        .tags([("k1", "v 1"), ("k/2", "v+2"), ("键", "值")]);
    run.accepted("DescribeInstances", "DescribeInstances", req.params(), req.send().await);

    let req = client
        .create_key_pair()
        .region_id("cn-hangzhou")
        .key_pair_name("FinanceJoshuaV23:a_b-c")
        .resource_group_id("rg-resourcegroupid1")
        .tags([("FinanceDept", "FinanceDept.Joshua"), ("团队", "a+b/c=d e~*")]);
    run.accepted("CreateKeyPair", "CreateKeyPair", req.params(), req.send().await);

    // The client token is filled in (and signed) when it is not set.
    let req = client.create_hpc_cluster().name("hpc-Cluster-01").description(TRICKY);
    run.accepted("CreateHpcCluster, generated token", "CreateHpcCluster", req.params(), req.send().await);
    let req = client
        .create_hpc_cluster()
        .region_id("cn-hangzhou")
        .name("hpc-Cluster-01")
        .client_token("123e4567-e89b-12d3-a456-426655440000");
    run.accepted("CreateHpcCluster, caller's token", "CreateHpcCluster", req.params(), req.send().await);

    // Objects, groups of objects and nested numbering, flattened into what is signed.
    let req = client
        .list_tag_resources()
        .resource_type("instance")
        .resource_id(["i-bp1j6qtvdm8w0z1o****"])
        .tags([("env", "生产 a&b")])
        .tag_filters([ecs::types::ListTagResourcesTagFilter::builder()
            .tag_key("team")
            .tag_values(["ops", "dev team"])
            .build()]);
    run.accepted("ListTagResources, nested numbering", "ListTagResources", req.params(), req.send().await);

    // The writes of the README's flow.
    let req = client
        .tag_resources()
        .resource_type(ecs::types::ResourceType::Instance)
        .resource_id(["i-bp67acfmxazb4pd2****", "i-bp1j6qtvdm8w0z1o****"])
        .tags([("env", "生产 a&b"), ("owner", TRICKY)]);
    run.accepted("TagResources, two resources and two tags", "TagResources", req.params(), req.send().await);
    let req =
        client.stop_instance().instance_id("i-bp67acfmxazb4pd2****").force_stop(true).stopped_mode("StopCharging");
    run.accepted("StopInstance", "StopInstance", req.params(), req.send().await);
    let req = client.delete_instance().instance_id("i-bp67acfmxazb4pd2****").force(true);
    run.accepted("DeleteInstance", "DeleteInstance", req.params(), req.send().await);

    // RunInstances: a system disk, three data disks, two network interfaces with security
    // groups, and tags.
    use ecs::types::{RunInstancesDataDisk as Disk, RunInstancesNetworkInterface as Nic, RunInstancesSystemDisk};
    let req = client
        .run_instances()
        .image_id("aliyun_3_x64_20G_alibase_20240819.vhd")
        .instance_type("ecs.g7.large")
        .instance_name(TRICKY)
        .system_disk(RunInstancesSystemDisk::builder().size("40").category("cloud_essd").build())
        .data_disks([
            Disk::builder().size(100).category("cloud_essd").encrypted("true").build(),
            Disk::builder().size(200).snapshot_id("s-bp17441ohwka0yuh****").delete_with_instance(false).build(),
            Disk::builder().size(40).disk_name("数据盘 3").build(),
        ])
        .network_interfaces([
            Nic::builder().v_switch_id("vsw-1").security_group_ids(["sg-1", "sg-2"]).build(),
            Nic::builder().v_switch_id("vsw-2").security_group_ids(["sg-3"]).build(),
        ])
        .tags([("env", "生产"), ("team", "a b&c")]);
    run.accepted("RunInstances, objects and groups", "RunInstances", req.params(), req.send().await);

    use ecs::types::{
        CreateAutoProvisioningGroupLaunchConfiguration as Launch,
        CreateAutoProvisioningGroupLaunchConfigurationDataDisk as LaunchDisk,
    };
    let req = client.create_auto_provisioning_group().total_target_capacity("60").launch_configuration(
        Launch::builder()
            .image_id("m-bp1g7004ksh0oeuc****")
            .data_disks([LaunchDisk::builder().size(40).build(), LaunchDisk::builder().size(100).build()])
            .build(),
    );
    run.accepted(
        "CreateAutoProvisioningGroup, nested groups",
        "CreateAutoProvisioningGroup",
        req.params(),
        req.send().await,
    );
    // No region parameter documented: none is sent, yet the request is signed for the region.
    let req = client.modify_instance_attribute().instance_id("i-bp67acfmxazb4ph****").password(TRICKY);
    run.accepted("ModifyInstanceAttribute, no RegionId", "ModifyInstanceAttribute", req.params(), req.send().await);
    let req = client
        .run_command()
        .r#type("RunShellScript")
        .command_content("echo {{name}}")
        .parameters([("name", TRICKY)])
        .instance_id(["i-bp185dy2o3o6neg****"]);
    run.accepted("RunCommand, JSON map", "RunCommand", req.params(), req.send().await);
    let req = client.describe_network_interfaces().next_token("AAAAAdDWBF2****").max_results(50);
    run.accepted("DescribeNetworkInterfaces, token", "DescribeNetworkInterfaces", req.params(), req.send().await);
}

/// JD Cloud VM's operation through `client`.
async fn vm_calls(run: &mut Run, client: &vm::Client) {
    // regionId from Config::region; the documented image id, `*` included.
    let req = client.describe_image_constraints().image_id("img-m5s0****29");
    run.accepted(
        "describeImageConstraints, default region",
        "describeImageConstraints",
        req.params(),
        req.send().await,
    );

    let req = client.describe_image_constraints().region_id("cn-east-2").image_id("img-m5s0abcd29");
    run.accepted("describeImageConstraints", "describeImageConstraints", req.params(), req.send().await);

    // An id with every character class: what is signed must be what is sent.
    let req = client.describe_image_constraints().image_id("img a+b/c=d&e%41*~中");
    run.accepted(
        "describeImageConstraints, tricky imageId",
        "describeImageConstraints",
        req.params(),
        req.send().await,
    );

    // A JSON body of nested objects, signed by its hash.
    let spec = vm::types::InstanceSpec::builder()
        .az("cn-north-1a")
        .instance_type("g.n2.medium")
        .image_id("img-m5s0****29")
        .name("测试-实例 \"1\"")
        .data_disks([vm::types::InstanceDiskAttachmentSpec::builder()
            .disk_category("cloud")
            .cloud_disk_spec(vm::types::DiskSpec::builder().disk_type("ssd.gp1").disk_size_gb(40).build())
            .build()])
        .user_tags([("env", "a b&c")])
        .build();
    let req = client.create_instances().instance_spec(spec).max_count(2);
    run.accepted("createInstances, JSON body", "createInstances", req.params(), req.send().await);

    // A path whose last segment is a placeholder followed by an action, and a DELETE.
    let req = client.create_image().instance_id("i-eumm264r0v").name("image-1").description("镜像 a&b");
    run.accepted("createImage, :action path", "createImage", req.params(), req.send().await);
    let req = client.delete_instance().instance_id("i-eumm264r0v");
    run.accepted("deleteInstance, DELETE", "deleteInstance", req.params(), req.send().await);
    let req = client.modify_instance_attribute().instance_id("i-eumm264r0v").name("vm-1").description(TRICKY);
    run.accepted("modifyInstanceAttribute, body", "modifyInstanceAttribute", req.params(), req.send().await);
    let req = client
        .describe_instance_templates()
        .filters([vm::types::Filter::builder().name("name").values(["a b", "c&d=e"]).build()]);
    run.accepted("describeInstanceTemplates, filters", "describeInstanceTemplates", req.params(), req.send().await);
}

#[tokio::test]
#[ignore = "needs the official-SDK verifier: run tests/official/run.sh"]
async fn official_sdks_accept_every_request() {
    let Some(base) = verifier_url() else {
        panic!("{VERIFIER_ENV} is not set: run tests/official/run.sh, which starts the verifier and sets it");
    };
    let (status, body) = verifier_request(&base, "POST", "/__verify/reset");
    assert_eq!(status, 200, "reset: {body}");
    let mut run = Run::new();

    for (signature, algorithm) in [(AliyunSignature::V3, "ACS3-HMAC-SHA256"), (AliyunSignature::V1, "HMAC-SHA1")] {
        for token in [None, Some(STS_TOKEN)] {
            run.scope(algorithm, token.map(str::to_owned));
            let client = ecs_client(&base, signature, ALIYUN_KEY.1, token);
            ecs_calls(&mut run, &client).await;
            every_operation::aliyun_ecs(&client, &mut run).await;
        }
        run.scope(algorithm, None);
        let result = ecs_client(&base, signature, "not-the-secret", None).describe_instances().send().await;
        run.refused("DescribeInstances", "SignatureDoesNotMatch", 400, result);
    }

    for (signature, algorithm) in
        [(JdcloudSignature::V2, "JDCLOUD2-HMAC-SHA256"), (JdcloudSignature::V3, "JDCLOUD3-HMAC-SHA256")]
    {
        for token in [None, Some(STS_TOKEN)] {
            run.scope(algorithm, token.map(base64));
            let client = vm_client(&base, signature, JDCLOUD_KEY.1, token);
            vm_calls(&mut run, &client).await;
            every_operation::jdcloud_vm(&client, &mut run).await;
        }
        run.scope(algorithm, None);
        let wrong = vm_client(&base, signature, "not-the-secret", None);
        let result = wrong.describe_image_constraints().image_id("img-m5s0abcd29").send().await;
        run.refused("describeImageConstraints", "UNAUTHENTICATED", 401, result);
    }

    let (status, body) = verifier_request(&base, "GET", "/__verify/log");
    assert_eq!(status, 200, "log: {body}");
    let log: Vec<Verdict> = serde_json::from_str(&body).expect("the log is JSON");
    run.check_log(&log);
    assert!(run.failures.is_empty(), "{} problem(s):\n{}", run.failures.len(), run.failures.join("\n"));
    let accepted = log.iter().filter(|v| v.ok).count();
    println!(
        "official_signatures: the official SDKs accepted {accepted} requests and refused the {} signed with a wrong secret",
        log.len() - accepted
    );
}
