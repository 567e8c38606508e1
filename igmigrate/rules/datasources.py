"""JNDI DataSources (<Resource>, <ResourceLink>) → JdbcDataSource objects of config.json."""

from __future__ import annotations

from igmigrate.rules.datasource_names import (
    CONNECTION,
    DBCP1_POOL,
    DBCP1_UNDER_DBCP2,
    DBCP2_POOL,
    PASSWORD,
    STANDARD,
    TOMCAT_JDBC_POOL,
)
from igmigrate.rules.example import Example
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import IGN, MAN, M, P

_ALL_POOL = tuple(dict.fromkeys((*DBCP2_POOL, *TOMCAT_JDBC_POOL, *DBCP1_POOL)))
_DS = ("type=javax.sql.DataSource",)
LINK = Reads("ResourceLink", ("name", "global", "type", "factory"))
_TARGET = "config/config.json heap JdbcDataSource"
_PW = "db-pw-123"


def _link(name: str = "jdbc/app", global_name: str = "jdbc/app") -> dict[str, str]:
    """conf/context.xml linking the global `global_name` into every application as `name`."""
    return {
        "conf/context.xml": f'<Context><ResourceLink name="{name}" global="{global_name}"'
        ' type="javax.sql.DataSource"/></Context>\n'
    }


def _ds(attrs: str, name: str = "jdbc/app") -> str:
    return (
        f'<Resource name="{name}" auth="Container" type="javax.sql.DataSource"'
        f' driverClassName="org.h2.Driver" url="jdbc:h2:mem:app" username="sa"{attrs}/>'
    )


def _global(attrs: str = "", name: str = "jdbc/app") -> str:
    return f"<GlobalNamingResources>{_ds(attrs, name)}</GlobalNamingResources>"


def _context(attrs: str = "") -> dict[str, str]:
    return {"conf/context.xml": f"<Context>{_ds(attrs)}</Context>\n"}


