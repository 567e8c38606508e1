"""Re-encrypt a sample's keystores and PEM keys under new passwords (keytool refuses short ones)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import jks  # type: ignore[import-untyped]
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12


def _new(password: str) -> serialization.KeySerializationEncryption:
    # BestAvailableEncryption refuses b"" and is slow; PBESv1 3DES is what keytool writes too.
    return (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(2048)
        .key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC)
        .build(password.encode("utf-8"))
    )


def _rewrap_pkcs12(data: bytes, old: str, new: str) -> bytes:
    p12 = pkcs12.load_pkcs12(data, old.encode("utf-8"))
    if p12.key is None:  # a truststore: trusted certificates only
        return pkcs12.serialize_java_truststore(p12.additional_certs, _new(new))
    assert p12.cert is not None
    return pkcs12.serialize_key_and_certificates(
        p12.cert.friendly_name,
        p12.key,  # type: ignore[arg-type]
        p12.cert.certificate,
        [c.certificate for c in p12.additional_certs] or None,
        _new(new),
    )


def _rewrap_jks(data: bytes, passwords: Mapping[str, str]) -> bytes:
    """`passwords` maps every old password (store and key) to its new one."""
    store_old = next(p for p in passwords if _opens_jks(data, p))
    ks = jks.KeyStore.loads(data, store_old, try_decrypt_keys=False)
    entries = []
    for alias, pk in ks.private_keys.items():
        old_key = next(p for p in passwords if _decrypts(pk, p))
        chain = [der for _kind, der in pk.cert_chain]
        new = jks.PrivateKeyEntry.new(alias, chain, pk.pkey_pkcs8, "pkcs8")
        new.timestamp = pk.timestamp
        new.encrypt(passwords[old_key])
        entries.append(new)
    for alias, tc in ks.certs.items():
        cert = jks.TrustedCertEntry.new(alias, tc.cert)
        cert.timestamp = tc.timestamp
        entries.append(cert)
    out: bytes = jks.KeyStore.new(ks.store_type, entries).saves(passwords[store_old])
    return out


def _opens_jks(data: bytes, password: str) -> bool:
    try:
        jks.KeyStore.loads(data, password, try_decrypt_keys=False)
    except jks.util.KeystoreSignatureException:
        return False
    return True


def _decrypts(pk: jks.PrivateKeyEntry, password: str) -> bool:
    try:
        pk.decrypt(password)
    except jks.util.DecryptionFailureException:
        return False
    return True


def rewrap(path: Path, passwords: Mapping[str, str]) -> bool:
    """Re-encrypt one store or PEM key in place; False when no old password opens it."""
    data = path.read_bytes()
    if data[:4] == b"\xfe\xed\xfe\xed":
        path.write_bytes(_rewrap_jks(data, passwords))
        return True
    if b"-----BEGIN ENCRYPTED PRIVATE KEY-----" in data:
        for old, new in passwords.items():
            try:
                key = serialization.load_pem_private_key(data, old.encode("utf-8"))
            except (ValueError, TypeError):
                continue
            path.write_bytes(
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.BestAvailableEncryption(new.encode("utf-8")),
                )
            )
            return True
        return False
    if data[:1] == b"\x30":
        for old, new in passwords.items():
            try:
                path.write_bytes(_rewrap_pkcs12(data, old, new))
            except ValueError:
                continue
            return True
    return False


def make_pkcs12(path: Path, password: str, alias: str = "tomcat") -> Path:
    """A PKCS12 keystore with one RSA key and a self-signed certificate valid for ten years."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ig.example.com")])
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(alias.encode(), key, cert, None, _new(password))
    )
    return path
