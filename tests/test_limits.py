"""Size bounds: past each limit an input is refused with an error naming the file and the limit.

The limits are monkeypatched down so that each test stays small; tests/bench/sizes.py (`make
sizes`) measures the real sizes stated in the README's "Limits" section.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from igmigrate.config import Config
from igmigrate.convert import convert
from igmigrate.errors import EXIT_FAILED, IgMigrateError, InputError
from igmigrate.findings import Findings
from igmigrate.ig import instance, json_text
from igmigrate.ig.json_text import JsonTextError, parse
from igmigrate.tomcat import setenv, xml
from igmigrate.tomcat.files import TooLarge, read_bytes
from igmigrate.tomcat.placeholders import PropertyContext
from igmigrate.tomcat.version import TomcatVersion
from tests.tomcat_tree import one_service, tomcat

ROOT = Path(__file__).resolve().parents[1]


def _connectors(n: int) -> str:
    return one_service("\n    ".join(f'<Connector port="{9000 + i}"/>' for i in range(n)))


def test_read_bytes_refuses_a_file_past_its_limit(tmp_path: Path) -> None:
    f = tmp_path / "f"
    f.write_bytes(b"x" * 11)
    assert read_bytes(f, limit=11) == b"x" * 11
    with pytest.raises(TooLarge, match=r"larger than 10 bytes \(11 bytes\)"):
        read_bytes(f, limit=10)


def test_server_xml_past_the_byte_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tomcat(tmp_path, _connectors(3))
    monkeypatch.setattr(xml, "MAX_XML_BYTES", 100)
    with pytest.raises(InputError) as err:
        convert(Config(src=src))
    assert str(err.value).startswith("conf/server.xml: cannot read file: it is larger than 100")
    assert "the limit for this file" in str(err.value)


def test_xml_data_past_the_byte_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bytes read elsewhere (an entry of a .war) meet the same limit."""
    src = tomcat(tmp_path, _connectors(1))
    monkeypatch.setattr(xml, "MAX_XML_BYTES", 1024)
    reader = xml.XmlReader(src, PropertyContext(TomcatVersion.parse("9.0.85")), Findings())
    data = b"<web-app>" + b" " * 2000 + b"</web-app>"
    with pytest.raises(InputError, match=r"^x\.war!/WEB-INF/web\.xml: not read: larger than"):
        reader.read_data(data, "x.war!/WEB-INF/web.xml", src / "x.war")


def test_server_xml_with_too_many_elements_is_refused_at_the_first_one_past(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xml, "MAX_ELEMENTS", 8)
    assert not convert(Config(src=tomcat(tmp_path / "ok", _connectors(3)))).findings.has_errors()
    with pytest.raises(InputError) as err:
        convert(Config(src=tomcat(tmp_path / "big", _connectors(5))))
    # Server, Service, 5 Connectors (lines 4-8), Engine: the 9th element, <Host>, is on line 10
    assert str(err.value) == (
        "conf/server.xml:10: not read: more than 8 elements (element <Host> here),"
        " the limit for an XML file"
    )


def test_elements_brought_in_by_an_entity_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = one_service("&many;").replace(
        '<?xml version="1.0"?>',
        '<?xml version="1.0"?>\n<!DOCTYPE Server [<!ENTITY many "'
        + "<Connector port='1'/>" * 6
        + '">]>',
    )
    monkeypatch.setattr(xml, "MAX_ELEMENTS", 8)
    with pytest.raises(InputError, match="more than 8 elements with its entities expanded"):
        convert(Config(src=tomcat(tmp_path, body)))


def test_setenv_past_the_line_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = "".join(f"export V{i}=v{i}\n" for i in range(11))
    src = tomcat(tmp_path, _connectors(1), files={"bin/setenv.sh": lines})
    monkeypatch.setattr(setenv, "MAX_SETENV_LINES", 11)
    convert(Config(src=src))
    monkeypatch.setattr(setenv, "MAX_SETENV_LINES", 10)
    with pytest.raises(InputError) as err:
        convert(Config(src=src))
    assert str(err.value) == (
        f"bin/setenv.sh: not read: {len(lines)} bytes in 11 lines, past the limits for setenv.sh"
        " (2 MiB, 10 lines)"
    )


def test_setenv_past_the_byte_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tomcat(tmp_path, _connectors(1), files={"bin/setenv.sh": "# " + "x" * 2000 + "\n"})
    monkeypatch.setattr(setenv, "MAX_SETENV_BYTES", 2003)
    convert(Config(src=src))
    monkeypatch.setattr(setenv, "MAX_SETENV_BYTES", 2002)
    with pytest.raises(InputError, match=r"^bin/setenv\.sh: not read: 2003 bytes in 1 lines, past"):
        convert(Config(src=src))


def _ig(tmp_path: Path, routes: int, size: int = 2) -> Path:
    ig = tmp_path / "ig"
    (ig / "config" / "routes").mkdir(parents=True)
    for i in range(routes):
        (ig / "config" / "routes" / f"{i:02d}.json").write_text("{" + " " * (size - 2) + "}")
    return ig


def test_ig_instance_with_too_many_files_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ig = _ig(tmp_path, 4)
    monkeypatch.setattr(instance, "MAX_FILES", 4)
    assert len(instance.read_instance(ig).files) == 4
    monkeypatch.setattr(instance, "MAX_FILES", 3)
    with pytest.raises(IgMigrateError) as err:
        instance.read_instance(ig)
    assert str(err.value) == (
        "--ig-instance:config/routes/03.json: not read: the instance has more than 3 files,"
        " the limit"
    )


def test_ig_instance_file_and_total_sizes_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ig = _ig(tmp_path, 3, size=40)
    monkeypatch.setattr(instance, "MAX_FILE_BYTES", 39)
    with pytest.raises(IgMigrateError, match=r"^--ig-instance:config/routes/00\.json: not read"):
        instance.read_instance(ig)
    monkeypatch.setattr(instance, "MAX_FILE_BYTES", 40)
    monkeypatch.setattr(instance, "MAX_TOTAL_BYTES", 100)
    with pytest.raises(IgMigrateError, match=r"routes/02\.json: .* add up to more than 0 MiB"):
        instance.read_instance(ig)


def test_json_nesting_past_the_limit_is_a_json_error_not_a_recursion_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    deep = "[" * json_text.MAX_NESTING + "]" * json_text.MAX_NESTING
    assert parse(deep).kind == "array"
    with pytest.raises(JsonTextError) as err:
        parse('{"a":\n' + "[" * (json_text.MAX_NESTING + 1) + "]" * (json_text.MAX_NESTING + 1))
    assert (err.value.line, err.value.col) == (2, json_text.MAX_NESTING)
    assert "nest more than 200 deep" in err.value.why
    with pytest.raises(JsonTextError):  # far past Python's recursion limit: still a JSON error
        parse("[" * 100_000)


def test_the_cli_names_the_file_and_the_limit_and_exits_1(tmp_path: Path) -> None:
    """Through the real CLI, at the real limit: a server.xml one byte past 16 MiB."""
    src = tomcat(tmp_path / "in", _connectors(1))
    server = src / "conf" / "server.xml"
    text = server.read_bytes()
    server.write_bytes(text + b" " * (xml.MAX_XML_BYTES + 1 - len(text)))
    p = subprocess.run(
        [sys.executable, "-m", "igmigrate", "convert", str(src), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert p.returncode == EXIT_FAILED
    assert "conf/server.xml: cannot read file: it is larger than 16 MiB (16 MiB)" in p.stderr
    assert str(tmp_path) not in p.stderr + p.stdout
    assert not (tmp_path / "out").exists()
