"""Which Tomcat release SRC is, and what follows from it."""

from __future__ import annotations

from igmigrate.rules.example import Example
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import IGN, MAN, M

declare(
    "tomcat.version",
    about="lib/catalina.jar, RELEASE-NOTES",
    reads=(Reads("TODO"),),
    status=M,
    hint="the rules applied depend on the Tomcat version",
    examples=(Example(M, message_contains="9.0.85 (from RELEASE-NOTES)"),),
)
declare(
    "tomcat.version-assumed",
    about="no version found",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="pass --tomcat-version",
    examples=(Example(MAN, tomcat_version=None),),
)
declare(
    "tomcat.version-override",
    about="--tomcat-version differs from the detected one",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="the option wins",
    examples=(Example(MAN, version_option="9.0.50"),),
)
declare(
    "tomcat.server-info-override",
    about="a hardened ServerInfo.properties",
    reads=(Reads("TODO"),),
    status=M,
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
    about="an unreadable version source",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="pass --tomcat-version",
    examples=(Example(MAN, files={"lib/catalina.jar": "not a jar\n"}),),
)
