#!/usr/bin/env python3
"""Coverage of specs/ against the models of the vendors' official Python SDKs.

For every operation in specs/ the request parameters and response fields are compared, at
every depth, with the official SDK's models:

* Alibaba Cloud ECS (``alibabacloud-ecs20140526``): ``<Op>Request`` and ``<Op>ResponseBody``
  and the nested ``<Op>Request...``/``<Op>ResponseBody...`` classes. Wire names come from the
  models themselves: each attribute is set alone on a fresh instance and ``to_map()`` shows
  the key it is written under (``from_map`` must read it back); types come from the
  ``__init__`` annotations. Which parameters the client sends as JSON text (a ``...Shrink``
  field) and where each travels come from ``Client.<op>_with_options``.
* JD Cloud VM (``jdcloud-sdk``): ``jdcloud_sdk.services.vm.apis.<Op>Request`` (method and
  path) and its ``<Op>Parameters`` (the parameter names; the location follows from the path
  and the method, as the SDK's ``parameterbuilder`` does), and the classes of
  ``jdcloud_sdk.services.<service>.models`` for the structures our shapes name. The Python
  SDK declares no types and no response envelope, so for JD Cloud only names, locations,
  method, path and nesting are compared.

Every name of ours must exist there, with a compatible type (the table in ``compatible``),
the same location and the same nesting; a difference fails, with the spec file, line and
element, what we say and what they say, unless the spec element carries an ``x-note`` that
speaks of the official SDK (it must contain the word "official"). Operations the SDK lacks
fail the same way unless the operation's ``x-note`` explains it. Every name they have that
we do not document is listed in the report.

Usage::

    coverage.py --specs DIR --write REPORT   # writes the report; fails on mismatches
    coverage.py --specs DIR --check REPORT   # fails on mismatches or when REPORT differs

Needs PyYAML and the official packages of requirements.txt.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import inspect
import re
import sys
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

# -- the specs ----------------------------------------------------------------------------------

#: The documented keys an ``x-<key>`` decision replaces (generator/src/overrides.rs).
OVERRIDABLE = ["name", "in", "style", "type", "format", "shape", "items", "additionalProperties", "enum",
               "wrapper", "required", "members", "default", "minimum", "maximum", "minLength",
               "maxLength", "maxItems", "idempotency_token", "deprecated", "example",
               "description", "summary", "http", "pagination", "body"]
TYPE_KEYS = ["type", "format", "shape", "enum", "items", "members", "additionalProperties"]


class Element(dict):
    """A YAML mapping that remembers its line."""

    line = 0


class LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader whose mappings are ``Element``s."""


def _construct_element(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Element:
    element = Element()
    element.line = node.start_mark.line + 1
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        element[loader.construct_object(key_node, deep=True)] = loader.construct_object(value_node, deep=True)
    return element


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_element)
# Dates stay text, as the generator (YAML 1.2) reads them: `example: 2019-02-30` is no date.
LineLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def apply_overrides(value: Any) -> None:
    """Applies the ``x-<key>`` decisions in place, as ``sdkgen::overrides::apply`` does."""
    if isinstance(value, dict):
        found = [(k, value.pop(f"x-{k}")) for k in OVERRIDABLE if f"x-{k}" in value]
        if any(k in ("shape", "type") for k, _ in found):
            for k in TYPE_KEYS:
                value.pop(k, None)
        for k, v in found:
            if v is None:
                value.pop(k, None)
            else:
                value[k] = v
        for v in value.values():
            apply_overrides(v)
    elif isinstance(value, list):
        for v in value:
            apply_overrides(v)


def load(path: Path) -> Element:
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=LineLoader)
    apply_overrides(doc)
    return doc


@dataclass
class Ours:
    """One named element of ours: a parameter, a member, a response field or a shape field."""

    name: str
    node: "Node"
    element: Element
    file: str
    path: str            # the key path in the file, e.g. request.parameters[3].members[1]
    style: str = "simple"
    location: str = "query"

    def where(self) -> str:
        return f"{self.file}:{self.element.line}: {self.path}"


