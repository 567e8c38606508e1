"""A Connector's TLS settings (legacy attributes or <SSLHostConfig>) read as its Tomcat would."""

from __future__ import annotations

from igmigrate.findings import Findings, SettingKey, Status
from igmigrate.rules import applies
from igmigrate.tomcat.model import Connector, Element
from igmigrate.tomcat.tls_attributes import (
    CERTIFICATE_ATTRS,
    HOST_ATTRS,
    LEGACY_ATTRS,
    LEGACY_CERTIFICATE,
    LEGACY_HOST,
)
from igmigrate.tomcat.tls_builder import Fields, Set, build_host, ignored
from igmigrate.tomcat.tls_model import DEFAULT_HOST_NAME, HostConfig, TlsConfig
from igmigrate.tomcat.version import TomcatVersion


@applies(
    "tls.sslhostconfig-ignored",
    "tls.legacy-ignored",
    "tls.duplicate-host",
    "tls.default-host-missing",
)
def read_tls(connector: Connector, version: TomcatVersion, findings: Findings) -> TlsConfig | None:
    """The TLS configuration Tomcat `version` would build for this connector.

    None when the connector is not `SSLEnabled="true"` (Boolean.valueOf): then Tomcat serves
    clear text and the caller reports the TLS attributes as ignored. When Tomcat would refuse to
    start the connector, an ERROR finding says why and `default_host` may be None.
    """
    el = connector.element
    if (el.get("SSLEnabled") or "").lower() != "true":
        return None
    legacy_ok = version.has_legacy_tls_attributes()
    nested_ok = version.has_ssl_host_config()

    # 1. Connector attributes, in document order (the order Tomcat's setters run in).
    legacy = Fields(findings, el.location)
    default_name = DEFAULT_HOST_NAME
    default_name_key: SettingKey | None = None
    legacy_name: str | None = None
    for i, a in enumerate(el.attrs):
        if a.name == "defaultSSLHostConfigName":
            if nested_ok:
                default_name = a.value.lower()
                default_name_key = el.key(a.name)
            else:
                ignored(
                    findings,
                    "tls.sslhostconfig-ignored",
                    f"Tomcat {version.branch} has no defaultSSLHostConfigName (no <SSLHostConfig>)",
                    el.at(a.name),
                    (el.key(a.name),),
                )
            continue
        if a.name not in LEGACY_ATTRS:
            continue
        if not legacy_ok:
            ignored(
                findings,
                "tls.legacy-ignored",
                f"Tomcat {version.branch} ignores legacy attribute {a.name}"
                " (configure <SSLHostConfig>/<Certificate> instead)",
                el.at(a.name),
                (el.key(a.name),),
            )
            continue
        if legacy_name is None:
            legacy_name = default_name  # registerDefaultSSLHostConfig() uses the name set so far
        s = Set(el, a, i)
        if a.name in LEGACY_CERTIFICATE:
            legacy.set(LEGACY_CERTIFICATE[a.name], s)
        elif a.name in LEGACY_HOST:
            legacy.set(LEGACY_HOST[a.name], s)
        else:
            legacy.others.append(s)

    hosts: list[HostConfig] = []
    if legacy_name is not None or (legacy_ok and not (nested_ok and connector.ssl_host_configs)):
        # Legacy attributes, or (7.0–9.0) TLS with nothing configured: all Tomcat defaults.
        name = legacy_name if legacy_name is not None else default_name
        hosts.append(build_host(legacy, legacy, [], name, el.location, version, legacy=True))

    # 2. Nested <SSLHostConfig> elements (8.5+; 7.0 has no rule for them).
    for shc in connector.ssl_host_configs:
        h = shc.element
        if not nested_ok:
            ignored(
                findings,
                "tls.sslhostconfig-ignored",
                f"Tomcat {version.branch} has no <SSLHostConfig>: it ignores this element and"
                " its <Certificate>s (the connector falls back to the Connector attributes"
                " and ~/.keystore / changeit defaults)",
                h.location,
                h.subtree_keys(),
            )
            continue
        host = _read_host(h, shc.certificates, shc.others, version, findings)
        clash = next((x for x in hosts if x.host_name == host.host_name), None)
        if clash is not None:
            why = (
                "the legacy Connector TLS attributes already define it"
                if clash.legacy
                else f"an earlier <SSLHostConfig> (line {clash.location.line}) already has it"
            )
            ignored(
                findings,
                "tls.duplicate-host",
                f'duplicate SSLHostConfig for host name "{host.host_name}": {why};'
                " Tomcat rejects this configuration",
                h.location,
                h.subtree_keys(),
                status=Status.ERROR,
            )
            continue
        hosts.append(host)

    tls = TlsConfig(tuple(hosts), default_name, el.location, default_name_key, el.key("SSLEnabled"))
    if tls.default_host is None:
        names = ", ".join(f'"{x.host_name}"' for x in hosts) or "none"
        ignored(
            findings,
            "tls.default-host-missing",
            f'no SSLHostConfig is named "{default_name}" (defaultSSLHostConfigName) among the'
            f" connector's host configs ({names}): Tomcat {version.branch} refuses to start"
            " this connector",
            el.at("defaultSSLHostConfigName"),
            (),
            status=Status.ERROR,
        )
    return tls


def _read_host(
    h: Element,
    certificates: tuple[Element, ...],
    extra: tuple[Element, ...],
    version: TomcatVersion,
    findings: Findings,
) -> HostConfig:
    host = Fields(findings, h.location)
    shortcut = Fields(findings, h.location)
    shortcuts_ok = version.has_legacy_tls_attributes()  # removed with the legacy ones (10.0)
    for i, a in enumerate(h.attrs):
        s = Set(h, a, i)
        if a.name == "hostName":
            continue
        if a.name in HOST_ATTRS:
            host.set(HOST_ATTRS[a.name], s)
        elif a.name in CERTIFICATE_ATTRS:
            if shortcuts_ok:
                shortcut.set(CERTIFICATE_ATTRS[a.name], s)
            else:
                ignored(
                    findings,
                    "tls.legacy-ignored",
                    f"Tomcat {version.branch} ignores legacy attribute {a.name} on"
                    " <SSLHostConfig> (move it to a nested <Certificate>)",
                    h.at(a.name),
                    (h.key(a.name),),
                )
        else:
            host.others.append(s)
    name = (h.get("hostName") or DEFAULT_HOST_NAME).lower()
    cert_fields = []
    for c in certificates:
        f = Fields(findings, c.location)
        for i, a in enumerate(c.attrs):
            s = Set(c, a, i)
            if a.name in CERTIFICATE_ATTRS:
                f.set(CERTIFICATE_ATTRS[a.name], s)
            elif a.name == "type":
                f.set("type", s)
            else:
                f.others.append(s)
        cert_fields.append(f)
    return build_host(
        host,
        shortcut if shortcut.fields else None,
        cert_fields,
        name,
        h.location,
        version,
        host_name_key=h.key("hostName") if h.attr("hostName") is not None else None,
        extra=extra,
    )
