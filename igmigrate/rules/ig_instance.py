"""The gateway's IG instance directory (routes, scripts, logback.xml): found, read, carried over."""

from __future__ import annotations

from igmigrate.rules.example import HTTPS, KS, Example, setenv
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import IGN, MAN, E, M

SETENV = "bin/setenv.sh"
INSTANCE = "--ig-instance"
ROUTE = '{"handler": "ReverseProxyHandler"}\n'

declare(
    "ig-instance.not-given",
    about="no IG instance directory to read (no --ig-instance, none named in setenv.sh)",
    reads=(Reads(INSTANCE), Reads(SETENV, ("IG_INSTANCE_DIR", "ig.instance.dir"))),
    status=MAN,
    hint="pass --ig-instance DIR (the Tomcat user's $HOME/.openig by default) to carry it over",
    examples=(Example(MAN, message_contains="$HOME/.openig"),),
)
declare(
    "ig-instance.from-setenv",
    about="the IG instance setenv.sh names (-Dig.instance.dir, else IG_INSTANCE_DIR), read here",
    reads=(Reads(SETENV, ("IG_INSTANCE_DIR", "ig.instance.dir")),),
    status=M,
    hint="",
    examples=(
        Example(
            M,
            files=setenv('CATALINA_OPTS="-Dig.instance.dir=${IG_DIR}"\n'),
            ig_files={"config/routes/r.json": ROUTE},
            ig_from_env="IG_DIR",
        ),
    ),
)
declare(
    "ig-instance.setenv-path-missing",
    about="the IG instance setenv.sh names is not a directory on the converting machine",
    reads=(Reads(SETENV, ("IG_INSTANCE_DIR", "ig.instance.dir")),),
    status=MAN,
    hint="copy the instance to this machine and pass --ig-instance DIR",
    examples=(
        Example(
            MAN,
            files=setenv("export IG_INSTANCE_DIR=/nonexistent/openig\n"),
            message_contains="IG_INSTANCE_DIR (bin/setenv.sh:1)",
        ),
    ),
)
declare(
    "ig-instance.copied",
    about="the files of the IG instance (config/routes, scripts/, logback.xml, …)",
    reads=(Reads(INSTANCE),),
    status=M,
    hint="",
    target="the same paths in OUT, byte for byte",
    examples=(Example(M, ig_files={"config/routes/r.json": ROUTE, "scripts/groovy/a.groovy": ""}),),
)
declare(
    "ig-instance.file-replaced",
    about="an instance's bin/env.sh (igmigrate writes its own with --secrets env)",
    reads=(Reads(INSTANCE, ("bin/env.sh",)),),
    status=MAN,
    hint="not merged: carry its other variables into OUT's by hand",
    examples=(
        Example(
            MAN,
            ig_files={"bin/env.sh": "export A=1\n"},
            secrets_mode="env",
            stores=(KS,),
            connectors=HTTPS,
            message_contains="bin/env.sh",
        ),
    ),
)
declare(
    "ig-instance.merged",
    about="the instance's config/admin.json and config/config.json",
    reads=(Reads(INSTANCE, ("config/admin.json", "config/config.json")),),
    status=M,
    hint="",
    target=(("7.2", "config/admin.json"),),
    examples=(Example(M, ig_files={"config/admin.json": '{"mode": "PRODUCTION"}\n'}),),
)
declare(
    "ig-instance.value-replaced",
    about="a value of the instance's admin.json/config.json igmigrate sets (connectors, session,"
    " a heap object of the same name)",
    reads=(Reads(INSTANCE, ("config/admin.json", "config/config.json")),),
    status=MAN,
    hint="check the value mapped from Tomcat is the one the gateway needs",
    examples=(
        Example(
            MAN,
            ig_files={"config/admin.json": '{"connectors": [{"port": 9999}]}\n'},
            message_contains="/connectors",
        ),
    ),
)
declare(
    "ig-instance.not-json",
    about="an instance admin.json, config.json or route that is not a JSON object",
    reads=(Reads(INSTANCE, ("config/admin.json", "config/config.json", "config/routes/*.json")),),
    status=E,
    hint="IG reads strict JSON (no comments): fix the file",
    examples=(
        Example(
            E,
            ig_files={"config/admin.json": '{\n  "mode": "PRODUCTION",\n}\n'},
            message_contains="--ig-instance:config/admin.json:3:1",
        ),
        Example(
            E,
            ig_files={"config/routes/r.json": '{\n  "handler": "ClientHandler"\n  "x": 1\n}\n'},
            message_contains="--ig-instance:config/routes/r.json:3:3",
        ),
    ),
)
declare(
    "ig-instance.script-jndi",
    about="a Groovy or JavaScript script of the instance doing a JNDI lookup",
    reads=(Reads(INSTANCE, ("scripts/*",)),),
    status=MAN,
    hint="declare the resource (e.g. a JdbcDataSource heap object) in IG and use it instead",
    examples=(
        Example(
            MAN,
            ig_files={
                "scripts/groovy/Sql.groovy": "import javax.naming.InitialContext\n"
                'def ds = new InitialContext().lookup("jdbc/forgerock")\n'
            },
            message_contains="line 2 uses InitialContext and lookup(",
        ),
    ),
)

