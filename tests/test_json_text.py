"""igmigrate/ig/json_text.py: strict JSON with spans and pointers, and minimal text edits."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from igmigrate.ig import json_text as jt

KEYS = st.text(alphabet='ab/~c"\\é \n', min_size=0, max_size=4)
SCALARS = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=5)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=12,
)
OBJECTS = st.dictionaries(KEYS, VALUES, min_size=1, max_size=4)
INDENTS = st.sampled_from([None, 0, 1, 2, 4, "\t"])


def _dump(value: Any, indent: int | str | None, ascii_only: bool) -> str:
    return json.dumps(value, indent=indent, ensure_ascii=ascii_only)


def _objects(root: jt.Node) -> list[jt.Node]:
    return [n for n in root.walk() if n.kind == "object" and n.members]


def _refuse(name: str) -> None:
    raise ValueError(name)


def _unchanged_outside(old: str, new: str, edit: jt.Edit) -> None:
    assert new[: edit.start] == old[: edit.start]
    assert new[len(new) - (len(old) - edit.end) :] == old[edit.end :]


def _resolve(value: Any, pointer: str) -> Any:
    for part in pointer.split("/")[1:]:
        key = part.replace("~1", "/").replace("~0", "~")
        value = value[int(key)] if isinstance(value, list) else value[key]
    return value


@settings(max_examples=300, deadline=None)
@given(OBJECTS, INDENTS, st.booleans(), st.data())
def test_removing_any_member_leaves_valid_json_equal_to_the_dict_edit(
    doc: dict[str, Any], indent: int | str | None, ascii_only: bool, data: st.DataObject
) -> None:
    text = _dump(doc, indent, ascii_only)
    root = jt.parse(text)
    obj = data.draw(st.sampled_from(_objects(root)))
    index = data.draw(st.integers(0, len(obj.members) - 1))
    edit = jt.remove_member(text, obj, index)
    new = jt.apply(text, edit)
    expected = json.loads(text)
    del _resolve(expected, obj.pointer)[obj.members[index].key]
    assert json.loads(new) == expected
    _unchanged_outside(text, new, edit)


@settings(max_examples=300, deadline=None)
@given(OBJECTS, INDENTS, VALUES, st.data())
def test_replacing_any_value_changes_only_that_value(
    doc: dict[str, Any], indent: int | str | None, value: Any, data: st.DataObject
) -> None:
    text = _dump(doc, indent, True)
    root = jt.parse(text)
    node = data.draw(st.sampled_from(list(root.walk())[1:] or [root]))
    edit = jt.replace_value(text, node, value)
    new = jt.apply(text, edit)
    expected = json.loads(text)
    if node is root:
        expected = value
    else:
        parent_ptr, _, last = node.pointer.rpartition("/")
        parent = _resolve(expected, parent_ptr)
        key = last.replace("~1", "/").replace("~0", "~")
        parent[int(key) if isinstance(parent, list) else key] = value
    assert json.loads(new) == expected
    assert (edit.start, edit.end) == (node.start, node.end)
    _unchanged_outside(text, new, edit)


@settings(max_examples=200, deadline=None)
@given(OBJECTS, INDENTS, VALUES, st.data())
def test_inserting_and_appending_keep_the_rest(
    doc: dict[str, Any], indent: int | str | None, value: Any, data: st.DataObject
) -> None:
    text = _dump(doc, indent, True)
    root = jt.parse(text)
    containers = [n for n in root.walk() if n.kind in ("object", "array")]
    node = data.draw(st.sampled_from(containers))
    expected = json.loads(text)
    target = _resolve(expected, node.pointer)
    if node.kind == "object":
        key = "new-key-" + "x" * len(target)  # a key the object does not have
        edit = jt.insert_member(text, node, key, value)
        target[key] = value
    else:
        edit = jt.append_item(text, node, value)
        target.append(value)
    new = jt.apply(text, edit)
    assert json.loads(new) == expected
    _unchanged_outside(text, new, edit)


def test_spans_and_pointers() -> None:
    text = '{"a/b": [1, {"~k": "v"}], "a/b": true}'
    root = jt.parse(text)
    pointers = [(n.pointer, text[n.start : n.end]) for n in root.walk()]
    assert pointers == [
        ("", text),
        ("/a~1b", '[1, {"~k": "v"}]'),
        ("/a~1b/0", "1"),
        ("/a~1b/1", '{"~k": "v"}'),
        ("/a~1b/1/~0k", '"v"'),
        ("/a~1b", "true"),  # duplicate keys stay visible
    ]
    dup = root.get("a/b")
    assert dup is not None and dup.value is True  # the last one, as IG's parser keeps


def test_inserted_members_are_indented_like_their_siblings() -> None:
    text = '{\n    "a": {\n        "b": 1\n    }\n}\n'
    obj = jt.parse(text).get("a")
    assert obj is not None
    new = jt.apply(text, jt.insert_member(text, obj, "c", {"d": [2]}))
    assert new == (
        '{\n    "a": {\n        "b": 1,\n        "c": {\n            "d": [\n'
        "                2\n            ]\n        }\n    }\n}\n"
    )


def test_removing_the_last_member_takes_the_comma_before_it() -> None:
    text = '{\n  "a": 1,\n  "b": 2\n}\n'
    root = jt.parse(text)
    assert jt.apply(text, jt.remove_member(text, root, 1)) == '{\n  "a": 1\n}\n'
    assert jt.apply(text, jt.remove_member(text, root, 0)) == '{\n  "b": 2\n}\n'


def test_a_bom_is_skipped_and_kept() -> None:
    text = '\ufeff{"a": 1}'
    root = jt.parse(text)
    assert jt.apply(text, jt.replace_value(text, root.members[0].value, 2)) == '\ufeff{"a": 2}'


@pytest.mark.parametrize(
    ("text", "line", "col", "why"),
    [
        ('{\n  "a": 1,\n}', 3, 1, "expecting a property name in double quotes"),
        ('{"a": 01}', 1, 8, "expecting ',' or '}'"),
        ("[1, 2", 1, 6, "expecting ',' or ']'"),
        ('{"a": NaN}', 1, 7, "expecting a value"),
        ('{"a": "x\ty"}', 1, 7, "invalid string"),
        ("{} {}", 1, 4, "extra data after the JSON value"),
        ("", 1, 1, "unexpected end of text"),
        ('{\n  // c\n  "a": 1}', 2, 3, "expecting a property name in double quotes"),
        ('{"a" 1}', 1, 6, "expecting ':' after the property name"),
    ],
)
def test_errors_name_line_and_column(text: str, line: int, col: int, why: str) -> None:
    with pytest.raises(jt.JsonTextError) as e:
        jt.parse(text)
    assert (e.value.line, e.value.col) == (line, col)
    assert e.value.why.startswith(why)
    with pytest.raises(ValueError):  # Python's parser refuses them too (NaN: when strict)
        json.loads(text, parse_constant=_refuse)
