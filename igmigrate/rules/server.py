"""The rest of server.xml: layout, listeners, realms, clusters, valves, the gateway app."""

from __future__ import annotations

from igmigrate.rules.example import GATEWAY_WEB_XML, VALVES, Example
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import IGN, MAN, M, U

LAYOUT = {
    "Server": ("className",),
    "Service": ("name", "className"),
    "Engine": ("name", "defaultHost", "className", "backgroundProcessorDelay", "startStopThreads"),
    "Host": (
        "name",
        "appBase",
        "xmlBase",
        "unpackWARs",
        "autoDeploy",
        "deployOnStartup",
        "deployXML",
        "copyXML",
        "xmlValidation",
        "xmlNamespaceAware",
        "createDirs",
        "workDir",
        "deployIgnore",
        "legacyAppBase",
        "startStopThreads",
        "className",
        "failCtxIfServletStartFails",
        "undeployOldVersions",
        "errorReportValveClass",
    ),
}
# Valves that only make sense in a servlet container, and why.
CONTAINER_VALVES = {
    "org.apache.catalina.valves.ErrorReportValve": "IG standalone renders its own error responses",
    "org.apache.catalina.valves.StuckThreadDetectionValve": "no request threads in standalone",
}

declare(
    "server.gateway-app",
    about="the gateway web application: which Host and Context deploy it",
    reads=(Reads("Context", ("docBase", "path")),),
    status=M,
    hint="its Service's connectors become the standalone connectors",
    examples=(Example(M, message_contains="webapps/ROOT"),),
)
declare(
    "server.context-path",
    about="the gateway deployed under a context path other than ROOT",
    reads=(Reads("Context", ("path",)), Reads("Host", ("appBase",))),
    status=MAN,
    hint="standalone IG serves at /: check route conditions and baseURIs that carry the"
    " context path, and the clients or proxy that call it",
    examples=(
        Example(
            MAN,
            gateway=False,
            files={"webapps/ig/WEB-INF/web.xml": GATEWAY_WEB_XML},
            message_contains='"/ig"',
        ),
        Example(
            MAN,
            gateway=False,
            host='<Context path="/gw/api" docBase="../gw"/>',
            files={"gw/WEB-INF/web.xml": GATEWAY_WEB_XML},
            message_contains='"/gw/api"',
        ),
    ),
)
declare(
    "server.no-gateway-app",
    about="no gateway web application in any Host",
    reads=(Reads("Host", ("appBase",)),),
    status=MAN,
    hint="every Service's connectors are used; pass --app-path to choose",
    examples=(Example(MAN, gateway=False),),
)
declare(
    "server.other-app",
    about="other web applications of the Hosts",
    reads=(Reads("Host", ("appBase",)), Reads("Context")),
    status=IGN,
    hint="only the gateway is migrated",
    examples=(
        Example(IGN, files={"webapps/docs/index.html": "<p>docs</p>\n"}, message_contains="docs"),
        Example(MAN, files={"webapps/ig2/WEB-INF/web.xml": GATEWAY_WEB_XML}),
    ),
)
declare(
    "server.shutdown",
    about="Tomcat's shutdown port and command",
    reads=(Reads("Server", ("port", "shutdown")),),
    status=IGN,
    hint="standalone IG stops with bin/stop.sh",
    examples=(Example(IGN),),
)
declare(
    "server.listener",
    about="lifecycle listeners",
    reads=(Reads("Listener"),),
    status=IGN,
    hint="Tomcat lifecycle listeners have no role",
    examples=(
        Example(
            IGN, server='<Listener className="org.apache.catalina.startup.VersionLoggerListener"/>'
        ),
    ),
)
declare(
    "server.layout",
    about="the elements that locate the gateway: Service, Engine, Host",
    reads=(*(Reads(tag, names) for tag, names in LAYOUT.items()), Reads("Alias")),
    status=IGN,
    hint="read to locate the gateway; standalone has one gateway per instance",
    examples=(Example(IGN, message_contains="<Service>"),),
)
declare(
    "server.realm",
    about="container authentication realms",
    reads=(Reads("Realm"),),
    status=U,
    hint="container authentication has no standalone equivalent: authenticate in IG filters",
    examples=(
        Example(
            U,
            engine='<Realm className="org.apache.catalina.realm.UserDatabaseRealm"'
            ' resourceName="UserDatabase"/>',
        ),
    ),
)
declare(
    "server.cluster",
    about="session replication",
    reads=(Reads("Cluster"),),
    status=U,
    hint="no session replication in standalone: sticky sessions or JwtSession",
    examples=(
        Example(U, engine='<Cluster className="org.apache.catalina.ha.tcp.SimpleTcpCluster"/>'),
    ),
)
declare(
    "server.remote-ip",
    about="client address and scheme from X-Forwarded-* headers",
    reads=(Reads("Valve", ("className=RemoteIpValve",)),),
    status=MAN,
    hint="IG sees the proxy's address: trust X-Forwarded-* in routes instead",
    examples=(Example(MAN, host=f'<Valve className="{VALVES}RemoteIpValve"/>'),),
)
declare(
    "server.valve",
    about="other Valves",
    reads=(Reads("Valve"),),
    status=MAN,
    hint="no standalone equivalent: review",
    examples=(Example(MAN, host=f'<Valve className="{VALVES}RequestDumperValve"/>'),),
)
declare(
    "server.container-valve",
    about="Valves that only make sense in a servlet container",
    reads=(Reads("Valve", tuple(f"className={c}" for c in CONTAINER_VALVES)),),
    status=IGN,
    hint="servlet-container behaviour that standalone IG does not have",
    examples=(
        Example(IGN, host=f'<Valve className="{VALVES}ErrorReportValve" showReport="false"/>'),
    ),
)
declare(
    "server.user-database",
    about="the tomcat-users.xml user database",
    reads=(Reads("Resource", ("type=org.apache.catalina.UserDatabase",)),),
    status=IGN,
    hint="serves Tomcat's UserDatabaseRealm only (tomcat-users.xml)",
    examples=(
        Example(
            IGN,
            server='<GlobalNamingResources><Resource name="UserDatabase" auth="Container"'
            ' type="org.apache.catalina.UserDatabase"'
            ' factory="org.apache.catalina.users.MemoryUserDatabaseFactory"'
            ' pathname="conf/tomcat-users.xml"/></GlobalNamingResources>',
        ),
    ),
)
declare(
    "server.no-rule",
    about="an element Tomcat has no rule for at that place",
    reads=(Reads("*"),),
    status=IGN,
    hint='Tomcat itself ignores it ("No rules found matching")',
    examples=(Example(IGN, server="<Resources/>", message_contains="<Resources>"),),
)
declare(
    "server.body-text",
    about="text between elements",
    reads=(Reads("*", ("#text",)),),
    status=IGN,
    hint="Tomcat ignores element text",
    examples=(Example(IGN, '<Connector port="8080">stray text</Connector>'),),
)
declare(
    "server.app-descriptor-unreadable",
    about="a context descriptor Tomcat cannot parse",
    reads=(Reads("conf/Catalina/<host>/*.xml"),),
    status=IGN,
    hint="Tomcat logs an error and does not start that application; igmigrate skips it too",
    examples=(Example(IGN, files={"conf/Catalina/localhost/manager.xml": ""}),),
)
