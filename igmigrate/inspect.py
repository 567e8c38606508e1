"""Read-only views of a parsed Tomcat installation (for `igmigrate inspect` and conformance)."""

from __future__ import annotations

from pathlib import Path

from igmigrate.config import Config
from igmigrate.findings import Findings
from igmigrate.mapping.tls_values import expand_protocols
from igmigrate.tomcat.javavalues import java_bool, java_int
from igmigrate.tomcat.load import load
from igmigrate.tomcat.server_xml import protocol_handler_class
from igmigrate.tomcat.tls_model import TlsConfig
from igmigrate.tomcat.truststores import tomcat_verification
from igmigrate.tomcat.version import TomcatVersion


def _ssl_host_configs(tls: TlsConfig | None, version: TomcatVersion) -> list[dict[str, object]]:
    """The SSLHostConfig/Certificate values Tomcat would hold, as explicitly configured."""
    if tls is None:
        return []
    out: list[dict[str, object]] = []
    for h in tls.host_configs:
        v = h.certificate_verification.value
        certs: list[dict[str, object]] = []
        for c in h.certificates:
            certs.append(
                {
                    "type": c.type.value,
                    "certificateKeystoreFile": c.keystore_file.value
                    if c.keystore_file.attribute
                    else None,
                    "certificateKeystoreType": None if c.is_pem else c.keystore_type.value,
                    "certificateKeyAlias": c.key_alias.value,
                    "certificateFile": c.certificate_file.value,
                    "certificateKeyFile": c.certificate_key_file.value,
                }
            )
        out.append(
            {
                "hostName": h.host_name,
                "protocols": sorted(expand_protocols(h.protocols_raw.value, version)),
                "certificateVerification": tomcat_verification(v, version),
                "truststoreFile": h.truststore.file.value if h.truststore else None,
                "certificates": certs,
            }
        )
    return out


def connector_table(
    src: Path,
    *,
    properties: dict[str, str] | None = None,
    tomcat_version: str | None = None,
) -> list[dict[str, object]]:
    """One row per Connector of every Service, in file order, as Tomcat would configure it."""
    loaded = load(
        Config(src=src, properties=dict(properties or {}), tomcat_version=tomcat_version),
        Findings(),
        open_stores=False,  # a view of the configuration: no keystore is opened
    )
    version = loaded.version.version
    offset_attr = loaded.server.port_offset
    offset = java_int(offset_attr.value) if offset_attr is not None else None
    if not version.has_port_offset():
        offset = None
    rows: list[dict[str, object]] = []
    for service in loaded.server.services:
        for conn in service.connectors:
            el = conn.element
            port = java_int(el.get("port"))
            with_offset = port
            if port is not None and port > 0 and offset:
                with_offset = port + offset
            rows.append(
                {
                    "service": service.name,
                    "port": port,
                    "port_with_offset": with_offset,
                    "protocol_class": protocol_handler_class(el.get("protocol"), version.major),
                    "address": el.get("address"),
                    "ssl_enabled": java_bool(el.get("SSLEnabled")),
                    "ssl_host_configs": _ssl_host_configs(loaded.tls_config(conn), version),
                }
            )
    return rows
