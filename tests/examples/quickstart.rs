//! Quickstart: every operation of the SDK, against the embedded mock server.
//!
//! ```sh
//! cargo run --example quickstart
//! ```
//!
//! The mock listens on a free port of 127.0.0.1, checks each request's signature and
//! parameters against the specs, and answers with the documented samples. Against the real
//! services, drop the mock and `endpoint_url`, and give your own credentials.

use cloudsdk::aliyun::ecs;
use cloudsdk::jdcloud::vm;
use cloudsdk::{Config, Credentials};
use cloudsdk_tests::mock::{Mock, MockConfig};
use futures::StreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = Mock::start(MockConfig::new()).await?;
    // Serve 5 instances, so that DescribeInstances pages.
    mock.paginate("DescribeInstances", 5)?;
    let test = mock.credentials();
    println!("mock server on {} (access key id {})\n", mock.url(), test.access_key_id);

    let config = Config::builder()
        .credentials(Credentials::new(&test.access_key_id, &test.access_key_secret))
        .region("cn-hangzhou")
        .endpoint_url(mock.url())
        .build();
    let ecs = ecs::Client::new(&config);
    let vm = vm::Client::new(&config);

    let images = ecs.describe_images().image_owner_alias("self").page_size(10).send().await?;
    println!("DescribeImages: {} image(s) in all", images.total_count.unwrap_or_default());
    for image in &images.images {
        println!(
            "  {} {} ({}, {})",
            show(&image.image_id),
            show(&image.image_name),
            show(&image.os_name_en),
            status(&image.status)
        );
    }

    let family = ecs.describe_image_from_family().image_family("testImageFamily").send().await?;
    if let Some(image) = &family.image {
        println!(
            "\nDescribeImageFromFamily: latest of family {}: {}",
            show(&image.image_family),
            show(&image.image_id)
        );
    }

    let types = ecs
        .describe_image_support_instance_types()
        .image_id("ubuntu_16_0402_64_20G_alibase_20180409.vhd")
        .send()
        .await?;
    println!("\nDescribeImageSupportInstanceTypes: image {} runs on", show(&types.image_id));
    for t in &types.instance_types {
        let memory = t.memory_size.map(|m| format!("{m} GiB")).unwrap_or_else(|| "-".into());
        println!("  {} ({} vCPU, {memory})", show(&t.instance_type_id), t.cpu_core_count.unwrap_or_default());
    }

    println!("\nDescribeInstances, 2 per page:");
    let mut pages = ecs.describe_instances().page_size(2).into_paginator().pages();
    while let Some(page) = pages.next().await {
        let page = page?;
        println!(
            "  page {} of {} instance(s):",
            page.page_number.unwrap_or_default(),
            page.total_count.unwrap_or_default()
        );
        for instance in &page.instances {
            println!("    {} {} in {}", show(&instance.instance_id), status(&instance.status), show(&instance.zone_id));
        }
    }

    let constraints = vm.describe_image_constraints().region_id("cn-north-1").image_id("img-m5s0****29").send().await?;
    println!("\ndescribeImageConstraints (JD Cloud, request id {}):", show(&constraints.request_id));
    if let Some(c) = &constraints.image_constraints {
        if let Some(by_type) = &c.image_instance_type_constraint {
            let kind = by_type.constraints_type.as_ref().map_or("-", |k| k.as_str());
            println!("  image {} {kind}: {}", show(&c.image_id), by_type.instance_types.join(", "));
        }
    }

    println!("\nThe mock answered {} request(s).", mock.calls());
    Ok(())
}

/// An optional string, or `-`.
fn show(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("-")
}

/// An optional enum value, or `-`.
fn status<T: std::fmt::Display>(value: &Option<T>) -> String {
    value.as_ref().map_or_else(|| "-".to_owned(), T::to_string)
}
