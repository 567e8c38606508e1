"""The load stage opens each store and PEM key once per run; the clock is an input (issue 7)."""

from __future__ import annotations

import ast
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

import igmigrate.tomcat.opener as opener_module
import igmigrate.tomcat.stores as stores_module
from igmigrate import cli
from igmigrate.config import Config
from igmigrate.convert import Result, convert
from igmigrate.rules.example import A_P12, KS, SNI, Example
from igmigrate.rules.status import M
from igmigrate.tomcat.store_model import KeystoreError
from igmigrate.tomcat.stores import open_store
from tests.rewrap import make_pkcs12
from tests.test_rule_examples import NOW, build
from tests.tomcat_tree import one_service, tomcat

ROOT = Path(__file__).resolve().parents[1]
KEY_PW = "pem-key-pw"
PEM_CONNECTOR = (
    '<Connector port="{port}" SSLEnabled="true"><SSLHostConfig><Certificate'
    ' certificateFile="conf/cert.pem" certificateKeyFile="conf/key.pem"'
    f' certificateKeyPassword="{KEY_PW}"/></SSLHostConfig></Connector>'
)
KS_CONNECTOR = (
    '<Connector port="{port}" SSLEnabled="true" keystoreFile="conf/ks.p12"'
    ' keystoreType="PKCS12" keystorePass="ks-pw-123" keyAlias="tomcat"/>'
)


def _pem_files(base: Path, not_after: datetime) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ig.example.com")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(not_after - timedelta(days=400))
        .not_valid_after(not_after)
        .sign(key, hashes.SHA256())
    )
    (base / "conf" / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    enc = serialization.BestAvailableEncryption(KEY_PW.encode())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc)
    (base / "conf" / "key.pem").write_bytes(pem)


def _convert(tmp_path: Path, connectors: str, now: datetime | None = NOW) -> Result:
    src = tomcat(tmp_path / "tomcat", one_service(connectors))
    _pem_files(src, datetime(2026, 1, 20, tzinfo=timezone.utc))
    make_pkcs12(src / "conf" / "ks.p12", "ks-pw-123")
    return convert(Config(src=src, now=now))


def test_each_pem_key_is_decrypted_and_each_keystore_opened_once_per_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"pem": 0, "store": 0}
    # the opener imports cryptography's serialization when it first decrypts a key
    load_key, open_real = serialization.load_pem_private_key, opener_module.open_store

    def counting_key(*args: object, **kwargs: object) -> object:
        calls["pem"] += 1
        return load_key(*args, **kwargs)  # type: ignore[arg-type]

    def counting_store(*args: object, **kwargs: object) -> object:
        calls["store"] += 1
        return open_real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(serialization, "load_pem_private_key", counting_key)
    monkeypatch.setattr(opener_module, "open_store", counting_store)
    connectors = "".join(PEM_CONNECTOR.format(port=p) for p in (8443, 8444))
    connectors += "".join(KS_CONNECTOR.format(port=p) for p in (9443, 9444))
    r = _convert(tmp_path, connectors)
    assert calls == {"pem": 1, "store": 1}
    assert not r.findings.has_errors() and r.plan
    # each connector still reports what its files gave (here: the certificate's expiry)
    expiring = [f for f in r.findings if f.rule == "tls.certificate.expiring"]
    assert sorted(f.location.line for f in expiring if f.location) == [4, 4]
    pem_secrets = [rel for rel in r.plan if rel.endswith(".key.pem")]
    assert pem_secrets == ["secrets/tls.8443.key.pem", "secrets/tls.8444.key.pem"]


def test_the_clock_is_the_configs(tmp_path: Path) -> None:
    """Expiry is judged against Config.now; with no clock, nothing is judged."""
    late = _convert(tmp_path / "a", PEM_CONNECTOR.format(port=8443), NOW + timedelta(days=30))
    assert [f.rule for f in late.findings if f.rule.startswith("tls.certificate.")] == [
        "tls.certificate.expired"
    ]
    none = _convert(tmp_path / "b", PEM_CONNECTOR.format(port=8443), None)
    assert not [f for f in none.findings if f.rule.startswith("tls.certificate.")]


def test_the_cli_clock_honours_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert cli._now() == datetime(2026, 1, 1, tzinfo=timezone.utc)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert abs(cli._now() - datetime.now(timezone.utc)) < timedelta(minutes=1)


def test_no_clock_is_read_below_the_cli() -> None:
    readers = []
    for path in sorted((ROOT / "igmigrate").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"now", "utcnow", "today"}
                and isinstance(node.value, ast.Name)
                and node.value.id in {"datetime", "date"}
            ):
                readers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    # the one clock: the CLI's (cli_common._now, which cli.py uses)
    assert readers == ["igmigrate/cli_common.py:" + readers[0].rpartition(":")[2]], readers


def test_a_wrong_pkcs12_password_is_told_without_keytool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """cryptography cannot tell a wrong password from a scheme it lacks; the file's MAC can."""
    path = make_pkcs12(tmp_path / "ks.p12", "right-pw-1")

    def no_keytool(*args: object, **kwargs: object) -> None:
        raise AssertionError("keytool was run")

    monkeypatch.setattr(stores_module, "_read_keytool", no_keytool)
    monkeypatch.setattr(stores_module.shutil, "which", lambda name: "/usr/bin/" + name)
    with pytest.raises(KeystoreError) as err:
        open_store(path, "wrong-pw-1")
    assert err.value.kind == "password"
    assert open_store(path, "right-pw-1").key_aliases == ("tomcat",)


def test_sni_names_the_default_host_config_as_the_default_not_a_server_name(
    tmp_path: Path,
) -> None:
    r = convert(Config(src=build(tmp_path / "t", Example(M, SNI, stores=(KS, A_P12))), now=NOW))
    messages = sorted(f.message for f in r.findings if f.rule == "tls.sni")
    assert messages == [
        'SSLHostConfig hostName="a.example.com" → sni server name',
        'SSLHostConfig with no hostName (Tomcat\'s "_default_") → sni defaultSecretId:'
        " the certificate served to clients naming no other host",
    ]
