"""Conformance: Tomcat 10.1's own server.xml parser is the judge of igmigrate's connector table.

``tests/conformance/TomcatDump.java`` is compiled once per session against the Debian ``tomcat10``
jars and run on every Tomcat base under test (``samples/*/input`` with a ``conf/server.xml``, plus
every ``server.xml`` of the shared corpus). It parses ``conf/server.xml`` with
``Catalina.createStartDigester()`` after loading ``conf/catalina.properties`` the way Tomcat does,
and prints one JSON line per Connector. Nothing is started: no port is bound.

Comparison rules (fields of the ``igmigrate.inspect.connector_table`` contract only; both sides
are asked the Tomcat 10.1 question, ``tomcat_version="10.1"``):

* Connectors: same count, same order (Service order, then file order); ``service`` equal.
* ``port`` / ``port_with_offset``: igmigrate ``None`` (attribute missing or not a valid int after
  ``${}`` substitution, e.g. ``[PKI_PORT]``, ``$[ca.https.port]``) <=> Tomcat ``-1`` (the
  endpoint default, left in place when ``Integer.valueOf`` fails); otherwise equal.
* ``protocol_class``: equal. Vendor protocol classes that are not installed here are replaced by
  a generated subclass with the same name (``--stub-missing-classes``), so Tomcat reports the
  name as written, as it would with the vendor jar present.
* ``ssl_enabled``: equal; a protocol handler without an ``SSLEnabled`` property (AJP) reports
  null, which must match ``False``.
* ``address``: Tomcat reports the resolved ``InetAddress``; AJP connectors default to loopback.
  igmigrate's value (or, for AJP without one, ``127.0.0.1``) is compared as an IP address;
  ``localhost`` counts as ``127.0.0.1``; other host names and non-Tomcat template slots are not
  compared (Tomcat would need DNS, or drops the unparsable value with a WARN).
* A file Tomcat rejects (exit 2: not well-formed XML, e.g. ``keystorePass="<changeit>"``; exit 3:
  one of Tomcat's own Digester rules failed) must make igmigrate raise ``InputError``.
* Vendor ``Listener``/``Valve``/``Realm`` classes not installed here are replaced by inert
  stand-ins instead of failing the whole parse (reported as ``stub`` lines): a real deployment
  has them in its ``lib/``, and they do not affect connectors.

Without ``javac``/``java`` or ``/usr/share/tomcat10/lib`` the oracle tests are skipped with a
reason, unless ``IGMIGRATE_REQUIRE_TOMCAT=1`` (CI), which turns the skip into a failure.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import EllipsisType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
JAVA_SOURCE = Path(__file__).resolve().parent / "conformance" / "TomcatDump.java"
TOMCAT_LIB = Path("/usr/share/tomcat10/lib")
TOMCAT_JULI = Path("/usr/share/tomcat10/bin/tomcat-juli.jar")
CORPUS = Path(os.environ.get("IGMIGRATE_CORPUS", str(REPO.parent / "shared" / "corpus")))
SKIP_REASON = "Tomcat 10 (Debian tomcat10) or a JDK is not installed: conformance not checked"
COMPILE_TIMEOUT = 180
RUN_TIMEOUT = 60
CORPUS_SERVER_XML = re.compile(r"(^|__)server(\.[0-9a-f]+)?\.xml$")
HTTP11_NIO = "org.apache.coyote.http11.Http11NioProtocol"
AJP_NIO = "org.apache.coyote.ajp.AjpNioProtocol"


# --------------------------------------------------------------------------- the oracle


@dataclass
class Dump:
    """What Tomcat made of one CATALINA_BASE."""

    returncode: int
    stderr: str
    server: dict[str, Any] | None = None
    connectors: list[dict[str, Any]] = field(default_factory=list)
    stubs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return self.returncode in (2, 3)

    def diagnostic(self) -> str:
        lines = [ln for ln in self.stderr.splitlines() if ln.startswith("TomcatDump:")]
        return "\n".join(lines) or self.stderr[-2000:]


@dataclass
class TomcatOracle:
    classes: Path
    compile_seconds: float

    @property
    def classpath(self) -> str:
        return os.pathsep.join([str(self.classes), f"{TOMCAT_LIB}/*", str(TOMCAT_JULI)])

    def run(self, base: Path, *, stub_missing_classes: bool = True) -> Dump:
        cmd = ["java", "-cp", self.classpath, "TomcatDump"]
        if stub_missing_classes:
            cmd.append("--stub-missing-classes")
        cmd.append(str(base))
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=RUN_TIMEOUT, cwd=base, check=False
        )
        dump = Dump(proc.returncode, proc.stderr)
        if proc.returncode not in (0, 2, 3):
            raise AssertionError(f"TomcatDump crashed (exit {proc.returncode}):\n{proc.stderr}")
        for line in proc.stdout.splitlines():
            record = json.loads(line)
            kind = record.pop("kind")
            if kind == "server":
                dump.server = record
            elif kind == "connector":
                dump.connectors.append(record)
            elif kind == "stub":
                dump.stubs.append(record)
        return dump


def _missing_tools() -> list[str]:
    missing = [tool for tool in ("javac", "java") if shutil.which(tool) is None]
    if not TOMCAT_LIB.is_dir() or not (TOMCAT_LIB / "catalina.jar").exists():
        missing.append(str(TOMCAT_LIB))
    if not TOMCAT_JULI.is_file():
        missing.append(str(TOMCAT_JULI))
    return missing


def _skip_or_fail_without(missing: list[str]) -> None:
    """Skip (with a visible reason) when the oracle cannot run; fail instead in CI."""
    if not missing:
        return
    message = f"{SKIP_REASON} (missing: {', '.join(missing)})"
    if os.environ.get("IGMIGRATE_REQUIRE_TOMCAT") == "1":
        pytest.fail(f"IGMIGRATE_REQUIRE_TOMCAT=1 but {message}")
    pytest.skip(message)


@pytest.fixture(scope="session")
def tomcat(tmp_path_factory: pytest.TempPathFactory) -> TomcatOracle:
    _skip_or_fail_without(_missing_tools())
    out = tmp_path_factory.mktemp("tomcatdump")
    started = time.monotonic()
    proc = subprocess.run(
        [
            "javac",
            "-nowarn",
            "-proc:none",
            "-cp",
            os.pathsep.join([f"{TOMCAT_LIB}/*", str(TOMCAT_JULI)]),
            "-d",
            str(out),
            str(JAVA_SOURCE),
        ],
        capture_output=True,
        text=True,
        timeout=COMPILE_TIMEOUT,
        check=False,
    )
    assert proc.returncode == 0, f"javac TomcatDump.java failed:\n{proc.stdout}\n{proc.stderr}"
    return TomcatOracle(out, time.monotonic() - started)


# --------------------------------------------------------------------------- bases under test


@dataclass(frozen=True)
class Base:
    """A Tomcat base: a directory with conf/server.xml, or a corpus file to install as one."""

    ident: str
    directory: Path | None = None
    server_xml: Path | None = None
    catalina_properties: Path | None = None

    def materialise(self, tmp: Path) -> Path:
        if self.directory is not None:
            return self.directory
        assert self.server_xml is not None
        conf = tmp / "base" / "conf"
        conf.mkdir(parents=True)
        shutil.copyfile(self.server_xml, conf / "server.xml")
        if self.catalina_properties is not None:
            shutil.copyfile(self.catalina_properties, conf / "catalina.properties")
        return conf.parent


def _bases() -> Iterator[Base]:
    for server_xml in sorted(REPO.glob("samples/*/input/conf/server.xml")):
        base = server_xml.parent.parent
        yield Base(f"sample:{base.parent.name}", directory=base)
    if CORPUS.is_dir():
        for path in sorted(CORPUS.iterdir()):
            if not CORPUS_SERVER_XML.search(path.name):
                continue
            props = path.with_name(re.sub(r"server\.xml$", "catalina.properties", path.name))
            yield Base(
                f"corpus:{path.name}",
                server_xml=path,
                catalina_properties=props if props.is_file() and props != path else None,
            )


BASES = list(_bases())


# --------------------------------------------------------------------------- comparison


def _connector_table(src: Path) -> list[dict[str, object]]:
    try:
        from igmigrate.inspect import connector_table
    except ImportError as exc:  # the contract is written; the implementation must follow
        pytest.fail(f"igmigrate.inspect.connector_table is not available: {exc}")
    return connector_table(src, tomcat_version="10.1")


def _tomcat_port(value: object) -> int:
    """igmigrate's port as Tomcat reports it: None (no valid int) is the endpoint default -1."""
    if value is None:
        return -1
    assert isinstance(value, int) and not isinstance(value, bool), f"port {value!r} is not int"
    return value


