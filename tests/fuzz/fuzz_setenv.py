"""Fuzz target: arbitrary bytes as bin/setenv.sh, through read_setenv and system_properties."""

from __future__ import annotations

from igmigrate.errors import IgMigrateError
from igmigrate.findings import Findings
from igmigrate.tomcat.setenv import read_setenv, system_properties
from tests.fuzz.trees import tree

NAME = "setenv"


def check(data: bytes) -> None:
    base = tree(NAME, {"bin/setenv.sh": data}, whole=False)
    try:
        setenv = read_setenv(base, base, base, {"HOME": "/home/tomcat"}, Findings())
    except IgMigrateError:
        return
    system_properties(setenv)
