#!/usr/bin/env python3
"""An HTTP server that verifies request signatures with the vendors' official Python SDKs.

It stands in for Alibaba Cloud ECS and JD Cloud VM on loopback. For every request it
recomputes the signature with the official SDKs' own code only, compares it with what the
request carries, and answers either the documented sample response of the operation (from
the specs' ``examples.responses``) or the vendor's error. Every verdict is kept in a log
that ``GET /__verify/log`` returns as JSON.

Which official function verifies what:

* ``ACS3-HMAC-SHA256`` (Alibaba "V3"): ``alibabacloud_tea_openapi.utils.Utils.get_authorization``
  (alibabacloud-tea-openapi 0.4.6), cross-checked with
  ``alibabacloud_openapi_util.client.Client.get_authorization`` (alibabacloud-openapi-util
  0.2.4), over the received method, path, decoded query and the headers named by
  ``SignedHeaders``; the payload hash is ``Utils.hash(body)`` of the received body.
* Alibaba RPC signature V1 (``HMAC-SHA1``): ``alibabacloud_tea_openapi.utils.Utils.get_rpcsignature``,
  cross-checked with ``alibabacloud_openapi_util.client.Client.get_rpcsignature`` and with
  ``aliyunsdkcore.auth.composer.rpc_signature_composer`` (aliyun-python-sdk-core 2.16.1), over
  the received parameters (query, plus a form body if any) minus ``Signature``.
* ``JDCLOUD2-HMAC-SHA256``: ``jdcloud_sdk.core.signer.Signer.sign`` of jdcloud-sdk 1.6.94, the
  release the shared JDCLOUD2 vectors were made with (1.6.354's ``Signer.sign`` only calls
  ``signV3``), loaded under a private module name from its own directory (``--jdcloud2-sdk``).
* ``JDCLOUD3-HMAC-SHA256``: ``jdcloud_sdk.core.signer.Signer.sign`` (``signV3``) of
  jdcloud-sdk 1.6.354.

Bodies: the JD Cloud signers hash the ``data`` they are given (``sha256`` of its UTF-8 bytes),
and ``JDCloudClient.send`` gives them the body it sends (``''`` for GET/DELETE/HEAD), so they
get the received body, decoded as UTF-8, for every method; a body that is not UTF-8, or
that disagrees with a received ``x-jdcloud-content-sha256``, is rejected. ACS3 signs
``x-acs-content-sha256``, which must be the body's hash; the parameters of a form body count
for the required-parameter check. JD Cloud requests are routed by the specs' ``http.method``
and ``http.path`` of every operation (any method; of two templates that match a path, the one
with more literal text). ``verify_selftest.py`` exercises all of this with the official SDKs.

For JD Cloud the request handed to ``Signer.sign`` is rebuilt the way ``JDCloudClient.send``
builds the one it signs: the headers named by ``SignedHeaders`` (the signer adds ``host``
from the URL), the received ``x-jdcloud-date`` and ``x-jdcloud-nonce`` (1.6.94 always makes
its own, and ``signV3`` does when they are not among the signed headers, so the signer
module's clock and ``uuid4`` are pinned to the received values while it runs), the
region of the path's ``regionId`` and the service's signing name from the spec. JDCLOUD2's
signer quotes the path it is given, and the official client gives it the *unencoded* path,
so it gets the received path decoded; ``signV3`` decodes the path itself, so it gets the
path as received. Both get the query as received, as both SDKs sign the encoded query.

Besides the signature, a request is rejected when it names another access key, when a
header the vendor requires to be signed is not (ACS3: ``host``, ``content-type`` and every
``x-acs-*``; JD Cloud: ``host``), when its
timestamp is more than 15 minutes off, when its nonce was already used, when the body does
not match ``x-acs-content-sha256``, or when a required parameter of the operation is missing.

Usage::

    verify_server.py [PORT] [--specs DIR] [--jdcloud2-sdk DIR]

``PORT`` 0 (the default) picks a free port. The first line on stdout is ``PORT <n>``.
Credentials: ``--aliyun-access-key-id``/``--aliyun-access-key-secret`` (env
``VERIFY_ALIYUN_ACCESS_KEY_ID``/``VERIFY_ALIYUN_ACCESS_KEY_SECRET``, default
``testid``/``testsecret``) and ``--jdcloud-access-key``/``--jdcloud-secret-key`` (env
``VERIFY_JDCLOUD_ACCESS_KEY``/``VERIFY_JDCLOUD_SECRET_KEY``, default ``ak``/``sk``).

Endpoints of the server itself: ``GET /__verify/log`` (the verdicts, oldest first) and
``POST /__verify/reset`` (forget the verdicts).
"""

