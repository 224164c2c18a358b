#!/usr/bin/env python3
"""Wire vectors: the exact HTTP requests the vendors' official Python SDKs send.

For every case below the request is built through the official SDK's own code path and the
outgoing request is captured, unsent, at ``requests.Session.send`` (the last step before the
socket for both SDKs: darabonba's ``DaraCore.do_action`` and jdcloud-sdk's
``requests.request`` both end there). Each case becomes ``<dir>/<case>.json``:

* ``input``: the values given, keyed by the official wire names and nested as the SDK nests
  them. ECS requests are built with ``<Op>Request().from_map(input)`` (which instantiates the
  SDK's ``<Op>Request*`` model classes) and the script checks that ``to_map()`` gives
  ``input`` back, so no value is silently dropped; JD Cloud requests are built with the
  ``<op>Parameters`` class and the ``jdcloud_sdk.services.*.models`` classes.
* ``method``, ``path`` (the URL path), ``query`` (decoded ``[name, value]`` pairs sorted by
  name, minus ``excluded_query``), ``query_string`` (the URL query exactly as sent, minus the
  excluded parameters), ``body`` (the body bytes as UTF-8 text, or ``null``), ``content_type``.

Usage::

    wire_vectors.py --write DIR   # (re)writes the fixtures
    wire_vectors.py --check DIR   # fails with a diff when a committed fixture differs

Needs the packages of requirements.txt (alibabacloud-ecs20140526, alibabacloud-tea-openapi,
darabonba-core, jdcloud-sdk). Nothing is sent: the fake endpoints are never contacted.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qsl, urlsplit

import requests

#: Query parameters that depend on the clock, the nonce or the key, left out of the fixtures.
EXCLUDED_QUERY = ["AccessKeyId", "Format", "Signature", "SignatureMethod", "SignatureNonce",
                  "SignatureType", "SignatureVersion", "Timestamp"]

#: The official packages whose code builds each vendor's requests (recorded in the fixtures).
SDK_PACKAGES = {"aliyun": ["alibabacloud-ecs20140526", "alibabacloud-tea-openapi", "darabonba-core"],
                "jdcloud": ["jdcloud-sdk"]}


class Captured(BaseException):
    """Raised in place of sending; a BaseException so that no SDK retry loop swallows it."""

    def __init__(self, prepared: requests.PreparedRequest):
        super().__init__("captured")
        self.prepared = prepared


def capture(call: Callable[[], Any]) -> requests.PreparedRequest:
    """Runs ``call`` with ``requests.Session.send`` replaced; returns the request it sent."""
    original = requests.Session.send

    def send(self: requests.Session, prepared: requests.PreparedRequest, **kwargs: Any) -> Any:
        del self, kwargs
        raise Captured(prepared.copy())

    requests.Session.send = send
    try:
        call()
    except Captured as c:
        return c.prepared
    finally:
        requests.Session.send = original
    raise RuntimeError("the SDK returned without sending a request")


def wire(prepared: requests.PreparedRequest) -> dict[str, Any]:
    """The fixture fields of a captured request."""
    url = urlsplit(prepared.url)
    raw = [p for p in url.query.split("&") if p] if url.query else []
    kept_raw = [p for p in raw if p.split("=", 1)[0] not in EXCLUDED_QUERY]
    pairs = parse_qsl(url.query, keep_blank_values=True, strict_parsing=bool(url.query))
    excluded = sorted({n for n, _ in pairs if n in EXCLUDED_QUERY})
    query = sorted(([n, v] for n, v in pairs if n not in EXCLUDED_QUERY), key=lambda p: p[0])
    body = prepared.body
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    content_type = None
    for name, value in prepared.headers.items():
        if name.lower() == "content-type":
            content_type = value
    return {
        "method": prepared.method,
        "path": url.path,
        "query": query,
        "excluded_query": excluded,
        "query_string": "&".join(kept_raw),
        "body": body if body not in (None, "", b"") else None,
        "content_type": content_type,
    }


# -- Alibaba Cloud ECS ------------------------------------------------------------------------

def ecs_client() -> Any:
    """The official ECS client with a fake endpoint and fake keys (ACS3 signing, the default)."""
    from alibabacloud_ecs20140526.client import Client
    from alibabacloud_tea_openapi.utils_models import Config

    return Client(Config(access_key_id="testid", access_key_secret="testsecret",
                         endpoint="ecs.cn-hangzhou.aliyuncs.com", region_id="cn-hangzhou", protocol="https"))


def snake(name: str) -> str:
    """``RunInstances`` -> ``run_instances``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def strip_empty(value: Any) -> Any:
    """``value`` without empty lists (the models' ``to_map`` gives ``[]`` for an unset list)."""
    if isinstance(value, dict):
        return {k: strip_empty(v) for k, v in value.items() if v != []}
    if isinstance(value, list):
        return [strip_empty(v) for v in value]
    return value


