"""PEM certificates and keys read as Tomcat would: key decrypted and matched to its certificate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from igmigrate.findings import Findings
from igmigrate.rules import applies
from igmigrate.secretvalue import Secret
from igmigrate.tomcat.opener import Opener
from igmigrate.tomcat.store_checks import check_expiry, error, locate, where
from igmigrate.tomcat.store_model import CertInfo, KeystoreError, cert_info
from igmigrate.tomcat.tls_model import CertificateConfig

NO_PASSWORD = Secret("")


@dataclass(frozen=True)
class OpenedPem:
    """The PEM files of one certificate as read: key, certificate and chain bytes."""

    certificate_path: Path
    key_path: Path
    chain_path: Path | None
    certificates: tuple[CertInfo, ...]
    key: bytes = b""
    certificate: bytes = b""
    chain: bytes | None = None


@applies("tls.pem", "tls.keystore.key-password")
def verify_pem(
    cert: CertificateConfig,
    base: Path,
    findings: Findings,
    *,
    now: datetime | None,
    opener: Opener | None = None,
) -> OpenedPem | None:
    """Check the PEM form: certificate, key (decrypted with its password, matching), chain.

    None when a file is not here (each one named) or Tomcat could not use them."""
    opener = opener or Opener()
    at = where(cert.certificate_file, cert.location)
    cert_path = locate(cert.certificate_file, "certificate file", at, base, findings, pem=True)
    key_value = (
        cert.certificate_key_file if cert.certificate_key_file.value else cert.certificate_file
    )
    key_at = where(key_value, at)
    key_path = (
        cert_path
        if key_value is cert.certificate_file
        else locate(key_value, "certificate key file", key_at, base, findings, pem=True)
    )
    chain_path = None
    if cert.certificate_chain_file.value:
        cw = where(cert.certificate_chain_file, at)
        chain_path = locate(cert.certificate_chain_file, "chain file", cw, base, findings, pem=True)
        if chain_path is None:
            return None
    if cert_path is None or key_path is None:
        return None
    try:
        leafs = opener.certificates(cert_path)
    except ValueError:
        error(findings, "tls.pem", f"{cert.certificate_file.value} holds no PEM certificate", at)
        return None
    except KeystoreError as e:
        error(findings, "tls.pem", f"{cert.certificate_file.value}: {e}", at)
        return None
    password = cert.key_password.known
    has_password = password is not None and password != NO_PASSWORD
    try:
        public = opener.public_key(key_path, password if has_password else None)
    except TypeError:
        error(
            findings,
            "tls.keystore.key-password",
            f"the private key in {key_value.value} is encrypted and no password is set",
            key_at,
        )
        return None
    except (ValueError, KeystoreError):
        error(
            findings,
            "tls.keystore.key-password" if has_password else "tls.pem",
            f"the private key in {key_value.value} cannot be read"
            + (" with the configured password" if has_password else ""),
            where(cert.key_password, key_at) if has_password else key_at,
        )
        return None
    from cryptography.hazmat.primitives import serialization  # only once a PEM file is opened

    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    if leafs[0].public_key().public_bytes(serialization.Encoding.DER, spki) != public:
        error(
            findings,
            "tls.pem",
            f"the private key in {key_value.value} does not match the certificate in"
            f" {cert.certificate_file.value}",
            at,
        )
        return None
    try:
        chain = opener.certificates(chain_path) if chain_path else []
        chain_data = opener.read(chain_path) if chain_path else None
    except (ValueError, KeystoreError):
        error(
            findings, "tls.pem", f"{cert.certificate_chain_file.value} holds no PEM certificate", at
        )
        return None
    infos = tuple(cert_info(c) for c in [*leafs, *chain])
    check_expiry(infos, f"certificate file {cert.certificate_file.value}", at, findings, now)
    return OpenedPem(
        cert_path,
        key_path,
        chain_path,
        infos,
        opener.read(key_path),
        opener.read(cert_path),
        chain_data,
    )
