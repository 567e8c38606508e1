"""Reads keystores (PKCS12, JKS, JCEKS) and PEM files: pyjks and cryptography, else keytool."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

from igmigrate.tomcat.files import read_bytes
from igmigrate.tomcat.pkcs12 import password_opens_mac, read_pkcs12
from igmigrate.tomcat.store_model import (
    CertInfo,
    KeystoreError,
    StoreContents,
    StoreEntry,
    cert_info,
)


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


def _der(der: bytes) -> CertInfo:
    from cryptography import x509  # imported once a store is opened, not at start

    return cert_info(x509.load_der_x509_certificate(der))


def _read_jks(data: bytes, password: str, key_password: str | None) -> StoreContents:
    import jks  # pyjks: imported only when a JKS/JCEKS store is opened

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
    from cryptography import x509

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


def read_store(path: Path) -> bytes:
    """A store file's bytes; KeystoreError (missing, unreadable) when it cannot be read."""
    try:
        return read_bytes(path)
    except FileNotFoundError as e:
        raise KeystoreError("missing", "the keystore file does not exist") from e
    except OSError as e:
        raise KeystoreError("unreadable", f"the keystore file cannot be read ({e.strerror})") from e


def open_store(
    path: Path,
    password: str,
    *,
    key_password: str | None = None,
    declared_type: str | None = None,
    data: bytes | None = None,
) -> StoreContents:
    """Open a keystore (`data`: its bytes, when already read) with a library (pyjks,
    cryptography), else with keytool.

    Raises KeystoreError: missing file, wrong store password, unreadable, or (JKS/JCEKS) a key
    password that opens no key entry.
    """
    if data is None:
        data = read_store(path)
    kind = detect_store_type(data)
    if kind in {"JKS", "JCEKS"}:
        return _read_jks(data, password, key_password)
    if kind == "PKCS12":
        try:
            return read_pkcs12(data, password)
        except KeystoreError:
            # a wrong password fails the file's MAC: no need to ask the JDK (~1.5 s); else
            # (e.g. a PBE scheme cryptography lacks, or no MAC to check) let keytool decide
            if shutil.which("keytool") is None or password_opens_mac(data, password) is False:
                raise
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
