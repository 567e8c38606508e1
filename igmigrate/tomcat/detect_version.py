"""Which Tomcat release SRC is: catalina.jar's ServerInfo, RELEASE-NOTES, or --tomcat-version."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import javaproperties

from igmigrate.errors import UserError
from igmigrate.findings import Findings, SourceLocation, Status
from igmigrate.rules import applies
from igmigrate.tomcat.files import open_input, read_bytes
from igmigrate.tomcat.paths import PathNames
from igmigrate.tomcat.version import ASSUMED_VERSION, TomcatVersion

SERVER_INFO = "org/apache/catalina/util/ServerInfo.properties"
RULE_VERSION = "tomcat.version"
RULE_ASSUMED = "tomcat.version-assumed"
RULE_OVERRIDE = "tomcat.version-override"
RULE_MASKED = "tomcat.server-info-override"
RULE_UNREADABLE = "tomcat.version-unreadable"
_NOTES_RE = re.compile(r"Apache Tomcat Version (\d+\.\d+(?:\.\d+)?(?:-M\d+)?)")
_INFO_RE = re.compile(r"/\s*(\d+\.\d+(?:\.\d+)?(?:-M\d+)?)")


@dataclass(frozen=True)
class DetectedVersion:
    """The Tomcat version the rules use, where it came from, and Tomcat's server.info text."""

    version: TomcatVersion
    source: str  # e.g. "lib/catalina.jar", "RELEASE-NOTES", "--tomcat-version", "assumed"
    server_info: str | None


def _version_of(info: dict[str, str]) -> TomcatVersion | None:
    """server.number (9.0.35.0), refined by server.info (Apache Tomcat/10.0.0-M5) if they agree."""
    number = _parse(info.get("server.number", ""))
    m = _INFO_RE.search(info.get("server.info", ""))
    from_info = _parse(m.group(1)) if m else None
    if number is None:
        return from_info
    if from_info is not None and _triple(from_info) == _triple(number):
        return from_info
    return number


def _triple(v: TomcatVersion) -> tuple[int, int, int]:
    return (v.major, v.minor, v.patch)


def _parse(text: str) -> TomcatVersion | None:
    try:
        version = TomcatVersion.parse(text)
    except ValueError:
        return None
    return None if version.major == 0 else version  # 0.0.0.0: a hardening mask


@applies(RULE_UNREADABLE)
def _jar_info(jar: Path, rel: str, findings: Findings) -> dict[str, str] | None:
    try:
        with open_input(jar) as fh, zipfile.ZipFile(fh) as zf:
            data = zf.read(SERVER_INFO)
    except KeyError:
        return None
    except (OSError, zipfile.BadZipFile) as err:
        why = (err.strerror or "unreadable") if isinstance(err, OSError) else str(err)
        findings.emit(
            RULE_UNREADABLE,
            f"cannot read the Tomcat version from {rel}: {why}",
            status=Status.MANUAL,
            location=SourceLocation(rel),
        )
        return None
    return dict(javaproperties.loads(data.decode("latin-1")))


def _file_info(path: Path) -> dict[str, str] | None:
    try:
        return dict(javaproperties.loads(read_bytes(path).decode("latin-1")))
    except (OSError, ValueError):
        return None


def _notes_version(path: Path) -> TomcatVersion | None:
    try:
        with open_input(path) as fh:
            head = fh.read(8192).decode("latin-1")
    except OSError:
        return None
    m = _NOTES_RE.search(head)
    return _parse(m.group(1)) if m else None


@applies(RULE_MASKED)
def _detect(roots: list[Path], names: PathNames, findings: Findings) -> DetectedVersion | None:
    for root in roots:
        jar = root / "lib" / "catalina.jar"
        if jar.exists():
            rel = names.name(jar)
            info = _jar_info(jar, rel, findings)
            version = _version_of(info) if info else None
            if info and version:
                return DetectedVersion(version, rel, info.get("server.info"))
    override = next((p for r in roots if (p := r / "lib" / SERVER_INFO).is_file()), None)
    notes = next((p for r in roots if (p := r / "RELEASE-NOTES").is_file()), None)
    notes_version = _notes_version(notes) if notes else None
    if override is not None:
        rel = names.name(override)
        info = _file_info(override) or {}
        masked = _version_of(info)
        if notes is not None and notes_version is not None:
            if masked != notes_version:
                findings.emit(
                    RULE_MASKED,
                    f"{rel} overrides the server.info Tomcat reports (a hardening "
                    f"measure); the version is taken from {names.name(notes)} instead",
                    status=Status.IGNORED,
                    location=SourceLocation(rel),
                )
            return DetectedVersion(notes_version, names.name(notes), info.get("server.info"))
        if masked is not None:
            return DetectedVersion(masked, rel, info.get("server.info"))
    if notes is not None and notes_version is not None:
        return DetectedVersion(notes_version, names.name(notes), None)
    return None


@applies(RULE_OVERRIDE, RULE_ASSUMED, RULE_VERSION)
def detect_version(
    base: Path, home: Path, src: Path, override: str | None, findings: Findings
) -> DetectedVersion:
    """CATALINA_BASE first, then CATALINA_HOME; --tomcat-version wins over what was found.
    Files of a CATALINA_HOME outside SRC are named `--catalina-home:lib/catalina.jar`."""
    roots = [base] if base.absolute() == home.absolute() else [base, home]
    detected = _detect(roots, PathNames(src, home if len(roots) == 2 else None), findings)
    result = detected
    if override is not None:
        wanted = _parse(override)
        if wanted is None:
            raise UserError(f"--tomcat-version {override!r} is not a Tomcat version (e.g. 9.0.35)")
        if detected is not None and detected.version != wanted:
            findings.emit(
                RULE_OVERRIDE,
                f"--tomcat-version {wanted} differs from Tomcat {detected.version} "
                f"found in {detected.source}; the rules for {wanted} are used",
                location=SourceLocation(detected.source),
                hint="drop --tomcat-version if the installed release is the one that runs",
            )
        server_info = detected.server_info if detected else None
        result = DetectedVersion(wanted, "--tomcat-version", server_info)
    if result is None:
        findings.emit(
            RULE_ASSUMED,
            "no lib/catalina.jar or RELEASE-NOTES found in CATALINA_BASE or "
            f"CATALINA_HOME; Tomcat {ASSUMED_VERSION} is assumed (version-dependent rules, "
            "such as ${name:-default} placeholders, may be read wrongly)",
            status=Status.MANUAL,
            hint="pass --tomcat-version (or --catalina-home pointing at the Tomcat install)",
        )
        result = DetectedVersion(ASSUMED_VERSION, "assumed", None)
    findings.emit(
        RULE_VERSION,
        f"Tomcat {result.version} (from {result.source})",
        status=Status.MAPPED,
        location=None
        if result.source in ("assumed", "--tomcat-version")
        else SourceLocation(result.source),
    )
    return result
