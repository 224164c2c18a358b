//! The write flow of the README and `examples/write_flow.rs` through the generated client,
//! with both Alibaba Cloud signatures: create an instance, wait until Running with a
//! paginated describe, tag it, stop it, delete it. The mock verifies every signature and
//! validates every parameter against the specs.

mod support;

use cloudsdk::aliyun::ecs::{self, types::InstanceStatus, types::ResourceType};
use cloudsdk::AliyunSignature;
use cloudsdk_tests::mock::Fault;
use futures::StreamExt;
use support::{config, start, statuses};

async fn flow(ecs: &ecs::Client) -> Result<String, cloudsdk::Error> {
    let created = ecs
        .run_instances()
        .image_id("aliyun_3_x64_20G_alibase_20240528.vhd")
        .instance_type("ecs.g7.large")
        .amount(1)
        .send()
        .await?;
    let id = created.instance_id_sets[0].clone();
    let mut instances = ecs.describe_instances().instance_ids([id.as_str()]).page_size(2).into_paginator().items();
    let mut running = 0;
    while let Some(instance) = instances.next().await {
        running += usize::from(instance?.status == Some(InstanceStatus::Running));
    }
    assert!(running > 0, "the sample's instances are Running");
    ecs.tag_resources()
        .resource_type(ResourceType::Instance)
        .resource_id([id.as_str()])
        .tags([("env", "staging"), ("owner", "web")])
        .send()
        .await?;
    ecs.stop_instance().instance_id(id.as_str()).force_stop(true).send().await?;
    ecs.delete_instance().instance_id(id.as_str()).send().await?;
    Ok(id)
}

#[tokio::test]
async fn create_wait_tag_stop_delete_with_both_signatures() {
    let mock = start().await;
    mock.paginate("DescribeInstances", 3).unwrap();
    for signature in [AliyunSignature::V3, AliyunSignature::V1] {
        mock.reset();
        let client = ecs::Client::new(&config(&mock).aliyun_signature(signature).build());
        let id = flow(&client).await.unwrap();
        assert_eq!(id, "i-bp67acfmxazb4pd2****", "RunInstances' documented sample");

        let requests = mock.requests();
        let operations: Vec<_> = requests.iter().map(|r| r.operation.clone().unwrap_or_default()).collect();
        assert_eq!(
            operations,
            [
                "RunInstances",
                "DescribeInstances",
                "DescribeInstances",
                "TagResources",
                "StopInstance",
                "DeleteInstance"
            ],
            "{signature:?}"
        );
        assert_eq!(statuses(&mock), [200; 6], "{signature:?}");
        // The paginator asked for the second page of 3 instances, 2 per page.
        assert_eq!(requests[2].param("PageNumber"), Some("2"));
        let tag = &requests[3];
        let sent = ["RegionId", "ResourceType", "ResourceId.1", "Tag.1.Key", "Tag.1.Value", "Tag.2.Key", "Tag.2.Value"]
            .map(|name| tag.param(name));
        assert_eq!(
            sent,
            ["cn-hangzhou", "instance", "i-bp67acfmxazb4pd2****", "env", "staging", "owner", "web"].map(Some),
            "{signature:?}"
        );
        assert_eq!(requests[4].param("ForceStop"), Some("true"));
        assert_eq!(requests[5].param("InstanceId"), Some("i-bp67acfmxazb4pd2****"));
    }
}

#[tokio::test]
async fn a_stop_or_delete_that_failed_on_the_service_is_not_repeated() {
    let mock = start().await;
    let client = ecs::Client::new(&config(&mock).build());
    mock.fail_next(1, Fault::unavailable());
    let e = client.stop_instance().instance_id("i-1").send().await.unwrap_err();
    assert_eq!(e.as_service().map(|s| s.code()), Some("ServiceUnavailable"), "{e:?}");
    mock.fail_next(1, Fault::unavailable());
    let e = client.delete_instance().instance_id("i-1").send().await.unwrap_err();
    assert!(e.as_service().is_some(), "{e:?}");
    assert_eq!(statuses(&mock), [503, 503], "each write was sent once");
}

#[tokio::test]
async fn tag_resources_requires_its_documented_parameters_and_sends_nothing_without_them() {
    let mock = start().await;
    let client = ecs::Client::new(&config(&mock).build());
    let e = client.tag_resources().resource_type(ResourceType::Instance).send().await.unwrap_err();
    assert!(e.to_string().contains("ResourceId"), "{e}");
    assert_eq!(mock.calls(), 0);
}
