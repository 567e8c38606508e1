"""Tomcat HTTPS connectors → ServerTlsOptions, key/trust managers and secret stores (§HTTPS)."""

from __future__ import annotations

import re

from igmigrate.findings import Status
from igmigrate.ig.model import HeapObject, ServerConnector
from igmigrate.mapping.context import MapContext
from igmigrate.mapping.tls_context import TlsMapping, password_store
from igmigrate.mapping.tls_keys import certificate
from igmigrate.mapping.tls_values import (
    classify_ciphers,
    client_auth,
    client_auth_note,
    expand_protocols,
)
from igmigrate.mapping.trust import CRL_OTHER_ATTRIBUTES, trust
from igmigrate.rules import applies
from igmigrate.tomcat.model import Connector
from igmigrate.tomcat.tls_model import DEFAULT_HOST_NAME, HostConfig, TlsConfig

HTTP2 = "org.apache.coyote.http2.Http2Protocol"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("*", "wildcard")).strip("-") or "host"


def _host_suffixes(hosts: tuple[HostConfig, ...]) -> list[str]:
    """One name suffix per host config, unique and stable: `ig.example.com` and `ig-example.com`
    share a slug, so the later one in file order gets `-2` (then `-3`…)."""
    used: set[str] = set()
    out = []
    for host in hosts:
        base = candidate = _slug(host.host_name)
        n = 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        used.add(candidate)
        out.append(f".{candidate}")
    return out


@applies("tls.protocols", "tls.ciphers", "tls.client-auth", "tls.ca-file-trust")
def _options(t: TlsMapping, host: HostConfig, config: dict[str, object]) -> None:
    """Protocols, ciphers, client authentication and trust of the default host config."""
    mc = t.mc
    version = mc.loaded.version.version
    p = host.protocols_raw
    if p.attribute is not None:
        names = expand_protocols(p.value, version)
        config["sslEnabledProtocols"] = names
        mc.emit(
            "tls.protocols",
            f'{p.attribute}="{p.value}" → {", ".join(names)}',
            location=p.location,
            settings=t.claim(p.key),
        )
    c = host.ciphers_raw
    if c.attribute is not None:
        jsse, openssl = classify_ciphers(c.value)
        if jsse is not None and not openssl:
            config["sslCipherSuites"] = jsse
            mc.emit(
                "tls.ciphers",
                f"{c.attribute}: {len(jsse)} JSSE cipher suites",
                location=c.location,
                settings=t.claim(c.key),
            )
        else:
            mc.emit(
                "tls.ciphers",
                f'{c.attribute}="{c.value}" is an OpenSSL cipher string:'
                " it cannot be expanded faithfully, IG keeps the JVM's default suites",
                location=c.location,
                settings=t.claim(c.key),
                status=Status.PARTIAL,
                hint="list the JSSE suite names in sslCipherSuites by hand if it matters",
            )
    v = host.certificate_verification
    auth = client_auth(v.value, version)
    if v.attribute is not None:
        loss = client_auth_note(v.value, version)  # optionalNoCA, or a value Tomcat didn't know
        mc.emit(
            "tls.client-auth",
            f'{v.attribute}="{v.value}" → clientAuth {auth}',
            location=v.location,
            settings=t.claim(v.key),
            status=Status.PARTIAL if loss else None,
            hint=loss,
        )
    if host.ssl_protocol.attribute is not None:
        sp = host.ssl_protocol
        if (sp.value or "TLS") != "TLS":
            config["sslContextAlgorithm"] = sp.value
        mc.emit(
            "tls.protocols",
            f'{sp.attribute}="{sp.value}" → sslContextAlgorithm',
            location=sp.location,
            settings=t.claim(sp.key),
        )
    trusted = trust(t, host, config, wanted=auth != "NONE")
    if auth != "NONE" and trusted:
        config["clientAuth"] = auth
    elif auth != "NONE":
        ca = host.ca_certificate_file
        mc.emit(
            "tls.ca-file-trust",
            f"clientAuth {auth} with no truststore: Tomcat trusted the CA file {ca.attribute};"
            " IG needs a trustManager, so clientAuth was NOT written (IG would refuse to start)",
            location=v.location or host.location,
            hint=f'put those CA certificates in a truststore for IG and add "clientAuth": "{auth}"',
        )


@applies("tls.attribute")
def _leftovers(t: TlsMapping, tls: TlsConfig) -> None:
    mc = t.mc
    for host in tls.host_configs:
        for other in host.others:
            if other.attribute in CRL_OTHER_ATTRIBUTES and other.key in t.claimed:
                continue  # reported by _revocation
            mc.emit(
                "tls.attribute",
                # name only: an attribute Tomcat does not know may well be a mistyped password
                f"{other.attribute} has no IG ServerTlsOptions equivalent",
                location=other.location,
                settings=t.claim(other.key),
            )
        for cert in host.certificates:
            for other in cert.others:
                mc.emit(
                    "tls.attribute",
                    f"{other.attribute} has no IG equivalent",
                    location=other.location,
                    settings=t.claim(other.key),
                )
        for el in host.extra_elements:
            keys = el.subtree_keys()
            mc.emit(
                "tls.attribute",
                f"<{el.tag}> (OpenSSL configuration) has no IG equivalent",
                location=el.location,
                settings=t.claim(*keys),
            )
        for v in (host.ca_certificate_file, host.revocation_list_file):
            if v.attribute is not None and v.key not in t.claimed:
                mc.emit(
                    "tls.attribute",
                    f'{v.attribute}="{v.value}": put these CA/CRL'
                    " certificates in a truststore for IG",
                    location=v.location,
                    settings=t.claim(v.key),
                )


