"""The hardened XML reader: line numbers, includes confined to SRC, bombs and bad XML refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from igmigrate.errors import InputError
from igmigrate.findings import Findings, Status
from igmigrate.tomcat.placeholders import PropertyContext, PropertyValue
from igmigrate.tomcat.version import TomcatVersion
from igmigrate.tomcat.xml import XmlReader


def reader(src: Path, **props: str) -> tuple[XmlReader, Findings]:
    f = Findings()
    c = PropertyContext(TomcatVersion.parse("9.0.85"))
    c.system = {k: PropertyValue(v, "t") for k, v in props.items()}
    return XmlReader(src, c, f), f


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_start_line_and_attribute_lines_of_a_multiline_tag(tmp_path: Path) -> None:
    f = write(
        tmp_path / "conf/server.xml",
        '<Server>\n  <Connector\n     port="8080"\n     protocol="AJP/1.3"/>\n</Server>\n',
    )
    r, _ = reader(tmp_path)
    conn = r.read(f).children[0]
    assert conn.location.line == 2
    assert conn.location.file == "conf/server.xml"
    assert conn.at("port").line == 3
    assert conn.at("protocol").line == 4


def test_malformed_xml_names_file_line_and_column(tmp_path: Path) -> None:
    f = write(tmp_path / "conf/server.xml", '<Server>\n<Connector keystorePass="<changeit>"/>\n')
    r, _ = reader(tmp_path)
    with pytest.raises(InputError) as e:
        r.read(f)
    assert str(e.value).startswith("conf/server.xml:2:")
    assert "<" in str(e.value)


def test_entity_expansion_bomb_is_refused(tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    f = write(
        tmp_path / "conf/server.xml",
        f'<!DOCTYPE s [<!ENTITY l0 "lol">{lol}]>\n<Server a="&l9;"/>\n',
    )
    r, _ = reader(tmp_path)
    with pytest.raises(InputError, match=r"amplification|entity"):
        r.read(f)


def test_external_entity_inside_src_is_included_with_its_own_lines(tmp_path: Path) -> None:
    write(tmp_path / "conf/c.xml", '<?xml version="1.0"?>\n\n<Connector port="${p}"/>\n')
    f = write(
        tmp_path / "conf/server.xml",
        '<!DOCTYPE s [<!ENTITY c SYSTEM "c.xml">]>\n<Server>\n  <Service>&c;</Service>\n'
        "</Server>\n",
    )
    r, findings = reader(tmp_path, p="9090")
    conn = r.read(f).children[0].children[0]
    assert conn.tag == "Connector"
    assert (conn.location.file, conn.location.line) == ("conf/c.xml", 3)
    assert conn.get("port") == "9090"
    assert [x.status for x in findings] == [Status.MAPPED]


@pytest.mark.parametrize("system", ["/etc/passwd", "../../outside.xml", "http://example.com/x"])
def test_external_entity_outside_src_is_an_error_and_not_read(tmp_path: Path, system: str) -> None:
    base = tmp_path / "base"
    write(tmp_path / "outside.xml", "<Connector port='1'/>")
    f = write(
        base / "conf/server.xml",
        f'<!DOCTYPE s [<!ENTITY c SYSTEM "{system}">]>\n<Server>&c;</Server>\n',
    )
    r, findings = reader(base)
    root = r.read(f)
    assert root.children == ()
    errors = [x for x in findings if x.status is Status.ERROR]
    assert len(errors) == 1 and errors[0].location and errors[0].location.line == 2


def test_declared_latin1_encoding_is_honoured(tmp_path: Path) -> None:
    f = write(
        tmp_path / "web.xml",
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<a n="\xa9 2024"/>\n'.encode("latin-1"),
    )
    r, _ = reader(tmp_path)
    assert r.read(f).get("n") == "© 2024"


def test_every_attribute_is_recorded_as_a_setting_seen(tmp_path: Path) -> None:
    f = write(
        tmp_path / "s.xml", '<Server port="1"><Service name="a"/><Service name="b"/></Server>'
    )
    r, findings = reader(tmp_path)
    r.read(f)
    paths = sorted((k.path, k.name) for k in findings.seen)
    assert paths == [
        ("Server", "port"),
        ("Server/Service[@name='a']", "name"),
        ("Server/Service[@name='b']", "name"),
    ]


def test_siblings_without_names_get_indexes(tmp_path: Path) -> None:
    f = write(tmp_path / "s.xml", "<Server><Listener/><Listener/><Service/></Server>")
    r, _ = reader(tmp_path)
    root = r.read(f)
    assert [c.location.path for c in root.children] == [
        "Server/Listener[1]",
        "Server/Listener[2]",
        "Server/Service",
    ]


def test_entity_whose_text_uses_another_entity_is_read_as_tomcat_does(tmp_path: Path) -> None:
    f = write(
        tmp_path / "conf/server.xml",
        '<!DOCTYPE s [<!ENTITY p1 "8080"><!ENTITY c "<Connector port=\'&p1;\'/>">'
        '<!ENTITY l "<Listener/>"><!ENTITY both "&l;&c;">]>\n<Server>\n<Service>&both;</Service>'
        "\n</Server>\n",
    )
    r, _ = reader(tmp_path)
    service = r.read(f).children[0]
    assert [c.tag for c in service.children] == ["Listener", "Connector"]
    assert service.children[1].get("port") == "8080"
    assert service.children[1].location.line == 3


def test_included_file_may_use_an_entity_of_the_including_doctype(tmp_path: Path) -> None:
    write(tmp_path / "conf/c.xml", '<Connector port="&p1;"/>\n&extra;\n')
    f = write(
        tmp_path / "conf/server.xml",
        '<!DOCTYPE s [<!ENTITY p1 "8443"><!ENTITY extra "<Connector port=\'8009\'/>">'
        '<!ENTITY c SYSTEM "c.xml">]>\n<Server>\n  <Service>&c;</Service>\n</Server>\n',
    )
    r, findings = reader(tmp_path)
    conns = r.read(f).children[0].children
    assert [(c.get("port"), c.location.file, c.location.line) for c in conns] == [
        ("8443", "conf/c.xml", 1),
        ("8009", "conf/c.xml", 2),
    ]
    assert not [x for x in findings if x.status is Status.ERROR]


def test_entity_bomb_in_element_content_is_refused_quickly(tmp_path: Path) -> None:
    fan = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 30}">' for i in range(1, 7))
    f = write(
        tmp_path / "conf/server.xml",
        f'<!DOCTYPE s [<!ENTITY l0 "<Listener/>">{fan}]>\n<Server>&l6;</Server>\n',
    )
    r, _ = reader(tmp_path)
    with pytest.raises(InputError, match="entit"):
        r.read(f)


def test_entity_bomb_in_an_attribute_of_an_entity_text_is_refused(tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    f = write(
        tmp_path / "conf/server.xml",
        f'<!DOCTYPE s [<!ENTITY l0 "lol">{lol}<!ENTITY c "<Connector a=\'&l9;\'/>">]>\n'
        "<Server>&c;</Server>\n",
    )
    r, _ = reader(tmp_path)
    with pytest.raises(InputError, match=r"amplification|entit"):
        r.read(f)
