#!/usr/bin/env python3
"""Writes the diff fixture pairs: one folder per verdict rule, each with before/ and after/
spec trees that differ by that one change. Run it after editing a rule below; the trees are
committed so the tests read only files in the repository."""
import copy, json, os, shutil

HERE = os.path.dirname(os.path.abspath(__file__))

SERVICE = {
    "vendor": "aliyun", "service": "demo", "title": "Demo service", "api_version": "2020-01-01",
    "protocol": "rpc", "feature": "aliyun-demo", "region_parameter": "RegionId",
    "http": {"method": "POST"},
    "endpoints": {"scheme": "https", "pattern": "demo.{region}.aliyuncs.com"},
    "signing": {"name": "demo", "default": "acs3-hmac-sha256", "algorithms": ["acs3-hmac-sha256"]},
}
OPERATION = {
    "operation": "DescribeWidgets",
    "source": {"page": "demo-DescribeWidgets.en.md", "language": "en"},
    "summary": "Queries widgets.",
    "x-idempotent": True, "x-note": "Only reads.",
    "request": {"parameters": [
        {"name": "RegionId", "type": "string", "required": True, "description": "The region ID."},
        {"name": "PageNumber", "type": "integer", "description": "The page number."},
        {"name": "PageSize", "type": "integer", "description": "The page size."},
        {"name": "Status", "shape": "WidgetStatus", "description": "The status."},
        {"name": "Tag", "style": "numbered_group", "maxItems": 20, "members": [
            {"name": "Key", "type": "string", "description": "The tag key."},
            {"name": "Value", "type": "string", "description": "The tag value."}]},
    ]},
    "response": {"fields": [
        {"name": "RequestId", "type": "string", "description": "The request ID."},
        {"name": "TotalCount", "type": "integer", "description": "The total count."},
        {"name": "Widgets", "type": "array", "wrapper": "Widget", "items": {"shape": "Widget"},
         "description": "The widgets."},
    ]},
    "pagination": {"page_number": "PageNumber", "page_size": "PageSize", "total_count": "TotalCount",
                   "items": "Widgets"},
    "errors": [{"status": 404, "code": "InvalidRegionId.NotFound", "message": "The region does not exist."}],
}
WIDGET = {"shape": "Widget", "description": "A widget.", "fields": [
    {"name": "WidgetId", "type": "string", "description": "The widget ID."},
    {"name": "Size", "type": "integer", "description": "The size in GiB."},
]}
STATUS = {"shape": "WidgetStatus", "type": "string", "enum": [
    {"value": "Available", "description": "Ready."}, {"value": "Creating", "description": "Being created."}]}


def tree():
    return {"service": copy.deepcopy(SERVICE), "ops": {"DescribeWidgets": copy.deepcopy(OPERATION)},
            "shapes": {"Widget": copy.deepcopy(WIDGET), "WidgetStatus": copy.deepcopy(STATUS)}}


def params(t):
    return t["ops"]["DescribeWidgets"]["request"]["parameters"]


def param(t, name):
    return next(p for p in params(t) if p["name"] == name)


def fields(t):
    return t["ops"]["DescribeWidgets"]["response"]["fields"]


def widget_field(t, name):
    return next(f for f in t["shapes"]["Widget"]["fields"] if f["name"] == name)


def add_op(t):
    t["ops"]["DeleteWidget"] = {
        "operation": "DeleteWidget", "source": {"page": "demo-DeleteWidget.en.md", "language": "en"},
        "summary": "Deletes a widget.",
        "request": {"parameters": [{"name": "RegionId", "type": "string", "required": True},
                                   {"name": "WidgetId", "type": "string", "required": True}]},
        "response": {"fields": [{"name": "RequestId", "type": "string"}]}}


def add_service(t):
    t["extra"] = {
        "service": dict(copy.deepcopy(SERVICE), service="demo2", feature="aliyun-demo2", title="Second demo",
                        signing=dict(SERVICE["signing"], name="demo2"),
                        endpoints={"scheme": "https", "pattern": "demo2.{region}.aliyuncs.com"}),
        "ops": {"DescribeThings": {
            "operation": "DescribeThings", "source": {"page": "demo2-DescribeThings.en.md", "language": "en"},
            "summary": "Queries things.",
            "request": {"parameters": [{"name": "RegionId", "type": "string", "required": True}]},
            "response": {"fields": [{"name": "RequestId", "type": "string"}]}}},
        "shapes": {}}


