"""`make bench`: a synthetic fleet converted in and out of process, against the floor (issue 10).

Not a test: it prints figures against their targets. BENCH_N (comma list, default 100,1000,5000)
sets the fleet sizes; BENCH_COLD (default 5) the runs whose minimum is a cold figure.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)  # the goldens' clock: expiry checks reproducible
# Path options of a sample's args: copied into the fleet beside each server.
PATH_OPTS = ("--ig-instance", "--ig-dist")
IMPORT_FLOOR = "import lxml.etree, jinja2, typer"


# ---- the fleet -------------------------------------------------------------------------------


def shapes() -> list[str]:
    return sorted(p.parent.name for p in SAMPLES.glob("*/input") if p.is_dir())


def _copy_tree(src: Path, dst: Path) -> None:
    """Hard links (fast, no space) where the file system allows, copies otherwise."""

    def link(s: str, d: str) -> None:
        try:
            os.link(s, d)
        except OSError:
            shutil.copy2(s, d)

    shutil.copytree(src, dst, symlinks=True, copy_function=link)


def make_server(fleet: Path, i: int, shape: str) -> dict[str, Any]:
    """Server i: a copy of samples/<shape>'s input (and the trees its args name), its
    server.xml varied (a comment naming it: same settings, different bytes)."""
    home = fleet / f"s{i:05d}"
    _copy_tree(SAMPLES / shape / "input", home / "tomcat")
    xml = home / "tomcat" / "conf" / "server.xml"
    if xml.is_file():
        data = xml.read_bytes()
        xml.unlink()  # a hard link: never write through it into samples/
        at = data.find(b"?>") + 2 if data.startswith(b"<?xml") else 0
        xml.write_bytes(data[:at] + f"<!-- fleet server {i} -->".encode() + data[at:])
    args = (
        shlex.split((SAMPLES / shape / "args").read_text())
        if (SAMPLES / shape / "args").is_file()
        else []
    )
    out: list[str] = []
    it = iter(args)
    for a in it:
        if a in PATH_OPTS:
            rel = Path(next(it))
            dst = home / rel.name
            if not dst.exists():
                _copy_tree(ROOT / rel, dst)
            out += [a, str(dst)]
        else:
            out.append(a)
    return {"name": f"s{i:05d}", "shape": shape, "tomcat": str(home / "tomcat"), "args": out}


def make_fleet(fleet: Path, n: int) -> list[dict[str, Any]]:
    kinds = shapes()
    servers = [make_server(fleet, i, kinds[i % len(kinds)]) for i in range(n)]
    (fleet / "fleet.json").write_text(json.dumps(servers))
    return servers


def config_of(server: dict[str, Any]) -> Any:
    """The Config `igmigrate convert TOMCAT OUT ARGS` builds (the options the samples use)."""
    from igmigrate.config import Config

    kw: dict[str, Any] = {"properties": {}}
    it = iter(server["args"])
    for a in it:
        v = next(it)
        if a == "--ig-instance":
            kw["ig_instance"] = Path(v)
        elif a == "--ig-dist":
            kw["ig_dist"] = Path(v)
        elif a == "--target-version":
            kw["target_version"] = v
        elif a == "--secrets":
            kw["secrets_mode"] = v
        elif a == "--property":
            k, _, val = v.partition("=")
            kw["properties"][k] = val
        else:
            raise SystemExit(f"bench: option {a} of {server['shape']}/args is not handled")
    return Config(src=Path(server["tomcat"]), now=NOW, **kw)


# ---- workers (each in a fresh process: its peak RSS is its own) ----------------------------


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _figures(n: int, t0: float, c0: float, shapes: dict[str, float]) -> dict[str, Any]:
    """ms per server, CPU (the figure compared: the machine may be shared) and wall; the
    CPU ms of each shape's servers in all (`shapes`)."""
    return {
        "ms": 1000 * (time.process_time() - c0) / n,
        "wall": 1000 * (time.perf_counter() - t0) / n,
        "rss": _maxrss_mb(),
        "shapes": {k: 1000 * v for k, v in shapes.items()},
    }


