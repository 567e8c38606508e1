"""Reads keystores (PKCS12, JKS, JCEKS) and PEM files: pyjks and cryptography, else keytool."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlparse

import jks
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from igmigrate.tomcat.files import read_bytes

ErrorKind = Literal["missing", "unreadable", "password", "key-password"]


class KeystoreError(Exception):
    """A store that cannot be opened; `kind` says why (the message never holds a password)."""

    def __init__(self, kind: ErrorKind, message: str):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class CertInfo:
    subject: str
    not_after: datetime  # UTC


@dataclass(frozen=True)
class StoreEntry:
    alias: str
    is_key: bool
    chain: tuple[CertInfo, ...] = ()


@dataclass(frozen=True)
class StoreContents:
    """What a keystore holds, entries in the order the reader listed them."""

    store_type: str  # the real type: PKCS12, JKS or JCEKS
    entries: tuple[StoreEntry, ...]
    reader: str  # "pyjks", "cryptography" or "keytool"

    @property
    def key_aliases(self) -> tuple[str, ...]:
        return tuple(e.alias for e in self.entries if e.is_key)

    def entry(self, alias: str) -> StoreEntry | None:
        """Case-insensitive lookup, as Java's JKS and PKCS12 stores do."""
        return next((e for e in self.entries if e.alias.lower() == alias.lower()), None)


# -- reading stores --------------------------------------------------------------------------


def detect_store_type(data: bytes) -> str | None:
    """PKCS12, JKS, JCEKS or PEM from a file's first bytes; None when unknown."""
    if data[:4] == b"\xfe\xed\xfe\xed":
        return "JKS"
    if data[:4] == b"\xce\xce\xce\xce":
        return "JCEKS"
    if data.lstrip()[:10] == b"-----BEGIN":
        return "PEM"
    if data[:1] == b"\x30":
        return "PKCS12"
    return None


def cert_info(cert: x509.Certificate) -> CertInfo:
    return CertInfo(cert.subject.rfc4514_string(), cert.not_valid_after_utc)


def _der(der: bytes) -> CertInfo:
    return cert_info(x509.load_der_x509_certificate(der))


def _read_jks(data: bytes, password: str, key_password: str | None) -> StoreContents:
    try:
        ks = jks.KeyStore.loads(data, password, try_decrypt_keys=False)
    except jks.util.KeystoreSignatureException as e:
        raise KeystoreError("password", "the keystore password is wrong") from e
    except jks.util.KeystoreException as e:
        raise KeystoreError("unreadable", f"not a readable JKS/JCEKS keystore ({e})") from e
    entries = []
    for alias, entry in ks.entries.items():
        if isinstance(entry, jks.PrivateKeyEntry):
            entries.append(StoreEntry(alias, True, tuple(_der(c[1]) for c in entry.cert_chain)))
        elif isinstance(entry, jks.TrustedCertEntry):
            entries.append(StoreEntry(alias, False, (_der(entry.cert),)))
        else:
            entries.append(StoreEntry(alias, False))
    if key_password is not None:
        for alias, entry in ks.entries.items():
            if isinstance(entry, jks.PrivateKeyEntry):
                try:
                    entry.decrypt(key_password)
                except jks.util.DecryptionFailureException as e:
                    raise KeystoreError(
                        "key-password", f'the key password does not open entry "{alias}"'
                    ) from e
    return StoreContents(str(ks.store_type).upper(), tuple(entries), "pyjks")


# DER of the PKCS#12 object identifiers read below.
_OID_DATA = bytes.fromhex("2a864886f70d010701")
_OID_KEY_BAGS = (bytes.fromhex("2a864886f70d010c0a0101"), bytes.fromhex("2a864886f70d010c0a0102"))
_OID_FRIENDLY_NAME = bytes.fromhex("2a864886f70d010914")