declare(
    "datasource.jdbc",
    about="a javax.sql.DataSource the gateway can look up: in its contexts, or global and linked",
    reads=(Reads("Resource", (*_DS, *STANDARD, *CONNECTION)), LINK),
    status=M,
    target=_TARGET,
    hint="routes and scripts reference it by its heap name, not by the JNDI name",
    examples=(
        Example(M, server=_global(f' password="{_PW}"'), files=_link(), message_contains="link"),
        Example(M, files=_context(' connectionProperties="ssl=true;loginTimeout=5"')),
    ),
)
declare(
    "datasource.password",
    about="the DataSource password",
    reads=(Reads("Resource", (*_DS, *PASSWORD)),),
    status=M,
    target="a secret of the secret store SecretsPasswords (config/config.json)",
    hint="the JdbcDataSource reads it by secret id; the value is never written into JSON",
    examples=(Example(M, files=_context(f' password="{_PW}"'), message_contains="secret id"),),
)
declare(
    "datasource.password-missing",
    about="a DataSource password made of ${} placeholders that have no value here",
    reads=(Reads("Resource", (*_DS, *PASSWORD)),),
    status=MAN,
    target="a secret of the secret store SecretsPasswords (config/config.json)",
    hint="supply the secret (or re-run with --property): it is never guessed",
    examples=(Example(MAN, files=_context(' password="${db.password}"')),),
)
declare(
    "datasource.placeholder",
    about="a DataSource url, username or driverClassName with an unresolved ${} placeholder",
    reads=(Reads("Resource", (*_DS, "url", "username", "driverClassName")),),
    status=MAN,
    target=_TARGET,
    hint="written as an IG &{} token: set it for IG (env or -D), or re-run with --property",
    examples=(
        Example(
            MAN,
            files={
                "conf/context.xml": '<Context><Resource name="jdbc/app" type="javax.sql.DataSource"'
                ' url="jdbc:mysql://${db.host}/app" username="app"/></Context>\n'
            },
            message_contains="&{db.host}",
        ),
    ),
)
declare(
    "datasource.url-credentials",
    about="a user name or password inside the JDBC URL",
    reads=(Reads("Resource", (*_DS, "url")),),
    status=M,
    target="JdbcDataSource username and passwordSecretId (config/config.json)",
    hint="the URL is written without them; the password becomes a secret",
    examples=(
        Example(
            M,
            files={
                "conf/context.xml": '<Context><Resource name="jdbc/app" type="javax.sql.DataSource"'
                ' url="jdbc:postgresql://db/app?user=app&amp;password=pw-in-url"/></Context>\n'
            },
            message_contains="user=",
        ),
    ),
)
declare(
    "datasource.properties-secret",
    about="a password-like entry of connectionProperties",
    reads=(Reads("Resource", (*_DS, "connectionProperties")),),
    status=MAN,
    target=_TARGET,
    hint="JdbcDataSource `properties` are plain JSON: pass it with passwordSecretId instead",
    examples=(Example(MAN, files=_context(' connectionProperties="ssl=true;password=pw-prop"')),),
)
declare(
    "datasource.pool-setting",
    about="a connection-pool setting of the DataSource's factory (DBCP 2, DBCP 1, Tomcat JDBC)",
    reads=(Reads("Resource", (*_DS, *_ALL_POOL)),),
    status=P,
    target=_TARGET,
    hint="IG's JdbcDataSource documents no pool settings (its pool is HikariCP): the value is"
    " not carried, and `properties` goes to the driver, so it is not put there either",
    examples=(
        Example(P, files=_context(' maxTotal="50"'), message_contains="maxTotal=50"),
        Example(
            P,
            files=_context(
                ' factory="org.apache.tomcat.jdbc.pool.DataSourceFactory" maxActive="20"'
            ),
            message_contains="Tomcat JDBC pool",
        ),
        Example(
            P,
            files=_context(' maxActive="20"'),
            tomcat_version="7.0.109",
            message_contains="DBCP 1",
        ),
    ),
)
declare(
    "datasource.dbcp1-name",
    about="a DBCP 1 name (maxActive, maxWait, removeAbandoned) under the DBCP 2 factory",
    reads=(Reads("Resource", (*_DS, *DBCP1_UNDER_DBCP2)),),
    status=IGN,
    hint="Tomcat 8.0+ logs a warning and ignores it: the DBCP 2 default applied",
    examples=(Example(IGN, files=_context(' maxActive="100"'), message_contains="maxTotal 8"),),
)
declare(
    "datasource.unknown-attribute",
    about="a DataSource attribute its factory has no property for",
    reads=(Reads("Resource", (*_DS, "*")),),
    status=MAN,
    target=_TARGET,
    hint="Tomcat hands every attribute to the factory unchecked; check what it was meant for",
    examples=(Example(MAN, files=_context(' maxPoolSize="5"'), message_contains="maxPoolSize"),),
)
declare(
    "datasource.factory-unknown",
    about="a DataSource with a factory igmigrate does not know",
    reads=(Reads("Resource", (*_DS, "factory")),),
    status=MAN,
    target=_TARGET,
    hint="declare the JdbcDataSource by hand from the factory's documentation",
    examples=(Example(MAN, files=_context(' factory="com.zaxxer.hikari.HikariJNDIFactory"')),),
)
declare(
    "datasource.unreachable",
    about="a global <Resource> no context of the gateway links to",
    reads=(Reads("Resource"),),
    status=IGN,
    hint="the gateway could not look it up (no <ResourceLink>): nothing is converted",
    examples=(Example(IGN, server=_global(), message_contains="no <ResourceLink>"),),
)
declare(
    "datasource.link-broken",
    about="a <ResourceLink> whose global name GlobalNamingResources does not define",
    reads=(LINK,),
    status=MAN,
    hint="the gateway's lookup of it failed under Tomcat too: define it or drop the reference",
    examples=(Example(MAN, files=_link("jdbc/app", "jdbc/missing")),),
)
declare(
    "datasource.duplicate",
    about="a JNDI name declared more than once for the gateway",
    reads=(Reads("Resource"), LINK),
    status=MAN,
    hint="Tomcat keeps the first it reads (NamingResources ignores a name already bound)",
    examples=(
        Example(
            MAN,
            server=_global(),
            files={
                "conf/context.xml": "<Context>"
                + _ds("")
                + '<ResourceLink name="jdbc/app" global="jdbc/app"/></Context>\n'
            },
        ),
    ),
)
declare(
    "datasource.override-dropped",
    about="a <Resource> or <ResourceLink> of a default context that the gateway's"
    ' override="true" drops',
    reads=(Reads("Resource"), LINK),
    status=IGN,
    hint="Tomcat does not apply the default contexts to this application",
    examples=(
        Example(
            IGN,
            host='<Context path="" docBase="ROOT" override="true"/>',
            files=_context(),
        ),
    ),
)
declare(
    "resource.other",
    about="a JNDI <Resource> of another type the gateway can look up (mail session, bean, …)",
    reads=(Reads("Resource"),),
    status=MAN,
    hint="standalone IG has no JNDI naming context: configure what uses it in IG directly",
    examples=(
        Example(
            MAN,
            files={
                "conf/context.xml": '<Context><Resource name="mail/Session" auth="Container"'
                ' type="javax.mail.Session" mail.smtp.host="smtp.example.com"/></Context>\n'
            },
            message_contains="mail",
        ),
    ),
)
