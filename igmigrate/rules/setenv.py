"""bin/setenv.sh, read as the shell would run it (tomcat-inputs.md §4)."""

from __future__ import annotations

from igmigrate.rules.example import Example, setenv
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import IGN, MAN, M

SETENV = "bin/setenv.sh"  # CATALINA_BASE's, else CATALINA_HOME's (the one catalina.sh sources)
BAT = "bin/setenv.bat"  # read only when there is no setenv.sh (catalina.bat `call`s it)
OPTIONS = ("JAVA_OPTS", "JSSE_OPTS", "CATALINA_OPTS")  # the variables catalina.sh passes to java

declare(
    "setenv.not-evaluated",
    about="$(…), conditionals, sourcing and functions in setenv.sh (if, for, call… in setenv.bat)",
    reads=(Reads(SETENV), Reads(BAT)),
    status=MAN,
    hint="never executed: reported so a human checks what it did",
    examples=(
        Example(
            MAN, files=setenv('CATALINA_OPTS="-Dh=$(hostname)"\n'), message_contains="$(hostname)"
        ),
        Example(
            MAN,
            files={BAT: 'if "%JAVA_OPTS%"=="" set JAVA_OPTS=-Xmx1g\r\n'},
            message_contains="JAVA_OPTS is assigned at line 1",
        ),
    ),
)
declare(
    "setenv.unknown-variable",
    about="a variable setenv.sh (or setenv.bat) uses but does not set",
    reads=(Reads(SETENV, ("*",)), Reads(BAT, ("*",)), Reads("--env")),
    status=MAN,
    hint="supply it with --env, or it stays a ${VAR} reference",
    examples=(
        Example(
            MAN, files=setenv('CATALINA_OPTS="-Dig.home=$IG_HOME"\n'), message_contains="IG_HOME"
        ),
        Example(
            MAN,
            files={BAT: "set CATALINA_OPTS=-Dig.home=%IG_HOME%\r\n"},
            message_contains="%IG_HOME%",
        ),
    ),
)
declare(
    "setenv.assumed-empty",
    about="JAVA_OPTS, JSSE_OPTS or CATALINA_OPTS used before setenv.sh sets it",
    reads=(Reads(SETENV, OPTIONS), Reads(BAT, OPTIONS)),
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
    about="bin/setenv.bat beside a bin/setenv.sh (setenv.sh is the one read)",
    reads=(Reads(BAT),),
    status=MAN,
    hint="catalina.bat's start-up is not read when setenv.sh exists: compare them by hand",
    examples=(
        Example(
            MAN,
            files={"bin/setenv.sh": "CATALINA_OPTS=-Xmx1g\n", BAT: "set CATALINA_OPTS=-Xmx1g\r\n"},
            message_contains="bin/setenv.sh is",
        ),
    ),
)
declare(
    "setenv.bat-read",
    about="bin/setenv.bat read as catalina.bat runs it (there is no setenv.sh)",
    reads=(Reads(BAT),),
    status=M,
    hint="its set lines become bin/env.sh, as setenv.sh's would",
    examples=(Example(M, files={BAT: 'set "CATALINA_OPTS=-Xmx1g -Da=1"\r\n'}),),
)
declare(
    "setenv.windows-path",
    about="a Windows path (C:\\…) in a setenv.bat variable or JVM option",
    reads=(Reads(BAT, ("*",)),),
    status=MAN,
    hint="not carried: standalone IG on Linux needs its own path (--env or --property)",
    examples=(
        Example(
            MAN, files={BAT: "set JAVA_HOME=C:\\Java\\jdk-17\r\n"}, message_contains="JAVA_HOME"
        ),
    ),
)
