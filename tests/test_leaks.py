"""No sample's secret value appears anywhere but OUT/secrets/ (product.md §Secrets policy)."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from tests.golden import SAMPLES, cases, run_convert, secret_outputs, tree

SECRET_CASES = [c for c in cases() if (SAMPLES / c / "secrets.txt").is_file()]


def secrets_of(case: str) -> list[str]:
    lines = (SAMPLES / case / "secrets.txt").read_text().splitlines()
    return [s for s in (line.strip() for line in lines) if s and not s.startswith("#")]


def assert_clean(where: str, data: str | bytes, secrets: list[str]) -> None:
    blob = data if isinstance(data, bytes) else data.encode()
    for s in secrets:
        for form in (s, base64.b64encode(s.encode()).decode()):
            assert form.encode() not in blob, f"secret {s[:2]}… leaked into {where}"


def test_samples_declare_their_secrets() -> None:
    assert len(SECRET_CASES) >= 4, "the TLS samples must list their secret values"


@pytest.mark.parametrize("case", SECRET_CASES)
def test_no_secret_outside_the_secrets_directory(case: str, tmp_path: Path) -> None:
    secrets = secrets_of(case)
    out = tmp_path / "out"
    dry = run_convert(case, out, "--dry-run")
    assert_clean("the dry-run diff", dry.stdout, secrets)
    assert_clean("stderr of the dry run", dry.stderr, secrets)
    real = run_convert(case, out, "--format", "json")
    assert real.returncode in (0, 4), real.stderr
    assert_clean("stdout (--format json)", real.stdout, secrets)
    assert_clean("stderr", real.stderr, secrets)
    private = secret_outputs(out)
    for rel, (data, _mode) in tree(out).items():
        if rel in private:
            continue
        assert_clean(rel, data, secrets)
    again = run_convert(case, out, "--dry-run")  # a diff against an OUT that holds secrets
    assert_clean("the second dry-run diff", again.stdout, secrets)


@pytest.mark.parametrize("case", SECRET_CASES)
def test_secret_files_are_private(case: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_convert(case, out).returncode in (0, 4)
    if not (out / "secrets").is_dir():
        pytest.skip(f"{case} writes no secret files (all its secrets are unresolved)")
    assert (out / "secrets").stat().st_mode & 0o777 == 0o700
    for p in (out / "secrets").rglob("*"):
        if p.is_file():
            assert p.stat().st_mode & 0o777 == 0o600, p
