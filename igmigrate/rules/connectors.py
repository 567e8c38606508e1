"""Tomcat HTTP Connectors → admin.json connectors (mapping.md §Connectors)."""

from __future__ import annotations

from igmigrate.rules.example import OTHER_SERVICE, Example, http
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import IGN, MAN, E, M, P, U

C = "Connector"
COMPRESSION = (
    "compression",
    "compressionMinSize",
    "compressibleMimeType",
    "compressableMimeType",
    "noCompressionUserAgents",
)
THREADS = (
    "maxThreads",
    "minSpareThreads",
    "maxSpareThreads",
    "acceptCount",
    "maxConnections",
    "executor",
    "processorCache",
    "threadPriority",
    "acceptorThreadCount",
    "pollerThreadCount",
    "executorTerminationTimeoutMillis",
)
PROXY = ("redirectPort", "proxyName", "proxyPort", "scheme", "secure")
CONTAINER_ONLY = (
    "URIEncoding",
    "useBodyEncodingForURI",
    "enableLookups",
    "maxPostSize",
    "maxSavePostSize",
    "maxParameterCount",
    "xpoweredBy",
    "server",
    "allowTrace",
    "disableUploadTimeout",
    "connectionUploadTimeout",
    "maxSwallowSize",
    "relaxedPathChars",
    "relaxedQueryChars",
    "rejectIllegalHeader",
    "maxKeepAliveRequests",
    "maxHttpResponseHeaderSize",
    "tcpNoDelay",
    "bindOnInit",
    "useIPVHosts",
    "encodedSolidusHandling",
    "maxTrailerSize",
    "maxExtensionSize",
    "allowHostHeaderMismatch",
    "parseBodyMethods",
    "restrictedUserAgents",
    "useSendfile",
    "className",
    "asyncTimeout",
    "discardFacades",
    "enforceEncodingInGetWriter",
    "xmlValidation",
)

