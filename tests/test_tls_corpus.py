"""No real-world server.xml fails to convert only because a store file is not in SRC (issue 6)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from igmigrate.config import Config
from igmigrate.convert import convert
from igmigrate.errors import InputError
from igmigrate.findings import Status
from tests.tomcat_tree import tomcat

CORPUS = Path(__file__).parents[2] / "shared" / "corpus"
SERVER_XML = re.compile(r"(^|__)server(\.[0-9a-f]+)?\.xml$")  # as tests/test_conformance.py
FILES = sorted(p for p in CORPUS.glob("*") if SERVER_XML.search(p.name)) if CORPUS.is_dir() else []
STORE_RULES = {
    f"tls.{kind}.{problem}"
    for kind in ("keystore", "truststore")
    for problem in ("missing", "unresolved")
}

needs_corpus = pytest.mark.skipif(not FILES, reason=f"corpus not available at {CORPUS}")


@needs_corpus
@pytest.mark.parametrize("server_xml", FILES, ids=[p.name for p in FILES])
def test_no_corpus_file_fails_only_because_a_store_is_missing(
    tmp_path: Path, server_xml: Path
) -> None:
    src = tomcat(tmp_path / "tomcat", server_xml.read_text(encoding="utf-8", errors="replace"))
    props = server_xml.with_name(re.sub(r"server\.xml$", "catalina.properties", server_xml.name))
    if props.is_file() and props != server_xml:
        shutil.copy(props, src / "conf" / "catalina.properties")
    try:
        r = convert(Config(src=src))
    except InputError:
        return  # not a readable server.xml at all: a store plays no part
    store_findings = [f for f in r.findings if f.rule in STORE_RULES]
    assert all(f.status is Status.MANUAL for f in store_findings)
    errors = {f.rule for f in r.findings if f.status is Status.ERROR}
    assert r.plan or errors - STORE_RULES, f"no output, and only store findings: {errors}"
    if store_findings:  # a store to place by hand: the connector is still written
        assert r.plan and any(p.startswith("config/admin.json") for p in r.plan)
        for f in store_findings:
            assert f.hint and "secrets/" in f.hint, f.message
            assert str(tmp_path) not in f.message + f.hint
