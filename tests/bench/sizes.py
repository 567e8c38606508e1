"""Size bench: generates large inputs in a temporary directory and measures convert on each.

Run `make sizes` (or `python -m tests.bench.sizes [--scale 0.1] [--only NAME ...]`). Each shape is
converted twice, each in a fresh process: in-process (`convert(Config(...))` timed around the call
itself) and through the CLI (`python -m igmigrate convert SRC OUT`, wall time from spawn to exit).
Peak memory is the child's maximum resident set size (os.wait4); the inputs are generated in
another child, so that this process stays small (Linux carries a parent's peak into a child
across fork and exec). Nothing is written outside the
temporary directory; the inputs are never committed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from igmigrate.tomcat import setenv, xml
from tests.tomcat_tree import GATEWAY_WEB_XML, one_service, tomcat

MB = 1024 * 1024
TIMEOUT = 600  # seconds a single run may take before it counts as unbounded


def _server(root: Path, body: str, files: dict[str, str] | None = None) -> Path:
    return tomcat(root, one_service(body), files=files)


_CONNECTOR = (
    '<Connector port="{}" protocol="HTTP/1.1" connectionTimeout="20000" redirectPort="8443"/>'
)


def connectors_50mb(root: Path, scale: float) -> Path:
    line = _CONNECTOR
    n = int(50 * MB * scale) // (len(line) + 4)
    return _server(root, "\n    ".join(line.format(10000 + i % 50000) for i in range(n)))


def connectors_at_limit(root: Path, scale: float) -> Path:
    n = int((xml.MAX_ELEMENTS - 5) * scale)  # Server, Service, Engine, Host and the web.xml's
    return _server(root, "\n    ".join(_CONNECTOR.format(10000 + i % 50000) for i in range(n)))


def valves_50mb(root: Path, scale: float) -> Path:
    line = '<Valve className="org.apache.catalina.valves.RemoteAddrValve" allow="10\\.0\\.{}\\.1"/>'
    n = int(50 * MB * scale) // (len(line) + 8)
    valves = "\n        ".join(line.format(i) for i in range(n))
    xml = f"""<?xml version="1.0"?>
<Server port="8005" shutdown="SHUTDOWN">
  <Service name="Catalina">
    <Connector port="8080"/>
    <Engine name="Catalina" defaultHost="localhost">
      <Host name="localhost" appBase="webapps">
        {valves}
      </Host>
    </Engine>
  </Service>
</Server>
"""
    return tomcat(root, xml)


def contexts_50mb(root: Path, scale: float) -> Path:
    line = '<Context path="/app{0}" docBase="app{0}" reloadable="false"/>'
    n = int(50 * MB * scale) // (len(line) + 12)
    contexts = "\n        ".join(line.format(i) for i in range(n))
    xml = f"""<?xml version="1.0"?>
<Server port="8005" shutdown="SHUTDOWN">
  <Service name="Catalina">
    <Connector port="8080"/>
    <Engine name="Catalina" defaultHost="localhost">
      <Host name="localhost" appBase="webapps">
        {contexts}
      </Host>
    </Engine>
  </Service>