def _expected_address(ours: dict[str, object], protocol_class: str) -> str | EllipsisType | None:
    """The address Tomcat should report for igmigrate's connector, or ... when not comparable.

    ``protocol_class`` is Tomcat's (the judge decides whether the AJP loopback default applies).
    """
    address = ours.get("address")
    if address is None:
        return "127.0.0.1" if protocol_class == AJP_NIO else None
    assert isinstance(address, str)
    if address.strip().lower() == "localhost":
        return "127.0.0.1"
    try:
        return str(ipaddress.ip_address(address.strip("[]")))
    except ValueError:
        return ...


def _normalise_ip(value: object) -> str | None:
    if value is None:
        return None
    return str(ipaddress.ip_address(str(value)))


def compare(ours: list[dict[str, object]], theirs: list[dict[str, Any]]) -> list[str]:
    """Differences between igmigrate's connector table and Tomcat's, as readable lines."""
    problems: list[str] = []
    if len(ours) != len(theirs):
        problems.append(
            f"connector count: igmigrate {len(ours)}, Tomcat {len(theirs)}"
            f" (Tomcat: {[(c['service'], c['port']) for c in theirs]};"
            f" igmigrate: {[(c.get('service'), c.get('port')) for c in ours]})"
        )
    for index, (mine, tc) in enumerate(zip(ours, theirs, strict=False)):
        where = f"connector #{index} (Tomcat: service {tc['service']!r}, port {tc['port']})"

        def check(name: str, got: object, want: object, where: str = where) -> None:
            if got != want:
                problems.append(f"{where}: {name}: igmigrate {got!r} -> Tomcat wants {want!r}")

        check("service", mine.get("service"), tc["service"])
        check("port", _tomcat_port(mine.get("port")), tc["port"])
        check(
            "port_with_offset", _tomcat_port(mine.get("port_with_offset")), tc["port_with_offset"]
        )
        check("protocol_class", mine.get("protocol_class"), tc["protocol_class"])
        check("ssl_enabled", mine.get("ssl_enabled"), bool(tc["ssl_enabled"]))
        expected_address = _expected_address(mine, tc["protocol_class"])
        if expected_address is not ...:
            check("address", expected_address, _normalise_ip(tc["address"]))
        if tc["ssl_enabled"] and "ssl_host_configs" in mine:
            _compare_tls(mine["ssl_host_configs"], tc.get("ssl_host_configs") or [], check)
    return problems


