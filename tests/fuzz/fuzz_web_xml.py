"""Fuzz target: arbitrary bytes as the gateway's WEB-INF/web.xml, through a whole convert."""

from __future__ import annotations

from tests.fuzz.trees import convert_tree, tree

NAME = "web_xml"


def check(data: bytes) -> None:
    convert_tree(tree(NAME, {"webapps/ROOT/WEB-INF/web.xml": data}))
