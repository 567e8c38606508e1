"""The secret-word matrix (issue 6 item 1): a sample's output does not depend on its passwords.

Every sample with a samples/<case>/secrets.txt is re-run with its passwords replaced by words that
also occur in ordinary output (`tomcat`, `8443`, `1`…): the stores are re-encrypted under the new
passwords in a temporary copy, the password text is replaced in server.xml, setenv.sh, properties
and args. Everything outside secrets/, stdout, stderr and the exit code must be byte-identical.

Default passwords (`password`, `secret`: ig/secrets.py DEFAULT_PASSWORDS) legitimately add a
tls.default-password finding, so they form a group of their own: one slot at a time takes each
default word, the other slots keep distinct ordinary words, and the default words must give
identical outputs among themselves (and differ from the ordinary run only by that warning).
"""

from __future__ import annotations

import base64
import contextlib
import difflib
import io
import json
import random
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest

from igmigrate.cli import app
from tests.golden import SAMPLES, extra_args, secret_outputs, tree
from tests.rewrap import rewrap
from tests.test_leaks import SECRET_CASES, secrets_of

ORDINARY = ["tomcat", "keystore", "admin", "conf", "8443", "true", "1"]
DEFAULTS = ["password", "secret"]
RANDOM = "".join(random.SystemRandom().choices(string.ascii_letters + string.digits, k=24))
WORDS = [*ORDINARY, RANDOM]
TEXT_SUFFIXES = {".xml", ".sh", ".properties", ".bat", ".policy"}
_DIGEST = re.compile(rb"\b[0-9a-f]{64}\b")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def _text_files(root: Path) -> list[Path]:
    return [p for p in sorted(root.rglob("*")) if p.is_file() and p.suffix in TEXT_SUFFIXES]


def _forms(path: Path | None, password: str) -> list[str]:
    """How a password is written as a setting: a quoted XML attribute value, else `=value`."""
    if path is not None and path.suffix == ".xml":
        return [f'="{_xml(password)}"', f"='{_xml(password)}'"]
    return [f"={password}"]


def slots(case: str) -> list[str]:
    """The sample's passwords that are set somewhere in its input or args (not comments)."""
    files = _text_files(SAMPLES / case / "input")
    texts = [(p, p.read_text()) for p in files] + [(None, " ".join(extra_args(case)))]
    return [
        s
        for s in secrets_of(case)
        if any(form in text for p, text in texts for form in _forms(p, s))
    ]


MATRIX_CASES = [c for c in SECRET_CASES if slots(c)]


def test_every_sample_with_written_passwords_is_in_the_matrix() -> None:
    # tomcat9-default-password relies on Tomcat's implicit "changeit" (no password text to
    # vary); tomcat9-pem's secrets are unencrypted private keys (no password at all).
    assert sorted(set(SECRET_CASES) - set(MATRIX_CASES)) == [
        "tomcat9-default-password",
        "tomcat9-pem",
    ]
    assert len(MATRIX_CASES) >= 3


Run = tuple[int, str, str, dict[str, bytes], dict[str, bytes]]


def _prepare(case: str, src: Path, words: dict[str, str]) -> list[str]:
    """A fresh copy of the sample's input at `src` with password `old` replaced by `words[old]`."""
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(SAMPLES / case / "input", src, symlinks=True)
    for p in _text_files(src):
        text = p.read_text()
        new = text
        for old, word in words.items():
            for form, replacement in zip(_forms(p, old), _forms(p, word), strict=True):
                new = new.replace(form, replacement)
        if new != text:
            p.write_text(new)
    for p in sorted(src.rglob("*")):
        if p.is_file() and p.suffix not in TEXT_SUFFIXES and p.suffix != ".jar":
            rewrap(p, words)
    args = extra_args(case)
    for old, word in words.items():
        args = [a.replace(f"={old}", f"={word}") for a in args]
    return args