@applies("tls.connector")
def map_tls(
    mc: MapContext, conn: Connector, tls: TlsConfig, out: ServerConnector, label: str
) -> bool:
    """Fill `out.tls` and the admin.json heap; False when the connector cannot be converted."""
    t = TlsMapping(mc, conn, label, mc.loaded.tls_for(conn))
    default = tls.default_host
    if default is None:
        return False  # read_tls reported why Tomcat refuses to start it
    mc.findings.merge(t.material.findings)  # what the load stage found opening its stores
    name = f"ServerTlsOptions-{label}"
    config: dict[str, object] = {}
    if tls.uses_sni:
        server_names: dict[str, str] = {}
        stores: list[str] = []
        default_id = None
        for host, suffix in zip(tls.host_configs, _host_suffixes(tls.host_configs), strict=True):
            key_id, store = certificate(t, host, suffix)
            stores.append(store)
            if host is default:
                default_id = key_id
            if host.host_name != DEFAULT_HOST_NAME:
                server_names[host.host_name] = key_id
            _sni(t, tls, host, default)
        config["sni"] = {
            "serverNames": server_names,
            "defaultSecretId": default_id,
            "secretsProvider": stores,
        }
        for host in tls.host_configs:
            if host is not default:
                _ignored_host_options(t, host)
    else:
        key_id, store = certificate(t, default, "")
        config["keyManager"] = {
            "type": "SecretsKeyManager",
            "config": {"signingSecretId": key_id, "secretsProvider": store},
        }
        t.claim(default.host_name_key)
    _options(t, default, config)
    if any(u.get("className") == HTTP2 for u in conn.upgrade_protocols):
        config["alpn"] = {"enabled": True}
    _leftovers(t, tls)
    if t.uses_passwords:
        t.heap.insert(0, password_store(mc))
    t.heap.append(HeapObject(name, "ServerTlsOptions", config))
    have = {h.name for h in mc.instance.admin.heap}
    mc.instance.admin.heap.extend(h for h in t.heap if h.name not in have)
    out.tls = name
    el = conn.element
    mc.emit(
        "tls.connector",
        f"HTTPS connector → {name}"
        + (f" with SNI over {len(tls.host_configs)} host names" if tls.uses_sni else ""),
        location=el.location,
        settings=t.claim(*tls.settings(), *el.keys("scheme", "secure", "sslImplementationName")),
        target=f"admin.json heap {name}",
    )
    return True


@applies("tls.sni")
def _sni(t: TlsMapping, tls: TlsConfig, host: HostConfig, default: HostConfig) -> None:
    """One host config as an SNI entry: a server name, or (`_default_`) the default secret."""
    if host.host_name != DEFAULT_HOST_NAME:
        what = f'hostName="{host.host_name}" → sni server name'
        t.mc.emit(
            "tls.sni",
            f"SSLHostConfig {what}" + (" (the default)" if host is default else ""),
            location=host.location,
            settings=t.claim(host.host_name_key),
        )
        return
    named = host.host_name_key is not None
    which = (
        f'hostName="{DEFAULT_HOST_NAME}"'
        if named
        else f'with no hostName (Tomcat\'s "{DEFAULT_HOST_NAME}")'
    )
    if host is default:
        message = (
            f"SSLHostConfig {which} → sni defaultSecretId: the certificate served to clients"
            " naming no other host"
        )
        status = None
    else:
        message = (
            f"SSLHostConfig {which} is not the default host config (defaultSSLHostConfigName="
            f'"{tls.default_host_name}") and no client names it: Tomcat never served its'
            " certificate, nor does IG"
        )
        status = Status.IGNORED
    t.mc.emit(
        "tls.sni",
        message,
        location=host.location,
        settings=t.claim(host.host_name_key),
        status=status,
    )


@applies("tls.sni-options")
def _ignored_host_options(t: TlsMapping, host: HostConfig) -> None:
    """With SNI, IG has one set of protocols/ciphers/clientAuth: only the default host's apply."""
    values = (
        host.protocols_raw,
        host.ciphers_raw,
        host.certificate_verification,
        host.ssl_protocol,
    )
    keys = [v.key for v in values if v.attribute is not None]
    if keys:
        t.mc.emit(
            "tls.sni-options",
            f"protocols/ciphers/verification of SSLHostConfig"
            f' "{host.host_name}": IG applies one set per connector (the default host\'s)',
            location=host.location,
            settings=t.claim(*keys),
            status=Status.PARTIAL,
        )
    ts = host.truststore
    if ts is not None and ts.file.value is not None:
        t.mc.emit(
            "tls.sni-options",
            f'truststore of SSLHostConfig "{host.host_name}": IG uses'
            " the default host's trust manager",
            location=ts.file.location,
            settings=t.claim(ts.file.key, ts.password.key, ts.type.key, ts.provider.key),
            status=Status.PARTIAL,
        )
