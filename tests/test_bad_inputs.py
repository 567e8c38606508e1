"""Each bad-input sample's console, compared as text with its snapshot: one voice (`igmigrate:
error: file:line:col: reason` and a `hint:` line), exit 1, nothing written."""

from __future__ import annotations

import pytest

from tests.bad_samples import bad_cases, console, expected


def test_there_are_bad_input_samples() -> None:
    assert len(bad_cases()) >= 8


@pytest.mark.parametrize("case", bad_cases())
def test_the_console_is_the_snapshot_and_nothing_is_written(case: str) -> None:
    text, written = console(case)
    assert not written, "OUT was written"
    assert text == expected(case).read_text(), "run `make golden` and review the diff"
    lines = text.splitlines()
    assert lines[0] == "exit 1"
    error = next(i for i, ln in enumerate(lines) if ln.startswith("igmigrate: error: "))
    assert lines[error + 1].startswith("  hint: ") and len(lines[error + 1]) > len("  hint: ")
    assert "Traceback" not in text and "/work/" not in text and "/tmp/" not in text