def add_gadget(kind):
    def go(t):
        if kind == "struct":
            t["shapes"]["Gadget"] = {"shape": "Gadget", "fields": [{"name": "GadgetId", "type": "string"}]}
        else:
            t["shapes"]["Gadget"] = {"shape": "Gadget", "type": "string", "enum": [{"value": "On"}]}
    return go


def jd_tree(in_path):
    """A JD Cloud REST service: `widgetId` in the query, or in the path."""
    path = "/v1/regions/{regionId}/widgets" + ("/{widgetId}" if in_path else "")
    widget_id = {"name": "widgetId", "type": "string", "required": True, "description": "The widget ID."}
    if in_path:
        widget_id["in"] = "path"
    return {
        "service": {"vendor": "jdcloud", "service": "demo", "title": "JD demo", "api_version": "v1",
                    "protocol": "rest", "feature": "jdcloud-demo", "region_parameter": "regionId",
                    "endpoints": {"scheme": "https", "pattern": "demo.jdcloud-api.com"},
                    "signing": {"name": "demo", "default": "jdcloud2-hmac-sha256",
                                "algorithms": ["jdcloud2-hmac-sha256"]}},
        "ops": {"describeWidget": {
            "operation": "describeWidget", "source": {"page": "jd-describeWidget.zh.md", "language": "zh"},
            "summary": "Describes a widget.", "http": {"method": "GET", "path": path},
            "request": {"parameters": [
                {"name": "regionId", "in": "path", "type": "string", "required": True}, widget_id]},
            "response": {"fields": [{"name": "name", "type": "string"}]}}},
        "shapes": {}}


def widgets_of_gadgets(t):
    add_gadget("struct")(t)
    fields(t)[2].update({"wrapper": "Gadget", "items": {"shape": "Gadget"}})


# rule → (why, change applied to `before` to get `after`, or (before-change, after-change)).
RULES = {
    "operation_added": lambda t: add_op(t),
    "operation_removed": ("before", lambda t: add_op(t)),
    "optional_parameter_added": lambda t: params(t).append(
        {"name": "WidgetName", "type": "string", "description": "The widget name."}),
    "required_parameter_added": lambda t: params(t).append(
        {"name": "ZoneId", "type": "string", "required": True, "description": "The zone."}),
    "parameter_removed": lambda t: params(t).remove(param(t, "Status")),
    "parameter_renamed": lambda t: param(t, "PageSize").update(
        {"x-rust-name": "size_of_page", "x-note": "Renamed in Rust."}),
    "parameter_wire_renamed": lambda t: param(t, "Status").update({"name": "status"}),
    "parameter_retyped": lambda t: param(t, "PageSize").update({"format": "int64"}),
    "parameter_made_required": lambda t: param(t, "Status").update({"required": True}),
    "parameter_made_optional": ("before", lambda t: param(t, "Status").update({"required": True})),
    "parameter_style_widened": lambda t: param(t, "Status").update({"style": "comma"}),
    "field_added": lambda t: widget_field(t, "Size") and t["shapes"]["Widget"]["fields"].append(
        {"name": "Name", "type": "string", "description": "The name."}),
    "field_removed": lambda t: t["shapes"]["Widget"]["fields"].remove(widget_field(t, "Size")),
    "field_renamed": lambda t: widget_field(t, "Size").update({"x-rust-name": "size_gib", "x-note": "Unit."}),
    "field_retyped": lambda t: widget_field(t, "Size").update({"format": "int64"}),
    "wrapper_changed": lambda t: fields(t)[2].update({"wrapper": "Item"}),
    "enum_value_added": lambda t: t["shapes"]["WidgetStatus"]["enum"].append(
        {"value": "Deleted", "description": "Gone."}),
    "enum_value_removed": lambda t: t["shapes"]["WidgetStatus"]["enum"].pop(),
    "shape_added": lambda t: t["shapes"].__setitem__("Gadget", {"shape": "Gadget", "fields": [
        {"name": "GadgetId", "type": "string"}]}),
    "pagination_removed": lambda t: t["ops"]["DescribeWidgets"].pop("pagination"),
    "error_added": lambda t: t["ops"]["DescribeWidgets"]["errors"].append(
        {"status": 403, "code": "Forbidden.RAM", "message": "Not allowed."}),
    "error_removed": lambda t: t["ops"]["DescribeWidgets"]["errors"].clear(),
    "sensitivity_changed": lambda t: widget_field(t, "WidgetId").update({"x-sensitive": True}),
    "service_added": lambda t: add_service(t),
    "service_removed": ("before", lambda t: add_service(t)),
    "service_setting_changed": lambda t: t["service"].update({"api_version": "2021-01-01"}),
    "feature_renamed": lambda t: t["service"].update({"feature": "aliyun-widgets"}),
    "operation_setting_changed": lambda t: t["ops"]["DescribeWidgets"].update(
        {"x-idempotent": False, "x-note": "Counts calls."}),
    "shape_removed": ("before", add_gadget("struct")),
    "shape_kind_changed": ((lambda t: add_gadget("struct")(t)), (lambda t: add_gadget("enum")(t))),
    "enum_value_renamed": lambda t: t["shapes"]["WidgetStatus"]["enum"][1].update(
        {"x-rust-name": "BeingCreated", "x-note": "Clearer."}),
    "field_wire_renamed": lambda t: widget_field(t, "Size").update({"name": "size"}),
    "deprecation_changed": lambda t: widget_field(t, "Size").update({"deprecated": True}),
    "parameter_style_changed": lambda t: param(t, "Status").update(
        {"style": "json", "type": "array", "items": {"shape": "WidgetStatus"}, "shape": None}),
    "pagination_added": ("before", lambda t: t["ops"]["DescribeWidgets"].pop("pagination")),
    "pagination_wire_changed": lambda t: (param(t, "PageSize").update(
                                              {"name": "MaxResults", "x-rust-name": "page_size", "x-note": "Kept."}),
                                          t["ops"]["DescribeWidgets"]["pagination"].update(
                                              {"page_size": "MaxResults"})),
    "pagination_item_changed": lambda t: widgets_of_gadgets(t),
    "parameter_location_changed": "jd",
    "description_changed": lambda t: widget_field(t, "Size").update({"description": "The size, in GiB."}),
}


