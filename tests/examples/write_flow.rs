//! A write flow against the embedded mock server: create an instance, wait until it is
//! Running with a paginated describe, tag it, stop it, delete it.
//!
//! ```sh
//! cargo run --example write_flow
//! ```
//!
//! The mock checks each request's signature and parameters against the specs and answers
//! with the documented samples (an answer of its own, marked as synthesized, where a page
//! has none). It keeps no state: the instance it describes is the page's sample, whatever
//! was created. Against the real services, drop the mock and `endpoint_url`, and give your
//! own credentials.

use cloudsdk::aliyun::ecs;
use cloudsdk::{Config, Credentials};
use cloudsdk_tests::mock::{Mock, MockConfig};
use futures::StreamExt;
use std::time::Duration;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = Mock::start(MockConfig::new()).await?;
    let test = mock.credentials();
    let config = Config::builder()
        .credentials(Credentials::new(&test.access_key_id, &test.access_key_secret))
        .region("cn-hangzhou")
        .endpoint_url(mock.url())
        .build();
    let ecs = ecs::Client::new(&config);
    let id = write_flow(&ecs).await?;
    println!("\n{id}: created, running, tagged, stopped and deleted; the mock answered {} request(s).", mock.calls());
    Ok(())
}

/// The flow itself, as it would run against the cloud.
async fn write_flow(ecs: &ecs::Client) -> Result<String, Box<dyn std::error::Error>> {
    // RunInstances creates and starts; its client token makes a retried call create once.
    let created = ecs
        .run_instances()
        .image_id("aliyun_3_x64_20G_alibase_20240528.vhd")
        .instance_type("ecs.g7.large")
        .security_group_id("sg-bp15ed6xe1yxeycg7****")
        .v_switch_id("vsw-bp1s5fnvk4gn2tws0****")
        .amount(1)
        .send()
        .await?;
    let id = created.instance_id_sets.first().cloned().ok_or("RunInstances returned no instance id")?;
    println!("RunInstances: {id}");

    // Poll until Running: every page of a describe filtered by the id.
    for attempt in 1.. {
        let mut instances = ecs.describe_instances().instance_ids([id.as_str()]).into_paginator().items();
        let mut running = false;
        while let Some(instance) = instances.next().await {
            let instance = instance?;
            let status = instance.status.as_ref().map_or("-".to_owned(), ToString::to_string);
            println!("DescribeInstances #{attempt}: {} is {status}", instance.instance_id.as_deref().unwrap_or("-"));
            running |= instance.status == Some(ecs::types::InstanceStatus::Running);
        }
        if running {
            break;
        }
        if attempt == 30 {
            return Err(format!("{id} is not Running after {attempt} checks").into());
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }

    let tagged = ecs
        .tag_resources()
        .resource_type(ecs::types::ResourceType::Instance)
        .resource_id([id.as_str()])
        .tags([("env", "staging"), ("owner", "web")])
        .send()
        .await?;
    println!("TagResources: request {}", tagged.request_id.as_deref().unwrap_or("-"));

    let stopped = ecs.stop_instance().instance_id(id.as_str()).send().await?;
    println!("StopInstance: request {}", stopped.request_id.as_deref().unwrap_or("-"));

    let deleted = ecs.delete_instance().instance_id(id.as_str()).send().await?;
    println!("DeleteInstance: request {}", deleted.request_id.as_deref().unwrap_or("-"));
    Ok(id)
}
