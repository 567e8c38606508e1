"""Specification of read_tls: both Tomcat TLS forms → one model, applied per Tomcat version."""

from __future__ import annotations

from igmigrate.findings import Findings, SettingKey, Severity, SourceLocation, Status
from igmigrate.secretvalue import Secret
from igmigrate.tomcat.model import Attr, Connector, Element, SSLHostConfig
from igmigrate.tomcat.tls_attributes import PASSWORD_ATTRS
from igmigrate.tomcat.tls_model import TlsConfig
from igmigrate.tomcat.tls_reader import read_tls
from igmigrate.tomcat.version import TomcatVersion

V7 = TomcatVersion.parse("7.0.109")
V85 = TomcatVersion.parse("8.5.100")
V9 = TomcatVersion.parse("9.0.85")
V101 = TomcatVersion.parse("10.1.20")
FILE = "conf/server.xml"
CONN = "Server/Service/Connector"


def element(tag: str, path: str, line: int, attrs: dict[str, str], *children: Element) -> Element:
    return Element(
        tag,
        SourceLocation(FILE, line, path),
        tuple(Attr(k, v, v, line=line + i) for i, (k, v) in enumerate(attrs.items())),
        children,
    )


def connector(
    attrs: dict[str, str], *hosts: tuple[dict[str, str], list[dict[str, str]]]
) -> Connector:
    shcs = []
    for i, (h_attrs, certs) in enumerate(hosts, start=1):
        hpath = f"{CONN}/SSLHostConfig[{i}]" if len(hosts) > 1 else f"{CONN}/SSLHostConfig"
        cert_els = tuple(
            element("Certificate", f"{hpath}/Certificate[{j}]", 100 * i + 10 * j, c)
            for j, c in enumerate(certs, start=1)
        )
        shcs.append(
            SSLHostConfig(element("SSLHostConfig", hpath, 100 * i, h_attrs, *cert_els), cert_els)
        )
    el = element("Connector", CONN, 10, {"port": "8443", "SSLEnabled": "true", **attrs},
                 *(s.element for s in shcs))  # fmt: skip
    return Connector(el, ssl_host_configs=tuple(shcs))


def read(conn: Connector, version: TomcatVersion) -> tuple[TlsConfig, Findings]:
    findings = Findings()
    tls = read_tls(conn, version, findings)
    assert tls is not None
    return tls, findings


def rules(findings: Findings) -> list[str]:
    return [f.rule for f in findings]


LEGACY_PKCS12 = {
    "keystoreFile": "conf/keystore.p12",
    "keystorePass": "s3cret",
    "keystoreType": "PKCS12",
    "keyAlias": "https-connector-key",
    "clientAuth": "want",
    "sslEnabledProtocols": "TLSv1.2,TLSv1.3",
}


def test_plain_connector_has_no_tls() -> None:
    conn = Connector(element("Connector", CONN, 3, {"port": "8080", "SSLEnabled": "True "}))
    assert read_tls(conn, V9, Findings()) is None


def test_legacy_jsse_attributes_feed_the_default_host_config_on_9() -> None:
    tls, findings = read(connector(LEGACY_PKCS12), V9)
    assert len(findings) == 0
    assert tls.default_host_name == "_default_"
    host = tls.default_host
    assert host is not None and host.legacy
    assert host.protocols_raw.value == "TLSv1.2,TLSv1.3"
    assert host.protocols_raw.attribute == "sslEnabledProtocols"
    assert host.certificate_verification.value == "want"
    cert = host.certificates[0]
    assert cert.keystore_file.value == "conf/keystore.p12"
    assert cert.keystore_type.value == "PKCS12"
    assert cert.key_alias.value == "https-connector-key"
    assert (
        cert.keystore_password.value == Secret("s3cret") and not cert.keystore_password.is_default
    )
    assert cert.keystore_password.location is not None
    assert cert.keystore_password.location.line == 13  # the attribute's own line
    # keyPass not set: the key password is the keystore password
    assert (
        cert.key_password.value == Secret("s3cret")
        and cert.key_password.attribute == "keystorePass"
    )
    assert set(tls.settings()) >= {
        SettingKey(FILE, CONN, n) for n in [*LEGACY_PKCS12, "SSLEnabled"]
    }


def test_defaults_are_tomcats_when_nothing_is_configured() -> None:
    tls, _ = read(connector({}), V9)
    cert = tls.host_configs[0].certificates[0]
    assert cert.keystore_file.value == "${user.home}/.keystore" and cert.keystore_file.is_default
    assert cert.keystore_password.value == Secret("changeit") and cert.keystore_password.is_default
    assert cert.keystore_type.value == "JKS"
    assert cert.key_alias.value is None
    assert tls.host_configs[0].protocols_raw.value == "all"
    assert tls.host_configs[0].ssl_protocol.value == "TLS"


def test_tomcat_7_keystore_password_defaults_to_keypass() -> None:
    tls, _ = read(connector({"keystoreFile": "ks.jks", "keyPass": "kp"}), V7)
    cert = tls.host_configs[0].certificates[0]
    assert cert.keystore_password.value == Secret("kp") and not cert.keystore_password.is_default
    assert cert.key_password.value == Secret("kp")
    assert tls.host_configs[0].protocols_raw.value is None  # the JVM's defaults on 7.0


