#!/usr/bin/env python3
"""Self-test of verify_server.py: requests with bodies, signed by the official SDKs.

Starts the verifier in-process on a free loopback port over a copy of specs/ to which a few
JD Cloud operations with bodies and other methods are added (POST ``createImage`` with a
``:action`` path, PATCH, DELETE, and a POST ``/instances/{instanceId}`` that must not
capture ``:createImage``), then sends:

* JDCLOUD3: a POST with a JSON body through the official ``VmClient`` (jdcloud-sdk 1.6.354,
  ``CreateImageRequest``), and PATCH/DELETE requests with bodies signed by its ``Signer``;
* JDCLOUD2: a POST with a JSON body signed by jdcloud-sdk 1.6.94's ``Signer``;
* ACS3: a form body through the official ECS client (``call_api`` with ``req_body_type``
  ``formData``, as tea-openapi signs it) and a JSON body (``req_body_type`` ``json``);

each once as signed (must be accepted) and once with the body changed after signing (must
be rejected). Exits non-zero on any unexpected verdict.

Usage: ``verify_selftest.py [--specs DIR] [--jdcloud2-sdk DIR]``
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import sys
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import verify_server  # noqa: E402

#: JD Cloud operations added to the copied specs: name -> (method, path).
EXTRA_JD_OPERATIONS = {
    "selftestPostInstance": ("POST", "/v1/regions/{regionId}/instances/{instanceId}"),
    "selftestPatchInstance": ("PATCH", "/v1/regions/{regionId}/instances/{instanceId}"),
}


def make_specs(source: Path, target: Path) -> None:
    """Copies ``source`` to ``target`` and adds ``EXTRA_JD_OPERATIONS`` to jdcloud/vm."""
    shutil.copytree(source, target)
    for name, (method, path) in EXTRA_JD_OPERATIONS.items():
        doc = {
            "operation": name,
            "http": {"method": method, "path": path},
            "request": {"parameters": [{"name": "regionId", "in": "path", "type": "string", "required": True},
                                       {"name": "instanceId", "in": "path", "type": "string", "required": True}]},
            "examples": {"responses": [{"format": "json", "body": json.dumps({"requestId": "r", "result": {}})}]},
        }
        (target / "jdcloud" / "vm" / "operations" / f"{name}.yaml").write_text(json.dumps(doc), encoding="utf-8")


class Tamper:
    """Replaces the body of the next request ``requests`` sends (after it was signed)."""

    def __init__(self, body: bytes | None):
        self.body = body

    def __enter__(self) -> "Tamper":
        self.original = requests.Session.send
        body = self.body

        def send(session: requests.Session, prepared: requests.PreparedRequest, **kwargs: Any) -> Any:
            if body is not None:
                prepared.body = body
                prepared.headers["Content-Length"] = str(len(body))
            return self.original(session, prepared, **kwargs)

        requests.Session.send = send
        return self

    def __exit__(self, *exc: Any) -> None:
        requests.Session.send = self.original


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--specs", default=str(verify_server.ROOT / "specs"))
    parser.add_argument("--jdcloud2-sdk", default=None)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="verify-selftest-"))
    try:
        make_specs(Path(args.specs), tmp / "specs")
        verifier = verify_server.Verifier(
            specs=verify_server.Specs(tmp / "specs"), aliyun_key=("testid", "testsecret"),
            jdcloud_key=("ak", "sk"), jdcloud2_signer=verify_server.load_jdcloud2_signer(args.jdcloud2_sdk))
        class QuietHandler(verify_server.make_handler(verifier)):  # type: ignore[misc]
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                del format, args

        server = ThreadingHTTPServer(("127.0.0.1", 0), QuietHandler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            return run_checks(verifier, server.server_address[1], args.jdcloud2_sdk is not None)
        finally:
            server.shutdown()
            server.server_close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_checks(verifier: verify_server.Verifier, port: int, with_jdcloud2: bool) -> int:
    failures = []

    def check(label: str, send: Callable[[], Any], want_ok: bool, want_operation: str) -> None:
        before = len(verifier.log)
        try:
            send()
        except Exception:  # noqa: BLE001 - an SDK raises on the verifier's error answer
            pass
        verdicts = verifier.log[before:]
        if len(verdicts) != 1:
            failures.append(f"{label}: {len(verdicts)} verdicts")
            print(f"FAIL {label}: {len(verdicts)} verdicts")
            return
        v = verdicts[0]
        good = v.ok == want_ok and v.operation == want_operation
        print(f"{'ok  ' if good else 'FAIL'} {label}: {v.operation} {v.algorithm} ok={v.ok} {v.detail[:160]}")
        if not good:
            failures.append(label)

    # -- JD Cloud -----------------------------------------------------------------------------
    from jdcloud_sdk.core.config import Config
    from jdcloud_sdk.core.credential import Credential
    from jdcloud_sdk.core.signer import Signer
    from jdcloud_sdk.services.vm.apis.CreateImageRequest import CreateImageParameters, CreateImageRequest
    from jdcloud_sdk.services.vm.client.VmClient import VmClient

    class Quiet:
        def log(self, level: int, message: Any) -> None:
            del level, message

    host = f"127.0.0.1:{port}"
    client = VmClient(Credential("ak", "sk"), Config(host, scheme="http"), Quiet())

    def create_image() -> Any:
        params = CreateImageParameters("cn-north-1", "i-eumm****d6", "镜像-1")
        params.setDescription('a "quoted" 描述')
        return client.send(CreateImageRequest(params))

    check("JDCLOUD3 POST body via VmClient", create_image, True, "createImage")
    with Tamper(b'{"regionId": "cn-north-1", "instanceId": "i-eumm****d6", "name": "other"}'):
        check("JDCLOUD3 POST tampered body", create_image, False, "createImage")

    def signed(signer_module: Any, credential: Any, method: str, path: str, body: str,
               sent: bytes | None = None) -> Callable[[], Any]:
        def send() -> Any:
            headers = {"Content-Type": "application/json"}
            signer_module.Signer(Quiet()).sign(method=method, service="vm", region="cn-north-1",
                                               uri=f"http://{host}{path}", headers=headers, data=body,
                                               credential=credential, security_token="")
            data = body.encode("utf-8") if sent is None else sent
            if sent is not None:
                # Without the (unsigned) content hash header, only the signature can notice.
                headers.pop("x-jdcloud-content-sha256", None)
            return requests.request(method, f"http://{host}{path}", data=data, headers=headers, timeout=10)
        return send

    import jdcloud_sdk.core.signer as jd3
    del Signer
    path = "/v1/regions/cn-north-1/instances/i-eumm****d6"
    body = json.dumps({"regionId": "cn-north-1", "instanceId": "i-eumm****d6", "name": "名字"})
    for method, op in (("PATCH", "selftestPatchInstance"), ("DELETE", "deleteInstance"),
                       ("POST", "selftestPostInstance")):
        check(f"JDCLOUD3 {method} body", signed(jd3, Credential("ak", "sk"), method, path, body), True, op)
        check(f"JDCLOUD3 {method} tampered body",
              signed(jd3, Credential("ak", "sk"), method, path, body, body.replace("cn-north-1", "cn-east-2").encode()),
              False, op)
    check("JDCLOUD3 DELETE no body", signed(jd3, Credential("ak", "sk"), "DELETE", path, ""), True,
          "deleteInstance")
    if with_jdcloud2:
        jd2 = sys.modules[verify_server.JDCLOUD2_PACKAGE + ".core.signer"]
        cred2 = importlib.import_module(verify_server.JDCLOUD2_PACKAGE + ".core.credential").Credential("ak", "sk")
        action = path + ":createImage"
        check("JDCLOUD2 POST body", signed(jd2, cred2, "POST", action, body), True, "createImage")
        check("JDCLOUD2 POST tampered body", signed(jd2, cred2, "POST", action, body, b"{}"), False,
              "createImage")

    # -- Alibaba ACS3 -------------------------------------------------------------------------
    from alibabacloud_ecs20140526.client import Client as EcsClient
    from alibabacloud_tea_openapi.utils_models import Config as AliConfig, OpenApiRequest, Params
    from darabonba.runtime import RuntimeOptions

    ecs = EcsClient(AliConfig(access_key_id="testid", access_key_secret="testsecret", endpoint=host,
                              region_id="cn-hangzhou", protocol="http"))
    operation = "CreateHpcCluster"
    form = {"RegionId": "cn-hangzhou", "Name": "hpc 集群&=1", "Description": "a+b"}

    def acs3(body_type: str) -> Callable[[], Any]:
        def send() -> Any:
            params = Params(action=operation, version="2014-05-26", protocol="HTTP", pathname="/", method="POST",
                            auth_type="AK", style="RPC", req_body_type=body_type, body_type="json")
            runtime = RuntimeOptions(autoretry=False, max_attempts=0)
            return ecs.call_api(params, OpenApiRequest(body=dict(form)), runtime)
        return send

    check("ACS3 form body", acs3("formData"), True, operation)
    with Tamper(b"RegionId=cn-hangzhou&Name=other"):
        check("ACS3 form tampered body", acs3("formData"), False, operation)
    # A JSON body carries no parameters the verifier reads, so the required ones are missing:
    # the verdict must be about them, after the signature was accepted.
    before = len(verifier.log)
    try:
        acs3("json")()
    except Exception:  # noqa: BLE001
        pass
    v = verifier.log[before] if len(verifier.log) > before else None
    good = v is not None and not v.ok and v.detail.startswith("MissingParameter")
    print(f"{'ok  ' if good else 'FAIL'} ACS3 json body: signature accepted, {v.detail[:120] if v else 'no verdict'}")
    if not good:
        failures.append("ACS3 json body")
    with Tamper(b'{"RegionId":"x"}'):
        before = len(verifier.log)
        try:
            acs3("json")()
        except Exception:  # noqa: BLE001
            pass
        v = verifier.log[before] if len(verifier.log) > before else None
        good = v is not None and not v.ok and "x-acs-content-sha256" in v.detail
        print(f"{'ok  ' if good else 'FAIL'} ACS3 json tampered body: {v.detail[:120] if v else 'no verdict'}")
        if not good:
            failures.append("ACS3 json tampered body")

    if failures:
        print(f"verify_selftest: {len(failures)} failure(s): {', '.join(failures)}", file=sys.stderr)
        return 1
    print("verify_selftest: all verdicts as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
