//! Every documented JSON sample deserializes into its `Output` with the right values, and
//! serializes back to equivalent JSON.

use cloudsdk::aliyun::ecs;
use cloudsdk::jdcloud::vm;
use cloudsdk_tests::{json_samples, normalize};
use serde::{de::DeserializeOwned, Serialize};

fn round_trip<O: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(operation: &str) -> Vec<O> {
    let samples = json_samples(operation);
    assert!(!samples.is_empty(), "{operation} documents no JSON sample");
    samples
        .iter()
        .map(|sample| {
            let out: O = serde_json::from_value(sample.clone()).unwrap_or_else(|e| panic!("{operation}: {e}"));
            let back = serde_json::to_value(&out).unwrap();
            assert_eq!(normalize(&back), normalize(sample), "{operation}: serializes back to different JSON");
            let again: O = serde_json::from_value(back).unwrap();
            assert_eq!(again, out);
            out
        })
        .collect()
}

#[test]
fn describe_instances_sample() {
    let out = round_trip::<ecs::DescribeInstancesOutput>("DescribeInstances").remove(0);
    assert_eq!(out.total_count, Some(58));
    assert_eq!(out.page_number, Some(1));
    assert_eq!(out.request_id.as_deref(), Some("97935DF1-0289-4AA2-9DD1-72377838B16B"));
    assert_eq!(out.instances.len(), 1);
    let i = &out.instances[0];
    assert_eq!(i.cpu, Some(2));
    assert_eq!(i.memory, Some(8192));
    assert_eq!(i.security_group_ids, vec!["sg-bp17zljqpohu6j2i****".to_owned()]);
    assert_eq!(i.tags.len(), 2);
    assert_eq!(i.tags[0].tag_key.as_deref(), Some("acs:autoscaling:scalingGroupId"));
    assert_eq!(i.tags[1].tag_value.as_deref(), Some("ESS"));
    assert_eq!(i.os_name.as_deref(), Some("CentOS 7.6 64-bit"));
    assert_eq!(i.status.as_ref().map(|s| s.as_str()), Some("Running"));
    assert_eq!(i.status, Some(ecs::types::InstanceStatus::Running));
    assert_eq!(i.inner_ip_address, vec!["10.80. **. **".to_owned()]);
    assert_eq!(i.public_ip_address, vec!["121.40. **. **".to_owned()]);
    assert!(i.operation_locks.is_empty());
    assert_eq!(i.spot_price_limit, Some(0.0));
    assert_eq!(i.io_optimized, Some(true));
    assert_eq!(i.deletion_protection, Some(false));
    assert_eq!(i.vlan_id.as_deref(), Some(""), "empty strings are kept as sent");
    let cpu = i.cpu_options.as_ref().expect("CpuOptions");
    assert_eq!((cpu.core_count, cpu.threads_per_core, cpu.numa.as_deref()), (Some(1), Some(2), Some("")));
    let vpc = i.vpc_attributes.as_ref().expect("VpcAttributes");
    assert!(vpc.private_ip_address.is_empty());
    assert_eq!(
        i.ecs_capacity_reservation_attr.as_ref().and_then(|c| c.capacity_reservation_preference.as_deref()),
        Some("none")
    );
    assert_eq!(i.eip_address.as_ref().and_then(|e| e.ip_address.as_deref()), Some(""));
}

#[test]
fn describe_images_sample() {
    let out = round_trip::<ecs::DescribeImagesOutput>("DescribeImages").remove(0);
    assert_eq!((out.total_count, out.page_size, out.page_number), (Some(1), Some(1), Some(1)));
    assert_eq!(out.images.len(), 1);
    let image = &out.images[0];
    assert_eq!(image.image_id.as_deref(), Some("m-bp1g7004ksh0oeuc****"));
    assert_eq!(image.is_self_shared.as_deref(), Some("False"), "IsSelfShared is a String");
    assert_eq!(image.status, Some(ecs::types::ImageStatus::Available));
    assert_eq!(image.size, Some(60));
    assert_eq!(image.product_code.as_deref(), Some(""));
    assert_eq!(image.os_name_en.as_deref(), Some("Windows Server  2016 Data Center Edition 64bit Chinese Edition"));
    assert_eq!(image.disk_device_mappings.len(), 1);
    let disk = &image.disk_device_mappings[0];
    assert_eq!(disk.size.as_deref(), Some("60"));
    assert_eq!(disk.device.as_deref(), Some("/dev/xvda"));
    assert_eq!(image.tags.len(), 1);
    assert_eq!(image.tags[0].tag_key.as_deref(), Some("DTS"));
    assert_eq!(image.is_support_cloudinit, Some(true));
    assert_eq!(image.is_copied, Some(false));
}