def _timed_each(servers: list[dict[str, Any]], fn: Any) -> dict[str, Any]:
    per: dict[str, float] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    for s in servers:
        c = time.process_time()
        fn(s)
        per[s["shape"]] = per.get(s["shape"], 0.0) + time.process_time() - c
    return _figures(len(servers), t0, c0, per)


def worker_convert(servers: list[dict[str, Any]]) -> dict[str, Any]:
    """In-process convert() per server, after one warm-up per shape (imports, templates)."""
    from igmigrate.convert import convert

    seen: set[str] = set()
    for s in servers:
        if s["shape"] not in seen:
            seen.add(s["shape"])
            convert(config_of(s))
    return _timed_each(servers, lambda s: convert(config_of(s)))


def store_uses(servers: list[dict[str, Any]]) -> dict[str, list[tuple[Any, ...]]]:
    """Per shape, each keystore / PEM file convert opens, with its passwords: recorded by
    watching the one Opener during one convert of that shape (paths relative to the server)."""
    from igmigrate.convert import convert
    from igmigrate.tomcat import opener

    uses: dict[str, list[tuple[Any, ...]]] = {}
    calls: list[tuple[Any, ...]] = []
    orig_store, orig_key, orig_certs = (
        opener.Opener.store,
        opener.Opener.public_key,
        opener.Opener.certificates,
    )

    def store(self: Any, path: Path, password: Any, **kw: Any) -> Any:
        kp = kw.get("key_password")
        calls.append(
            (
                "store",
                path,
                kw.get("declared_type"),
                password.reveal(),
                kp.reveal() if kp is not None else None,
            )
        )
        return orig_store(self, path, password, **kw)

    def key(self: Any, path: Path, password: Any) -> Any:
        calls.append(("key", path, password.reveal() if password is not None else None))
        return orig_key(self, path, password)

    def certs(self: Any, path: Path) -> Any:
        calls.append(("certs", path))
        return orig_certs(self, path)

    opener.Opener.store, opener.Opener.public_key, opener.Opener.certificates = store, key, certs  # type: ignore[method-assign]
    try:
        for s in servers:
            if s["shape"] in uses:
                continue
            calls.clear()
            convert(config_of(s))
            base = Path(s["tomcat"])
            once = {(c[0], Path(c[1]).relative_to(base), *c[2:]) for c in calls}
            uses[s["shape"]] = sorted(once, key=repr)
    finally:
        opener.Opener.store, opener.Opener.public_key, opener.Opener.certificates = (  # type: ignore[method-assign]
            orig_store,
            orig_key,
            orig_certs,
        )
    return uses


def worker_floor(servers: list[dict[str, Any]]) -> dict[str, Any]:
    """The floor: lxml parsing every XML file of each server, and each store it opens
    opened once with its password (pyjks / cryptography directly)."""
    import jks
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from lxml import etree

    uses = store_uses(servers)

    def open_store(data: bytes, kind: str | None, pw: str, kp: str | None) -> None:
        if data[:4] in (b"\xfe\xed\xfe\xed", b"\xce\xce\xce\xce"):
            ks = jks.KeyStore.loads(data, pw, try_decrypt_keys=False)
            for e in ks.private_keys.values():
                if kp is not None:  # as convert: a key decrypted only with its own password
                    e.decrypt(kp)
        elif data.lstrip()[:10] == b"-----BEGIN":
            x509.load_pem_x509_certificates(data)
        else:
            pkcs12.load_key_and_certificates(data, pw.encode())

    def one(s: dict[str, Any]) -> None:
        base = Path(s["tomcat"])
        for p in base.rglob("*.xml"):
            # an entity fragment (connectors.xml) fails past its first element: parsed as far
            with contextlib.suppress(etree.XMLSyntaxError):
                etree.parse(str(p))
        for u in uses[s["shape"]]:
            data = (base / u[1]).read_bytes()
            try:
                if u[0] == "store":
                    open_store(data, u[2], u[3], u[4])
                elif u[0] == "key":
                    serialization.load_pem_private_key(data, u[2].encode() if u[2] else None)
                else:
                    x509.load_pem_x509_certificates(data)
            except Exception:  # a store a sample means to be wrong: the attempt is the cost
                pass

    for s in servers[: len(uses)]:
        one(s)
    got = _timed_each(servers, one)
    got["no_stores"] = sorted(k for k, v in uses.items() if not v)
    return got


