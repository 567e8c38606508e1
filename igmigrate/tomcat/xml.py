"""The one hardened XML reader: Tomcat's XML files as source-model Elements and attributes.

Parsing and DOCTYPE entities (no network, no DTD loading, bombs refused, SRC-only includes) are
xml_doctype's; this module names each attribute as Tomcat's setter lookup does, resolves `${}`
placeholders, wraps secret values at the source, tracks every setting as seen, and gives
siblings stable paths (`Tag`, `Tag[@name='x']`, `Tag[n]`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from igmigrate.errors import InputError
from igmigrate.findings import Findings, SettingKey, SourceLocation, Status
from igmigrate.rules import applies
from igmigrate.secretvalue import (
    MASK,
    Secret,
    has_url_credentials,
    is_secret_name,
    mask_url,
    placeholder_name,
)
from igmigrate.tomcat.files import read_bytes
from igmigrate.tomcat.model import TEXT, Attr, Element, property_name
from igmigrate.tomcat.paths import PathNames
from igmigrate.tomcat.placeholders import (
    MAX_PASSES,
    MAX_VALUE,
    PropertyContext,
    Resolution,
    resolve,
)
from igmigrate.tomcat.xml_doctype import Entities, EntityReader, parser, syntax_error

# Naming resources keep unknown attribute names verbatim (ResourceBase.setProperty): not renamed.
_VERBATIM_TAGS = frozenset({"Resource", "ResourceLink", "Environment"})
# Size bounds of one XML file (README "Limits"): a real server.xml is under 20 kB and 50
# elements (the shared corpus), Tomcat's own conf/web.xml, mime-mappings and all, a few thousand;
# each element costs milliseconds and kilobytes through mapping and reports: past these, refused.
MAX_XML_BYTES = 16 * 1024 * 1024
MAX_ELEMENTS = 10_000


@dataclass
class XmlReader(EntityReader):
    """Reads Digester-style XML files under SRC into source-model Elements, resolving `${}`."""

    src: Path
    ctx: PropertyContext
    findings: Findings
    names: PathNames | None = None

    def __post_init__(self) -> None:
        self._lines = {}
        self._subset = ""
        self._expanded = 0
        self._elements = 0
        self._in_entity_text = False
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
            data = read_bytes(path, limit=MAX_XML_BYTES)
        except OSError as e:
            raise InputError(f"cannot read file: {e.strerror}", SourceLocation(file)) from e
        return self.read_data(data, file, path, track=track)

    def read_data(self, data: bytes, file: str, path: Path, *, track: bool = True) -> Element:
        """Read a file given as bytes (e.g. an entry of a .war named `file`); see read()."""
        self._expanded = 0
        if len(data) > MAX_XML_BYTES:
            raise InputError(
                f"not read: larger than {MAX_XML_BYTES >> 20} MiB ({len(data)} bytes), the limit"
                " for an XML file",
                SourceLocation(file),
            )
        self._remember(file, data)
        try:
            root = etree.fromstring(data, parser())
        except etree.XMLSyntaxError as e:
            raise syntax_error(e, file) from e
        self._elements = 0
        for n, el in enumerate(root.iter(etree.Element), 1):
            if n > MAX_ELEMENTS:
                tag = etree.QName(el).localname
                raise InputError(
                    f"not read: more than {MAX_ELEMENTS} elements (element <{tag}> here),"
                    " the limit for an XML file",
                    SourceLocation(file, el.sourceline or 0),
                )
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

    @applies("xml.attribute-overridden")
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
        if "${" not in raw:
            return Resolution(raw, (), ())
        return resolve(raw, self.ctx)

    @applies("xml.placeholder-runaway")
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
        entities: Entities,
        depth: int,
        line_shift: int = 0,
    ) -> Element:
        tag = str(el.tag)
        if tag.startswith("{"):
            tag = tag.split("}", 1)[1]
        self._elements += 1
        if self._elements > MAX_ELEMENTS:  # elements brought in by entities count as well
            raise InputError(
                f"not read: more than {MAX_ELEMENTS} elements with its entities expanded,"
                " the limit for an XML file",
                SourceLocation(file, (el.sourceline or 0) + line_shift),
            )
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
