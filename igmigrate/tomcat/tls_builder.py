"""Builds the TLS model from Tomcat's setter calls, applying its defaults (tls_reader reads)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from igmigrate.findings import Findings, SettingKey, SourceLocation, Status
from igmigrate.rules import applies
from igmigrate.secretvalue import Secret
from igmigrate.tomcat.model import Attr, Element
from igmigrate.tomcat.tls_attributes import CIPHERS_8_5, CIPHERS_9_0, DEFAULT_PASSWORD
from igmigrate.tomcat.tls_model import (
    DEFAULT_CERTIFICATE_TYPE,
    DEFAULT_KEYSTORE_FILE,
    DEFAULT_KEYSTORE_TYPE,
    DEFAULT_SSL_PROTOCOL,
    CertificateConfig,
    HostConfig,
    SecretRef,
    TlsValue,
    Truststore,
)
from igmigrate.tomcat.version import TomcatVersion


@dataclass(frozen=True)
class Set:
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
class Fields:
    """Setter calls collected for one host config or certificate; a later synonym overrides."""

    findings: Findings
    location: SourceLocation
    fields: dict[str, Set] = field(default_factory=dict)
    others: list[Set] = field(default_factory=list)

    @applies("tls.overridden")
    def set(self, name: str, s: Set) -> None:
        old = self.fields.get(name)
        if old is not None and old.order < s.order:
            ignored(
                self.findings,
                "tls.overridden",
                f"{old.attr.name} is overridden by {s.attr.name}, set later on the same"
                f" <{s.element.tag}>: Tomcat keeps the last value",
                old.element.at(old.attr.name),
                (old.element.key(old.attr.name),),
            )
        self.fields[name] = s

    def get(self, name: str) -> Set | None:
        return self.fields.get(name)

    def value(self, name: str, default: str | None = None) -> TlsValue:
        s = self.fields.get(name)
        return s.value() if s is not None else TlsValue(default)

    def secret(self, name: str) -> SecretRef | None:
        s = self.fields.get(name)
        return s.secret() if s is not None else None


def ignored(
    findings: Findings,
    rule: str,
    message: str,
    location: SourceLocation | None,
    settings: Iterable[SettingKey],
    *,
    status: Status = Status.IGNORED,
) -> None:
    findings.emit(rule, message, status=status, location=location, settings=tuple(settings))


@applies("tls.certificate-type")
def build_host(
    host: Fields,
    default_cert: Fields | None,
    certs: list[Fields],
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
        cert = build_certificate(f, version)
        kept_undefined = len(built) == 1 and built[0].type.value == DEFAULT_CERTIFICATE_TYPE
        if built and (kept_undefined or cert.type.value == DEFAULT_CERTIFICATE_TYPE):
            ignored(
                findings,
                "tls.certificate-type",
                "several certificates on one SSLHostConfig need a type each (RSA, DSA, EC):"
                " Tomcat rejects this <Certificate>",
                f.location,
                cert.settings(),
                status=Status.ERROR,
            )
            continue
        built.append(cert)
    if not built:  # getCertificates(true): a default Certificate with Tomcat's defaults
        built.append(build_certificate(Fields(findings, location), version))

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


@applies("tls.certificate-source")
def build_certificate(f: Fields, version: TomcatVersion) -> CertificateConfig:
    """Apply Tomcat's defaults (and its choice between keystore and PEM files)."""
    ks, pem = f.get("keystore_file"), f.get("certificate_file")
    if ks is not None and pem is not None:
        loser, winner = (ks, pem) if ks.order < pem.order else (pem, ks)
        group = ("keystore_file",) if loser is ks else ("certificate_file",)
        ignored(
            f.findings,
            "tls.certificate-source",
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
