"""HTTPS: SSLHostConfig, Certificate and legacy TLS attributes → ServerTlsOptions."""

from __future__ import annotations

from igmigrate.rules.example import (
    A_P12,
    HOST_TRUST_ATTRS,
    HTTPS,
    KS,
    KS_ATTRS,
    KS_FIRST,
    KS_UNKNOWN_PW,
    PEM,
    PEM_CERT,
    SNI,
    SNI_OPTIONS,
    TRUST,
    TRUST_ATTRS,
    Example,
    Store,
    cert,
    host_config,
    https,
)
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import IGN, MAN, E, M, P

declare(
    "tls.connector",
    about='<Connector SSLEnabled="true">',
    reads=(Reads("TODO"),),
    status=M,
    target="connectors[].tls → ServerTlsOptions",
    hint="one ServerTlsOptions per HTTPS connector in the admin.json heap",
    examples=(Example(M, HTTPS, stores=(KS,)),),
)
declare(
    "tls.keystore",
    about="keystoreFile / certificateKeystoreFile, type, alias",
    reads=(Reads("TODO"),),
    status=M,
    target=(
        ("7.2", "KeyStoreSecretStore storePassword, keyEntryPassword (file copied to secrets/)"),
        (
            "2023.11",
            "KeyStoreSecretStore storePasswordSecretId, entryPasswordSecretId"
            " (file copied to secrets/)",
        ),
    ),
    hint="the real store type and the lower-case alias are used",
    examples=(Example(M, HTTPS, stores=(KS,), message_contains="alias tomcat"),),
)
declare(
    "tls.pem-form",
    about="certificateFile + certificateKeyFile (+ chain)",
    reads=(Reads("TODO"),),
    status=M,
    target="FileSystemSecretStore + PemPropertyFormat",
    hint="key and certificates are joined into one PEM secret file under secrets/",
    examples=(Example(M, https("", host_config("", PEM_CERT)), stores=(PEM,)),),
)
declare(
    "tls.password",
    about="keystorePass, keyPass, truststorePass, certificate*Password",
    reads=(Reads("TODO"),),
    status=M,
    target="a secret id (secrets/<id> or env)",
    hint="the value lives only in OUT/secrets",
    examples=(Example(M, HTTPS, stores=(KS,), message_contains="keystorePass"),),
)
declare(
    "tls.password-missing",
    about="a password that is an unresolved ${placeholder}",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="never written as a literal: supply the secret",
    examples=(Example(MAN, KS_UNKNOWN_PW, stores=(KS,)),),
)
declare(
    "tls.default-password",
    about="a well-known default password (changeit)",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="change it when you move the keystore",
    examples=(
        Example(
            MAN,
            https(' keystoreFile="conf/ks.p12"'),  # no keystorePass: changeit
            stores=(Store("conf/ks.p12", password="changeit"),),
        ),
    ),
)
declare(
    "tls.alias-unknown",
    about="a key alias that could not be determined",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="written as a configuration token: set it",
    examples=(Example(MAN, KS_UNKNOWN_PW, stores=(KS,)),),
)
declare(
    "tls.extra-certificate",
    about="a second <Certificate> (RSA + EC)",
    reads=(Reads("TODO"),),
    status=P,
    hint="IG serves one key per host name",
    examples=(
        Example(
            P,
            https(
                "", host_config("", cert("conf/rsa.p12", ' type="RSA"') + cert(extra=' type="EC"'))
            ),
            stores=(Store("conf/rsa.p12", algorithm="RSA"), KS),
        ),
    ),
)
declare(
    "tls.protocols",
    about="sslEnabledProtocols / protocols / SSLProtocol / sslProtocol",
    reads=(Reads("TODO"),),
    status=M,
    target="ServerTlsOptions sslEnabledProtocols / sslContextAlgorithm",
    hint="Tomcat's all and +/- syntax expanded to explicit names",
    examples=(Example(M, https(KS_ATTRS + ' sslEnabledProtocols="TLSv1.2"'), stores=(KS,)),),
)
declare(
    "tls.ciphers",
    about="ciphers / SSLCipherSuite",
    reads=(Reads("TODO"),),
    status=M,
    target="ServerTlsOptions sslCipherSuites",
    hint="JSSE names are carried; OpenSSL cipher strings cannot be expanded faithfully",
    examples=(
        Example(M, https(KS_ATTRS + ' ciphers="TLS_AES_128_GCM_SHA256"'), stores=(KS,)),
        Example(P, https(KS_ATTRS + ' ciphers="HIGH:!aNULL"'), stores=(KS,)),
    ),
)
declare(
    "tls.client-auth",
    about="clientAuth / certificateVerification / SSLVerifyClient",
    reads=(Reads("TODO"),),
    status=M,
    target="ServerTlsOptions clientAuth",
    hint="true→REQUIRED, want→REQUEST, false→NONE",
    examples=(
        Example(M, https(KS_ATTRS + TRUST_ATTRS + ' clientAuth="want"'), stores=(KS, TRUST)),
        Example(
            P,
            https("", host_config(' certificateVerification="optionalNoCA"' + HOST_TRUST_ATTRS)),
            stores=(KS, TRUST),
        ),
    ),
)
declare(
    "tls.truststore",
    about="truststoreFile / truststoreType / truststorePass",
    reads=(Reads("TODO"),),
    status=M,
    target="SecretsTrustManager over a KeyStoreSecretStore (TrustManager + KeyStore if unlisted)",
    hint="every trusted entry is mapped; checkRevocation false unless Tomcat had a CRL",
    examples=(
        Example(M, https(KS_ATTRS + TRUST_ATTRS + ' clientAuth="true"'), stores=(KS, TRUST)),
    ),
)
declare(
    "tls.jvm-truststore",
    about="client authentication with no truststore (the JVM's cacerts)",
    reads=(Reads("TODO"),),
    status=MAN,
    target="TrustManager over a KeyStore on IG's JVM cacerts",
    hint="check that IG's JVM trusts the CAs Tomcat's JVM trusted",
    examples=(Example(MAN, https(KS_ATTRS + ' clientAuth="true"'), stores=(KS,)),),
)
declare(
    "tls.ca-file-trust",
    about="client authentication trusting caCertificateFile / SSLCACertificateFile only",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="IG needs a trustManager: put the CA certificates in a truststore",
    examples=(
        Example(
            MAN,
            https(KS_ATTRS + ' clientAuth="true" SSLCACertificateFile="conf/ca.pem"'),
            stores=(KS,),
        ),
    ),
)
declare(
    "tls.revocation",
    about="crlFile / certificateRevocationListFile / SSLCARevocation* (a CRL)",
    reads=(Reads("TODO"),),
    status=P,
    target="SecretsTrustManager checkRevocation (default true)",
    hint="IG reads no CRL file: it checks OCSP or the certificates' CRL distribution points",
    examples=(
        Example(
            P,
            https(KS_ATTRS + TRUST_ATTRS + ' clientAuth="true" crlFile="conf/ca.crl"'),
            stores=(KS, TRUST),
        ),
    ),
)
declare(
    "tls.sni",
    about="several <SSLHostConfig hostName>",
    reads=(Reads("TODO"),),
    status=M,
    target="ServerTlsOptions sni.serverNames",
    hint="defaultSSLHostConfigName becomes sni.defaultSecretId",
    examples=(Example(M, SNI, stores=(KS, A_P12), message_contains="a.example.com"),),
)
declare(
    "tls.sni-options",
    about="per-host protocols/ciphers/truststore with SNI",
    reads=(Reads("TODO"),),
    status=P,
    hint="IG applies one set of options per connector: the default host's",
    examples=(Example(P, SNI_OPTIONS, stores=(KS, A_P12)),),
)
declare(
    "tls.attribute",
    about="other TLS settings (honorCipherOrder, CRL, OpenSSLConf…)",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="no ServerTlsOptions equivalent",
    examples=(
        Example(MAN, https(KS_ATTRS + ' useServerCipherSuitesOrder="true"'), stores=(KS,)),
        Example(MAN, https("", host_config(' honorCipherOrder="true"')), stores=(KS,)),
    ),
)
declare(
    "tls.no-certificate",
    about="an HTTPS connector without a certificate",
    reads=(Reads("TODO"),),
    status=E,
    hint="Tomcat cannot start it either",
    examples=(),
)
declare(
    "tls.legacy-ignored",
    about="legacy TLS attributes on Tomcat 10.1+",
    reads=(Reads("TODO"),),
    status=IGN,
    hint="Tomcat 10.1 removed them: they had no effect",
    examples=(
        Example(
            IGN,
            https(' keystoreFile="conf/ks.p12"', host_config()),
            stores=(KS,),
            tomcat_version="10.1.20",
        ),
    ),
)
declare(
    "tls.sslhostconfig-ignored",
    about="<SSLHostConfig> on Tomcat 7",
    reads=(Reads("TODO"),),
    status=IGN,
    hint="Tomcat 7 has no rule for it",
    examples=(Example(IGN, https("", host_config()), stores=(KS,), tomcat_version="7.0.109"),),
)
declare(
    "tls.duplicate-host",
    about="two host configs for one host name",
    reads=(Reads("TODO"),),
    status=E,
    hint="Tomcat rejects it",
    examples=(Example(E, https("", host_config() + host_config()), stores=(KS,)),),
)
declare(
    "tls.default-host-missing",
    about="defaultSSLHostConfigName names no SSLHostConfig",
    reads=(Reads("TODO"),),
    status=E,
    hint="Tomcat refuses to start the connector",
    examples=(
        Example(
            E,
            https(
                ' defaultSSLHostConfigName="b.example.com"',
                host_config(' hostName="a.example.com"'),
            ),
            stores=(KS,),
        ),
    ),
)
declare(
    "tls.overridden",
    about="a TLS attribute set twice",
    reads=(Reads("TODO"),),
    status=IGN,
    hint="Tomcat keeps the last value",
    examples=(
        Example(IGN, https(KS_ATTRS + ' clientAuth="want" SSLVerifyClient="none"'), stores=(KS,)),
    ),
)
declare(
    "tls.certificate-type",
    about="several <Certificate>s without distinct types",
    reads=(Reads("TODO"),),
    status=E,
    hint="Tomcat rejects it",
    examples=(Example(E, https("", host_config("", cert() + cert())), stores=(KS,)),),
)
declare(
    "tls.certificate-source",
    about="keystore and PEM both set",
    reads=(Reads("TODO"),),
    status=IGN,
    hint="Tomcat uses the one set last",
    examples=(
        Example(
            IGN,
            https("", host_config("", PEM_CERT.replace("<Certificate", KS_FIRST))),
            stores=(KS, PEM),
            message_contains="certificateFile, set last",
        ),
    ),
)
