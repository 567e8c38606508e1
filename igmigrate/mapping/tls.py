"""Tomcat HTTPS connectors → ServerTlsOptions, key/trust managers and secret stores (§HTTPS)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from igmigrate.findings import SettingKey, Status
from igmigrate.ig.model import HeapObject, ServerConnector
from igmigrate.ig.secrets import file_stem
from igmigrate.mapping.context import MapContext
from igmigrate.mapping.keystores import now_utc, verify_keystore, verify_pem, verify_truststore
from igmigrate.mapping.tls_values import (
    classify_ciphers,
    client_auth,
    client_auth_note,
    expand_protocols,
)
from igmigrate.mapping.trust import (
    CACERTS_STORE,
    CACERTS_URL,
    CRL_OTHER_ATTRIBUTES,
    JVM_TRUSTSTORE,
    crl_values,
    jvm_truststore,
    keystore_trust,
)
from igmigrate.secretvalue import placeholder_name
from igmigrate.tomcat.model import Connector
from igmigrate.tomcat.stores import resolve_store_path
from igmigrate.tomcat.tls_model import CertificateConfig, HostConfig, SecretRef, TlsConfig, TlsValue

INSTANCE_SECRETS = "&{ig.instance.dir}/secrets"
PASSWORDS = "SecretsPasswords"
PEM_FORMAT = "PemFormat"
HTTP2 = "org.apache.coyote.http2.Http2Protocol"


@dataclass
class _Tls:
    """One connector's TLS mapping in progress: the settings already reported, the heap built."""

    mc: MapContext
    conn: Connector
    label: str
    claimed: set[SettingKey] = field(default_factory=set)
    heap: list[HeapObject] = field(default_factory=list)
    uses_passwords: bool = False

    def claim(self, *keys: SettingKey | None) -> tuple[SettingKey, ...]:
        fresh = tuple(k for k in keys if k is not None and k not in self.claimed)
        self.claimed.update(fresh)
        return fresh


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


def _password(t: _Tls, ref: SecretRef, secret_id: str, what: str) -> str:
    """Register a password in the secret registry; report where it went (never its value)."""
    reg = t.mc.instance.secrets
    mode = t.mc.config.secrets_mode
    where = ref.location or t.conn.location
    t.uses_passwords = True
    if ref.is_placeholder:
        # name the attribute and its placeholders only: any part of the value may be the secret
        made_of = ref.placeholders()
        unset = ", ".join(f"${{{placeholder_name(n)}}}" for n in ref.unresolved)
        sid = reg.add(secret_id, None, where, placeholder=made_of)
        not_set = "which is not set here" if unset == made_of else f"and {unset} is not set here"
        t.mc.emit(
            "tls.password-missing",
            f"{what} ({ref.attribute}) uses {made_of}, {not_set}: secret id {sid} has no value",
            location=where,
            settings=t.claim(ref.key),
            hint=f"provide it as {reg.where(sid, mode)}, or re-run with --property",
        )
        return sid
    sid = reg.add(secret_id, ref.value, where)
    source = f"{ref.attribute}" if ref.attribute else "Tomcat's default"
    t.mc.emit(
        "tls.password",
        f"{what} ({source}) → secret id {sid}, kept in {reg.where(sid, mode)}",
        location=where,
        settings=t.claim(ref.key),
    )
    if ref.is_default or reg.get(sid).is_default:
        t.mc.emit(
            "tls.default-password",
            f"{what} is a well-known default password",
            location=where,
        )
    return sid


