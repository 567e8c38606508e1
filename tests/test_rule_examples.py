"""Every rule's examples (declared with it in igmigrate/rules/) run through convert()."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path

import jks
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from igmigrate.config import Config
from igmigrate.convert import convert
from igmigrate.rules import RULES
from igmigrate.rules.example import Example, Store
from tests.tomcat_tree import tomcat

# Rules no input can produce today (dead code paths): candidates for removal in issue 7.
NO_EXAMPLE_YET = {
    # map_tls reports it when the default host config has no certificate, but read_tls always
    # gives every host config at least Tomcat's default <Certificate> (~/.keystore), so the
    # missing keystore is reported instead (tls.keystore.unresolved / .missing).
    "tls.no-certificate",
    # These need input a text snippet cannot hold; each has its own test instead:
    "input.not-a-file",  # a FIFO (tests/test_special_files.py)
    "input.linked-dir",  # a symlinked conf/ (tests/test_host_paths.py)
    "output.secret-kept",  # an OUT written before (tests/test_cli.py, tests/test_writer.py)
}

CASES = [(r.id, i, ex) for r in RULES for i, ex in enumerate(r.examples)]
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)  # the run's clock (Config.now): stores' `days`


Key = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


@cache
def _key(algorithm: str) -> Key:
    """One key pair per algorithm for the whole run (small and fast: tests only)."""
    if algorithm == "RSA":
        return rsa.generate_private_key(public_exponent=65537, key_size=1024)
    return ec.generate_private_key(ec.SECP256R1())


def _certificate(key: Key, days: int) -> x509.Certificate:
    """Self-signed CN=localhost, valid until `days` from NOW (already expired when <= 0)."""
    now = NOW
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=max(1, 1 - days) + 1))
        .not_valid_after(now + timedelta(days=days))
        .sign(key, hashes.SHA256())
    )


def _store_bytes(s: Store) -> bytes:
    if s.type == "CORRUPT":
        return b"\xfe\xed\xfe\xed\x00\x00\x00\x63" + bytes(16)  # JKS magic, unknown version
    key = _key(s.algorithm)
    cert = _certificate(key, s.days)
    der = cert.public_bytes(serialization.Encoding.DER)
    if s.type == "JKS":
        key_der = key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        entries = []
        for alias in s.aliases:
            if s.kind == "trust":
                entries.append(jks.TrustedCertEntry.new(alias, der))
                continue
            entry = jks.PrivateKeyEntry.new(alias, [der], key_der)
            if s.key_password is not None:
                entry.encrypt(s.key_password)
            entries.append(entry)
        data: bytes = jks.KeyStore.new("jks", entries).saves(s.password)
        return data
    assert s.type == "PKCS12" and s.kind == "key" and len(s.aliases) == 1, s
    return pkcs12.serialize_key_and_certificates(
        s.aliases[0].encode(),
        key,
        cert,
        None,
        serialization.BestAvailableEncryption(s.password.encode()),
    )


def _write_store(base: Path, s: Store) -> None:
    path = base / s.path
    path.parent.mkdir(parents=True, exist_ok=True)
    if s.type != "PEM":
        path.write_bytes(_store_bytes(s))
        return
    assert s.key_path is not None
    key = _key(s.algorithm)
    path.write_bytes(_certificate(key, s.days).public_bytes(serialization.Encoding.PEM))
    enc: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(s.password.encode())
        if s.password
        else serialization.NoEncryption()
    )
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc)
    (base / s.key_path).write_bytes(pem)


def build(root: Path, ex: Example) -> Path:
    src = tomcat(
        root,
        ex.server_xml_text(),
        version=ex.tomcat_version or "",
        files=ex.files,
        gateway="webapps/ROOT" if ex.gateway else None,
    )
    if ex.tomcat_version is None:
        (src / "RELEASE-NOTES").unlink()
    for s in ex.stores:
        _write_store(src, s)
    return src


@pytest.mark.parametrize(
    ("rule", "index", "example"), CASES, ids=[f"{r}[{i}]" for r, i, _ in CASES]
)
def test_example_gives_its_rule_and_status(
    tmp_path: Path, rule: str, index: int, example: Example
) -> None:
    src = build(tmp_path / "tomcat", example)
    result = convert(
        Config(
            src=src,
            target_version=example.target_version,
            tomcat_version=example.version_option,
            properties=dict(example.properties),
            env=dict(example.env),
            secrets_mode=example.secrets_mode,
            now=NOW,
        )
    )
    got = [f for f in result.findings if f.rule == rule]
    assert any(f.status is example.status for f in got), (
        f"{rule}[{index}]: want {example.status.value}, got"
        f" {[(f.status.value, f.message) for f in got] or 'no finding of this rule'}"
    )
    if example.message_contains is not None:
        messages = [f.message for f in got if f.status is example.status]
        assert any(example.message_contains in m for m in messages), messages


def test_every_rule_has_an_example() -> None:
    missing = sorted(r.id for r in RULES if not r.examples and r.id not in NO_EXAMPLE_YET)
    assert missing == []


def test_allow_list_is_current() -> None:
    assert sorted(NO_EXAMPLE_YET - {r.id for r in RULES}) == []
    assert sorted(r.id for r in RULES if r.id in NO_EXAMPLE_YET and r.examples) == []


def test_examples_are_json_data() -> None:
    data = {r.id: [ex.to_json() for ex in r.examples] for r in RULES}
    assert json.loads(json.dumps(data)) == data
