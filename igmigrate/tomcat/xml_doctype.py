"""What a DOCTYPE may do in a Tomcat XML file: the hardened parser and entity inclusion.

The parser never touches the network, loads no DTD and keeps libxml2's amplification limits.
General entities are expanded here, as Tomcat's Digester does: an internal entity's text, or an
external (SYSTEM) entity's file, only when that file is a regular file inside the Tomcat base
(anything else is an `xml.entity-include` error and nothing is read). Each fragment is parsed
with the document's other entity declarations, so it may use them. Bombs are refused: includes
and references nest at most MAX_DEPTH deep, and one file expands to at most MAX_EXPANDED
characters of included text and attribute values (a real server.xml is a few hundred kB).
`EntityReader` is the base of XmlReader, which converts the elements (`_convert`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from igmigrate.errors import InputError
from igmigrate.findings import Findings, SourceLocation, Status
from igmigrate.rules import applies
from igmigrate.secretvalue import mask_url
from igmigrate.tomcat.files import read_bytes, special_kind
from igmigrate.tomcat.model import Element
from igmigrate.tomcat.paths import PathNames
from igmigrate.tomcat.placeholders import PropertyContext, resolve

if TYPE_CHECKING:
    from lxml.etree._dtd import _DTDEntityDecl

_TEXT_DECL = re.compile(rb"^\s*<\?xml[^>]*\?>")
_ENCODING = re.compile(rb"encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_WRAPPER = "igmigrate-include"
MAX_DEPTH = 8
MAX_EXPANDED = 16 * 1024 * 1024
Entities = dict[str, tuple[str | None, str | None]]  # name -> (system URL, replacement text)


def parser() -> etree.XMLParser:
    """The one parser configuration every Tomcat XML file is read with."""
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


def syntax_error(err: etree.XMLSyntaxError, file: str, line_shift: int = 0) -> InputError:
    line, col = err.position if err.position else (err.lineno or 0, 0)
    msg = err.msg or str(err)
    msg = re.sub(r", line \d+, column \d+.*$", "", msg)
    return InputError(msg, SourceLocation(file, (line or 0) + line_shift), col or None)


class EntityReader:
    """Entity expansion for XmlReader: the state it shares with the element reader."""

    src: Path
    ctx: PropertyContext
    findings: Findings
    names: PathNames | None
    _lines: dict[str, list[str]]  # each file's lines, to find where a tag starts
    _subset: str  # the DOCTYPE's entity declarations, repeated for each fragment
    _expanded: int  # characters expanded so far in the current file
    _in_entity_text: bool  # converting an internal entity's text: not the file's lines

    def name(self, path: Path) -> str:
        raise NotImplementedError

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
        raise NotImplementedError

    def _entities(self, root: etree._Element) -> Entities:
        """The document's general entities; also keeps their declarations, so that a fragment
        (an entity's text, an included file) can use the other entities as Tomcat's parser does."""
        dtd = root.getroottree().docinfo.internalDTD
        out: Entities = {}
        decls: list[str] = []
        if dtd is not None:
            for ent in dtd.iterentities():
                if ent.name:
                    out[ent.name] = (ent.system_url, ent.content)
                    decls.append(_declaration(ent))
        self._subset = f"<!DOCTYPE {_WRAPPER} [{''.join(decls)}]>" if decls else ""
        return out

    @applies("xml.entity-include")
    def _include(
        self,
        ref: etree._Entity,
        file: str,
        path: Path,
        parent_path: str,
        entities: Entities,
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
        target_text = resolve(system, self.ctx).value
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
        entities: Entities,
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
        entities: Entities,
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
            root = etree.fromstring(wrapped, parser())
        except etree.XMLSyntaxError as e:
            raise syntax_error(e, file, line_shift) from e
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


def _declaration(ent: _DTDEntityDecl) -> str:
    """An entity declaration as written in the DOCTYPE, on one line."""

    def literal(text: str) -> str:  # the original quotes: a literal cannot hold its own quote
        quote = "'" if '"' in text else '"'
        return f"{quote}{text}{quote}"

    if ent.system_url is not None:
        return f"<!ENTITY {ent.name} SYSTEM {literal(ent.system_url)}>"
    return f"<!ENTITY {ent.name} {literal((ent.orig or '').replace(chr(10), '&#10;'))}>"
