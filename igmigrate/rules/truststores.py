"""Truststores a connector trusts client certificates with, opened as Tomcat would."""

from __future__ import annotations

from igmigrate.rules.example import KS, KS_ATTRS, PASSWORD, TRUST, Example, Store, https
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import MAN, E

TRUSTSTORE = ("truststoreFile", "truststorePass", "truststorePassword", "truststoreType")
READS = (
    Reads("Connector", TRUSTSTORE),
    Reads("SSLHostConfig", TRUSTSTORE),
    Reads("conf/catalina.properties", ("javax.net.ssl.trustStore*",)),
)
CLIENT_AUTH = KS_ATTRS + ' clientAuth="true"'

declare(
    "tls.truststore.unresolved",
    about="a truststore path not known here",
    reads=READS,
    status=MAN,
    target="secrets/ (where the file must be placed)",
    hint="copy the truststore into the output's secrets/ by hand",
    examples=(
        Example(
            MAN,
            https(CLIENT_AUTH + ' truststoreFile="https://ca.example.com/trust.jks"'),
            stores=(KS,),
        ),
    ),
)
declare(
    "tls.truststore.missing",
    about="a truststore file not in SRC",
    reads=READS,
    status=MAN,
    target="secrets/ (where the file must be placed)",
    hint="place the file where admin.json points",
    examples=(
        Example(
            MAN,
            https(CLIENT_AUTH + f' truststoreFile="conf/none.jks" truststorePass="{PASSWORD}"'),
            stores=(KS,),
        ),
    ),
)
declare(
    "tls.truststore.unreadable",
    about="a truststore that cannot be read",
    reads=READS,
    status=E,
    hint="check the file: Tomcat cannot open it",
    examples=(
        Example(
            E,
            https(CLIENT_AUTH + f' truststoreFile="conf/bad.jks" truststorePass="{PASSWORD}"'),
            stores=(KS, Store("conf/bad.jks", "CORRUPT")),
        ),
    ),
)
declare(
    "tls.truststore.password",
    about="a wrong truststore password",
    reads=READS,
    status=E,
    hint="Tomcat cannot open the truststore",
    examples=(
        Example(
            E,
            https(CLIENT_AUTH + ' truststoreFile="conf/trust.jks" truststorePass="wrong"'),
            stores=(KS, TRUST),
        ),
    ),
)
declare(
    "tls.truststore.unverified",
    about="a truststore whose password is not known here",
    reads=READS,
    status=MAN,
    hint="check its certificates with keytool -list",
    examples=(
        Example(
            MAN,
            https(CLIENT_AUTH + ' truststoreFile="conf/trust.jks" truststorePass="${ts.pass}"'),
            stores=(KS, TRUST),
        ),
    ),
)
