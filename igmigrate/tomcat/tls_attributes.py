"""Tomcat's TLS attribute tables: which attribute feeds which field of the TLS model."""

from __future__ import annotations

from igmigrate.rules import tls_names
from igmigrate.secretvalue import Secret
from igmigrate.tomcat.tls_model import DEFAULT_KEYSTORE_PASSWORD

# Legacy <Connector> attributes (7.0/8.5/9.0) → CertificateConfig field of the default Certificate.
LEGACY_CERTIFICATE = {
    "keystoreFile": "keystore_file",
    "keystorePass": "keystore_password",
    "keystoreType": "keystore_type",
    "keystoreProvider": "keystore_provider",
    "keyAlias": "key_alias",
    "keyPass": "key_password",
    "SSLPassword": "key_password",
    "SSLCertificateFile": "certificate_file",
    "SSLCertificateKeyFile": "certificate_key_file",
    "SSLCertificateChainFile": "certificate_chain_file",
}
# Legacy <Connector> attributes → HostConfig field of the default SSLHostConfig.
LEGACY_HOST = {
    "clientAuth": "certificate_verification",
    "SSLVerifyClient": "certificate_verification",
    "sslEnabledProtocols": "protocols",
    "SSLProtocol": "protocols",  # APR protocol list, not the SSLContext algorithm
    "sslProtocol": "ssl_protocol",  # SSLContext algorithm: differs from SSLProtocol by case only
    "ciphers": "ciphers",
    "SSLCipherSuite": "ciphers",
    "truststoreFile": "truststore_file",
    "truststorePass": "truststore_password",
    "truststoreType": "truststore_type",
    "truststoreProvider": "truststore_provider",
    "crlFile": "revocation_list_file",
    "SSLCACertificateFile": "ca_certificate_file",
}
# Legacy TLS attributes Tomcat reads but the model keeps only as `others` (mapper reports them):
# the names the TLS rules declare they read (one list, rules/tls_names.py).
LEGACY_OTHER = tls_names.LEGACY_OTHER
LEGACY_ATTRS = (*LEGACY_CERTIFICATE, *LEGACY_HOST, *LEGACY_OTHER)

# <Certificate> attributes (also 8.5/9.0 shortcuts on <SSLHostConfig>) → CertificateConfig field.
CERTIFICATE_ATTRS = {
    "certificateKeystoreFile": "keystore_file",
    "certificateKeystorePassword": "keystore_password",
    "certificateKeystoreType": "keystore_type",
    "certificateKeystoreProvider": "keystore_provider",
    "certificateKeyAlias": "key_alias",
    "certificateKeyPassword": "key_password",
    "certificateFile": "certificate_file",
    "certificateKeyFile": "certificate_key_file",
    "certificateChainFile": "certificate_chain_file",
}
# <SSLHostConfig> attributes → HostConfig field (anything else but hostName lands in `others`).
HOST_ATTRS = {
    "protocols": "protocols",
    "ciphers": "ciphers",
    "certificateVerification": "certificate_verification",
    "truststoreFile": "truststore_file",
    "truststorePassword": "truststore_password",
    "truststoreType": "truststore_type",
    "truststoreProvider": "truststore_provider",
    "sslProtocol": "ssl_protocol",
    "caCertificateFile": "ca_certificate_file",
    "certificateRevocationListFile": "revocation_list_file",
}
PASSWORD_ATTRS = frozenset(
    {
        "keystorePass",
        "keyPass",
        "SSLPassword",
        "truststorePass",
        "truststorePassword",
        "certificateKeystorePassword",
        "certificateKeyPassword",
    }
)
DEFAULT_PASSWORD = Secret(DEFAULT_KEYSTORE_PASSWORD, "Tomcat's default keystore password")
CIPHERS_8_5 = "HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!kRSA"
CIPHERS_9_0 = "HIGH:!aNULL:!eNULL:!DES:!RC4:!MD5:!kRSA"
