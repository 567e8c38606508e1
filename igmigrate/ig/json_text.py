"""Strict JSON as IG reads it, with every value's span and pointer, and minimal textual edits."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

WS = " \t\n\r"
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"')
_LITERALS = {"true": True, "false": False, "null": None}
# Objects and arrays nest at most this deep (a real route nests under 20): past it the text is
# refused at the opening bracket, before Python's recursion limit is reached.
MAX_NESTING = 200


class JsonTextError(Exception):
    """Not strict JSON: where (1-based line and column) and why."""

    def __init__(self, why: str, line: int, col: int) -> None:
        super().__init__(f"{line}:{col}: {why}")
        self.why, self.line, self.col = why, line, col


@dataclass
class Node:
    """One JSON value: its kind, its span [start, end) in the text and its JSON pointer."""

    kind: str  # "object", "array", "string", "number", "literal"
    start: int
    end: int
    pointer: str
    value: Any = None  # scalars: the Python value; containers: None (see members/items)
    members: list[Member] = field(default_factory=list)  # objects, duplicates kept, in order
    items: list[Node] = field(default_factory=list)  # arrays

    def get(self, key: str) -> Node | None:
        """The member value named `key` (the last one, as IG's parser keeps)."""
        found = [m.value for m in self.members if m.key == key]
        return found[-1] if found else None

    def walk(self) -> Iterator[Node]:
        """This node and every node inside it, in document order."""
        yield self
        for child in [m.value for m in self.members] + self.items:
            yield from child.walk()


@dataclass
class Member:
    """`"key": value` of an object: the key's span starts the member."""

    key: str
    key_start: int
    key_end: int
    value: Node


@dataclass(frozen=True)
class Edit:
    """Text [start, end) of the original replaced by `text`."""

    start: int
    end: int
    text: str


def escape(part: str | int) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 1 if text.startswith("\ufeff") else 0  # a BOM is skipped, as Jackson does
        self.depth = 0

    def fail(self, why: str, at: int | None = None) -> JsonTextError:
        line, col = position(self.text, self.pos if at is None else at)
        return JsonTextError(why, line, col)

    def ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in WS:
            self.pos += 1

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def document(self) -> Node:
        self.ws()
        node = self.value("")
        self.ws()
        if self.pos != len(self.text):
            raise self.fail("extra data after the JSON value")
        return node

    def string(self) -> tuple[str, int, int]:
        m = _STRING.match(self.text, self.pos)
        if m is None:
            raise self.fail("invalid string (unterminated, a bad escape or a control character)")
        self.pos = m.end()
        return json.loads(m.group()), m.start(), m.end()

    def value(self, pointer: str) -> Node:
        c, start = self.peek(), self.pos
        if c in ("{", "["):
            if self.depth >= MAX_NESTING:
                raise self.fail(f"objects and arrays nest more than {MAX_NESTING} deep")
            self.depth += 1
            node = self.obj(pointer) if c == "{" else self.array(pointer)
            self.depth -= 1
            return node
        if c == '"':
            s, _, end = self.string()
            return Node("string", start, end, pointer, s)
        m = _NUMBER.match(self.text, self.pos)
        if c and c in "-0123456789" and m is not None:
            self.pos = m.end()
            return Node("number", start, m.end(), pointer, json.loads(m.group()))
        for word, val in _LITERALS.items():
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return Node("literal", start, self.pos, pointer, val)
        raise self.fail("expecting a value" if c else "unexpected end of text")

    def obj(self, pointer: str) -> Node:
        node = Node("object", self.pos, -1, pointer)
        self.pos += 1
        self.ws()
        if self.peek() == "}":
            self.pos += 1
            node.end = self.pos
            return node
        while True:
            if self.peek() != '"':
                raise self.fail("expecting a property name in double quotes")
            key, ks, ke = self.string()
            self.ws()
            if self.peek() != ":":
                raise self.fail("expecting ':' after the property name")
            self.pos += 1
            self.ws()
            node.members.append(Member(key, ks, ke, self.value(f"{pointer}/{escape(key)}")))
            self.ws()
            c = self.peek()
            self.pos += 1
            if c == "}":
                node.end = self.pos
                return node
            if c != ",":
                raise self.fail("expecting ',' or '}'", self.pos - 1)
            self.ws()

    def array(self, pointer: str) -> Node:
        node = Node("array", self.pos, -1, pointer)
        self.pos += 1
        self.ws()
        if self.peek() == "]":
            self.pos += 1
            node.end = self.pos
            return node
        while True:
            node.items.append(self.value(f"{pointer}/{len(node.items)}"))
            self.ws()
            c = self.peek()
            self.pos += 1
            if c == "]":
                node.end = self.pos
                return node
            if c != ",":
                raise self.fail("expecting ',' or ']'", self.pos - 1)
            self.ws()


def parse(text: str) -> Node:
    """The document's root node; JsonTextError (line, column, why) when it is not strict JSON."""
    return _Parser(text).document()


def find(root: Node, pointer: str) -> Node | None:
    return next((n for n in root.walk() if n.pointer == pointer), None)


def apply(text: str, edit: Edit) -> str:
    return text[: edit.start] + edit.text + text[edit.end :]


# -- indentation ----------------------------------------------------------------------------
def _line_indent(text: str, offset: int) -> str:
    """The whitespace that starts the line holding `offset`."""
    begin = text.rfind("\n", 0, offset) + 1
    end = begin
    while end < len(text) and text[end] in " \t":
        end += 1
    return text[begin:end]


def _dump(value: Any, indent: str, unit: str | None) -> str:
    """`value` as JSON; multi-line (with `unit` per level) lines continued at `indent`."""
    if unit is None:
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value, indent=unit, ensure_ascii=False).replace("\n", "\n" + indent)


