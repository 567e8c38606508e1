"""Specifications for the plan: manifest, final state, dry-run diff and change detection."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from igmigrate.diff import diff
from igmigrate.errors import UserError
from igmigrate.plan import (
    INPUT_DIGESTS,
    MANIFEST,
    OutFile,
    Plan,
    build_manifest,
    final_state,
    has_changes,
    with_manifest,
)
from igmigrate.writer import write

SECRET = "s3cr3t-Pa55word"


def make_plan(admin: str = '{"connectors": [8080]}\n') -> Plan:
    base: Plan = {
        "config/admin.json": OutFile(admin.encode()),
        "bin/env.sh": OutFile(b"#!/bin/sh\nIG_OPTS='-Xmx1g'\n", mode=0o755),
        "secrets/keystore.pass": OutFile(SECRET.encode(), secret=True),
    }
    return with_manifest(base, tool_version="0.1.0", target="7.2", inputs={"conf/server.xml": b"x"})


def test_manifest_is_deterministic_sorted_json_without_timestamps_or_host_paths(
    tmp_path: Path,
) -> None:
    plan = {"b.txt": OutFile(b"b"), "a.txt": OutFile(b"a", mode=0o600)}
    one = build_manifest(plan, tool_version="1", target="7.2", inputs={"conf/server.xml": b"<S/>"})
    two = build_manifest(
        dict(reversed(plan.items())),
        tool_version="1",
        target="7.2",
        inputs={"conf/server.xml": b"<S/>"},
    )
    assert one == two
    assert one.endswith(b"}\n")
    data = json.loads(one)
    assert list(data) == sorted(data)
    assert data["outputs"]["a.txt"] == {
        "mode": "0600",
        "sha256": "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb",
        "size": 1,
    }
    assert data["format_version"] == 3
    assert data["inputs"] == ["conf/server.xml"]
    assert hashlib.sha256(b"<S/>").hexdigest() not in one.decode()
    assert str(tmp_path) not in one.decode()
    assert "time" not in one.decode()


def test_manifest_stores_no_digest_of_any_secret() -> None:
    plan = make_plan()
    manifest = plan[MANIFEST].content.decode()
    digest = hashlib.sha256(SECRET.encode()).hexdigest()
    assert digest not in manifest
    assert json.loads(manifest)["outputs"]["secrets/keystore.pass"] == {
        "mode": "0600",
        "secret": True,
    }
    assert all(digest not in f.content.decode() for f in plan.values() if not f.secret)
    assert sorted(plan) == sorted(
        ["bin/env.sh", "config/admin.json", INPUT_DIGESTS, MANIFEST, "secrets/keystore.pass"]
    )


def test_plan_paths_must_stay_inside_out(tmp_path: Path) -> None:
    for bad in ("../x", "/etc/passwd", "a//b", "a/./b", ""):
        with pytest.raises(ValueError):
            final_state({bad: OutFile(b"x")}, tmp_path / "out")


def test_diff_of_new_out_shows_every_file_against_dev_null(tmp_path: Path) -> None:
    plan = make_plan()
    text = diff(plan, tmp_path / "out")
    for rel in plan:
        assert f"diff --git a/{rel} b/{rel}\n" in text
        assert f"--- /dev/null\n+++ b/{rel}\n" in text
    assert "new file mode 100755" in text
    assert "+#!/bin/sh\n" in text
    assert "\x1b[" not in text


def test_dry_run_redacts_secret_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    plan = make_plan()
    assert "+<redacted>\n" in diff(plan, out)
    write(plan, out)
    changed = dict(plan)
    changed["secrets/keystore.pass"] = OutFile(b"other-" + SECRET.encode(), secret=True)
    (out / "secrets" / "user-added").write_text(SECRET)
    for text in (diff(plan, tmp_path / "new"), diff(changed, out), diff({}, out)):
        assert SECRET not in text
    assert "Secret files a/secrets/keystore.pass and b/secrets/keystore.pass differ" in diff(
        changed, out
    )


def test_no_change_diff_is_empty_and_has_changes_false(tmp_path: Path) -> None:
    out = tmp_path / "out"
    plan = make_plan()
    assert has_changes(plan, out)
    write(plan, out)
    assert diff(plan, out) == ""
    assert not has_changes(plan, out)


def test_diff_shows_modified_and_removed_files_with_a_b_prefixes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(make_plan(), out)
    new = make_plan('{"connectors": [9090]}\n')
    del new["bin/env.sh"]
    new = with_manifest(
        {k: v for k, v in new.items() if not k.startswith(".igmigrate/")},
        tool_version="0.1.0",
        target="7.2",
        inputs={},
    )
    text = diff(new, out)
    assert "--- a/config/admin.json\n+++ b/config/admin.json\n" in text
    assert '-{"connectors": [8080]}\n+{"connectors": [9090]}\n' in text
    assert "deleted file mode 100755\n--- a/bin/env.sh\n+++ /dev/null\n" in text
    assert has_changes(new, out)


def test_mode_change_alone_is_a_change(tmp_path: Path) -> None:
    out = tmp_path / "out"
    plan = make_plan()
    write(plan, out)
    os.chmod(out / "bin/env.sh", 0o644)
    assert has_changes(plan, out)
    assert "old mode 100644\nnew mode 100755\n" in diff(plan, out)


def test_binary_files_are_not_diffed_line_by_line(tmp_path: Path) -> None:
    plan = {"extra/driver.jar": OutFile(b"PK\x03\x04\x00\xff")}
    assert "Binary files /dev/null and b/extra/driver.jar differ\n" in diff(plan, tmp_path)


def test_missing_final_newline_is_marked(tmp_path: Path) -> None:
    assert "+x\n\\ No newline at end of file\n" in diff({"f": OutFile(b"x")}, tmp_path)


def test_files_igmigrate_did_not_write_are_kept_and_not_shown(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(make_plan(), out)
    (out / "notes.txt").write_text("mine")
    state = final_state(make_plan(), out)
    assert state.kept == ("notes.txt",)
    assert state.removed == ()
    assert diff(make_plan(), out) == ""


def test_user_file_in_the_way_of_a_planned_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "config").mkdir(parents=True)
    (out / "config" / "admin.json").mkdir()
    (out / "config" / "admin.json" / "x").write_text("mine")
    with pytest.raises(UserError, match="in the way"):
        final_state(make_plan(), out)


def test_color_diff_uses_ansi_and_plain_diff_does_not(tmp_path: Path) -> None:
    colored = diff(make_plan(), tmp_path / "out", color=True)
    assert "\x1b[32m+#!/bin/sh\x1b[0m\n" in colored


def test_input_digests_are_kept_0600_and_out_of_the_manifest() -> None:
    props = b"ks.pass=summer2024\n"
    plan = with_manifest(
        {"config/admin.json": OutFile(b"{}\n")},
        tool_version="0.1.0",
        target="7.2",
        inputs={"conf/server.xml": "ab12", "conf/catalina.properties": props},
    )
    digest = hashlib.sha256(props).hexdigest()
    manifest = json.loads(plan[MANIFEST].content)
    assert manifest["inputs"] == ["conf/catalina.properties", "conf/server.xml"]
    assert digest not in plan[MANIFEST].content.decode()
    digests = plan[INPUT_DIGESTS]
    assert digests.secret and digests.effective_mode == 0o600
    assert (
        digests.content == f"{digest}  conf/catalina.properties\nab12  conf/server.xml\n".encode()
    )
    assert manifest["outputs"][INPUT_DIGESTS] == {"mode": "0600", "secret": True}
    assert all(digest not in f.content.decode() for r, f in plan.items() if r != INPUT_DIGESTS)