#[test]
fn describe_image_from_family_sample() {
    let out = round_trip::<ecs::DescribeImageFromFamilyOutput>("DescribeImageFromFamily").remove(0);
    assert_eq!(out.request_id.as_deref(), Some("473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E"));
    let image = out.image.as_ref().expect("Image");
    assert_eq!(image.image_family.as_deref(), Some("testImageFamily"));
    assert_eq!(image.size, Some(80));
    assert_eq!(image.is_self_shared.as_deref(), Some("true"));
    assert_eq!(image.disk_device_mappings.len(), 1);
    assert_eq!(image.disk_device_mappings[0].format.as_deref(), Some("qcow2"));
    assert_eq!(image.tags[0].tag_value.as_deref(), Some("TestValue"));
}

#[test]
fn describe_image_support_instance_types_sample() {
    let out = round_trip::<ecs::DescribeImageSupportInstanceTypesOutput>("DescribeImageSupportInstanceTypes").remove(0);
    assert_eq!(out.image_id.as_deref(), Some("ubuntu_16_0402_64_20G_alibase_20180409.vhd"));
    assert_eq!(out.instance_types.len(), 2);
    assert_eq!(out.instance_types[0].memory_size, Some(0.5));
    assert_eq!(out.instance_types[1].memory_size, Some(1.0));
    assert_eq!(out.instance_types[1].instance_type_id.as_deref(), Some("ecs.t1.small"));
    assert_eq!(out.instance_types[0].cpu_core_count, Some(1));
}

#[test]
fn describe_image_constraints_sample() {
    let out = round_trip::<vm::DescribeImageConstraintsOutput>("describeImageConstraints").remove(0);
    assert_eq!(out.request_id.as_deref(), Some("46162394283a49252c51f0e94e9e2e25"));
    let c = out.image_constraints.as_ref().expect("imageConstraints");
    assert_eq!(c.image_id.as_deref(), Some("img-m5s0****29"));
    let t = c.image_instance_type_constraint.as_ref().expect("imageInstanceTypeConstraint");
    assert_eq!(t.constraints_type.as_ref().map(|c| c.as_str()), Some("excludes"));
    assert_eq!(t.instance_types.len(), 4);
    assert_eq!(t.instance_types[3], "g.n2.metal");
}

#[test]
fn create_key_pair_sample() {
    let out = round_trip::<ecs::CreateKeyPairOutput>("CreateKeyPair").remove(0);
    assert_eq!(out.request_id.as_deref(), Some("473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E"));
    assert_eq!(out.key_pair_name.as_deref(), Some("test"));
    assert_eq!(
        out.key_pair_finger_print.as_deref(),
        Some("89:f0:ba:62:ac:b8:aa:e1:61:5e:fd:81:69:86:6d:6b:f0:c0:5a:d7")
    );
    assert_eq!(out.private_key_body.as_deref(), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
}

#[test]
fn create_hpc_cluster_sample() {
    let out = round_trip::<ecs::CreateHpcClusterOutput>("CreateHpcCluster").remove(0);
    assert_eq!(out.request_id.as_deref(), Some("473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E"));
    assert_eq!(out.hpc_cluster_id.as_deref(), Some("hpc-pnlg1ds9rky4****"));
}

#[test]
fn lenient_scalars_and_unknown_fields() {
    let body = serde_json::json!({
        "TotalCount": "3",
        "PageSize": 10.0,
        "Surprise": {"nested": [1, 2]},
        "Instances": {"Instance": {"Cpu": "4", "IoOptimized": "False", "Status": "Rebooting", "Description": 12}}
    });
    let out: ecs::DescribeInstancesOutput = serde_json::from_value(body).unwrap();
    assert_eq!(out.total_count, Some(3));
    assert_eq!(out.page_size, Some(10));
    let i = &out.instances[0];
    assert_eq!(i.cpu, Some(4));
    assert_eq!(i.io_optimized, Some(false));
    assert_eq!(i.status, Some(ecs::types::InstanceStatus::Unknown("Rebooting".into())));
    assert_eq!(i.status.as_ref().unwrap().as_str(), "Rebooting");
    assert_eq!(i.description.as_deref(), Some("12"));
}

#[test]
fn wrong_types_are_errors_not_panics() {
    let body = serde_json::json!({"TotalCount": "many"});
    let err = serde_json::from_value::<ecs::DescribeInstancesOutput>(body).unwrap_err();
    assert!(err.to_string().contains("a 32-bit integer"), "{err}");
}
