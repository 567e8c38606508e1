"""How Tomcat builds a connector's TLS configuration: settings it ignores, overrides or rejects."""

from __future__ import annotations

from igmigrate.rules.example import (
    KS,
    KS_ATTRS,
    KS_FIRST,
    PEM,
    PEM_CERT,
    Example,
    cert,
    host_config,
    https,
)
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import IGN, E
from igmigrate.rules.tls_names import (
    CERT,
    CERTIFICATE,
    HOST,
    LEGACY_CERTIFICATE,
    LEGACY_HOST,
    LEGACY_OTHER,
    C,
)

declare(
    "tls.legacy-ignored",
    about="Connector TLS attributes (and SSLHostConfig certificate shortcuts) on Tomcat 10+",
    reads=(Reads(C, (*LEGACY_CERTIFICATE, *LEGACY_HOST, *LEGACY_OTHER)), Reads(HOST, CERTIFICATE)),
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
    about="<SSLHostConfig> and defaultSSLHostConfigName on Tomcat 7",
    reads=(Reads(HOST), Reads(C, ("defaultSSLHostConfigName",))),
    status=IGN,
    hint="Tomcat 7 has no rule for it",
    examples=(Example(IGN, https("", host_config()), stores=(KS,), tomcat_version="7.0.109"),),
)
declare(
    "tls.duplicate-host",
    about="two SSLHostConfigs for one hostName",
    reads=(Reads(HOST, ("hostName",)),),
    status=E,
    hint="Tomcat rejects it",
    examples=(Example(E, https("", host_config() + host_config()), stores=(KS,)),),
)
declare(
    "tls.default-host-missing",
    about="a defaultSSLHostConfigName no SSLHostConfig has",
    reads=(Reads(C, ("defaultSSLHostConfigName",)), Reads(HOST, ("hostName",))),
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
    about="one TLS setting given under two names (clientAuth, SSLVerifyClient)",
    reads=(
        Reads(
            C,
            (
                "keyPass",
                "SSLPassword",
                "clientAuth",
                "SSLVerifyClient",
                "sslEnabledProtocols",
                "SSLProtocol",
                "ciphers",
                "SSLCipherSuite",
            ),
        ),
    ),
    status=IGN,
    hint="Tomcat keeps the last value",
    examples=(
        Example(IGN, https(KS_ATTRS + ' clientAuth="want" SSLVerifyClient="none"'), stores=(KS,)),
    ),
)
declare(
    "tls.certificate-type",
    about="several Certificates of one SSLHostConfig without distinct types",
    reads=(Reads(CERT, ("type",)),),
    status=E,
    hint="Tomcat rejects it",
    examples=(Example(E, https("", host_config("", cert() + cert())), stores=(KS,)),),
)
declare(
    "tls.certificate-source",
    about="a certificate given both as a keystore and as PEM files",
    reads=(
        Reads(C, ("keystoreFile", "SSLCertificateFile")),
        Reads(HOST, ("certificateKeystoreFile", "certificateFile")),
        Reads(CERT, ("certificateKeystoreFile", "certificateFile")),
    ),
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
