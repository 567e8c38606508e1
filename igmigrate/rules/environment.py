"""setenv.sh's variables and JVM options → the instance's bin/env.sh (mapping.md §Environment)."""

from __future__ import annotations

from igmigrate.rules.example import PASSWORD, Example, setenv
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import IGN, MAN, M

SETENV = "bin/setenv.sh"
OPTIONS = ("JAVA_OPTS", "JSSE_OPTS", "CATALINA_OPTS")
SYSTEM = "system property"  # a -D word of JAVA_OPTS/JSSE_OPTS/CATALINA_OPTS
INSTANCE = "--ig-instance"
ENV_SH = "bin/env.sh IG_OPTS"
# What catalina.sh alone reads (tomcat-inputs.md §7); the JVM options only Tomcat reads, and
# the ones catalina.sh sets itself after CATALINA_OPTS (so a value in setenv.sh never won).
TOMCAT_VARIABLES = (
    "CATALINA_*",  # CATALINA_PID, CATALINA_OUT(_CMD), CATALINA_TMPDIR, CATALINA_LOGGING_CONFIG…
    "LOGGING_*",
    "JPDA_*",
    "UMASK",
    "USE_NOHUP",
    "JAVA_ENDORSED_DIRS",
    "CLASSPATH",
    "TITLE",
)
TOMCAT_PROPERTIES = (
    "catalina.*",
    "java.util.logging.manager",
    "java.util.logging.config.file",
    "java.endorsed.dirs",
    "java.io.tmpdir",
    "org.apache.catalina.*",
    "org.apache.tomcat.*",
    "org.apache.coyote.*",
    "org.apache.jasper.*",
    "org.apache.juli.*",
    "tomcat.util.*",
)
INSTANCE_NAMES = ("IG_INSTANCE_DIR", "OPENIG_BASE")
INSTANCE_PROPERTIES = ("ig.instance.dir", "openig.base")

