//! Every operation through the generated clients, over loopback HTTP against the mock, with
//! every signature version: the mock verifies each signature and validates each parameter
//! against the specs, and answers with the documented sample.

mod support;

use cloudsdk::aliyun::ecs::{self, types::ImageStatus};
use cloudsdk::jdcloud::vm;
use cloudsdk::{AliyunSignature, JdcloudSignature};
use cloudsdk_tests::mock::{Mock, TestCredentials};
use support::{config, sample, start, start_with, statuses};

async fn call_every_ecs_operation(mock: &Mock, client: &ecs::Client) {
    let images = client.describe_images().region_id("cn-hangzhou").send().await.unwrap();
    assert_eq!(images, sample::<ecs::DescribeImagesOutput>("DescribeImages"));
    assert_eq!(images.images[0].image_id.as_deref(), Some("m-bp1g7004ksh0oeuc****"));
    assert_eq!(images.total_count, Some(1));

    let family = client
        .describe_image_from_family()
        .region_id("cn-hangzhou")
        .image_family("testImageFamily")
        .send()
        .await
        .unwrap();
    assert_eq!(family, sample::<ecs::DescribeImageFromFamilyOutput>("DescribeImageFromFamily"));
    assert_eq!(family.image.as_ref().and_then(|i| i.image_family.as_deref()), Some("testImageFamily"));

    let types = client
        .describe_image_support_instance_types()
        .region_id("cn-hangzhou")
        .image_id("ubuntu_16_0402_64_20G_alibase_20180409.vhd")
        .send()
        .await
        .unwrap();
    assert_eq!(types, sample::<ecs::DescribeImageSupportInstanceTypesOutput>("DescribeImageSupportInstanceTypes"));
    let first = &types.instance_types[0];
    assert_eq!((first.instance_type_id.as_deref(), first.memory_size), (Some("ecs.t1.xsmall"), Some(0.5)));

    let instances = client
        .describe_instances()
        .region_id("cn-hangzhou")
        .instance_ids(["i-bp1j4i2jdf3owlhe****"])
        .send()
        .await
        .unwrap();
    assert_eq!(instances, sample::<ecs::DescribeInstancesOutput>("DescribeInstances"));
    assert_eq!(instances.total_count, Some(58));
    assert_eq!(instances.instances[0].instance_id.as_deref(), Some("i-bp1j4i2jdf3owlhe****"));

    let operations: Vec<_> = mock.requests().iter().map(|r| r.operation.clone().unwrap_or_default()).collect();
    assert_eq!(
        operations,
        ["DescribeImages", "DescribeImageFromFamily", "DescribeImageSupportInstanceTypes", "DescribeInstances"]
    );
    assert_eq!(statuses(mock), [200; 4]);
}

#[tokio::test]
async fn every_ecs_operation_with_signature_v3() {
    let mock = start().await;
    let client = ecs::Client::new(&config(&mock).aliyun_signature(AliyunSignature::V3).build());
    call_every_ecs_operation(&mock, &client).await;
    for request in mock.requests() {
        let authorization = request.header("authorization").unwrap_or_default();
        assert!(authorization.starts_with("ACS3-HMAC-SHA256 Credential=mock-access-key-id,"), "{authorization}");
        assert_eq!(request.param("Signature"), None);
    }
}

#[tokio::test]
async fn every_ecs_operation_with_signature_v1() {
    let mock = start().await;
    let client = ecs::Client::new(&config(&mock).aliyun_signature(AliyunSignature::V1).build());
    call_every_ecs_operation(&mock, &client).await;
    for request in mock.requests() {
        assert_eq!(request.header("authorization"), None);
        assert_eq!(request.param("SignatureMethod"), Some("HMAC-SHA1"));
        assert!(request.param("Signature").is_some());
    }
}

#[tokio::test]
async fn describe_image_constraints_with_jdcloud_v2_and_v3() {
    for (signature, algorithm) in
        [(JdcloudSignature::V2, "JDCLOUD2-HMAC-SHA256"), (JdcloudSignature::V3, "JDCLOUD3-HMAC-SHA256")]
    {
        let mock = start().await;
        let client = vm::Client::new(&config(&mock).jdcloud_signature(signature).build());
        let out = client
            .describe_image_constraints()
            .region_id("cn-north-1")
            .image_id("img-m5s0****29")
            .send()
            .await
            .unwrap();
        assert_eq!(out, sample::<vm::DescribeImageConstraintsOutput>("describeImageConstraints"));
        assert_eq!(out.request_id.as_deref(), Some("46162394283a49252c51f0e94e9e2e25"));
        let constraints = out.image_constraints.as_ref().unwrap();
        assert_eq!(constraints.image_id.as_deref(), Some("img-m5s0****29"));
        let by_type = constraints.image_instance_type_constraint.as_ref().unwrap();
        assert_eq!(by_type.constraints_type.as_ref().map(|t| t.as_str()), Some("excludes"));
        assert_eq!(by_type.instance_types.len(), 4);

        let request = &mock.requests()[0];
        assert_eq!(request.path, "/v1/regions/cn-north-1/images/img-m5s0%2A%2A%2A%2A29/constraints");
        assert!(request.header("authorization").unwrap_or_default().starts_with(algorithm));
        assert_eq!(request.status, 200);
    }
}

