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
    audit_file_handler: str  # the file-based audit event handler the version documents
    audit_file_name: str  # the file it writes for the `access` topic


_VERTX_HEADER = ("vertx", "maxHeaderSize")  # deprecated 2023.6, removed 2026.3
_TOTAL_HEADER = ("maxTotalHeadersSize",)  # 2023.6+
_STORE_PW, _ENTRY_PW = "storePasswordSecretId", "entryPasswordSecretId"  # 2023.2+
# 7.2 documents CsvAuditEventHandler (no 7.2 JsonAuditEventHandler page); 2023.11+ documents
# JsonAuditEventHandler as "the preferred file-based audit event handler".
_CSV = "org.forgerock.audit.handlers.csv.CsvAuditEventHandler"
_JSON = "org.forgerock.audit.handlers.json.JsonAuditEventHandler"

# One row per difference; columns are the SUPPORTED versions, in order.
#   feature                      7.2                  2023.11                  2024.3
_TABLE: dict[str, tuple[Any, Any, Any]] = {
    "store_password_key":        ("storePassword",    _STORE_PW,               _STORE_PW),
    "entry_password_key":        ("keyEntryPassword", _ENTRY_PW,               _ENTRY_PW),
    "header_size_path":          (_VERTX_HEADER,      _TOTAL_HEADER,           _TOTAL_HEADER),
    "audit_file_handler":        (_CSV,               _JSON,                   _JSON),
    "audit_file_name":           ("access.csv",       "access.audit.json",     "access.audit.json"),
}  # fmt: skip

SUPPORTED = ("7.2", "2023.11", "2024.3")


def profile(version: str) -> Profile:
    """The profile of a supported target version (`--target-version`)."""
    if version not in SUPPORTED:
        raise UserError(
            f"unsupported --target-version {version!r}: choose one of {', '.join(SUPPORTED)}"
        )
    column = SUPPORTED.index(version)
    return Profile(version, **{feature: row[column] for feature, row in _TABLE.items()})
