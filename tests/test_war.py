"""A .war read in place: entry count, duplicate names, lying headers, truncation — each a
finding naming the archive, never a crash, never unbounded memory."""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
from pathlib import Path

import pytest

from igmigrate.config import Config
from igmigrate.convert import Result, convert
from igmigrate.findings import Finding, Status
from igmigrate.tomcat import war
from igmigrate.tomcat.war import BadWar, entry_count, open_war, read_entry
from tests.tomcat_tree import GATEWAY_WEB_XML, one_service, tomcat

WEB_XML = "WEB-INF/web.xml"


def _src(tmp_path: Path, build: dict[str, bytes] | None = None) -> tuple[Path, Path]:
    src = tomcat(tmp_path / "t", one_service('<Connector port="8080"/>'), gateway=None)
    path = src / "webapps" / "ROOT.war"
    path.parent.mkdir(parents=True)
    if build is not None:
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
            for name, data in build.items():
                z.writestr(name, data)
    return src, path


def _unreadable(r: Result) -> list[Finding]:
    return [f for f in r.findings if f.rule == "webapp.descriptor-unreadable"]


def test_entry_count_reads_the_end_record_and_its_zip64_form() -> None:
    small = io.BytesIO()
    with zipfile.ZipFile(small, "w") as z:
        for i in range(3):
            z.writestr(f"e{i}", b"")
        z.comment = b"PK\x05\x06 inside the comment is not the record"
    assert entry_count(small) == 3
    big = io.BytesIO()
    with zipfile.ZipFile(big, "w") as z:  # past 65,535 entries zipfile writes the zip64 record
        for i in range(70_000):
            z.writestr(zipfile.ZipInfo(f"{i}"), b"")
    assert entry_count(big) == 70_000
    assert entry_count(io.BytesIO(b"not a zip")) is None


def test_a_war_declaring_too_many_entries_is_refused_before_zipfile_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(war, "MAX_ENTRIES", 50)
    src, path = _src(tmp_path, {WEB_XML: GATEWAY_WEB_XML.encode()})
    with zipfile.ZipFile(path, "a") as z:
        for i in range(60):
            z.writestr(f"static/{i}.html", b"")
    with path.open("rb") as fh, pytest.raises(BadWar, match="61 entries"):
        open_war(fh)
    # the gateway cannot be found in it either: the .war is not read at all
    r = convert(Config(src=src, app_path=path))
    [bad] = _unreadable(r)  # once for the archive, not once per descriptor
    assert str(bad.location) == "webapps/ROOT.war!/META-INF/context.xml"
    assert "61 entries" in bad.message and bad.status is Status.ERROR


def test_a_name_present_twice_is_refused_not_guessed(tmp_path: Path) -> None:
    src, path = _src(tmp_path)
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w") as z:
        warnings.simplefilter("ignore")  # zipfile warns "Duplicate name", and writes it
        z.writestr(WEB_XML, GATEWAY_WEB_XML)
        z.writestr("META-INF/context.xml", '<Context sessionCookieName="A"/>')
        z.writestr("META-INF/context.xml", '<Context sessionCookieName="B"/>')
    with path.open("rb") as fh, open_war(fh) as z, pytest.raises(BadWar, match="2 times"):
        read_entry(z, "META-INF/context.xml")
    r = convert(Config(src=src))
    [bad] = _unreadable(r)
    assert str(bad.location) == "webapps/ROOT.war!/META-INF/context.xml"
    assert "appears 2 times" in bad.message


def test_a_header_that_lies_about_the_size_is_caught_by_the_crc(tmp_path: Path) -> None:
    body = GATEWAY_WEB_XML.encode() + b"<!--" + b"x" * 100_000 + b"-->"
    src, path = _src(tmp_path, {WEB_XML: body})
    data = bytearray(path.read_bytes())
    cd = data.rfind(b"PK\x01\x02")  # the central directory entry: uncompressed size at +24
    struct.pack_into("<I", data, cd + 24, 100)
    path.write_bytes(bytes(data))
    with path.open("rb") as fh, open_war(fh) as z:
        assert z.getinfo(WEB_XML).file_size == 100
    r = convert(Config(src=src, app_path=path))
    [bad] = [f for f in _unreadable(r) if WEB_XML in str(f.location)]
    assert "cannot read the .war" in bad.message and "CRC" in bad.message


def test_a_truncated_war_is_reported_with_its_name(tmp_path: Path) -> None:
    src, path = _src(tmp_path, {WEB_XML: GATEWAY_WEB_XML.encode()})
    path.write_bytes(path.read_bytes()[:-30])
    r = convert(Config(src=src, app_path=path))
    [bad] = _unreadable(r)
    assert str(bad.location) == "webapps/ROOT.war!/META-INF/context.xml"
    assert "cannot read the .war" in bad.message and bad.status is Status.ERROR