@dataclass
class Node:
    """Our type: a scalar, an array, an object (members) or a map."""

    kind: str                         # string integer number boolean array object map
    items: "Node | None" = None       # array items, map values
    members: list[Ours] | None = None
    shape: str | None = None
    wrapper: str | None = None
    label: str = ""                   # what we say, for messages


class Service:
    """One ``specs/<vendor>/<service>/``: its operations and shapes."""

    def __init__(self, root: Path, specs: Path):
        self.root = root
        self.rel = root.relative_to(specs).as_posix()
        self.file_prefix = root.relative_to(specs.parent).as_posix()
        self.doc = load(root / "service.yaml")
        self.vendor = self.doc["vendor"]
        self.shapes = {p.stem: (load(p), f"{self.file_prefix}/shapes/{p.name}")
                       for p in sorted((root / "shapes").glob("*.yaml"))}
        self.operations = [(load(p), f"{self.file_prefix}/operations/{p.name}")
                           for p in sorted((root / "operations").glob("*.yaml"))]

    def node(self, el: dict, file: str, path: str, seen: tuple[str, ...] = ()) -> Node:
        """Our type of the element (or items mapping) ``el``."""
        if "shape" in el:
            name = el["shape"]
            shape, shape_file = self.shapes.get(name, (None, None))
            if shape is None:
                return Node("string", label=f"unknown shape {name}")
            if "fields" not in shape:
                return Node("string", shape=name, label=f"enum {name}")
            if name in seen:
                return Node("object", members=[], shape=name, label=f"struct {name}")
            members = [self.ours(f, shape_file, f"fields[{i}]", seen + (name,)) for i, f in enumerate(shape["fields"])]
            return Node("object", members=members, shape=name, label=f"struct {name}")
        if el.get("style") == "numbered_group":
            members = [self.ours(m, file, f"{path}.members[{i}]", seen) for i, m in enumerate(el.get("members", []))]
            return Node("array", items=Node("object", members=members, label="object"), label="list of objects")
        kind = el.get("type", "string")
        if kind == "array":
            items = self.node(el.get("items", {}), file, f"{path}.items", seen)
            return Node("array", items=items, wrapper=el.get("wrapper"), label=f"list of {items.label}")
        if kind == "object":
            if "additionalProperties" in el:
                values = self.node(el["additionalProperties"], file, f"{path}.additionalProperties", seen)
                return Node("map", items=values, label=f"map of {values.label}")
            members = [self.ours(m, file, f"{path}.members[{i}]", seen) for i, m in enumerate(el.get("members", []))]
            return Node("object", members=members, label="object")
        label = kind + (f" ({el['format']})" if "format" in el else "") + (" enum" if "enum" in el else "")
        return Node(kind, label=label)

    def ours(self, el: Element, file: str, path: str, seen: tuple[str, ...] = ()) -> Ours:
        return Ours(el["name"], self.node(el, file, path, seen), el, file, path,
                    el.get("style", "simple"), el.get("in", "query"))


# -- the official models ---------------------------------------------------------------------

@dataclass
class TType:
    """Their type: str int bool float any, list (item), dict (item), model (fields), unknown."""

    kind: str
    item: "TType | None" = None
    model: str | None = None
    fields: list["Theirs"] | None = None

    def label(self) -> str:
        if self.kind == "list":
            return f"List[{self.item.label()}]"
        if self.kind == "dict":
            return f"Dict[str, {self.item.label()}]"
        if self.kind == "model":
            return self.model or "model"
        return self.kind


@dataclass
class Theirs:
    """One field of an official model (or a JD Cloud parameter)."""

    wire: str
    type: TType
    owner: str                      # the class (and attribute) it comes from, for messages
    json: bool = False              # the client sends it as JSON text (Alibaba ...Shrink)
    location: str | None = None     # query, body or path (None: not stated)


class IntrospectionError(Exception):
    """The official SDK no longer looks the way this script reads it."""