def _compare_tls(mine: object, theirs: list[dict[str, Any]], check: Any) -> None:
    """SSLHostConfig/Certificate values: every value igmigrate says was configured must match
    Tomcat's reading (defaults Tomcat fills in, such as ${user.home}/.keystore, are skipped)."""
    assert isinstance(mine, list)
    check("ssl_host_configs count", len(mine), len(theirs))
    by_name = {h["hostName"]: h for h in theirs}
    for host in mine:
        tc = by_name.get(host["hostName"])
        if tc is None:
            check("SSLHostConfig", host["hostName"], sorted(by_name))
            continue
        where = f"SSLHostConfig {host['hostName']}"
        check(f"{where} protocols", host["protocols"], sorted(tc["protocols"]))
        check(
            f"{where} certificateVerification",
            host["certificateVerification"],
            tc["certificateVerification"],
        )
        if host["truststoreFile"] is not None:
            check(f"{where} truststoreFile", host["truststoreFile"], tc["truststoreFile"])
        check(f"{where} certificates", len(host["certificates"]), len(tc["certificates"]))
        for mc, tcc in zip(host["certificates"], tc["certificates"], strict=False):
            for key, value in mc.items():
                if value is not None:
                    check(f"{where} Certificate {key}", value, tcc.get(key))