def _tlv(data: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, content start, content end) of the DER element at `pos`."""
    tag, length = data[pos], data[pos + 1]
    pos += 2
    if length & 0x80:
        n = length & 0x7F
        if n == 0 or n > 4:
            raise ValueError("indefinite or oversized length")
        length = int.from_bytes(data[pos : pos + n], "big")
        pos += n
    if pos + length > len(data):
        raise ValueError("truncated")
    return tag, pos, pos + length


def _children(data: bytes, start: int, end: int) -> list[tuple[int, int, int]]:
    out, pos = [], start
    while pos < end:
        t = _tlv(data, pos)
        out.append(t)
        pos = t[2]
    return out


def _pkcs12_key_aliases(data: bytes) -> list[str]:
    """Friendly names of the key bags, in file order (they sit in clear `data` contents)."""
    names: list[str] = []
    _, s, e = _tlv(data, 0)
    pfx = _children(data, s, e)
    _, s, e = pfx[1]  # authSafe ContentInfo
    auth = _children(data, s, e)
    _, s, e = _children(data, auth[1][1], auth[1][2])[0]  # [0] → OCTET STRING
    _, s, e = _tlv(data, s)  # AuthenticatedSafe SEQUENCE
    for _, cs, ce in _children(data, s, e):
        info = _children(data, cs, ce)
        if data[info[0][1] : info[0][2]] != _OID_DATA or len(info) < 2:
            continue  # encryptedData: certificates, not keys
        _, os_, oe = _children(data, info[1][1], info[1][2])[0]
        _, ss, se = _tlv(data, os_)  # SafeContents SEQUENCE
        del oe
        for _, bs, be in _children(data, ss, se):
            bag = _children(data, bs, be)
            if data[bag[0][1] : bag[0][2]] not in _OID_KEY_BAGS:
                continue
            name = ""
            for tag, as_, ae in bag[2:]:
                if tag != 0x31:
                    continue
                for _, ats, ate in _children(data, as_, ae):
                    oid, values = _children(data, ats, ate)
                    if data[oid[1] : oid[2]] == _OID_FRIENDLY_NAME:
                        _, vs, ve = _children(data, values[1], values[2])[0]
                        name = data[vs:ve].decode("utf-16-be")
            names.append(name)
    return names


def _read_pkcs12(data: bytes, password: str) -> StoreContents:
    try:
        p12 = pkcs12.load_pkcs12(data, password.encode("utf-8"))
    except ValueError as e:
        raise KeystoreError("password", "the keystore password is wrong (or not PKCS12)") from e
    certs: dict[str, CertInfo] = {}
    for c in ([p12.cert] if p12.cert else []) + list(p12.additional_certs):
        name = c.friendly_name.decode("utf-8") if c.friendly_name else None
        if name is not None:  # unnamed certificates are CA certificates of a chain
            certs.setdefault(name, cert_info(c.certificate))
    try:
        keys = _pkcs12_key_aliases(data)
    except (ValueError, IndexError, UnicodeDecodeError):
        first = p12.cert.friendly_name if p12.cert and p12.cert.friendly_name else b""
        keys = [first.decode("utf-8")] if p12.key is not None else []
    entries = [StoreEntry(k, True, (certs[k],) if k in certs else ()) for k in keys]
    entries += [StoreEntry(a, False, (c,)) for a, c in certs.items() if a not in keys]
    return StoreContents("PKCS12", tuple(entries), "cryptography")


def _read_keytool(path: Path, password: str, store_type: str | None) -> StoreContents:
    """Fallback: `keytool -list -rfc` (JDK order of entries); the password goes via env."""
    exe = shutil.which("keytool")
    if exe is None:
        raise KeystoreError("unreadable", "the keystore cannot be read (and no keytool found)")
    cmd = [exe, "-J-Duser.language=en", "-list", "-rfc", "-keystore", str(path)]
    cmd += ["-storepass:env", "IGMIGRATE_STOREPASS"]
    if store_type:
        cmd += ["-storetype", store_type]
    env = {**os.environ, "IGMIGRATE_STOREPASS": password}
    res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60, check=False)
    out = res.stdout + res.stderr
    if res.returncode != 0:
        if "password was incorrect" in out or "password" in out.lower():
            raise KeystoreError("password", "the keystore password is wrong (keytool)")
        raise KeystoreError("unreadable", "keytool cannot read the keystore")
    types = [
        ln.split(":", 1)[1].strip() for ln in out.splitlines() if ln.startswith("Keystore type:")
    ]
    real = types[0] if types else store_type or "PKCS12"
    entries = []
    for block in out.split("Alias name: ")[1:]:
        alias = block.splitlines()[0].strip()
        pems = [
            x509.load_pem_x509_certificate(("-----BEGIN CERTIFICATE-----" + p).encode())
            for p in block.split("-----BEGIN CERTIFICATE-----")[1:]
        ]
        is_key = "Entry type: PrivateKeyEntry" in block
        entries.append(StoreEntry(alias, is_key, tuple(cert_info(c) for c in pems)))
    return StoreContents(real.upper(), tuple(entries), "keytool")


def open_store(
    path: Path, password: str, *, key_password: str | None = None, declared_type: str | None = None
) -> StoreContents:
    """Open a keystore with a library (pyjks, cryptography), else with keytool.

    Raises KeystoreError: missing file, wrong store password, unreadable, or (JKS/JCEKS) a key
    password that opens no key entry.
    """
    try:
        data = read_bytes(path)
    except FileNotFoundError as e:
        raise KeystoreError("missing", "the keystore file does not exist") from e
    except OSError as e:
        raise KeystoreError("unreadable", f"the keystore file cannot be read ({e.strerror})") from e
    kind = detect_store_type(data)
    if kind in {"JKS", "JCEKS"}:
        return _read_jks(data, password, key_password)
    if kind == "PKCS12":
        try:
            return _read_pkcs12(data, password)
        except KeystoreError as e:
            if shutil.which("keytool") is None:
                raise
            del e  # e.g. a PBE scheme cryptography lacks: let the JDK decide
    return _read_keytool(path, password, declared_type if kind is None else kind)


def resolve_store_path(
    value: str, catalina_base: Path, user_home: Path | None = None
) -> Path | None:
    """A Tomcat store location as a path: absolute, `file:` URL, or relative to CATALINA_BASE.

    None when it cannot be located here (unresolved `${…}`, `${user.home}` unknown, other URLs).
    """
    text = value
    if "${user.home}" in text:
        if user_home is None:
            return None
        text = text.replace("${user.home}", str(user_home))
    if "${" in text or not text.strip():
        return None
    url = urlparse(text)
    if len(url.scheme) > 1:
        if url.scheme != "file":
            return None
        text = unquote(url.path)
    p = Path(text)
    return p if p.is_absolute() else catalina_base / p


def pem_to_pkcs12(
    cert_pem: bytes,
    key_pem: bytes,
    chain_pem: bytes | None,
    *,
    alias: str,
    password: str,
    key_password: str | None = None,
) -> bytes:
    """A PKCS12 keystore (PBES2/AES-256, HMAC-SHA256: JDK 11.0.12+) holding one key entry.

    The bytes differ on every call (random salts), so callers that need stable output should
    prefer copying the PEM files when the target supports them.
    """
    certs = x509.load_pem_x509_certificates(cert_pem)
    extra = x509.load_pem_x509_certificates(chain_pem) if chain_pem else []
    key = serialization.load_pem_private_key(
        key_pem, key_password.encode("utf-8") if key_password else None
    )
    if not isinstance(key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey, dsa.DSAPrivateKey)):
        raise ValueError("unsupported private key type")
    enc = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(10000)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(password.encode("utf-8"))
    )
    return pkcs12.serialize_key_and_certificates(
        alias.lower().encode("utf-8"), key, certs[0], [*certs[1:], *extra] or None, enc
    )
