"""Per target-version differences of IG's configuration, as one table (target-ig.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from igmigrate.errors import UserError


@dataclass(frozen=True)
class Profile:
    """What changes between IG target versions; paths are relative to a `connectors[]` entry."""

    version: str
    store_password_key: str  # KeyStoreSecretStore: secret id of the store password
    entry_password_key: str  # KeyStoreSecretStore: secret id of the key-entry password
    header_size_path: tuple[str, ...]  # Tomcat maxHttpHeaderSize
    bind_address_path: tuple[str, ...]  # Tomcat address
    secrets_provider_required: bool  # required from 2024.3; always emitted anyway
    default_secrets_object: bool  # the automatic `secrets` SystemAndEnvSecretStore (< 2024.3)
    unprotected_keystores: bool  # KeyStoreSecretStore without a password (2023.2+)
    pid_file_mode: bool  # admin.json `pidFileMode` (2023.6+)
    secrets_provider_explicit: bool = True  # house rule: always write `secretsProvider`


_VERTX_HOST = ("vertx", "host")  # `host` on the connector itself only from 2024.9
_VERTX_HEADER = ("vertx", "maxHeaderSize")  # deprecated 2023.6, removed 2026.3
_TOTAL_HEADER = ("maxTotalHeadersSize",)  # 2023.6+
_STORE_PW, _ENTRY_PW = "storePasswordSecretId", "entryPasswordSecretId"  # 2023.2+

# One row per difference; columns are the SUPPORTED versions, in order.
#   feature                      7.2                  2023.11                  2024.3
_TABLE: dict[str, tuple[Any, Any, Any]] = {
    "store_password_key":        ("storePassword",    _STORE_PW,               _STORE_PW),
    "entry_password_key":        ("keyEntryPassword", _ENTRY_PW,               _ENTRY_PW),
    "header_size_path":          (_VERTX_HEADER,      _TOTAL_HEADER,           _TOTAL_HEADER),
    "bind_address_path":         (_VERTX_HOST,        _VERTX_HOST,             _VERTX_HOST),
    "secrets_provider_required": (False,              False,                   True),
    "default_secrets_object":    (True,               True,                    False),
    "unprotected_keystores":     (False,              True,                    True),
    "pid_file_mode":             (False,              True,                    True),
}  # fmt: skip

SUPPORTED = ("7.2", "2023.11", "2024.3")
DEFAULT = "7.2"


def profile(version: str) -> Profile:
    """The profile of a supported target version (`--target-version`)."""
    if version not in SUPPORTED:
        raise UserError(
            f"unsupported --target-version {version!r}: choose one of {', '.join(SUPPORTED)}"
        )
    column = SUPPORTED.index(version)
    return Profile(version, **{feature: row[column] for feature, row in _TABLE.items()})