@pytest.mark.parametrize("base", BASES, ids=[b.ident for b in BASES])
def test_connector_table_matches_tomcat(tomcat: TomcatOracle, base: Base, tmp_path: Path) -> None:
    src = base.materialise(tmp_path)
    dump = tomcat.run(src)
    if dump.rejected:
        from igmigrate.errors import InputError

        with pytest.raises(InputError):
            _connector_table(src)
        return
    assert dump.returncode == 0
    ours = _connector_table(src)
    problems = compare(ours, dump.connectors)
    assert not problems, "igmigrate disagrees with Tomcat 10.1:\n" + "\n".join(problems)


# --------------------------------------------------------------------------- the oracle's own tests


def _server_xml(body: str, *, server_attrs: str = 'port="8005" shutdown="SHUTDOWN"') -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Server {server_attrs}>
  <Service name="Catalina">
{body}
    <Engine name="Catalina" defaultHost="localhost">
      <Host name="localhost" appBase="webapps"/>
    </Engine>
  </Service>
</Server>
"""


def _make_base(tmp: Path, server_xml: str, catalina_properties: str | None = None) -> Path:
    conf = tmp / "conf"
    conf.mkdir(parents=True)
    (conf / "server.xml").write_text(server_xml, encoding="utf-8")
    if catalina_properties is not None:
        (conf / "catalina.properties").write_text(catalina_properties, encoding="utf-8")
    return tmp


def test_oracle_reads_plain_http_connector(tomcat: TomcatOracle, tmp_path: Path) -> None:
    base = _make_base(tmp_path, _server_xml('<Connector port="8080" protocol="HTTP/1.1"/>'))
    started = time.monotonic()
    dump = tomcat.run(base)
    elapsed = time.monotonic() - started
    assert dump.returncode == 0, dump.stderr
    assert dump.server == {"port": 8005, "port_offset": 0, "port_with_offset": 8005}
    [conn] = dump.connectors
    assert conn["service"] == "Catalina"
    assert conn["port"] == 8080
    assert conn["port_with_offset"] == 8080
    assert conn["protocol_class"] == HTTP11_NIO
    assert conn["address"] is None
    assert conn["ssl_enabled"] is False
    assert (conn["scheme"], conn["secure"]) == ("http", False)
    assert conn["ssl_host_configs"] == []
    # Budget: one JVM per base must stay cheap enough to run over the whole corpus.
    assert elapsed < 20, (
        f"one TomcatDump run took {elapsed:.1f}s (compile {tomcat.compile_seconds})"
    )


def test_oracle_resolves_ajp_to_nio_on_loopback(tomcat: TomcatOracle, tmp_path: Path) -> None:
    base = _make_base(tmp_path, _server_xml('<Connector port="8009" protocol="AJP/1.3"/>'))
    [conn] = tomcat.run(base).connectors
    assert conn["protocol_class"] == AJP_NIO
    assert conn["port"] == 8009
    assert conn["address"] == "127.0.0.1"  # Ghostcat default
    assert conn["ssl_enabled"] is None  # AJP has no SSLEnabled property


def test_oracle_applies_port_offset(tomcat: TomcatOracle, tmp_path: Path) -> None:
    xml = _server_xml(
        '<Connector port="8080"/>\n<Connector port="0"/>',
        server_attrs='port="8005" portOffset="100" shutdown="SHUTDOWN"',
    )
    dump = tomcat.run(_make_base(tmp_path, xml))
    assert dump.server == {"port": 8005, "port_offset": 100, "port_with_offset": 8105}
    assert [(c["port"], c["port_with_offset"]) for c in dump.connectors] == [(8080, 8180), (0, 0)]
    assert dump.connectors[0]["protocol_class"] == HTTP11_NIO  # no protocol attribute = HTTP/1.1


def test_oracle_substitutes_properties_and_defaults(tomcat: TomcatOracle, tmp_path: Path) -> None:
    xml = _server_xml(
        '<Connector port="${http.port:-8081}" address="${bind:-::1}"/>\n'
        '<Connector port="${https.port:-8444}" SSLEnabled="${tls:-false}"/>\n'
        '<Connector port="${undefined.port}"/>'
    )
    dump = tomcat.run(_make_base(tmp_path, xml, "https.port=9443\ntls=true\n"))
    assert dump.returncode == 0, dump.stderr
    first, second, third = dump.connectors
    assert (first["port"], _normalise_ip(first["address"])) == (8081, "::1")
    assert (second["port"], second["ssl_enabled"]) == (9443, True)  # from catalina.properties
    assert third["port"] == -1  # "${undefined.port}" stays literal, Integer.valueOf fails


def test_oracle_leaves_template_slots_unset(tomcat: TomcatOracle, tmp_path: Path) -> None:
    xml = _server_xml(
        '<Connector port="[PKI_PORT]" SSLEnabled="yes"/>\n<Connector port=" 8080"/>',
        server_attrs='port="$[shutdown.port]"',
    )
    dump = tomcat.run(_make_base(tmp_path, xml))
    assert [c["port"] for c in dump.connectors] == [-1, -1]  # no trimming either
    assert dump.connectors[0]["ssl_enabled"] is False  # Boolean.valueOf("yes")
    assert dump.server is not None and dump.server["port"] == 8005  # StandardServer default kept


def test_oracle_binds_executor_only_when_declared_before(
    tomcat: TomcatOracle, tmp_path: Path
) -> None:
    xml = _server_xml(
        '<Connector port="8080" executor="pool"/>\n'
        '<Executor name="pool"/>\n'
        '<Connector port="8081" executor="pool"/>'
    )
    dump = tomcat.run(_make_base(tmp_path, xml))
    assert [c["executor"] for c in dump.connectors] == [None, "pool"]


def test_oracle_reports_ssl_host_configs(tomcat: TomcatOracle, tmp_path: Path) -> None:
    xml = _server_xml(
        '<Connector port="8443" SSLEnabled="true">\n'
        '  <SSLHostConfig protocols="TLSv1.2+TLSv1.3" certificateVerification="want"'
        ' truststoreFile="conf/trust.p12">\n'
        '    <Certificate certificateKeystoreFile="conf/ks.p12" certificateKeystoreType="PKCS12"'
        ' certificateKeyAlias="tomcat" type="RSA"/>\n'
        "  </SSLHostConfig>\n"
        "</Connector>"
    )
    [conn] = tomcat.run(_make_base(tmp_path, xml)).connectors
    assert conn["ssl_enabled"] is True
    [host] = conn["ssl_host_configs"]
    assert host["hostName"] == "_default_"
    assert host["protocols"] == ["TLSv1.2", "TLSv1.3"]
    assert host["certificateVerification"] == "OPTIONAL"
    assert host["truststoreFile"] == "conf/trust.p12"
    [cert] = host["certificates"]
    assert cert["type"] == "RSA"
    assert cert["certificateKeystoreFile"] == "conf/ks.p12"
    assert cert["certificateKeystoreType"] == "PKCS12"
    assert cert["certificateKeyAlias"] == "tomcat"


def test_oracle_rejects_malformed_xml(tomcat: TomcatOracle, tmp_path: Path) -> None:
    xml = _server_xml('<Connector port="8443" keystorePass="<changeit>"/>')
    dump = tomcat.run(_make_base(tmp_path, xml))
    assert dump.returncode == 2
    assert "not well-formed" in dump.diagnostic()
    assert dump.connectors == []


def test_oracle_stubs_missing_vendor_classes_only_on_request(
    tomcat: TomcatOracle, tmp_path: Path
) -> None:
    xml = _server_xml(
        '<Connector port="8443" protocol="com.example.tomcat.Http11NioProtocol"'
        ' sslImplementationName="com.example.Jss" SSLEnabled="true"/>'
    ).replace("<Service", '<Listener className="com.example.VendorListener"/>\n  <Service')
    base = _make_base(tmp_path, xml)
    strict = tomcat.run(base, stub_missing_classes=False)
    assert strict.returncode == 3
    assert "com.example.VendorListener" in strict.diagnostic()
    stubbed = tomcat.run(base)
    assert stubbed.returncode == 0, stubbed.stderr
    assert {s["class"] for s in stubbed.stubs} == {
        "com.example.VendorListener",
        "com.example.tomcat.Http11NioProtocol",
    }
    [conn] = stubbed.connectors
    assert conn["protocol_class"] == "com.example.tomcat.Http11NioProtocol"
    assert (conn["port"], conn["ssl_enabled"]) == (8443, True)


def test_comparison_rules_flag_differences() -> None:
    """The comparison itself must see a wrong port, class, flag or address (no Tomcat needed)."""
    tomcat_side = [
        {
            "service": "Catalina",
            "port": -1,
            "port_with_offset": -1,
            "protocol_class": AJP_NIO,
            "address": "127.0.0.1",
            "ssl_enabled": None,
        }
    ]
    agreeing: dict[str, object] = {
        "service": "Catalina",
        "port": None,
        "port_with_offset": None,
        "protocol_class": AJP_NIO,
        "address": None,
        "ssl_enabled": False,
    }
    assert compare([agreeing], tomcat_side) == []
    assert compare([{**agreeing, "address": "localhost"}], tomcat_side) == []
    assert compare([{**agreeing, "address": "[PKI_AJP_HOST]"}], tomcat_side) == []
    for wrong in (
        {"port": 8009},
        {"protocol_class": "AJP/1.3"},
        {"ssl_enabled": True},
        {"address": "0.0.0.0"},
        {"service": "Other"},
    ):
        assert len(compare([{**agreeing, **wrong}], tomcat_side)) == 1, wrong
    assert compare([], tomcat_side) == [
        "connector count: igmigrate 0, Tomcat 1 (Tomcat: [('Catalina', -1)]; igmigrate: [])"
    ]


def test_missing_tomcat_skips_locally_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    _skip_or_fail_without([])  # everything present: neither skip nor fail
    monkeypatch.delenv("IGMIGRATE_REQUIRE_TOMCAT", raising=False)
    with pytest.raises(pytest.skip.Exception, match="conformance not checked"):
        _skip_or_fail_without(["javac"])
    monkeypatch.setenv("IGMIGRATE_REQUIRE_TOMCAT", "1")
    with pytest.raises(pytest.fail.Exception, match="IGMIGRATE_REQUIRE_TOMCAT=1 but Tomcat 10"):
        _skip_or_fail_without(["/usr/share/tomcat10/lib"])


def test_attribute_names_match_tomcats_setter_lookup(tomcat: TomcatOracle, tmp_path: Path) -> None:
    """Tomcat calls "set" + capitalize(name): only the first letter's case is free (Port sets
    port, sSLEnabled sets SSLEnabled; sslEnabled does not), the later of two spellings wins, and
    the attributes the create rules read by exact name (protocol) keep their case."""
    xml = _server_xml(
        '<Connector Port="8081" Address="127.0.0.1"/>\n'
        '<Connector port="8082" Port="8083"/>\n'
        '<Connector port="8084" Protocol="AJP/1.3" sslEnabled="true"/>\n'
        '<Connector Port="8085" sSLEnabled="true"/>',
        server_attrs='port="8005" PortOffset="10" shutdown="SHUTDOWN"',
    )
    base = _make_base(tmp_path, xml)
    dump = tomcat.run(base)
    assert dump.returncode == 0, dump.stderr
    assert dump.server is not None and dump.server["port_offset"] == 10
    assert [c["port"] for c in dump.connectors] == [8081, 8083, 8084, 8085]
    assert [c["ssl_enabled"] for c in dump.connectors] == [False, False, False, True]
    assert _normalise_ip(dump.connectors[0]["address"]) == "127.0.0.1"
    assert dump.connectors[2]["protocol_class"] == HTTP11_NIO
    problems = compare(_connector_table(base), dump.connectors)
    assert not problems, "igmigrate disagrees with Tomcat 10.1:\n" + "\n".join(problems)
