"""HTTPS: SSLHostConfig, Certificate and legacy TLS attributes → ServerTlsOptions."""

from __future__ import annotations

from igmigrate.rules.example import (
    A_P12,
    HOST_TRUST_ATTRS,
    HTTPS,
    KS,
    KS_ATTRS,
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
from igmigrate.rules.status import MAN, M, P
from igmigrate.rules.tls_names import (
    CERT,
    HOST,
    KEYSTORE,
    LEGACY_OTHER,
    PASSWORDS,
    PEM_FILES,
    SYSTEM,
    VERIFICATION,
    C,
)

declare(
    "tls.connector",
    about='an HTTPS Connector (SSLEnabled="true")',
    reads=(
        Reads(C, ("SSLEnabled", "sslImplementationName", "scheme", "secure")),
        Reads("UpgradeProtocol", ("className",)),
    ),
    status=M,
    target="connectors[].tls → ServerTlsOptions",
    hint="one ServerTlsOptions per HTTPS connector in the admin.json heap",
    examples=(Example(M, HTTPS, stores=(KS,)),),
)
declare(
    "tls.keystore",
    about="the keystore a certificate is loaded from: file, type, provider, alias",
    reads=(
        Reads(C, ("keystoreFile", "keystoreType", "keystoreProvider", "keyAlias")),
        Reads(HOST, (*KEYSTORE, "certificateKeyAlias")),
        Reads(CERT, (*KEYSTORE, "certificateKeyAlias", "type")),
    ),
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
    about="a certificate given as PEM files: certificate, key and chain",
    reads=(
        Reads(C, ("SSLCertificateFile", "SSLCertificateKeyFile", "SSLCertificateChainFile")),
        Reads(HOST, PEM_FILES),
        Reads(CERT, (*PEM_FILES, "type")),
    ),
    status=M,
    target="FileSystemSecretStore + PemPropertyFormat",
    hint="key and certificates are joined into one PEM secret file under secrets/",
    examples=(Example(M, https("", host_config("", PEM_CERT)), stores=(PEM,)),),
)
declare(
    "tls.password",
    about="keystore, key and truststore passwords",
    reads=PASSWORDS,
    status=M,
    target="a secret id (secrets/<id> or env)",
    hint="the value lives only in OUT/secrets",
    examples=(Example(M, HTTPS, stores=(KS,), message_contains="keystorePass"),),
)
declare(
    "tls.password-missing",
    about="a password given as a ${} placeholder no file resolves",
    reads=PASSWORDS,
    status=MAN,
    hint="never written as a literal: supply the secret",
    examples=(Example(MAN, KS_UNKNOWN_PW, stores=(KS,)),),
)
declare(
    "tls.default-password",
    about="Tomcat's default keystore password (changeit), set or implied",
    reads=PASSWORDS,
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
    about="a key alias that cannot be read here (the keystore was not opened)",
    reads=(
        Reads(C, ("keyAlias",)),
        Reads(HOST, ("certificateKeyAlias",)),
        Reads(CERT, ("certificateKeyAlias",)),
    ),
    status=MAN,
    hint="written as a configuration token: set it",
    examples=(Example(MAN, KS_UNKNOWN_PW, stores=(KS,)),),
)
declare(
    "tls.extra-certificate",
    about="a second <Certificate> of an SSLHostConfig (RSA + EC)",
    reads=(Reads(CERT),),
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
    about="the enabled TLS protocols and the SSLContext algorithm",
    reads=(
        Reads(C, ("sslEnabledProtocols", "SSLProtocol", "sslProtocol")),
        Reads(HOST, ("protocols", "sslProtocol")),
    ),
    status=M,
    target="ServerTlsOptions sslEnabledProtocols / sslContextAlgorithm",
    hint="Tomcat's all and +/- syntax expanded to explicit names",
    examples=(Example(M, https(KS_ATTRS + ' sslEnabledProtocols="TLSv1.2"'), stores=(KS,)),),
)
declare(
    "tls.ciphers",
    about="the enabled cipher suites",
    reads=(Reads(C, ("ciphers", "SSLCipherSuite")), Reads(HOST, ("ciphers",))),
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
    about="client certificate verification",
    reads=VERIFICATION,
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
    about="the truststore client certificates are verified against",
    reads=(
        Reads(C, ("truststoreFile", "truststoreType", "truststoreProvider")),
        Reads(HOST, ("truststoreFile", "truststoreType", "truststoreProvider")),
        Reads(SYSTEM, ("javax.net.ssl.trustStore", "javax.net.ssl.trustStoreType")),
    ),
    status=M,
    target="SecretsTrustManager over a KeyStoreSecretStore (TrustManager + KeyStore if unlisted)",
    hint="every trusted entry is mapped; checkRevocation false unless Tomcat had a CRL",
    examples=(
        Example(M, https(KS_ATTRS + TRUST_ATTRS + ' clientAuth="true"'), stores=(KS, TRUST)),
    ),
)
declare(
    "tls.jvm-truststore",
    about="client certificate verification with no truststore: the JVM's cacerts",
    reads=(
        Reads(C, ("clientAuth", "SSLVerifyClient", "truststoreFile", "SSLCACertificateFile")),
        Reads(HOST, ("certificateVerification", "truststoreFile", "caCertificateFile")),
        Reads(SYSTEM, ("javax.net.ssl.trustStore",)),
    ),
    status=MAN,
    target="TrustManager over a KeyStore on IG's JVM cacerts",
    hint="check that IG's JVM trusts the CAs Tomcat's JVM trusted",
    examples=(Example(MAN, https(KS_ATTRS + ' clientAuth="true"'), stores=(KS,)),),
)
declare(
    "tls.ca-file-trust",
    about="client certificate verification trusting a CA certificate file only",
    reads=(
        Reads(C, ("clientAuth", "SSLVerifyClient", "SSLCACertificateFile")),
        Reads(HOST, ("certificateVerification", "caCertificateFile")),
    ),
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
    about="a certificate revocation list (CRL) for client certificates",
    reads=(
        Reads(C, ("crlFile", "SSLCARevocationFile", "SSLCARevocationPath")),
        Reads(HOST, ("certificateRevocationListFile", "certificateRevocationListPath")),
    ),
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
    about="several SSLHostConfigs chosen by hostName (SNI)",
    reads=(Reads(HOST, ("hostName",)), Reads(C, ("defaultSSLHostConfigName",))),
    status=M,
    target="ServerTlsOptions sni.serverNames",
    hint="defaultSSLHostConfigName becomes sni.defaultSecretId",
    examples=(Example(M, SNI, stores=(KS, A_P12), message_contains="a.example.com"),),
)
declare(
    "tls.sni-options",
    about="protocols, ciphers, verification or truststore of a non-default SSLHostConfig",
    reads=(
        Reads(
            HOST,
            (
                "protocols",
                "ciphers",
                "certificateVerification",
                "sslProtocol",
                "truststoreFile",
                "truststorePassword",
                "truststoreType",
                "truststoreProvider",
            ),
        ),
    ),
    status=P,
    hint="IG applies one set of options per connector: the default host's",
    examples=(Example(P, SNI_OPTIONS, stores=(KS, A_P12)),),
)
declare(
    "tls.attribute",
    about="other TLS settings (honorCipherOrder, sessionTimeout, OpenSSLConf…)",
    reads=(
        Reads(C, (*LEGACY_OTHER, "SSLCACertificateFile", "crlFile")),
        Reads(HOST, ("*",)),
        Reads(CERT, ("*",)),
        Reads("OpenSSLConf"),
    ),
    status=MAN,
    hint="no ServerTlsOptions equivalent",
    examples=(
        Example(MAN, https(KS_ATTRS + ' useServerCipherSuitesOrder="true"'), stores=(KS,)),
        Example(MAN, https("", host_config(' honorCipherOrder="true"')), stores=(KS,)),
    ),
)