from __future__ import annotations

import argparse
import calendar
import contextlib
import dataclasses
import hashlib
import hmac
import importlib
import importlib.util
import json
import os
import re
import sys
import threading
import time
import traceback
import types
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import yaml
from alibabacloud_openapi_util.client import Client as OpenApiUtilClient
from alibabacloud_tea_openapi import utils as tea_utils_module
from alibabacloud_tea_openapi.utils import Utils as TeaUtils
from aliyunsdkcore.auth.algorithm import sha_hmac1
from aliyunsdkcore.auth.composer import rpc_signature_composer
from darabonba.request import DaraRequest
from jdcloud_sdk.core import signer as jdcloud3_signer_module
from jdcloud_sdk.core.credential import Credential as Jdcloud3Credential


class _SpecLoader(yaml.SafeLoader):
    """Reads specs as the generator (YAML 1.2) does: `2019-02-30` stays text, not a date."""


_SpecLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def load_yaml(text: str):
    return yaml.load(text, Loader=_SpecLoader)

ACS3 = "ACS3-HMAC-SHA256"
RPC_V1 = "HMAC-SHA1"
JDCLOUD2 = "JDCLOUD2-HMAC-SHA256"

#: How far a request's timestamp may be from the server's clock, as the vendors allow.
MAX_CLOCK_SKEW_SECONDS = 15 * 60

#: Largest request body read.
MAX_BODY_BYTES = 1 << 20

#: Name under which jdcloud-sdk 1.6.94 is imported beside 1.6.354.
JDCLOUD2_PACKAGE = "jdcloud_sdk_1_6_94"

#: JD Cloud's error ``status`` for an HTTP status.
JDCLOUD_STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 404: "NOT_FOUND", 500: "INTERNAL"}

ROOT = Path(__file__).resolve().parents[2]


class Rejected(Exception):
    """A request that the verifier refuses: the vendor's error code, HTTP status and why."""

    def __init__(self, code: str, status: int, detail: str):
        super().__init__(detail)
        self.code = code
        self.status = status
        self.detail = detail


@dataclasses.dataclass
class Operation:
    """One documented operation: its name, parameters and documented JSON sample."""

    vendor: str
    service: str
    name: str
    api_version: str
    signing_name: str
    required: list[str]
    sample: str
    method: str | None = None
    path_regex: re.Pattern[str] | None = None
    #: How many characters of the path template are not ``{parameters}``: when two templates
    #: match one path (``/instances/{instanceId}`` and ``/instances/{instanceId}:createImage``
    #: both match ``/instances/i-1:createImage``), the one with more literal text is meant.
    path_literal: int = 0


@dataclasses.dataclass
class Incoming:
    """A received request, as read off the socket."""

    method: str
    target: str
    path: str
    query: str
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        """The value of header ``name`` (case-insensitive); rejects a repeated header."""
        values = [v for n, v in self.headers if n.lower() == name.lower()]
        if len(values) > 1:
            raise Rejected("InvalidParameter", 400, f"header {name} is repeated")
        return values[0] if values else None

    def header_names(self) -> list[str]:
        """Every header name received, lowercased."""
        return [n.lower() for n, _ in self.headers]


@dataclasses.dataclass
class Verdict:
    """The outcome for one request, as kept in the log."""

    operation: str
    algorithm: str
    ok: bool
    detail: str
    method: str = ""
    path: str = ""
    params: dict[str, str] = dataclasses.field(default_factory=dict)
    security_token: str | None = None


