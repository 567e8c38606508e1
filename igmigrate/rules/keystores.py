"""Keystores, truststores and PEM files, opened as Tomcat would (mapping.md §HTTPS)."""

from __future__ import annotations

from igmigrate.rules.example import (
    HTTPS,
    KS,
    KS_ATTRS,
    KS_UNKNOWN_PW,
    PASSWORD,
    PEM_CERT,
    TRUST,
    Example,
    Store,
    host_config,
    https,
)
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import MAN, E, M
from igmigrate.rules.tls_names import CERT, HOST, PEM_FILES, SYSTEM, C, merged

# The attributes naming the files opened here (a finding is about the file one of them names).
KEYSTORE_FILES = (
    Reads(C, ("keystoreFile", "truststoreFile")),
    Reads(HOST, ("certificateKeystoreFile", "truststoreFile")),
    Reads(CERT, ("certificateKeystoreFile",)),
    Reads(SYSTEM, ("javax.net.ssl.trustStore",)),
)
PEM_READS = (
    Reads(C, ("SSLCertificateFile", "SSLCertificateKeyFile", "SSLCertificateChainFile")),
    Reads(HOST, PEM_FILES),
    Reads(CERT, PEM_FILES),
)
STORE_FILES = merged(KEYSTORE_FILES, PEM_READS)
STORE_TYPES = (
    Reads(C, ("keystoreType", "truststoreType")),
    Reads(HOST, ("certificateKeystoreType", "truststoreType")),
    Reads(CERT, ("certificateKeystoreType",)),
)
STORE_PASSWORDS = (
    Reads(C, ("keystorePass", "truststorePass")),
    Reads(HOST, ("certificateKeystorePassword", "truststorePassword")),
    Reads(CERT, ("certificateKeystorePassword",)),
    Reads(SYSTEM, ("javax.net.ssl.trustStorePassword",)),
)
ALIASES = (
    Reads(C, ("keystoreFile", "keyAlias")),
    Reads(HOST, ("certificateKeystoreFile", "certificateKeyAlias")),
    Reads(CERT, ("certificateKeystoreFile", "certificateKeyAlias")),
)
TRUSTSTORE_FILES = (
    Reads(C, ("truststoreFile",)),
    Reads(HOST, ("truststoreFile",)),
    Reads(SYSTEM, ("javax.net.ssl.trustStore",)),
)

