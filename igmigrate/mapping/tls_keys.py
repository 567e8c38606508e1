"""Keystore and PEM certificates → KeyStoreSecretStore / FileSystemSecretStore (§HTTPS)."""

from __future__ import annotations

from igmigrate.ig.model import HeapObject
from igmigrate.ig.secrets import file_stem
from igmigrate.mapping.tls_context import (
    INSTANCE_SECRETS,
    PASSWORDS,
    TlsMapping,
    file_name,
    password,
)
from igmigrate.rules import applies
from igmigrate.tomcat.tls_model import CertificateConfig, HostConfig

PEM_FORMAT = "PemFormat"


@applies("tls.alias-unknown", "tls.keystore")
def keystore(
    t: TlsMapping, cert: CertificateConfig, host: HostConfig, suffix: str
) -> tuple[str, str]:
    """A KeyStoreSecretStore for a keystore certificate → (signing secret id, store name)."""
    mc = t.mc
    profile = mc.profile
    key_id = f"tls.{t.label}{suffix}.key"
    store = f"KeyStore-{t.label}{suffix}"
    name = file_stem(f"{t.label}{suffix}-{file_name(cert.keystore_file.value, 'keystore')}")
    dest = f"secrets/{name}"
    check = t.material.keystores.get(cert)  # opened (and reported) by the load stage
    store_pw = password(
        t, cert.keystore_password, f"keystore.{t.label}{suffix}.password", "keystore password"
    )
    config: dict[str, object] = {}
    if check is not None:
        rel = mc.instance.secrets.add_file(f"{t.label}{suffix}-{check.path.name}", check.data)
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
        config[profile.entry_password_key] = password(
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


@applies("tls.pem-form")
def pem(t: TlsMapping, cert: CertificateConfig, host: HostConfig, suffix: str) -> tuple[str, str]:
    """PEM files → one PEM secret (key + certificate chain) read by a FileSystemSecretStore."""
    mc = t.mc
    key_id = f"tls.{t.label}{suffix}.key"
    store = f"PemStore-{t.label}{suffix}"
    dest = f"secrets/{key_id}.pem"
    check = t.material.pems.get(cert)  # read (and reported) by the load stage
    if check is not None:
        parts = [check.key, check.certificate]
        if check.chain is not None:
            parts.append(check.chain)
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
        pw_id = password(t, key_pw, f"tls.{t.label}{suffix}.key.password", "PEM key password")
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


@applies("tls.extra-certificate")
def certificate(t: TlsMapping, host: HostConfig, suffix: str) -> tuple[str, str]:
    """The host's first certificate (read_tls gives each at least Tomcat's default one)."""
    first, *rest = host.certificates
    for extra in rest:
        t.mc.emit(
            "tls.extra-certificate",
            f'<Certificate type="{extra.type.value}"> (a second'
            " certificate for the same host): IG serves one key per host name",
            location=extra.location,
            settings=t.claim(*extra.settings()),
        )
    return pem(t, first, host, suffix) if first.is_pem else keystore(t, first, host, suffix)
