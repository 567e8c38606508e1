"""Fuzz target: arbitrary bytes as a .war or jar (tomcat/war.py, as gateway_app and jars read it).

gateway_app's _evidence_war is the narrowest caller: what it does not catch is a crash."""

from __future__ import annotations

import io
import zipfile

from igmigrate.tomcat.war import BadWar, entry_count, open_war, read_entry

NAME = "war"
# What igmigrate/tomcat/gateway_app.py's _evidence_war catches around these calls.
ANSWERED = (OSError, zipfile.BadZipFile, RuntimeError, EOFError, BadWar)


def check(data: bytes) -> None:
    entry_count(io.BytesIO(data))
    try:
        with open_war(io.BytesIO(data)) as z:
            names = z.namelist()
            read_entry(z, "WEB-INF/web.xml")
            for name in names[:8]:
                read_entry(z, name, limit=1 << 16)
    except ANSWERED:
        return