declare(
    "tls.keystore.unresolved",
    about="a keystore, truststore or PEM path not known here (${user.home}, a URL)",
    reads=STORE_FILES,
    status=MAN,
    hint="copy it by hand",
    examples=(Example(MAN, https(f' keystorePass="{PASSWORD}"'), message_contains="${user.home}"),),
)
declare(
    "tls.keystore.missing",
    about="a keystore, truststore or PEM file not in SRC",
    reads=STORE_FILES,
    status=MAN,
    target="secrets/ (where the file must be placed)",
    hint="place the file where admin.json points",
    examples=(Example(MAN, HTTPS),),
)
declare(
    "tls.keystore.unreadable",
    about="a keystore or truststore that cannot be read",
    reads=merged(KEYSTORE_FILES, STORE_TYPES),
    status=E,
    hint="check the file",
    examples=(Example(E, HTTPS, stores=(Store("conf/ks.p12", "CORRUPT"),)),),
)
declare(
    "tls.keystore.password",
    about="a keystore or truststore password that does not open it",
    reads=merged(KEYSTORE_FILES, STORE_PASSWORDS),
    status=E,
    hint="Tomcat cannot open it",
    examples=(
        Example(
            E,
            https(' keystoreFile="conf/ks.jks" keystorePass="wrong"'),
            stores=(Store("conf/ks.jks", "JKS"),),
        ),
    ),
)
declare(
    "tls.keystore.unverified",
    about="a keystore or truststore whose password is not known here",
    reads=merged(KEYSTORE_FILES, STORE_PASSWORDS),
    status=MAN,
    hint="check it with keytool -list",
    examples=(Example(MAN, KS_UNKNOWN_PW, stores=(KS,)),),
)
declare(
    "tls.keystore.type",
    about="a keystore whose real type differs from its keystoreType",
    reads=(
        Reads(C, ("keystoreFile", "keystoreType")),
        Reads(HOST, ("certificateKeystoreFile", "certificateKeystoreType")),
        Reads(CERT, ("certificateKeystoreFile", "certificateKeystoreType")),
    ),
    status=M,
    hint="IG is given the real type",
    examples=(
        Example(M, https(f' keystoreFile="conf/ks.p12" keystorePass="{PASSWORD}"'), stores=(KS,)),
    ),
)
declare(
    "tls.keystore.alias",
    about="a key alias that is not a key entry of the keystore",
    reads=ALIASES,
    status=E,
    hint="Tomcat cannot start TLS",
    examples=(Example(E, https(KS_ATTRS + ' keyAlias="other"'), stores=(KS,)),),
)
declare(
    "tls.keystore.first-key",
    about="no key alias: Tomcat takes the first key entry",
    reads=ALIASES,
    status=M,
    hint="the alias chosen is named",
    examples=(
        Example(M, https(KS_ATTRS), stores=(KS,)),
        Example(
            MAN,
            https(f' keystoreFile="conf/two.jks" keystorePass="{PASSWORD}"'),
            stores=(Store("conf/two.jks", "JKS", aliases=("first", "second")),),
        ),
    ),
)
declare(
    "tls.keystore.no-key",
    about="a keystore without a private key entry",
    reads=ALIASES,
    status=E,
    hint="TLS cannot start",
    examples=(
        Example(
            E, https(f' keystoreFile="conf/trust.jks" keystorePass="{PASSWORD}"'), stores=(TRUST,)
        ),
    ),
)
declare(
    "tls.keystore.key-password",
    about="a key password that does not decrypt the key",
    reads=(
        Reads(C, ("keyPass", "SSLPassword", "SSLCertificateKeyFile")),
        Reads(HOST, ("certificateKeyPassword", "certificateKeyFile")),
        Reads(CERT, ("certificateKeyPassword", "certificateKeyFile")),
    ),
    status=E,
    hint="TLS cannot start",
    examples=(
        Example(
            E,
            https(f' keystoreFile="conf/ks.jks" keystorePass="{PASSWORD}" keyPass="wrong"'),
            stores=(Store("conf/ks.jks", "JKS", key_password="k3y-pw"),),
        ),
        Example(
            E,
            https("", host_config("", PEM_CERT)),  # encrypted key, no certificateKeyPassword
            stores=(Store("conf/cert.pem", "PEM", key_path="conf/key.pem"),),
            message_contains="no password is set",
        ),
    ),
)
declare(
    "tls.certificate.expired",
    about="an expired certificate in a keystore, truststore or PEM file",
    reads=STORE_FILES,
    status=MAN,
    hint="renew it",
    examples=(Example(MAN, HTTPS, stores=(Store("conf/ks.p12", days=-1),)),),
)
declare(
    "tls.certificate.expiring",
    about="a certificate expiring within 30 days",
    reads=STORE_FILES,
    status=MAN,
    hint="renew it soon",
    examples=(Example(MAN, HTTPS, stores=(Store("conf/ks.p12", days=10),)),),
)
declare(
    "tls.pem",
    about="PEM certificate and key files that cannot be read or do not match",
    reads=PEM_READS,
    status=E,
    hint="check the files",
    examples=(
        Example(
            E,
            https("", host_config("", PEM_CERT)),
            files={"conf/cert.pem": "not a certificate\n", "conf/key.pem": "not a key\n"},
            message_contains="holds no PEM certificate",
        ),
    ),
)
declare(
    "tls.truststore.empty",
    about="a truststore with no trusted certificate entry",
    reads=TRUSTSTORE_FILES,
    status=MAN,
    hint="no client can authenticate",
    examples=(
        Example(
            MAN,
            https(
                KS_ATTRS + ' clientAuth="true" truststoreFile="conf/ks.p12"'
                f' truststoreType="PKCS12" truststorePass="{PASSWORD}"'
            ),  # the keystore as truststore: a key, no trusted certificate
            stores=(KS,),
        ),
    ),
)