def run_worker(kind: str, fleet: Path, n: int) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "tests.bench.fleet", "--worker", kind, str(fleet), str(n)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"bench worker {kind} failed:\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.splitlines()[-1])
    return result


# ---- subprocess figures ----------------------------------------------------------------------


def timed(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak RSS MB, exit) of one command, through a wrapper process whose
    children are only that command."""
    wrapper = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter()\n"
        "null = subprocess.DEVNULL\n"
        "rc = subprocess.run(sys.argv[1:], stdout=null, stderr=null).returncode\n"
        "w = time.perf_counter() - t\n"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps([w, u.ru_utime + u.ru_stime, u.ru_maxrss / 1024, rc]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", wrapper, *cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    w, c, r, rc = json.loads(proc.stdout)
    return float(w), float(c), float(r), int(rc)


def run_env(pycache: Path) -> dict[str, str]:
    """The environment of an installed igmigrate: bytecode cached (in a temp dir, not the
    worktree), as pip's install leaves it; the run's clock fixed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IGMIGRATE_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env["SOURCE_DATE_EPOCH"] = str(int(NOW.timestamp()))
    return env


def igmigrate_cmd() -> list[str]:
    return [str(Path(sys.executable).with_name("igmigrate"))]


def has_batch(env: dict[str, str]) -> bool:
    proc = subprocess.run(
        [*igmigrate_cmd(), "batch", "--help"], env=env, capture_output=True, check=False
    )
    return proc.returncode == 0


def write_manifest(path: Path, servers: list[dict[str, Any]], out_root: Path) -> None:
    """The batch manifest (CSV: name, tomcat, ig_instance, out)."""
    import csv

    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "tomcat", "ig_instance", "out"])
        for s in servers:
            ig = ""
            if "--ig-instance" in s["args"]:
                ig = s["args"][s["args"].index("--ig-instance") + 1]
            w.writerow([s["name"], s["tomcat"], ig, str(out_root / s["name"])])


# ---- report ----------------------------------------------------------------------------------


