"""A FIFO or directory where Tomcat expects a file never blocks: a finding or an error."""

from __future__ import annotations

import os
import signal
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from igmigrate.config import Config
from igmigrate.convert import Result, convert
from igmigrate.errors import InputError
from igmigrate.tomcat.files import NotRegularFile, read_bytes
from tests.tomcat_tree import one_service, tomcat

TLS = (
    '<Connector port="8443" SSLEnabled="true" scheme="https" secure="true"'
    ' keystoreFile="conf/ks.p12" keystorePass="changeit"/>'
)


class Hung(Exception):
    pass


@contextmanager
def deadline(seconds: int = 20) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the body blocks, e.g. opening a FIFO."""

    def fire(signum: int, frame: object) -> None:
        raise Hung(f"still blocked after {seconds}s")

    old = signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def fifo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    os.mkfifo(path)


def run(src: Path) -> Result | InputError:
    with deadline():
        try:
            return convert(Config(src=src))
        except InputError as e:
            return e


def mentions(result: Result | InputError, rel: str) -> bool:
    if isinstance(result, InputError):
        return rel in str(result)
    return any(rel in str(f.location) or rel in f.message for f in result.findings)


@pytest.mark.parametrize(
    "rel",
    [
        "bin/setenv.sh",
        "lib/catalina.jar",
        "conf/catalina.properties",
        "conf/Catalina/localhost/manager.xml",
        "conf/connectors.xml",
        "conf/ks.p12",
        "webapps/ROOT/WEB-INF/web.xml",
    ],
)
def test_a_fifo_in_place_of_an_input_file_is_named_and_does_not_block(
    tmp_path: Path, rel: str
) -> None:
    server = one_service(TLS + "&c;").replace(
        '<?xml version="1.0"?>', '<!DOCTYPE s [<!ENTITY c SYSTEM "connectors.xml">]>'
    )
    src = tomcat(tmp_path / "t", server, files={"conf/connectors.xml": "<!-- none -->"})
    fifo(src / rel)
    result = run(src)
    assert mentions(result, rel), result
    text = (
        str(result)
        if isinstance(result, InputError)
        else "\n".join(f.message for f in result.findings)
    )
    assert str(tmp_path) not in text


def test_a_fifo_as_server_xml_is_an_input_error_naming_it(tmp_path: Path) -> None:
    src = tomcat(tmp_path / "t", one_service('<Connector port="8080"/>'))
    fifo(src / "conf/server.xml")
    result = run(src)
    assert isinstance(result, InputError)
    assert "conf/server.xml" in str(result) and "FIFO" in str(result)


def test_a_fifo_war_in_appbase_does_not_block(tmp_path: Path) -> None:
    src = tomcat(tmp_path / "t", one_service('<Connector port="8080"/>'), gateway=None)
    war = src / "webapps/ROOT.war"
    war.parent.mkdir(parents=True)
    with zipfile.ZipFile(war, "w") as z:
        z.writestr("WEB-INF/lib/openig-core-7.2.0.jar", b"jar")
    fifo(src / "webapps/other.war")
    result = run(src)
    assert isinstance(result, Result) and result.loaded and result.loaded.gateway
    assert result.loaded.gateway.path == "webapps/ROOT.war"


def test_reader_refuses_fifo_and_directory_without_blocking(tmp_path: Path) -> None:
    fifo(tmp_path / "p")
    (tmp_path / "d").mkdir()
    with deadline():
        with pytest.raises(NotRegularFile, match="FIFO"):
            read_bytes(tmp_path / "p")
        with pytest.raises(NotRegularFile, match="directory"):
            read_bytes(tmp_path / "d")
    (tmp_path / "f").write_bytes(b"ok")
    assert read_bytes(tmp_path / "f") == b"ok"
