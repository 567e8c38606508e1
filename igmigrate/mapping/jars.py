"""The gateway's class-path jars → OUT extra/: Tomcat's and IG's own left out, the rest copied.

Tomcat's own jars (by name, or Maven group org.apache.tomcat) and the gateway's own (ForgeRock /
Ping / OpenIG Maven groups and names; with --ig-dist, every artifact the standalone distribution's
lib/ holds) are left out. Everything else is copied byte for byte to `extra/<name>` (standalone's
class path takes `extra/*`: jars directly in extra/): the JDBC drivers a JdbcDataSource of
config.json needs, and, for review, every other one. Runs after the IG instance is merged, so the
JdbcDataSources of config.json (converted or the instance's own) are known.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import re
from collections import defaultdict
from pathlib import Path

from igmigrate.findings import SourceLocation, Status
from igmigrate.mapping.context import MapContext
from igmigrate.rules import applies
from igmigrate.tomcat.jars import (
    TOMCAT_GROUP,
    WEBAPP,
    Jar,
    JarSource,
    Maven,
    find_jars,
    new_budget,
    read_jar,
    tomcat_name,
)

EXTRA = "extra"
IG_GROUPS = ("org.forgerock", "com.forgerock", "org.openidentityplatform", "com.pingidentity")
IG_NAMES = ("openig-*.jar", "forgerock-*.jar", "chf-*.jar", "pinggateway-*.jar")
_VERSIONED = re.compile(r"^(?P<artifact>.+?)-(?P<version>\d[\w.+-]*)\.jar$")
_CONFIG = "config/config.json"


def _in_groups(group: str, prefixes: tuple[str, ...]) -> bool:
    return any(group == p or group.startswith(p + ".") for p in prefixes)


def split_name(name: str) -> tuple[str, str]:
    """(artifact, version) from a jar's file name: `ojdbc8-19.3.0.0.jar` → (ojdbc8, 19.3.0.0)."""
    m = _VERSIONED.match(name)
    return (m["artifact"], m["version"]) if m else (name.removesuffix(".jar"), "")


def own_maven(jar: Jar) -> Maven | None:
    """The jar's own coordinates: its one pom.properties, else the one its file name starts with
    (a shaded jar holds those of what it bundles too)."""
    if len(jar.maven) == 1:
        return jar.maven[0]
    return next((m for m in jar.maven if jar.source.name.startswith(m.artifact + "-")), None)


def identity(jar: Jar) -> tuple[str, str]:
    """(artifact, version): Maven's, else MANIFEST.MF's version and the file name."""
    m = own_maven(jar)
    artifact, version = split_name(jar.source.name)
    if m is not None:
        return m.artifact, m.version or version
    return artifact, (
        version
        or jar.manifest.get("Implementation-Version")
        or jar.manifest.get("Bundle-Version", "")
    )


def read_dist(dist: Path | None) -> dict[str, str]:
    """artifact → jar name in the standalone distribution's lib/ (DIR/lib, or DIR itself)."""
    if dist is None:
        return {}
    lib = dist / "lib" if (dist / "lib").is_dir() else dist
    return {split_name(p.name)[0]: p.name for p in sorted(lib.glob("*.jar"))}


def _dir(source: JarSource) -> str:
    return source.file.rsplit("/", 1)[0] + "/"


def needed_drivers(mc: MapContext) -> dict[str, list[str]]:
    """driverClassName → the JdbcDataSource heap objects of config.json that name it."""
    merged = mc.instance.merged.get(_CONFIG)  # the instance's config.json, ours merged in
    heap: list[object] = []
    if merged is not None:
        parsed = json.loads(merged)
        heap = list(parsed.get("heap") or []) if isinstance(parsed, dict) else []
    if not heap and mc.instance.config is not None:
        heap = [h.to_json() for h in mc.instance.config.heap]
    out: dict[str, list[str]] = defaultdict(list)
    for h in heap:
        if not isinstance(h, dict) or h.get("type") != "JdbcDataSource":
            continue
        cls = (h.get("config") or {}).get("driverClassName")
        if isinstance(cls, str) and cls:
            out[cls].append(str(h.get("name", "")))
    return dict(out)


def _app(mc: MapContext) -> Path | None:
    gw = mc.loaded.gateway
    if gw is None:
        return None
    if mc.config.app_path is not None:
        return mc.config.app_path
    p = Path(gw.path)
    return p if p.is_absolute() else mc.loaded.base / p


