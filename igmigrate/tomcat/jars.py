"""The jars Tomcat puts on the gateway's class path (WEB-INF/lib, lib/ of base and home), read.

Candidates, in Tomcat's class-loading order: the gateway app's WEB-INF/lib (a directory, or the
entries of its .war, never unpacked), then CATALINA_BASE/lib, then CATALINA_HOME/lib (the
default common.loader order). Tomcat's own jars are known by name here and never read. Every
other jar is read with bounds: at most MAX_JAR bytes a jar, MAX_TOTAL for all of them,
MAX_ENTRIES entries in its central directory, MAX_META bytes a metadata entry; only the
metadata entries are inflated. A file whose real path leaves the inputs (SRC, its linked
directories, --catalina-home, --app-path) is refused, never opened.
"""

from __future__ import annotations

import fnmatch
import io
import os
import zipfile
import zlib
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from igmigrate.tomcat.files import open_input
from igmigrate.tomcat.paths import PathNames
from igmigrate.tomcat.war import BadWar, EntryTooLarge, open_war, read_entry

MAX_JAR = 256 << 20  # a JDBC driver is a few MiB; the largest real jars stay well below this
MAX_TOTAL = 1 << 30  # every jar read in one run together
MAX_ENTRIES = 200_000  # central-directory entries of one jar (or of the .war)
MAX_META = 1 << 20  # MANIFEST.MF, pom.properties, a services file
WEBAPP, BASE, HOME = "WEB-INF/lib", "CATALINA_BASE/lib", "CATALINA_HOME/lib"
# Tomcat's own jars (lib/ of every Tomcat 7–11 distribution, Debian's symlinks keep the names)
TOMCAT_JARS = (
    "catalina*.jar",
    "tomcat-*.jar",
    "servlet-api.jar",
    "jsp-api.jar",
    "el-api.jar",
    "jasper*.jar",
    "websocket*.jar",
    "annotations-api.jar",
    "jaspic-api.jar",
    "ecj*.jar",  # ecj-4.20.jar; Debian links ecj.jar
    "jakartaee-migration-*.jar",
)
TOMCAT_GROUP = "org.apache.tomcat"
_MANIFEST_KEYS = (
    "Implementation-Title",
    "Implementation-Vendor",
    "Implementation-Version",
    "Bundle-SymbolicName",
    "Bundle-Version",
)
DRIVER_SERVICE = "META-INF/services/java.sql.Driver"


def tomcat_name(name: str) -> bool:
    """True for the file name of one of Tomcat's own jars."""
    return any(fnmatch.fnmatchcase(name, p) for p in TOMCAT_JARS)


@dataclass(frozen=True)
class Maven:
    group: str
    artifact: str
    version: str


@dataclass(frozen=True)
class JarSource:
    """Where one candidate jar is: a file, or an entry of the gateway's .war."""

    name: str  # the jar's file name
    file: str  # as findings name it: lib/x.jar, webapps/ROOT.war!/WEB-INF/lib/x.jar
    origin: str  # WEBAPP, BASE or HOME
    path: Path  # the file, or the .war holding it
    entry: str | None = None  # the .war entry
    outside: bool = False  # its real path leaves the inputs: refused, never opened


@dataclass(frozen=True)
class Jar:
    """One candidate as read: its bytes and metadata, or why it was not read."""

    source: JarSource
    data: bytes | None = None
    error: str | None = None  # why not read (unreadable, corrupt, past a bound)
    too_large: bool = False
    maven: tuple[Maven, ...] = ()  # every META-INF/maven/**/pom.properties
    manifest: dict[str, str] = field(default_factory=dict)  # _MANIFEST_KEYS present
    drivers: tuple[str, ...] = ()  # java.sql.Driver service entries
    driver_classes: frozenset[str] = frozenset()  # class names ending in Driver/DataSource


def _inside(names: PathNames, path: Path) -> bool:
    real = Path(os.path.realpath(path))
    return any(real == r.path or r.path in real.parents for r in names.roots)


def _dir_sources(lib: Path, origin: str, names: PathNames) -> list[JarSource]:
    if not lib.is_dir():
        return []
    out = []
    for p in sorted(lib.iterdir(), key=lambda p: p.name):
        if p.name.endswith(".jar"):
            outside = not tomcat_name(p.name) and not _inside(names, p)
            out.append(JarSource(p.name, names.name(p), origin, p, outside=outside))
    return out


def _war_sources(war: Path, names: PathNames) -> tuple[list[JarSource], str | None]:
    """The .war's WEB-INF/lib/*.jar entries, or why its directory could not be read."""
    try:
        with open_input(war) as fh, open_war(fh) as z:
            infos = z.infolist()
    except (OSError, zipfile.BadZipFile, RuntimeError, EOFError, ValueError) as err:
        return [], f"cannot read the .war: {getattr(err, 'strerror', None) or err}"
    if len(infos) > MAX_ENTRIES:
        return [], f"the .war has {len(infos)} entries, more than {MAX_ENTRIES}: not read"
    war_name = names.name(war)
    out = []
    for info in sorted(infos, key=lambda i: i.filename):
        rest = info.filename.removeprefix("WEB-INF/lib/")
        if rest != info.filename and "/" not in rest and rest.endswith(".jar"):
            out.append(JarSource(rest, f"{war_name}!/{info.filename}", WEBAPP, war, info.filename))
    return out, None


