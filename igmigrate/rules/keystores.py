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

declare(
    "tls.keystore.unresolved",
    about="a keystore path not known here",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="copy it by hand",
    examples=(Example(MAN, https(f' keystorePass="{PASSWORD}"'), message_contains="${user.home}"),),
)
declare(
    "tls.keystore.missing",
    about="a keystore, truststore or PEM file not in SRC",
    reads=(Reads("TODO"),),
    status=MAN,
    target="secrets/ (where the file must be placed)",
    hint="place the file where admin.json points",
    examples=(Example(MAN, HTTPS),),
)
declare(
    "tls.keystore.unreadable",
    about="a keystore that cannot be read",
    reads=(Reads("TODO"),),
    status=E,
    hint="check the file",
    examples=(Example(E, HTTPS, stores=(Store("conf/ks.p12", "CORRUPT"),)),),
)
declare(
    "tls.keystore.password",
    about="a wrong keystore password",
    reads=(Reads("TODO"),),
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
    about="a keystore whose password is not known here",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="check it with keytool -list",
    examples=(Example(MAN, KS_UNKNOWN_PW, stores=(KS,)),),
)
declare(
    "tls.keystore.type",
    about="a keystore whose real type differs from keystoreType",
    reads=(Reads("TODO"),),
    status=M,
    hint="IG is given the real type",
    examples=(
        Example(M, https(f' keystoreFile="conf/ks.p12" keystorePass="{PASSWORD}"'), stores=(KS,)),
    ),
)
declare(
    "tls.keystore.alias",
    about="a key alias missing from the keystore",
    reads=(Reads("TODO"),),
    status=E,
    hint="Tomcat cannot start TLS",
    examples=(Example(E, https(KS_ATTRS + ' keyAlias="other"'), stores=(KS,)),),
)
declare(
    "tls.keystore.first-key",
    about="no key alias: Tomcat takes the first key",
    reads=(Reads("TODO"),),
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
    about="a keystore without a private key",
    reads=(Reads("TODO"),),
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
    about="a wrong key password",
    reads=(Reads("TODO"),),
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
    about="an expired certificate",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="renew it",
    examples=(Example(MAN, HTTPS, stores=(Store("conf/ks.p12", days=-1),)),),
)
declare(
    "tls.certificate.expiring",
    about="a certificate expiring within 30 days",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="renew it soon",
    examples=(Example(MAN, HTTPS, stores=(Store("conf/ks.p12", days=10),)),),
)
declare(
    "tls.pem",
    about="an unreadable or mismatched PEM key/certificate",
    reads=(Reads("TODO"),),
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
    about="a truststore with no trusted certificate",
    reads=(Reads("TODO"),),
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