def ecs_case(action: str, values: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    """A case that sends ``action`` with ``values`` (wire names) through the ECS client."""

    def run() -> dict[str, Any]:
        from alibabacloud_ecs20140526 import models
        from darabonba.runtime import RuntimeOptions

        request = getattr(models, f"{action}Request")().from_map(json.loads(json.dumps(values)))
        if strip_empty(request.to_map()) != strip_empty(values):
            raise SystemExit(f"{action}: the SDK model does not round-trip the input (unknown name?):\n"
                             f"  input   {values}\n  to_map  {request.to_map()}")
        client = ecs_client()
        method = getattr(client, f"{snake(action)}_with_options")
        prepared = capture(lambda: method(request, RuntimeOptions()))
        return {"vendor": "aliyun", "operation": action, "input": values, **wire(prepared)}

    return run


INSTANCE_NAME = "测试-实例 a b&c=d+e/f?g%h~*'"

ECS_CASES: dict[str, Callable[[], dict[str, Any]]] = {
    "ecs_run_instances": ecs_case("RunInstances", {
        "RegionId": "cn-hangzhou",
        "ImageId": "aliyun_3_x64_20G_alibase_20240819.vhd",
        "InstanceType": "ecs.g7.large",
        "SecurityGroupId": "sg-bp15ed6xe1yxeycg7****",
        "VSwitchId": "vsw-bp1s5fnvk4gn2tws03****",
        "InstanceName": INSTANCE_NAME,
        "Description": "Instance_Description",
        "Amount": 2,
        "SystemDisk": {"Size": "40", "Category": "cloud_essd", "PerformanceLevel": "PL1"},
        "DataDisk": [
            {"Size": 100, "Category": "cloud_essd", "Encrypted": "true", "DeleteWithInstance": True,
             "Description": "数据盘 1", "PerformanceLevel": "PL1"},
            {"Size": 200, "Category": "cloud_auto", "Encrypted": "false", "DeleteWithInstance": False,
             "SnapshotId": "s-bp17441ohwka0yuh****", "Description": "DataDisk_Description"},
            {"Size": 40, "Category": "cloud_efficiency", "DiskName": "disk-3"},
        ],
        "NetworkInterface": [
            {"InstanceType": "Primary", "VSwitchId": "vsw-bp1s5fnvk4gn2tws03****",
             "SecurityGroupIds": ["sg-bp15ed6xe1yxeycg7****", "sg-bp15ed6xe1yxeycg8****"],
             "NetworkInterfaceName": "eni-primary", "Description": "主网卡"},
            {"InstanceType": "Secondary", "VSwitchId": "vsw-bp1s5fnvk4gn2tws04****",
             "SecurityGroupIds": ["sg-bp15ed6xe1yxeycg9****"], "NetworkCardIndex": 1,
             "QueueNumber": 8},
        ],
        "Tag": [{"Key": "env", "Value": "生产"}, {"Key": "team", "Value": "a b&c"}],
        "HibernationOptions": {"Configured": False},
        "SecurityEnhancementStrategy": "Active",
        "DeletionProtection": True,
        "DryRun": False,
        "InternetMaxBandwidthOut": 10,
        "ClientToken": "123e4567-e89b-12d3-a456-426655440000",
    }),
    "ecs_run_instances_minimal": ecs_case("RunInstances", {
        "RegionId": "cn-hangzhou",
        "ImageId": "aliyun_3_x64_20G_alibase_20240819.vhd",
        "InstanceType": "ecs.g7.large",
        "DataDisk": [{"Size": 100, "Category": "cloud_essd"}],
    }),
    "ecs_run_instances_empty_list": ecs_case("RunInstances", {
        "RegionId": "cn-hangzhou",
        "ImageId": "aliyun_3_x64_20G_alibase_20240819.vhd",
        "InstanceType": "ecs.g7.large",
        "DataDisk": [],
        "Tag": [],
    }),
    "ecs_create_auto_provisioning_group": ecs_case("CreateAutoProvisioningGroup", {
        "RegionId": "cn-hangzhou",
        "AutoProvisioningGroupName": "apg-测试",
        "AutoProvisioningGroupType": "maintain",
        "TotalTargetCapacity": "30",
        "PayAsYouGoTargetCapacity": "10",
        "SpotTargetCapacity": "20",
        "DefaultTargetCapacityType": "Spot",
        "SpotAllocationStrategy": "lowest-price",
        "MaxSpotPrice": 2.5,
        "TerminateInstances": True,
        "ValidFrom": "2026-12-02T00:00:00Z",
        "LaunchConfiguration": {
            "ImageId": "aliyun_3_x64_20G_alibase_20240819.vhd",
            "SecurityGroupId": "sg-bp15ed6xe1yxeycg7****",
            "SecurityGroupIds": ["sg-bp15ed6xe1yxeycg7****", "sg-bp15ed6xe1yxeycg8****"],
            "InstanceName": INSTANCE_NAME,
            "SystemDiskCategory": "cloud_essd",
            "SystemDiskSize": 40,
            "SystemDiskPerformanceLevel": "PL1",
            "IoOptimized": "optimized",
            "InternetMaxBandwidthOut": 5,
            "PasswordInherit": False,
            "DataDisk": [
                {"Size": 100, "Category": "cloud_essd", "PerformanceLevel": "PL2", "Encrypted": True,
                 "DeleteWithInstance": True},
                {"Size": 40, "Category": "cloud_efficiency", "SnapshotId": "s-bp17441ohwka0yuh****",
                 "Description": "数据盘"},
            ],
            "Tag": [{"Key": "env", "Value": "test"}],
        },
        "LaunchTemplateConfig": [
            {"InstanceType": "ecs.g7.large", "VSwitchId": "vsw-bp1s5fnvk4gn2tws03****", "MaxPrice": 1.5,
             "Priority": 1, "WeightedCapacity": 2.0},
            {"InstanceType": "ecs.c7.large", "VSwitchId": "vsw-bp1s5fnvk4gn2tws04****", "MaxPrice": 0.75,
             "Priority": 2, "WeightedCapacity": 1.5, "Cores": [2, 4], "Memories": [4.0, 8.5]},
        ],
        "Tag": [{"Key": "owner", "Value": "张三"}],
        "ClientToken": "0c593ea1-3bea-11e9-b96b-88e9fe637760",
    }),
    "ecs_run_command": ecs_case("RunCommand", {
        "RegionId": "cn-hangzhou",
        "Type": "RunShellScript",
        "CommandContent": "echo {{name}} && ls {{dir}}",
        "EnableParameter": True,
        "Parameters": {"name": "世界 \"quoted\" it's", "dir": "/tmp/a b", "empty": ""},
        "InstanceId": ["i-bp185dy2o3o6neg****", "i-bp1gcncjzsy3m8b****", "i-bp1b0sz9gs3lthc****"],
        "Timeout": 60,
        "Tag": [{"Key": "team", "Value": "ops"}],
        "Name": "run-测试",
    }),
    "ecs_modify_instance_attribute": ecs_case("ModifyInstanceAttribute", {
        "InstanceId": "i-bp67acfmxazb4ph****",
        "Password": "Test123&=+ /?%中",
        "HostName": "host-1.example",
        "InstanceName": INSTANCE_NAME,
        "Description": "",
        "DeletionProtection": False,
        "Recyclable": True,
        "SecurityGroupIds": ["sg-bp15ed6xe1yxeycg7****", "sg-bp15ed6xe1yxeycg8****"],
        "CpuOptions": {"Core": 2, "ThreadsPerCore": 1, "TopologyType": "DiscreteCoreToHyperThread"},
        "RemoteConnectionOptions": {"Password": "vnc&123", "Type": "vnc"},
    }),
    "ecs_list_tag_resources": ecs_case("ListTagResources", {
        "RegionId": "cn-hangzhou",
        "ResourceType": "instance",
        "ResourceId": ["i-bp1j6qtvdm8w0z1o****", "i-bp1j6qtvdm8w0z1p****"],
        "Tag": [{"Key": "env", "Value": "test"}, {"Key": "环境", "Value": ""}],
        "TagFilter": [
            {"TagKey": "team", "TagValues": ["ops", "dev team"]},
            {"TagKey": "cost", "TagValues": ["a&b=c"]},
        ],
        "NextToken": "caeba0bbb2be03f84eb48b699f0a****",
    }),
    "ecs_describe_network_interfaces": ecs_case("DescribeNetworkInterfaces", {
        "RegionId": "cn-hangzhou",
        "NextToken": "AAAAAdDWBF2****",
        "MaxResults": 50,
        "NetworkInterfaceId": ["eni-bp125p95hhdhn3ot****", "eni-bp125p95hhdhn3ou****"],
        "Tag": [{"Key": "env", "Value": "test"}],
        "ServiceManaged": False,
    }),
}


# -- JD Cloud VM ------------------------------------------------------------------------------

class QuietLogger:
    """A jdcloud-sdk logger that drops the messages (the default one prints them)."""

    def log(self, level: int, message: Any) -> None:
        del level, message


def jd_send(request: Any) -> requests.PreparedRequest:
    """Sends ``request`` through the official ``VmClient`` with a fake endpoint and keys."""
    from jdcloud_sdk.core.config import Config
    from jdcloud_sdk.core.credential import Credential
    from jdcloud_sdk.services.vm.client.VmClient import VmClient

    client = VmClient(Credential("ak", "sk"), Config("vm.jdcloud-api.com", scheme="https"), QuietLogger())
    return capture(lambda: client.send(request))


def jd_case(operation: str, values: dict[str, Any], build: Callable[[dict[str, Any]], Any]) -> Callable[[], dict[str, Any]]:
    """A case that sends ``build(values)`` (a ``<op>Request``) through ``VmClient``."""

    def run() -> dict[str, Any]:
        prepared = jd_send(build(json.loads(json.dumps(values))))
        return {"vendor": "jdcloud", "operation": operation, "input": values, **wire(prepared)}

    return run


def jd_params(cls: type, values: dict[str, Any], required: list[str]) -> Any:
    """``cls(*required)`` with the other ``values`` set through its ``set<Name>`` methods."""
    params = cls(*[values[n] for n in required])
    for name, value in values.items():
        if name not in required:
            getattr(params, "set" + name[0].upper() + name[1:])(value)
    return params


def build_create_instances(v: dict[str, Any]) -> Any:
    from jdcloud_sdk.services.charge.models.ChargeSpec import ChargeSpec
    from jdcloud_sdk.services.vm.apis.CreateInstancesRequest import CreateInstancesParameters, CreateInstancesRequest
    from jdcloud_sdk.services.vm.models.CloudDiskSpec import CloudDiskSpec
    from jdcloud_sdk.services.vm.models.ElasticIpSpec import ElasticIpSpec
    from jdcloud_sdk.services.vm.models.InstanceDiskAttachmentSpec import InstanceDiskAttachmentSpec
    from jdcloud_sdk.services.vm.models.InstanceNetworkInterfaceAttachmentSpec import InstanceNetworkInterfaceAttachmentSpec
    from jdcloud_sdk.services.vm.models.InstanceSpec import InstanceSpec
    from jdcloud_sdk.services.vm.models.NetworkInterfaceSpec import NetworkInterfaceSpec
    from jdcloud_sdk.services.vm.models.Tag import Tag

    def disk(d: dict[str, Any]) -> Any:
        d = dict(d)
        if "cloudDiskSpec" in d:
            d["cloudDiskSpec"] = CloudDiskSpec(**d["cloudDiskSpec"])
        return InstanceDiskAttachmentSpec(**d)

    s = dict(v["instanceSpec"])
    s["systemDisk"] = disk(s["systemDisk"])
    s["dataDisks"] = [disk(d) for d in s["dataDisks"]]
    nic = dict(s["primaryNetworkInterface"])
    nic["networkInterface"] = NetworkInterfaceSpec(**nic["networkInterface"])
    s["primaryNetworkInterface"] = InstanceNetworkInterfaceAttachmentSpec(**nic)
    eip = dict(s["elasticIp"])
    eip["chargeSpec"] = ChargeSpec(**eip["chargeSpec"])
    s["elasticIp"] = ElasticIpSpec(**eip)
    s["charge"] = ChargeSpec(**s["charge"])
    s["userTags"] = [Tag(**t) for t in s["userTags"]]
    values = dict(v, instanceSpec=InstanceSpec(**s))
    return CreateInstancesRequest(jd_params(CreateInstancesParameters, values, ["regionId", "instanceSpec"]))


def build_create_image(v: dict[str, Any]) -> Any:
    from jdcloud_sdk.services.vm.apis.CreateImageRequest import CreateImageParameters, CreateImageRequest
    from jdcloud_sdk.services.vm.models.CloudDiskSpec import CloudDiskSpec
    from jdcloud_sdk.services.vm.models.InstanceDiskAttachmentSpec import InstanceDiskAttachmentSpec

    disks = [InstanceDiskAttachmentSpec(**dict(d, cloudDiskSpec=CloudDiskSpec(**d["cloudDiskSpec"])))
             for d in v["dataDisks"]]
    return CreateImageRequest(jd_params(CreateImageParameters, dict(v, dataDisks=disks),
                                        ["regionId", "instanceId", "name"]))


def build_modify_instance_attribute(v: dict[str, Any]) -> Any:
    from jdcloud_sdk.services.vm.apis.ModifyInstanceAttributeRequest import (
        ModifyInstanceAttributeParameters, ModifyInstanceAttributeRequest)
    from jdcloud_sdk.services.vm.models.Metadata import Metadata
    from jdcloud_sdk.services.vm.models.Userdata import Userdata

    values = dict(v, metadata=[Metadata(**m) for m in v["metadata"]], userdata=[Userdata(**u) for u in v["userdata"]])
    return ModifyInstanceAttributeRequest(jd_params(ModifyInstanceAttributeParameters, values, ["regionId", "instanceId"]))


def build_delete_instance(v: dict[str, Any]) -> Any:
    from jdcloud_sdk.services.vm.apis.DeleteInstanceRequest import DeleteInstanceParameters, DeleteInstanceRequest

    return DeleteInstanceRequest(jd_params(DeleteInstanceParameters, v, ["regionId", "instanceId"]))


def build_describe_instance_templates(v: dict[str, Any]) -> Any:
    from jdcloud_sdk.services.common.models.Filter import Filter
    from jdcloud_sdk.services.vm.apis.DescribeInstanceTemplatesRequest import (
        DescribeInstanceTemplatesParameters, DescribeInstanceTemplatesRequest)

    values = dict(v, filters=[Filter(**f) for f in v["filters"]])
    return DescribeInstanceTemplatesRequest(jd_params(DescribeInstanceTemplatesParameters, values, ["regionId"]))


def build_describe_instances(v: dict[str, Any]) -> Any:
    from jdcloud_sdk.services.common.models.Filter import Filter
    from jdcloud_sdk.services.common.models.TagFilter import TagFilter
    from jdcloud_sdk.services.vm.apis.DescribeInstancesRequest import DescribeInstancesParameters, DescribeInstancesRequest

    values = dict(v, filters=[Filter(**f) for f in v.get("filters", [])])
    if "tags" in v:
        values["tags"] = [TagFilter(**t) for t in v["tags"]]
    return DescribeInstancesRequest(jd_params(DescribeInstancesParameters, values, ["regionId"]))


JD_CASES: dict[str, Callable[[], dict[str, Any]]] = {
    "jd_create_instances": jd_case("createInstances", {
        "regionId": "cn-north-1",
        "instanceSpec": {
            "az": "cn-north-1a",
            "instanceType": "g.n2.medium",
            "imageId": "img-m5s0****29",
            "name": "测试-实例-1",
            "hostname": "host-1",
            "password": "Pass&word=1 中",
            "keyNames": ["keypair-a", "keypair-b"],
            "description": "云主机 \"描述\"",
            "systemDisk": {"diskCategory": "cloud", "autoDelete": True,
                           "cloudDiskSpec": {"diskType": "ssd.gp1", "diskSizeGB": 40}},
            "dataDisks": [
                {"diskCategory": "cloud", "autoDelete": True, "deviceName": "vdb",
                 "cloudDiskSpec": {"diskType": "ssd.io1", "diskSizeGB": 100}},
                {"diskCategory": "cloud", "autoDelete": False, "deviceName": "vdc",
                 "cloudDiskSpec": {"diskType": "hdd.std1", "diskSizeGB": 500, "snapshotId": "snapshot-h8u1****36"}},
            ],
            "primaryNetworkInterface": {
                "networkInterface": {"subnetId": "subnet-3dm13k****", "securityGroups": ["sg-hzdy****ch", "sg-hzdy****ci"],
                                     "primaryIpAddress": "10.0.0.5", "sanityCheck": 1},
            },
            "elasticIp": {"bandwidthMbps": 10, "provider": "bgp", "chargeSpec": {"chargeMode": "postpaid_by_usage"}},
            "charge": {"chargeMode": "prepaid_by_duration", "chargeUnit": "month", "chargeDuration": 1},
            "userTags": [{"key": "env", "value": "生产"}, {"key": "team", "value": "a b&c"}],
        },
        "maxCount": 2,
        "clientToken": "token-123e4567",
    }, build_create_instances),
    "jd_create_image": jd_case("createImage", {
        "regionId": "cn-north-1",
        "instanceId": "i-eumm****d6",
        "name": "image-测试",
        "description": "从实例创建的镜像",
        "dataDisks": [{"diskCategory": "cloud", "autoDelete": True, "deviceName": "vdb",
                       "cloudDiskSpec": {"diskType": "ssd.gp1", "diskSizeGB": 50}}],
    }, build_create_image),
    "jd_modify_instance_attribute": jd_case("modifyInstanceAttribute", {
        "regionId": "cn-north-1",
        "instanceId": "i-eumm****d6",
        "name": "新名字",
        "description": "",
        "hostname": "host-2",
        "metadata": [{"key": "k1", "value": "v 1"}],
        "userdata": [],
    }, build_modify_instance_attribute),
    "jd_delete_instance": jd_case("deleteInstance", {
        "regionId": "cn-north-1",
        "instanceId": "i-eumm****d6",
        "deletePrimaryNetworkInterfaceAllElasticIp": True,
    }, build_delete_instance),
    "jd_describe_instance_templates": jd_case("describeInstanceTemplates", {
        "regionId": "cn-north-1",
        "pageNumber": 2,
        "pageSize": 20,
        "filters": [
            {"name": "name", "values": ["模板 a", "tpl-b"]},
            {"name": "instanceTemplateId", "values": ["it-3v****8k"], "operator": "eq"},
        ],
    }, build_describe_instance_templates),
    "jd_describe_instances": jd_case("describeInstances", {
        "regionId": "cn-north-1",
        "pageNumber": 1,
        "pageSize": 100,
        "tags": [{"key": "env", "values": ["test", "生产"]}],
        "filters": [
            {"name": "instanceId", "values": ["i-eumm****d6", "i-eumm****d7"]},
            {"name": "status", "values": ["running"]},
        ],
    }, build_describe_instances),
    "jd_describe_instances_reserved": jd_case("describeInstances", {
        "regionId": "cn-north-1",
        "filters": [{"name": "name", "values": ["a&b=c?d/e+f g%h~*'"]}],
    }, build_describe_instances),
}

CASES = {**ECS_CASES, **JD_CASES}


def render(case: dict[str, Any]) -> str:
    """A fixture's file text: stable, readable JSON."""
    return json.dumps(case, ensure_ascii=False, indent=2) + "\n"


def generate() -> dict[str, str]:
    """Every fixture: file name -> text."""
    out = {}
    for name, run in CASES.items():
        result = run()
        versions = {package: version(package) for package in SDK_PACKAGES[result["vendor"]]}
        case = {"case": name, "sdk": versions, **result}
        out[f"{name}.json"] = render(case)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", metavar="DIR", help="write the fixtures into DIR")
    mode.add_argument("--check", metavar="DIR", help="compare the fixtures in DIR with the SDKs' output")
    args = parser.parse_args(argv)
    fixtures = generate()
    if args.write:
        directory = Path(args.write)
        directory.mkdir(parents=True, exist_ok=True)
        for name, text in fixtures.items():
            (directory / name).write_text(text, encoding="utf-8")
        print(f"wire_vectors: wrote {len(fixtures)} fixtures into {directory}")
        return 0
    directory = Path(args.check)
    failed = 0
    for name, text in fixtures.items():
        path = directory / name
        old = path.read_text(encoding="utf-8") if path.is_file() else ""
        if old != text:
            failed += 1
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), text.splitlines(True),
                                                       f"{path} (committed)", f"{path} (official SDKs now)"))
    stale = sorted(p.name for p in directory.glob("*.json") if p.name not in fixtures)
    for name in stale:
        failed += 1
        print(f"wire_vectors: {directory / name} is not a case any more")
    if failed:
        print(f"wire_vectors: {failed} fixture(s) differ from the pinned official SDKs; "
              f"regenerate with: wire_vectors.py --write {directory}", file=sys.stderr)
        return 1
    print(f"wire_vectors: {len(fixtures)} fixtures match the official SDKs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