declare(
    "connector.port",
    about="the HTTP port a Connector listens on",
    reads=(Reads(C, ("port", "protocol")),),
    status=M,
    target="admin.json connectors[].port",
    hint="one connector per HTTP Connector of the gateway's Service, in file order",
    examples=(
        Example(M, http(' protocol="HTTP/1.1"'), message_contains="port 8080"),
        Example(MAN, '<Connector port="0"/>', message_contains="random free port"),
    ),
)
declare(
    "connector.port-offset",
    about="Tomcat 9's offset added to every port",
    reads=(Reads("Server", ("portOffset",)),),
    status=M,
    target="admin.json connectors[].port",
    hint="added to every connector port, as Tomcat does",
    examples=(
        Example(M, server_attrs=' portOffset="100"', message_contains="portOffset 100"),
        Example(IGN, server_attrs=' portOffset="100"', tomcat_version="9.0.12"),
    ),
)
declare(
    "connector.port-placeholder",
    about="a port given as a ${} placeholder no file resolves",
    reads=(Reads(C, ("port",)),),
    status=P,
    target='connectors[].port {"$int": "&{p}"}',
    hint="IG reads the token from env P or -Dp at start-up",
    examples=(Example(P, '<Connector port="${http.port}"/>'),),
)
declare(
    "connector.port-token",
    about="the variable an unresolved port placeholder needs at start-up",
    reads=(Reads(C, ("port",)),),
    status=MAN,
    target="bin/env.sh or the host",
    hint="provide the value where IG can read it",
    examples=(Example(MAN, '<Connector port="${http.port}"/>', message_contains="HTTP_PORT"),),
)
declare(
    "connector.bad-port",
    about="a port or port offset Tomcat cannot use",
    reads=(Reads(C, ("port",)), Reads("Server", ("portOffset",))),
    status=E,
    hint="Tomcat cannot start such a connector either",
    examples=(
        Example(E, '<Connector port="80a"/>', message_contains="not a port number"),
        Example(E, '<Connector port="@http.port@"/>', message_contains="template slot"),
    ),
)
declare(
    "connector.bad-value",
    about="a header size Tomcat cannot read as a number",
    reads=(Reads(C, ("maxHttpRequestHeaderSize", "maxHttpHeaderSize")),),
    status=MAN,
    hint="Tomcat fails to set it and keeps its default (8 KiB): give IG the limit you need",
    examples=(Example(MAN, http(' maxHttpHeaderSize="big"'), message_contains="not a number"),),
)
declare(
    "connector.duplicate-port",
    about="two Connectors bound to one port and address",
    reads=(Reads(C, ("port", "address")),),
    status=E,
    hint="standalone IG cannot bind the same port twice",
    examples=(Example(E, http("") + http("")),),
)
declare(
    "connector.address",
    about="the address a Connector binds",
    reads=(Reads(C, ("address",)),),
    status=M,
    target="admin.json connectors[].vertx.host",
    hint="bind address",
    examples=(Example(M, http(' address="127.0.0.1"')),),
)
declare(
    "connector.max-header-size",
    about="the request header size limit",
    reads=(Reads(C, ("maxHttpRequestHeaderSize", "maxHttpHeaderSize")),),
    status=M,
    target=(
        ("7.2", "admin.json connectors[].vertx.maxHeaderSize"),
        ("2023.11", "admin.json connectors[].maxTotalHeadersSize"),
    ),
    hint="request header size limit",
    examples=(Example(M, http(' maxHttpHeaderSize="16384"')),),
)
declare(
    "connector.idle-timeout",
    about="how long an idle connection stays open",
    reads=(Reads(C, ("keepAliveTimeout", "connectionTimeout")),),
    status=P,
    target="connectors[].vertx.idleTimeout (MILLISECONDS)",
    hint="Vert.x closes idle connections; Tomcat's timeouts also cover the first request line",
    examples=(Example(P, http(' connectionTimeout="20000"')),),
)
declare(
    "connector.compression",
    about="response compression",
    reads=(Reads(C, COMPRESSION),),
    status=P,
    target="connectors[].vertx.compressionSupported",
    hint="Vert.x compresses per Accept-Encoding; size and MIME filters are not carried",
    examples=(
        Example(P, http(' compression="on" compressionMinSize="2048"')),
        Example(M, http(' compression="off"')),
    ),
)
declare(
    "connector.http2",
    about="HTTP/2 (h2c upgrade, or h2 over TLS)",
    reads=(Reads("UpgradeProtocol", ("className",)),),
    status=P,
    target="vertx.http2ClearTextEnabled (clear text) / ServerTlsOptions alpn (TLS)",
    hint="HTTP/2 settings of Http2Protocol are not carried",
    examples=(
        Example(
            P,
            '<Connector port="8080">'
            '<UpgradeProtocol className="org.apache.coyote.http2.Http2Protocol"/></Connector>',
            message_contains="h2c",
        ),
    ),
)
declare(
    "connector.threads",
    about="request thread pools",
    reads=(Reads(C, THREADS), Reads("Executor")),
    status=IGN,
    hint="standalone has no thread-per-request pool: Vert.x event loops (gatewayUnits)",
    examples=(
        Example(IGN, http(' maxThreads="300" acceptCount="100"')),
        Example(IGN, '<Executor name="pool"/>' + http(' executor="pool"'), message_contains="pool"),
    ),
)
declare(
    "connector.proxy",
    about="settings for running behind a proxy or redirecting to HTTPS",
    reads=(Reads(C, PROXY),),
    status=MAN,
    hint="no equivalent; behind a TLS-offloading proxy trust X-Forwarded-* in routes",
    examples=(Example(MAN, http(' redirectPort="8443" proxyName="ig.example.com"')),),
)
declare(
    "connector.container-only",
    about="servlet-container request handling",
    reads=(Reads(C, CONTAINER_ONLY),),
    status=IGN,
    hint="servlet-container request handling with no standalone counterpart",
    examples=(Example(IGN, http(' URIEncoding="UTF-8"')),),
)
declare(
    "connector.attribute",
    about="any other Connector attribute, and TLS settings on a clear-text Connector",
    reads=(Reads(C, ("*",)), Reads("UpgradeProtocol"), Reads("SSLHostConfig")),
    status=MAN,
    hint="no standalone equivalent known to igmigrate: check whether you rely on it",
    examples=(
        Example(MAN, http(' frobnicate="true"'), message_contains="frobnicate"),
        Example(IGN, http(' keystoreFile="conf/ks.p12"'), message_contains="SSLEnabled"),
    ),
)
declare(
    "connector.ajp",
    about="AJP Connectors",
    reads=(Reads(C, ("protocol",)),),
    status=U,
    hint="standalone IG has no AJP: front it with an HTTP reverse proxy (mod_proxy_http)",
    examples=(Example(U, '<Connector port="8009" protocol="AJP/1.3"/>'),),
)
declare(
    "connector.unknown-protocol",
    about="a protocol class that is not one of Tomcat's HTTP handlers",
    reads=(Reads(C, ("protocol",)),),
    status=MAN,
    hint="a vendor protocol handler: check what it adds before converting it as HTTP",
    examples=(Example(MAN, http(' protocol="com.example.Proto"')),),
)
declare(
    "connector.removed-protocol",
    about="the BIO Http11Protocol, removed in Tomcat 9",
    reads=(Reads(C, ("protocol",)),),
    status=MAN,
    target="connectors[]",
    hint="removed in Tomcat 9: that connector could not start there",
    examples=(Example(MAN, http(' protocol="org.apache.coyote.http11.Http11Protocol"')),),
)
declare(
    "connector.other-service",
    about="Connectors of a Service that does not deploy the gateway",
    reads=(Reads(C),),
    status=IGN,
    hint="they serve other applications",
    examples=(Example(IGN, server_xml=OTHER_SERVICE, message_contains="Admin"),),
)