def _keystore(t: _Tls, cert: CertificateConfig, host: HostConfig, suffix: str) -> tuple[str, str]:
    """A KeyStoreSecretStore for a keystore certificate → (signing secret id, store name)."""
    mc = t.mc
    profile = mc.profile
    key_id = f"tls.{t.label}{suffix}.key"
    store = f"KeyStore-{t.label}{suffix}"
    name = file_stem(f"{t.label}{suffix}-{_file_name(cert.keystore_file.value, 'keystore')}")
    dest = f"secrets/{name}"
    check = verify_keystore(cert, mc.loaded.base, mc.findings, now=now_utc(), dest=dest)
    store_pw = _password(
        t, cert.keystore_password, f"keystore.{t.label}{suffix}.password", "keystore password"
    )
    config: dict[str, object] = {}
    if check is not None:
        data = check.path.read_bytes()
        rel = mc.instance.secrets.add_file(f"{t.label}{suffix}-{check.path.name}", data)
        config["file"] = f"&{{ig.instance.dir}}/{rel}"
        config["storeType"] = check.store_type
        copied = f"copied to {rel}"
    else:
        config["file"] = f"&{{ig.instance.dir}}/{dest}"
        config["storeType"] = (cert.keystore_type.value or "JKS").upper()
        copied = f"NOT copied (see the keystore findings): place it as {dest}"
    config[profile.store_password_key] = store_pw
    key_pw = cert.key_password
    if key_pw.attribute is not None and key_pw.value != cert.keystore_password.value:
        config[profile.entry_password_key] = _password(
            t, key_pw, f"keystore.{t.label}{suffix}.key.password", "key password"
        )
    else:
        t.claim(key_pw.key)
    alias = check.alias if check is not None and check.alias else None
    if alias is None and cert.key_alias.value:
        alias = cert.key_alias.value.lower()
    if alias is None:
        token = f"{key_id}.alias"
        alias = f"&{{{token}}}"
        mc.emit(
            "tls.alias-unknown",
            f"the key alias of {cert.keystore_file.value} could not be"
            f" determined: written as the token {alias}",
            location=cert.location,
            hint=f"set env {token.replace('.', '_').upper()} or edit admin.json",
        )
    config["mappings"] = [{"secretId": key_id, "aliases": [alias]}]
    config["secretsProvider"] = PASSWORDS
    t.heap.append(HeapObject(store, "KeyStoreSecretStore", config))
    host_note = "" if host.host_name == "_default_" else f" for host {host.host_name}"
    mc.emit(
        "tls.keystore",
        f"keystore {cert.keystore_file.value} ({config['storeType']}, alias"
        f" {alias}){host_note}: {copied}; KeyStoreSecretStore {store}",
        location=cert.keystore_file.location or cert.location,
        settings=t.claim(
            cert.keystore_file.key,
            cert.keystore_type.key,
            cert.key_alias.key,
            cert.keystore_provider.key,
            cert.type.key,
        ),
        target=f"admin.json heap {store}",
    )
    return key_id, store


def _pem(t: _Tls, cert: CertificateConfig, host: HostConfig, suffix: str) -> tuple[str, str]:
    """PEM files → one PEM secret (key + certificate chain) read by a FileSystemSecretStore."""
    mc = t.mc
    key_id = f"tls.{t.label}{suffix}.key"
    store = f"PemStore-{t.label}{suffix}"
    dest = f"secrets/{key_id}.pem"
    check = verify_pem(cert, mc.loaded.base, mc.findings, now=now_utc(), dest=dest)
    if check is not None:
        parts = [check.key_path.read_bytes(), check.certificate_path.read_bytes()]
        if check.chain_path is not None:
            parts.append(check.chain_path.read_bytes())
        data = b"".join(p if p.endswith(b"\n") else p + b"\n" for p in parts)
        rel = mc.instance.secrets.add_file(f"{key_id}.pem", data)
        done = f"key and certificates joined into {rel}"
    else:
        done = f"NOT copied (see the PEM findings): put key + certificates in {dest}"
    mapping: dict[str, object] = {"secretId": key_id, "format": PEM_FORMAT}
    config: dict[str, object] = {
        "directory": INSTANCE_SECRETS,  # PEM secrets are <id>.pem beside the password files
        "suffix": ".pem",
        "format": "PLAIN",
        "mappings": [mapping],
    }
    key_pw = cert.key_password
    if key_pw.attribute is not None:  # an encrypted key: a format of its own that decrypts it
        pw_id = _password(t, key_pw, f"tls.{t.label}{suffix}.key.password", "PEM key password")
        mapping["format"] = f"{PEM_FORMAT}-{t.label}{suffix}"
        t.heap.append(
            HeapObject(
                str(mapping["format"]),
                "PemPropertyFormat",
                {"decryptionSecretId": pw_id, "secretsProvider": PASSWORDS},
            )
        )
    elif not any(h.name == PEM_FORMAT for h in t.heap):
        t.heap.append(HeapObject(PEM_FORMAT, "PemPropertyFormat", {}))
    t.heap.append(HeapObject(store, "FileSystemSecretStore", config))
    mc.emit(
        "tls.pem-form",
        f"PEM certificate {cert.certificate_file.value}: {done};"
        f" FileSystemSecretStore {store} with PemPropertyFormat",
        location=cert.certificate_file.location or cert.location,
        settings=t.claim(
            cert.certificate_file.key,
            cert.certificate_key_file.key,
            cert.certificate_chain_file.key,
            cert.type.key,
            cert.keystore_file.key,
            cert.keystore_type.key,
            cert.keystore_password.key,
        ),
        target=f"admin.json heap {store}",
        hint=None if check else "see the PEM findings",
    )
    return key_id, store


def _certificate(t: _Tls, host: HostConfig, suffix: str) -> tuple[str, str] | None:
    if not host.certificates:
        return None
    first, *rest = host.certificates
    for extra in rest:
        t.mc.emit(
            "tls.extra-certificate",
            f'<Certificate type="{extra.type.value}"> (a second'
            " certificate for the same host): IG serves one key per host name",
            location=extra.location,
            settings=t.claim(*extra.settings()),
        )
    return _pem(t, first, host, suffix) if first.is_pem else _keystore(t, first, host, suffix)