HANDLER_FILES = ("config/admin.json", "config/config.json", "config/routes/*.json")
JSON_FILES = ("config/config.json", "config/routes/*.json")


def _handler_route(config: str) -> dict[str, str]:
    head = '{"handler": {"type": "ReverseProxyHandler", "config": '
    return {"config/routes/r.json": head + config + "}}\n"}


declare(
    "ig-instance.async-streaming",
    about='`asyncBehavior: "streaming"` of a ClientHandler or ReverseProxyHandler (heap object or'
    " inline, at any depth; other values stay)",
    reads=(Reads(INSTANCE, HANDLER_FILES),),
    status=IGN,
    hint="removed: the vendor's web-container-to-standalone migration page says standalone mode"
    " ignores it",
    examples=(
        Example(
            IGN,
            ig_files=_handler_route('{"asyncBehavior": "streaming"}'),
            message_contains="config/routes/r.json:1 /handler/config/asyncBehavior",
        ),
    ),
)
declare(
    "ig-instance.state-tracking",
    about="`stateTrackingEnabled: false` of a ClientHandler or ReverseProxyHandler (heap object or"
    " inline, at any depth)",
    reads=(Reads(INSTANCE, HANDLER_FILES),),
    status=IGN,
    hint="removed: the vendor's migration page says standalone mode ignores it (connections"
    " authenticated with a client certificate are never reused)",
    examples=(
        Example(
            IGN,
            ig_files={
                "config/config.json": '{\n  "heap": [\n    {"name": "ClientHandler",'
                ' "type": "ClientHandler",\n     "config": {"stateTrackingEnabled": false}}\n'
                "  ]\n}\n"
            },
            message_contains="config/config.json:4 /heap/0/config/stateTrackingEnabled",
        ),
    ),
)
declare(
    "ig-instance.datasource-rewritten",
    about="a `dataSource` in config.json or a route naming a Tomcat DataSource by its JNDI name"
    " (`java:comp/env/jdbc/x` or `jdbc/x`)",
    reads=(Reads(INSTANCE, JSON_FILES),),
    status=M,
    hint="",
    target="the name of its JdbcDataSource in the config.json heap",
    examples=(
        Example(
            M,
            files={
                # the Tomcat DataSource mapper (mapping/datasources.py) fills the JNDI names
                "conf/context.xml": '<Context><Resource name="jdbc/app"'
                ' auth="Container" type="javax.sql.DataSource" driverClassName="org.h2.Driver"'
                ' url="jdbc:h2:mem:app" username="sa" password="pw"/></Context>\n'
            },
            ig_files={
                "config/routes/sql.json": '{"handler": {"type": "SqlAttributesFilter",'
                ' "config": {"dataSource": "java:comp/env/jdbc/app"}}}\n'
            },
            message_contains="/handler/config/dataSource",
        ),
    ),
)
declare(
    "ig-instance.datasource-unknown",
    about="a JNDI-looking `dataSource` (`java:…` or a name with `/`) in config.json or a route"
    " that no converted Tomcat DataSource answers",
    reads=(Reads(INSTANCE, JSON_FILES),),
    status=E,
    hint="declare a JdbcDataSource in the config.json heap and name it here (standalone IG"
    " has no JNDI)",
    examples=(
        Example(
            E,
            ig_files={
                "config/routes/sql.json": '{"handler": {"type": "SqlAttributesFilter",'
                ' "config": {"dataSource": "java:comp/env/jdbc/none"}}}\n'
            },
            message_contains="'java:comp/env/jdbc/none'",
        ),
    ),
)
declare(
    "ig-instance.router-directory",
    about="a Router `directory` in config.json that is not a directory of the instance"
    " igmigrate can tell (a token other than ${openig.configDirectory} and the like)",
    reads=(Reads(INSTANCE, ("config/config.json",)),),
    status=MAN,
    hint="its routes are not rewritten: check them for asyncBehavior, stateTrackingEnabled and"
    " JNDI dataSource names by hand",
    examples=(
        Example(
            MAN,
            ig_files={
                "config/config.json": '{"handler": {"type": "Router",'
                ' "config": {"directory": "${env[\'ROUTES\']}"}}}\n'
            },
            message_contains="/handler/config/directory",
        ),
    ),
)
declare(
    "ig-instance.setenv-differs",
    about="--ig-instance given while setenv.sh names another instance directory (-Dig.instance.dir,"
    " else IG_INSTANCE_DIR)",
    reads=(Reads(SETENV, ("IG_INSTANCE_DIR", "ig.instance.dir")),),
    status=MAN,
    hint="check that the directory given is the instance the gateway ran with",
    examples=(
        Example(
            MAN,
            files=setenv("export IG_INSTANCE_DIR=/srv/other-openig\n"),
            ig_files={"config/routes/r.json": ROUTE},
            message_contains="IG_INSTANCE_DIR (bin/setenv.sh:1)",
        ),
    ),
)