def test_tomcat_9_keystore_password_does_not_default_to_keypass() -> None:
    tls, _ = read(connector({"keystoreFile": "ks.jks", "keyPass": "kp"}), V9)
    cert = tls.host_configs[0].certificates[0]
    assert cert.keystore_password.value == Secret("changeit") and cert.keystore_password.is_default
    assert cert.key_password.value == Secret("kp")


def test_apr_attributes_give_a_pem_certificate() -> None:
    attrs = {
        "SSLCertificateFile": "conf/server.crt",
        "SSLCertificateKeyFile": "conf/server.key",
        "SSLCertificateChainFile": "conf/chain.pem",
        "SSLPassword": "pem-pw",
        "SSLProtocol": "TLSv1+TLSv1.2",
        "SSLCipherSuite": "HIGH:!aNULL",
        "SSLVerifyClient": "optional",
        "SSLCACertificateFile": "conf/ca.pem",
    }
    tls, findings = read(connector(attrs), V85)
    assert len(findings) == 0
    host = tls.host_configs[0]
    cert = host.certificates[0]
    assert cert.is_pem
    assert cert.certificate_key_file.value == "conf/server.key"
    assert cert.certificate_chain_file.value == "conf/chain.pem"
    assert (
        cert.key_password.value == Secret("pem-pw") and cert.key_password.attribute == "SSLPassword"
    )
    assert cert.keystore_file.value is None
    assert host.protocols_raw.value == "TLSv1+TLSv1.2"
    assert host.ciphers_raw.value == "HIGH:!aNULL"
    assert host.certificate_verification.attribute == "SSLVerifyClient"
    assert host.ca_certificate_file.value == "conf/ca.pem"


def test_sslprotocol_and_SSLProtocol_are_different_settings() -> None:
    tls, _ = read(connector({"sslProtocol": "TLSv1.2", "SSLProtocol": "TLSv1.3"}), V9)
    host = tls.host_configs[0]
    assert host.ssl_protocol.value == "TLSv1.2"
    assert host.protocols_raw.value == "TLSv1.3"


def test_tomcat_10_1_ignores_legacy_attributes_and_says_so() -> None:
    conn = connector(
        {"keystoreFile": "conf/ks.p12", "keystorePass": "hunter2"},
        ({}, [{"certificateKeystoreFile": "conf/real.p12", "certificateKeystorePassword": "pw2"}]),
    )
    tls, findings = read(conn, V101)
    ignored = [f for f in findings if f.rule == "tls.legacy-ignored"]
    assert [f.message.split(" (")[0] for f in ignored] == [
        "Tomcat 10.1 ignores legacy attribute keystoreFile",
        "Tomcat 10.1 ignores legacy attribute keystorePass",
    ]
    assert all(
        f.status is Status.IGNORED and f.severity is Severity.INFO
        for f in ignored  # one axis
    )
    assert ignored[0].settings == (SettingKey(FILE, CONN, "keystoreFile"),)
    assert tls.default_host is not None
    assert tls.default_host.certificates[0].keystore_file.value == "conf/real.p12"


def test_tomcat_10_1_without_sslhostconfig_refuses_to_start() -> None:
    tls, findings = read(connector({"keystoreFile": "ks.p12"}), V101)
    assert tls.default_host is None
    assert "tls.default-host-missing" in rules(findings)
    assert findings.has_errors()


def test_tomcat_7_ignores_sslhostconfig_and_uses_defaults() -> None:
    conn = connector({}, ({"protocols": "TLSv1.2"}, [{"certificateKeystoreFile": "x.p12"}]))
    tls, findings = read(conn, V7)
    (f,) = [f for f in findings if f.rule == "tls.sslhostconfig-ignored"]
    assert f.status is Status.IGNORED
    assert (
        SettingKey(FILE, f"{CONN}/SSLHostConfig/Certificate[1]", "certificateKeystoreFile")
        in f.settings
    )
    cert = tls.host_configs[0].certificates[0]
    assert cert.keystore_file.value == "${user.home}/.keystore"


def test_legacy_plus_explicit_default_sslhostconfig_is_an_error_on_8_5() -> None:
    conn = connector({"keystoreFile": "ks.jks"}, ({}, [{"certificateKeystoreFile": "other.p12"}]))
    tls, findings = read(conn, V85)
    (f,) = [f for f in findings if f.rule == "tls.duplicate-host"]
    assert f.status is Status.ERROR and '"_default_"' in f.message
    assert [h.legacy for h in tls.host_configs] == [True]