</Server>
"""
    return tomcat(root, xml)


def comment_50mb(root: Path, scale: float) -> Path:
    filler = ("a comment line of the kind people leave in server.xml " * 2 + "\n") * int(
        50 * MB * scale / 111
    )
    return _server(root, f'<!--\n{filler}-->\n    <Connector port="8080"/>')


def attribute_50mb(root: Path, scale: float) -> Path:
    value = "x" * int(50 * MB * scale)
    return _server(root, f'<Connector port="8080" server="{value}"/>')


def nested_xml(root: Path, scale: float) -> Path:
    depth = max(10, int(5000 * scale))
    inner = "<Foo>" * depth + "</Foo>" * depth
    return _server(root, f'<Connector port="8080">{inner}</Connector>')


def setenv_100k(root: Path, scale: float, lines: int = 100_000) -> Path:
    n = int(lines * scale)
    lines = ["#!/bin/sh"]
    for i in range(n):
        lines.append(
            f'CATALINA_OPTS="$CATALINA_OPTS -Dp{i}=v{i}"'
            if i % 10 == 0
            else f"export V{i}=value{i}"
        )
    return _server(
        root, '<Connector port="8080"/>', files={"bin/setenv.sh": "\n".join(lines) + "\n"}
    )


def web_xml_100k(root: Path, scale: float, elements: int = 100_000) -> Path:
    n = int(elements * scale) // 3  # three elements a context-param
    params = "\n".join(
        f"<context-param><param-name>p{i}</param-name><param-value>v{i}</param-value>"
        "</context-param>"
        for i in range(n)
    )
    web = GATEWAY_WEB_XML.replace("</web-app>", params + "\n</web-app>")
    return _server(root, '<Connector port="8080"/>', files={"webapps/ROOT/WEB-INF/web.xml": web})


def routes_10k(root: Path, scale: float) -> Path:
    src = _server(root / "tomcat", '<Connector port="8080"/>')
    inst = root / "ig-instance"
    routes = inst / "config" / "routes"
    routes.mkdir(parents=True)
    (inst / "config" / "admin.json").write_text('{"heap": []}\n')
    for i in range(int(10_000 * scale)):
        route = {
            "name": f"route-{i}",
            "condition": f"${{find(request.uri.path, '^/app{i}')}}",
            "handler": {
                "type": "ReverseProxyHandler",
                "config": {"connectionTimeout": "10 seconds"},
            },
        }
        (routes / f"{i:05d}-app.json").write_text(json.dumps(route, indent=2) + "\n")
    return src


SHAPES: dict[str, Callable[..., Path]] = {
    "server.xml 50 MB of Connectors": connectors_50mb,
    "server.xml 10,000 Connectors (the element limit)": connectors_at_limit,
    "server.xml 50 MB of Valves": valves_50mb,
    "server.xml 50 MB of Contexts": contexts_50mb,
    "server.xml 50 MB comment": comment_50mb,
    "server.xml 50 MB attribute": attribute_50mb,
    "server.xml nested 5000 deep": nested_xml,
    "setenv.sh 100,000 lines": setenv_100k,
    "setenv.sh 20,000 lines (the line limit)": partial(
        setenv_100k, lines=setenv.MAX_SETENV_LINES - 1
    ),
    "web.xml 100,000 elements": web_xml_100k,
    "web.xml 10,000 elements (the element limit)": partial(web_xml_100k, elements=9_995),
    "--ig-instance 10,000 routes": routes_10k,
}

_IN_PROCESS = """
import json, resource, sys, time
from pathlib import Path
from igmigrate.config import Config
from igmigrate.convert import convert
from igmigrate.errors import IgMigrateError
src, inst = Path(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
try:
    result = convert(Config(src=src, ig_instance=Path(inst) if inst else None))
    errors = [f for f in result.findings if f.status.value == "error"]
    first = errors[0] if errors else None
    outcome = f"error finding: {first.location}: {first.message[:160]}" if first else "converted"
except IgMigrateError as e:
    outcome = "refused: " + str(e)[:160]
print(json.dumps({"seconds": time.perf_counter() - start, "outcome": outcome}))
"""


def _run(argv: list[str]) -> tuple[float, int, int, str]:
    """Wall seconds, peak RSS in KiB, exit status and the output of one child process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
        deadline = start + TIMEOUT
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return seconds, usage.ru_maxrss, proc.returncode, text


def measure(name: str, make: Callable[[Path, float], Path], scale: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="igmigrate-sizes-") as tmp:
        root = Path(tmp) / "in"
        made = subprocess.run(
            [sys.executable, "-m", "tests.bench.sizes", "--make", name, str(root), str(scale)],
            check=True,
            capture_output=True,
            text=True,
        )
        src = Path(made.stdout.strip())
        inst = root / "ig-instance"
        inst_arg = str(inst) if inst.is_dir() else ""
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        _, rss, code, text = _run([sys.executable, "-c", _IN_PROCESS, str(src), inst_arg])
        try:
            inner = json.loads(text.strip().splitlines()[-1])
        except (ValueError, IndexError):
            inner = {"seconds": float("nan"), "outcome": f"exit {code}: {text[-300:]}"}
        cli = [sys.executable, "-m", "igmigrate", "convert", str(src), str(Path(tmp) / "out")]
        if inst_arg:
            cli += ["--ig-instance", inst_arg]
        cli_s, cli_rss, cli_code, cli_text = _run(cli)
        last = cli_text.strip().splitlines()[-1:] or [""]
        return {
            "shape": name,
            "input_mb": round(size / MB, 1),
            "in_process_s": round(float(inner["seconds"]), 2),
            "in_process_peak_mb": round(rss / 1024),
            "outcome": inner["outcome"],
            "cli_s": round(cli_s, 2),
            "cli_peak_mb": round(cli_rss / 1024),
            "cli_exit": cli_code,
            "cli_last_line": last[0][:160],
        }


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, load {load:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the stated sizes")
    parser.add_argument("--only", nargs="*", default=[], help="shapes whose name contains any")
    parser.add_argument(
        "--make", nargs=3, metavar=("SHAPE", "DIR", "SCALE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.make:
        name, root, scale = args.make
        print(SHAPES[name](Path(root), float(scale)))
        return
    print(machine(), flush=True)
    for name, make in SHAPES.items():
        if args.only and not any(word in name for word in args.only):
            continue
        print(json.dumps(measure(name, make, args.scale)), flush=True)


if __name__ == "__main__":
    main()
