"""What an opened keystore holds (entries, certificates) and why one could not be opened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # cryptography is imported only where a store or PEM file is opened
    from cryptography import x509

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


def cert_info(cert: x509.Certificate) -> CertInfo:
    return CertInfo(cert.subject.rfc4514_string(), cert.not_valid_after_utc)