def _layout(text: str, container: Node, children: list[int]) -> tuple[str, str | None]:
    """How a container's children are laid out: the indentation of a child line and the unit
    per level (None: the container is on one line)."""
    own = _line_indent(text, container.start)
    if children and "\n" not in text[container.start : container.end]:
        return own, None
    if not children and "\n" not in text.strip():
        return own, None  # an empty container of a one-line document
    if children:
        child = _line_indent(text, children[-1])
        if child.startswith(own) and len(child) > len(own):
            return child, child[len(own) :]
    unit = guess_unit(text)
    return own + unit, unit


# -- edits ----------------------------------------------------------------------------------
def remove_member(text: str, obj: Node, index: int) -> Edit:
    """Drop `obj`'s member `index` with the comma and whitespace it owns."""
    members = obj.members
    m = members[index]
    if len(members) == 1:
        return Edit(obj.start + 1, obj.end - 1, "")
    if index + 1 < len(members):  # up to the next member's key: its comma and line break
        return Edit(m.key_start, members[index + 1].key_start, "")
    return Edit(members[index - 1].value.end, m.value.end, "")  # the last: the comma before it


def replace_value(text: str, node: Node, value: Any) -> Edit:
    """`node`'s text replaced by `value`: multi-line (the document's indentation step,
    continued at the node's line indentation) unless the document is on one line."""
    unit = guess_unit(text) if "\n" in text.strip() else None
    return Edit(node.start, node.end, _dump(value, _line_indent(text, node.start), unit))


def guess_unit(text: str) -> str:
    """The indentation step the document uses (its smallest line indentation; else 2 spaces)."""
    indents = [m.group(1) for m in re.finditer(r"\n([ \t]+)\S", text)]
    return min(indents, key=len) if indents else "  "


def insert_member(text: str, obj: Node, key: str, value: Any) -> Edit:
    """`"key": value` appended to `obj`, indented like its siblings."""
    starts = [m.key_start for m in obj.members]
    child, unit = _layout(text, obj, starts)
    sep = ": "
    if obj.members:
        last = obj.members[-1]
        sep = text[last.key_end : last.value.start]
    member = json.dumps(key, ensure_ascii=False) + sep + _dump(value, child, unit)
    return _append(text, obj, [m.value.end for m in obj.members], child, unit, member)


def append_item(text: str, array: Node, value: Any) -> Edit:
    """`value` appended to `array`, indented like its items."""
    child, unit = _layout(text, array, [i.start for i in array.items])
    item = _dump(value, child, unit)
    return _append(text, array, [i.end for i in array.items], child, unit, item)


def _append(
    text: str, container: Node, ends: list[int], child: str, unit: str | None, new: str
) -> Edit:
    if ends:  # after the last child: ", new" on one line, else on a line of its own
        lead = ", " if unit is None else ",\n" + child
        return Edit(ends[-1], ends[-1], lead + new)
    if unit is None:
        return Edit(container.start + 1, container.end - 1, new)
    own = child[: len(child) - len(unit)]
    return Edit(container.start + 1, container.end - 1, "\n" + child + new + "\n" + own)
