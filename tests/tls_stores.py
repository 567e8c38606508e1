"""Real keystores, truststores and PEM files made by keytool at test time (shared fixtures)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

KEYTOOL = shutil.which("keytool")
needs_keytool = pytest.mark.skipif(
    KEYTOOL is None, reason="keytool (a JDK) is not on PATH: real keystores cannot be generated"
)

STORE_PASSWORD = "s3cret-Store!pw"
KEY_PASSWORD = "k3y-Entry!pw"
TRUST_PASSWORD = "trust-Me-42"
PEM_KEY_PASSWORD = "pem-Key-pw-7"
DNAME = "CN=ig.example.com,O=Example Corp,C=FR"


def keytool(*args: str) -> str:
    assert KEYTOOL is not None
    res = subprocess.run(
        [KEYTOOL, "-J-Duser.language=en", *args], capture_output=True, text=True, check=False
    )
    assert res.returncode == 0, res.stdout + res.stderr
    return res.stdout


def genkey(store: Path, alias: str, storetype: str, storepass: str, *extra: str) -> None:
    keytool(
        "-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048",
        "-dname", DNAME, "-keystore", str(store), "-storetype", storetype,
        "-storepass", storepass, "-validity", "365", *extra,
    )  # fmt: skip


@dataclass(frozen=True)
class Stores:
    dir: Path
    pkcs12: Path  # alias https-connector-key, password STORE_PASSWORD
    jks: Path  # alias tomcat, store STORE_PASSWORD, key KEY_PASSWORD
    jks_same_pw: Path  # alias tomcat, store and key STORE_PASSWORD
    two_keys: Path  # PKCS12 with key entries "first" and "second"
    expired: Path  # PKCS12, alias old, valid 2020-01-01 for 10 days
    truststore: Path  # JKS with trusted cert "client-ca", password TRUST_PASSWORD
    truststore_cas: Path  # PKCS12 with trusted certs "ca-one", "ca-two", "ca-three", TRUST_PASSWORD
    p12_named_jks: Path  # a PKCS12 file called .jks
    cert_pem: Path
    key_pem: Path  # encrypted with PEM_KEY_PASSWORD
    key_pem_plain: Path


def make_stores(d: Path) -> Stores:
    p12 = d / "keystore.p12"
    genkey(p12, "https-connector-key", "PKCS12", STORE_PASSWORD)
    jks = d / "keystore.jks"
    genkey(jks, "tomcat", "JKS", STORE_PASSWORD, "-keypass", KEY_PASSWORD)
    jks_same = d / "same.jks"
    genkey(jks_same, "tomcat", "JKS", STORE_PASSWORD)
    two = d / "two.p12"
    genkey(two, "first", "PKCS12", STORE_PASSWORD)
    genkey(two, "second", "PKCS12", STORE_PASSWORD)
    expired = d / "expired.p12"
    keytool(
        "-genkeypair", "-alias", "old", "-keyalg", "RSA", "-dname", DNAME,
        "-keystore", str(expired), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD,
        "-startdate", "2020/01/01 00:00:00", "-validity", "10",
    )  # fmt: skip
    ca_pem = d / "ca.pem"
    ca_pem.write_text(
        keytool("-exportcert", "-rfc", "-alias", "tomcat", "-keystore", str(jks), "-storepass",
                STORE_PASSWORD)
    )  # fmt: skip
    trust = d / "truststore.jks"
    keytool(
        "-importcert", "-noprompt", "-alias", "client-ca", "-file", str(ca_pem),
        "-keystore", str(trust), "-storetype", "JKS", "-storepass", TRUST_PASSWORD,
    )  # fmt: skip
    cas = d / "cas.p12"
    for alias, source in (("ca-one", jks), ("ca-two", p12), ("ca-three", jks_same)):
        pem = d / f"{alias}.pem"
        key_alias = "https-connector-key" if source == p12 else "tomcat"
        pem.write_text(
            keytool("-exportcert", "-rfc", "-alias", key_alias, "-keystore", str(source),
                    "-storepass", STORE_PASSWORD)
        )  # fmt: skip
        keytool(
            "-importcert", "-noprompt", "-alias", alias, "-file", str(pem),
            "-keystore", str(cas), "-storetype", "PKCS12", "-storepass", TRUST_PASSWORD,
        )  # fmt: skip
    named = d / "really-p12.jks"
    shutil.copy(p12, named)
    # PEM: the certificate from keytool -exportcert -rfc, the key from the PKCS12 via cryptography.
    cert_pem = d / "server.crt"
    cert_pem.write_text(
        keytool("-exportcert", "-rfc", "-alias", "https-connector-key", "-keystore", str(p12),
                "-storepass", STORE_PASSWORD)
    )  # fmt: skip
    loaded = pkcs12.load_pkcs12(p12.read_bytes(), STORE_PASSWORD.encode())
    assert loaded.key is not None
    key_pem = d / "server.key"
    key_pem.write_bytes(
        loaded.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(PEM_KEY_PASSWORD.encode()),
        )
    )
    plain = d / "server-plain.key"
    plain.write_bytes(
        loaded.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return Stores(d, p12, jks, jks_same, two, expired, trust, cas, named, cert_pem, key_pem, plain)


@pytest.fixture(scope="session")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Stores:
    if KEYTOOL is None:
        pytest.skip("keytool (a JDK) is not on PATH: real keystores cannot be generated")
    return make_stores(tmp_path_factory.mktemp("stores"))
