"""HTTPS connectors → ServerTlsOptions + secret stores, end to end through convert() (issue 3)."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path

from igmigrate.config import Config
from igmigrate.convert import Result, convert
from igmigrate.findings import Status
from tests.tls_stores import (
    KEYTOOL,
    PEM_KEY_PASSWORD,
    STORE_PASSWORD,
    TRUST_PASSWORD,
    Stores,
    needs_keytool,
    stores,
)
from tests.tomcat_tree import one_service, tomcat

__all__ = ["stores"]  # the session fixture, imported so pytest finds it
pytestmark = needs_keytool


def run(
    tmp_path: Path,
    connectors: str,
    stores: Stores,
    version: str = "9.0.85",
    *,
    files: dict[str, str] | None = None,
    extra: dict[str, Path] | None = None,
    **config: object,
) -> Result:
    """Convert a Tomcat with `connectors`, the test stores in conf/, and `extra` copies."""
    src = tomcat(tmp_path / "tomcat", one_service(connectors), version=version, files=files)
    for f in stores.dir.iterdir():
        shutil.copy(f, src / "conf" / f.name)
    for rel, origin in (extra or {}).items():
        shutil.copy(origin, src / rel)
    return convert(Config(src=src, **config))  # type: ignore[arg-type]


def admin(r: Result) -> dict[str, object]:
    data: dict[str, object] = json.loads(r.plan["config/admin.json"].content)
    return data


def heap(r: Result) -> dict[str, dict[str, object]]:
    return {h["name"]: h for h in admin(r)["heap"]}  # type: ignore[attr-defined,index]


LEGACY = (
    '<Connector port="8443" SSLEnabled="true" scheme="https" secure="true"'
    ' keystoreFile="conf/{p12}" keystoreType="PKCS12" keystorePass="{pw}"'
    ' keyAlias="https-connector-key" clientAuth="want" sslEnabledProtocols="TLSv1.2,TLSv1.3"'
    ' truststoreFile="conf/{trust}" truststorePass="{tpw}" truststoreType="JKS"/>'
)


def legacy(stores: Stores) -> str:
    return LEGACY.format(
        p12=stores.pkcs12.name, pw=STORE_PASSWORD, trust=stores.truststore.name, tpw=TRUST_PASSWORD
    )


def test_pkcs12_legacy_connector_gives_server_tls_options(tmp_path: Path, stores: Stores) -> None:
    r = run(tmp_path, legacy(stores), stores)
    assert admin(r)["connectors"] == [{"port": 8443, "tls": "ServerTlsOptions-8443"}]
    tls = heap(r)["ServerTlsOptions-8443"]["config"]
    assert tls["clientAuth"] == "REQUEST"  # type: ignore[index]
    assert tls["sslEnabledProtocols"] == ["TLSv1.2", "TLSv1.3"]  # type: ignore[index]
    assert tls["keyManager"] == {
        "type": "SecretsKeyManager",
        "config": {  # type: ignore[index]
            "signingSecretId": "tls.8443.key",
            "secretsProvider": "KeyStore-8443",
        },
    }
    assert tls["trustManager"]["config"]["secretsProvider"] == "TrustStore-8443"  # type: ignore[index]
    store = heap(r)["KeyStore-8443"]["config"]
    assert store == {  # the 7.2 property names; the password is a secret id, never a value
        "file": "&{ig.instance.dir}/secrets/8443-" + stores.pkcs12.name,
        "storeType": "PKCS12",
        "storePassword": "keystore.8443.password",
        "mappings": [{"secretId": "tls.8443.key", "aliases": ["https-connector-key"]}],
        "secretsProvider": "SecretsPasswords",
    }
    assert heap(r)["SecretsPasswords"] == {
        "name": "SecretsPasswords",
        "type": "FileSystemSecretStore",
        "config": {"directory": "&{ig.instance.dir}/secrets", "format": "PLAIN"},
    }


def test_copied_keystore_and_password_secret_open_for_real(tmp_path: Path, stores: Stores) -> None:
    r = run(tmp_path, legacy(stores), stores)
    copied = r.plan["secrets/8443-" + stores.pkcs12.name]
    assert copied.content == stores.pkcs12.read_bytes() and copied.effective_mode == 0o600
    password = r.plan["secrets/keystore.8443.password"].content.decode()
    assert password == STORE_PASSWORD
    out = tmp_path / "ks.p12"
    out.write_bytes(copied.content)
    assert KEYTOOL is not None
    listing = subprocess.run(
        [KEYTOOL, "-list", "-keystore", str(out), "-storetype", "PKCS12", "-storepass", password],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "https-connector-key" in listing.stdout


def test_no_secret_value_outside_the_secrets_directory(tmp_path: Path, stores: Stores) -> None:
    r = run(tmp_path, legacy(stores), stores)
    for rel, f in r.plan.items():
        if rel.startswith("secrets/"):
            continue
        for secret in (STORE_PASSWORD, TRUST_PASSWORD):
            assert secret.encode() not in f.content, f"{secret!r} leaked into {rel}"
    text = json.dumps([f.to_json() for f in r.findings])
    assert STORE_PASSWORD not in text and TRUST_PASSWORD not in text


def test_target_2024_3_uses_the_secret_id_property_names(tmp_path: Path, stores: Stores) -> None:
    r = run(tmp_path, legacy(stores), stores, target_version="2024.3")
    store = heap(r)["KeyStore-8443"]["config"]
    assert store["storePasswordSecretId"] == "keystore.8443.password"  # type: ignore[index]
    assert "storePassword" not in store  # type: ignore[operator]


def test_two_host_names_give_sni(tmp_path: Path, stores: Stores) -> None:
    xml = f"""<Connector port="8443" SSLEnabled="true" defaultSSLHostConfigName="a.example.com">
      <SSLHostConfig hostName="a.example.com">
        <Certificate certificateKeystoreFile="conf/{stores.pkcs12.name}"
                     certificateKeystoreType="PKCS12"
                     certificateKeystorePassword="{STORE_PASSWORD}"/>
      </SSLHostConfig>
      <SSLHostConfig hostName="*.b.example.com">
        <Certificate certificateKeystoreFile="conf/{stores.jks_same_pw.name}"
                     certificateKeystorePassword="{STORE_PASSWORD}"
                     certificateKeyAlias="tomcat"/>
      </SSLHostConfig></Connector>"""
    r = run(tmp_path, xml, stores)
    sni = heap(r)["ServerTlsOptions-8443"]["config"]["sni"]  # type: ignore[index]
    assert sni == {
        "serverNames": {
            "a.example.com": "tls.8443.a-example-com.key",
            "*.b.example.com": "tls.8443.wildcard-b-example-com.key",
        },
        "defaultSecretId": "tls.8443.a-example-com.key",
        "secretsProvider": ["KeyStore-8443.a-example-com", "KeyStore-8443.wildcard-b-example-com"],
    }
    assert heap(r)["KeyStore-8443.wildcard-b-example-com"]["config"]["storeType"] == "JKS"  # type: ignore[index]


def test_placeholder_password_is_never_written_and_needs_a_human(
    tmp_path: Path, stores: Stores
) -> None:
    xml = (
        f'<Connector port="8443" SSLEnabled="true" keystoreFile="conf/{stores.pkcs12.name}"'
        ' keystoreType="PKCS12" keystorePass="${ks.pass}"/>'
    )
    r = run(tmp_path, xml, stores)
    missing = [f for f in r.findings if f.rule == "tls.password-missing"]
    assert [f.status for f in missing] == [Status.MANUAL]
    assert "keystore.8443.password" in missing[0].message
    assert "secrets/keystore.8443.password" not in r.plan
    assert b"${ks.pass}" not in r.plan["config/admin.json"].content


def test_wrong_keystore_password_is_an_error_at_the_attribute(
    tmp_path: Path, stores: Stores
) -> None:
    xml = (
        f'<Connector port="8443" SSLEnabled="true"\n  keystoreFile="conf/{stores.pkcs12.name}"'
        '\n  keystorePass="not-the-password"/>'
    )
    r = run(tmp_path, xml, stores)
    [f] = [f for f in r.findings if f.rule == "tls.keystore.password"]
    assert f.status is Status.ERROR and f.location is not None and f.location.line == 6
    assert r.plan == {}


def test_tomcat_10_1_ignores_legacy_attributes(tmp_path: Path, stores: Stores) -> None:
    xml = (
        f'<Connector port="8443" SSLEnabled="true" keystoreFile="conf/{stores.pkcs12.name}"'
        f' keystorePass="{STORE_PASSWORD}"><SSLHostConfig><Certificate'
        f' certificateKeystoreFile="conf/{stores.jks_same_pw.name}"'
        f' certificateKeystorePassword="{STORE_PASSWORD}"/></SSLHostConfig></Connector>'
    )
    r = run(tmp_path, xml, stores, version="10.1.31")
    ignored = {f.message.split()[5] for f in r.findings if f.rule == "tls.legacy-ignored"}
    assert ignored == {"keystoreFile", "keystorePass"}
    assert heap(r)["KeyStore-8443"]["config"]["storeType"] == "JKS"  # type: ignore[index]


def test_secrets_env_mode_exports_base64_in_a_0600_env_sh(tmp_path: Path, stores: Stores) -> None:
    r = run(tmp_path, legacy(stores), stores, secrets_mode="env")
    env = r.plan["bin/env.sh"]
    assert env.effective_mode == 0o600
    b64 = base64.b64encode(STORE_PASSWORD.encode()).decode()
    assert f"export KEYSTORE_8443_PASSWORD='{b64}'".encode() in env.content
    assert heap(r)["SecretsPasswords"]["type"] == "SystemAndEnvSecretStore"
    assert not any(p.startswith("secrets/keystore.") for p in r.plan)


def test_every_tls_setting_is_accounted_for(tmp_path: Path, stores: Stores) -> None:
    r = run(tmp_path, legacy(stores), stores)
    assert r.findings.unaccounted() == []
    assert not [f for f in r.findings if f.rule == "unconverted"]


def test_encrypted_pem_key_gets_a_decrypting_format_and_its_password_a_secret(
    tmp_path: Path, stores: Stores
) -> None:
    xml = (
        '<Connector port="8443" SSLEnabled="true"><SSLHostConfig><Certificate'
        f' certificateFile="conf/{stores.cert_pem.name}"'
        f' certificateKeyFile="conf/{stores.key_pem.name}"'
        f' certificateKeyPassword="{PEM_KEY_PASSWORD}"/></SSLHostConfig></Connector>'
        '<Connector port="9443" SSLEnabled="true"><SSLHostConfig><Certificate'
        f' certificateFile="conf/{stores.cert_pem.name}"'
        f' certificateKeyFile="conf/{stores.key_pem_plain.name}"/></SSLHostConfig></Connector>'
    )
    r = run(tmp_path, xml, stores)
    h = heap(r)
    assert h["PemFormat-8443"]["config"] == {
        "decryptionSecretId": "tls.8443.key.password",
        "secretsProvider": "SecretsPasswords",
    }
    assert h["PemFormat"]["config"] == {}
    assert h["PemStore-8443"]["config"]["mappings"] == [  # type: ignore[index]
        {"secretId": "tls.8443.key", "format": "PemFormat-8443"}
    ]
    assert h["PemStore-9443"]["config"]["mappings"] == [  # type: ignore[index]
        {"secretId": "tls.9443.key", "format": "PemFormat"}
    ]
    assert r.plan["secrets/tls.8443.key.password"].content == PEM_KEY_PASSWORD.encode()
    pem = r.plan["secrets/tls.8443.key.pem"].content
    assert pem.count(b"-----BEGIN") == 2 and pem.endswith(stores.cert_pem.read_bytes())


def test_findings_name_no_path_of_the_converting_machine(tmp_path: Path, stores: Stores) -> None:
    xml = (
        '<Connector port="8443" SSLEnabled="true"'
        ' keystoreFile="${catalina.base}/conf/missing.p12" keystorePass="x"/>'
    )
    r = run(tmp_path, xml, stores)
    [f] = [f for f in r.findings if f.rule == "tls.keystore.missing"]
    assert "${catalina.base}/conf/missing.p12" in f.message
    assert all(str(tmp_path) not in (g.message + (g.hint or "")) for g in r.findings)


def test_unknown_tls_attribute_values_are_never_echoed(tmp_path: Path, stores: Stores) -> None:
    xml = (
        '<Connector port="8443" SSLEnabled="true">'
        '<SSLHostConfig truststorePass="Echo-Me-Not-42"><Certificate'
        f' certificateKeystoreFile="conf/{stores.pkcs12.name}" certificateKeystoreType="PKCS12"'
        f' certificateKeystorePassword="{STORE_PASSWORD}" keyPassFile="Echo-Me-Not-43"/>'
        "</SSLHostConfig></Connector>"
    )
    r = run(tmp_path, xml, stores)
    texts = [f.message + (f.hint or "") + (f.target or "") for f in r.findings]
    assert any("truststorePass" in t for t in texts)  # reported by name...
    assert not any("Echo-Me-Not" in t for t in texts)  # ...never by value
    assert all(b"Echo-Me-Not" not in f.content for f in r.plan.values())


def test_optional_no_ca_is_mapped_partially_with_the_reason(tmp_path: Path, stores: Stores) -> None:
    xml = (
        '<Connector port="8443" SSLEnabled="true"><SSLHostConfig certificateVerification='
        f'"optionalNoCA" truststoreFile="conf/{stores.truststore.name}"'
        f' truststorePassword="{TRUST_PASSWORD}"><Certificate'
        f' certificateKeystoreFile="conf/{stores.pkcs12.name}" certificateKeystoreType="PKCS12"'
        f' certificateKeystorePassword="{STORE_PASSWORD}"/></SSLHostConfig></Connector>'
    )
    r = run(tmp_path, xml, stores)
    [f] = [f for f in r.findings if f.rule == "tls.client-auth"]
    assert f.status is Status.PARTIAL and "without validating" in (f.hint or "")
    assert heap(r)["ServerTlsOptions-8443"]["config"]["clientAuth"] == "REQUEST"  # type: ignore[index]


# -- issue 6: SNI names (18), the JVM's trust (25), revocation (26), stores not in SRC (27) ---


def keystore_host(host: str, file: str) -> str:
    return (
        f'<SSLHostConfig hostName="{host}"><Certificate certificateKeystoreFile="conf/{file}"'
        f' certificateKeystoreType="PKCS12" certificateKeystorePassword="{STORE_PASSWORD}"/>'
        "</SSLHostConfig>"
    )


def test_colliding_sni_host_names_get_distinct_stable_names(tmp_path: Path, stores: Stores) -> None:
    hosts = ["ig.example.com", "ig-example.com", "*.example.com", "wildcard.example.com"]
    files = [f"host{i}.p12" for i in range(len(hosts))]
    xml = (
        '<Connector port="8443" SSLEnabled="true" defaultSSLHostConfigName="ig.example.com">'
        + "".join(keystore_host(h, f) for h, f in zip(hosts, files, strict=True))
        + "</Connector>"
    )
    copies = {f"conf/{f}": stores.pkcs12 for f in files}
    r = run(tmp_path / "one", xml, stores, extra=copies)
    again = run(tmp_path / "two", xml, stores, extra=copies)
    names = [h["name"] for h in admin(r)["heap"]]  # type: ignore[attr-defined]
    assert len(names) == len(set(names)), names
    sni = heap(r)["ServerTlsOptions-8443"]["config"]["sni"]  # type: ignore[index]
    ids = [sni["serverNames"][h] for h in hosts[1:]] + [sni["defaultSecretId"]]
    assert len(set(ids)) == len(hosts)
    for host, file in zip(hosts, files, strict=True):
        key_id = sni["defaultSecretId"] if host == hosts[0] else sni["serverNames"][host]
        [store] = [
            h
            for h in heap(r).values()
            if h["type"] == "KeyStoreSecretStore"
            and h["config"]["mappings"][0]["secretId"] == key_id  # type: ignore[index]
        ]
        assert str(store["config"]["file"]).endswith("-" + file)  # type: ignore[index]
        assert store["name"] in sni["secretsProvider"]
    password_ids = [store["config"]["storePassword"] for store in heap(r).values()  # type: ignore[index]
                    if store["type"] == "KeyStoreSecretStore"]  # fmt: skip
    assert len(set(password_ids)) == len(hosts)
    assert r.plan["config/admin.json"].content == again.plan["config/admin.json"].content
    assert r.findings.unaccounted() == []


def client_auth_connector(stores: Stores, extra: str = "") -> str:
    return (
        f'<Connector port="8443" SSLEnabled="true" keystoreFile="conf/{stores.pkcs12.name}"'
        f' keystoreType="PKCS12" keystorePass="{STORE_PASSWORD}" clientAuth="want"{extra}/>'
    )


def test_client_auth_with_the_jvm_cacerts_keeps_client_auth(tmp_path: Path, stores: Stores) -> None:
    r = run(tmp_path, client_auth_connector(stores), stores)
    tls = heap(r)["ServerTlsOptions-8443"]["config"]
    assert tls["clientAuth"] == "REQUEST"  # type: ignore[index]
    manager = tls["trustManager"]  # type: ignore[index]
    assert manager["type"] == "TrustManager"
    keystore = heap(r)[manager["config"]["keystore"]]
    assert keystore["type"] == "KeyStore"
    assert keystore["config"]["url"] == "file://${system['java.home']}/lib/security/cacerts"  # type: ignore[index]
    assert "passwordSecretId" not in keystore["config"]  # type: ignore[operator]
    [f] = [f for f in r.findings if f.rule == "tls.jvm-truststore"]
    assert "cacerts" in f.message and f.location is not None and f.location.line == 4
    assert r.findings.unaccounted() == []


def test_client_auth_with_javax_net_ssl_truststore_from_setenv(
    tmp_path: Path, stores: Stores
) -> None:
    setenv = (
        'CATALINA_OPTS="-Djavax.net.ssl.trustStore=conf/'
        f'{stores.truststore.name} -Djavax.net.ssl.trustStorePassword={TRUST_PASSWORD}"\n'
    )
    r = run(tmp_path, client_auth_connector(stores), stores, files={"bin/setenv.sh": setenv})
    tls = heap(r)["ServerTlsOptions-8443"]["config"]
    assert tls["clientAuth"] == "REQUEST"  # type: ignore[index]
    assert tls["trustManager"]["type"] == "SecretsTrustManager"  # type: ignore[index]
    store = heap(r)["TrustStore-8443"]["config"]
    assert store["file"] == f"&{{ig.instance.dir}}/secrets/8443-{stores.truststore.name}"  # type: ignore[index]
    assert store["mappings"] == [{"secretId": "tls.8443.trust", "aliases": ["client-ca"]}]  # type: ignore[index]
    copied = r.plan[f"secrets/8443-{stores.truststore.name}"].content
    assert copied == stores.truststore.read_bytes()
    assert r.plan[f"secrets/{store['storePassword']}"].content == TRUST_PASSWORD.encode()  # type: ignore[index]
    [f] = [f for f in r.findings if f.rule == "tls.truststore"]
    assert "javax.net.ssl.trustStore" in f.message
    assert f.location is not None and f.location.file == "bin/setenv.sh"
    for rel, out in r.plan.items():
        if not rel.startswith("secrets/"):
            assert TRUST_PASSWORD.encode() not in out.content, rel
    assert TRUST_PASSWORD not in json.dumps([f.to_json() for f in r.findings])


def test_jvm_truststore_outside_src_is_trusted_where_it_must_be_placed(
    tmp_path: Path, stores: Stores
) -> None:
    props = {"conf/catalina.properties": "javax.net.ssl.trustStore=/opt/pki/clients.jks\n"}
    r = run(tmp_path, client_auth_connector(stores), stores, files=props)
    tls = heap(r)["ServerTlsOptions-8443"]["config"]
    assert tls["clientAuth"] == "REQUEST"  # type: ignore[index]
    manager = tls["trustManager"]  # type: ignore[index]
    keystore = heap(r)[manager["config"]["keystore"]]["config"]
    assert keystore["url"] == "file://&{ig.instance.dir}/secrets/8443-clients.jks"  # type: ignore[index]
    [f] = [f for f in r.findings if f.rule == "tls.truststore.missing"]
    assert f.status is Status.MANUAL and "/opt/pki/clients.jks" in f.message
    assert "secrets/" in (f.hint or "") and "tls.truststore finding" in (f.hint or "")
    assert f.location is not None and f.location.file == "conf/catalina.properties"
    [mapped] = [f for f in r.findings if f.rule == "tls.truststore"]
    assert (
        "NOT copied" in mapped.message and "place it as secrets/8443-clients.jks" in mapped.message
    )


def test_truststore_maps_every_trusted_alias_and_revocation_follows_tomcat(
    tmp_path: Path, stores: Stores
) -> None:
    trust = f' truststoreFile="conf/{stores.truststore_cas.name}" truststorePass="{TRUST_PASSWORD}"'
    r = run(tmp_path / "a", client_auth_connector(stores, trust), stores)
    mappings = heap(r)["TrustStore-8443"]["config"]["mappings"]  # type: ignore[index]
    assert mappings == [{"secretId": "tls.8443.trust", "aliases": ["ca-one", "ca-three", "ca-two"]}]
    manager = heap(r)["ServerTlsOptions-8443"]["config"]["trustManager"]  # type: ignore[index]
    assert manager["config"]["checkRevocation"] is False  # Tomcat checks no revocation by default
    assert not [f for f in r.findings if f.rule == "tls.revocation"]
    crl = client_auth_connector(stores, trust + '\n  crlFile="conf/clients.crl"')
    r = run(tmp_path / "b", crl, stores)
    manager = heap(r)["ServerTlsOptions-8443"]["config"]["trustManager"]  # type: ignore[index]
    assert "checkRevocation" not in manager["config"]  # IG's default: checked
    [f] = [f for f in r.findings if f.rule == "tls.revocation"]
    assert "crlFile" in f.message and f.status is Status.PARTIAL
    assert f.location is not None and f.location.line == 5
    assert r.findings.unaccounted() == []


def test_stores_missing_here_are_written_where_they_must_be_placed(
    tmp_path: Path, stores: Stores
) -> None:
    xml = (
        '<Connector port="8443" SSLEnabled="true"\n  keystoreFile="/etc/tomcat/ks.p12"'
        ' keystoreType="PKCS12"\n  keystorePass="x" keyAlias="web"/>\n'
        '<Connector port="9443" SSLEnabled="true"><SSLHostConfig'
        ' certificateVerification="required"\n  truststoreFile="conf/gone.jks"'
        ' truststorePassword="y"><Certificate\n  certificateFile="conf/missing.crt"'
        ' certificateKeyFile="conf/missing.key"/></SSLHostConfig></Connector>'
    )
    r = run(tmp_path, xml, stores)
    assert admin(r)["connectors"] == [
        {"port": 8443, "tls": "ServerTlsOptions-8443"},
        {"port": 9443, "tls": "ServerTlsOptions-9443"},
    ]
    h = heap(r)
    assert h["KeyStore-8443"]["config"]["file"] == "&{ig.instance.dir}/secrets/8443-ks.p12"  # type: ignore[index]
    assert h["KeyStore-8443"]["config"]["mappings"] == [  # type: ignore[index]
        {"secretId": "tls.8443.key", "aliases": ["web"]}
    ]
    tls9 = h["ServerTlsOptions-9443"]["config"]
    assert tls9["clientAuth"] == "REQUIRED"  # type: ignore[index]
    ks = h[tls9["trustManager"]["config"]["keystore"]]["config"]  # type: ignore[index]
    assert ks["url"] == "file://&{ig.instance.dir}/secrets/9443-gone.jks"  # type: ignore[index]
    missing = sorted((f.location.line, f.message, f.hint or "") for f in r.findings
                     if f.rule.endswith(".missing") and f.location)  # fmt: skip
    assert [m[0] for m in missing] == [5, 8, 9, 9]
    assert "/etc/tomcat/ks.p12" in missing[0][1] and "tls.keystore finding" in missing[0][2]
    assert "conf/gone.jks" in missing[1][1] and "tls.truststore finding" in missing[1][2]
    assert "conf/missing.crt" in missing[2][1] and "tls.pem-form finding" in missing[2][2]
    assert "conf/missing.key" in missing[3][1] and "tls.pem-form finding" in missing[3][2]
    assert all("secrets/" in m[2] for m in missing)
    rules = [f.rule for f in r.findings if f.rule.endswith(".missing")]
    assert sorted(rules) == ["tls.keystore.missing"] * 3 + ["tls.truststore.missing"]
    assert all(f.status is Status.MANUAL for f in r.findings if f.rule.endswith(".missing"))
    # the mapper's findings name the file admin.json expects in secrets/
    placed = " ".join(
        f.message
        for f in r.findings
        if f.rule in ("tls.keystore", "tls.truststore", "tls.pem-form")
    )
    for dest in ("secrets/8443-ks.p12", "secrets/9443-gone.jks", "secrets/tls.9443.key.pem"):
        assert f"place it as {dest}" in placed or f"put key + certificates in {dest}" in placed, (
            dest
        )
    assert not [f for f in r.findings if f.status is Status.ERROR]
    assert all(str(tmp_path) not in f.message + (f.hint or "") for f in r.findings)
