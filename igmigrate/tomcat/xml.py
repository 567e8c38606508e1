"""The one hardened XML reader: no network, no DTD loading, bombs refused, SRC-only includes."""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from igmigrate.errors import InputError
from igmigrate.findings import Findings, SettingKey, SourceLocation, Status
from igmigrate.secretvalue import (
    MASK,
    Secret,
    has_url_credentials,
    is_secret_name,
    mask_url,
    placeholder_name,
)
from igmigrate.tomcat.files import read_bytes, special_kind
from igmigrate.tomcat.model import TEXT, Attr, Element, property_name
from igmigrate.tomcat.paths import PathNames
from igmigrate.tomcat.placeholders import (
    MAX_PASSES,
    MAX_VALUE,
    PropertyContext,
    Resolution,
    resolve,
)

if TYPE_CHECKING:
    from lxml.etree._dtd import _DTDEntityDecl

_TEXT_DECL = re.compile(rb"^\s*<\?xml[^>]*\?>")
_ENCODING = re.compile(rb"encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_WRAPPER = "igmigrate-include"
# Naming resources keep unknown attribute names verbatim (ResourceBase.setProperty): not renamed.
_VERBATIM_TAGS = frozenset({"Resource", "ResourceLink", "Environment"})
# Entity bomb limits on top of libxml2's own (which hold within one parse): includes and entity
# references nest at most MAX_DEPTH deep, and one file expands to at most MAX_EXPANDED characters
# of included text and attribute values (a real server.xml is a few hundred kB at most).
MAX_DEPTH = 8
MAX_EXPANDED = 16 * 1024 * 1024


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,  # external entities are included below, only from inside SRC
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,  # keeps libxml2's entity-amplification and depth limits
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def _syntax_error(err: etree.XMLSyntaxError, file: str, line_shift: int = 0) -> InputError:
    line, col = err.position if err.position else (err.lineno or 0, 0)
    msg = err.msg or str(err)
    msg = re.sub(r", line \d+, column \d+.*$", "", msg)
    return InputError(msg, SourceLocation(file, (line or 0) + line_shift), col or None)


@dataclass
class XmlReader:
    """Reads Digester-style XML files under SRC into source-model Elements, resolving `${}`."""

    src: Path
    ctx: PropertyContext
    findings: Findings
    expand_placeholders: bool = True
    names: PathNames | None = None

    def __post_init__(self) -> None:
        self._lines: dict[str, list[str]] = {}
        self._subset = ""  # the DOCTYPE's entity declarations, repeated for each fragment
        self._expanded = 0
        self._in_entity_text = False  # converting an internal entity's text: not the file's lines
        if self.names is None:
            self.names = PathNames(self.src)

    def name(self, path: Path) -> str:
        """How outputs name an input file (relative to SRC, or by the option that supplied it)."""
        assert self.names is not None
        return self.names.name(path)

    @property
    def files_read(self) -> set[str]:
        return set(self._lines)

    def _remember(self, file: str, data: bytes, encoding: str | None = None) -> None:
        if file not in self._lines:
            self._lines[file] = data.decode(encoding or "utf-8", "replace").splitlines()

    def _start_line(self, file: str, reported: int, tag: str) -> int:
        """libxml2 reports the line where a start tag ends; Tomcat users expect where it begins.
        (Within an entity's text the reference's line is kept: the tag is not in the file.)"""
        if self._in_entity_text:
            return reported
        lines = self._lines.get(file, [])
        pattern = re.compile(r"<" + re.escape(tag) + r"(\s|/|>|$)")
        for n in range(min(reported, len(lines)), 0, -1):
            if pattern.search(lines[n - 1]):
                return n
            if reported - n > 200:
                break
        return reported

    def attr_line(self, file: str, start: int, end: int, name: str) -> int:
        lines = self._lines.get(file, [])
        pattern = re.compile(r"(^|\s)" + re.escape(name) + r"\s*=")
        for n in range(start, min(end, len(lines)) + 1):
            if pattern.search(lines[n - 1]):
                return n
        return start

    def read(self, path: Path, *, track: bool = True) -> Element:
        """Read one file; `track` records every attribute and non-blank body as a setting seen
        (off for files only looked at, e.g. other applications' context descriptors)."""
        file = self.name(path)
        try:
            data = read_bytes(path)
        except OSError as e:
            raise InputError(f"cannot read file: {e.strerror}", SourceLocation(file)) from e
        return self.read_data(data, file, path, track=track)

    def read_data(self, data: bytes, file: str, path: Path, *, track: bool = True) -> Element:
        """Read a file given as bytes (e.g. an entry of a .war named `file`); see read()."""
        self._expanded = 0
        self._remember(file, data)
        try:
            root = etree.fromstring(data, _parser())
        except etree.XMLSyntaxError as e:
            raise _syntax_error(e, file) from e
        element = self._convert(root, file, path, "", self._entities(root), depth=0)
        if track:
            self.track(element)
        return element

    def track(self, element: Element) -> None:
        """Record the settings of an element read earlier as seen: from now on the report must
        account for each of them."""
        for node in element.walk():
            for a in node.attrs:
                self.findings.see(node.key(a.name), node.location)
            if node.text:
                self.findings.see(node.key(TEXT), node.location)

    def _attributes(
        self, el: etree._Element, tag: str, file: str, here: str, start: int, end: int
    ) -> tuple[Attr, ...]:
        """Each attribute named by the property Tomcat's setter lookup gives it (model.
        property_name); of two spellings of one property the later wins, as Tomcat sets both in
        file order. A `${}` expansion that does not settle is an error at the attribute."""
        out: dict[str, Attr] = {}
        for k, v in el.attrib.items():
            written, raw = str(k), str(v)
            line = self.attr_line(file, start, end, written)
            name = written if tag in _VERBATIM_TAGS else property_name(written)
            r = self._resolve(raw)
            a = self._attr(name, raw, line, r)
            if name != written:
                a = replace(a, written=written)
            if r.runaway:
                self._runaway(written, r, SourceLocation(file, line, here))
            earlier = out.pop(name, None)
            if earlier is not None:
                key = SettingKey(file, here, earlier.spelling)
                self.findings.see(key, SourceLocation(file, earlier.line, here))
                self.findings.emit(
                    "xml.attribute-overridden",
                    f"<{tag}> {earlier.spelling} and {written} set the same property"
                    f" (Tomcat calls set{name[:1].upper()}{name[1:]} for both); the later,"
                    f" {written} (line {line}), wins, so {earlier.spelling} has no effect",
                    status=Status.IGNORED,
                    location=SourceLocation(file, earlier.line, here),
                    settings=(key,),
                )
            out[name] = a
        return tuple(out.values())

    def _resolve(self, raw: str) -> Resolution:
        if not self.expand_placeholders or "${" not in raw:
            return Resolution(raw, (), ())
        return resolve(raw, self.ctx)

    def _runaway(self, written: str, r: Resolution, loc: SourceLocation) -> None:
        names = ", ".join("${" + placeholder_name(n) + "}" for n in r.runaway)
        self.findings.emit(
            "xml.placeholder-runaway",
            f"{written}: expanding {names} does not finish (more than"
            f" {MAX_PASSES} passes or {MAX_VALUE // 1024} KiB): Tomcat {self.ctx.version}"
            " would loop or run out of memory",
            status=Status.ERROR,
            location=loc,
            hint="fix the property definitions: one refers to itself",
        )

    # -- DOCTYPE entities -------------------------------------------------------------------
    def _entities(self, root: etree._Element) -> dict[str, tuple[str | None, str | None]]:
        """The document's general entities; also keeps their declarations, so that a fragment
        (an entity's text, an included file) can use the other entities as Tomcat's parser does."""
        dtd = root.getroottree().docinfo.internalDTD
        out: dict[str, tuple[str | None, str | None]] = {}
        decls: list[str] = []
        if dtd is not None:
            for ent in dtd.iterentities():
                if ent.name:
                    out[ent.name] = (ent.system_url, ent.content)
                    decls.append(_declaration(ent))
        self._subset = f"<!DOCTYPE {_WRAPPER} [{''.join(decls)}]>" if decls else ""
        return out

    def _include(
        self,
        ref: etree._Entity,
        file: str,
        path: Path,
        parent_path: str,
        entities: dict[str, tuple[str | None, str | None]],
        depth: int,
        line_shift: int = 0,
    ) -> list[Element]:
        name = ref.name or ""
        line = (ref.sourceline or 1) + line_shift
        loc = SourceLocation(file, line, parent_path)
        system, content = entities.get(name, (None, None))
        if system is None:
            if content is None:
                raise InputError(f"entity '&{name};' is not declared", loc)
            return self._entity_text(
                True, content.encode("utf-8"), file, path, parent_path, entities, depth, line - 1
            )
        target_text = resolve(system, self.ctx).value if self.expand_placeholders else system
        target = Path(target_text)
        if not target.is_absolute():
            target = path.parent / target
        assert self.names is not None
        inside = "://" not in target_text and self.names.in_base(target)
        kind = special_kind(target) if inside else None
        if not inside or kind is not None or not target.is_file():
            if not inside:
                why = "it is outside the Tomcat base"
            elif kind is not None:
                why = f"{self.name(target)} is {kind}, not a regular file"
            else:
                why = "it is not a file"
            self.findings.emit(
                "xml.entity-include",
                f"DOCTYPE entity '&{name};' refers to '{mask_url(system)}', which was"
                " not read:"
                f" {why}",
                status=Status.ERROR,
                location=loc,
                hint="Inline the referenced XML, or place the file inside CATALINA_BASE.",
            )
            return []
        inc_file = self.name(target)
        real = Path(os.path.realpath(target))  # checked above; read without following links again
        try:
            data = read_bytes(real, nofollow=True)
        except OSError as e:
            raise InputError(f"cannot read file: {e.strerror}", SourceLocation(inc_file)) from e
        self.findings.emit(
            "xml.entity-include",
            f"DOCTYPE entity '&{name};' includes {inc_file} (read as Tomcat does)",
            status=Status.MAPPED,
            location=loc,
        )
        return self._entity_text(False, data, inc_file, target, parent_path, entities, depth, 0)

    def _entity_text(
        self,
        internal: bool,
        data: bytes,
        file: str,
        path: Path,
        parent_path: str,
        entities: dict[str, tuple[str | None, str | None]],
        depth: int,
        line_shift: int,
    ) -> list[Element]:
        """An entity's replacement text (`internal`) or an included file, as a fragment."""
        outer, self._in_entity_text = self._in_entity_text, internal
        try:
            return self._fragment(data, file, path, parent_path, entities, depth, line_shift)
        finally:
            self._in_entity_text = outer

    def _fragment(
        self,
        data: bytes,
        file: str,
        path: Path,
        parent_path: str,
        entities: dict[str, tuple[str | None, str | None]],
        depth: int,
        line_shift: int = 0,
    ) -> list[Element]:
        if depth > MAX_DEPTH:
            raise InputError(
                f"entity includes nest more than {MAX_DEPTH} deep", SourceLocation(file)
            )
        encoding = "utf-8"
        m = _TEXT_DECL.match(data)
        if m:
            enc = _ENCODING.search(m.group(0))
            if enc:
                encoding = enc.group(1).decode("ascii")
            # keep the line count: replace the text declaration by as many newlines
            data = b"\n" * m.group(0).count(b"\n") + data[m.end() :]
        try:
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as e:
            raise InputError(f"cannot decode as {encoding}: {e}", SourceLocation(file)) from e
        self._lines.setdefault(file, ("\n" * line_shift + text).splitlines())
        # the declarations go on the wrapper's line, so the fragment keeps its line numbers
        wrapped = f"{self._subset}<{_WRAPPER}>{text}</{_WRAPPER}>".encode()
        try:
            root = etree.fromstring(wrapped, _parser())
        except etree.XMLSyntaxError as e:
            raise _syntax_error(e, file, line_shift) from e
        self._expanded += len(text) + sum(len(v) for e in root.iter() for v in e.attrib.values())
        if self._expanded > MAX_EXPANDED:
            raise InputError(
                f"entities expand to more than {MAX_EXPANDED // (1024 * 1024)} MB of XML"
                " (an entity expansion bomb?)",
                SourceLocation(file),
            )
        out: list[Element] = []
        for child in root:
            if isinstance(child, etree._Entity):
                out.extend(
                    self._include(child, file, path, parent_path, entities, depth + 1, line_shift)
                )
            elif isinstance(child.tag, str):
                out.append(
                    self._convert(child, file, path, parent_path, entities, depth + 1, line_shift)
                )
        return out

    # -- elements ---------------------------------------------------------------------------
    def _attr(self, name: str, raw: str, line: int, r: Resolution) -> Attr:
        """Secret values are wrapped here, at the source: see Attr."""
        if is_secret_name(name):
            names = tuple(dict.fromkeys(placeholder_name(n) for n in r.unresolved))
            return Attr(name, MASK, MASK, names, line, r.used, Secret(r.value, name))
        if has_url_credentials(raw) or has_url_credentials(r.value):
            shown = mask_url(raw), mask_url(r.value)
            return Attr(name, *shown, r.unresolved, line, r.used, Secret(r.value, name))
        return Attr(name, raw, r.value, r.unresolved, line, r.used)

    def _convert(
        self,
        el: etree._Element,
        file: str,
        path: Path,
        parent_path: str,
        entities: dict[str, tuple[str | None, str | None]],
        depth: int,
        line_shift: int = 0,
    ) -> Element:
        tag = str(el.tag)
        if tag.startswith("{"):
            tag = tag.split("}", 1)[1]
        here = f"{parent_path}/{tag}" if parent_path else tag
        raw_children: list[Element] = []
        for child in el:
            if isinstance(child, etree._Entity):
                raw_children.extend(
                    self._include(child, file, path, here, entities, depth, line_shift)
                )
            elif isinstance(child.tag, str):
                raw_children.append(
                    self._convert(child, file, path, here, entities, depth, line_shift)
                )
        children = _label_children(raw_children, here)
        text = (el.text or "").strip()
        reported = (el.sourceline or 0) + line_shift
        start = self._start_line(file, reported, tag)
        attrs = self._attributes(el, tag, file, here, start, reported)
        loc = SourceLocation(file, start, here)
        return Element(tag, loc, attrs, tuple(children), text)


def _declaration(ent: _DTDEntityDecl) -> str:
    """An entity declaration as written in the DOCTYPE, on one line."""

    def literal(text: str) -> str:  # the original quotes: a literal cannot hold its own quote
        quote = "'" if '"' in text else '"'
        return f"{quote}{text}{quote}"

    if ent.system_url is not None:
        return f"<!ENTITY {ent.name} SYSTEM {literal(ent.system_url)}>"
    return f"<!ENTITY {ent.name} {literal((ent.orig or '').replace(chr(10), '&#10;'))}>"


def _label(el: Element, old: str, label: str) -> Element:
    """Re-root an element's path (and its children's) under a disambiguated label."""
    loc = el.location
    new_path = label + loc.path[len(old) :] if loc.path.startswith(old) else loc.path
    return Element(
        el.tag,
        SourceLocation(loc.file, loc.line, new_path),
        el.attrs,
        tuple(_label(c, old, label) for c in el.children),
        el.text,
    )


def _label_children(children: list[Element], parent: str) -> list[Element]:
    """Give siblings stable, unique paths: Tag, Tag[@name='x'], or Tag[n] (linear in siblings)."""
    tags = Counter(c.tag for c in children)
    names = Counter((c.tag, c.get("name")) for c in children)
    out: list[Element] = []
    counters: dict[str, int] = {}
    for c in children:
        counters[c.tag] = counters.get(c.tag, 0) + 1
        prefix = f"{parent}/{c.tag}" if parent else c.tag
        name = c.get("name")
        if tags[c.tag] == 1:
            label = prefix
        elif name is not None and names[(c.tag, name)] == 1:
            label = f"{prefix}[@name='{name}']"
        else:
            label = f"{prefix}[{counters[c.tag]}]"
        out.append(c if label == c.location.path else _label(c, c.location.path, label))
    return out
