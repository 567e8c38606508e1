"""The truststore a connector trusts client certificates with (its own or the JVM's), opened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from igmigrate.findings import Findings, SourceLocation, Status
from igmigrate.rules import applies
from igmigrate.secretvalue import Secret
from igmigrate.tomcat.opener import Opener
from igmigrate.tomcat.placeholders import PropertyContext, PropertyValue
from igmigrate.tomcat.store_checks import add, check_expiry, error, locate, where
from igmigrate.tomcat.store_model import KeystoreError, StoreContents
from igmigrate.tomcat.stores import resolve_store_path
from igmigrate.tomcat.tls_model import SecretRef, TlsValue, Truststore
from igmigrate.tomcat.version import TomcatVersion

JVM_TRUSTSTORE = "javax.net.ssl.trustStore"
JVM_TRUSTSTORE_PASSWORD = "javax.net.ssl.trustStorePassword"
JVM_TRUSTSTORE_TYPE = "javax.net.ssl.trustStoreType"

# Tomcat's SSLHostConfig.CertificateVerification for each spelling it accepts (lower-cased).
VERIFICATION = {
    **dict.fromkeys(("true", "yes", "require", "required"), "REQUIRED"),
    **dict.fromkeys(("want", "optional"), "OPTIONAL"),
    **dict.fromkeys(("optionalnoca", "optional_no_ca"), "OPTIONAL_NO_CA"),
    **dict.fromkeys(("false", "no", "none"), "NONE"),
}


def tomcat_verification(value: str | None, version: TomcatVersion | None = None) -> str:
    """Tomcat's CertificateVerification for certificateVerification, clientAuth or SSLVerifyClient.

    Unset → NONE; an unknown value → REQUIRED on 8.5+ (Tomcat warns and falls back), NONE on 7.0
    (which only knew true/yes and want).
    """
    if value is None or not value.strip():
        return "NONE"
    known = VERIFICATION.get(value.strip().lower())
    if known is not None:
        return known
    return "NONE" if version is not None and not version.has_ssl_host_config() else "REQUIRED"


@dataclass(frozen=True)
class OpenedTruststore:
    """The truststore as read: the effective settings, the file's bytes when it is here, and
    its entries when it opened."""

    store: Truststore
    data: bytes | None = None
    file_name: str | None = None
    contents: StoreContents | None = None


def _origin(value: PropertyValue) -> SourceLocation:
    """A system property's origin ("bin/setenv.sh:3", "--property") as a location."""
    file, _, line = value.origin.rpartition(":")
    if file and line.isdigit():
        return SourceLocation(file, int(line))
    return SourceLocation(value.origin)


def _jvm_password(value: PropertyValue) -> SecretRef:
    """javax.net.ssl.trustStorePassword as a SecretRef: the one place a password is read here."""
    return SecretRef(
        Secret(value.value, JVM_TRUSTSTORE_PASSWORD), False, JVM_TRUSTSTORE_PASSWORD, _origin(value)
    )


def jvm_truststore(ctx: PropertyContext, ts: Truststore | None) -> Truststore | None:
    """The truststore Tomcat used when the connector names no file: javax.net.ssl.trustStore.

    Tomcat's SSLHostConfig takes its truststore file, password and type defaults from the
    javax.net.ssl.trustStore* system properties (-D in setenv, or catalina.properties); a value
    the connector sets itself wins. None when the property is not set (then the JVM's cacerts).
    """
    file = ctx.system.get(JVM_TRUSTSTORE)
    if file is None or not file.value.strip():
        return None
    password = ctx.system.get(JVM_TRUSTSTORE_PASSWORD)
    kind = ctx.system.get(JVM_TRUSTSTORE_TYPE)
    pw = ts.password if ts is not None and ts.password.attribute else None
    if pw is None:
        pw = _jvm_password(password) if password else SecretRef(None, is_default=True)
    if ts is not None and ts.type.attribute:
        store_type = ts.type
    elif kind is not None:
        store_type = TlsValue(kind.value, JVM_TRUSTSTORE_TYPE, _origin(kind))
    else:
        store_type = ts.type if ts is not None else TlsValue("JKS")
    return Truststore(
        TlsValue(file.value, JVM_TRUSTSTORE, _origin(file)),
        pw,
        store_type,
        ts.provider if ts is not None else TlsValue(None),
    )


@applies(
    "tls.truststore.unverified",
    "tls.truststore.password",
    "tls.truststore.unreadable",
    "tls.truststore.empty",
)
def verify_truststore(
    ts: Truststore,
    base: Path,
    findings: Findings,
    *,
    now: datetime | None,
    opener: Opener | None = None,
) -> OpenedTruststore:
    """Read and open a truststore; warn when it trusts nothing or holds expired certificates."""
    opener = opener or Opener()
    at = where(ts.file, where(ts.password, SourceLocation("")))
    if ts.file.value is None:
        return OpenedTruststore(ts)
    found = resolve_store_path(ts.file.value, base)
    try:
        data = opener.read(found) if found is not None and found.is_file() else None
    except KeystoreError:
        data = None  # not copied; the opening below says why
    opened = OpenedTruststore(ts, data, found.name if found is not None else None)
    path = locate(ts.file, "truststore", at, base, findings, rules="tls.truststore")
    if path is None:
        return opened
    password = ts.password.known
    if password is None:
        add(
            findings,
            "tls.truststore.unverified",
            Status.MANUAL,
            f"truststore {ts.file.value} not verified: its password is not known here",
            at,
        )
        return opened
    try:
        contents = opener.store(path, password, declared_type=ts.type.value)
    except KeystoreError as e:
        rule = "tls.truststore.password" if e.kind == "password" else "tls.truststore.unreadable"
        error(findings, rule, f"truststore {ts.file.value}: {e}", where(ts.password, at))
        return opened
    trusted = [c for e in contents.entries if not e.is_key for c in e.chain]
    if not trusted:
        add(
            findings,
            "tls.truststore.empty",
            Status.MANUAL,
            f"truststore {ts.file.value} holds no trusted certificate: no client can authenticate",
            at,
        )
    check_expiry(trusted, f"truststore {ts.file.value}", at, findings, now)
    return OpenedTruststore(ts, data, opened.file_name, contents)
