"""bin/setenv.sh, read as the shell would run it (tomcat-inputs.md §4)."""

from __future__ import annotations

from igmigrate.rules.example import Example, setenv
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import IGN, MAN

declare(
    "setenv.not-evaluated",
    about="$(…), conditionals, sourcing, functions in setenv.sh",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="never executed: reported so a human checks what it did",
    examples=(
        Example(
            MAN, files=setenv('CATALINA_OPTS="-Dh=$(hostname)"\n'), message_contains="$(hostname)"
        ),
    ),
)
declare(
    "setenv.unknown-variable",
    about="a variable setenv.sh reads but does not set",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="supply it with --env, or it stays a ${VAR} reference",
    examples=(
        Example(
            MAN, files=setenv('CATALINA_OPTS="-Dig.home=$IG_HOME"\n'), message_contains="IG_HOME"
        ),
    ),
)
declare(
    "setenv.assumed-empty",
    about="JAVA_OPTS/CATALINA_OPTS read before being set",
    reads=(Reads("TODO"),),
    status=IGN,
    hint="assumed empty, as on a plain start",
    examples=(Example(IGN, files=setenv('JAVA_OPTS="$JAVA_OPTS -Xmx1g"\n')),),
)
declare(
    "setenv.line-break-in-options",
    about="a line break inside JAVA_OPTS/CATALINA_OPTS",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="catalina.sh's eval ends the command there",
    examples=(Example(MAN, files=setenv('export JAVA_OPTS="-Xmx1g\n-Da=1"\n')),),
)
declare(
    "setenv.crlf",
    about="CRLF line endings in setenv.sh",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="sh reads the CR literally",
    examples=(Example(MAN, files=setenv("CATALINA_OPTS=-Xmx1g\r\n")),),
)
declare(
    "setenv.bom",
    about="a UTF-8 byte order mark in setenv.sh",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="read without it",
    examples=(Example(MAN, files=setenv("\ufeffJAVA_OPTS=-Xmx1g\n")),),
)
declare(
    "setenv.syntax-error",
    about="shell syntax igmigrate cannot read",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="check by hand",
    examples=(Example(MAN, files=setenv('JAVA_OPTS="-Xmx1g\n')),),
)
declare(
    "setenv.bat-not-read",
    about="bin/setenv.bat",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="Windows start-up is not read",
    examples=(Example(MAN, files={"bin/setenv.bat": "set CATALINA_OPTS=-Xmx1g\r\n"}),),
)
