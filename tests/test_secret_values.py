"""Secrets are unrepresentable in output by construction (issue 6 items 1, 2 and 4)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from igmigrate.config import Config
from igmigrate.convert import Result, convert
from igmigrate.findings import Findings
from igmigrate.inspect import connector_table
from igmigrate.secretvalue import MASK, Secret, is_secret_name, mask_url
from igmigrate.tomcat.placeholders import PropertyContext, PropertyValue
from igmigrate.tomcat.tls_attributes import PASSWORD_ATTRS
from igmigrate.tomcat.version import TomcatVersion
from igmigrate.tomcat.xml import XmlReader
from tests.rewrap import make_pkcs12
from tests.tomcat_tree import one_service, tomcat

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "igmigrate"
# The only modules that may turn a Secret back into its text, and why (README §Secrets):
REVEAL_ALLOWED = {
    "igmigrate/tomcat/opener.py",  # opens a keystore / truststore / encrypted PEM key, once
    "igmigrate/ig/secrets.py",  # writes OUT/secrets/<id> or bin/env.sh; default-password check
}


# -- the value type --------------------------------------------------------------------------
def test_a_secret_renders_as_a_fixed_label_and_gives_its_value_only_on_request() -> None:
    s = Secret("8443", "keystorePass")
    assert not isinstance(s, str)
    label = "<secret keystorePass>"
    assert str(s) == repr(s) == f"{s}" == f"{s!r}" == f"{s:>5}" == label
    assert str(Secret("other", "keystorePass")) == label  # the label ignores the value
    assert "8443" not in str([s]) and "8443" not in str({"k": s})
    assert s.reveal() == "8443"
    assert s == Secret("8443", "truststorePass") and s != Secret("8444")
    assert s != "8443"  # never equal to a plain string: comparisons stay between secrets
    assert len({s, Secret("8443")}) == 1
    with pytest.raises(TypeError):
        json.dumps({"password": s})


def test_password_like_attribute_names() -> None:
    for name in (
        "keystorePass", "SSLPassword", "truststorePassword", "certificateKeyPassword",
        "password", "secret", "requiredSecret", "connectionPassword", "bindPwd", "Credential",
    ):  # fmt: skip
        assert is_secret_name(name), name
    for name in ("port", "keystoreFile", "secretRequired", "protocol", "address"):
        assert not is_secret_name(name), name
    assert all(is_secret_name(name) for name in PASSWORD_ATTRS)


def test_url_userinfo_is_masked_whatever_it_is() -> None:
    assert mask_url("https://svc:pw@host/ks.p12") == "https://…@host/ks.p12"
    assert mask_url("https://other:x@host/ks.p12") == "https://…@host/ks.p12"
    assert mask_url("jdbc:mysql://u:p@db:3306/ig") == "jdbc:mysql://…@db:3306/ig"
    assert (
        mask_url("jdbc:oracle:thin:scott/tiger@//db:1521/ig") == "jdbc:oracle:thin:…@//db:1521/ig"
    )
    assert mask_url("jdbc:pg://db/ig?user=a&password=b") == "jdbc:pg://db/ig?user=a&password=…"
    assert mask_url("conf/ks.p12") == "conf/ks.p12"
    assert mask_url("mail@example.com") == "mail@example.com"


# -- the reading side --------------------------------------------------------------------------
def _read(tmp_path: Path, xml: str, version: str = "9.0.85", **props: str) -> XmlReader:
    ctx = PropertyContext(
        TomcatVersion.parse(version), {k: PropertyValue(v, "--property") for k, v in props.items()}
    )
    (tmp_path / "server.xml").write_text(xml)
    return XmlReader(tmp_path, ctx, Findings())


def test_the_reader_wraps_password_attributes_at_the_source(tmp_path: Path) -> None:
    reader = _read(
        tmp_path,
        '<Connector port="8443" keystorePass="${ks.a}${ks.b}" SSLPassword="Zt9!xW"'
        ' keystoreFile="https://svc:pw@host/ks.p12"/>',
        **{"ks.a": "AlphaValue"},
    )
    el = reader.read(tmp_path / "server.xml")
    kp = el.attr("keystorePass")
    assert kp is not None and kp.raw == kp.value == MASK
    assert kp.secret == Secret("AlphaValue${ks.b}") and kp.unresolved == ("ks.b",)
    assert kp.used == ("ks.a",)
    ssl = el.attr("SSLPassword")
    assert ssl is not None and ssl.value == MASK and ssl.secret == Secret("Zt9!xW")
    ks = el.attr("keystoreFile")
    assert ks is not None and ks.value == ks.raw == "https://…@host/ks.p12"
    assert ks.secret == Secret("https://svc:pw@host/ks.p12")
    port = el.attr("port")
    assert port is not None and port.value == "8443" and port.secret is None


# -- end to end: findings, report, stdout --------------------------------------------------------
def _convert(
    tmp_path: Path, connector: str, version: str = "9.0.85", store_pw: str = "", **props: str
) -> Result:
    src = tomcat(tmp_path / "tomcat", one_service(connector), version=version)
    if store_pw:
        make_pkcs12(src / "conf" / "ks.p12", store_pw)
    return convert(Config(src=src, properties=dict(props)))


def _all_text(r: Result) -> str:
    parts = [json.dumps(f.to_json()) for f in r.findings]
    parts += [f.content.decode("utf-8", "replace") for f in r.plan.values() if not f.secret]
    return "\n".join(parts)


HTTPS = '<Connector port="8443" SSLEnabled="true" keystoreFile="conf/ks.p12" keystorePass="{}"/>'


@pytest.mark.parametrize(
    ("password", "version", "props", "forbidden", "names"),
    [
        ("${ks.a}${ks.b}", "9.0.85", {"ks.a": "AlphaPart"}, ["AlphaPart"], ["${ks.a}", "${ks.b}"]),
        ("Zt${qR}9!xW", "9.0.85", {}, ["Zt", "9!xW"], ["${qR}"]),
        ("${ks.pass:-Fallback}", "9.0.30", {}, ["Fallback"], ["${ks.pass}"]),  # no `:-` yet
        ("${ks.pass:Fallback}", "9.0.30", {}, ["Fallback"], ["${ks.pass}"]),
    ],
)
def test_a_partly_resolved_password_is_named_never_shown(
    tmp_path: Path,
    password: str,
    version: str,
    props: dict[str, str],
    forbidden: list[str],
    names: list[str],
) -> None:
    r = _convert(tmp_path, HTTPS.format(password), version, **props)
    missing = [f for f in r.findings if f.rule == "tls.password-missing"]
    assert len(missing) == 1
    assert "keystorePass" in missing[0].message
    for name in names:
        assert name in missing[0].message
    text = _all_text(r)
    for part in forbidden:
        assert part not in text, f"{part!r} leaked"


def test_a_default_fallback_password_is_used_but_never_shown(tmp_path: Path) -> None:
    r = _convert(tmp_path, HTTPS.format("${ks.pass:-Fallback}"), "9.0.85", "Fallback")
    assert not [f for f in r.findings if f.rule == "tls.password-missing"]
    assert "Fallback" not in _all_text(r)
    assert r.plan["secrets/keystore.8443.password"].content == b"Fallback"


URL_CONNECTOR = (
    '<Connector port="8443" SSLEnabled="true" keystoreFile="https://svc:pw@host/ks.p12"'
    ' keystorePass="x-store-pw" truststoreFile="https://svc:pw@host/trust.jks"'
    ' truststorePass="x-trust-pw" clientAuth="true"/>'
)


def test_url_credentials_of_store_locations_never_reach_findings(tmp_path: Path) -> None:
    r = _convert(tmp_path, URL_CONNECTOR)
    text = _all_text(r)
    assert "svc:pw" not in text and "pw@" not in text
    assert "https://…@host/ks.p12" in text


def test_url_credentials_of_pem_files_never_reach_findings(tmp_path: Path) -> None:
    r = _convert(
        tmp_path,
        '<Connector port="8443" SSLEnabled="true"><SSLHostConfig><Certificate'
        ' certificateFile="https://svc:pw@host/c.pem" certificateKeyFile="ftp://a:b@h/k.pem"/>'
        "</SSLHostConfig></Connector>",
    )
    text = _all_text(r)
    assert "svc:pw" not in text and "a:b@" not in text


def test_inspect_masks_url_credentials(tmp_path: Path) -> None:
    src = tomcat(tmp_path / "tomcat", one_service(URL_CONNECTOR))
    rows = json.dumps(connector_table(src), ensure_ascii=False)
    assert "svc:pw" not in rows and "https://…@host/ks.p12" in rows
    assert "x-store-pw" not in rows and "x-trust-pw" not in rows
    proc = _cli("inspect", str(src), "--format", "connectors")
    assert proc.returncode == 0 and "svc:pw" not in proc.stdout
    (row,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert row["ssl_host_configs"][0]["truststoreFile"] == "https://…@host/trust.jks"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "igmigrate", *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)


def test_json_stdout_is_the_report_byte_for_byte_even_with_a_tiny_password(
    tmp_path: Path,
) -> None:
    src = tomcat(tmp_path / "tomcat", one_service(HTTPS.format("1")))
    make_pkcs12(src / "conf" / "ks.p12", "1")
    out = tmp_path / "out"
    proc = _cli("convert", str(src), str(out), "--format", "json", "--no-color")
    assert proc.returncode in (0, 4), proc.stderr
    assert proc.stdout.encode() == (out / "migration-report.json").read_bytes()
    json.loads(proc.stdout)
    assert "<redacted>" not in proc.stderr and "tomcat.version" in proc.stdout


# -- the proof by construction ---------------------------------------------------------------
def reveal_call_sites() -> dict[str, list[int]]:
    """Every `.reveal()` call in igmigrate/, by module."""
    sites: dict[str, list[int]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "reveal"
            ):
                sites.setdefault(path.relative_to(ROOT).as_posix(), []).append(node.lineno)
    return sites


def test_secrets_are_revealed_only_where_stores_are_opened_or_secret_files_written() -> None:
    sites = reveal_call_sites()
    outside = {m: lines for m, lines in sites.items() if m not in REVEAL_ALLOWED}
    assert not outside, f"reveal() outside the allow-list: {outside}"
    assert set(sites) == REVEAL_ALLOWED  # the allow-list names no module that no longer needs it
    text = (PACKAGE / "secretvalue.py").read_text()
    assert "getattr" not in text  # no indirect way around the explicit method name
