"""Tomcat's TLS attribute names, shared by the declarations of rules/tls*.py and keystores.py."""

from __future__ import annotations

from igmigrate.rules.registry import Reads

C, HOST, CERT = "Connector", "SSLHostConfig", "Certificate"
SYSTEM = "system property"  # -D in JAVA_OPTS/CATALINA_OPTS, catalina.properties or --property
# The TLS attributes of a <Connector> before Tomcat 10 (its default SSLHostConfig/Certificate).
LEGACY_CERTIFICATE = (
    "keystoreFile",
    "keystorePass",
    "keystoreType",
    "keystoreProvider",
    "keyAlias",
    "keyPass",
    "SSLPassword",
    "SSLCertificateFile",
    "SSLCertificateKeyFile",
    "SSLCertificateChainFile",
)
LEGACY_HOST = (
    "clientAuth",
    "SSLVerifyClient",
    "sslEnabledProtocols",
    "SSLProtocol",
    "sslProtocol",
    "ciphers",
    "SSLCipherSuite",
    "truststoreFile",
    "truststorePass",
    "truststoreType",
    "truststoreProvider",
    "crlFile",
    "SSLCACertificateFile",
)
LEGACY_OTHER = (  # read by Tomcat, no ServerTlsOptions counterpart
    "algorithm",
    "truststoreAlgorithm",
    "trustManagerClassName",
    "trustMaxCertLength",
    "sessionCacheSize",
    "sessionTimeout",
    "useServerCipherSuitesOrder",
    "allowUnsafeLegacyRenegotiation",
    "SSLVerifyDepth",
    "SSLCACertificatePath",
    "SSLCARevocationFile",
    "SSLCARevocationPath",
    "SSLHonorCipherOrder",
    "SSLDisableCompression",
    "SSLDisableSessionTickets",
    "SSLInsecureRenegotiation",
)
# <Certificate> attributes (before Tomcat 10 also shortcuts on <SSLHostConfig>).
CERTIFICATE = (
    "certificateKeystoreFile",
    "certificateKeystorePassword",
    "certificateKeystoreType",
    "certificateKeystoreProvider",
    "certificateKeyAlias",
    "certificateKeyPassword",
    "certificateFile",
    "certificateKeyFile",
    "certificateChainFile",
)
KEYSTORE = ("certificateKeystoreFile", "certificateKeystoreType", "certificateKeystoreProvider")
PEM_FILES = ("certificateFile", "certificateKeyFile", "certificateChainFile")
PASSWORDS = (
    Reads(C, ("keystorePass", "keyPass", "SSLPassword", "truststorePass")),
    Reads(HOST, ("truststorePassword", "certificateKeystorePassword", "certificateKeyPassword")),
    Reads(CERT, ("certificateKeystorePassword", "certificateKeyPassword")),
    Reads(SYSTEM, ("javax.net.ssl.trustStorePassword",)),
)
VERIFICATION = (
    Reads(C, ("clientAuth", "SSLVerifyClient")),
    Reads(HOST, ("certificateVerification",)),
)


def merged(*groups: tuple[Reads, ...]) -> tuple[Reads, ...]:
    """The Reads of several groups, one per place (its names in order, each once)."""
    out: dict[str, list[str]] = {}
    for r in (r for g in groups for r in g):
        names = out.setdefault(r.where, [])
        names += [n for n in r.names if n not in names]
    return tuple(Reads(where, tuple(names)) for where, names in out.items())
