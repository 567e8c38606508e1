"""Properties of convert over generated Tomcat inputs (tests/gen_tomcat.py), valid and broken:
no uncaught exception, exit 0 or 1, JSON that parses, env.sh that `sh -n` accepts, no secret
outside OUT/secrets/, a second run byte-identical, every generated attribute accounted."""

from __future__ import annotations

import base64
import json
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from hypothesis import event, given
from hypothesis import strategies as st

from igmigrate.config import Config
from igmigrate.convert import convert
from igmigrate.errors import EXIT_FAILED, EXIT_OK, IgMigrateError
from igmigrate.plan import has_changes, kept_secrets
from igmigrate.report import exit_code
from igmigrate.writer import write
from tests.gen_tomcat import Tree, tomcat_trees
from tests.test_kill import snapshot
from tests.tls_stores import Stores, needs_keytool, stores  # noqa: F401 (a fixture)

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
MERGED = ("config/admin.json", "config/config.json")  # the IG instance's, with ours merged in


def run(src: Path, out: Path, ig: Path | None, mode: Literal["files", "env"]) -> tuple[int, str]:
    """convert + write as the CLI does; (exit code, the error message or "")."""
    config = Config(src=src, ig_instance=ig, secrets_mode=mode, now=NOW)
    try:
        result = convert(config, keep=lambda files: kept_secrets(files, out, False))
    except IgMigrateError as e:
        return EXIT_FAILED, str(e)
    if result.findings.has_errors():
        return EXIT_FAILED, "\n".join(f"{f.message} {f.hint}" for f in result.findings)
    write(result.plan, out)
    assert not has_changes(result.plan, out)
    return exit_code(result.findings, "never"), ""


def leaks(text: bytes, secrets: set[str]) -> list[str]:
    """The secrets found in text, as they are or base64-encoded."""
    found = []
    for s in secrets:
        if s.encode() in text or base64.b64encode(s.encode()) in text:
            found.append(s)
    return found


def check_out(out: Path, tree: Tree, mode: str) -> None:
    for p in sorted(out.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(out).as_posix()
        data = p.read_bytes()
        copied = rel in (tree.ig_routes or {}) and rel not in MERGED
        if rel.endswith(".json") and not copied:  # the IG instance's own: copied as found
            json.loads(data)
        if rel == "bin/env.sh":
            sh = subprocess.run(["sh", "-n", str(p)], capture_output=True, text=True)
            assert sh.returncode == 0, sh.stderr
        if rel.startswith("secrets/") or (mode == "env" and rel == "bin/env.sh"):
            continue
        if copied:
            continue
        assert not leaks(data, tree.secrets), rel


def check_accounted(src: Path, ig: Path | None, tree: Tree, mode: Literal["files", "env"]) -> None:
    result = convert(Config(src=src, ig_instance=ig, secrets_mode=mode, now=NOW))
    findings = result.findings
    seen = {(k.file, k.path.rsplit("/", 1)[-1].split("[")[0], k.name) for k in findings.seen}
    missing = sorted(tree.attrs - seen)
    assert not missing, f"generated but never seen (dropped silently): {missing}"
    assert findings.unaccounted() == []


@needs_keytool
@given(tree=tomcat_trees(), mode=st.sampled_from(["files", "env"]))
def test_convert_properties(stores: Stores, tree: Tree, mode: Literal["files", "env"]) -> None:  # noqa: F811
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        src, ig = tree.write(root, stores)
        out = root / "out"
        code, error = run(src, out, ig, mode)
        assert code in (EXIT_OK, EXIT_FAILED, 4)
        event(f"exit {code}" + (" (broken input)" if tree.broken else ""))
        assert not leaks(error.encode(), tree.secrets), error
        if code == EXIT_FAILED:
            assert not out.exists()  # nothing written
            return
        check_out(out, tree, mode)
        again = root / "again"
        assert run(src, again, ig, mode)[0] == code
        assert snapshot(again) == snapshot(out)  # a second run is byte-identical
        check_accounted(src, ig, tree, mode)
