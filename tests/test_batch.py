"""`igmigrate batch` over a 100-server fleet with a crash, a hang, an exit and a kill mid-write:
the others convert exactly as `convert` does, the report is complete, --only-failed re-runs
only the failures."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.batch_fleet import batch, fleet, write_manifest
from tests.golden import SAMPLES, tree

N = 100
# one server of each of these samples fails on purpose (named from the fleet, so a new sample
# does not move the faults)
_FAULT_CASES = {
    "tomcat9-access-log": ("crash", "crashed (SIGSEGV)"),
    "tomcat9-root-war": ("hang", "timed out after 20 s"),
    "tomcat85-sni": ("exit", "exited with code 70"),
    "tomcat7-legacy": ("hang-write", "timed out after 20 s"),
}
FAULTS = {
    next(name for name, c in fleet(N) if c == case): fault for case, fault in _FAULT_CASES.items()
}
CRASHED = next(name for name, (fault, _) in FAULTS.items() if fault == "crash")
MID_WRITE = next(name for name, (fault, _) in FAULTS.items() if fault == "hang-write")
NOTABLE = ("partial", "manual", "unsupported", "error")


def golden_report(case: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (SAMPLES / case / "expected" / "migration-report.json").read_text()
    )
    return data


class Fleet:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.servers = fleet(N)
        self.case = dict(self.servers)
        write_manifest(root / "servers.csv", self.servers)
        # the server killed mid-write already has an OUT: another sample's igmigrate output
        self.mid_write = root / "out" / MID_WRITE
        shutil.copytree(SAMPLES / "tomcat9-basic" / "expected", self.mid_write)
        self.before_mid_write = tree(self.mid_write)
        faults = ",".join(f"{name}={fault}" for name, (fault, _) in FAULTS.items())
        self.first = batch(
            "--manifest", "servers.csv", "--jobs", "2", "--timeout", "20",
            cwd=root, faults=faults, timeout=600,
        )  # fmt: skip
        self.report = json.loads((root / "batch-report.json").read_text())
        self.first_bytes = (root / "batch-report.json").read_bytes()


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Fleet:
    return Fleet(tmp_path_factory.mktemp("fleet"))


def test_one_entry_per_server_in_manifest_order_and_exit_1(run: Fleet) -> None:
    assert run.first.returncode == 1, run.first.stderr[-2000:]
    assert [s["name"] for s in run.report["servers"]] == [n for n, _ in run.servers]
    assert run.report["format_version"] == 1
    for s in run.report["servers"]:
        assert set(s) >= {"name", "source", "out", "status", "exit_code", "counts", "error"}
        assert s["out"] == f"out/{s['name']}"  # as the manifest gave it


def test_the_crash_the_hang_the_exit_and_the_kill_mid_write_fail_alone(run: Fleet) -> None:
    failed = {s["name"]: s for s in run.report["servers"] if s["status"] == "failed"}
    assert sorted(failed) == sorted(FAULTS)
    for name, (_, reason) in FAULTS.items():
        assert reason in failed[name]["error"], failed[name]
        assert failed[name]["exit_code"] == 1


def test_every_other_server_converts_exactly_as_convert_does(run: Fleet) -> None:
    for s in run.report["servers"]:
        if s["name"] in FAULTS:
            continue
        case = run.case[s["name"]]
        want = golden_report(case)
        assert s["status"] in ("converted", "converted-with-findings"), s
        assert s["exit_code"] == int((SAMPLES / case / "expected.exit").read_text())
        assert s["counts"] == want["summary"]["counts"], s["name"]
        attention = any(f["status"] in ("manual", "unsupported") for f in want["findings"])
        assert (s["status"] == "converted-with-findings") == attention
    for name, case in run.servers[:30]:  # every sample at least once: the golden tree
        if name not in FAULTS:
            got, want_tree = tree(run.root / "out" / name), tree(SAMPLES / case / "expected")
            assert {k: v[0] for k, v in got.items()} == {k: v[0] for k, v in want_tree.items()}


def test_rules_count_the_servers_each_recurring_finding_appears_on(run: Fleet) -> None:
    want: Counter[str] = Counter()
    for name, case in run.servers:
        if name not in FAULTS:
            found = golden_report(case)["findings"]
            want.update({f["rule"] for f in found if f["status"] in NOTABLE})
    assert run.report["rules"] == dict(want)
    assert run.report["rules"]["connector.ajp"] > 1


def test_the_report_is_published_whole_and_the_page_beside_it(run: Fleet) -> None:
    leftovers = [p.name for p in run.root.iterdir() if p.name.startswith(".batch-report")]
    assert leftovers == []
    page = (run.root / "batch-report.html").read_text()
    assert len(re.findall(r'<tr id="server-', page)) == N
    assert 'href="out/s000-tomcat101-offset-include/MIGRATION.md"' in page


def test_a_worker_killed_mid_write_leaves_out_as_it_was(run: Fleet) -> None:
    assert tree(run.mid_write) == run.before_mid_write
    # the new tree had been rendered beside OUT when the worker was killed
    assert list((run.root / "out").glob(f".{MID_WRITE}.igmigrate-tmp-*"))


def test_progress_is_one_plain_line_per_server_and_a_summary(run: Fleet) -> None:
    lines = [ln for ln in run.first.stderr.splitlines() if ln.startswith("igmigrate: batch: [")]
    assert len(lines) == N
    assert any(
        ln.endswith(
            f"{CRASHED}: failed (exit 1): the worker converting it"
            " crashed (SIGSEGV); other servers were not affected"
        )
        for ln in lines
    )
    assert "failed                   4" in run.first.stderr
    assert "100 server(s); exit code 1 (the worst item)" in run.first.stderr


def test_only_failed_reruns_only_the_failures(run: Fleet) -> None:
    again = batch(
        "--manifest", "servers.csv", "--jobs", "2", "--only-failed", "batch-report.json",
        cwd=run.root, timeout=300,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr[-2000:]
    ran = re.findall(r"^igmigrate: batch: \[\d+/4\] (\S+):", again.stderr, re.M)
    assert sorted(ran) == sorted(FAULTS)
    report = json.loads((run.root / "batch-report.json").read_text())
    before = {s["name"]: s for s in json.loads(run.first_bytes)["servers"]}
    assert [s["name"] for s in report["servers"]] == [n for n, _ in run.servers]
    for s in report["servers"]:
        if s["name"] in FAULTS:
            assert s["status"] == "converted-with-findings" and s["error"] is None
        else:
            assert s == before[s["name"]]  # carried over as it was
    got = tree(run.mid_write)
    want = tree(SAMPLES / "tomcat7-legacy" / "expected")
    assert {k: v[0] for k, v in got.items()} == {k: v[0] for k, v in want.items()}
