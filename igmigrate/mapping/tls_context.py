"""One connector's TLS mapping in progress, and the passwords it registers as secrets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from igmigrate.findings import SettingKey
from igmigrate.ig.model import HeapObject
from igmigrate.mapping.context import MapContext
from igmigrate.rules import applies
from igmigrate.secretvalue import placeholder_name
from igmigrate.tomcat.key_material import ConnectorTls
from igmigrate.tomcat.model import Connector
from igmigrate.tomcat.tls_model import SecretRef

INSTANCE_SECRETS = "&{ig.instance.dir}/secrets"
PASSWORDS = "SecretsPasswords"


@dataclass
class TlsMapping:
    """One connector's TLS mapping in progress: the settings already reported, the heap built."""

    mc: MapContext
    conn: Connector
    label: str
    material: ConnectorTls  # the config and the stores the load stage opened
    claimed: set[SettingKey] = field(default_factory=set)
    heap: list[HeapObject] = field(default_factory=list)
    uses_passwords: bool = False

    def claim(self, *keys: SettingKey | None) -> tuple[SettingKey, ...]:
        fresh = tuple(k for k in keys if k is not None and k not in self.claimed)
        self.claimed.update(fresh)
        return fresh


@applies("tls.password-missing", "tls.password", "tls.default-password")
def password(t: TlsMapping, ref: SecretRef, secret_id: str, what: str) -> str:
    """Register a password in the secret registry; report where it went (never its value)."""
    reg = t.mc.instance.secrets
    mode = t.mc.config.secrets_mode
    where = ref.location or t.conn.location
    t.uses_passwords = True
    if ref.is_placeholder:
        # name the attribute and its placeholders only: any part of the value may be the secret
        made_of = ref.placeholders()
        unset = ", ".join(f"${{{placeholder_name(n)}}}" for n in ref.unresolved)
        sid = reg.add(secret_id, None, where, placeholder=made_of)
        not_set = "which is not set here" if unset == made_of else f"and {unset} is not set here"
        t.mc.emit(
            "tls.password-missing",
            f"{what} ({ref.attribute}) uses {made_of}, {not_set}: secret id {sid} has no value",
            location=where,
            settings=t.claim(ref.key),
            hint=f"provide it as {reg.where(sid, mode)}, or re-run with --property",
        )
        return sid
    sid = reg.add(secret_id, ref.value, where)
    source = f"{ref.attribute}" if ref.attribute else "Tomcat's default"
    t.mc.emit(
        "tls.password",
        f"{what} ({source}) → secret id {sid}, kept in {reg.where(sid, mode)}",
        location=where,
        settings=t.claim(ref.key),
    )
    if ref.is_default or reg.get(sid).is_default:
        t.mc.emit(
            "tls.default-password",
            f"{what} is a well-known default password",
            location=where,
        )
    return sid


def file_name(value: str | None, default: str) -> str:
    return Path(value).name if value and Path(value).name else default


def password_store(mc: MapContext) -> HeapObject:
    if mc.config.secrets_mode == "env":
        return HeapObject(PASSWORDS, "SystemAndEnvSecretStore", {"format": "BASE64"})
    return HeapObject(
        PASSWORDS, "FileSystemSecretStore", {"directory": INSTANCE_SECRETS, "format": "PLAIN"}
    )
