//! The wire parameters each builder produces, for every kind of parameter, pinned by
//! snapshot: scalars, booleans as `true`/`false`, enums, comma lists, JSON-array strings,
//! numbered lists and groups (from 1), deprecated spellings, path parameters; dotted objects,
//! lists of objects, nested numbering, JSON maps, JD Cloud bodies and query filters, with
//! unicode and reserved characters, as sent.

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

/// The parameters, then the query as sent (percent-encoded), then the JSON body.
fn render_wire(params: &cloudsdk::runtime::Params) -> String {
    let mut out = render(params);
    out.push_str(&format!("encoded {}\n", cloudsdk::runtime::signing::encode_query(params.query())));
    let body = cloudsdk::runtime::protocol::jdcloud_rest::body_bytes(params.body_members());
    if !body.is_empty() {
        out.push_str(&format!("body  {}\n", String::from_utf8(body).unwrap()));
    }
    out
}

#[test]
fn run_instances_objects_groups_and_nested_numbering() {
    use ecs::types::{RunInstancesDataDisk, RunInstancesNetworkInterface, RunInstancesSystemDisk};
    let req = ecs::Client::new(&config())
        .run_instances()
        .image_id("m-1")
        .instance_name("实例 a b&c=d+e/f?g%h~*'")
        .system_disk(RunInstancesSystemDisk::builder().size("40").category("cloud_essd").build())
        // One item.
        .data_disks([RunInstancesDataDisk::builder()
            .size(100)
            .delete_with_instance(false)
            .description("盘 #1")
            .build()])
        .network_interfaces([
            RunInstancesNetworkInterface::builder().v_switch_id("vsw-1").security_group_ids(["sg-1", "sg-2"]).build(),
            RunInstancesNetworkInterface::builder().security_group_ids(["sg-3"]).build(),
        ])
        .tags([("k", "v=1&2")])
        .security_group_ids(Vec::<String>::new());
    insta::assert_snapshot!(render_wire(&req.params()));
}

#[test]
fn empty_groups_and_objects_send_nothing() {
    let req = ecs::Client::new(&config())
        .run_instances()
        .data_disks(Vec::<ecs::types::RunInstancesDataDisk>::new())
        .system_disk(ecs::types::RunInstancesSystemDisk::builder().build())
        .tags(Vec::<ecs::types::RunInstancesTag>::new());
    assert_eq!(req.params(), cloudsdk::runtime::Params::new());
}

#[test]
fn objects_in_objects_and_json_maps() {
    use ecs::types::{
        CreateAutoProvisioningGroupLaunchConfiguration as Launch,
        CreateAutoProvisioningGroupLaunchConfigurationDataDisk as Disk,
    };
    let client = ecs::Client::new(&config());
    let group = client.create_auto_provisioning_group().launch_configuration(
        Launch::builder()
            .image_id("m-1")
            .data_disks([Disk::builder().size(40).build(), Disk::builder().size(100).category("cloud_essd").build()])
            .build(),
    );
    let command = client.run_command().parameters([("name", "世界 \"q\""), ("dir", "/tmp/a b")]).instance_id(["i-1"]);
    insta::assert_snapshot!(format!("{}---\n{}", render_wire(&group.params()), render_wire(&command.params())));
}

#[test]
fn jdcloud_bodies_and_nested_query_filters() {
    use vm::types::{DiskSpec, Filter, InstanceDiskAttachmentSpec, InstanceSpec};
    let client = vm::Client::new(&config());
    let create = client
        .create_instances()
        .region_id("cn-north-1")
        .instance_spec(
            InstanceSpec::builder()
                .name("实例 \"1\"")
                .data_disks([InstanceDiskAttachmentSpec::builder()
                    .cloud_disk_spec(DiskSpec::builder().disk_size_gb(40).build())
                    .build()])
                .user_tags([("k", "v")])
                .build(),
        )
        .max_count(1);
    let filters = client
        .describe_instance_templates()
        .region_id("cn-north-1")
        .filters([Filter::builder().name("name").values(["a b", "c&d"]).build(), Filter::builder().name("x").build()]);
    insta::assert_snapshot!(format!("{}---\n{}", render_wire(&create.params()), render_wire(&filters.params())));
}
