//! The wire parameters each builder produces, for every kind of parameter, pinned by
//! snapshot: scalars, booleans as `true`/`false`, enums, comma lists, JSON-array strings,
//! numbered lists and groups (from 1), deprecated spellings, and path parameters.

use cloudsdk::aliyun::ecs::{self, types::ImageStatus};
use cloudsdk::jdcloud::vm;
use cloudsdk::{Config, Credentials};

fn config() -> Config {
    Config::builder().credentials(Credentials::new("AKID", "SECRET")).region("cn-hangzhou").build()
}

fn render(params: &cloudsdk::runtime::Params) -> String {
    let mut out = String::new();
    for (name, value) in params.path_params() {
        out.push_str(&format!("path  {name} = {value}\n"));
    }
    for (name, value) in params.query() {
        out.push_str(&format!("query {name} = {value}\n"));
    }
    out
}

#[test]
#[allow(deprecated)]
fn describe_images_every_kind() {
    let req = ecs::Client::new(&config())
        .describe_images()
        .region_id("cn-hangzhou")
        .statuses([ImageStatus::Available, ImageStatus::Creating])
        .image_owner_alias("self")
        .architecture("x86_64")
        .page_number(2)
        .page_size(50)
        .dry_run(false)
        .show_expired(true)
        .is_support_io_optimized(true)
        .tags([("env", "prod"), ("team", "a b")])
        .legacy_tags([("old", "v")])
        .filters([("CreationStartTime", "2017-12-05T22:40Z")])
        .image_name("中文镜像 test*name~v1");
    insta::assert_snapshot!(render(&req.params()));
}

#[test]
fn single_status_and_unknown_enum_value() {
    let req = ecs::Client::new(&config()).describe_images().status("Deprecated").usage("something-new");
    insta::assert_snapshot!(render(&req.params()));
}

#[test]
fn describe_instances_json_arrays_and_numbered_lists() {
    let req = ecs::Client::new(&config())
        .describe_instances()
        .instance_ids(["i-1", "i-2"])
        .private_ip_addresses(Vec::<String>::new())
        .additional_attributes(["META_OPTIONS", "DDH_CLUSTER"])
        .io_optimized(true)
        .status("Running")
        .instance_charge_type("PostPaid")
        .http_endpoint("enabled")
        .tags([("k", "v")]);
    insta::assert_snapshot!(render(&req.params()));
}

#[test]
fn setters_replace_lists() {
    let req = ecs::Client::new(&config())
        .describe_instances()
        .instance_ids(["i-1"])
        .instance_ids(["i-2", "i-3"])
        .tags([("a", "1")])
        .tags([("b", "2")]);
    let params = req.params();
    assert_eq!(
        params.query(),
        &[
            ("InstanceIds".to_owned(), r#"["i-2","i-3"]"#.to_owned()),
            ("Tag.1.Key".to_owned(), "b".to_owned()),
            ("Tag.1.Value".to_owned(), "2".to_owned()),
        ]
    );
}

#[test]
fn jdcloud_path_parameters() {
    let req =
        vm::Client::new(&config()).describe_image_constraints().region_id("cn-north-1").image_id("img-m5s0****29");
    insta::assert_snapshot!(render(&req.params()));
}

#[test]
fn nothing_set_sends_nothing() {
    let req = ecs::Client::new(&config()).describe_images();
    assert!(req.params().query().is_empty());
}
