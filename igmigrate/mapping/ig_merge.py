"""Merging igmigrate's admin.json / config.json into an instance's own, as minimal text edits."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from igmigrate.ig.json_text import (
    JsonTextError,
    Node,
    append_item,
    apply,
    escape,
    insert_member,
    replace_value,
)
from igmigrate.ig.json_text import parse as parse_text


class NotJson(Exception):
    """An instance file that is not a JSON object: where (line, column) and why."""

    def __init__(self, why: str, line: int | None = None, col: int | None = None) -> None:
        super().__init__(why)
        self.why, self.line, self.col = why, line, col


@dataclass(frozen=True)
class Change:
    """A value of the instance's file that the merge replaces: its JSON pointer."""

    pointer: str


def decode(data: bytes, *, whole: str = "object") -> str:
    """The instance file's text when it is strict JSON (IG reads no comments) holding a JSON
    object; NotJson (line, column, why) if not."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotJson("not UTF-8") from None
    try:
        root = parse_text(text)
    except JsonTextError as e:
        raise NotJson(e.why, e.line, e.col) from None
    if root.kind != whole:
        raise NotJson(f"not a JSON {whole}")
    return text


def _value(text: str, node: Node) -> Any:
    return json.loads(text[node.start : node.end])


def _name(text: str, node: Node) -> object:
    name = node.get("name") if node.kind == "object" else None
    return _value(text, name) if name is not None else None


def merge_text(text: str, ours: dict[str, Any], keys: tuple[str, ...]) -> tuple[str, list[Change]]:
    """`text` (a JSON object) with our `keys` set and our heap objects in its heap (one of the
    same name replaced in place, the others appended): everything else byte for byte."""
    changes: list[Change] = []
    for key in keys:
        if key not in ours:
            continue
        root = parse_text(text)
        node = root.get(key)
        if node is None:
            text = apply(text, insert_member(text, root, key, ours[key]))
        elif _value(text, node) != ours[key]:
            changes.append(Change("/" + escape(key)))
            text = apply(text, replace_value(text, node, ours[key]))
    for obj in ours.get("heap") or []:
        root = parse_text(text)
        heap = root.get("heap")
        if heap is None:
            text = apply(text, insert_member(text, root, "heap", [obj]))
        elif heap.kind != "array":
            changes.append(Change("/heap"))
            text = apply(text, replace_value(text, heap, [obj]))
        else:
            same = [i for i, item in enumerate(heap.items) if _name(text, item) == obj["name"]]
            if not same:
                text = apply(text, append_item(text, heap, obj))
            elif _value(text, heap.items[same[0]]) != obj:
                changes.append(Change(f"/heap/{same[0]}"))
                text = apply(text, replace_value(text, heap.items[same[0]], obj))
    return text, changes
