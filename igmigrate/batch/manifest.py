"""The servers of a batch: read from a manifest (CSV or JSON lines) or from SRC paths."""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from igmigrate.errors import UserError
from igmigrate.mapping.versions import TARGETS, is_tomcat_release

# The columns of a manifest: where a server is, and the per-server convert options
REQUIRED = ("name", "tomcat")
OPTIONAL = (
    "ig_instance",
    "out",
    "catalina_home",
    "ig_dist",
    "app_path",
    "target_version",
    "tomcat_version",
    "secrets",
    "properties",
)
COLUMNS = (*REQUIRED, *OPTIONAL)
_NAME = re.compile(r"[A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Server:
    """One server to convert: names as the user wrote them, paths resolved to open them."""

    index: int
    name: str
    source: str  # as given (the report shows it)
    out: str
    src_path: Path
    out_path: Path
    where: str = ""  # manifest file:line, for messages
    ig_instance: Path | None = None
    catalina_home: Path | None = None
    ig_dist: Path | None = None
    app_path: Path | None = None
    target_version: str | None = None
    tomcat_version: str | None = None
    secrets: str | None = None
    properties: dict[str, str] = field(default_factory=dict)


def _rows(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    """(line, row) of a CSV with a header, or of JSON lines (the first non-blank char is `{`)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise UserError(f"{path}: cannot read the manifest: {e}") from None
    if text.lstrip().startswith("{"):
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise UserError(f"{path}:{n}: not a JSON object: {e.msg}") from None
            if not isinstance(row, dict):
                raise UserError(f"{path}:{n}: not a JSON object")
            yield n, row
        return
    reader = csv.DictReader(text.splitlines(keepends=True), restkey="\0extra")
    for row in reader:
        n = reader.line_num
        if "\0extra" in row:
            raise UserError(f"{path}:{n}: more fields than the header has columns")
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        yield n, {k: v for k, v in row.items() if v not in (None, "")}


def _text(value: object, where: str, column: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise UserError(f"{where}: column {column!r} must be a non-empty string")
    return value.strip()


def _properties(value: object, where: str) -> dict[str, str]:
    """JSON lines: an object of strings; CSV: KEY=VALUE words (shell quoting)."""
    if isinstance(value, dict):
        if all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            return dict(value)
    elif isinstance(value, str):
        try:
            words = shlex.split(value)
        except ValueError as e:
            raise UserError(f"{where}: column 'properties': {e}") from None
        if all("=" in w for w in words):
            return dict(w.split("=", 1) for w in words)
    raise UserError(f"{where}: column 'properties' must be KEY=VALUE words or an object")


def _check_options(row: dict[str, object], where: str) -> None:
    version = row.get("target_version")
    if version is not None and version not in TARGETS:
        raise UserError(f"{where}: target_version must be one of {', '.join(TARGETS)}")
    tomcat = row.get("tomcat_version")
    if tomcat is not None and not (isinstance(tomcat, str) and is_tomcat_release(tomcat)):
        raise UserError(f"{where}: tomcat_version {tomcat!r} is not a Tomcat version")
    if row.get("secrets") not in (None, "files", "env"):
        raise UserError(f"{where}: secrets must be files or env")


def read_manifest(path: Path, out_root: Path | None) -> list[Server]:
    """The servers of a manifest; relative paths are relative to the manifest's directory."""
    base = path.parent
    servers: list[Server] = []
    names: dict[str, str] = {}
    outs: dict[str, tuple[str, str]] = {}  # OUT, normalised → (name, where)
    for n, row in _rows(path):
        where = f"{path}:{n}"
        unknown = sorted(set(row) - set(COLUMNS))
        if unknown:
            raise UserError(
                f"{where}: unknown column {', '.join(map(repr, unknown))}"
                f" (known: {', '.join(COLUMNS)})"
            )
        for col in REQUIRED:
            if col not in row:
                raise UserError(f"{where}: column {col!r} is missing")
        name = _text(row["name"], where, "name")
        if not _NAME.fullmatch(name):
            raise UserError(f"{where}: name {name!r} may hold only letters, digits, . _ -")
        if name in names:
            raise UserError(f"{where}: name {name!r} repeats {names[name]}")
        names[name] = where
        _check_options(row, where)
        source = _text(row["tomcat"], where, "tomcat")
        if "out" in row:
            out = _text(row["out"], where, "out")
            out_path = base / out
        elif out_root is not None:
            out_path = out_root / name
            out = str(out_path)
        else:
            raise UserError(f"{where}: column 'out' is missing (or give --out-root)")

        key = os.path.normpath(os.path.abspath(out_path))
        if key in outs:
            other, there = outs[key]
            raise UserError(f"{where}: out {out!r} is also the out of {other} ({there})")
        outs[key] = (name, where)
        servers.append(
            Server(
                index=len(servers),
                name=name,
                source=source,
                out=out,
                src_path=base / source,
                out_path=out_path,
                where=where,
                ig_instance=_opt_path(row, "ig_instance", where, base),
                catalina_home=_opt_path(row, "catalina_home", where, base),
                ig_dist=_opt_path(row, "ig_dist", where, base),
                app_path=_opt_path(row, "app_path", where, base),
                target_version=_opt_text(row, "target_version", where),
                tomcat_version=_opt_text(row, "tomcat_version", where),
                secrets=_opt_text(row, "secrets", where),
                properties=_properties(row["properties"], where) if "properties" in row else {},
            )
        )
    if not servers:
        raise UserError(f"{path}: the manifest lists no server")
    return servers


def _opt_path(row: dict[str, object], col: str, where: str, base: Path) -> Path | None:
    return base / _text(row[col], where, col) if col in row else None


def _opt_text(row: dict[str, object], col: str, where: str) -> str | None:
    return _text(row[col], where, col) if col in row else None


def from_paths(sources: list[Path], out_root: Path) -> list[Server]:
    """SRC paths: name = the directory's name, made unique in order with -2, -3, …;
    OUT = out_root/name."""
    servers: list[Server] = []
    taken: set[str] = set()
    for src in sources:
        stem = re.sub(r"[^A-Za-z0-9._-]", "_", src.resolve().name) or "server"
        name, k = stem, 1
        while name in taken:
            k += 1
            name = f"{stem}-{k}"
        taken.add(name)
        out = out_root / name
        servers.append(Server(len(servers), name, str(src), str(out), src, out, where=str(src)))
    return servers


def read_servers(manifest: Path | None, sources: list[Path], out_root: Path | None) -> list[Server]:
    """The manifest's servers, else the SRC paths' (the CLI checked that one of them is given)."""
    if manifest is not None:
        return read_manifest(manifest, out_root)
    return from_paths(sources, out_root or Path("."))
