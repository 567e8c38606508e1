"""bin/setenv.sh, read as the shell would run it (tomcat-inputs.md §4)."""

from __future__ import annotations

from igmigrate.rules.example import Example, setenv
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import IGN, MAN

SETENV = "bin/setenv.sh"  # CATALINA_BASE's, else CATALINA_HOME's (the one catalina.sh sources)
OPTIONS = ("JAVA_OPTS", "JSSE_OPTS", "CATALINA_OPTS")  # the variables catalina.sh passes to java

declare(
    "setenv.not-evaluated",
    about="$(…), conditionals, sourcing and functions in setenv.sh",
    reads=(Reads(SETENV),),
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
    about="a variable setenv.sh uses but does not set",
    reads=(Reads(SETENV, ("*",)), Reads("--env")),
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
    about="JAVA_OPTS, JSSE_OPTS or CATALINA_OPTS used before setenv.sh sets it",
    reads=(Reads(SETENV, OPTIONS),),
    status=IGN,
    hint="assumed empty, as on a plain start",
    examples=(Example(IGN, files=setenv('JAVA_OPTS="$JAVA_OPTS -Xmx1g"\n')),),
)
declare(
    "setenv.line-break-in-options",
    about="a line break inside JAVA_OPTS, JSSE_OPTS or CATALINA_OPTS",
    reads=(Reads(SETENV, OPTIONS),),
    status=MAN,
    hint="catalina.sh's eval ends the command there",
    examples=(Example(MAN, files=setenv('export JAVA_OPTS="-Xmx1g\n-Da=1"\n')),),
)
declare(
    "setenv.crlf",
    about="CR LF line endings in setenv.sh",
    reads=(Reads(SETENV),),
    status=MAN,
    hint="sh reads the CR literally",
    examples=(Example(MAN, files=setenv("CATALINA_OPTS=-Xmx1g\r\n")),),
)
declare(
    "setenv.bom",
    about="a UTF-8 byte order mark at the start of setenv.sh",
    reads=(Reads(SETENV),),
    status=MAN,
    hint="read without it",
    examples=(Example(MAN, files=setenv("\ufeffJAVA_OPTS=-Xmx1g\n")),),
)
declare(
    "setenv.syntax-error",
    about="shell syntax sh would stop at in setenv.sh",
    reads=(Reads(SETENV),),
    status=MAN,
    hint="check by hand",
    examples=(Example(MAN, files=setenv('JAVA_OPTS="-Xmx1g\n')),),
)
declare(
    "setenv.bat-not-read",
    about="bin/setenv.bat, used by catalina.bat on Windows",
    reads=(Reads("bin/setenv.bat"),),
    status=MAN,
    hint="Windows start-up is not read",
    examples=(Example(MAN, files={"bin/setenv.bat": "set CATALINA_OPTS=-Xmx1g\r\n"}),),
)