class Specs:
    """The operations documented in the workspace's ``specs/`` directory."""

    def __init__(self, root: Path):
        self.aliyun: dict[str, Operation] = {}
        self.jdcloud: list[Operation] = []
        for service_file in sorted(root.glob("*/*/service.yaml")):
            service = load_yaml(service_file.read_text(encoding="utf-8"))
            for op_file in sorted((service_file.parent / "operations").glob("*.yaml")):
                op = self._operation(service, load_yaml(op_file.read_text(encoding="utf-8")))
                if op.vendor == "aliyun":
                    self.aliyun[op.name] = op
                else:
                    self.jdcloud.append(op)

    @staticmethod
    def _operation(service: dict[str, Any], doc: dict[str, Any]) -> Operation:
        params = (doc.get("request") or {}).get("parameters") or []
        samples = [r for r in (doc.get("examples") or {}).get("responses") or [] if r.get("format") == "json"]
        # An `x-body` decision is the sample as the wire has it (the generator reads it too).
        sample = samples[0].get("x-body", samples[0]["body"]) if samples else "{}"
        json.loads(sample)  # a broken sample is a spec error: fail at start, not per request
        http = doc.get("http") or service.get("http") or {}
        path_regex = None
        literal = 0
        if service["vendor"] == "jdcloud":
            pattern = re.sub(r"\\\{([A-Za-z0-9_]+)\\\}", r"(?P<\1>[^/]+)", re.escape(http["path"]))
            path_regex = re.compile(f"^{pattern}$")
            literal = len(re.sub(r"\{[A-Za-z0-9_]+\}", "", http["path"]))
        return Operation(
            vendor=service["vendor"],
            service=service["service"],
            name=doc["operation"],
            api_version=str(service["api_version"]),
            signing_name=(service.get("signing") or {}).get("name", service["service"]),
            # `x-name` and `x-required` are decisions over the page's (generator/src/overrides.rs).
            required=[p.get("x-name", p["name"]) for p in params if p.get("x-required", p.get("required"))],
            sample=sample,
            method=str(http["method"]).upper() if http.get("method") else None,
            path_regex=path_regex,
            path_literal=literal,
        )

    def jdcloud_route(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        """The JD Cloud operation of ``method`` whose path template matches ``path`` (as received).

        Any HTTP method the specs name (GET, POST, PUT, PATCH, DELETE, HEAD); of several
        matching templates the most literal one. Returns it with the decoded path parameters,
        or ``None``.
        """
        best: tuple[Operation, re.Match[str]] | None = None
        for op in self.jdcloud:
            match = op.path_regex.match(path) if op.path_regex and op.method == method.upper() else None
            if match and (best is None or op.path_literal > best[0].path_literal):
                best = (op, match)
        if best is None:
            return None
        return best[0], {name: unquote(value) for name, value in best[1].groupdict().items()}


class CapturingLogger:
    """A jdcloud-sdk logger that keeps what the signer logs (canonical request, string to sign)."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def log(self, level: int, message: Any) -> None:
        """Keeps ``message``; ``level`` is ignored."""
        del level
        self.messages.append(str(message))


def load_jdcloud2_signer(directory: str | None) -> types.ModuleType | None:
    """Imports ``jdcloud_sdk.core.signer`` of jdcloud-sdk 1.6.94 installed under ``directory``.

    The package is imported as ``jdcloud_sdk_1_6_94`` so that it does not clash with 1.6.354;
    its signer only uses relative imports (``const``, ``logger``, ``util``).
    """
    if not directory:
        return None
    package_dir = Path(directory) / "jdcloud_sdk"
    init = package_dir / "__init__.py"
    if not init.is_file():
        raise SystemExit(f"--jdcloud2-sdk {directory}: no jdcloud_sdk package there")
    spec = importlib.util.spec_from_file_location(
        JDCLOUD2_PACKAGE, init, submodule_search_locations=[str(package_dir)]
    )
    if spec is None or spec.loader is None:
        raise SystemExit(f"--jdcloud2-sdk {directory}: cannot import jdcloud_sdk")
    package = importlib.util.module_from_spec(spec)
    sys.modules[JDCLOUD2_PACKAGE] = package
    spec.loader.exec_module(package)
    module = importlib.import_module(f"{JDCLOUD2_PACKAGE}.core.signer")
    if getattr(importlib.import_module(f"{JDCLOUD2_PACKAGE}.core.const"), "JDCLOUD_ALGORITHM", None) != JDCLOUD2:
        raise SystemExit(f"--jdcloud2-sdk {directory}: this jdcloud_sdk does not sign {JDCLOUD2}")
    return module


def parse_params(text: str, where: str) -> dict[str, str]:
    """Form-decodes ``text`` (``+`` is a space) strictly; rejects repeated or undecodable names."""
    if not text:
        return {}
    try:
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=True, encoding="utf-8", errors="strict")
    except (ValueError, UnicodeDecodeError) as e:
        raise Rejected("InvalidParameter", 400, f"the {where} cannot be decoded: {e}") from e
    params: dict[str, str] = {}
    for name, value in pairs:
        if name in params:
            raise Rejected("InvalidParameter", 400, f"parameter {name} is repeated in the {where}")
        params[name] = value
    return params


def parse_utc(value: str | None, fmt: str, what: str) -> float:
    """The epoch seconds of ``value`` (UTC, in ``fmt``); rejects a missing, bad or stale time."""
    if not value:
        raise Rejected("MissingParameter", 400, f"{what} is missing")
    try:
        seconds = calendar.timegm(time.strptime(value, fmt))
    except ValueError as e:
        raise Rejected("InvalidTimeStamp.Format", 400, f"{what} {value!r} is not {fmt}") from e
    if abs(time.time() - seconds) > MAX_CLOCK_SKEW_SECONDS:
        raise Rejected("InvalidTimeStamp.Expired", 400, f"{what} {value!r} is more than 15 minutes off")
    return seconds


class Verifier:
    """Verifies requests and keeps the verdicts."""

    def __init__(self, specs: Specs, aliyun_key: tuple[str, str], jdcloud_key: tuple[str, str],
                 jdcloud2_signer: types.ModuleType | None):
        self.specs = specs
        self.aliyun_key = aliyun_key
        self.jdcloud_key = jdcloud_key
        self.jdcloud2_signer = jdcloud2_signer
        self.log: list[Verdict] = []
        self.nonces: set[tuple[str, str]] = set()
        self.lock = threading.Lock()
        # Only one thread at a time may pin a jdcloud signer module's clock and uuid4.
        self.signer_lock = threading.Lock()

    # -- bookkeeping -------------------------------------------------------------------------

    def record(self, verdict: Verdict) -> None:
        """Appends ``verdict`` to the log."""
        with self.lock:
            self.log.append(verdict)

    def use_nonce(self, vendor: str, nonce: str | None, what: str) -> None:
        """Rejects a missing nonce or one already seen."""
        if not nonce:
            raise Rejected("MissingParameter", 400, f"{what} is missing")
        with self.lock:
            if (vendor, nonce) in self.nonces:
                raise Rejected("SignatureNonceUsed", 400, f"{what} {nonce!r} was already used")
            self.nonces.add((vendor, nonce))

    # -- Alibaba ------------------------------------------------------------------------------

    def aliyun_operation(self, action: str | None, version: str | None) -> Operation:
        """The ECS operation named by ``action``, checking the API version."""
        op = self.specs.aliyun.get(action or "")
        if op is None:
            raise Rejected("InvalidAction.NotFound", 404, f"unknown action {action!r}")
        if version != op.api_version:
            raise Rejected("InvalidVersion", 400, f"version {version!r} is not {op.api_version}")
        return op

    @staticmethod
    def check_required(op: Operation, params: dict[str, str]) -> None:
        """Rejects a request that lacks a required parameter of ``op``."""
        # A required list or object is sent below its name (`InstanceId.1`, `SystemDisk.Size`).
        missing = [name for name in op.required
                   if name not in params and not any(p.startswith(name + ".") for p in params)]
        if missing:
            raise Rejected("MissingParameter", 400, f"required parameter(s) missing: {', '.join(missing)}")

    def verify_acs3(self, req: Incoming, verdict: Verdict) -> Operation:
        """ACS3-HMAC-SHA256 with ``Utils.get_authorization`` of both official packages."""
        authorization = req.header("authorization") or ""
        match = re.fullmatch(r"ACS3-HMAC-SHA256 Credential=([^,]*),SignedHeaders=([^,]*),Signature=([0-9a-f]*)",
                             authorization)
        if not match:
            raise Rejected("IncompleteSignature", 400, f"malformed Authorization {authorization!r}")
        access_key_id, signed_names, _ = match.groups()
        op = self.aliyun_operation(req.header("x-acs-action"), req.header("x-acs-version"))
        verdict.operation = op.name
        params = parse_params(req.query, "query")
        verdict.params = params
        verdict.security_token = req.header("x-acs-security-token")
        if access_key_id != self.aliyun_key[0]:
            raise Rejected("InvalidAccessKeyId.NotFound", 404, f"access key {access_key_id!r} is unknown")
        names = signed_names.split(";")
        if names != sorted(set(names)):
            raise Rejected("IncompleteSignature", 400, f"SignedHeaders {signed_names!r} is not sorted and unique")
        must_sign = {n for n in req.header_names() if n in ("host", "content-type") or n.startswith("x-acs-")}
        if not must_sign <= set(names):
            raise Rejected("IncompleteSignature", 400,
                           f"headers sent but not signed: {', '.join(sorted(must_sign - set(names)))}")
        headers = {}
        for name in names:
            value = req.header(name)
            if value is None:
                raise Rejected("IncompleteSignature", 400, f"signed header {name} was not sent")
            headers[name] = value
        parse_utc(req.header("x-acs-date"), "%Y-%m-%dT%H:%M:%SZ", "x-acs-date")
        payload = TeaUtils.hex_encode(TeaUtils.hash(req.body, ACS3))
        if req.header("x-acs-content-sha256") != payload:
            raise Rejected("InvalidParameter", 400,
                           f"x-acs-content-sha256 {req.header('x-acs-content-sha256')!r} is not the body's {payload}")
        request = DaraRequest()
        request.method = req.method
        request.pathname = req.path
        request.query = params
        request.headers = headers
        secret = self.aliyun_key[1]
        expected = TeaUtils.get_authorization(request, ACS3, payload, access_key_id, secret)
        again = OpenApiUtilClient.get_authorization(request, ACS3, payload, access_key_id, secret)
        if expected != again:
            raise Rejected("InternalError", 500, f"the official functions disagree: {expected!r} vs {again!r}")
        if not hmac.compare_digest(expected, authorization):
            raise Rejected("SignatureDoesNotMatch", 400,
                           f"expected Authorization {expected!r}, received {authorization!r}; "
                           f"server canonical request {self.acs3_canonical_request(request, payload)!r}")
        self.use_nonce("aliyun", req.header("x-acs-signature-nonce"), "x-acs-signature-nonce")
        # tea-openapi sends a formData request body as application/x-www-form-urlencoded; its
        # parameters count as the operation's parameters (the signature covers them through
        # the x-acs-content-sha256 checked above).
        content_type = (req.header("content-type") or "").split(";")[0].strip().lower()
        if req.body and content_type == "application/x-www-form-urlencoded":
            for name, value in parse_params(req.body.decode("utf-8", "replace"), "form body").items():
                if name in params:
                    raise Rejected("InvalidParameter", 400, f"parameter {name} is both in the query and the body")
                params[name] = value
        self.check_required(op, params)
        return op

    @staticmethod
    def acs3_canonical_request(request: DaraRequest, payload: str) -> str:
        """The canonical request behind ``get_authorization``, for messages only."""
        query = tea_utils_module.get_canonical_query_string(request.query)
        headers, names = tea_utils_module.get_canonicalized_headers(request.headers)
        return f"{request.method}\n{request.pathname or '/'}\n{query}\n{headers}\n{names}\n{payload}"

    def verify_rpc_v1(self, req: Incoming, verdict: Verdict) -> Operation:
        """RPC V1 with ``get_rpcsignature`` of both official packages and aliyunsdkcore's composer."""
        params = parse_params(req.query, "query")
        content_type = (req.header("content-type") or "").split(";")[0].strip().lower()
        if req.body and content_type == "application/x-www-form-urlencoded":
            for name, value in parse_params(req.body.decode("utf-8", "replace"), "form body").items():
                if name in params:
                    raise Rejected("InvalidParameter", 400, f"parameter {name} is both in the query and the body")
                params[name] = value
        received = params.pop("Signature", None)
        verdict.params = params
        verdict.security_token = params.get("SecurityToken")
        op = self.aliyun_operation(params.get("Action"), params.get("Version"))
        verdict.operation = op.name
        if received is None:
            raise Rejected("IncompleteSignature", 400, "the Signature parameter is missing")
        if params.get("AccessKeyId") != self.aliyun_key[0]:
            raise Rejected("InvalidAccessKeyId.NotFound", 404, f"access key {params.get('AccessKeyId')!r} is unknown")
        if params.get("SignatureMethod") != RPC_V1 or params.get("SignatureVersion") != "1.0":
            raise Rejected("InvalidParameter", 400, "SignatureMethod must be HMAC-SHA1 and SignatureVersion 1.0")
        parse_utc(params.get("Timestamp"), "%Y-%m-%dT%H:%M:%SZ", "Timestamp")
        secret = self.aliyun_key[1]
        expected = TeaUtils.get_rpcsignature(params, req.method, secret)
        again = OpenApiUtilClient.get_rpcsignature(params, req.method, secret)
        compose = getattr(rpc_signature_composer, "__compose_string_to_sign")
        string_to_sign = compose(req.method, dict(params))
        legacy = sha_hmac1.get_sign_string(string_to_sign, secret + "&")
        if not expected == again == legacy:
            raise Rejected("InternalError", 500, f"the official functions disagree: {expected}, {again}, {legacy}")
        if not hmac.compare_digest(expected, received):
            raise Rejected("SignatureDoesNotMatch", 400,
                           f"Specified signature is not matched with our calculation. server string to sign "
                           f"is:{string_to_sign} (expected Signature {expected!r}, received {received!r})")
        self.use_nonce("aliyun", params.get("SignatureNonce"), "SignatureNonce")
        self.check_required(op, params)
        return op

    # -- JD Cloud -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def pinned_clock(self, module: types.ModuleType, date: str, nonce: str):
        """Makes ``module``'s ``time.time()`` return ``date`` and ``uuid.uuid4()`` return ``nonce``.

        jdcloud-sdk 1.6.94's ``Signer.sign`` always stamps the request with its own clock and a
        fresh ``uuid4``, and 1.6.354's ``signV3`` does so when the headers it is given lack
        them; pinning both is how either signs the request as it was received. The lock makes
        concurrent requests wait for each other here.
        """
        seconds = calendar.timegm(time.strptime(date, "%Y%m%dT%H%M%SZ"))
        with self.signer_lock:
            saved = module.time, module.uuid
            module.time = types.SimpleNamespace(time=lambda: seconds)
            module.uuid = types.SimpleNamespace(uuid4=lambda: nonce)
            try:
                yield
            finally:
                module.time, module.uuid = saved

    def verify_jdcloud(self, req: Incoming, verdict: Verdict, op: Operation, path_params: dict[str, str]) -> Operation:
        """JDCLOUD2 or JDCLOUD3 with ``jdcloud_sdk.core.signer.Signer.sign`` of 1.6.94 or 1.6.354."""
        verdict.params = {**parse_params(req.query, "query"), **path_params} if req.query else path_params
        verdict.security_token = req.header("x-jdcloud-security-token")
        authorization = req.header("authorization") or ""
        match = re.fullmatch(
            r"(JDCLOUD[23]-HMAC-SHA256) Credential=([^/]*)/(\d{8})/([^/]*)/([^/]*)/(jdcloud[23]_request), "
            r"SignedHeaders=([^,]*), Signature=([0-9a-f]*)",
            authorization,
        )
        if not match:
            raise Rejected("UNAUTHENTICATED", 401, f"malformed Authorization {authorization!r}")
        algorithm, access_key, _, _, _, _, signed_names, _ = match.groups()
        verdict.algorithm = algorithm
        if access_key != self.jdcloud_key[0]:
            raise Rejected("UNAUTHENTICATED", 401, f"access key {access_key!r} is unknown")
        names = signed_names.split(";")
        if names != sorted(set(names)) or "host" not in names:
            raise Rejected("UNAUTHENTICATED", 401, f"SignedHeaders {signed_names!r} is not sorted, unique, with host")
        date = req.header("x-jdcloud-date")
        parse_utc(date, "%Y%m%dT%H%M%SZ", "x-jdcloud-date")
        nonce = req.header("x-jdcloud-nonce")
        if not nonce:
            raise Rejected("UNAUTHENTICATED", 401, "x-jdcloud-nonce is missing")
        host = req.header("host") or ""
        headers: dict[str, str] = {}
        for name in names:
            value = req.header(name)
            if value is None:
                raise Rejected("UNAUTHENTICATED", 401, f"signed header {name} was not sent")
            if name != "host":
                headers[name] = value
        region = path_params.get("regionId", "jdcloud-api")
        token = req.header("x-jdcloud-security-token") or ""
        # Signer.sign hashes ``data`` as UTF-8 text (JDCloudClient gives it the JSON body it
        # sends, '' without one), so the received body, decoded, is what it must hash.
        try:
            data = req.body.decode("utf-8", errors="strict")
        except UnicodeDecodeError as e:
            raise Rejected("INVALID_ARGUMENT", 400, f"the body is not UTF-8: {e}") from e
        payload = hashlib.sha256(req.body).hexdigest()
        sent_payload = req.header("x-jdcloud-content-sha256")
        if sent_payload is not None and sent_payload != payload:
            raise Rejected("UNAUTHENTICATED", 401,
                           f"x-jdcloud-content-sha256 {sent_payload!r} is not the body's {payload}")
        query = f"?{req.query}" if req.query else ""
        logger = CapturingLogger()
        if algorithm == JDCLOUD2:
            if self.jdcloud2_signer is None:
                raise Rejected("UNAUTHENTICATED", 401, "JDCLOUD2 cannot be verified: no --jdcloud2-sdk was given")
            module = self.jdcloud2_signer
            credential = importlib.import_module(f"{JDCLOUD2_PACKAGE}.core.credential").Credential(*self.jdcloud_key)
            uri = f"http://{host}{unquote(req.path, errors='strict')}{query}"
        else:
            module = jdcloud3_signer_module
            credential = Jdcloud3Credential(*self.jdcloud_key)
            uri = f"http://{host}{req.path}{query}"
        with self.pinned_clock(module, date, nonce):
            signed_headers = dict(headers)
            module.Signer(logger).sign(method=req.method, service=op.signing_name, region=region, uri=uri,
                                       headers=signed_headers, data=data, credential=credential,
                                       security_token=token)
        expected = signed_headers.get("Authorization", "")
        if not hmac.compare_digest(expected, authorization):
            raise Rejected("UNAUTHENTICATED", 401,
                           f"signature mismatch: expected Authorization {expected!r}, received {authorization!r}; "
                           f"server {' / '.join(logger.messages)!r}")
        self.use_nonce("jdcloud", nonce, "x-jdcloud-nonce")
        return op

    # -- dispatch -----------------------------------------------------------------------------

    def handle(self, req: Incoming) -> tuple[int, str, dict[str, str]]:
        """Verifies ``req``, logs the verdict, and returns the status, JSON body and headers."""
        verdict = Verdict(operation="?", algorithm="?", ok=False, detail="", method=req.method, path=req.path)
        request_id = str(uuid.uuid4()).upper()
        vendor = "aliyun"
        try:
            authorization = req.header("authorization") or ""
            route = self.specs.jdcloud_route(req.method, req.path)
            if authorization.startswith("JDCLOUD") or route is not None:
                vendor = "jdcloud"
                if route is None:
                    raise Rejected("NOT_FOUND", 404, f"no JD Cloud operation at {req.method} {req.path}")
                verdict.operation = route[0].name
                verdict.algorithm = authorization.split(" ", 1)[0] or "none"
                op = self.verify_jdcloud(req, verdict, *route)
            elif authorization.startswith("ACS3-"):
                verdict.algorithm = authorization.split(" ", 1)[0]
                if verdict.algorithm != ACS3:
                    raise Rejected("InvalidParameter", 400, f"unsupported algorithm {verdict.algorithm}")
                op = self.verify_acs3(req, verdict)
            elif "Signature=" in req.query or "SignatureMethod=" in req.query:
                verdict.algorithm = RPC_V1
                op = self.verify_rpc_v1(req, verdict)
            else:
                raise Rejected("MissingAuthorization", 400, "the request carries no signature")
            verdict.ok = True
            verdict.detail = "signature verified"
            self.record(verdict)
            header = "x-jdcloud-request-id" if vendor == "jdcloud" else "x-acs-request-id"
            return 200, op.sample, {header: request_id}
        except Rejected as e:
            status, code, message = e.status, e.code, e.detail
        except Exception as e:  # never crash on bad input: answer 500 and log why
            status, code = 500, "InternalError"
            message = f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=5)}"
        verdict.detail = f"{code}: {message}"
        self.record(verdict)
        if vendor == "jdcloud":
            if not code.isupper():  # a check shared with Alibaba: JD Cloud names the HTTP status instead
                code = JDCLOUD_STATUS.get(status, "UNKNOWN")
            body = {"requestId": request_id, "error": {"code": status, "status": code, "message": message}}
        else:
            body = {"Code": code, "Message": message, "RequestId": request_id, "HostId": "127.0.0.1"}
        return status, json.dumps(body, ensure_ascii=False), {}

    def log_json(self) -> str:
        """The log as JSON: ``[{operation, algorithm, ok, detail, ...}]``."""
        with self.lock:
            return json.dumps([dataclasses.asdict(v) for v in self.log], ensure_ascii=False, indent=1)

    def reset(self) -> int:
        """Forgets every verdict; returns how many there were."""
        with self.lock:
            count = len(self.log)
            self.log.clear()
            return count


