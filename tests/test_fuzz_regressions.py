"""Replay every seed and every saved crash of every fuzz target (tests/fuzz/) through its check.

A crash libFuzzer saved under tests/fuzz/crashes/<target>/ stays here as a regression input
once fixed; the seeds keep each target's check running (and able to fail) before any crash."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pytest

from tests.fuzz.engine import CORPUS, CRASHES, HERE, saved_inputs
from tests.fuzz.trees import convert_tree, tree

TARGETS = sorted(p.stem.removeprefix("fuzz_") for p in HERE.glob("fuzz_*.py"))
CASES = [(t, p) for t in TARGETS for p in saved_inputs(t)]


def _check(target: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"tests.fuzz.fuzz_{target}").check


def test_every_parser_has_a_target_with_seeds() -> None:
    assert set(TARGETS) >= {
        "server_xml",
        "context_xml",
        "web_xml",
        "setenv",
        "catalina_properties",
        "ig_json",
        "war",
    }
    for t in TARGETS:
        assert len(list((CORPUS / t).iterdir())) >= 3, f"{t}: seed its corpus"


def test_crash_dirs_hold_only_targets() -> None:
    if CRASHES.is_dir():
        assert {p.name for p in CRASHES.iterdir() if p.is_dir()} <= set(TARGETS)


@pytest.mark.parametrize(
    ("target", "path"), CASES, ids=[f"{t}/{p.parent.name}/{p.name}" for t, p in CASES]
)
def test_replay(target: str, path: Path) -> None:
    _check(target)(path.read_bytes())


@pytest.mark.parametrize("path", saved_inputs("war"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_war_inputs_as_the_gateway_war_convert_or_are_refused(path: Path) -> None:
    """The war target calls tomcat/war.py as gateway_app does; here each of its inputs is the
    deployed ROOT.war of a whole convert (a corrupt deflate stream once crashed it: zlib.error)."""
    src = tree("war_convert", {"webapps/ROOT.war": path.read_bytes()}, whole=True)
    shutil.rmtree(src / "webapps" / "ROOT")  # the .war is the gateway
    convert_tree(src)
