"""Opens the real keystores and PEM files a TLS config names, and reports what Tomcat would hit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from igmigrate.findings import Findings, SourceLocation, Status
from igmigrate.tomcat.files import read_bytes
from igmigrate.tomcat.stores import (
    CertInfo,
    KeystoreError,
    StoreContents,
    cert_info,
    detect_store_type,
    open_store,
    resolve_store_path,
)
from igmigrate.tomcat.tls_model import CertificateConfig, SecretRef, TlsValue, Truststore

EXPIRY_WARNING = timedelta(days=30)

RULE_UNRESOLVED = "tls.keystore.unresolved"
RULE_MISSING = "tls.keystore.missing"
RULE_UNREADABLE = "tls.keystore.unreadable"
RULE_PASSWORD = "tls.keystore.password"
RULE_UNVERIFIED = "tls.keystore.unverified"
RULE_TYPE = "tls.keystore.type"
RULE_ALIAS = "tls.keystore.alias"
RULE_FIRST_KEY = "tls.keystore.first-key"
RULE_NO_KEY = "tls.keystore.no-key"
RULE_KEY_PASSWORD = "tls.keystore.key-password"
RULE_EXPIRED = "tls.certificate.expired"
RULE_EXPIRING = "tls.certificate.expiring"
RULE_PEM = "tls.pem"
RULE_TRUSTSTORE_EMPTY = "tls.truststore.empty"
RULES = (
    RULE_UNRESOLVED,
    RULE_MISSING,
    RULE_UNREADABLE,
    RULE_PASSWORD,
    RULE_UNVERIFIED,
    RULE_TYPE,
    RULE_ALIAS,
    RULE_FIRST_KEY,
    RULE_NO_KEY,
    RULE_KEY_PASSWORD,
    RULE_EXPIRED,
    RULE_EXPIRING,
    RULE_PEM,
    RULE_TRUSTSTORE_EMPTY,
)


@dataclass(frozen=True)
class KeystoreCheck:
    """The verified keystore: real type, and the lower-case key alias IG should map."""

    path: Path
    store_type: str
    alias: str | None
    alias_chosen: bool  # Tomcat named no alias: the first key entry was taken
    contents: StoreContents | None  # None when the password is unknown (not opened)


@dataclass(frozen=True)
class PemCheck:
    certificate_path: Path
    key_path: Path
    chain_path: Path | None
    certificates: tuple[CertInfo, ...]


# -- findings ------------------------------------------------------------------------------


def _add(
    findings: Findings,
    rule: str,
    status: Status,
    message: str,
    location: SourceLocation | None,
    *,
    hint: str | None = None,
) -> None:
    findings.emit(rule, message, status=status, location=location, hint=hint)


def _error(findings: Findings, rule: str, message: str, location: SourceLocation | None) -> None:
    _add(findings, rule, Status.ERROR, message, location)


def _where(v: TlsValue | SecretRef, fallback: SourceLocation) -> SourceLocation:
    return v.location or fallback


def check_expiry(
    certs: Iterable[CertInfo],
    what: str,
    location: SourceLocation,
    findings: Findings,
    now: datetime,
) -> None:
    """Warn on certificates expired, or expiring within 30 days of `now`."""
    for c in certs:
        if c.not_after <= now:
            _add(
                findings,
                RULE_EXPIRED,
                Status.MANUAL,
                f"{what}: certificate {c.subject} expired on {c.not_after:%Y-%m-%d}",
                location,
                hint="renew the certificate before switching over",
            )
        elif c.not_after - now <= EXPIRY_WARNING:
            _add(
                findings,
                RULE_EXPIRING,
                Status.MANUAL,
                f"{what}: certificate {c.subject} expires on {c.not_after:%Y-%m-%d}",
                location,
            )


def _put_there(dest: str | None) -> str:
    if dest is None:
        return "copy the file into the output's secrets/ directory and check the mapping"
    if dest.endswith(".pem"):  # one PEM secret: key, certificate and chain joined
        return (
            f"join the key, certificate and chain files (in that order) into {dest} in the"
            " output directory (admin.json already points there)"
        )
    return f"place the file as {dest} in the output directory (admin.json already points there)"


def _locate(
    file: TlsValue,
    what: str,
    where: SourceLocation,
    base: Path,
    home: Path | None,
    f: Findings,
    dest: str | None = None,
) -> Path | None:
    """The store file as a path here; None, with a manual finding saying where it must go, when
    it is not here (not copied with SRC, or a path of the Tomcat host)."""
    value = file.value or ""
    attr = file.attribute or "the default location"
    path = resolve_store_path(value, base, home)
    if path is None:
        why = (
            "the home directory of the user running Tomcat is not known"
            if "${user.home}" in value
            else "its location is not a local file known here"
        )
        _add(
            f,
            RULE_UNRESOLVED,
            Status.MANUAL,
            f'{what} "{value}" ({attr}) cannot be checked: {why}',
            where,
            hint=_put_there(dest),
        )
        return None
    if not path.is_file():
        _add(
            f,
            RULE_MISSING,
            Status.MANUAL,
            f'{what} "{value}" ({attr}) is not here (not in SRC, or a path of the Tomcat host):'
            " it could not be copied or checked",
            where,
            hint=_put_there(dest),
        )
        return None
    return path


def verify_keystore(
    cert: CertificateConfig,
    catalina_base: Path,
    findings: Findings,
    *,
    now: datetime,
    user_home: Path | None = None,
    dest: str | None = None,
) -> KeystoreCheck | None:
    """Check a keystore certificate as Tomcat would load it; None when it cannot be used.

    `dest` is where the output expects the file (secrets/…), named when it is not here.
    """
    where = _where(cert.keystore_file, cert.location)
    path = _locate(cert.keystore_file, "keystore", where, catalina_base, user_home, findings, dest)
    if path is None:
        return None
    declared = (cert.keystore_type.value or "JKS").upper()
    alias_in = cert.key_alias.value
    password = cert.keystore_password.known
    if password is None:
        _add(
            findings,
            RULE_UNVERIFIED,
            Status.MANUAL,
            f"keystore {cert.keystore_file.value} not verified: its password is not known here",
            where,
            hint="check the alias and certificate dates with keytool -list",
        )
        real = detect_store_type(read_bytes(path)) or declared
        alias = alias_in.lower() if alias_in else None
        return KeystoreCheck(path, real, alias, False, None)
    key_pw = cert.key_password.known
    try:
        contents = open_store(  # the store is opened here: the one place its password is used
            path,
            password.reveal(),
            key_password=key_pw.reveal() if key_pw is not None and key_pw != password else None,
            declared_type=declared,
        )
    except KeystoreError as e:
        if e.kind == "password":
            pw = cert.keystore_password
            what = "the default password changeit" if pw.is_default else pw.attribute
            _error(
                findings,
                RULE_PASSWORD,
                f"keystore {cert.keystore_file.value}: {e} ({what}); Tomcat cannot open it",
                _where(pw, where),
            )
        elif e.kind == "key-password":
            kp = cert.key_password
            _error(
                findings,
                RULE_KEY_PASSWORD,
                f"keystore {cert.keystore_file.value}: {e} ({kp.attribute or 'default'})",
                _where(kp, where),
            )
        else:
            _error(findings, RULE_UNREADABLE, f"keystore {cert.keystore_file.value}: {e}", where)
        return None
    if contents.store_type != declared:
        said = f"keystoreType {declared}" if not cert.keystore_type.is_default else "no type (JKS)"
        _add(
            findings,
            RULE_TYPE,
            Status.MAPPED,
            f"keystore {cert.keystore_file.value} is a {contents.store_type} file but Tomcat was"
            f" told {said}; the JDK read it anyway, IG is given storeType {contents.store_type}",
            _where(cert.keystore_type, where),
        )
    alias, chosen = _choose_alias(cert, contents, where, findings)
    if alias is None:
        return None
    entry = contents.entry(alias)
    if entry is not None:
        check_expiry(entry.chain, f'keystore entry "{alias}"', where, findings, now)
    return KeystoreCheck(path, contents.store_type, alias.lower(), chosen, contents)


def _choose_alias(
    cert: CertificateConfig, contents: StoreContents, where: SourceLocation, findings: Findings
) -> tuple[str | None, bool]:
    keys = contents.key_aliases
    listed = ", ".join(f'"{a}"' for a in keys) or "none"
    wanted = cert.key_alias.value
    if wanted:
        entry = contents.entry(wanted)
        if entry is None or not entry.is_key:
            why = "is not in" if entry is None else "is a trusted certificate, not a key, in"
            _error(
                findings,
                RULE_ALIAS,
                f'{cert.key_alias.attribute} "{wanted}" {why} keystore'
                f" {cert.keystore_file.value} (key entries: {listed}); Tomcat cannot start TLS",
                _where(cert.key_alias, where),
            )
            return None, False
        return entry.alias, False
    if not keys:
        _error(
            findings,
            RULE_NO_KEY,
            f"keystore {cert.keystore_file.value} holds no private key entry",
            where,
        )
        return None, False
    many = len(keys) > 1
    _add(
        findings,
        RULE_FIRST_KEY,
        Status.MANUAL if many else Status.MAPPED,
        f'no key alias set: Tomcat takes the first key entry it enumerates; chose "{keys[0]}"'
        + (f" of {listed} (Tomcat's order is not guaranteed)" if many else ""),
        where,
        hint="set the alias explicitly if another key was meant" if many else None,
    )
    return keys[0], True


def verify_truststore(
    ts: Truststore,
    catalina_base: Path,
    findings: Findings,
    *,
    now: datetime,
    user_home: Path | None = None,
    dest: str | None = None,
) -> StoreContents | None:
    """Open a truststore; warn when it trusts nothing or holds expired certificates."""
    where = _where(ts.file, _where(ts.password, SourceLocation("")))
    if ts.file.value is None:
        return None  # javax.net.ssl.trustStore: the JVM's, the mapper reports it
    path = _locate(ts.file, "truststore", where, catalina_base, user_home, findings, dest)
    if path is None:
        return None
    password = ts.password.known
    if password is None:
        _add(
            findings,
            RULE_UNVERIFIED,
            Status.MANUAL,
            f"truststore {ts.file.value} not verified: its password is not known here",
            where,
        )
        return None
    try:
        contents = open_store(path, password.reveal(), declared_type=ts.type.value)
    except KeystoreError as e:
        rule = RULE_PASSWORD if e.kind == "password" else RULE_UNREADABLE
        _error(findings, rule, f"truststore {ts.file.value}: {e}", _where(ts.password, where))
        return None
    trusted = [c for e in contents.entries if not e.is_key for c in e.chain]
    if not trusted:
        _add(
            findings,
            RULE_TRUSTSTORE_EMPTY,
            Status.MANUAL,
            f"truststore {ts.file.value} holds no trusted certificate: no client can authenticate",
            where,
        )
    check_expiry(trusted, f"truststore {ts.file.value}", where, findings, now)
    return contents


# -- PEM -------------------------------------------------------------------------------------


def verify_pem(
    cert: CertificateConfig,
    catalina_base: Path,
    findings: Findings,
    *,
    now: datetime,
    dest: str | None = None,
) -> PemCheck | None:
    """Check the PEM form: certificate, key (decrypted with its password, matching), chain.

    None when a file is not here (each one named): `dest` is the joined PEM the output expects.
    """
    where = _where(cert.certificate_file, cert.location)
    cert_path = _locate(
        cert.certificate_file, "certificate file", where, catalina_base, None, findings, dest
    )
    key_value = (
        cert.certificate_key_file if cert.certificate_key_file.value else cert.certificate_file
    )
    key_where = _where(key_value, where)
    key_path = (
        cert_path
        if key_value is cert.certificate_file
        else _locate(
            key_value, "certificate key file", key_where, catalina_base, None, findings, dest
        )
    )
    chain_path = None
    if cert.certificate_chain_file.value:
        cw = _where(cert.certificate_chain_file, where)
        chain_path = _locate(
            cert.certificate_chain_file, "chain file", cw, catalina_base, None, findings, dest
        )
        if chain_path is None:
            return None
    if cert_path is None or key_path is None:
        return None
    try:
        leafs = x509.load_pem_x509_certificates(read_bytes(cert_path))
    except ValueError:
        _error(findings, RULE_PEM, f"{cert.certificate_file.value} holds no PEM certificate", where)
        return None
    known = cert.key_password.known
    pw = known.reveal() if known is not None else None  # decrypts the key, never shown
    try:
        key = serialization.load_pem_private_key(
            read_bytes(key_path), pw.encode("utf-8") if pw else None
        )
    except TypeError:
        _error(
            findings,
            RULE_KEY_PASSWORD,
            f"the private key in {key_value.value} is encrypted and no password is set",
            key_where,
        )
        return None
    except ValueError:
        _error(
            findings,
            RULE_KEY_PASSWORD if pw else RULE_PEM,
            f"the private key in {key_value.value} cannot be read"
            + (" with the configured password" if pw else ""),
            _where(cert.key_password, key_where) if pw else key_where,
        )
        return None
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    pub = key.public_key().public_bytes(serialization.Encoding.DER, spki)
    if leafs[0].public_key().public_bytes(serialization.Encoding.DER, spki) != pub:
        _error(
            findings,
            RULE_PEM,
            f"the private key in {key_value.value} does not match the certificate in"
            f" {cert.certificate_file.value}",
            where,
        )
        return None
    chain = x509.load_pem_x509_certificates(read_bytes(chain_path)) if chain_path else []
    infos = tuple(cert_info(c) for c in [*leafs, *chain])
    check_expiry(infos, f"certificate file {cert.certificate_file.value}", where, findings, now)
    return PemCheck(cert_path, key_path, chain_path, infos)


def now_utc() -> datetime:
    return datetime.now(timezone.utc)
