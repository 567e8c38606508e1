"""Every rule's examples (declared with it in igmigrate/rules/) run through convert()."""

from __future__ import annotations

import json
import os
import re
import shutil
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
from igmigrate.convert import Result, convert
from igmigrate.ig.profiles import SUPPORTED
from igmigrate.plan import kept_secrets
from igmigrate.rules import RULES
from igmigrate.rules.example import Example, Store
from tests.tomcat_tree import tomcat

CASES = [(r.id, i, ex) for r in RULES for i, ex in enumerate(r.examples)]
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)  # the run's clock (Config.now): stores' `days`
# Every example again under each other --target-version: same id and status, that version's target.
VERSION_CASES = [
    (rule, i, ex, v) for rule, i, ex in CASES for v in SUPPORTED if v != ex.target_version
]
# Rules whose emitting code passes its own target (what it wrote exactly), not the declared
# text: each finding's target must match the pattern here (the declared text is the docs' one).
OWN_TARGET = {
    # the heap object written for this connector, e.g. `admin.json heap KeyStore-8443`
    "tls.connector": r"admin\.json heap ServerTlsOptions-\S+",
    "tls.keystore": r"admin\.json heap KeyStore-\S+",
    "tls.pem-form": r"admin\.json heap PemStore-\S+",
    "tls.truststore": r"admin\.json heap TrustStore-\S+",
    "tls.jvm-truststore": r"admin\.json heap JvmCacerts",
    "ig-instance.merged": r"config/(admin|config)\.json",
    "ig-instance.value-replaced": r"config/(admin|config)\.json /\S+",
    # the secret file of OUT that was kept, e.g. `secrets/keystore.8443.password`
    "output.secret-kept": r"secrets/\S+",
    # mapping/connector_port.py names the field, the declaration shows the token written there
    "connector.port-placeholder": r"admin\.json connectors\[\]\.port",
    # the jar as copied, e.g. `extra/h2-2.2.224.jar`
    "jars.driver": r"extra/[^/]+\.jar",
    "jars.driver-unused": r"extra/[^/]+\.jar",
    "jars.copied": r"extra/[^/]+\.jar",
}


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
    for j in ex.jars:
        j.write(src)
    for link, target in ex.links.items():
        (src / target).parent.mkdir(parents=True, exist_ok=True)
        if (src / link).exists():
            shutil.move(src / link, src / target)
        else:
            (src / target).mkdir()
        (src / link).symlink_to(os.path.relpath(src / target, (src / link).parent))
    for rel in ex.fifos:
        path = src / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        os.mkfifo(path)
    return src


def run(tmp_path: Path, example: Example, version: str) -> Result:
    """convert() as the CLI runs it into OUT (tmp_path/out, holding the example's out_files)."""
    src = build(tmp_path / "tomcat", example)
    out = tmp_path / "out"
    for rel, text in example.out_files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text)
        (out / rel).chmod(0o600)
    ig = tmp_path / "ig-instance"
    for rel, text in example.ig_files.items():
        (ig / rel).parent.mkdir(parents=True, exist_ok=True)
        (ig / rel).write_text(text)
    env = dict(example.env)
    if example.ig_from_env is not None:
        env[example.ig_from_env] = str(ig)
    config = Config(
        src=src,
        ig_instance=ig if example.ig_files and example.ig_from_env is None else None,
        target_version=version,
        tomcat_version=example.version_option,
        properties=dict(example.properties),
        env=env,
        secrets_mode=example.secrets_mode,
        now=NOW,
    )
    return convert(config, keep=lambda files: kept_secrets(files, out, False))


def check(result: Result, rule: str, example: Example, version: str) -> None:
    """The example's finding is there; every finding of its rule has this version's target."""
    got = [f for f in result.findings if f.rule == rule]
    assert any(f.status is example.status for f in got), (
        f"want {example.status.value}, got"
        f" {[(f.status.value, f.message) for f in got] or 'no finding of this rule'}"
    )
    if example.message_contains is not None:
        messages = [f.message for f in got if f.status is example.status]
        assert any(example.message_contains in m for m in messages), messages
    declared = RULES[rule].target_for(version) or None
    for f in got:
        if rule in OWN_TARGET and f.target != declared:
            assert f.target and re.fullmatch(OWN_TARGET[rule], f.target), (f.target, f.message)
        else:
            assert f.target == declared, f"{version}: {f.target!r} for {f.message!r}"


@pytest.mark.parametrize(
    ("rule", "index", "example"), CASES, ids=[f"{r}[{i}]" for r, i, _ in CASES]
)
def test_example_gives_its_rule_and_status(
    tmp_path: Path, rule: str, index: int, example: Example
) -> None:
    version = example.target_version
    check(run(tmp_path, example, version), rule, example, version)


@pytest.mark.parametrize(
    ("rule", "index", "example", "version"),
    VERSION_CASES,
    ids=[f"{r}[{i}]@{v}" for r, i, _, v in VERSION_CASES],
)
def test_example_under_every_target_version(
    tmp_path: Path, rule: str, index: int, example: Example, version: str
) -> None:
    check(run(tmp_path, example, version), rule, example, version)


def test_every_rule_has_an_example() -> None:
    assert sorted(r.id for r in RULES if not r.examples) == []


@pytest.mark.parametrize("rule", sorted(OWN_TARGET))
def test_own_target_list_is_current(tmp_path: Path, rule: str) -> None:
    """Each rule listed still passes its own target: its first example shows one."""
    example = RULES[rule].examples[0]
    got = run(tmp_path, example, example.target_version).findings
    targets = [f.target for f in got if f.rule == rule]
    assert any(t and re.fullmatch(OWN_TARGET[rule], t) for t in targets), targets


def test_examples_are_json_data() -> None:
    data = {r.id: [ex.to_json() for ex in r.examples] for r in RULES}
    assert json.loads(json.dumps(data)) == data
