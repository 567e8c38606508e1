"""Keystore certificates opened as Tomcat would load them, with what Tomcat would hit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from igmigrate.findings import Findings, SourceLocation, Status
from igmigrate.rules import applies
from igmigrate.tomcat.opener import Opener
from igmigrate.tomcat.store_checks import add, check_expiry, error, locate, where
from igmigrate.tomcat.store_model import KeystoreError, StoreContents
from igmigrate.tomcat.stores import detect_store_type
from igmigrate.tomcat.tls_model import CertificateConfig


@dataclass(frozen=True)
class OpenedKeystore:
    """A keystore as read: its bytes, real type, and the lower-case key alias IG should map."""

    path: Path
    data: bytes = b""
    store_type: str = "JKS"
    alias: str | None = None
    alias_chosen: bool = False  # Tomcat named no alias: the first key entry was taken
    contents: StoreContents | None = None  # None when the password is unknown (not opened)


@applies(
    "tls.keystore.unverified",
    "tls.keystore.password",
    "tls.keystore.key-password",
    "tls.keystore.unreadable",
    "tls.keystore.type",
)
def verify_keystore(
    cert: CertificateConfig,
    base: Path,
    findings: Findings,
    *,
    now: datetime | None,
    opener: Opener | None = None,
) -> OpenedKeystore | None:
    """Check a keystore certificate as Tomcat would load it; None when it cannot be used."""
    opener = opener or Opener()
    at = where(cert.keystore_file, cert.location)
    path = locate(cert.keystore_file, "keystore", at, base, findings)
    if path is None:
        return None
    declared = (cert.keystore_type.value or "JKS").upper()
    alias_in = cert.key_alias.value
    password = cert.keystore_password.known
    try:
        data = opener.read(path)
        if password is None:
            add(
                findings,
                "tls.keystore.unverified",
                Status.MANUAL,
                f"keystore {cert.keystore_file.value} not verified: its password is not known here",
                at,
                hint="check the alias and certificate dates with keytool -list",
            )
            real = detect_store_type(data) or declared
            alias = alias_in.lower() if alias_in else None
            return OpenedKeystore(path, data, real, alias, False, None)
        key_pw = cert.key_password.known
        contents = opener.store(
            path,
            password,
            key_password=key_pw if key_pw is not None and key_pw != password else None,
            declared_type=declared,
        )
    except KeystoreError as e:
        if e.kind == "password":
            pw = cert.keystore_password
            what = "the default password changeit" if pw.is_default else pw.attribute
            error(
                findings,
                "tls.keystore.password",
                f"keystore {cert.keystore_file.value}: {e} ({what}); Tomcat cannot open it",
                where(pw, at),
            )
        elif e.kind == "key-password":
            kp = cert.key_password
            error(
                findings,
                "tls.keystore.key-password",
                f"keystore {cert.keystore_file.value}: {e} ({kp.attribute or 'default'})",
                where(kp, at),
            )
        else:
            error(
                findings, "tls.keystore.unreadable", f"keystore {cert.keystore_file.value}: {e}", at
            )
        return None
    if contents.store_type != declared:
        said = f"keystoreType {declared}" if not cert.keystore_type.is_default else "no type (JKS)"
        add(
            findings,
            "tls.keystore.type",
            Status.MAPPED,
            f"keystore {cert.keystore_file.value} is a {contents.store_type} file but Tomcat was"
            f" told {said}; the JDK read it anyway, IG is given storeType {contents.store_type}",
            where(cert.keystore_type, at),
        )
    alias, chosen = _choose_alias(cert, contents, at, findings)
    if alias is None:
        return None
    entry = contents.entry(alias)
    if entry is not None:
        check_expiry(entry.chain, f'keystore entry "{alias}"', at, findings, now)
    return OpenedKeystore(path, data, contents.store_type, alias.lower(), chosen, contents)


@applies("tls.keystore.alias", "tls.keystore.no-key", "tls.keystore.first-key")
def _choose_alias(
    cert: CertificateConfig, contents: StoreContents, at: SourceLocation, findings: Findings
) -> tuple[str | None, bool]:
    keys = contents.key_aliases
    listed = ", ".join(f'"{a}"' for a in keys) or "none"
    wanted = cert.key_alias.value
    if wanted:
        entry = contents.entry(wanted)
        if entry is None or not entry.is_key:
            why = "is not in" if entry is None else "is a trusted certificate, not a key, in"
            error(
                findings,
                "tls.keystore.alias",
                f'{cert.key_alias.attribute} "{wanted}" {why} keystore'
                f" {cert.keystore_file.value} (key entries: {listed}); Tomcat cannot start TLS",
                where(cert.key_alias, at),
            )
            return None, False
        return entry.alias, False
    if not keys:
        error(
            findings,
            "tls.keystore.no-key",
            f"keystore {cert.keystore_file.value} holds no private key entry",
            at,
        )
        return None, False
    many = len(keys) > 1
    add(
        findings,
        "tls.keystore.first-key",
        Status.MANUAL if many else Status.MAPPED,
        f'no key alias set: Tomcat takes the first key entry it enumerates; chose "{keys[0]}"'
        + (f" of {listed} (Tomcat's order is not guaranteed)" if many else ""),
        at,
        hint="set the alias explicitly if another key was meant" if many else None,
    )
    return keys[0], True
