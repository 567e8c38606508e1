"""Fuzz target: arbitrary bytes as conf/server.xml, through the whole in-process convert."""

from __future__ import annotations

from tests.fuzz.trees import convert_tree, tree

NAME = "server_xml"


def check(data: bytes) -> None:
    convert_tree(tree(NAME, {"conf/server.xml": data}))