def split_args(text: str) -> list[str]:
    """``'str, List[int]'`` -> ``['str', 'List[int]']``."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def parse_annotation(text: str) -> tuple:
    """A ``__init__`` annotation of a Dara model as a small tree."""
    text = text.strip()
    m = re.fullmatch(r"(?:typing\.)?(List|Dict)\[(.*)\]", text)
    if m:
        args = split_args(m.group(2))
        if m.group(1) == "List":
            return ("list", parse_annotation(args[0]))
        return ("dict", parse_annotation(args[-1]))
    if text in ("str", "int", "bool", "float", "bytes"):
        return (text,)
    if text in ("Any", "typing.Any", "object", "dict"):
        return ("any",)
    m = re.fullmatch(r"(?:\w+\.)*(\w+)", text)
    if m:
        return ("model", m.group(1))
    raise IntrospectionError(f"unknown annotation {text!r}")


class Alibaba:
    """Reads ``alibabacloud_ecs20140526`` (or a stand-in namespace with the same layout)."""

    def __init__(self, models: Any, client: Any):
        self.models = models
        self.cache: dict[str, list[Theirs]] = {}
        self.methods: dict[str, Callable] = {}
        for name, fn in vars(client).items():
            if not name.endswith("_with_options") or not inspect.isfunction(fn):
                continue
            params = list(inspect.signature(fn).parameters.values())
            if len(params) > 1 and isinstance(params[1].annotation, str):
                m = re.fullmatch(r"(?:\w+\.)*(\w+)Request", params[1].annotation)
                if m:
                    self.methods[m.group(1)] = fn

    def probe(self, t: tuple) -> Any:
        kind = t[0]
        if kind == "list":
            return [self.probe(t[1])]
        if kind == "dict":
            return {"k": self.probe(t[1])}
        if kind == "model":
            return self.model_class(t[1])()
        return {"str": "x", "int": 1, "bool": True, "float": 1.5, "bytes": b"x", "any": "x"}[kind]

    def model_class(self, name: str) -> type:
        cls = getattr(self.models, name, None)
        if cls is None:
            raise IntrospectionError(f"no model class {name}")
        return cls

    def ttype(self, t: tuple, stack: tuple[str, ...]) -> TType:
        if t[0] == "list":
            return TType("list", item=self.ttype(t[1], stack))
        if t[0] == "dict":
            return TType("dict", item=self.ttype(t[1], stack))
        if t[0] == "model":
            fields = self.fields(t[1], stack) if t[1] not in stack else []
            return TType("model", model=t[1], fields=fields)
        return TType({"bytes": "str"}.get(t[0], t[0]))

    def fields(self, name: str, stack: tuple[str, ...] = ()) -> list[Theirs]:
        """The fields of model ``name`` with their wire names, at every depth."""
        if name in self.cache:
            return self.cache[name]
        cls = self.model_class(name)
        baseline = cls().to_map() or {}
        out = []
        for attr, param in inspect.signature(cls.__init__).parameters.items():
            if attr == "self" or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                continue
            t = parse_annotation(param.annotation if isinstance(param.annotation, str) else "Any")
            obj = cls()
            setattr(obj, attr, self.probe(t))
            written = obj.to_map() or {}
            keys = [k for k in written if k not in baseline or written[k] != baseline[k]]
            if len(keys) != 1:
                raise IntrospectionError(f"{name}.{attr}: to_map() wrote {keys}, not one key")
            back = cls().from_map({keys[0]: written[keys[0]]})
            if getattr(back, attr, None) is None:
                raise IntrospectionError(f"{name}.{attr}: from_map() does not read {keys[0]!r}")
            out.append(Theirs(keys[0], self.ttype(t, stack + (name,)), f"{name}.{attr}"))
        self.cache[name] = out
        return out

    def operation(self, op: str) -> tuple[list[Theirs], list[Theirs]] | None:
        """Request and response fields of ``op``, or None when the SDK lacks it."""
        if getattr(self.models, f"{op}Request", None) is None:
            return None
        request = [Theirs(t.wire, t.type, t.owner) for t in self.fields(f"{op}Request")]
        fn = self.methods.get(op)
        if fn is not None:
            source = inspect.getsource(fn)
            shrunk = {attr: style for attr, _, style in
                      re.findall(r"array_to_string_with_specified_style\(tmp_req\.(\w+), '([^']*)', '(\w+)'\)", source)}
            where = {wire: loc for loc, wire in re.findall(r"\b(query|body)\['([^']+)'\]\s*=", source)}
            for t in request:
                t.json = shrunk.get(t.owner.split(".", 1)[1]) == "json"
                t.location = where.get(t.wire)
        body = f"{op}ResponseBody"
        response = self.fields(body) if getattr(self.models, body, None) is not None else []
        return request, response


class Jdcloud:
    """Reads ``jdcloud_sdk.services.<service>`` (or a stand-in with the same layout)."""

    #: Where a structure our spec names is looked for, in order: the service's own models,
    #: then those of the services its API definitions use.
    MODEL_SERVICES = ["vm", "common", "charge", "disk", "vpc"]

    def __init__(self, package: str = "jdcloud_sdk.services", service: str = "vm"):
        self.package = package
        self.service = service
        self.cache: dict[str, tuple[str, list[Theirs]] | None] = {}

    def model(self, name: str) -> tuple[str, list[Theirs]] | None:
        """(module, fields) of the structure ``name``, or None."""
        if name not in self.cache:
            self.cache[name] = None
            services = [self.service] + [s for s in self.MODEL_SERVICES if s != self.service]
            for service in services:
                module = f"{self.package}.{service}.models.{name}"
                try:
                    cls = getattr(importlib.import_module(module), name)
                except (ImportError, AttributeError):
                    continue
                fields = [Theirs(p, TType("unknown"), f"{module}.{name}.{p}")
                          for p in inspect.signature(cls.__init__).parameters if p != "self"]
                self.cache[name] = (f"{service}.models.{name}", fields)
                break
        return self.cache[name]

    def operation(self, op: str) -> tuple[str, str, list[Theirs]] | None:
        """(method, path with the version, parameters) of ``op``, or None when the SDK lacks it."""
        cls_name = op[:1].upper() + op[1:]
        try:
            module = importlib.import_module(f"{self.package}.{self.service}.apis.{cls_name}Request")
        except ImportError:
            return None
        request_cls = getattr(module, f"{cls_name}Request")
        params_cls = getattr(module, f"{cls_name}Parameters")
        required = [p for p, v in inspect.signature(params_cls.__init__).parameters.items()
                    if p != "self" and v.default is inspect.Parameter.empty]
        params = params_cls(*([None] * len(required)))
        request = request_cls(params)
        method = request.method.upper()
        out = []
        for name in vars(params):
            if "{" + name + "}" in request.url:
                location = "path"
            elif method in ("GET", "DELETE", "HEAD"):
                location = "query"
            else:
                location = "body"
            out.append(Theirs(name, TType("unknown"), f"{cls_name}Parameters.{name}", location=location))
        return method, f"/{request.version}{request.url}", out


# -- the comparison ------------------------------------------------------------------------------

#: Our type -> the official Python types it is compatible with (besides Any and, for JD
#: Cloud, the undeclared type). Lists, objects and maps are compared member by member.
COMPATIBLE = {
    "string": {"str"},              # also enums (inline or shapes): the SDKs keep a str
    "integer": {"int"},             # int32 and int64 alike: Python has one int
    "number": {"float"},
    "boolean": {"bool"},
    "array": {"list"},              # items compared; response wrappers: a model of one list
    "object": {"model", "dict"},    # members compared with the model's fields
    "map": {"dict"},                # values compared
}


def compatible(ours: str, theirs: str) -> bool:
    return theirs in ("any", "unknown") or theirs in COMPATIBLE.get(ours, set())


@dataclass
class Finding:
    where: str
    operation: str
    element: str       # the wire path
    what: str          # name, type, location, nesting, operation
    ours: str
    theirs: str
    note: str | None = None     # the x-note that explains it

    def text(self) -> str:
        return (f"{self.where} ({self.operation}: {self.element}): {self.what}: "
                f"we say {self.ours}; they say {self.theirs}")


@dataclass
class Side:
    """The comparison of one side (request or response) of an operation."""

    ours: int = 0
    theirs: int | None = 0
    only_theirs: list[tuple[str, int]] = field(default_factory=list)   # (path, names nested below)
    unverified: str | None = None

    @property
    def only_theirs_count(self) -> int:
        return sum(1 + nested for _, nested in self.only_theirs)

    def add(self, other: "Side") -> None:
        self.ours += other.ours
        if other.theirs:
            self.theirs = (self.theirs or 0) + other.theirs
        self.only_theirs += other.only_theirs


def explanation(el: dict) -> str | None:
    note = el.get("x-note")
    if isinstance(note, str) and "official" in note.lower():
        return note
    return None


def count_theirs(t: TType, stack: tuple[str, ...] = ()) -> int:
    """The names below a field of theirs; a wrapper (a model of one list field) is not one."""
    if t.kind in ("list", "dict"):
        return count_theirs(t.item, stack)
    if t.kind == "model" and t.model not in stack:
        fields = t.fields or []
        if len(fields) == 1 and fields[0].type.kind == "list":
            return count_theirs(fields[0].type, stack + (t.model,))
        return sum(1 + count_theirs(f.type, stack + (t.model,)) for f in fields)
    return 0


class Compare:
    """Compares our elements with their fields; collects findings and counts."""

    def __init__(self, operation: str, vendor: str, jd: Jdcloud | None):
        self.operation = operation
        self.vendor = vendor
        self.jd = jd
        self.findings: list[Finding] = []

    def finding(self, o: Ours, element: str, what: str, ours: str, theirs: str) -> None:
        self.findings.append(Finding(o.where(), self.operation, element, what, ours, theirs,
                                     explanation(o.element)))

    def fields(self, ours: list[Ours], theirs: list[Theirs] | None, prefix: str, side: Side,
               request: bool, top: bool = False, mark: str = "[]") -> None:
        """Pairs ``ours`` with ``theirs`` by wire name (``theirs`` None: not modelled).

        ``mark`` is how a list index is written in paths below a top-level element: ``.N``
        for parameters flattened into the query, ``[]`` in JSON (bodies, JSON text, responses).
        """
        by_wire = {t.wire: t for t in theirs or []}
        # Several of ours may share one wire prefix (Tag.N.Key and the older Tag.N.key): a
        # name below it is theirs only when none of them has it.
        paired: dict[str, list[Side]] = {}
        for o in ours:
            side.ours += 1
            path = prefix + o.name
            if top:
                flattened = request and o.location == "query" and o.style != "json"
                mark = ".N" if flattened else "[]"
            if theirs is None:
                self.node(o, o.node, None, path, side, request, top, mark)
                continue
            t = by_wire.get(o.name)
            if t is None:
                near = [w for w in by_wire if w.lower() == o.name.lower()]
                hint = f"only {near[0]!r} (another spelling)" if near else "no such name"
                self.finding(o, path, "name", repr(o.name), hint)
                continue
            if top and request:
                self.top_level(o, t, path)
            sub = Side(theirs=None)
            self.node(o, o.node, t, path, sub, request, top, mark)
            paired.setdefault(o.name, []).append(sub)
        for subs in paired.values():
            first, rest = subs[0], subs[1:]
            merged = Side(ours=sum(s.ours for s in subs), theirs=first.theirs,
                          only_theirs=[n for n in first.only_theirs if all(n in s.only_theirs for s in rest)])
            side.add(merged)
        for t in theirs or []:
            if t.wire not in paired:
                side.only_theirs.append((prefix + t.wire, count_theirs(t.type)))

    def top_level(self, o: Ours, t: Theirs, path: str) -> None:
        """Location and wire style of a request parameter."""
        if t.location is not None and o.location != t.location:
            self.finding(o, path, "location", o.location, f"{t.location} ({t.owner})")
        if self.vendor != "aliyun":
            return
        ours_json = o.style == "json"
        if ours_json and not t.json and t.type.kind in ("list", "dict", "model"):
            self.finding(o, path, "nesting", "JSON text (style: json)",
                         f"{t.type.label()} flattened as {path}.N / {path}.Member ({t.owner})")
        elif t.json and not ours_json and o.node.kind != "string":
            # (A string of ours carries the JSON text itself: the same on the wire.)
            self.finding(o, path, "nesting", f"{o.node.label} (style: {o.style})",
                         f"{t.type.label()} sent as JSON text ({t.owner}, a ...Shrink field)")

    def node(self, o: Ours, n: Node, t: Theirs | TType | None, path: str, side: Side,
             request: bool, top: bool, mark: str) -> None:
        """Compares our type ``n`` with theirs (a field, a type, or None: not modelled)."""
        owner = t.owner if isinstance(t, Theirs) else ""
        tt = t.type if isinstance(t, Theirs) else t
        shrunk = isinstance(t, Theirs) and t.json
        if tt is None:
            tt = TType("unknown")
        # A string of ours that the SDK sends as JSON text: the same string on the wire.
        if shrunk and n.kind == "string":
            return
        # Ours sent as JSON text (style: json) into their string field: the same text.
        if top and o.style == "json" and tt.kind == "str":
            return
        wrapped = n.wrapper is not None or tt.kind == "model"
        if n.kind == "array" and not request and self.vendor == "aliyun" and wrapped:
            # A wrapped list ("Images": {"Image": [...]}): their model of one list field.
            inner = tt.fields or [] if tt.kind == "model" else []
            names = [f.wire for f in inner]
            if n.wrapper is None:
                self.finding(o, path, "nesting", "an unwrapped list", f"{tt.label()} with {names} ({owner})")
                return
            if names != [n.wrapper] or inner[0].type.kind != "list":
                self.finding(o, path, "nesting", f"a list wrapped in {n.wrapper!r}",
                             f"{tt.label()}" + (f" with {names}" if tt.kind == "model" else "") + f" ({owner})")
                return
            self.node(o, n.items, inner[0].type.item, f"{path}.{n.wrapper}{mark}", side, request, False, mark)
            return
        if not compatible(n.kind, tt.kind):
            self.finding(o, path, "type", n.label, f"{tt.label()}" + (f" ({owner})" if owner else ""))
            return
        if n.kind == "array":
            item = tt.item if tt.kind == "list" else None
            self.node(o, n.items, item, path + mark, side, request, False, mark)
        elif n.kind == "object":
            if tt.kind == "model":
                self.fields(n.members or [], tt.fields or [], path + ".", side, request, mark=mark)
            elif tt.kind == "unknown" and self.jd is not None and n.shape is not None:
                found = self.jd.model(n.shape)
                if found is None:
                    side.ours += len(n.members or [])
                    self.finding(o, path, "nesting", f"struct {n.shape}", f"no model named {n.shape} in jdcloud_sdk")
                    return
                _, fields = found
                side.theirs = (side.theirs or 0) + len(fields)
                self.fields(n.members or [], fields, path + ".", side, request, mark=mark)
            else:
                side.ours += self.count_ours(n.members or [])
        elif n.kind == "map":
            value = tt.item if tt.kind == "dict" else None
            self.node(o, n.items, value, path + ".*", side, request, False, mark)

    def count_ours(self, members: list[Ours]) -> int:
        total = 0
        for m in members:
            total += 1
            n = m.node
            while n.kind in ("array", "map"):
                n = n.items
            if n.kind == "object":
                total += self.count_ours(n.members or [])
        return total


@dataclass
class OperationResult:
    service: str
    name: str
    file: str
    request: Side
    response: Side
    findings: list[Finding]
    missing: bool = False


def compare_operation(service: Service, op: Element, file: str, sdk: Any) -> OperationResult:
    name = op["operation"]
    parameters = [service.ours(p, file, f"request.parameters[{i}]")
                  for i, p in enumerate(op.get("request", {}).get("parameters", []))]
    fields = [service.ours(f, file, f"response.fields[{i}]")
              for i, f in enumerate(op.get("response", {}).get("fields", []))]
    request, response = Side(), Side()
    result = OperationResult(service.rel, name, file, request, response, [])
    jd = sdk if isinstance(sdk, Jdcloud) else None
    cmp = Compare(name, service.vendor, jd)
    theirs = sdk.operation(name)
    if theirs is None:
        note = explanation(op)
        where = Ours(name, Node("object"), op, file, "operation")
        cmp.findings.append(Finding(where.where(), name, name, "operation", "documented",
                                    "no such operation in the official SDK", note))
        result.missing = True
        request.ours = cmp.count_ours(parameters)
        response.ours = cmp.count_ours(fields)
        request.theirs = response.theirs = None
        result.findings = cmp.findings
        return result
    if isinstance(sdk, Jdcloud):
        method, path, their_params = theirs
        http = op.get("http", {})
        if str(http.get("method", "")).upper() != method or http.get("path") != path:
            where = Ours(name, Node("object"), op.get("http", op), file, "http")
            cmp.finding(where, name, "location", f"{http.get('method')} {http.get('path')}",
                        f"{method} {path} ({name[:1].upper() + name[1:]}Request)")
        request.theirs = len(their_params)
        cmp.fields(parameters, their_params, "", request, True, top=True)
        response.theirs = None
        response.unverified = "the SDK does not model the result: its members are not checked, structures are"
        cmp.fields(fields, None, "", response, False, top=True)
    else:
        their_request, their_response = theirs
        request.theirs = len(their_request) + sum(count_theirs(t.type) for t in their_request)
        response.theirs = len(their_response) + sum(count_theirs(t.type) for t in their_response)
        cmp.fields(parameters, their_request, "", request, True, top=True)
        cmp.fields(fields, their_response, "", response, False, top=True)
    result.findings = cmp.findings
    return result


# -- the report ----------------------------------------------------------------------------------

def packages() -> str:
    names = ["alibabacloud-ecs20140526", "jdcloud-sdk"]
    out = []
    for n in names:
        try:
            out.append(f"{n} {version(n)}")
        except PackageNotFoundError:
            out.append(f"{n} (not installed)")
    return ", ".join(out)


def cell(value: int | None) -> str:
    return "–" if value is None else str(value)


def report(results: list[OperationResult], sdk_versions: str) -> str:
    lines = [
        "<!-- @generated by `tests/official/coverage.py --write` from specs/ and the official SDKs; do not edit. -->",
        "",
        "# Coverage of the specs against the official SDKs",
        "",
        f"Compared with {sdk_versions} (`tests/official/requirements.txt`). Every name of",
        "ours exists there with a compatible type, location and nesting, or the difference is listed",
        "as *explained* with the spec's `x-note`, or as *failing*. *Only theirs* are the names the",
        "official models have and our specs (the pages) do not document: request paths as sent",
        "(`Tag.N.Key`), response paths as read (`Instances.Instance[].InstanceId`). JD Cloud's Python",
        "SDK declares no types and no result model: for it names, locations, method, path and the",
        "structures our shapes name are compared, and its response counts are those of the structures.",
        "",
        "| service | operation | request: ours | theirs | only theirs "
        "| response: ours | theirs | only theirs | explained | failing |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def row(service: str, op: str, sides: list[Side], findings: list[Finding], bold: bool = False) -> str:
        cells = [service, op]
        for side in sides[:2]:
            cells += [str(side.ours), cell(side.theirs), str(side.only_theirs_count)]
        explained = sum(1 for f in findings if f.note)
        cells += [str(explained), str(len(findings) - explained)]
        if bold:
            cells = [f"**{c}**" for c in cells]
        return "| " + " | ".join(cells) + " |"

    for r in results:
        anchor = f"{r.service.replace('/', '')}-{r.name.lower()}"
        op = f"[{r.name}](#{anchor})" + (" (not in the SDK)" if r.missing else "")
        lines.append(row(r.service, op, [r.request, r.response], r.findings))
    totals = [Side(), Side()]
    for r in results:
        for total, side in zip(totals, (r.request, r.response)):
            total.ours += side.ours
            total.theirs = (total.theirs or 0) + (side.theirs or 0)
            total.only_theirs += side.only_theirs
    lines.append(row("all", str(len(results)), totals, [f for r in results for f in r.findings], bold=True))

    for r in results:
        lines += ["", f"## {r.service}: {r.name}", "", f"`{r.file}`", ""]
        if r.missing:
            lines.append("Not in the official SDK.")
        for label, side in (("Request", r.request), ("Response", r.response)):
            lines.append(f"- {label}: ours {side.ours}, theirs {cell(side.theirs)}, "
                         f"only theirs {side.only_theirs_count}"
                         + (f" ({side.unverified})" if side.unverified else "")
                         + (":" if side.only_theirs else "."))
            for name, nested in side.only_theirs:
                lines.append(f"  - `{name}`" + (f" (and {nested} nested)" if nested else ""))
        explained = [f for f in r.findings if f.note]
        if explained:
            lines.append("- Explained differences:")
            for f in explained:
                note = " ".join(f.note.split())
                lines.append(f"  - `{f.element}`: {f.what}: we say {f.ours}; they say {f.theirs}. x-note: {note}")
        failing = [f for f in r.findings if not f.note]
        if failing:
            lines.append("- **Failing** (no `x-note` explains them):")
            for f in failing:
                where = re.sub(r":[0-9]+: ", " ", f.where)  # no line numbers: they move with every edit
                lines.append(f"  - `{f.element}` (`{where}`): {f.what}: we say {f.ours}; they say {f.theirs}")
    return "\n".join(lines) + "\n"


def run(specs: Path, make_sdk: Callable[[str], Any]) -> list[OperationResult]:
    results = []
    for service_file in sorted(specs.glob("*/*/service.yaml")):
        service = Service(service_file.parent, specs)
        sdk = make_sdk(service.vendor)
        for op, file in service.operations:
            results.append(compare_operation(service, op, file, sdk))
    return results


def official_sdk(vendor: str) -> Any:
    if vendor == "aliyun":
        from alibabacloud_ecs20140526 import models
        from alibabacloud_ecs20140526.client import Client
        return Alibaba(models, Client)
    if vendor == "jdcloud":
        return Jdcloud()
    raise SystemExit(f"coverage.py: no official SDK known for vendor {vendor!r}")


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--specs", type=Path, default=Path(__file__).resolve().parents[2] / "specs")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path, metavar="REPORT")
    mode.add_argument("--check", type=Path, metavar="REPORT")
    args = parser.parse_args(argv)
    results = run(args.specs.resolve(), official_sdk)
    text = report(results, packages())
    status = 0
    failures = [f for r in results for f in r.findings if not f.note]
    for f in failures:
        print(f"coverage.py: {f.text()}", file=sys.stderr)
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    else:
        committed = args.check.read_text(encoding="utf-8") if args.check.exists() else ""
        if committed != text:
            diff = difflib.unified_diff(committed.splitlines(True), text.splitlines(True), str(args.check), "now")
            sys.stderr.writelines(diff)
            print(f"coverage.py: {args.check} is stale; run tests/official/coverage.py --write {args.check}",
                  file=sys.stderr)
            status = 1
    ops = len(results)
    print(f"coverage.py: {ops} operation(s); {len(failures)} mismatch(es), "
          f"{sum(1 for r in results for f in r.findings if f.note)} explained", file=sys.stderr)
    return 1 if failures else status


if __name__ == "__main__":
    sys.exit(main())
