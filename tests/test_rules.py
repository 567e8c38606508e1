"""The registry: one declaration per rule, and the collector accepts no other id."""

from __future__ import annotations

from pathlib import Path

import pytest

from igmigrate.config import Config
from igmigrate.convert import convert
from igmigrate.findings import Findings
from igmigrate.rules import RULES, UnknownRule
from igmigrate.rules.registry import Registry, Target
from igmigrate.rules.status import IGN, M
from tests.tomcat_tree import one_service, tomcat


def test_emit_rejects_an_id_no_declaration_has() -> None:
    with pytest.raises(UnknownRule):
        Findings().emit("connector.no-such-rule", "x")


def test_emit_takes_status_target_and_hint_from_the_declaration() -> None:
    f = Findings(target_version="2024.3").emit("connector.max-header-size", "m")
    r = RULES["connector.max-header-size"]
    assert (f.status, f.target) == (r.status, r.target_for("2024.3"))
    threads = Findings().emit("connector.threads", "m")
    assert threads.hint == RULES["connector.threads"].hint  # shown: the rule does not map
    assert Findings().emit("connector.port", "m").hint is None  # a mapped rule needs no hint


def test_a_rule_is_declared_once() -> None:
    reg = Registry()
    reg.declare("a.b", about="x", reads=(), status=M, hint="", examples=())
    with pytest.raises(ValueError, match="declared twice"):
        reg.declare("a.b", about="x", reads=(), status=IGN, hint="", examples=())


def test_applies_names_only_declared_rules() -> None:
    with pytest.raises(UnknownRule):
        RULES.applies("connector.no-such-rule")


def test_targets_are_chosen_per_version_in_release_order() -> None:
    t = Target((("7.2", "a"), ("2023.11", "b")))
    assert [t.for_version(v) for v in ("7.2", "2023.6", "2023.11", "2024.3")] == [
        "a",
        "a",
        "b",
        "b",
    ]


def test_target_version_2024_3_reports_the_2024_3_target_names(tmp_path: Path) -> None:
    src = tomcat(tmp_path / "t", one_service('<Connector port="8080" maxHttpHeaderSize="9000"/>'))
    for version, name in (("7.2", "vertx.maxHeaderSize"), ("2024.3", "maxTotalHeadersSize")):
        result = convert(Config(src=src, target_version=version))
        [f] = [f for f in result.findings if f.rule == "connector.max-header-size"]
        assert f.target is not None and f.target.endswith("connectors[]." + name), f.target


def test_every_rule_is_applied_by_a_marked_function() -> None:
    """@applies ties each declaration to the code that emits it (igmigrate rules lists it)."""
    import igmigrate.cli
    import igmigrate.convert  # with cli: every module of the pipeline

    assert igmigrate.cli.app is not None
    assert [r.id for r in RULES if not r.applied_by] == []


def test_tls_reads_name_exactly_the_attributes_tomcat_reads() -> None:
    """rules/tls_names.py (what the TLS rules say they read) and tomcat/tls_attributes.py (how
    Tomcat reads them) cannot drift apart."""
    from igmigrate.rules import tls_names as declared
    from igmigrate.tomcat import tls_attributes as tomcat_reads

    assert tuple(tomcat_reads.LEGACY_CERTIFICATE) == declared.LEGACY_CERTIFICATE
    assert tuple(tomcat_reads.LEGACY_HOST) == declared.LEGACY_HOST
    assert declared.LEGACY_OTHER == tomcat_reads.LEGACY_OTHER
    assert tuple(tomcat_reads.CERTIFICATE_ATTRS) == declared.CERTIFICATE
    passwords = {n for r in declared.PASSWORDS if r.where != declared.SYSTEM for n in r.names}
    assert passwords == tomcat_reads.PASSWORD_ATTRS
