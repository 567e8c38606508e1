"""A Connector's TLS settings (legacy attributes or <SSLHostConfig>) read as its Tomcat would."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from igmigrate.findings import Findings, SettingKey, SourceLocation, Status
from igmigrate.secretvalue import Secret
from igmigrate.tomcat.model import Attr, Connector, Element
from igmigrate.tomcat.tls_model import (
    DEFAULT_CERTIFICATE_TYPE,
    DEFAULT_HOST_NAME,
    DEFAULT_KEYSTORE_FILE,
    DEFAULT_KEYSTORE_PASSWORD,
    DEFAULT_KEYSTORE_TYPE,
    DEFAULT_SSL_PROTOCOL,
    CertificateConfig,
    HostConfig,
    SecretRef,
    TlsConfig,
    TlsValue,
    Truststore,
)
from igmigrate.tomcat.version import TomcatVersion

# Legacy <Connector> attributes (7.0/8.5/9.0) → CertificateConfig field of the default Certificate.
LEGACY_CERTIFICATE = {
    "keystoreFile": "keystore_file",
    "keystorePass": "keystore_password",
    "keystoreType": "keystore_type",
    "keystoreProvider": "keystore_provider",
    "keyAlias": "key_alias",
    "keyPass": "key_password",
    "SSLPassword": "key_password",
    "SSLCertificateFile": "certificate_file",
    "SSLCertificateKeyFile": "certificate_key_file",
    "SSLCertificateChainFile": "certificate_chain_file",
}
# Legacy <Connector> attributes → HostConfig field of the default SSLHostConfig.
LEGACY_HOST = {
    "clientAuth": "certificate_verification",
    "SSLVerifyClient": "certificate_verification",
    "sslEnabledProtocols": "protocols",
    "SSLProtocol": "protocols",  # APR protocol list, not the SSLContext algorithm
    "sslProtocol": "ssl_protocol",  # SSLContext algorithm: differs from SSLProtocol by case only
    "ciphers": "ciphers",
    "SSLCipherSuite": "ciphers",
    "truststoreFile": "truststore_file",
    "truststorePass": "truststore_password",
    "truststoreType": "truststore_type",
    "truststoreProvider": "truststore_provider",
    "crlFile": "revocation_list_file",
    "SSLCACertificateFile": "ca_certificate_file",
}
# Legacy TLS attributes Tomcat reads but the model keeps only as `others` (mapper reports them).
LEGACY_OTHER = (
    "algorithm",
    "truststoreAlgorithm",
    "trustManagerClassName",
    "trustMaxCertLength",
    "sessionCacheSize",
    "sessionTimeout",
    "useServerCipherSuitesOrder",
    "allowUnsafeLegacyRenegotiation",
    "SSLVerifyDepth",
    "SSLCACertificatePath",
    "SSLCARevocationFile",
    "SSLCARevocationPath",
    "SSLHonorCipherOrder",
    "SSLDisableCompression",
    "SSLDisableSessionTickets",
    "SSLInsecureRenegotiation",
)
LEGACY_ATTRS = (*LEGACY_CERTIFICATE, *LEGACY_HOST, *LEGACY_OTHER)

# <Certificate> attributes (also 8.5/9.0 shortcuts on <SSLHostConfig>) → CertificateConfig field.
CERTIFICATE_ATTRS = {
    "certificateKeystoreFile": "keystore_file",
    "certificateKeystorePassword": "keystore_password",
    "certificateKeystoreType": "keystore_type",
    "certificateKeystoreProvider": "keystore_provider",
    "certificateKeyAlias": "key_alias",
    "certificateKeyPassword": "key_password",
    "certificateFile": "certificate_file",
    "certificateKeyFile": "certificate_key_file",
    "certificateChainFile": "certificate_chain_file",
}
# <SSLHostConfig> attributes → HostConfig field (anything else but hostName lands in `others`).
HOST_ATTRS = {
    "protocols": "protocols",
    "ciphers": "ciphers",
    "certificateVerification": "certificate_verification",
    "truststoreFile": "truststore_file",
    "truststorePassword": "truststore_password",
    "truststoreType": "truststore_type",
    "truststoreProvider": "truststore_provider",
    "sslProtocol": "ssl_protocol",
    "caCertificateFile": "ca_certificate_file",
    "certificateRevocationListFile": "revocation_list_file",
}
PASSWORD_ATTRS = frozenset(
    {
        "keystorePass",
        "keyPass",
        "SSLPassword",
        "truststorePass",
        "truststorePassword",
        "certificateKeystorePassword",
        "certificateKeyPassword",
    }
)
DEFAULT_PASSWORD = Secret(DEFAULT_KEYSTORE_PASSWORD, "Tomcat's default keystore password")
CIPHERS_8_5 = "HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!kRSA"
CIPHERS_9_0 = "HIGH:!aNULL:!eNULL:!DES:!RC4:!MD5:!kRSA"

RULE_LEGACY_IGNORED = "tls.legacy-ignored"
RULE_SSLHOSTCONFIG_IGNORED = "tls.sslhostconfig-ignored"
RULE_DUPLICATE_HOST = "tls.duplicate-host"
RULE_DEFAULT_HOST_MISSING = "tls.default-host-missing"
RULE_OVERRIDDEN = "tls.overridden"
RULE_CERTIFICATE_TYPE = "tls.certificate-type"
RULE_CERTIFICATE_SOURCE = "tls.certificate-source"
RULES = (
    RULE_LEGACY_IGNORED,
    RULE_SSLHOSTCONFIG_IGNORED,
    RULE_DUPLICATE_HOST,
    RULE_DEFAULT_HOST_MISSING,
    RULE_OVERRIDDEN,
    RULE_CERTIFICATE_TYPE,
    RULE_CERTIFICATE_SOURCE,
)


@dataclass(frozen=True)
class _Set:
    """An attribute as Tomcat's setter saw it: its element, and its position (later wins)."""

    element: Element
    attr: Attr
    order: int

    def value(self) -> TlsValue:
        el, a = self.element, self.attr
        return TlsValue(a.value, a.name, el.at(a.name), el.key(a.name), a.unresolved)

    def secret(self) -> SecretRef:
        el, a = self.element, self.attr
        value = a.secret if a.secret is not None else Secret(a.value, a.name)
        key = el.key(a.name)
        return SecretRef(value, False, a.name, el.at(a.name), key, a.unresolved, a.used)


