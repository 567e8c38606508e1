"""What the keystore, PEM and truststore checks share: locating a file, certificate expiry."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from igmigrate.findings import Findings, SourceLocation, Status
from igmigrate.rules import applies
from igmigrate.tomcat.store_model import CertInfo
from igmigrate.tomcat.stores import resolve_store_path
from igmigrate.tomcat.tls_model import SecretRef, TlsValue

EXPIRY_WARNING = timedelta(days=30)


def add(
    findings: Findings,
    rule: str,
    status: Status,
    message: str,
    location: SourceLocation | None,
    *,
    hint: str | None = None,
) -> None:
    findings.emit(rule, message, status=status, location=location, hint=hint)


def error(findings: Findings, rule: str, message: str, location: SourceLocation | None) -> None:
    add(findings, rule, Status.ERROR, message, location)


def where(v: TlsValue | SecretRef, fallback: SourceLocation) -> SourceLocation:
    return v.location or fallback


@applies("tls.certificate.expired", "tls.certificate.expiring")
def check_expiry(
    certs: Iterable[CertInfo],
    what: str,
    location: SourceLocation,
    findings: Findings,
    now: datetime | None,
) -> None:
    """Warn on certificates expired, or expiring within 30 days of `now` (None: no clock given,
    nothing checked)."""
    if now is None:
        return
    for c in certs:
        if c.not_after <= now:
            add(
                findings,
                "tls.certificate.expired",
                Status.MANUAL,
                f"{what}: certificate {c.subject} expired on {c.not_after:%Y-%m-%d}",
                location,
                hint="renew the certificate before switching over",
            )
        elif c.not_after - now <= EXPIRY_WARNING:
            add(
                findings,
                "tls.certificate.expiring",
                Status.MANUAL,
                f"{what}: certificate {c.subject} expires on {c.not_after:%Y-%m-%d}",
                location,
            )


def _put_there(pem: bool, rules: str) -> str:
    """Where the file goes: the output's secrets/, under the name the mapping finding gives."""
    if pem:  # one PEM secret: key, certificate and chain joined
        return (
            "join the key, certificate and chain files (in that order) into the secrets/ file"
            " the tls.pem-form finding names, in the output directory (admin.json already"
            " points there)"
        )
    return (
        f"place the file in the output's secrets/ directory under the name the connector's"
        f" {rules} finding gives (admin.json already points there)"
    )


@applies(
    "tls.keystore.unresolved",
    "tls.keystore.missing",
    "tls.truststore.unresolved",
    "tls.truststore.missing",
)
def locate(
    file: TlsValue,
    what: str,
    at: SourceLocation,
    base: Path,
    findings: Findings,
    *,
    rules: str = "tls.keystore",
    pem: bool = False,
) -> Path | None:
    """The store file as a path here; None, with a manual finding (`rules`.unresolved or
    .missing) saying where it must go, when it is not here (not copied with SRC, or a path of
    the Tomcat host)."""
    value = file.value or ""
    attr = file.attribute or "the default location"
    path = resolve_store_path(value, base)
    if path is None:
        why = (
            "the home directory of the user running Tomcat is not known"
            if "${user.home}" in value
            else "its location is not a local file known here"
        )
        add(
            findings,
            f"{rules}.unresolved",
            Status.MANUAL,
            f'{what} "{value}" ({attr}) cannot be checked: {why}',
            at,
            hint=_put_there(pem, rules),
        )
        return None
    if not path.is_file():
        add(
            findings,
            f"{rules}.missing",
            Status.MANUAL,
            f'{what} "{value}" ({attr}) is not here (not in SRC, or a path of the Tomcat host):'
            " it could not be copied or checked",
            at,
            hint=_put_there(pem, rules),
        )
        return None
    return path
