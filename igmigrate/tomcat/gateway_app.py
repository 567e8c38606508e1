"""Find the gateway web application (IG/OpenIG .war or directory) among a Tomcat's deployed apps."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from igmigrate.errors import InputError
from igmigrate.findings import Findings, SourceLocation, Status
from igmigrate.rules import applies
from igmigrate.tomcat.files import open_input, read_bytes, report_not_regular
from igmigrate.tomcat.model import Element, Engine, GatewayApp, Host, Server
from igmigrate.tomcat.paths import PathNames
from igmigrate.tomcat.war import BadWar, open_war, read_entry

_IG_JAR = re.compile(r"^openig-[a-z0-9-]*\d.*\.jar$|^openig-[a-z-]+\.jar$", re.IGNORECASE)
_IG_CLASS = b"org.forgerock.openig"


@dataclass(frozen=True)
class Candidate:
    """A deployed application Tomcat would start, before looking inside it."""

    engine: Engine
    host: Host
    name: str  # context name: ROOT, foo, foo#bar
    path: Path  # the directory or .war
    via: str  # how it is deployed
    location: SourceLocation | None
    context: Element | None = None  # the <Context> that deploys it (server.xml or descriptor)


def _evidence_dir(app: Path) -> str | None:
    lib = app / "WEB-INF" / "lib"
    if lib.is_dir():
        jars = sorted(p.name for p in lib.iterdir() if _IG_JAR.match(p.name))
        if jars:
            return f"gateway jars in WEB-INF/lib ({', '.join(jars[:3])})"
    web = app / "WEB-INF" / "web.xml"
    try:
        if web.is_file() and _IG_CLASS in read_bytes(web):
            return "WEB-INF/web.xml declares the gateway (org.forgerock.openig)"
    except OSError:
        return None
    return None


def _evidence_war(war: Path) -> str | None:
    try:
        with open_input(war) as fh, open_war(fh) as z:
            names = z.namelist()
            jars = sorted(
                n.rsplit("/", 1)[-1]
                for n in names
                if n.startswith("WEB-INF/lib/") and _IG_JAR.match(n.rsplit("/", 1)[-1])
            )
            if jars:
                return f"gateway jars in WEB-INF/lib ({', '.join(jars[:3])})"
            web = read_entry(z, "WEB-INF/web.xml")
            if web is not None and _IG_CLASS in web:
                return "WEB-INF/web.xml declares the gateway (org.forgerock.openig)"
    except (OSError, zipfile.BadZipFile, RuntimeError, EOFError, BadWar):
        return None
    return None


def evidence(app: Path) -> str | None:
    """Why this directory or .war is the gateway, or None."""
    if app.is_dir():
        return _evidence_dir(app)
    if app.is_file() and app.suffix == ".war":
        return _evidence_war(app)
    return None


def _resolve(base: Path, text: str) -> Path:
    """docBase/appBase as Tomcat's File.getCanonicalPath sees it: `..` collapses even through a
    directory that does not exist (webapps/../apps works with no webapps)."""
    p = Path(text)
    return Path(os.path.normpath(p if p.is_absolute() else base / p))


@applies("server.app-descriptor-unreadable")
def _broken_descriptor(
    desc: Path, err: InputError, app_base: Path, names: PathNames, findings: Findings
) -> None:
    """Tomcat logs the error, deploys a FailedContext under that name and goes on; so does this.
    Only when the application it shadows is the gateway is it an error."""
    rel = names.name(desc)
    reason = str(err).removeprefix(f"{err.location}: ") if err.location else str(err)
    shadowed = [p for p in (app_base / desc.stem, app_base / f"{desc.stem}.war") if p.exists()]
    gateway = next((p for p in shadowed if evidence(p) is not None), None)
    if gateway is not None:
        message = (
            f"context descriptor {rel} cannot be read ({reason}); Tomcat does not start"
            f" {names.name(gateway)}, the gateway application, under that name"
        )
        status = Status.ERROR
    else:
        message = (
            f"context descriptor {rel} cannot be read ({reason}); Tomcat does not start"
            f' application "{desc.stem}", which is skipped here too'
        )
        status = Status.IGNORED
    findings.emit(
        "server.app-descriptor-unreadable",
        message,
        status=status,
        location=err.location or SourceLocation(rel),
        hint="fix or remove the descriptor",
    )


def candidates(
    server: Server,
    base: Path,
    names: PathNames,
    read: Callable[[Path], Element],
    findings: Findings,
) -> list[Candidate]:
    """Every app each Host deploys, in Tomcat's scan order: server.xml, descriptors, wars, dirs.

    `read` parses a context descriptor with the hardened reader (`${}` resolved as Tomcat does);
    a descriptor that cannot be read is reported and its name skipped, as Tomcat does.
    """
    out: list[Candidate] = []
    for service in server.services:
        engine = service.engine
        if engine is None:
            continue
        for host in engine.hosts:
            app_base = _resolve(base, host.app_base)
            claimed: set[str] = set()
            for context in host.contexts:
                doc = context.element.get("docBase")
                name = (context.element.get("path") or "").strip("/").replace("/", "#") or "ROOT"
                if doc:
                    out.append(
                        Candidate(
                            engine,
                            host,
                            name,
                            _resolve(app_base, doc),
                            "server.xml <Context>",
                            context.location,
                            context.element,
                        )
                    )
                    claimed.add(name)
            xml_base = _resolve(base, host.xml_base or f"conf/{engine.name}/{host.name}")
            if xml_base.is_dir():
                for desc in sorted(xml_base.glob("*.xml")):
                    try:
                        root = read(desc)
                    except InputError as err:
                        if desc.stem not in claimed:
                            _broken_descriptor(desc, err, app_base, names, findings)
                            claimed.add(desc.stem)
                        continue
                    doc = root.get("docBase") if root.tag == "Context" else None
                    name = desc.stem
                    if root.tag == "Context" and not doc:
                        # HostConfig.deployDescriptor: no docBase → appBase/<name>.war or dir
                        packed = f"{name}.war"
                        doc = packed if (app_base / packed).is_file() else name
                        doc = doc if (app_base / doc).exists() else None
                    if doc and name not in claimed:
                        out.append(
                            Candidate(
                                engine,
                                host,
                                name,
                                _resolve(app_base, doc),
                                f"descriptor {names.name(desc)}",
                                root.location,
                                root,
                            )
                        )
                        claimed.add(name)
            if app_base.is_dir():
                entries = sorted(app_base.iterdir(), key=lambda p: p.name)
                for p in entries:
                    report_not_regular(
                        p / "WEB-INF" / "web.xml", names.name(p / "WEB-INF" / "web.xml"), findings
                    )
                    if p.suffix == ".war" and not p.is_dir():
                        report_not_regular(p, names.name(p), findings)
                for war in (p for p in entries if p.suffix == ".war" and p.is_file()):
                    if war.stem not in claimed:
                        out.append(Candidate(engine, host, war.stem, war, "war in appBase", None))
                        claimed.add(war.stem)
                for d in (p for p in entries if p.is_dir()):
                    if d.name not in claimed:
                        out.append(Candidate(engine, host, d.name, d, "directory in appBase", None))
                        claimed.add(d.name)
    return out


def _context_name(name: str) -> str:
    """ROOT##002 is still the root app (parallel deployment version)."""
    return name.split("##", 1)[0]