def _options(t: _Tls, host: HostConfig, config: dict[str, object]) -> None:
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
    trusted = _trust(t, host, config, wanted=auth != "NONE")
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


def _file_name(value: str | None, default: str) -> str:
    return Path(value).name if value and Path(value).name else default


def _trust(t: _Tls, host: HostConfig, config: dict[str, object], *, wanted: bool) -> bool:
    """The trustManager of the connector; False when there is none to use.

    The truststore named by the connector, else (when clients must present a certificate) the
    JVM's own: javax.net.ssl.trustStore, else cacerts. A truststore whose trusted aliases are
    listed here gets a SecretsTrustManager (7.2 maps aliases one by one); one not readable here
    gets a TrustManager + KeyStore, which trusts every entry of the file placed in secrets/.
    """
    mc = t.mc
    ts = host.truststore
    if ts is None or ts.file.value is None:
        if ts is not None:
            t.claim(ts.password.key, ts.type.key, ts.provider.key)
        if not wanted:
            return False
        ts = jvm_truststore(mc.loaded.ctx, ts)
        if ts is None:
            return host.ca_certificate_file.attribute is None and _cacerts(t, host, config)
    file = ts.file.value or ""
    path = resolve_store_path(file, mc.loaded.base)
    rel = "secrets/" + file_stem(f"{t.label}-{_file_name(file, 'truststore')}")
    now = now_utc()
    contents = verify_truststore(ts, mc.loaded.base, mc.findings, now=now, dest=rel)
    pw_id = None
    if ts.password.attribute is not None or ts.password.value is not None:
        pw_id = _password(t, ts.password, f"truststore.{t.label}.password", "truststore password")
    t.uses_passwords = True
    if path is not None and path.is_file():
        rel = mc.instance.secrets.add_file(f"{t.label}-{path.name}", path.read_bytes())
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
    _revocation(t, crls, checked=bool(aliases))
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


def _cacerts(t: _Tls, host: HostConfig, config: dict[str, object]) -> bool:
    """No truststore anywhere: Tomcat's JSSE trusted the JVM's cacerts; so does IG's JVM."""
    heap, config["trustManager"] = keystore_trust(
        CACERTS_STORE, CACERTS_URL, "JKS", None, PASSWORDS
    )
    t.heap.append(heap)
    t.uses_passwords = True
    v = host.certificate_verification
    crls = crl_values(host)
    _revocation(t, crls, checked=False)
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


def _revocation(t: _Tls, crls: tuple[TlsValue, ...], *, checked: bool) -> None:
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


def _leftovers(t: _Tls, tls: TlsConfig) -> None:
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


def map_tls(
    mc: MapContext, conn: Connector, tls: TlsConfig, out: ServerConnector, label: str
) -> bool:
    """Fill `out.tls` and the admin.json heap; False when the connector cannot be converted."""
    t = _Tls(mc, conn, label)
    default = tls.default_host
    if default is None:
        return False  # read_tls reported why Tomcat refuses to start it
    name = f"ServerTlsOptions-{label}"
    config: dict[str, object] = {}
    if tls.uses_sni:
        server_names: dict[str, str] = {}
        stores: list[str] = []
        default_id = None
        for host, suffix in zip(tls.host_configs, _host_suffixes(tls.host_configs), strict=True):
            got = _certificate(t, host, suffix)
            if got is None:
                continue
            key_id, store = got
            stores.append(store)
            if host is default:
                default_id = key_id
            if host.host_name != "_default_":
                server_names[host.host_name] = key_id
            mc.emit(
                "tls.sni",
                f'SSLHostConfig hostName="{host.host_name}" → sni server name'
                + (" (the default)" if host is default else ""),
                location=host.location,
                settings=t.claim(host.host_name_key),
            )
        config["sni"] = {
            "serverNames": server_names,
            "defaultSecretId": default_id,
            "secretsProvider": stores,
        }
        for host in tls.host_configs:
            if host is not default:
                _ignored_host_options(t, host)
    else:
        got = _certificate(t, default, "")
        if got is None:
            mc.emit(
                "tls.no-certificate",
                "the HTTPS connector has no certificate",
                location=default.location,
                status=Status.ERROR,
            )
            return False
        key_id, store = got
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
        t.heap.insert(0, _password_store(mc))
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


def _ignored_host_options(t: _Tls, host: HostConfig) -> None:
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


def _password_store(mc: MapContext) -> HeapObject:
    if mc.config.secrets_mode == "env":
        return HeapObject(PASSWORDS, "SystemAndEnvSecretStore", {"format": "BASE64"})
    return HeapObject(
        PASSWORDS, "FileSystemSecretStore", {"directory": INSTANCE_SECRETS, "format": "PLAIN"}
    )