def make_handler(verifier: Verifier) -> type[BaseHTTPRequestHandler]:
    """The request handler class bound to ``verifier``."""

    class Handler(BaseHTTPRequestHandler):
        """Reads a request, hands it to the verifier, writes the answer."""

        protocol_version = "HTTP/1.1"
        server_version = "official-signature-verifier"

        def read_body(self) -> bytes:
            """The request body (``Content-Length`` or chunked), at most ``MAX_BODY_BYTES``."""
            if (self.headers.get("transfer-encoding") or "").lower() == "chunked":
                chunks = []
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        while self.rfile.readline().strip():
                            pass
                        return b"".join(chunks)
                    if sum(map(len, chunks)) + size > MAX_BODY_BYTES:
                        raise ValueError("body too large")
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
            length = int(self.headers.get("content-length") or 0)
            if length < 0 or length > MAX_BODY_BYTES:
                raise ValueError("body too large")
            return self.rfile.read(length)

        def answer(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
            """Writes a JSON answer."""
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def dispatch(self) -> None:
            """Serves ``/__verify/*`` itself and verifies every other request."""
            try:
                body = self.read_body()
            except (ValueError, OSError) as e:
                self.close_connection = True
                self.answer(400, json.dumps({"Code": "InvalidRequest", "Message": f"unreadable body: {e}"}))
                return
            target = urlsplit(self.path)
            if target.path == "/__verify/log" and self.command == "GET":
                self.answer(200, verifier.log_json())
                return
            if target.path == "/__verify/reset" and self.command == "POST":
                self.answer(200, json.dumps({"cleared": verifier.reset()}))
                return
            request = Incoming(
                method=self.command,
                target=self.path,
                path=target.path,
                query=target.query,
                headers=list(self.headers.items()),
                body=body,
            )
            status, text, headers = verifier.handle(request)
            self.answer(status, text, headers)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = dispatch

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
            """One line per request on stderr."""
            sys.stderr.write(f"verify_server: {self.address_string()} {format % args}\n")

    return Handler


def main(argv: list[str] | None = None) -> None:
    """Parses the arguments, starts the server and prints ``PORT <n>``."""
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("port", nargs="?", type=int, default=0, help="port on 127.0.0.1; 0 picks a free one")
    parser.add_argument("--specs", default=str(ROOT / "specs"), help="the specs/ directory")
    parser.add_argument("--jdcloud2-sdk", default=env("VERIFY_JDCLOUD2_SDK"),
                        help="directory where jdcloud-sdk 1.6.94 is installed (pip install --target)")
    parser.add_argument("--aliyun-access-key-id", default=env("VERIFY_ALIYUN_ACCESS_KEY_ID", "testid"))
    parser.add_argument("--aliyun-access-key-secret", default=env("VERIFY_ALIYUN_ACCESS_KEY_SECRET", "testsecret"))
    parser.add_argument("--jdcloud-access-key", default=env("VERIFY_JDCLOUD_ACCESS_KEY", "ak"))
    parser.add_argument("--jdcloud-secret-key", default=env("VERIFY_JDCLOUD_SECRET_KEY", "sk"))
    args = parser.parse_args(argv)
    verifier = Verifier(
        specs=Specs(Path(args.specs)),
        aliyun_key=(args.aliyun_access_key_id, args.aliyun_access_key_secret),
        jdcloud_key=(args.jdcloud_access_key, args.jdcloud_secret_key),
        jdcloud2_signer=load_jdcloud2_signer(args.jdcloud2_sdk),
    )
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(verifier))
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