def _gateway(chosen: Candidate, server: Server, names: PathNames, evidence: str) -> GatewayApp:
    service = next((s.name for s in server.services if s.engine is chosen.engine), "")
    return GatewayApp(
        service,
        chosen.engine.name,
        chosen.host.name,
        names.name(chosen.path),
        evidence,
        chosen.location,
        chosen.context,
        _context_name(chosen.name),
    )


def find_gateway(
    server: Server,
    base: Path,
    names: PathNames,
    read: Callable[[Path], Element],
    findings: Findings,
    app_path: Path | None = None,
) -> tuple[GatewayApp | None, list[Candidate], list[Candidate]]:
    """The gateway app (ROOT preferred), the other gateway-looking apps, and all other apps."""
    all_apps = candidates(server, base, names, read, findings)
    if app_path is not None:
        target = app_path.resolve()
        chosen = next((c for c in all_apps if c.path.resolve() == target), None)
        others = [c for c in all_apps if c is not chosen]
        if chosen is None:
            why = "--app-path (not deployed by any Host: every Service is used)"
            return GatewayApp("", "", "", names.name(app_path), why), [], others
        return _gateway(chosen, server, names, "--app-path"), [], others
    found = [(c, e) for c in all_apps if (e := evidence(c.path)) is not None]
    found.sort(key=lambda ce: (_context_name(ce[0].name) != "ROOT",))
    others = [c for c in all_apps if all(c is not f for f, _ in found)]
    if not found:
        return None, [], others
    chosen, why = found[0]
    gw = _gateway(chosen, server, names, f"{why}; deployed as {chosen.via}")
    return gw, [c for c, _ in found[1:]], others
