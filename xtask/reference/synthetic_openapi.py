#!/usr/bin/env python3
"""Writes the synthetic benchmark shape (the one `sdkgen::synthetic` writes as specs) as an
OpenAPI 3.0.3 JSON document with N operations, each with its own schemas, for progenitor.

Usage: synthetic_openapi.py N [OUT.json]   (default OUT: synth{N}.json beside this script)

The reference crate of BENCHMARKS.md is generated from it by `xtask/reference/progenitor.sh`.
"""
import json
import os
import sys

STATES = ["Pending", "Running", "Stopped", "Deleted"]


def param(name, schema, description, required=False, **extra):
    p = {
        "name": name,
        "in": "query",
        "description": description,
        "required": required,
        "schema": schema,
    }
    p.update(extra)
    return p


def operation(i):
    params = []
    for s in range(8):
        params.append(param(f"Name{s}", {"type": "string"}, f"String parameter {s}.",
                            required=(s == 0), example=f"value{s}"))
    for k in range(4):
        params.append(param(f"Count{k}",
                            {"type": "integer", "format": "int32", "minimum": 1, "maximum": 100},
                            f"Integer parameter {k}."))
    for b in range(3):
        params.append(param(f"Flag{b}", {"type": "boolean"}, f"Boolean parameter {b}."))
    params.append(param("State", {"type": "string", "enum": STATES}, "The state."))
    params.append(param("Ids", {"type": "array", "items": {"type": "string"}, "maxItems": 100},
                        "Ids.", style="form", explode=True))
    params.append(param("PageNumber", {"type": "integer", "format": "int32", "minimum": 1},
                        "The page number."))
    params.append(param("PageSize", {"type": "integer", "format": "int32", "maximum": 100},
                        "The page size."))
    return {
        "get": {
            "operationId": f"DescribeThings{i:04}",
            "summary": f"Lists things {i}.",
            "description": f"Lists things {i}.",
            "parameters": params,
            "responses": {
                "200": {
                    "description": "Success.",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": f"#/components/schemas/DescribeThings{i:04}Response"}
                        }
                    },
                }
            },
        }
    }


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def schemas(i):
    n = f"{i:04}"
    item_props = {}
    for s in range(20):
        item_props[f"Text{s}"] = {"type": "string", "description": f"String field {s}."}
    for l in range(5):
        item_props[f"Big{l}"] = {"type": "integer", "format": "int64", "description": f"Big integer field {l}."}
    for b in range(3):
        item_props[f"On{b}"] = {"type": "boolean", "description": f"Boolean field {b}."}
    item_props["Ratio"] = {"type": "number", "format": "double", "description": "The ratio."}
    item_props["Status"] = {"type": "string", "enum": STATES, "description": "The status."}
    item_props["Cpu"] = ref(f"Cpu{n}")
    item_props["Network"] = ref(f"Network{n}")
    item_props["Tags"] = ref(f"Tags{n}")
    item_props["Labels"] = {"type": "array", "items": {"type": "string"}, "description": "The labels."}
    return {
        f"DescribeThings{n}Response": {
            "type": "object",
            "description": f"The response of DescribeThings{n}.",
            "properties": {
                "RequestId": {"type": "string", "description": "The request id."},
                "TotalCount": {"type": "integer", "format": "int32", "description": "The total count."},
                "PageNumber": {"type": "integer", "format": "int32", "description": "The page number."},
                "PageSize": {"type": "integer", "format": "int32", "description": "The page size."},
                "Items": ref(f"Items{n}"),
            },
        },
        f"Items{n}": {
            "type": "object",
            "description": f"A list of Item{n}.",
            "properties": {"Item": {"type": "array", "items": ref(f"Item{n}")}},
        },
        f"Item{n}": {
            "type": "object",
            "description": f"An item of DescribeThings{n}.",
            "properties": item_props,
        },
        f"Cpu{n}": {
            "type": "object",
            "description": "A CPU.",
            "properties": {
                "Cores": {"type": "integer", "format": "int32"},
                "Threads": {"type": "integer", "format": "int32"},
                "Model": {"type": "string"},
            },
        },
        f"Network{n}": {
            "type": "object",
            "description": "A network.",
            "properties": {
                "VpcId": {"type": "string"},
                "SubnetId": {"type": "string"},
                "Addresses": {"type": "array", "items": {"type": "string"}},
            },
        },
        f"Tags{n}": {
            "type": "object",
            "description": f"A list of Tag{n}.",
            "properties": {"Tag": {"type": "array", "items": ref(f"Tag{n}")}},
        },
        f"Tag{n}": {
            "type": "object",
            "description": "A tag.",
            "properties": {"Key": {"type": "string"}, "Value": {"type": "string"}},
        },
    }


def document(count):
    paths = {}
    comps = {}
    for i in range(count):
        paths[f"/things{i:04}"] = operation(i)
        comps.update(schemas(i))
    return {
        "openapi": "3.0.3",
        "info": {"title": "Synthetic benchmark service", "version": "2024-01-01"},
        "servers": [{"url": "https://bench.example.test"}],
        "paths": paths,
        "components": {"schemas": comps},
    }


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    count = int(sys.argv[1])
    out = sys.argv[2] if len(sys.argv) == 3 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), f"synth{count}.json")
    with open(out, "w") as f:
        json.dump(document(count), f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
