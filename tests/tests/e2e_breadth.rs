//! The operations with request objects, groups, JSON values and bodies, end to end: each is
//! sent through the generated client with every signing algorithm of its vendor; the mock
//! verifies the signature (bodies included), validates every value at every depth against
//! the spec, and answers with the documented sample.

mod support;

use cloudsdk::aliyun::ecs::{self, types as et};
use cloudsdk::jdcloud::vm::{self, types as vt};
use cloudsdk::{AliyunSignature, JdcloudSignature};
use serde_json::Value;
use support::{config, sample, start, statuses};

async fn every_ecs_breadth_operation(client: &ecs::Client) {
    let group = client
        .create_auto_provisioning_group()
        .region_id("cn-hangzhou")
        .total_target_capacity("60")
        .launch_configuration(
            et::CreateAutoProvisioningGroupLaunchConfiguration::builder()
                .image_id("m-bp1g7004ksh0oeuc****")
                .security_group_id("sg-bp1hhusx1qmfdwb2****")
                .data_disks([
                    et::CreateAutoProvisioningGroupLaunchConfigurationDataDisk::builder().size(40).build(),
                    et::CreateAutoProvisioningGroupLaunchConfigurationDataDisk::builder().size(100).build(),
                ])
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(group, sample::<ecs::CreateAutoProvisioningGroupOutput>("CreateAutoProvisioningGroup"));

    let modified = client
        .modify_instance_attribute()
        .instance_id("i-bp67acfmxazb4ph****")
        .password("EcsV587!")
        .host_name("testHostName")
        .send()
        .await
        .unwrap();
    assert_eq!(modified, sample::<ecs::ModifyInstanceAttributeOutput>("ModifyInstanceAttribute"));

    let run = client
        .run_command()
        .region_id("cn-hangzhou")
        .r#type("RunShellScript")
        .command_content("echo {{name}}")
        .enable_parameter(true)
        .parameters([("name", "世界 \"x\"")])
        .instance_id(["i-bp185dy2o3o6neg****", "i-bp1gcncjzsy3m8b****"])
        .send()
        .await
        .unwrap();
    assert_eq!(run, sample::<ecs::RunCommandOutput>("RunCommand"));

    let enis = client
        .describe_network_interfaces()
        .region_id("cn-hangzhou")
        .network_interface_id(["eni-bp17pdijfczax1huji****"])
        .max_results(50)
        .send()
        .await
        .unwrap();
    assert_eq!(enis, sample::<ecs::DescribeNetworkInterfacesOutput>("DescribeNetworkInterfaces"));
    assert!(!enis.network_interface_sets.is_empty());
}

#[tokio::test]
async fn every_ecs_breadth_operation_with_each_signer() {
    for signature in [AliyunSignature::V3, AliyunSignature::V1] {
        let mock = start().await;
        let client = ecs::Client::new(&config(&mock).aliyun_signature(signature).build());
        every_ecs_breadth_operation(&client).await;
        assert_eq!(statuses(&mock), [200; 4], "{signature:?}");
        let requests = mock.requests();
        // ModifyInstanceAttribute documents no RegionId: none is filled in.
        assert_eq!(requests[1].param("RegionId"), None, "{signature:?}");
        assert_eq!(requests[0].param("LaunchConfiguration.DataDisk.2.Size"), Some("100"));
        let parameters: Value = serde_json::from_str(requests[2].param("Parameters").unwrap()).unwrap();
        assert_eq!(parameters, serde_json::json!({"name": "世界 \"x\""}));
    }
}

async fn every_vm_breadth_operation(client: &vm::Client) {
    let image = client
        .create_image()
        .region_id("cn-north-1")
        .instance_id("i-eumm264r0v")
        .name("image-测试")
        .description("image from instance")
        .data_disks([vt::InstanceDiskAttachmentSpec::builder()
            .disk_category("cloud")
            .cloud_disk_spec(vt::DiskSpec::builder().disk_type("ssd.gp1").disk_size_gb(40).build())
            .build()])
        .send()
        .await
        .unwrap();
    assert_eq!(image, sample::<vm::CreateImageOutput>("createImage"));
    client
        .modify_instance_attribute()
        .region_id("cn-north-1")
        .instance_id("i-eumm264r0v")
        .name("vm-1")
        .send()
        .await
        .unwrap();
    client.delete_instance().region_id("cn-north-1").instance_id("i-eumm264r0v").send().await.unwrap();
    let templates = client
        .describe_instance_templates()
        .region_id("cn-north-1")
        .filters([vt::Filter::builder().name("name").values(["tpl a", "tpl-b"]).build()])
        .send()
        .await
        .unwrap();
    assert_eq!(templates, sample::<vm::DescribeInstanceTemplatesOutput>("describeInstanceTemplates"));
}

#[tokio::test]
async fn every_vm_breadth_operation_with_each_signer() {
    let ir = cloudsdk_tests::specs();
    let method_of = |name: &str| {
        let op = ir.services.iter().flat_map(|s| &s.operations).find(|o| o.name == name).unwrap();
        op.http_method.clone()
    };
    let documented: Vec<String> =
        ["createImage", "modifyInstanceAttribute", "deleteInstance", "describeInstanceTemplates"].map(method_of).into();
    for signature in [JdcloudSignature::V2, JdcloudSignature::V3] {
        let mock = start().await;
        let client = vm::Client::new(&config(&mock).jdcloud_signature(signature).build());
        every_vm_breadth_operation(&client).await;
        assert_eq!(statuses(&mock), [200; 4], "{signature:?}");
        let requests = mock.requests();
        let methods: Vec<String> = requests.iter().map(|r| r.method.clone()).collect();
        assert_eq!(methods, documented);
        assert_eq!(requests[0].path, "/v1/regions/cn-north-1/instances/i-eumm264r0v:createImage");
        let body: Value = serde_json::from_slice(&requests[0].body).unwrap();
        assert_eq!(body["name"], "image-测试");
        assert_eq!(body["dataDisks"][0]["cloudDiskSpec"]["diskSizeGB"], 40);
        // DELETE and GET carry no body; the filters travel in the query.
        assert!(requests[2].body.is_empty() && requests[3].body.is_empty());
        assert_eq!(requests[3].param("filters.1.values.2"), Some("tpl-b"));
    }
}
