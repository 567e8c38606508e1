"""Where a Tomcat connector's client-certificate trust comes from, and IG's TrustManager objects."""

from __future__ import annotations

from igmigrate.findings import SourceLocation
from igmigrate.ig.model import HeapObject
from igmigrate.secretvalue import Secret
from igmigrate.tomcat.placeholders import PropertyContext, PropertyValue
from igmigrate.tomcat.tls_model import HostConfig, SecretRef, TlsValue, Truststore

# ${system[…]}: an expression IG evaluates from its JVM's system properties. Not &{java.home}: IG
# resolves a token from the environment first, so JAVA_HOME (when exported) would win (7.2 docs).
CACERTS_URL = "file://${system['java.home']}/lib/security/cacerts"
CACERTS_STORE = "JvmCacerts"
JVM_TRUSTSTORE = "javax.net.ssl.trustStore"
JVM_TRUSTSTORE_PASSWORD = "javax.net.ssl.trustStorePassword"
JVM_TRUSTSTORE_TYPE = "javax.net.ssl.trustStoreType"

# Tomcat attributes naming a CRL (file or directory), besides HostConfig.revocation_list_file.
CRL_OTHER_ATTRIBUTES = frozenset(
    {"SSLCARevocationFile", "SSLCARevocationPath", "certificateRevocationListPath"}
)


def crl_values(host: HostConfig) -> tuple[TlsValue, ...]:
    """The CRL settings of a host config (crlFile, certificateRevocationListFile, SSLCA…)."""
    own = (host.revocation_list_file,) if host.revocation_list_file.attribute else ()
    return own + tuple(o for o in host.others if o.attribute in CRL_OTHER_ATTRIBUTES)


def _origin(value: PropertyValue) -> SourceLocation:
    """A system property's origin ("bin/setenv.sh:3", "--property") as a location."""
    where, _, line = value.origin.rpartition(":")
    if where and line.isdigit():
        return SourceLocation(where, int(line))
    return SourceLocation(value.origin)


def _jvm_password(value: PropertyValue) -> SecretRef:
    """javax.net.ssl.trustStorePassword as a SecretRef: the one place a password is read here."""
    return SecretRef(
        Secret(value.value, JVM_TRUSTSTORE_PASSWORD), False, JVM_TRUSTSTORE_PASSWORD, _origin(value)
    )


def jvm_truststore(ctx: PropertyContext, ts: Truststore | None) -> Truststore | None:
    """The truststore Tomcat used when the connector names no file: javax.net.ssl.trustStore.

    Tomcat's SSLHostConfig takes its truststore file, password and type defaults from the
    javax.net.ssl.trustStore* system properties (-D in setenv, or catalina.properties); a value
    the connector sets itself wins. None when the property is not set (then the JVM's cacerts).
    """
    file = ctx.system.get(JVM_TRUSTSTORE)
    if file is None or not file.value.strip():
        return None
    password = ctx.system.get(JVM_TRUSTSTORE_PASSWORD)
    kind = ctx.system.get(JVM_TRUSTSTORE_TYPE)
    pw = ts.password if ts is not None and ts.password.attribute else None
    if pw is None:
        pw = _jvm_password(password) if password else SecretRef(None, is_default=True)
    if ts is not None and ts.type.attribute:
        store_type = ts.type
    elif kind is not None:
        store_type = TlsValue(kind.value, JVM_TRUSTSTORE_TYPE, _origin(kind))
    else:
        store_type = ts.type if ts is not None else TlsValue("JKS")
    return Truststore(
        TlsValue(file.value, JVM_TRUSTSTORE, _origin(file)),
        pw,
        store_type,
        ts.provider if ts is not None else TlsValue(None),
    )


def keystore_trust(
    name: str, url: str, store_type: str, password_id: str | None, provider: str
) -> tuple[HeapObject, dict[str, object]]:
    """A KeyStore heap object and the TrustManager over it: it trusts every entry of the store
    (7.2 TrustManager + KeyStore, the JSSE trust manager Tomcat had; no revocation checks)."""
    config: dict[str, object] = {"url": url, "type": store_type}
    if password_id is not None:
        config["passwordSecretId"] = password_id
    config["secretsProvider"] = provider
    manager: dict[str, object] = {"type": "TrustManager", "config": {"keystore": name}}
    return HeapObject(name, "KeyStore", config), manager
