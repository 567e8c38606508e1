"""Conversion time grows linearly with the number of Connectors and of setenv.sh lines (no
per-sibling rescans)."""

from __future__ import annotations

import gc
import time
from pathlib import Path

from igmigrate.config import Config
from igmigrate.convert import convert
from tests.tomcat_tree import one_service, tomcat


def _base(root: Path, connectors: int) -> Path:
    xml = "\n    ".join(f'<Connector port="{10000 + i}"/>' for i in range(connectors))
    return tomcat(root, one_service(xml))


def _setenv(root: Path, lines: int) -> Path:
    """Exports and CATALINA_OPTS appends, as tests/bench/sizes.py's setenv.sh shape."""
    body = "\n".join(
        f'CATALINA_OPTS="$CATALINA_OPTS -Dp{i}=v{i}"' if i % 10 == 0 else f"export V{i}=value{i}"
        for i in range(lines)
    )
    return tomcat(root, one_service('<Connector port="8080"/>'), files={"bin/setenv.sh": body})


def _seconds(src: Path, runs: int = 5) -> float:
    """The best of five runs (the machine is shared), each converting end to end; the garbage
    collector is paused so that the algorithm, not the heap's history, is measured."""
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            result = convert(Config(src=src))
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
        assert not result.findings.has_errors()
    return best


def test_four_times_the_connectors_cost_less_than_six_times_the_time(tmp_path: Path) -> None:
    small, large = _base(tmp_path / "small", 400), _base(tmp_path / "large", 1600)
    convert(Config(src=small))  # warm up: imports, templates
    ratio = _seconds(large) / _seconds(small)
    assert ratio < 6, f"4x the Connectors took {ratio:.1f}x the time"


def test_eight_times_the_setenv_lines_cost_less_than_twelve_times_the_time(tmp_path: Path) -> None:
    """Was quadratic: each exported name rescanned every assignment, and validate's plaintext
    check every env.sh line for each export (20,000 lines took 112 s)."""
    small, large = _setenv(tmp_path / "small", 500), _setenv(tmp_path / "large", 4000)
    convert(Config(src=small))
    ratio = _seconds(large, runs=3) / _seconds(small, runs=3)
    assert ratio < 12, f"8x the setenv.sh lines took {ratio:.1f}x the time"
