"""Where a Tomcat connector's client-certificate trust comes from → IG's trust managers."""

from __future__ import annotations

from igmigrate.ig.model import HeapObject
from igmigrate.ig.secrets import file_stem
from igmigrate.mapping.tls_context import PASSWORDS, TlsMapping, file_name, password
from igmigrate.rules import applies
from igmigrate.tomcat.tls_model import HostConfig, TlsValue
from igmigrate.tomcat.truststores import JVM_TRUSTSTORE

# ${system[…]}: an expression IG evaluates from its JVM's system properties. Not &{java.home}: IG
# resolves a token from the environment first, so JAVA_HOME (when exported) would win (7.2 docs).
CACERTS_URL = "file://${system['java.home']}/lib/security/cacerts"
CACERTS_STORE = "JvmCacerts"

# Tomcat attributes naming a CRL (file or directory), besides HostConfig.revocation_list_file.
CRL_OTHER_ATTRIBUTES = frozenset(
    {"SSLCARevocationFile", "SSLCARevocationPath", "certificateRevocationListPath"}
)


def crl_values(host: HostConfig) -> tuple[TlsValue, ...]:
    """The CRL settings of a host config (crlFile, certificateRevocationListFile, SSLCA…)."""
    own = (host.revocation_list_file,) if host.revocation_list_file.attribute else ()
    return own + tuple(o for o in host.others if o.attribute in CRL_OTHER_ATTRIBUTES)


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


@applies("tls.truststore")
def trust(t: TlsMapping, host: HostConfig, config: dict[str, object], *, wanted: bool) -> bool:
    """The trustManager of the connector; False when there is none to use.

    The truststore named by the connector, else (when clients must present a certificate) the
    JVM's own: javax.net.ssl.trustStore, else cacerts. A truststore whose trusted aliases are
    listed here gets a SecretsTrustManager (7.2 maps aliases one by one); one not readable here
    gets a TrustManager + KeyStore, which trusts every entry of the file placed in secrets/.
    """
    mc = t.mc
    ts = host.truststore
    opened = t.material.trust  # the effective truststore, read by the load stage
    if ts is None or ts.file.value is None:
        if ts is not None:
            t.claim(ts.password.key, ts.type.key, ts.provider.key)
        if not wanted:
            return False
    if opened is None:  # none named, no javax.net.ssl.trustStore: the JVM's cacerts
        return host.ca_certificate_file.attribute is None and cacerts(t, host, config)
    ts = opened.store
    contents = opened.contents
    file = ts.file.value or ""
    rel = "secrets/" + file_stem(f"{t.label}-{file_name(file, 'truststore')}")
    pw_id = None
    if ts.password.attribute is not None or ts.password.value is not None:
        pw_id = password(t, ts.password, f"truststore.{t.label}.password", "truststore password")
    t.uses_passwords = True
    if opened.data is not None:
        rel = mc.instance.secrets.add_file(f"{t.label}-{opened.file_name}", opened.data)
    store = f"TrustStore-{t.label}"
    store_type = (contents.store_type if contents else (ts.type.value or "JKS")).upper()
    aliases = (
        sorted(e.alias.lower() for e in contents.entries if not e.is_key and e.chain)
        if contents
        else []
    )
    crls = crl_values(host)
    if aliases:
        trust_id = f"tls.{t.label}.trust"
        cfg: dict[str, object] = {"file": f"&{{ig.instance.dir}}/{rel}", "storeType": store_type}
        if pw_id is not None:  # always: aliases are listed only from a store that opened
            cfg[mc.profile.store_password_key] = pw_id
        cfg["mappings"] = [{"secretId": trust_id, "aliases": aliases}]
        cfg["secretsProvider"] = PASSWORDS
        t.heap.append(HeapObject(store, "KeyStoreSecretStore", cfg))
        manager: dict[str, object] = {"verificationSecretId": trust_id, "secretsProvider": store}
        if not crls:  # 7.2 checks revocation by default; Tomcat only with a CRL
            manager["checkRevocation"] = False
        config["trustManager"] = {"type": "SecretsTrustManager", "config": manager}
        how = f"SecretsTrustManager over KeyStoreSecretStore {store} ({len(aliases)} trusted"
        how += ", revocation checked)" if crls else "; revocation not checked, as in Tomcat)"
    else:
        url = f"file://&{{ig.instance.dir}}/{rel}"
        heap, config["trustManager"] = keystore_trust(store, url, store_type, pw_id, PASSWORDS)
        t.heap.append(heap)
        how = f"TrustManager over KeyStore {store}, trusting every entry of {rel}"
    if opened.data is None:
        how += f"; NOT copied (see the truststore findings): place it as {rel}"
    revocation(t, crls, checked=bool(aliases))
    jvm = ts.file.attribute == JVM_TRUSTSTORE
    what = f"{JVM_TRUSTSTORE} {file}{JVM_NOTE}" if jvm else f"truststore {file}"
    mc.emit(
        "tls.truststore",
        f"{what} → {how}",
        location=ts.file.location,
        settings=t.claim(ts.file.key, ts.type.key, ts.provider.key),
        target=f"admin.json heap {store}",
    )
    return True


JVM_NOTE = " (a JVM system property: Tomcat's truststore when the connector names none)"


@applies("tls.jvm-truststore")
def cacerts(t: TlsMapping, host: HostConfig, config: dict[str, object]) -> bool:
    """No truststore anywhere: Tomcat's JSSE trusted the JVM's cacerts; so does IG's JVM."""
    heap, config["trustManager"] = keystore_trust(
        CACERTS_STORE, CACERTS_URL, "JKS", None, PASSWORDS
    )
    t.heap.append(heap)
    t.uses_passwords = True
    v = host.certificate_verification
    crls = crl_values(host)
    revocation(t, crls, checked=False)
    t.mc.emit(
        "tls.jvm-truststore",
        f"{v.attribute or 'client authentication'} with no truststore: Tomcat trusted its JVM's"
        f" cacerts → TrustManager over KeyStore {CACERTS_STORE}, the cacerts of the JVM running"
        " IG (no password is needed to read trusted certificates)",
        location=v.location or host.location,
        target=f"admin.json heap {CACERTS_STORE}",
        hint="if Tomcat's JVM trusted more CAs (its lib/security/jssecacerts or cacerts), import"
        " them into IG's JVM (keytool -importcert -cacerts) or set a truststoreFile",
    )
    return True


@applies("tls.revocation")
def revocation(t: TlsMapping, crls: tuple[TlsValue, ...], *, checked: bool) -> None:
    """Tomcat's CRL settings: IG reads no CRL file; say what it does instead."""
    instead = (
        "IG's SecretsTrustManager checks revocation itself (OCSP, or the CRL distribution points"
        " named in the certificates), not from this file"
        if checked
        else "IG's TrustManager checks no revocation"
    )
    for crl in crls:
        t.mc.emit(
            "tls.revocation",
            f'{crl.attribute}="{crl.value}": Tomcat checked client certificates against this'
            f" CRL; {instead}",
            location=crl.location,
            settings=t.claim(crl.key),
            hint="make sure the CAs' OCSP responders or CRL distribution points are reachable"
            " from IG"
            if checked
            else "give the connector a truststoreFile whose certificates IG can list, so that"
            " IG's SecretsTrustManager checks revocation",
        )
