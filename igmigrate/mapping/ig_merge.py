"""Merging igmigrate's admin.json / config.json into the ones an IG instance already has."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


class NotJson(Exception):
    """An instance file that is not a JSON object: where (line, column) and why."""

    def __init__(self, why: str, line: int | None = None, col: int | None = None) -> None:
        super().__init__(why)
        self.why, self.line, self.col = why, line, col


@dataclass(frozen=True)
class Change:
    """A value of the instance's file that the merge replaces: its JSON pointer."""

    pointer: str


def parse(data: bytes) -> dict[str, Any]:
    """The instance file's JSON object (IG reads strict JSON: no comments); NotJson if not."""
    try:
        value = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise NotJson("not UTF-8") from None
    except json.JSONDecodeError as e:
        raise NotJson(e.msg, e.lineno, e.colno) from None
    if not isinstance(value, dict):
        raise NotJson("not a JSON object")
    return value


def _pointer(*parts: str | int) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def merge(
    theirs: dict[str, Any], ours: dict[str, Any], keys: tuple[str, ...]
) -> tuple[dict[str, Any], list[Change]]:
    """`theirs` with our `keys` set (their other properties kept, in their order) and our heap
    objects in their heap (one of the same name replaced in place, the others appended)."""
    out = dict(theirs)
    changes: list[Change] = []
    for key in keys:
        if key not in ours:
            continue
        if key in theirs and theirs[key] != ours[key]:
            changes.append(Change(_pointer(key)))
        out[key] = ours[key]
    our_heap = ours.get("heap") or []
    if our_heap:
        heap = list(theirs.get("heap") or []) if isinstance(theirs.get("heap"), list) else []
        if "heap" in theirs and not isinstance(theirs["heap"], list):
            changes.append(Change(_pointer("heap")))
        index = {h.get("name"): i for i, h in enumerate(heap) if isinstance(h, dict)}
        for obj in our_heap:
            i = index.get(obj["name"])
            if i is None:
                heap.append(obj)
            else:
                if heap[i] != obj:
                    changes.append(Change(_pointer("heap", i)))
                heap[i] = obj
        out["heap"] = heap
    return out, changes
