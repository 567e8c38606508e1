"""Fuzz target: arbitrary bytes as an IG instance JSON file (ig_merge.decode, json_text).

Beyond "no exception but NotJson": what json_text accepts, Python's strict json reads to the
same values; and its edits (insert, replace, remove) leave strict JSON holding the change."""

from __future__ import annotations

import json
from typing import Any

from igmigrate.ig import json_text
from igmigrate.mapping.ig_merge import NotJson, decode

NAME = "ig_json"


def _strict(text: str) -> Any:
    def no_constant(name: str) -> None:
        raise AssertionError(f"json_text accepted {name}")

    return json.loads(text.removeprefix("\ufeff"), parse_constant=no_constant)


def check(data: bytes) -> None:
    for whole in ("object", "array"):
        try:
            text = decode(data, whole=whole)
        except NotJson:
            continue
        root = json_text.parse(text)
        value = _strict(text)
        for node in list(root.walk())[:64]:
            assert json_text.find(root, node.pointer) is not None, node.pointer
            if node.kind not in ("object", "array"):
                assert (
                    json.loads(text[node.start : node.end]) == node.value
                    or node.value != node.value
                )
        if root.kind == "object":
            added = json_text.apply(text, json_text.insert_member(text, root, "igmigrate", [1]))
            assert _strict(added) == {**value, "igmigrate": [1]}, added
            if root.members:
                key = root.members[0].key
                new = json_text.replace_value(text, root.members[0].value, {"a": 1})
                replaced = _strict(json_text.apply(text, new))
                assert replaced[key] == {"a": 1} or key in {m.key for m in root.members[1:]}
                removed = json_text.apply(text, json_text.remove_member(text, root, 0))
                _strict(removed)
        else:
            appended = json_text.apply(text, json_text.append_item(text, root, "x"))
            assert _strict(appended) == [*value, "x"], appended
