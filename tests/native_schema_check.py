#!/usr/bin/env python3
"""Validates native scenario files against docs/scenario.schema.json.

Usage: native_schema_check.py SCHEMA PATH...   (PATH: a .yaml file or a folder of them)

Every file must validate; then a few broken variants of the first one must not (so that the
schema cannot silently accept everything). Exits 77 (CTest's skip code) when PyYAML or
jsonschema is missing (Debian: python3-yaml, python3-jsonschema).
"""
import copy
import json
import pathlib
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:
    print(f"skipped: {e}")
    sys.exit(77)


def stringify_keys(node):
    # YAML mapping keys may be numbers (the values of integer and real issues); JSON's are text.
    if isinstance(node, dict):
        return {str(k): stringify_keys(v) for k, v in node.items()}
    if isinstance(node, list):
        return [stringify_keys(v) for v in node]
    return node


def main():
    schema = json.loads(pathlib.Path(sys.argv[1]).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = []
    for arg in sys.argv[2:]:
        p = pathlib.Path(arg)
        files += sorted(p.glob("*.yaml")) if p.is_dir() else [p]
    if not files:
        print("no files to check")
        return 1
    failed = 0
    docs = []
    for f in files:
        doc = stringify_keys(yaml.safe_load(f.read_text(encoding="utf-8")))
        docs.append(doc)
        errors = list(validator.iter_errors(doc))
        for e in errors[:3]:
            print(f"{f}: {'/'.join(map(str, e.absolute_path))}: {e.message[:300]}")
        failed += bool(errors)
    print(f"{len(files) - failed} of {len(files)} files valid")

    base = docs[0]
    broken = {
        "unknown top-level key": lambda d: d.update(nmae="x"),
        "no parties": lambda d: d.pop("parties"),
        "issue with min and values": lambda d: d["issues"][0].update(min=1),
        "negative weight": lambda d: d["parties"][0]["profile"].update(
            weights={k: -1 for k in d["parties"][0]["profile"].get("weights", {"a": 1})}),
        "unknown profile key": lambda d: d["parties"][0]["profile"].update(reservation=0.5),
        "then with two issues": lambda d: d["parties"][0]["profile"].update(
            constraints=[{"then": {"a": ["x"], "b": ["y"]}}]),
        "track without parties": lambda d: d.update(
            rules={"tracks": [{"name": "t", "issues": ["a"]}]}),
        "two forms": lambda d: d["parties"][0]["profile"].update(
            values={"a": {"linear": {"slope": 1, "offset": 0}, "constant": {"value": 1}}}),
    }
    for what, mutate in broken.items():
        doc = copy.deepcopy(base)
        mutate(doc)
        if validator.is_valid(doc):
            print(f"schema accepts a broken file: {what}")
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
