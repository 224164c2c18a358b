#!/usr/bin/env python3
"""Self-test of coverage.py on a tiny fake spec and fake official models.

* Alibaba: a fake ``DescribeThings`` operation against fake Dara-style models (``to_map``/
  ``from_map``, string annotations) and a fake client whose ``_with_options`` method sends
  ``Ids`` as JSON text. The clean spec passes; each of a set of one-line changes (a type, a
  name, a JSON style, a response wrapper, a member's type, an operation the SDK lacks) must
  give exactly its finding, at the right file, line and wire path; an ``x-note`` that speaks
  of the official SDK excuses it and one that does not, does not.
* JD Cloud: a fake ``jdcloud_sdk``-shaped package (``apis/<Op>Request.py``, ``models/``) with a
  GET operation; a body parameter where the SDK sends a query parameter, a member the model
  lacks and a structure with no model must each be found.
* With ``--official``: the wire names and types read from the installed
  ``alibabacloud-ecs20140526`` agree, class by class, with the model trees committed in
  ``tests/fixtures/official-models/`` (computed independently from the same SDK version).

Usage: ``coverage_selftest.py [--official]``. Exits non-zero on any unexpected result.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
import textwrap
import types
from pathlib import Path
from typing import Any, List

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import coverage  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "official-models"

# -- fake Alibaba models and client ---------------------------------------------------------------


class FakeModel:
    """Just enough of ``darabonba.model.DaraModel``: ``WIRE`` maps attributes to wire names."""

    WIRE: dict[str, str] = {}

    def to_map(self) -> dict:
        out = {}
        for attr, wire in self.WIRE.items():
            value = getattr(self, attr)
            if isinstance(value, list):
                out[wire] = [v.to_map() if isinstance(v, FakeModel) else v for v in value]
            elif isinstance(value, FakeModel):
                out[wire] = value.to_map()
            elif value is not None:
                out[wire] = value
        return out

    def from_map(self, m: dict) -> "FakeModel":
        hints = {a: p for a, p in self.__init__.__annotations__.items()}
        for attr, wire in self.WIRE.items():
            if m.get(wire) is None:
                continue
            kind = coverage.parse_annotation(hints[attr])
            value = m[wire]
            if kind[0] == "model":
                value = getattr(main_models, kind[1])().from_map(value)
            elif kind[0] == "list" and kind[1][0] == "model":
                value = [getattr(main_models, kind[1][1])().from_map(v) for v in value]
            setattr(self, attr, value)
        return self


class DescribeThingsRequestTag(FakeModel):
    WIRE = {"key": "Key", "value": "Value"}

    def __init__(self, key: str = None, value: str = None):
        self.key = key
        self.value = value


class DescribeThingsRequestDisk(FakeModel):
    WIRE = {"size": "Size"}

    def __init__(self, size: int = None):
        self.size = size


class DescribeThingsRequest(FakeModel):
    WIRE = {"region_id": "RegionId", "page_size": "PageSize", "tag": "Tag", "ids": "Ids",
            "disk": "Disk", "owner_id": "OwnerId"}

    def __init__(self, region_id: str = None, page_size: int = None,
                 tag: List[main_models.DescribeThingsRequestTag] = None, ids: List[str] = None,
                 disk: main_models.DescribeThingsRequestDisk = None, owner_id: int = None):
        self.region_id = region_id
        self.page_size = page_size
        self.tag = tag
        self.ids = ids
        self.disk = disk
        self.owner_id = owner_id


class DescribeThingsResponseBodyThingsThing(FakeModel):
    WIRE = {"thing_id": "ThingId", "size": "Size"}

    def __init__(self, thing_id: str = None, size: int = None):
        self.thing_id = thing_id
        self.size = size


class DescribeThingsResponseBodyThings(FakeModel):
    WIRE = {"thing": "Thing"}

    def __init__(self, thing: List[main_models.DescribeThingsResponseBodyThingsThing] = None):
        self.thing = thing


class DescribeThingsResponseBody(FakeModel):
    WIRE = {"things": "Things", "total_count": "TotalCount", "request_id": "RequestId"}

    def __init__(self, things: main_models.DescribeThingsResponseBodyThings = None, total_count: int = None,
                 request_id: str = None):
        self.things = things
        self.total_count = total_count
        self.request_id = request_id


main_models = types.SimpleNamespace(**{c.__name__: c for c in (
    DescribeThingsRequestTag, DescribeThingsRequestDisk, DescribeThingsRequest,
    DescribeThingsResponseBodyThingsThing, DescribeThingsResponseBodyThings, DescribeThingsResponseBody)})


class Utils:
    @staticmethod
    def array_to_string_with_specified_style(value: Any, prefix: str, style: str) -> str:
        return json.dumps(value)


class FakeClient:
    def describe_things_with_options(self, tmp_req: main_models.DescribeThingsRequest, runtime: Any) -> Any:
        request = copy.copy(tmp_req)
        request.ids_shrink = Utils.array_to_string_with_specified_style(tmp_req.ids, 'Ids', 'json')
        query = {}
        query['RegionId'] = request.region_id
        query['PageSize'] = request.page_size
        query['Tag'] = request.tag
        query['Ids'] = request.ids_shrink
        query['Disk'] = request.disk
        query['OwnerId'] = request.owner_id
        return query


ALIYUN_SERVICE = {"vendor": "aliyun", "service": "fake", "api_version": "2014-05-26", "protocol": "rpc"}

ALIYUN_OPERATION = """\
operation: DescribeThings
request:
  parameters:
    - name: RegionId
      type: string
      required: true
    - name: PageSize
      type: integer
    - name: Tag
      style: numbered_group
      members:
        - name: Key
          type: string
        - name: Value
          type: string
    - name: Ids
      type: string
      x-type: array
      x-style: json
      x-items: {type: string}
      x-note: A String holding a JSON array on the page; typed as a list.
    - name: Disk
      type: object
      style: dotted
      members:
        - name: Size
          type: integer