def test_sni_host_configs_and_default_name() -> None:
    conn = connector(
        {"defaultSSLHostConfigName": "WWW.example.com"},
        ({"hostName": "www.example.com"}, [{"certificateKeystoreFile": "www.p12"}]),
        ({"hostName": "*.api.example.com", "truststoreFile": "trust.jks",
          "truststorePassword": "tp", "certificateVerification": "required"},
         [{"certificateKeystoreFile": "api.p12"}]),
    )  # fmt: skip
    tls, findings = read(conn, V9)
    assert len(findings) == 0
    assert tls.uses_sni
    assert tls.default_host_name == "www.example.com"
    assert [h.host_name for h in tls.host_configs] == ["www.example.com", "*.api.example.com"]
    api = tls.host_configs[1]
    assert api.truststore is not None
    assert api.truststore.file.value == "trust.jks" and api.truststore.type.value == "JKS"
    assert api.truststore.password.value == Secret("tp")


def test_default_host_name_must_match_a_host_config() -> None:
    conn = connector({}, ({"hostName": "example.com"}, [{"certificateKeystoreFile": "a.p12"}]))
    _, findings = read(conn, V9)
    (f,) = list(findings)
    assert f.rule == "tls.default-host-missing" and f.status is Status.ERROR
    assert "refuses to start" in f.message


def test_duplicate_host_names_are_an_error() -> None:
    conn = connector(
        {},
        ({}, [{"certificateKeystoreFile": "a.p12"}]),
        ({"hostName": "_DEFAULT_"}, [{"certificateKeystoreFile": "b.p12"}]),
    )
    tls, findings = read(conn, V9)
    assert rules(findings) == ["tls.duplicate-host"]
    assert tls.host_configs[0].certificates[0].keystore_file.value == "a.p12"


def test_default_name_set_after_a_legacy_attribute_does_not_rename_the_legacy_config() -> None:
    conn = connector({"keystoreFile": "ks.jks", "defaultSSLHostConfigName": "a.example"})
    tls, findings = read(conn, V9)
    assert tls.host_configs[0].host_name == "_default_"
    assert "tls.default-host-missing" in rules(findings)


def test_several_certificates_need_a_type() -> None:
    conn = connector({}, ({}, [{"certificateKeystoreFile": "rsa.p12", "type": "RSA"},
                              {"certificateKeystoreFile": "ec.p12"}]))  # fmt: skip
    tls, findings = read(conn, V9)
    assert rules(findings) == ["tls.certificate-type"]
    assert len(tls.host_configs[0].certificates) == 1


def test_rsa_and_ec_certificates_are_both_kept() -> None:
    conn = connector({}, ({}, [{"certificateKeystoreFile": "rsa.p12", "type": "RSA"},
                              {"certificateKeystoreFile": "ec.p12", "type": "EC"}]))  # fmt: skip
    tls, findings = read(conn, V9)
    assert len(findings) == 0
    assert [c.type.value for c in tls.host_configs[0].certificates] == ["RSA", "EC"]


def test_a_later_synonym_overrides_and_the_earlier_is_reported() -> None:
    tls, findings = read(connector({"clientAuth": "true", "SSLVerifyClient": "none"}), V9)
    (f,) = list(findings)
    assert f.rule == "tls.overridden" and f.settings == (SettingKey(FILE, CONN, "clientAuth"),)
    assert tls.host_configs[0].certificate_verification.value == "none"


def test_unresolved_placeholder_password_is_marked() -> None:
    el = element("Connector", CONN, 10, {"port": "8443", "SSLEnabled": "true"})
    attr = Attr("keystorePass", "${ks.pass}", "${ks.pass}", ("ks.pass",), 11)
    conn = Connector(Element(el.tag, el.location, (*el.attrs, attr)))
    tls, _ = read(conn, V9)
    pw = tls.host_configs[0].certificates[0].keystore_password
    assert pw.is_placeholder and pw.known is None


def test_no_finding_ever_contains_a_password_value() -> None:
    secrets = {"hunter2", "s3cret", "tp", "pw2"}
    attrs = {**LEGACY_PKCS12, "keyPass": "hunter2", "truststorePass": "tp",
             "defaultSSLHostConfigName": "nope"}  # fmt: skip
    conn = connector(attrs, ({}, [{"certificateKeystorePassword": "pw2"}]))
    for version in (V7, V85, V101):
        findings = Findings()
        read_tls(conn, version, findings)
        assert len(findings) > 0
        for f in findings:
            text = " ".join(filter(None, (f.message, f.hint, f.target)))
            assert not any(s in text.split() or f'"{s}"' in text for s in secrets), text
    assert {"keystorePass", "keyPass", "certificateKeystorePassword"} <= PASSWORD_ATTRS


def test_every_consumed_attribute_is_accounted_or_in_the_model() -> None:
    conn = connector(
        {**LEGACY_PKCS12, "sessionTimeout": "60", "defaultSSLHostConfigName": "_default_"},
        (
            {"hostName": "b.example", "honorCipherOrder": "true"},
            [{"certificateKeystoreFile": "b.p12"}],
        ),
    )
    for version in (V7, V9, V101):
        findings = Findings()
        tls = read_tls(conn, version, findings)
        assert tls is not None
        covered = set(tls.settings()) | findings.accounted()
        everything = {k for e in conn.element.walk() for k in e.all_keys()}
        missing = everything - covered - {SettingKey(FILE, CONN, "port")}
        assert missing == set(), (version, missing)