# Pairs where cargo-semver-checks (tests/semver/run.sh) disagrees with our verdict, and why.
# The first line is what cargo-semver-checks does; the rest is the reason.
SEMVER_CHECKS = {
    "required_parameter_added": "expect: pass\n"
        "By design: the Rust API only gains a setter, so every caller still compiles; but a call\n"
        "that was complete now lacks a documented required parameter and the service rejects it.\n",
    "parameter_made_required": "expect: pass\n"
        "By design: the Rust API is unchanged (required parameters are checked by the service,\n"
        "not by the type system), but callers that did not set it now get an error from the service.\n",
    "parameter_retyped": "expect: pass\n"
        "cargo-semver-checks has no lint for a changed parameter type of a method (the setter\n"
        "takes i64 instead of i32); callers passing an i32 variable no longer compile.\n",
    "pagination_item_changed": "expect: pass\n"
        "cargo-semver-checks has no lint for changed types (the output field is Vec<Gadget> instead of\n"
        "Vec<Widget>, and the paginator yields Gadget); code that uses the items as widgets no longer compiles.\n",
    "feature_renamed": "expect: pass\n"
        "By design: the generated crate is built with its default features, so the service is\n"
        "there in both; users who name the old feature in Cargo.toml no longer build.\n",
    "field_retyped": "expect: pass\n"
        "cargo-semver-checks has no lint for a changed type of a public field (Widget::size is\n"
        "Option<i64> instead of Option<i32>); code that reads it into an i32 no longer compiles.\n",
}


def write(root, t):
    base = os.path.join(root, t["service"]["vendor"], t["service"]["service"])
    os.makedirs(os.path.join(base, "operations"))
    os.makedirs(os.path.join(base, "shapes"))
    dump = lambda path, v: open(path, "w").write(json.dumps(v, indent=2, ensure_ascii=False) + "\n")
    dump(os.path.join(base, "service.yaml"), t["service"])
    for name, op in t["ops"].items():
        dump(os.path.join(base, "operations", name + ".yaml"), op)
    for name, shape in t["shapes"].items():
        dump(os.path.join(base, "shapes", name + ".yaml"), shape)
    if "extra" in t:
        write(root, t["extra"])


for rule, change in RULES.items():
    before, after = tree(), tree()
    if change == "jd":
        before, after = jd_tree(False), jd_tree(True)
    elif isinstance(change, tuple) and change[0] == "before":
        change[1](before)
    elif isinstance(change, tuple):
        change[0](before)
        change[1](after)
    else:
        change(after)
    for t in (before, after):
        for p in (params(t) if "DescribeWidgets" in t["ops"] else []):
            if p.get("shape", 1) is None:
                del p["shape"]
    d = os.path.join(HERE, rule)
    shutil.rmtree(d, ignore_errors=True)
    write(os.path.join(d, "before"), before)
    write(os.path.join(d, "after"), after)
    if rule in SEMVER_CHECKS:
        open(os.path.join(d, "semver-checks.txt"), "w").write(SEMVER_CHECKS[rule])
print(len(RULES), "fixture pairs")
