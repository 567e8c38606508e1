"""Fuzz target: arbitrary bytes as conf/catalina.properties, through read_catalina_properties."""

from __future__ import annotations

from igmigrate.errors import IgMigrateError
from igmigrate.findings import Findings
from igmigrate.tomcat.properties import read_catalina_properties
from tests.fuzz.trees import tree

NAME = "catalina_properties"


def check(data: bytes) -> None:
    base = tree(NAME, {"conf/catalina.properties": data}, whole=False)
    try:
        read_catalina_properties(base / "conf" / "catalina.properties", base, Findings())
    except IgMigrateError:
        return