response:
  fields:
    - name: Things
      type: array
      wrapper: Thing
      items: {shape: Thing}
    - name: TotalCount
      type: integer
    - name: RequestId
      type: string
"""

THING_SHAPE = """\
shape: Thing
fields:
  - name: ThingId
    type: string
  - name: Size
    type: integer
"""

# -- fake JD Cloud package ------------------------------------------------------------------------

JD_FILES = {
    "fakejd/__init__.py": "",
    "fakejd/vm/__init__.py": "",
    "fakejd/vm/apis/__init__.py": "",
    "fakejd/vm/models/__init__.py": "",
    "fakejd/vm/apis/DescribeWidgetsRequest.py": '''
        class DescribeWidgetsRequest(object):
            def __init__(self, parameters, header=None, version="v1"):
                self.url = "/regions/{regionId}/widgets"
                self.version = version
                self.method = "GET"
                self.parameters = parameters


        class DescribeWidgetsParameters(object):
            def __init__(self, regionId, ):
                self.regionId = regionId
                self.pageSize = None
                self.filters = None
        ''',
    "fakejd/vm/models/Filter.py": '''
        class Filter(object):
            def __init__(self, name, operator=None, values=None):
                self.name = name
                self.operator = operator
                self.values = values
        ''',
}

JD_SERVICE = {"vendor": "jdcloud", "service": "vm", "api_version": "v1", "protocol": "rest"}

JD_OPERATION = """\
operation: describeWidgets
http:
  method: GET
  path: /v1/regions/{regionId}/widgets
request:
  parameters:
    - name: regionId
      in: path
      type: string
    - name: pageSize
      in: query
      type: integer
    - name: filters
      in: query
      type: array
      style: numbered
      items: {shape: Filter}
"""

FILTER_SHAPE = """\
shape: Filter
fields:
  - name: name
    type: string
  - name: values
    type: array
    items: {type: string}