@applies("jars.tomcat-own", "jars.gateway-own", "jars.refused-link", "jars.unreadable")
def map_jars(mc: MapContext) -> None:
    """Every candidate jar left out, refused or copied, each reported."""
    loaded = mc.loaded
    sources, problems = find_jars(loaded.names, loaded.base, loaded.home, _app(mc))
    for file, why in problems:
        mc.emit(
            "jars.unreadable",
            f"{why}; its WEB-INF/lib is not carried over",
            location=SourceLocation(file),
        )
    dist = read_dist(mc.config.ig_dist)
    tomcat: dict[str, list[str]] = defaultdict(list)
    gateway: dict[str, list[str]] = defaultdict(list)
    copies: list[Jar] = []
    budget = new_budget()
    for s in sources:
        if tomcat_name(s.name):
            tomcat[_dir(s)].append(s.name)
            continue
        if s.outside:
            mc.emit(
                "jars.refused-link",
                "a symbolic link leading outside the Tomcat inputs: not copied",
                location=SourceLocation(s.file),
            )
            continue
        artifact = split_name(s.name)[0]
        if any(fnmatch.fnmatchcase(s.name, p) for p in IG_NAMES) or artifact in dist:
            gateway[_dir(s)].append(_provided(s.name, artifact, dist))
            continue
        jar = read_jar(s, budget)
        if jar.error is not None:
            mc.emit(
                "jars.unreadable",
                f"{jar.error}; not copied",
                location=SourceLocation(s.file),
                hint="copy it to extra/ by hand if the gateway needs it" if jar.too_large else None,
            )
            continue
        m = own_maven(jar)
        group = m.group if m is not None else ""
        if _in_groups(group, (TOMCAT_GROUP,)):
            tomcat[_dir(s)].append(s.name)
        elif _in_groups(group, IG_GROUPS) or identity(jar)[0] in dist:
            gateway[_dir(s)].append(_provided(s.name, identity(jar)[0], dist))
        else:
            copies.append(jar)
    for d, jar_names in tomcat.items():
        mc.emit(
            "jars.tomcat-own",
            f"Tomcat's own {_jars(jar_names)}, not carried over",
            location=SourceLocation(d),
        )
    source = "--ig-dist's lib/" if dist else "the standalone distribution's lib/"
    for d, jar_names in gateway.items():
        mc.emit(
            "jars.gateway-own",
            f"the gateway's own {_jars(jar_names)}, not carried over: {source} provides"
            f" {'them' if len(jar_names) > 1 else 'it'}",
            location=SourceLocation(d),
        )
    budget.close()
    copy_jars(mc, copies)


def _jars(names: list[str]) -> str:
    return f"jar {names[0]}" if len(names) == 1 else f"{len(names)} jars: {', '.join(names)}"


def _provided(name: str, artifact: str, dist: dict[str, str]) -> str:
    there = dist.get(artifact)
    return name if there is None or there == name else f"{name} (--ig-dist: {there})"


def _free_name(name: str, taken: dict[str, str]) -> str:
    """`extra/<name>`, else `extra/<stem>-2.jar`, -3, … (deterministic: the first free one)."""
    stem = name.removesuffix(".jar")
    out, n = f"{EXTRA}/{name}", 1
    while out in taken:
        n += 1
        out = f"{EXTRA}/{stem}-{n}.jar"
    return out


@applies(
    "jars.driver",
    "jars.driver-unused",
    "jars.copied",
    "jars.duplicate",
    "jars.versions",
    "jars.driver-missing",
)
def copy_jars(mc: MapContext, jars: list[Jar]) -> None:
    """Copy each jar to extra/ (identical bytes once), report it with its size and sha256; the
    same artifact in several versions is warned; a needed driver found nowhere is reported."""
    needed = needed_drivers(mc)
    taken = {rel: "the IG instance" for rel in mc.instance.copied if rel.startswith(EXTRA + "/")}
    by_digest: dict[str, str] = {}
    versions: dict[str, list[tuple[str, str]]] = defaultdict(list)
    found: set[str] = set()
    for jar in jars:
        data = jar.data or b""
        digest = hashlib.sha256(data).hexdigest()
        s = jar.source
        loc = SourceLocation(s.file)
        if digest in by_digest:
            mc.emit(
                "jars.duplicate",
                f"identical to {by_digest[digest]} (sha256 {digest}): copied once",
                location=loc,
            )
            continue
        by_digest[digest] = s.file
        out = _free_name(s.name, taken)
        taken[out] = s.file
        mc.instance.extra[out] = data
        artifact, version = identity(jar)
        versions[artifact].append((version, s.file))
        facts = f"{len(data)} bytes, sha256 {digest}"
        first = f"{EXTRA}/{s.name}"
        renamed = "" if out == first else f" (renamed: {first} is {taken[first]}'s)"
        uses = sorted({h for c in (*jar.drivers, *jar.driver_classes) for h in needed.get(c, [])})
        found |= {c for c in needed if c in jar.drivers or c in jar.driver_classes}
        where = " of the gateway's WEB-INF/lib" if s.origin == WEBAPP else ""
        if uses:
            rule, what = "jars.driver", f"JDBC driver used by {', '.join(uses)}"
        elif jar.drivers:
            rule, what = (
                "jars.driver-unused",
                f"JDBC driver ({', '.join(jar.drivers)})"
                + (" that no JdbcDataSource of config.json uses"),
            )
        else:
            rule, what = "jars.copied", "jar" + where
        mc.emit(
            rule,
            f"{what}: copied to {out}{renamed} ({facts})",
            location=loc,
            target=out,
            hint=_WEBAPP_HINT if rule == "jars.copied" and s.origin == WEBAPP else None,
        )
    for artifact, seen in sorted(versions.items()):
        if len({v for v, _ in seen}) > 1:
            listing = ", ".join(f"{f} ({v or 'no version'})" for v, f in seen)
            mc.emit(
                "jars.versions",
                f"{artifact} is there in several versions: {listing}; under Tomcat {seen[0][1]}"
                " came first on the class path, standalone's extra/* has no defined order",
                location=SourceLocation(seen[0][1]),
            )
    for cls in sorted(set(needed) - found):
        mc.emit(
            "jars.driver-missing",
            f"no jar read here holds the JDBC driver {cls} that {', '.join(needed[cls])}"
            " names as driverClassName",
            location=None,
            status=Status.MANUAL,
        )


_WEBAPP_HINT = (
    "a library of the IG .war itself (standalone's lib/ has its own: delete it from extra/) or"
    " one added to it: --ig-dist DIR tells them apart"
)