@dataclass
class _Fields:
    """Setter calls collected for one host config or certificate; a later synonym overrides."""

    findings: Findings
    location: SourceLocation
    fields: dict[str, _Set] = field(default_factory=dict)
    others: list[_Set] = field(default_factory=list)

    def set(self, name: str, s: _Set) -> None:
        old = self.fields.get(name)
        if old is not None and old.order < s.order:
            _ignored(
                self.findings,
                RULE_OVERRIDDEN,
                f"{old.attr.name} is overridden by {s.attr.name}, set later on the same"
                f" <{s.element.tag}>: Tomcat keeps the last value",
                old.element.at(old.attr.name),
                (old.element.key(old.attr.name),),
            )
        self.fields[name] = s

    def get(self, name: str) -> _Set | None:
        return self.fields.get(name)

    def value(self, name: str, default: str | None = None) -> TlsValue:
        s = self.fields.get(name)
        return s.value() if s is not None else TlsValue(default)

    def secret(self, name: str) -> SecretRef | None:
        s = self.fields.get(name)
        return s.secret() if s is not None else None


def _ignored(
    findings: Findings,
    rule: str,
    message: str,
    location: SourceLocation | None,
    settings: Iterable[SettingKey],
    *,
    status: Status = Status.IGNORED,
) -> None:
    findings.emit(rule, message, status=status, location=location, settings=tuple(settings))


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
    legacy = _Fields(findings, el.location)
    default_name = DEFAULT_HOST_NAME
    default_name_key: SettingKey | None = None
    legacy_name: str | None = None
    for i, a in enumerate(el.attrs):
        if a.name == "defaultSSLHostConfigName":
            if nested_ok:
                default_name = a.value.lower()
                default_name_key = el.key(a.name)
            else:
                _ignored(
                    findings,
                    RULE_SSLHOSTCONFIG_IGNORED,
                    f"Tomcat {version.branch} has no defaultSSLHostConfigName (no <SSLHostConfig>)",
                    el.at(a.name),
                    (el.key(a.name),),
                )
            continue
        if a.name not in LEGACY_ATTRS:
            continue
        if not legacy_ok:
            _ignored(
                findings,
                RULE_LEGACY_IGNORED,
                f"Tomcat {version.branch} ignores legacy attribute {a.name}"
                " (configure <SSLHostConfig>/<Certificate> instead)",
                el.at(a.name),
                (el.key(a.name),),
            )
            continue
        if legacy_name is None:
            legacy_name = default_name  # registerDefaultSSLHostConfig() uses the name set so far
        s = _Set(el, a, i)
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
        hosts.append(_host(legacy, legacy, [], name, el.location, version, legacy=True))

    # 2. Nested <SSLHostConfig> elements (8.5+; 7.0 has no rule for them).
    for shc in connector.ssl_host_configs:
        h = shc.element
        if not nested_ok:
            _ignored(
                findings,
                RULE_SSLHOSTCONFIG_IGNORED,
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
            _ignored(
                findings,
                RULE_DUPLICATE_HOST,
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
        _ignored(
            findings,
            RULE_DEFAULT_HOST_MISSING,
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
    host = _Fields(findings, h.location)
    shortcut = _Fields(findings, h.location)
    shortcuts_ok = version.has_legacy_tls_attributes()  # removed with the legacy ones (10.0)
    for i, a in enumerate(h.attrs):
        s = _Set(h, a, i)
        if a.name == "hostName":
            continue
        if a.name in HOST_ATTRS:
            host.set(HOST_ATTRS[a.name], s)
        elif a.name in CERTIFICATE_ATTRS:
            if shortcuts_ok:
                shortcut.set(CERTIFICATE_ATTRS[a.name], s)
            else:
                _ignored(
                    findings,
                    RULE_LEGACY_IGNORED,
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
        f = _Fields(findings, c.location)
        for i, a in enumerate(c.attrs):
            s = _Set(c, a, i)
            if a.name in CERTIFICATE_ATTRS:
                f.set(CERTIFICATE_ATTRS[a.name], s)
            elif a.name == "type":
                f.set("type", s)
            else:
                f.others.append(s)
        cert_fields.append(f)
    return _host(
        host,
        shortcut if shortcut.fields else None,
        cert_fields,
        name,
        h.location,
        version,
        host_name_key=h.key("hostName") if h.attr("hostName") is not None else None,
        extra=extra,
    )


def _host(
    host: _Fields,
    default_cert: _Fields | None,
    certs: list[_Fields],
    name: str,
    location: SourceLocation,
    version: TomcatVersion,
    *,
    legacy: bool = False,
    host_name_key: SettingKey | None = None,
    extra: tuple[Element, ...] = (),
) -> HostConfig:
    findings = host.findings
    modern = version.has_ssl_host_config()
    built: list[CertificateConfig] = []
    sources = ([default_cert] if default_cert is not None else []) + certs
    for f in sources:
        cert = _certificate(f, version)
        kept_undefined = len(built) == 1 and built[0].type.value == DEFAULT_CERTIFICATE_TYPE
        if built and (kept_undefined or cert.type.value == DEFAULT_CERTIFICATE_TYPE):
            _ignored(
                findings,
                RULE_CERTIFICATE_TYPE,
                "several certificates on one SSLHostConfig need a type each (RSA, DSA, EC):"
                " Tomcat rejects this <Certificate>",
                f.location,
                cert.settings(),
                status=Status.ERROR,
            )
            continue
        built.append(cert)
    if not built:  # getCertificates(true): a default Certificate with Tomcat's defaults
        built.append(_certificate(_Fields(findings, location), version))

    ts_fields = ("truststore_file", "truststore_password", "truststore_type", "truststore_provider")
    truststore = None
    if any(host.get(n) for n in ts_fields):
        ts_type = host.value("truststore_type")
        if ts_type.value is None:
            # javax.net.ssl.trustStoreType (unknown here), else the single certificate's
            # keystore type unless PKCS12 (8.5+) / the keystore type (7.0), else JKS.
            single = built[0] if len(built) == 1 else None
            kt = (
                single.keystore_type.value
                if single and not single.keystore_type.is_default
                else None
            )
            ts_type = TlsValue(kt if kt and (not modern or kt.upper() != "PKCS12") else "JKS")
        truststore = Truststore(
            host.value("truststore_file"),
            host.secret("truststore_password") or SecretRef(None, is_default=True),
            ts_type,
            host.value("truststore_provider"),
        )
    if version.has_ssl_host_config():
        protocols_default: str | None = "all"
        ciphers_default: str | None = CIPHERS_8_5 if version.major == 8 else CIPHERS_9_0
        verification_default = "none"
    else:  # 7.0: the JVM's own protocol and cipher defaults; clientAuth false
        protocols_default, ciphers_default, verification_default = None, None, "false"
    return HostConfig(
        host_name=name,
        protocols_raw=host.value("protocols", protocols_default),
        ciphers_raw=host.value("ciphers", ciphers_default),
        certificate_verification=host.value("certificate_verification", verification_default),
        truststore=truststore,
        certificates=tuple(built),
        ssl_protocol=host.value("ssl_protocol", DEFAULT_SSL_PROTOCOL),
        location=location,
        legacy=legacy,
        ca_certificate_file=host.value("ca_certificate_file"),
        revocation_list_file=host.value("revocation_list_file"),
        others=tuple(s.value() for s in host.others),
        host_name_key=host_name_key,
        extra_elements=extra,
    )


def _certificate(f: _Fields, version: TomcatVersion) -> CertificateConfig:
    """Apply Tomcat's defaults (and its choice between keystore and PEM files)."""
    ks, pem = f.get("keystore_file"), f.get("certificate_file")
    if ks is not None and pem is not None:
        loser, winner = (ks, pem) if ks.order < pem.order else (pem, ks)
        group = ("keystore_file",) if loser is ks else ("certificate_file",)
        _ignored(
            f.findings,
            RULE_CERTIFICATE_SOURCE,
            f"both {ks.attr.name} and {pem.attr.name} are set: Tomcat uses only one certificate"
            f" source ({winner.attr.name}, set last) and warns",
            loser.element.at(loser.attr.name),
            (loser.element.key(loser.attr.name),),
        )
        for name in group:
            del f.fields[name]
    is_pem = f.get("certificate_file") is not None
    store_pw = f.secret("keystore_password")
    key_pw = f.secret("key_password")
    if store_pw is None:
        if is_pem:
            store_pw = SecretRef(None, is_default=True)
        elif not version.has_ssl_host_config() and key_pw is not None:
            # 7.0 JSSESocketFactory: keystorePass defaults to keyPass, then to changeit.
            store_pw = replace(key_pw, key=None)
        else:
            store_pw = SecretRef(DEFAULT_PASSWORD, is_default=True)
    if key_pw is None:
        # PEM: an unencrypted key unless SSLPassword is set; else the key password defaults
        # to the keystore password (all versions)
        key_pw = SecretRef(None, is_default=True) if is_pem else replace(store_pw, key=None)
    return CertificateConfig(
        keystore_file=f.value("keystore_file", None if is_pem else DEFAULT_KEYSTORE_FILE),
        keystore_password=store_pw,
        keystore_type=f.value("keystore_type", None if is_pem else DEFAULT_KEYSTORE_TYPE),
        keystore_provider=f.value("keystore_provider"),
        key_alias=f.value("key_alias"),
        key_password=key_pw,
        certificate_file=f.value("certificate_file"),
        certificate_key_file=f.value("certificate_key_file"),
        certificate_chain_file=f.value("certificate_chain_file"),
        type=f.value("type", DEFAULT_CERTIFICATE_TYPE),
        location=f.location,
        others=tuple(s.value() for s in f.others),
    )


__all__ = ["PASSWORD_ATTRS", "RULES", "read_tls"]
