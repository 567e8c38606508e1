"""The load stage's TLS: each connector's TLS config and the stores and PEM files it names."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from igmigrate.findings import Findings, SourceLocation
from igmigrate.tomcat.keystores import OpenedKeystore, verify_keystore
from igmigrate.tomcat.model import Connector, GatewayApp, Server
from igmigrate.tomcat.opener import Opener
from igmigrate.tomcat.pem import OpenedPem, verify_pem
from igmigrate.tomcat.placeholders import PropertyContext
from igmigrate.tomcat.server_xml import is_ajp, protocol_handler_class
from igmigrate.tomcat.tls_model import CertificateConfig, TlsConfig
from igmigrate.tomcat.tls_reader import read_tls
from igmigrate.tomcat.truststores import (
    OpenedTruststore,
    jvm_truststore,
    tomcat_verification,
    verify_truststore,
)
from igmigrate.tomcat.version import TomcatVersion


@dataclass(frozen=True)
class ConnectorTls:
    """One connector's TLS as Tomcat would load it: the config (None: not SSLEnabled), the
    first certificate of each host config opened (None: not usable), and the default host
    config's truststore (its own, else the JVM's when clients must present a certificate)."""

    config: TlsConfig | None
    keystores: dict[CertificateConfig, OpenedKeystore | None] = field(default_factory=dict)
    pems: dict[CertificateConfig, OpenedPem | None] = field(default_factory=dict)
    trust: OpenedTruststore | None = None
    # what opening them found: the mapper reports it when it converts this connector's TLS
    findings: Findings = field(default_factory=Findings)


@dataclass(frozen=True)
class TlsInputs:
    """What the load stage read: `base` and `ctx` locate the files, `now` checks expiry."""

    version: TomcatVersion
    ctx: PropertyContext
    base: Path
    now: datetime | None
    findings: Findings
    opener: Opener = field(default_factory=Opener)


def connector_tls(conn: Connector, inputs: TlsInputs, *, converted: bool) -> ConnectorTls:
    """Read one connector's TLS (its findings in inputs.findings); when it is `converted`, also
    open the stores it names, keeping what Tomcat would hit for the mapper to report (it does
    when it converts the connector's TLS). A connector not converted is a view: no findings."""
    findings = inputs.findings if converted else Findings()
    config = read_tls(conn, inputs.version, findings)
    if config is None or not converted or config.default_host is None:
        return ConnectorTls(config)
    keystores: dict[CertificateConfig, OpenedKeystore | None] = {}
    pems: dict[CertificateConfig, OpenedPem | None] = {}
    now, base, opener = inputs.now, inputs.base, inputs.opener
    found = Findings(inputs.findings.target_version)
    for host in config.host_configs:
        cert = host.certificates[0]  # read_tls gives each at least Tomcat's default one
        if cert.is_pem:
            pems[cert] = verify_pem(cert, base, found, now=now, opener=opener)
        else:
            keystores[cert] = verify_keystore(cert, base, found, now=now, opener=opener)
    default = config.default_host
    ts = default.truststore
    if ts is None or ts.file.value is None:
        wanted = tomcat_verification(default.certificate_verification.value, inputs.version)
        ts = jvm_truststore(inputs.ctx, ts) if wanted != "NONE" else None
    trust = verify_truststore(ts, base, found, now=now, opener=opener) if ts is not None else None
    return ConnectorTls(config, keystores, pems, trust, found)


def read_connectors(
    server: Server, gateway: GatewayApp | None, inputs: TlsInputs, *, open_stores: bool = True
) -> dict[SourceLocation, ConnectorTls]:
    """Every connector's TLS by its location. Only the connectors the mapper converts (the
    gateway's Service, not AJP) report findings and have their stores opened."""
    major = inputs.version.major
    out: dict[SourceLocation, ConnectorTls] = {}
    for service in server.services:
        other = gateway is not None and bool(gateway.service) and service.name != gateway.service
        for conn in service.connectors:
            ajp = is_ajp(protocol_handler_class(conn.element.get("protocol"), major))
            converted = open_stores and not other and not ajp
            out[conn.location] = connector_tls(conn, inputs, converted=converted)
    return out
