"""Manifests (CSV with a header, JSON lines) and SRC paths become the servers of a batch;
a wrong row is an error naming manifest:line."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from igmigrate.batch.manifest import from_paths, read_manifest
from igmigrate.errors import UserError
from tests.batch_fleet import batch
from tests.golden import ROOT, SAMPLES

BASIC = SAMPLES / "tomcat9-basic" / "input"


def test_csv_rows_with_per_server_options_relative_to_the_manifest(tmp_path: Path) -> None:
    m = tmp_path / "fleet" / "servers.csv"
    m.parent.mkdir()
    m.write_text(
        "name,tomcat,out,target_version,secrets,properties,ig_instance\n"
        "a,tomcats/a,outs/a,2024.3,env,alt.port=8181 'x=two words',\n"
        "\n"
        "b,/abs/b,/abs/out-b,,,,ig/b\n"
    )
    a, b = read_manifest(m, None)
    assert (a.name, a.source, a.out) == ("a", "tomcats/a", "outs/a")
    assert a.src_path == m.parent / "tomcats/a" and a.out_path == m.parent / "outs/a"
    assert (a.target_version, a.secrets) == ("2024.3", "env")
    assert a.properties == {"alt.port": "8181", "x": "two words"}
    assert a.ig_instance is None and b.ig_instance == m.parent / "ig/b"
    assert b.src_path == Path("/abs/b") and b.target_version is None
    assert (a.index, b.index) == (0, 1)


def test_json_lines_and_out_root_when_out_is_not_given(tmp_path: Path) -> None:
    m = tmp_path / "servers.jsonl"
    m.write_text(
        '{"name": "a", "tomcat": "/t/a", "properties": {"k": "v"}}\n'
        "# a comment\n"
        '{"name": "b", "tomcat": "/t/b", "out": "o/b"}\n'
    )
    a, b = read_manifest(m, tmp_path / "root")
    assert a.out_path == tmp_path / "root" / "a" and a.properties == {"k": "v"}
    assert b.out_path == tmp_path / "o/b"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,tomcat,out,colour\na,/t,/o,red\n", ":2: unknown column 'colour'"),
        ("name,tomcat\na,/t\n", ":2: column 'out' is missing (or give --out-root)"),
        ("name,out\na,/o\n", ":2: column 'tomcat' is missing"),
        ("name,tomcat,out\na,/t,/o\na,/t2,/o2\n", ":3: name 'a' repeats"),
        ("name,tomcat,out\na b,/t,/o\n", ":2: name 'a b' may hold only"),
        ("name,tomcat,out,target_version\na,/t,/o,6.5\n", ":2: target_version must be one of"),
        ("name,tomcat,out,secrets\na,/t,/o,vault\n", ":2: secrets must be files or env"),
        ("name,tomcat,out\na,/t,/o,extra\n", ":2: more fields than the header"),
        ('{"name": "a", "tomcat": "/t", "out": "/o"}\n[1]\n', ":2: not a JSON object"),
        ('{"name": "a", "tomcat": 3, "out": "/o"}\n', ":1: column 'tomcat' must be"),
        ("name,tomcat,out\n", "the manifest lists no server"),
    ],
)
def test_a_wrong_manifest_is_an_error_naming_its_line(
    tmp_path: Path, text: str, message: str
) -> None:
    m = tmp_path / "m.csv"
    m.write_text(text)
    with pytest.raises(UserError) as e:
        read_manifest(m, None)
    assert str(e.value).startswith(str(m)) and message in str(e.value)


def test_two_servers_writing_one_out_are_refused(tmp_path: Path) -> None:
    m = tmp_path / "m.csv"
    m.write_text("name,tomcat,out\na,/t,o\nb,/t2,./o\n")
    with pytest.raises(UserError, match=r"m\.csv:3: out './o' is also the out of a \(.*:2\)"):
        read_manifest(m, None)


def test_src_paths_are_named_by_their_basename_made_unique_in_order(tmp_path: Path) -> None:
    servers = from_paths([Path("/x/input"), Path("/y/input"), Path("/z/web 1"), Path("/x/input")],
                         tmp_path)  # fmt: skip
    assert [s.name for s in servers] == ["input", "input-2", "web_1", "input-3"]
    assert [s.out_path for s in servers] == [tmp_path / s.name for s in servers]


def test_the_cli_reports_a_wrong_manifest_with_exit_1_and_usage_with_2(tmp_path: Path) -> None:
    (tmp_path / "m.csv").write_text("name,tomcat,out,colour\na,/t,/o,red\n")
    p = batch("--manifest", "m.csv", cwd=tmp_path)
    assert p.returncode == 1 and "m.csv:2: unknown column 'colour'" in p.stderr
    assert not (tmp_path / "batch-report.json").exists()
    assert batch(BASIC, cwd=tmp_path).returncode == 2  # SRC paths need --out-root
    assert batch("--manifest", "m.csv", BASIC, cwd=tmp_path).returncode == 2


def test_dry_run_writes_no_out_and_exits_3_then_0_once_converted(tmp_path: Path) -> None:
    first = batch("--out-root", "outs", "--dry-run", BASIC, cwd=tmp_path)
    assert first.returncode == 3, first.stderr
    assert not (tmp_path / "outs").exists() and first.stdout == ""
    assert "input: converted-with-findings (exit 3)" in first.stderr
    assert batch("--out-root", "outs", BASIC, cwd=tmp_path).returncode == 0
    again = batch("--out-root", "outs", "--dry-run", BASIC, cwd=tmp_path)
    assert again.returncode == 0 and "input: unchanged (exit 0)" in again.stderr


def test_a_terminal_gets_a_progress_bar_instead_of_plain_lines(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("IGMIGRATE_")}
    p = subprocess.run(
        [sys.executable, "-m", "igmigrate", "batch", "--out-root", "outs", str(BASIC)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower,
        cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT), "TERM": "xterm"},
        check=False, timeout=120,
    )  # fmt: skip
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    text = shown.decode(errors="replace")
    assert p.returncode == 0
    assert "1/1" in text and "igmigrate: batch: [" not in text
    assert "1 server(s); exit code 0" in text