#[tokio::test]
async fn sts_security_token_with_v3_and_v1() {
    let token = "CAIS+sts/token==with~special*chars";
    for signature in [AliyunSignature::V3, AliyunSignature::V1] {
        let mock = start_with(TestCredentials::default().with_security_token(token)).await;
        let client = ecs::Client::new(&config(&mock).aliyun_signature(signature).build());
        let out = client.describe_instances().send().await.unwrap();
        assert_eq!(out.total_count, Some(58));
        let request = &mock.requests()[0];
        let sent = match signature {
            AliyunSignature::V1 => request.param("SecurityToken"),
            _ => request.header("x-acs-security-token"),
        };
        assert_eq!(sent, Some(token), "{signature:?}");
    }
}

#[tokio::test]
async fn jdcloud_security_token_travels_base64_encoded_and_signed() {
    let token = "jd-sts/token+with=chars";
    for signature in [JdcloudSignature::V2, JdcloudSignature::V3] {
        let mock = start_with(TestCredentials::default().with_security_token(token)).await;
        let client = vm::Client::new(&config(&mock).jdcloud_signature(signature).build());
        let out = client.describe_image_constraints().region_id("cn-north-1").image_id("img-1").send().await.unwrap();
        assert!(out.image_constraints.is_some());
        let request = &mock.requests()[0];
        assert_eq!(
            request.header("x-jdcloud-security-token"),
            Some("amQtc3RzL3Rva2VuK3dpdGg9Y2hhcnM="),
            "{signature:?}"
        );
        let authorization = request.header("authorization").unwrap_or_default();
        assert!(authorization.contains("x-jdcloud-security-token"), "{authorization}");
    }
}

#[tokio::test]
async fn a_missing_security_token_is_rejected() {
    let mock = start_with(TestCredentials::default().with_security_token("TOKEN")).await;
    let without_token = cloudsdk::Credentials::new(
        mock.credentials().access_key_id.clone(),
        mock.credentials().access_key_secret.clone(),
    );
    let client = ecs::Client::new(&config(&mock).credentials(without_token).build());
    let e = client.describe_instances().send().await.unwrap_err();
    assert_eq!(e.as_service().map(|s| s.code()), Some("InvalidSecurityToken.MismatchWithAccessKey"));
}

#[tokio::test]
async fn the_default_region_fills_region_id_and_region_id_path_parameter() {
    let mock = start().await;
    let cfg = config(&mock).region("cn-beijing").build();
    ecs::Client::new(&cfg).describe_images().send().await.unwrap();
    vm::Client::new(&cfg).describe_image_constraints().image_id("img-1").send().await.unwrap();
    let requests = mock.requests();
    assert_eq!(requests[0].param("RegionId"), Some("cn-beijing"));
    assert_eq!(requests[1].path, "/v1/regions/cn-beijing/images/img-1/constraints");
    let scope = requests[1].header("authorization").unwrap_or_default();
    assert!(scope.contains("/cn-beijing/vm/jdcloud2_request"), "{scope}");
}

/// Every parameter style the builders write is what the mock, reading the same specs,
/// accepts: comma lists, JSON arrays, numbered lists and groups, booleans, enums, and
/// characters that need encoding.
#[tokio::test]
#[allow(deprecated)]
async fn parameters_of_every_style_pass_validation_with_both_signatures() {
    for signature in [AliyunSignature::V3, AliyunSignature::V1] {
        let mock = start().await;
        let client = ecs::Client::new(&config(&mock).aliyun_signature(signature).build());
        client
            .describe_images()
            .statuses([ImageStatus::Available, ImageStatus::Creating])
            .image_owner_alias("self")
            .architecture("x86_64")
            .page_number(2)
            .page_size(50)
            .show_expired(true)
            .tags([("env", "prod test"), ("team~x", "a*b")])
            .legacy_tags([("old", "v")])
            .filters([("CreationStartTime", "2017-12-05T22:40Z")])
            .image_name("中文镜像 test*name~v1")
            .image_family("a+b/c=d&e%f")
            .send()
            .await
            .unwrap();
        client
            .describe_instances()
            .instance_ids(["i-1", "i-2"])
            .private_ip_addresses(Vec::<String>::new())
            .additional_attributes(["META_OPTIONS", "DDH_CLUSTER"])
            .io_optimized(true)
            .status("Running")
            .instance_charge_type("PostPaid")
            .http_endpoint("enabled")
            .send()
            .await
            .unwrap();
        assert_eq!(statuses(&mock), [200, 200], "{signature:?}");
        assert_eq!(mock.requests()[0].param("ImageFamily"), Some("a+b/c=d&e%f"));
    }
}
