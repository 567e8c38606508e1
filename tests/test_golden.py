"""Every sample converts to exactly its committed expected/ tree (regenerate: make golden)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.golden import SAMPLES, cases, run_convert, secret_outputs, tree


@pytest.mark.parametrize("case", cases())
def test_sample_converts_to_its_golden_tree(case: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_convert(case, out)
    expected_exit = int((SAMPLES / case / "expected.exit").read_text())
    assert proc.returncode == expected_exit, proc.stderr
    got, want = tree(out), tree(SAMPLES / case / "expected")
    assert sorted(got) == sorted(want)
    for rel in want:
        assert got[rel][0] == want[rel][0], f"{case}: {rel} differs from the golden copy"
    # git keeps no 0600 bits, so modes are checked against the (golden) manifest instead
    manifest = json.loads(got[".igmigrate/manifest.json"][0])["outputs"]
    for rel, (_, mode) in got.items():
        if rel != ".igmigrate/manifest.json":
            assert f"{mode:04o}" == manifest[rel]["mode"], f"{case}: mode of {rel}"
            secret = rel.startswith("secrets/") or rel in secret_outputs(out)
            assert (mode == 0o600) == secret, f"{case}: mode of {rel}"


@pytest.mark.parametrize("case", cases())
def test_converting_twice_gives_identical_bytes_and_no_pending_changes(
    case: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert run_convert(case, out).returncode in (0, 4)
    first = tree(out)
    assert run_convert(case, out).returncode in (0, 4)
    assert tree(out) == first
    again = run_convert(case, out, "--dry-run")
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout == ""


def test_every_sample_has_a_golden_tree() -> None:
    assert cases(), "no samples found"
    for case in cases():
        assert (SAMPLES / case / "expected").is_dir(), f"{case}: run make golden"