def _in_process(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            app(args, prog_name="igmigrate")
        except SystemExit as e:
            code = int(e.code or 0)
    return code, out.getvalue(), err.getvalue()


def _outputs(out: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """(files the manifest does not mark secret, the secret ones: secrets/, the 0600 input
    digests, which change with the inputs' bytes, and env.sh with --secrets env)."""
    public, private = {}, {}
    secret = secret_outputs(out) if (out / ".igmigrate" / "manifest.json").is_file() else set()
    for rel, (data, mode) in tree(out).items():
        if rel.startswith("secrets/") or rel in secret:
            private[rel] = data
            continue
        public[rel] = data + f"\nmode {mode:o}".encode()
    return public, private


def _run(case: str, tmp: Path, words: dict[str, str]) -> Run:
    src, out = tmp / "src", tmp / "out"
    args = _prepare(case, src, words)
    shutil.rmtree(out, ignore_errors=True)
    code, stdout, stderr = _in_process(
        ["convert", str(src), str(out), *args, "--no-color", "--format", "json"]
    )
    public, private = _outputs(out)
    return code, stdout, stderr, public, private


def _same(a: Run, b: Run, what: str) -> None:
    left = {"exit": str(a[0]).encode(), "stdout": a[1].encode(), "stderr": a[2].encode(), **a[3]}
    right = {"exit": str(b[0]).encode(), "stdout": b[1].encode(), "stderr": b[2].encode(), **b[3]}
    assert sorted(left) == sorted(right), what
    for name in left:
        if left[name] != right[name]:
            lines = difflib.unified_diff(
                left[name].decode("utf-8", "replace").splitlines(),
                right[name].decode("utf-8", "replace").splitlines(),
                lineterm="",
                n=1,
            )
            pytest.fail(f"{what}: {name} differs:\n" + "\n".join(list(lines)[:20]))


def _assignment(case: str, k: int) -> dict[str, str]:
    """Run k: slot i gets WORDS[(k + i) % n], so the slots of one run never share a word."""
    return {old: WORDS[(k + i) % len(WORDS)] for i, old in enumerate(slots(case))}


@pytest.mark.parametrize("case", MATRIX_CASES)
def test_output_does_not_depend_on_the_password_words(case: str, tmp_path: Path) -> None:
    assert len(slots(case)) <= len(WORDS)
    original = _run(case, tmp_path, {s: s for s in slots(case)})
    passwords = {s.encode() for s in slots(case)}
    written = {rel for rel, data in original[4].items() if data in passwords}
    runs = []
    for k in range(len(WORDS)):
        words = _assignment(case, k)
        run = _run(case, tmp_path, words)
        assert run[0] in (0, 4), run[2]
        # the words really went through: the stores opened, the password files hold them
        assert {run[4][rel] for rel in written} <= {w.encode() for w in words.values()}
        assert len({run[4][rel] for rel in written}) == len(written)
        runs.append((words, run))
    first_words, first = runs[0]
    for words, run in runs[1:]:
        _same(first, run, f"{case} with {first_words} vs {words}")


@pytest.mark.parametrize("case", MATRIX_CASES)
def test_default_password_words_differ_only_by_the_default_password_warning(
    case: str, tmp_path: Path
) -> None:
    base_words = _assignment(case, 0)
    ordinary = _run(case, tmp_path, base_words)
    for slot in slots(case):
        runs = [(d, _run(case, tmp_path, {**base_words, slot: d})) for d in DEFAULTS]
        (d0, first), *rest = runs
        for d, run in rest:
            _same(first, run, f"{case}: {slot} as {d0!r} vs {d!r}")
        report = json.loads(first[1])
        extra = [
            f
            for f in report["findings"]
            if f["rule"] == "tls.default-password" and f not in json.loads(ordinary[1])["findings"]
        ]
        # one more warning when the slot is a password IG uses (not one Tomcat ignored): its
        # secret file holds it (--secrets files), or env.sh exports it in base64 (--secrets env)
        word = base_words[slot].encode()
        used = word in ordinary[4].values() or any(
            b"'" + base64.b64encode(word) + b"'" in v for v in ordinary[4].values()
        )
        assert len(extra) == used, slot
        rest_of_it = [f for f in report["findings"] if f not in extra]
        assert rest_of_it == json.loads(ordinary[1])["findings"], slot


@pytest.mark.parametrize("case", MATRIX_CASES)
def test_the_real_cli_agrees_with_the_in_process_runs(case: str, tmp_path: Path) -> None:
    words = _assignment(case, 3)
    in_process = _run(case, tmp_path, words)
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.rmtree(out)
    args = _prepare(case, src, words)
    cmd = [sys.executable, "-m", "igmigrate", "convert", str(src), str(out), *args]
    proc = subprocess.run(
        [*cmd, "--no-color", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=SAMPLES.parent,
        check=False,
    )
    public, private = _outputs(out)
    _same(in_process, (proc.returncode, proc.stdout, proc.stderr, public, private), case)
