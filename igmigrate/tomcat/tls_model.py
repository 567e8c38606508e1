"""The normalised TLS model of one Tomcat connector: host configs, each with certificates."""

from __future__ import annotations

from dataclasses import dataclass, field

from igmigrate.findings import SettingKey, SourceLocation
from igmigrate.secretvalue import Secret, placeholder_name
from igmigrate.tomcat.model import Element

DEFAULT_HOST_NAME = "_default_"
DEFAULT_KEYSTORE_FILE = "${user.home}/.keystore"
DEFAULT_KEYSTORE_PASSWORD = "changeit"
DEFAULT_KEYSTORE_TYPE = "JKS"
DEFAULT_SSL_PROTOCOL = "TLS"
DEFAULT_CERTIFICATE_TYPE = "UNDEFINED"


@dataclass(frozen=True)
class TlsValue:
    """One TLS setting: its effective value and the attribute it came from (None = default)."""

    value: str | None
    attribute: str | None = None
    location: SourceLocation | None = None
    key: SettingKey | None = None
    unresolved: tuple[str, ...] = ()

    @property
    def is_default(self) -> bool:
        return self.attribute is None


@dataclass(frozen=True)
class SecretRef:
    """A password: value (a Secret), whether it is Tomcat's default, and where it was set."""

    value: Secret | None = field(repr=False)
    is_default: bool = False
    attribute: str | None = None
    location: SourceLocation | None = None
    key: SettingKey | None = None
    unresolved: tuple[str, ...] = ()  # `${name}` placeholders left verbatim in `value`
    used: tuple[str, ...] = ()  # properties that supplied part of the value

    @property
    def is_placeholder(self) -> bool:
        return bool(self.unresolved)

    @property
    def known(self) -> Secret | None:
        """The value when it is usable as a literal password (set and fully resolved)."""
        return None if self.unresolved else self.value

    def placeholders(self) -> str:
        """The `${name}` placeholders the value is made of, fit to show (no default text)."""
        names = dict.fromkeys(placeholder_name(n) for n in (*self.used, *self.unresolved))
        return ", ".join(f"${{{n}}}" for n in names)


@dataclass(frozen=True)
class Truststore:
    """A truststore: file, password, type, provider (type default follows Tomcat's rules)."""

    file: TlsValue
    password: SecretRef
    type: TlsValue
    provider: TlsValue


@dataclass(frozen=True)
class CertificateConfig:
    """One `<Certificate>` (or the legacy Connector attributes feeding the default one)."""

    keystore_file: TlsValue
    keystore_password: SecretRef
    keystore_type: TlsValue
    keystore_provider: TlsValue
    key_alias: TlsValue
    key_password: SecretRef
    certificate_file: TlsValue
    certificate_key_file: TlsValue
    certificate_chain_file: TlsValue
    type: TlsValue
    location: SourceLocation
    others: tuple[TlsValue, ...] = ()  # read, not modelled (e.g. password files): mapper reports

    @property
    def is_pem(self) -> bool:
        """Tomcat uses the PEM files when `certificateFile` is set, else the keystore."""
        return self.certificate_file.value is not None

    def values(self) -> tuple[TlsValue | SecretRef, ...]:
        return (
            self.keystore_file,
            self.keystore_password,
            self.keystore_type,
            self.keystore_provider,
            self.key_alias,
            self.key_password,
            self.certificate_file,
            self.certificate_key_file,
            self.certificate_chain_file,
            self.type,
            *self.others,
        )

    def settings(self) -> tuple[SettingKey, ...]:
        return tuple(v.key for v in self.values() if v.key is not None)


@dataclass(frozen=True)
class HostConfig:
    """One `<SSLHostConfig>` (or the one the legacy attributes register), normalised."""

    host_name: str
    protocols_raw: TlsValue
    ciphers_raw: TlsValue
    certificate_verification: TlsValue
    truststore: Truststore | None
    certificates: tuple[CertificateConfig, ...]
    ssl_protocol: TlsValue
    location: SourceLocation
    legacy: bool = False  # built from Connector attributes rather than <SSLHostConfig>
    ca_certificate_file: TlsValue = TlsValue(None)
    revocation_list_file: TlsValue = TlsValue(None)
    others: tuple[TlsValue, ...] = ()  # read, not modelled (honorCipherOrder…): mapper reports
    host_name_key: SettingKey | None = None
    extra_elements: tuple[Element, ...] = ()  # e.g. <OpenSSLConf>: mapper reports them

    def values(self) -> tuple[TlsValue | SecretRef, ...]:
        ts: tuple[TlsValue | SecretRef, ...] = ()
        if self.truststore is not None:
            t = self.truststore
            ts = (t.file, t.password, t.type, t.provider)
        return (
            self.protocols_raw,
            self.ciphers_raw,
            self.certificate_verification,
            self.ssl_protocol,
            self.ca_certificate_file,
            self.revocation_list_file,
            *ts,
            *self.others,
        )

    def settings(self) -> tuple[SettingKey, ...]:
        own = [v.key for v in self.values() if v.key is not None]
        if self.host_name_key is not None:
            own.append(self.host_name_key)
        for c in self.certificates:
            own.extend(c.settings())
        return tuple(own)


@dataclass(frozen=True)
class TlsConfig:
    """The TLS side of one connector as Tomcat would run it."""

    host_configs: tuple[HostConfig, ...]
    default_host_name: str
    location: SourceLocation
    default_host_name_key: SettingKey | None = None
    ssl_enabled_key: SettingKey | None = None

    @property
    def default_host(self) -> HostConfig | None:
        return next((h for h in self.host_configs if h.host_name == self.default_host_name), None)

    @property
    def uses_sni(self) -> bool:
        return len(self.host_configs) > 1

    def settings(self) -> tuple[SettingKey, ...]:
        """Every setting this model consumed; the mapper puts them in its findings."""
        keys = [k for k in (self.ssl_enabled_key, self.default_host_name_key) if k is not None]
        for h in self.host_configs:
            keys.extend(h.settings())
        return tuple(dict.fromkeys(keys))

    def secrets(self) -> tuple[SecretRef, ...]:
        """Every password in the model (for the secret registry and the leak test)."""
        out: list[SecretRef] = []
        for h in self.host_configs:
            if h.truststore is not None:
                out.append(h.truststore.password)
            for c in h.certificates:
                out.extend((c.keystore_password, c.key_password))
        return tuple(out)
