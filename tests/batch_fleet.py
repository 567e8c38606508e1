"""A fleet for the batch tests: a manifest over the samples, and `igmigrate batch` run as a user
runs it (with the workers' test hook, IGMIGRATE_TEST_FAULTS, when a test asks for faults)."""

from __future__ import annotations

import csv
import os
import shlex
import subprocess
import sys
from pathlib import Path

from tests.golden import ROOT, SAMPLES, SOURCE_DATE_EPOCH, cases, extra_args

COLUMNS = (
    "name",
    "tomcat",
    "ig_instance",
    "ig_dist",
    "out",
    "target_version",
    "secrets",
    "properties",
)


def row(case: str, name: str, out: str) -> dict[str, str]:
    """The manifest row converting samples/<case> as its golden run does (samples/<case>/args)."""
    r = {"name": name, "tomcat": str(SAMPLES / case / "input"), "out": out}
    args = extra_args(case)
    props = []
    for opt, value in zip(args[::2], args[1::2], strict=True):
        if opt == "--target-version":
            r["target_version"] = value
        elif opt == "--ig-instance":
            r["ig_instance"] = str(ROOT / value)
        elif opt == "--ig-dist":
            r["ig_dist"] = str(ROOT / value)
        elif opt == "--secrets":
            r["secrets"] = value
        elif opt == "--property":
            props.append(value)
        else:
            raise AssertionError(f"{case}: no manifest column for {opt}")
    if props:
        r["properties"] = shlex.join(props)
    return r


def fleet(n: int) -> list[tuple[str, str]]:
    """n (name, case) pairs cycling over the samples: s000-tomcat9-basic, …"""
    all_cases = cases()
    return [
        (f"s{i:03d}-{all_cases[i % len(all_cases)]}", all_cases[i % len(all_cases)])
        for i in range(n)
    ]


def write_manifest(path: Path, servers: list[tuple[str, str]]) -> None:
    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        for name, case in servers:
            w.writerow(row(case, name, f"out/{name}"))


def batch(
    *args: str | Path, cwd: Path, faults: str = "", timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IGMIGRATE_")}
    env.update(SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PYTHONPATH=str(ROOT))
    if faults:
        env["IGMIGRATE_TEST_FAULTS"] = faults
    return subprocess.run(
        [sys.executable, "-m", "igmigrate", "batch", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
