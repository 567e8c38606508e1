"""The rule table and the code agree in both directions (one registry, django-upgrade style)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from igmigrate.config import Config
from igmigrate.convert import convert
from igmigrate.mapping.table import BY_ID, RULES
from tests.golden import SAMPLES, cases, extra_args

PACKAGE = Path(__file__).resolve().parents[1] / "igmigrate"


def test_rule_ids_are_unique() -> None:
    assert len(BY_ID) == len(RULES)


def test_every_table_rule_is_emitted_somewhere_in_the_code() -> None:
    source = "\n".join(p.read_text() for p in PACKAGE.rglob("*.py") if p.name != "table.py")
    unused = [r.id for r in RULES if not re.search(rf"[\"']{re.escape(r.id)}[\"']", source)]
    assert unused == []


@pytest.mark.parametrize("case", cases())
def test_every_finding_of_every_sample_names_a_known_rule(case: str) -> None:
    args = extra_args(case)
    props = dict(a.split("=", 1) for a in args[1::2]) if args[:1] == ["--property"] else {}
    result = convert(Config(src=SAMPLES / case / "input", properties=props))
    unknown = {f.rule for f in result.findings if f.rule not in BY_ID}
    assert unknown == set()
