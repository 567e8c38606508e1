"""The jars on the gateway's class path (WEB-INF/lib, lib/ of base and home) → OUT extra/."""

from __future__ import annotations

from igmigrate.rules.example import Example, JarFile, driver, maven
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import IGN, MAN, M

JARS = (
    Reads("<app>/WEB-INF/lib/*.jar"),
    Reads("lib/*.jar"),
    Reads("--catalina-home:lib/*.jar"),
)
EXTRA = "extra/<jar>"
H2 = "org.h2.Driver"
CONFIG = (
    '{"heap": [{"name": "ds", "type": "JdbcDataSource", "config": {"driverClassName": "'
    + H2
    + '", "jdbcUrl": "jdbc:h2:mem:x"}}]}\n'
)
ACME_10 = maven("com.example", "acme-filters", "1.0")
APP_LIB = "webapps/ROOT/WEB-INF/lib"

declare(
    "jars.tomcat-own",
    about="Tomcat's own jars (catalina*, tomcat-*, servlet-api, jsp-api, el-api, jasper*,"
    " websocket*, annotations-api, jaspic-api, ecj*; Maven group org.apache.tomcat)",
    reads=JARS,
    status=IGN,
    hint="standalone runs no servlet container: nothing to carry over",
    examples=(
        Example(IGN, jars=(JarFile("lib/catalina.jar"),), message_contains="catalina.jar"),
        Example(
            IGN,
            jars=(JarFile("lib/juli-x.jar", maven("org.apache.tomcat", "tomcat-juli", "9")),),
        ),
    ),
)
declare(
    "jars.gateway-own",
    about="the gateway's own jars (Maven groups org.forgerock*, com.forgerock*,"
    " org.openidentityplatform*, com.pingidentity*; openig-*, forgerock-*, chf-* names; with"
    " --ig-dist, every artifact its lib/ holds)",
    reads=(*JARS, Reads("--ig-dist", ("lib/*.jar",))),
    status=IGN,
    hint="the standalone distribution ships its own in lib/",
    examples=(
        Example(IGN, jars=(JarFile(f"{APP_LIB}/openig-core-7.2.0.jar"),)),
        Example(
            IGN,
            jars=(
                JarFile(
                    f"{APP_LIB}/json-web-token-2.0.jar",
                    maven("org.forgerock.commons", "json-web-token", "2.0"),
                ),
            ),
            message_contains="json-web-token-2.0.jar",
        ),
    ),
)
declare(
    "jars.driver",
    about="a JDBC driver (META-INF/services/java.sql.Driver) a JdbcDataSource of config.json"
    " names as driverClassName",
    reads=JARS,
    status=M,
    hint="",
    target=EXTRA,
    examples=(
        Example(
            M,
            jars=(JarFile("lib/h2-2.2.224.jar", driver(H2)),),
            ig_files={"config/config.json": CONFIG},
            message_contains="used by ds",
        ),
    ),
)
declare(
    "jars.driver-unused",
    about="a JDBC driver no JdbcDataSource of config.json uses",
    reads=JARS,
    status=MAN,
    hint="copied: delete it from extra/ when no route or script of the gateway uses it",
    target=EXTRA,
    examples=(
        Example(MAN, jars=(JarFile("lib/postgresql-42.7.3.jar", driver("org.postgresql.Driver")),)),
    ),
)
declare(
    "jars.copied",
    about="any other jar (customer extensions, custom filters and handlers, scripting libraries)",
    reads=JARS,
    status=MAN,
    hint="copied for review: check the gateway still needs it and that standalone's lib/ does"
    " not ship another version of it",
    target=EXTRA,
    examples=(
        Example(
            MAN,
            jars=(JarFile("lib/acme-filters-1.0.jar", ACME_10),),
            message_contains="sha256 ",
        ),
    ),
)
declare(
    "jars.duplicate",
    about="a jar byte for byte identical to one already copied (e.g. in lib/ and WEB-INF/lib)",
    reads=JARS,
    status=IGN,
    hint="copied once",
    examples=(
        Example(
            IGN,
            jars=(
                JarFile(f"{APP_LIB}/acme-filters-1.0.jar", ACME_10),
                JarFile("lib/acme-filters-1.0.jar", ACME_10),
            ),
        ),
    ),
)
declare(
    "jars.versions",
    about="the same artifact in several versions",
    reads=JARS,
    status=MAN,
    hint="keep one version in extra/: Tomcat's class loaders looked in WEB-INF/lib, then"
    " CATALINA_BASE/lib, then CATALINA_HOME/lib; extra/* has no order",
    examples=(
        Example(
            MAN,
            jars=(
                JarFile(
                    f"{APP_LIB}/acme-filters-1.1.jar", maven("com.example", "acme-filters", "1.1")
                ),
                JarFile("lib/acme-filters-1.0.jar", ACME_10),
            ),
            message_contains="acme-filters is there in several versions",
        ),
    ),
)
declare(
    "jars.driver-missing",
    about="a JdbcDataSource of config.json whose driverClassName no jar read here holds",
    reads=JARS,
    status=MAN,
    hint="put the driver's jar into extra/ of OUT",
    target="extra/",
    examples=(Example(MAN, ig_files={"config/config.json": CONFIG}, message_contains=H2),),
)
declare(
    "jars.refused-link",
    about="a jar that is a symbolic link leading outside the Tomcat inputs",
    reads=JARS,
    status=MAN,
    hint="not copied: copy the jar it points to into extra/ by hand if the gateway needs it",
    examples=(Example(MAN, jars=(JarFile("lib/ext.jar", outside=True),)),),
)
declare(
    "jars.unreadable",
    about="a jar (or the gateway's .war) that cannot be read: not a zip, unreadable, or past a"
    " bound (256 MiB a jar, 1 GiB for all, 200000 entries)",
    reads=JARS,
    status=MAN,
    hint="not copied: Tomcat cannot load classes from a corrupt jar either; fix or remove it",
    examples=(
        Example(
            MAN,
            jars=(JarFile("lib/broken.jar", corrupt=True),),
            message_contains="not a readable jar",
        ),
    ),
)