def find_jars(
    names: PathNames, base: Path, home: Path, app: Path | None
) -> tuple[list[JarSource], list[tuple[str, str]]]:
    """Every candidate in class-loading order, and (file, why) for a .war not readable."""
    out: list[JarSource] = []
    problems: list[tuple[str, str]] = []
    if app is not None and app.is_dir():
        out += _dir_sources(app / "WEB-INF" / "lib", WEBAPP, names)
    elif app is not None and app.is_file() and app.suffix == ".war":
        if not _inside(names, app):
            problems.append((names.name(app), "its real path is outside the inputs: not read"))
        else:
            found, why = _war_sources(app, names)
            out += found
            if why is not None:
                problems.append((names.name(app), why))
    out += _dir_sources(base / "lib", BASE, names)
    if os.path.realpath(home / "lib") != os.path.realpath(base / "lib"):
        out += _dir_sources(home / "lib", HOME, names)
    return out, problems


class _Budget:
    """The bytes every jar read so far has taken (MAX_TOTAL), and the .war their entries come
    from, opened once for all of them (its table of entries is read once, not once a jar)."""

    def __init__(self) -> None:
        self.used = 0
        self._stack = ExitStack()
        self._war: tuple[Path, zipfile.ZipFile] | None = None

    def war(self, path: Path) -> zipfile.ZipFile:
        if self._war is None or self._war[0] != path:
            self.close()
            fh = self._stack.enter_context(open_input(path))
            self._war = (path, self._stack.enter_context(open_war(fh)))
        return self._war[1]

    def close(self) -> None:
        self._war = None
        self._stack.close()


def _manifest(text: str) -> dict[str, str]:
    """The main section of a MANIFEST.MF (72-byte lines continued by a leading space)."""
    lines: list[str] = []
    for raw in text.splitlines():
        if not raw:
            break  # the main section ends at the first blank line
        if raw.startswith(" ") and lines:
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    out = {}
    for line in lines:
        key, sep, value = line.partition(":")
        if sep and key in _MANIFEST_KEYS:
            out[key] = value.strip()
    return out


def _pom(text: str) -> Maven | None:
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "!")):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    g, a, v = (values.get(k, "") for k in ("groupId", "artifactId", "version"))
    return Maven(g, a, v) if g and a else None


def parse_jar(source: JarSource, data: bytes) -> Jar:
    """The metadata of a jar held in memory; a corrupt jar gives a Jar with its error."""
    try:
        with open_war(io.BytesIO(data)) as z:
            infos = z.infolist()
            if len(infos) > MAX_ENTRIES:
                return Jar(source, error=f"{len(infos)} entries, more than {MAX_ENTRIES}")
            entries = [i.filename for i in infos]
            maven = []
            for e in sorted(entries):
                parts = e.split("/")
                if (
                    len(parts) == 5
                    and parts[:2] == ["META-INF", "maven"]
                    and parts[4] == ("pom.properties")
                ):
                    pom = _pom(_text(read_entry(z, e, MAX_META)))
                    if pom is not None:
                        maven.append(pom)
            manifest = _manifest(_text(read_entry(z, "META-INF/MANIFEST.MF", MAX_META)))
            services = _text(read_entry(z, DRIVER_SERVICE, MAX_META))
    except BadWar as err:  # too large, too many entries, a name present twice
        return Jar(source, error=f"not read: {err}")
    except (zipfile.BadZipFile, zlib.error, RuntimeError, EOFError, ValueError) as err:
        return Jar(source, error=f"not a readable jar (zip): {err}")
    except NotImplementedError as err:
        return Jar(source, error=f"not a readable jar (zip): {err}")
    drivers = tuple(s for line in services.splitlines() if (s := line.split("#", 1)[0].strip()))
    classes = frozenset(
        e[:-6].replace("/", ".")
        for e in entries
        if e.endswith(("Driver.class", "DataSource.class"))
    )
    return Jar(source, data, None, False, tuple(maven), manifest, drivers, classes)


def _text(data: bytes | None) -> str:
    return (data or b"").decode("utf-8", "replace")


def _read_file(path: Path) -> bytes:
    """A jar's bytes (its real path, no symlink followed past the check); EntryTooLarge past
    MAX_JAR."""
    with open_input(Path(os.path.realpath(path)), nofollow=True) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > MAX_JAR:
            raise EntryTooLarge(f"larger than {MAX_JAR >> 20} MiB ({size} bytes)")
        data = fh.read(MAX_JAR + 1)
    if len(data) > MAX_JAR:
        raise EntryTooLarge(f"larger than {MAX_JAR >> 20} MiB")
    return data


def _read_war_entry(budget: _Budget, war: Path, entry: str) -> bytes:
    data = read_entry(budget.war(war), entry, MAX_JAR)
    if data is None:
        raise OSError(0, "the entry is gone from the .war")
    return data


def read_jar(source: JarSource, budget: _Budget) -> Jar:
    """Read one candidate within the bounds; never raises for a bad jar."""
    if budget.used >= MAX_TOTAL:
        why = f"not read: the jars read already total {MAX_TOTAL >> 20} MiB (the bound)"
        return Jar(source, error=why, too_large=True)
    try:
        if source.entry is None:
            data = _read_file(source.path)
        else:
            data = _read_war_entry(budget, source.path, source.entry)
    except EntryTooLarge as err:
        return Jar(source, error=f"not read: {err}", too_large=True)
    except (zipfile.BadZipFile, zlib.error, RuntimeError, EOFError, ValueError) as err:
        return Jar(source, error=f"cannot read the .war: {err}")
    except OSError as err:
        return Jar(source, error=f"cannot read: {err.strerror or err}")
    if budget.used + len(data) > MAX_TOTAL:
        why = f"not read: with it the jars read would total more than {MAX_TOTAL >> 20} MiB"
        return Jar(source, error=why, too_large=True)
    budget.used += len(data)
    return parse_jar(source, data)


def new_budget() -> _Budget:
    return _Budget()
