"""Each store file, keystore and PEM key of one run read, opened or decrypted once (cached)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from igmigrate.secretvalue import Secret
from igmigrate.tomcat.store_model import KeystoreError, StoreContents
from igmigrate.tomcat.stores import open_store, read_store

if TYPE_CHECKING:  # cryptography is imported when a PEM file is first opened, not at start
    from cryptography import x509

StoreKey = tuple[Path, str | None, Secret, Secret | None]  # path, declared type, passwords


@dataclass
class Opener:
    """The one place a store or key password is used: every result (or error) is kept, so a
    file two connectors name is opened once, and an encrypted PEM key decrypted once."""

    _files: dict[Path, bytes | KeystoreError] = field(default_factory=dict)
    _stores: dict[StoreKey, StoreContents | KeystoreError] = field(default_factory=dict)
    _keys: dict[tuple[Path, Secret | None], bytes | TypeError | ValueError] = field(
        default_factory=dict
    )
    _certificates: dict[Path, list[x509.Certificate] | ValueError] = field(default_factory=dict)

    def read(self, path: Path) -> bytes:
        """The file's bytes (KeystoreError: missing or unreadable)."""
        got = self._files.get(path)
        if got is None:
            try:
                got = read_store(path)
            except KeystoreError as e:
                got = e
            self._files[path] = got
        if isinstance(got, KeystoreError):
            raise got
        return got

    def store(
        self,
        path: Path,
        password: Secret,
        *,
        key_password: Secret | None = None,
        declared_type: str | None = None,
    ) -> StoreContents:
        """The keystore opened as stores.open_store does (KeystoreError: why it cannot be)."""
        key = (path, declared_type, password, key_password)
        got = self._stores.get(key)
        if got is None:
            try:
                got = open_store(
                    path,
                    password.reveal(),
                    key_password=key_password.reveal() if key_password is not None else None,
                    declared_type=declared_type,
                    data=self.read(path),
                )
            except KeystoreError as e:
                got = e
            self._stores[key] = got
        if isinstance(got, KeystoreError):
            raise got
        return got

    def certificates(self, path: Path) -> list[x509.Certificate]:
        """The PEM certificates of a file (ValueError: none)."""
        got = self._certificates.get(path)
        if got is None:
            from cryptography import x509

            try:
                got = x509.load_pem_x509_certificates(self.read(path))
            except ValueError as e:
                got = e
            self._certificates[path] = got
        if isinstance(got, ValueError):
            raise got
        return got

    def public_key(self, path: Path, password: Secret | None) -> bytes:
        """The DER public key of a PEM private key, decrypted with `password` when set.

        TypeError: the key is encrypted and no password is set; ValueError: it cannot be read
        (with that password)."""
        key = (path, password)
        got = self._keys.get(key)
        if got is None:
            from cryptography.hazmat.primitives import serialization

            pw = password.reveal() if password is not None else ""
            try:
                private = serialization.load_pem_private_key(
                    self.read(path), pw.encode("utf-8") if pw else None
                )
                got = private.public_key().public_bytes(
                    serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
                )
            except (TypeError, ValueError) as e:
                got = e
            self._keys[key] = got
        if isinstance(got, (TypeError, ValueError)):
            raise got
        return got
