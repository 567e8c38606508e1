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
    tmp_path: Path, connectors: str, stores: Stores, version: str = "9.0.85", **config: object
) -> Result:
    src = tomcat(tmp_path / "tomcat", one_service(connectors), version=version)
    for f in stores.dir.iterdir():
        shutil.copy(f, src / "conf" / f.name)
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
