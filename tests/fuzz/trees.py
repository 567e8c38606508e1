"""Scratch Tomcat trees the fuzz targets write one input into, and the whole-convert check."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

from igmigrate.config import Config
from igmigrate.convert import convert
from igmigrate.errors import IgMigrateError

GATEWAY_WEB_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<web-app><servlet><servlet-name>g</servlet-name>
<servlet-class>org.forgerock.openig.web.GatewayServlet</servlet-class></servlet></web-app>
"""
SERVER_XML = b"""<?xml version="1.0"?>
<Server port="8005" shutdown="SHUTDOWN">
  <Service name="Catalina">
    <Connector port="8080" protocol="HTTP/1.1" redirectPort="8443"/>
    <Engine name="Catalina" defaultHost="localhost">
      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="true"/>
    </Engine>
  </Service>
</Server>
"""
_made: dict[str, Path] = {}


def _cleanup() -> None:
    for p in _made.values():
        shutil.rmtree(p, ignore_errors=True)


atexit.register(_cleanup)


def tree(name: str, files: dict[str, bytes], *, whole: bool = True) -> Path:
    """A CATALINA_BASE (Tomcat 9, the gateway as ROOT) holding `files` over the defaults (only
    `files` when not `whole`); the same directory for every call of one target, emptied first."""
    root = _made.get(name)
    if root is None:
        work = os.environ.get("FUZZ_WORK")  # libFuzzer's exit runs no atexit: a fixed place
        if work:
            root = Path(work).resolve() / f"tree-{name}"
            root.mkdir(parents=True, exist_ok=True)
        else:
            root = Path(tempfile.mkdtemp(prefix=f"igmigrate-fuzz-{name}-"))
        _made[name] = root
    for child in root.iterdir():
        if child.is_dir():
            shutil.rmtree(child)
        else:
            child.unlink()
    defaults = whole and {
        "RELEASE-NOTES": b"   Apache Tomcat Version 9.0.85\n",
        "conf/server.xml": SERVER_XML,
        "webapps/ROOT/WEB-INF/web.xml": GATEWAY_WEB_XML,
    }
    for rel, data in {**(defaults or {}), **files}.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return root


def convert_tree(src: Path) -> None:
    """The whole conversion in memory (nothing is written): bad input may only be refused with
    IgMigrateError, and every JSON file it would write is strict JSON."""
    try:
        result = convert(Config(src=src))
    except IgMigrateError:
        return
    for rel, out in result.plan.items():
        if rel.endswith(".json"):
            json.loads(out.content, parse_constant=_no_constant)


def _no_constant(name: str) -> None:
    raise AssertionError(f"{name} in an output JSON file: IG's parser rejects it")