def verdict(value: float, limit: float) -> str:
    return "ok" if value <= limit else "MISSES"


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()
    return (
        f"nproc {os.cpu_count()}, {cpu}, Python {sys.version.split()[0]}, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )


def main() -> None:
    sizes = [int(x) for x in os.environ.get("BENCH_N", "100,1000,5000").split(",") if x.strip()]
    cold_runs = int(os.environ.get("BENCH_COLD", "5"))
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="igmigrate-bench-") as tmp:
        work = Path(tmp)
        fleet = work / "fleet"
        fleet.mkdir()
        t0 = time.perf_counter()
        servers = make_fleet(fleet, max(sizes))
        print(
            f"fleet: {len(servers)} servers over {len(shapes())} sample shapes "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        env = run_env(work / "pycache")
        batch = has_batch(env)

        # cold single convert vs. the import floor (minimum of the runs: the least disturbed)
        one = servers[0]
        subprocess.run([*igmigrate_cmd(), "--help"], env=env, capture_output=True, check=False)
        floor_runs = [timed([sys.executable, "-c", IMPORT_FLOOR], env) for _ in range(cold_runs)]
        cold_runs_ = []
        for k in range(cold_runs):
            out = work / f"cold{k}"
            cold_runs_.append(
                timed(
                    [*igmigrate_cmd(), "convert", one["tomcat"], str(out), *one["args"], "--quiet"],
                    env,
                )
            )
        fw, fc = min(r[0] for r in floor_runs), min(r[1] for r in floor_runs)
        cw, cc = min(r[0] for r in cold_runs_), min(r[1] for r in cold_runs_)
        print(
            f"\ncold convert ({one['shape']}), min of {cold_runs}: "
            f"wall {cw * 1000:.0f} ms, CPU {cc * 1000:.0f} ms, peak RSS {cold_runs_[0][2]:.0f} MB"
        )
        print(f"import floor ({IMPORT_FLOOR}): wall {fw * 1000:.0f} ms, CPU {fc * 1000:.0f} ms")
        print(
            f"  cold / import floor: wall {cw / fw:.2f}x, CPU {cc / fc:.2f}x  "
            f"(target <= 1.5x: {verdict(cc / fc, 1.5)} by CPU)"
        )

        rows = []
        for n in sizes:
            sub = work / f"n{n}"
            sub.mkdir()
            (sub / "fleet.json").write_text(json.dumps(servers[:n]))
            conv = run_worker("convert", sub, n)
            floor = run_worker("floor", sub, n)
            row: dict[str, Any] = {"n": n, "convert": conv, "floor": floor}
            if batch:
                for jobs in (1, 2):
                    manifest = sub / f"servers-{jobs}.csv"
                    write_manifest(manifest, servers[:n], sub / f"out-{jobs}")
                    w, c, rss, rc = timed(
                        [
                            *igmigrate_cmd(),
                            "batch",
                            "--manifest",
                            str(manifest),
                            "--jobs",
                            str(jobs),
                            "--report",
                            str(sub / f"report-{jobs}.json"),
                        ],
                        env,
                    )
                    row[f"batch{jobs}"] = {
                        "ms": 1000 * c / n,
                        "wall": 1000 * w / n,
                        "rss": rss,
                        "exit": rc,
                    }
            rows.append(row)
            print(f"\nN = {n}")
            print(
                f"  in-process convert(): CPU {conv['ms']:.1f} ms/server (wall {conv['wall']:.1f}),"
                f" peak RSS {conv['rss']:.0f} MB"
            )
            print(
                f"  floor (lxml + stores): CPU {floor['ms']:.2f} ms/server"
                f" (wall {floor['wall']:.2f})"
            )
            ratio = conv["ms"] / floor["ms"]
            print(f"  convert / floor: {ratio:.1f}x  (target <= 20x: {verdict(ratio, 20)})")
            # the stores' key derivation is most of the floor where there are stores: the
            # servers without one show what parsing and mapping cost against parsing alone
            plain = floor["no_stores"]
            cs = sum(conv["shapes"].get(k, 0.0) for k in plain)
            fs = sum(floor["shapes"].get(k, 0.0) for k in plain)
            if fs > 0:
                print(
                    f"  of which servers without a store ({len(plain)} of {len(shapes())} shapes):"
                    f" convert / floor {cs / fs:.1f}x (target <= 20x: {verdict(cs / fs, 20)})"
                )
            if batch:
                for jobs in (1, 2):
                    b = row[f"batch{jobs}"]
                    # one job: CPU against CPU; two: the wall clock is what they buy
                    by = "ms" if jobs == 1 else "wall"
                    r = b[by] / conv[by]
                    print(
                        f"  batch --jobs {jobs}: CPU {b['ms']:.1f} ms/server"
                        f" (wall {b['wall']:.1f}),"
                        f" peak RSS {b['rss']:.0f} MB, exit {b['exit']};"
                        f" / in-process ({'CPU' if jobs == 1 else 'wall'}) {r:.2f}x"
                        f" (target <= 1.5x: {verdict(r, 1.5)})"
                    )
            else:
                print("  batch --jobs 1 / 2: n/a (no batch command)")

        if len(rows) > 1:
            first, last = rows[0], rows[-1]
            key = "batch1" if batch else "convert"
            growth = last[key]["rss"] / first[key]["rss"] - 1
            what = "batch --jobs 1" if batch else "in-process convert (no batch command)"
            print(
                f"\npeak RSS of {what}, N {first['n']} -> {last['n']}: "
                f"{first[key]['rss']:.0f} -> {last[key]['rss']:.0f} MB, {growth * 100:+.1f}% "
                f"(target within 10%: {verdict(abs(growth), 0.10)})"
            )
        print(f"\nmachine at the end: {machine()}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        kind, fleet_dir, _n = sys.argv[2], Path(sys.argv[3]), sys.argv[4]
        fleet_servers = json.loads((fleet_dir / "fleet.json").read_text())
        fn = worker_convert if kind == "convert" else worker_floor
        print(json.dumps(fn(fleet_servers)))
    else:
        main()
