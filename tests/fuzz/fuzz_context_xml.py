"""Fuzz target: arbitrary bytes as the gateway's context descriptor, through a whole convert."""

from __future__ import annotations

from tests.fuzz.trees import convert_tree, tree

NAME = "context_xml"


def check(data: bytes) -> None:
    convert_tree(tree(NAME, {"conf/Catalina/localhost/ROOT.xml": data}))