"""


# -- the checks -----------------------------------------------------------------------------------

class SelfTest:
    def __init__(self, root: Path):
        self.root = root
        self.failures: list[str] = []
        for rel, text in JD_FILES.items():
            path = root / "pkg" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        sys.path.insert(0, str(root / "pkg"))

    def write_specs(self, name: str, files: dict[str, str]) -> Path:
        specs = self.root / name / "specs"
        for rel, text in files.items():
            path = specs / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return specs

    def sdk(self, vendor: str) -> Any:
        if vendor == "aliyun":
            return coverage.Alibaba(main_models, FakeClient)
        return coverage.Jdcloud(package="fakejd")

    def expect(self, case: str, files: dict[str, str], want: list[tuple[str, str, str]],
               explained: int = 0, only_theirs: list[str] | None = None) -> None:
        """Runs coverage over ``files``; ``want``: the unexplained (file:line, element, what)."""
        specs = self.write_specs(case, files)
        results = coverage.run(specs, self.sdk)
        findings = [f for r in results for f in r.findings]
        got = sorted((f.where.split(": ")[0], f.element, f.what) for f in findings if not f.note)
        if got != sorted(want):
            self.failures.append(f"{case}: findings {got}, want {sorted(want)}")
        if sum(1 for f in findings if f.note) != explained:
            self.failures.append(f"{case}: {sum(1 for f in findings if f.note)} explained, want {explained}")
        if only_theirs is not None:
            names = [n for r in results for side in (r.request, r.response) for n, _ in side.only_theirs]
            if names != only_theirs:
                self.failures.append(f"{case}: only theirs {names}, want {only_theirs}")
        text = coverage.report(results, "fake SDKs")
        for f in findings:
            if f.note and f.element not in text:
                self.failures.append(f"{case}: the explained {f.element} is not in the report")
        print(f"coverage_selftest: {case}: {len(got)} finding(s), as expected" if got == sorted(want)
              else f"coverage_selftest: {case}: UNEXPECTED", file=sys.stderr)

    def aliyun(self) -> None:
        op = "aliyun/fake/operations/DescribeThings.yaml"
        base = {"aliyun/fake/service.yaml": yaml.safe_dump(ALIYUN_SERVICE),
                "aliyun/fake/shapes/Thing.yaml": THING_SHAPE, op: ALIYUN_OPERATION}
        f = f"specs/{op}"
        page_size = "- name: PageSize\n      type: integer"

        def changed(old: str, new: str) -> dict[str, str]:
            assert old in ALIYUN_OPERATION, old
            return {**base, op: ALIYUN_OPERATION.replace(old, new, 1)}

        self.expect("aliyun-clean", base, [], only_theirs=["OwnerId"])
        self.expect("aliyun-type", changed(page_size, "- name: PageSize\n      type: string"),
                    [(f"{f}:7", "PageSize", "type")])
        official_note = "\n      x-note: The official SDK has an int; the page says String."
        self.expect("aliyun-type-explained", changed(page_size, "- name: PageSize\n      type: string" + official_note),
                    [], explained=1)
        other_note = "\n      x-note: A note on something else."
        self.expect("aliyun-type-other-note", changed(page_size, "- name: PageSize\n      type: string" + other_note),
                    [(f"{f}:7", "PageSize", "type")])
        self.expect("aliyun-name", changed("    - name: PageSize\n", "    - name: Bogus\n    - name: PageSize\n"),
                    [(f"{f}:7", "Bogus", "name")])
        self.expect("aliyun-member-type", changed("Size\n          type: integer", "Size\n          type: boolean"),
                    [(f"{f}:26", "Disk.Size", "type")])
        self.expect("aliyun-member-name", changed("- name: Key\n", "- name: key\n"),
                    [(f"{f}:12", "Tag.N.key", "name")])
        self.expect("aliyun-json-style", changed("      x-style: json\n", "      x-style: numbered\n"),
                    [(f"{f}:16", "Ids", "nesting")])
        self.expect("aliyun-wrapper", changed("      wrapper: Thing\n", ""),
                    [(f"{f}:30", "Things", "nesting")])
        colour = THING_SHAPE + "  - name: Colour\n    type: string\n"
        self.expect("aliyun-shape-field", {**base, "aliyun/fake/shapes/Thing.yaml": colour},
                    [("specs/aliyun/fake/shapes/Thing.yaml:7", "Things.Thing[].Colour", "name")])
        nothing = "aliyun/fake/operations/DescribeNothing.yaml"
        self.expect("aliyun-no-operation", {**base, nothing: "operation: DescribeNothing\n"},
                    [(f"specs/{nothing}:1", "DescribeNothing", "operation")])
        explained = "operation: DescribeNothing\nx-note: Not in the official SDK 7.11.8; documented since 2025.\n"
        self.expect("aliyun-no-operation-explained", {**base, nothing: explained}, [], explained=1)

    def jdcloud(self) -> None:
        op = "jdcloud/vm/operations/describeWidgets.yaml"
        base = {"jdcloud/vm/service.yaml": yaml.safe_dump(JD_SERVICE),
                "jdcloud/vm/shapes/Filter.yaml": FILTER_SHAPE, op: JD_OPERATION}
        f = f"specs/{op}"

        def changed(old: str, new: str) -> dict[str, str]:
            assert old in JD_OPERATION, old
            return {**base, op: JD_OPERATION.replace(old, new, 1)}

        self.expect("jdcloud-clean", base, [], only_theirs=["filters.N.operator"])
        self.expect("jdcloud-location", changed("pageSize\n      in: query", "pageSize\n      in: body"),
                    [(f"{f}:10", "pageSize", "location")])
        self.expect("jdcloud-path", changed("/{regionId}/widgets", "/{regionId}/gadgets"),
                    [(f"{f}:3", "describeWidgets", "location")])
        op_member = FILTER_SHAPE + "  - name: op\n    type: string\n"
        self.expect("jdcloud-member", {**base, "jdcloud/vm/shapes/Filter.yaml": op_member},
                    [("specs/jdcloud/vm/shapes/Filter.yaml:8", "filters.N.op", "name")])
        widget = "shape: Widget\nfields:\n  - name: name\n    type: string\n"
        self.expect("jdcloud-no-model",
                    changed("{shape: Filter}", "{shape: Widget}") | {"jdcloud/vm/shapes/Widget.yaml": widget},
                    [(f"{f}:13", "filters.N", "nesting")])

    def official(self) -> None:
        """The installed SDK read as coverage.py reads it = the committed model trees."""
        from alibabacloud_ecs20140526 import models
        from alibabacloud_ecs20140526.client import Client

        sdk = coverage.Alibaba(models, Client)

        def render(t: tuple) -> str:
            if t[0] in ("list", "dict"):
                return f"List[{render(t[1])}]" if t[0] == "list" else f"Dict[str, {render(t[1])}]"
            return t[1] if t[0] == "model" else t[0]

        classes = 0
        for fixture in sorted(FIXTURES.glob("*.json")):
            tree = json.loads(fixture.read_text(encoding="utf-8"))
            every = [tree["request_model"], tree["response_body_model"],
                     *tree["request_nested_models"].values(), *tree["response_nested_models"].values()]
            for model in every:
                name = model["class"]
                want = sorted((f["wire_name"], f"{name}.{f['python_attr']}",
                               render(coverage.parse_annotation(f["python_type"]))) for f in model["fields"])
                got = sorted((t.wire, t.owner, t.type.label()) for t in sdk.fields(name))
                if got != want:
                    self.failures.append(f"{fixture.name}: {name}: read {got}, committed {want}")
                classes += 1
        print(f"coverage_selftest: {classes} official model classes read as committed in {FIXTURES.name}/",
              file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--official", action="store_true", help="also check the installed alibabacloud-ecs20140526")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        test = SelfTest(Path(tmp))
        test.aliyun()
        test.jdcloud()
        if args.official:
            test.official()
    for failure in test.failures:
        print(f"coverage_selftest: FAIL {failure}", file=sys.stderr)
    print(f"coverage_selftest: {'ok' if not test.failures else f'{len(test.failures)} failure(s)'}", file=sys.stderr)
    return 1 if test.failures else 0


if __name__ == "__main__":
    sys.exit(main())
