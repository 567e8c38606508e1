"""Read-only views of a parsed Tomcat installation (for `igmigrate inspect` and conformance):
the connector table, and the assessment (found, maps, needs a human, coverage). Never writes."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from igmigrate.config import Config
from igmigrate.findings import Findings, Status
from igmigrate.inspect_model import Namer, model
from igmigrate.mapping.context import MapContext
from igmigrate.mapping.run import map_source
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


FORMAT_VERSION = 1
INSPECT_FORMATS = ("text", "json", "connectors")
INSPECT_FORMATS_HELP = (
    "text (the assessment) | json (the parsed model with source locations, and the findings)"
    " | connectors (one JSON line per Connector, as Tomcat would configure it)"
)
_HUMAN = (Status.ERROR, Status.UNSUPPORTED, Status.MANUAL)
_MAPS = (Status.MAPPED, Status.PARTIAL, Status.IGNORED)


def assess(config: Config) -> MapContext:
    """Read and map SRC as `convert` does, rendering and writing nothing."""
    return map_source(config)


def _connectors(mc: MapContext) -> list[dict[str, object]]:
    namer = Namer(mc.loaded)
    rows: list[dict[str, object]] = []
    for service in mc.loaded.server.services:
        for conn in service.connectors:
            el = conn.element
            rows.append(
                {
                    "service": service.name,
                    "port": el.get("port"),
                    "protocol": conn.protocol,
                    "tls": java_bool(el.get("SSLEnabled")) or bool(conn.ssl_host_configs),
                    "location": namer.location(conn.location),
                }
            )
    return rows


def _coverage(findings: Findings) -> dict[str, object]:
    seen = set(findings.seen)
    accounted = len(seen & findings.accounted())
    percent = 100.0 if not seen else (accounted * 1000 // len(seen)) / 10
    return {"seen": len(seen), "accounted": accounted, "percent": percent}


def assessment_json(mc: MapContext) -> str:
    """The parsed model with source locations, the connectors, the findings and coverage."""
    findings = mc.findings
    data = {
        "format_version": FORMAT_VERSION,
        "target": mc.config.target_version,
        "model": model(mc.loaded),
        "connectors": _connectors(mc),
        "summary": {"counts": findings.counts(), "coverage": _coverage(findings)},
        "findings": [f.to_json() for f in findings],
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def assessment_text(mc: MapContext) -> str:
    """For a person: what was found, what maps (per area), what needs a human, coverage."""
    loaded, findings = mc.loaded, mc.findings
    namer = Namer(loaded)
    version = loaded.version
    lines = [f"Tomcat {version.version} (version from {version.source})"]
    gw = loaded.gateway
    if gw is None:
        lines.append("Gateway application: not found")
    else:
        lines.append(
            f"Gateway application: {namer.file(gw.path)} (Service {gw.service}, Host {gw.host})"
        )
    lines.append("Connectors:")
    for row in _connectors(mc) or [{"port": None}]:
        if row["port"] is None and "service" not in row:
            lines.append("  (none)")
            continue
        tls = " TLS" if row["tls"] else ""
        lines.append(
            f"  port {row['port']} {row['protocol']}{tls} (Service {row['service']})"
            f" at {row['location']}"
        )
    cov = _coverage(findings)
    counts = findings.counts()
    lines.append(
        f"Settings seen: {cov['seen']}, accounted for: {cov['accounted']} ({cov['percent']:g}%)"
    )
    lines.append("Findings: " + ", ".join(f"{counts[s.value]} {s.value}" for s in Status))
    areas = Counter(f.rule.split(".", 1)[0] for f in findings if f.status in _MAPS)
    lines.append(
        f"Maps to IG {mc.config.target_version} (mapped, partial or ignored, by area): "
        + (", ".join(f"{area} {n}" for area, n in sorted(areas.items())) or "nothing")
    )
    partial = [f for f in findings if f.status is Status.PARTIAL]
    needs = [f for s in _HUMAN for f in findings if f.status is s]
    for title, group in (("Maps with a loss", partial), ("Needs a human", needs)):
        lines.append(f"{title}: {len(group) or 'nothing'}")
        for f in group:
            where = str(f.location) if f.location else "-"
            lines.append(
                f"  {f.status.value.upper()} {f.rule} {where} {' '.join(f.message.split())}"
            )
            if f.hint:
                lines.append(f"      → {' '.join(f.hint.split())}")
    return "\n".join(lines) + "\n"


def inspect_render(config: Config, fmt: str) -> str:
    """`igmigrate inspect` in one of INSPECT_FORMATS (raises IgMigrateError on bad input)."""
    if fmt == "connectors":
        rows = connector_table(
            config.src, properties=config.properties, tomcat_version=config.tomcat_version
        )
        return "".join(json.dumps(row, sort_keys=True) + "\n" for row in rows)
    mc = assess(config)
    return assessment_json(mc) if fmt == "json" else assessment_text(mc)