declare(
    "environment.jvm-options",
    about="the JVM options of JAVA_OPTS, JSSE_OPTS and CATALINA_OPTS, in catalina.sh's order",
    reads=(Reads(SETENV, OPTIONS),),
    status=M,
    hint="",
    target=ENV_SH,
    examples=(Example(M, files=setenv("CATALINA_OPTS=\"$CATALINA_OPTS -Xmx1g -Dq='a b'\"\n")),),
)
declare(
    "environment.java-home",
    about="JAVA_HOME, or JRE_HOME (which catalina.sh prefers)",
    reads=(Reads(SETENV, ("JAVA_HOME", "JRE_HOME")),),
    status=M,
    hint="",
    target="bin/env.sh JAVA_HOME (start.sh runs ${JAVA_HOME}/bin/java)",
    examples=(
        Example(M, files=setenv("JAVA_HOME=/usr/lib/jvm/java-11\n")),
        Example(M, files=setenv("export JRE_HOME=/opt/jre\n"), message_contains="JRE_HOME"),
    ),
)
declare(
    "environment.exported",
    about="another variable setenv.sh exports (the gateway's process environment)",
    reads=(Reads(SETENV, ("*",)),),
    status=M,
    hint="",
    target="bin/env.sh export",
    examples=(Example(M, files=setenv("export ROOT_LOG_LEVEL=DEBUG\n")),),
)
declare(
    "environment.helper",
    about="a variable setenv.sh sets without exporting it (only its uses count)",
    reads=(Reads(SETENV, ("*",)),),
    status=IGN,
    hint="its value is carried where JAVA_OPTS or CATALINA_OPTS used it",
    examples=(Example(IGN, files=setenv('HEAP=1g\nCATALINA_OPTS="-Xmx$HEAP"\n')),),
)
declare(
    "environment.tomcat-only",
    about="a variable or -D option only Tomcat reads (CATALINA_PID, UMASK, JPDA_*, -Dcatalina.*…)",
    reads=(Reads(SETENV, TOMCAT_VARIABLES), Reads(SYSTEM, TOMCAT_PROPERTIES)),
    status=IGN,
    hint="IG standalone has no use for it",
    examples=(
        Example(IGN, files=setenv('CATALINA_PID="$CATALINA_BASE/tomcat.pid"\n')),
        Example(
            IGN,
            files=setenv('CATALINA_OPTS="-Djava.util.logging.config.file=/x -Xmx1g"\n'),
            message_contains="-Djava.util.logging.config.file",
        ),
    ),
)
declare(
    "environment.instance-dir",
    about="IG_INSTANCE_DIR or -Dig.instance.dir (OPENIG_BASE, -Dopenig.base before 2023.2)",
    reads=(Reads(SETENV, INSTANCE_NAMES), Reads(SYSTEM, INSTANCE_PROPERTIES)),
    status=IGN,
    hint="standalone IG takes the instance directory as start.sh's argument: bin/start.sh OUT",
    examples=(
        Example(
            IGN,
            files=setenv("export IG_INSTANCE_DIR=/nonexistent/ig\n"),
            message_contains="bin/start.sh",
        ),
    ),
)
declare(
    "environment.overridden",
    about="a -D, -Xmx/-Xms/-Xss/-Xmn or -XX: option given again later (the JVM keeps the last)",
    reads=(Reads(SETENV, OPTIONS),),
    status=IGN,
    hint="only the last one is written",
    examples=(
        Example(
            IGN,
            files=setenv('JAVA_OPTS="-Xmx1g"\nCATALINA_OPTS="-Xmx2g"\n'),
            message_contains="-Xmx",
        ),
    ),
)
declare(
    "environment.secret",
    about="a -D option or exported variable whose name says password, secret, token…",
    reads=(Reads(SYSTEM, ("*",)), Reads(SETENV, ("*",))),
    status=M,
    hint="",
    target="a secret file (or variable), read by bin/env.sh when IG starts",
    examples=(
        Example(M, files=setenv(f'CATALINA_OPTS="-Ddb.password={PASSWORD}"\n')),
        Example(
            M,
            files=setenv(f"export DB_PASSWORD={PASSWORD}\n"),
            secrets_mode="env",
            message_contains="DB_PASSWORD",
        ),
    ),
)
declare(
    "environment.default-password",
    about="a secret -D option or exported variable holding a well-known default (changeit…)",
    reads=(Reads(SYSTEM, ("*",)), Reads(SETENV, ("*",))),
    status=MAN,
    hint="change it when you move to standalone IG",
    examples=(Example(MAN, files=setenv('CATALINA_OPTS="-Ddb.password=changeit"\n')),),
)
declare(
    "environment.unresolved",
    about="a ${VAR} setenv.sh uses but does not set, in a carried value",
    reads=(Reads(SETENV, ("*",)),),
    status=MAN,
    hint="kept as ${VAR}: set it in the environment IG starts in (or in bin/env.sh)",
    examples=(
        Example(
            MAN,
            files=setenv('CATALINA_OPTS="-Dig.home=$IG_HOME"\n'),
            message_contains="${IG_HOME}",
        ),
    ),
)
declare(
    "environment.not-carried",
    about="a value holding $(…), backticks or another construct that is not evaluated",
    reads=(Reads(SETENV, ("*",)),),
    status=MAN,
    hint="not written to bin/env.sh: add it there by hand if IG needs it",
    examples=(Example(MAN, files=setenv('CATALINA_OPTS="-Dh=$(hostname) -Xmx1g"\n')),),
)
declare(
    "environment.tomcat-path",
    about="a JVM option or exported variable naming a file inside CATALINA_BASE or CATALINA_HOME",
    reads=(Reads(SETENV, ("*",)),),
    status=MAN,
    hint="not written: copy the file into the IG instance and add the option to bin/env.sh",
    examples=(
        Example(
            MAN,
            files=setenv(
                'CATALINA_OPTS="-Dlog4j.configurationFile=$CATALINA_BASE/conf/log4j2.xml"\n'
            ),
            message_contains="-Dlog4j.configurationFile",
        ),
    ),
)
declare(
    "environment.instance-env-sh",
    about="the IG instance's own bin/env.sh, with igmigrate's variables to add",
    reads=(Reads(INSTANCE, ("bin/env.sh",)),),
    status=M,
    hint="",
    target="bin/env.sh: theirs, then igmigrate's block between marker comments",
    examples=(
        Example(
            M,
            files=setenv("CATALINA_OPTS=-Xmx1g\n"),
            ig_files={"bin/env.sh": "export ROOT_LOG_LEVEL=INFO\n"},
        ),
    ),
)
