"""Which Tomcat release SRC is, and what follows from it."""

from __future__ import annotations

from igmigrate.rules.example import Example
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import IGN, MAN, M

# Looked for in CATALINA_BASE, then CATALINA_HOME; the keys are those of ServerInfo.properties
# (inside catalina.jar, or a copy in lib/ that overrides it).
JAR = "lib/catalina.jar"
SERVER_INFO = "lib/org/apache/catalina/util/ServerInfo.properties"
INFO_KEYS = ("server.info", "server.number")

declare(
    "tomcat.version",
    about="the Tomcat release: ServerInfo in lib/catalina.jar, else RELEASE-NOTES",
    reads=(
        Reads(JAR, INFO_KEYS),
        Reads(SERVER_INFO, INFO_KEYS),
        Reads("RELEASE-NOTES"),
        Reads("--tomcat-version"),
    ),
    status=M,
    hint="the rules applied depend on the Tomcat version",
    examples=(Example(M, message_contains="9.0.85 (from RELEASE-NOTES)"),),
)
declare(
    "tomcat.version-assumed",
    about="neither lib/catalina.jar nor RELEASE-NOTES tells the release",
    reads=(Reads(JAR), Reads(SERVER_INFO), Reads("RELEASE-NOTES")),
    status=MAN,
    hint="pass --tomcat-version",
    examples=(Example(MAN, tomcat_version=None),),
)
declare(
    "tomcat.version-override",
    about="--tomcat-version differs from the release found",
    reads=(Reads("--tomcat-version"), Reads(JAR), Reads("RELEASE-NOTES")),
    status=MAN,
    hint="the option wins",
    examples=(Example(MAN, version_option="9.0.50"),),
)
declare(
    "tomcat.server-info-override",
    about="a ServerInfo.properties in lib/ that masks the release (hardening)",
    reads=(Reads(SERVER_INFO, INFO_KEYS), Reads("RELEASE-NOTES")),
    status=IGN,
    hint="cross-checked with RELEASE-NOTES",
    examples=(
        Example(
            IGN,
            files={
                "lib/org/apache/catalina/util/ServerInfo.properties": "server.info=Apache Tomcat\n"
                "server.number=0.0.0.0\n"
            },
        ),
    ),
)
declare(
    "tomcat.version-unreadable",
    about="a lib/catalina.jar that cannot be opened",
    reads=(Reads(JAR),),
    status=MAN,
    hint="pass --tomcat-version",
    examples=(Example(MAN, files={"lib/catalina.jar": "not a jar\n"}),),
)
