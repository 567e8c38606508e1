"""THE rule table: every Tomcat → standalone rule igmigrate applies, with its default status."""

from __future__ import annotations

from dataclasses import dataclass

from igmigrate.findings import Status

M, P, MAN, U, IGN, E = (
    Status.MAPPED,
    Status.PARTIAL,
    Status.MANUAL,
    Status.UNSUPPORTED,
    Status.IGNORED,
    Status.ERROR,
)


@dataclass(frozen=True)
class Rule:
    id: str
    tomcat: str  # what is read, in Tomcat's words
    target: str  # where it goes in the standalone instance ("" when nowhere)
    status: Status
    note: str


RULES: tuple[Rule, ...] = (
    # --- connectors (mapping.md §Connectors)
    Rule(
        "connector.port",
        "<Connector port protocol>",
        "admin.json connectors[].port",
        M,
        "one connector per HTTP Connector of the gateway's Service, in file order",
    ),
    Rule(
        "connector.port-offset",
        "<Server portOffset>",
        "admin.json connectors[].port",
        M,
        "added to every connector port, as Tomcat does",
    ),
    Rule(
        "connector.port-placeholder",
        '<Connector port="${p}"> unresolved',
        'connectors[].port {"$int": "&{p}"}',
        P,
        "IG reads the token from env P or -Dp at start-up",
    ),
    Rule(
        "connector.port-token",
        "unresolved port placeholder",
        "bin/env.sh or the host",
        MAN,
        "provide the value where IG can read it",
    ),
    Rule(
        "connector.bad-port",
        "<Connector port> not a number",
        "",
        E,
        "Tomcat cannot start such a connector either",
    ),
    Rule(
        "connector.duplicate-port",
        "two Connectors on one port",
        "",
        E,
        "standalone IG cannot bind the same port twice",
    ),
    Rule(
        "connector.address",
        "<Connector address>",
        "connectors[].vertx.host (7.2)",
        M,
        "bind address",
    ),
    Rule(
        "connector.max-header-size",
        "maxHttpHeaderSize / maxHttpRequestHeaderSize",
        "connectors[].vertx.maxHeaderSize (7.2)",
        M,
        "request header size limit",
    ),
    Rule(
        "connector.idle-timeout",
        "connectionTimeout / keepAliveTimeout",
        "connectors[].vertx.idleTimeout (MILLISECONDS)",
        P,
        "Vert.x closes idle connections; Tomcat's timeouts also cover the first request line",
    ),
    Rule(
        "connector.compression",
        "compression, compressionMinSize, compressibleMimeType",
        "connectors[].vertx.compressionSupported",
        P,
        "Vert.x compresses per Accept-Encoding; size and MIME filters are not carried",
    ),
    Rule(
        "connector.http2",
        "<UpgradeProtocol Http2Protocol>",
        "vertx.http2ClearTextEnabled (clear text) / ServerTlsOptions alpn (TLS)",
        P,
        "HTTP/2 settings of Http2Protocol are not carried",
    ),
    Rule(
        "connector.threads",
        "maxThreads, minSpareThreads, acceptCount, maxConnections, executor, <Executor>",
        "",
        IGN,
        "standalone has no thread-per-request pool: Vert.x event loops (gatewayUnits)",
    ),
    Rule(
        "connector.proxy",
        "redirectPort, proxyName, proxyPort, scheme, secure",
        "",
        MAN,
        "no equivalent; behind a TLS-offloading proxy trust X-Forwarded-* in routes",
    ),
    Rule(
        "connector.container-only",
        "URIEncoding, enableLookups, maxPostSize, …",
        "",
        IGN,
        "servlet-container request handling with no standalone counterpart",
    ),
    Rule(
        "connector.attribute",
        "any other Connector attribute",
        "",
        MAN,
        "no standalone equivalent known to igmigrate: check whether you rely on it",
    ),
    Rule(
        "connector.ajp",
        'protocol="AJP/1.3" or an Ajp class',
        "",
        U,
        "standalone IG has no AJP: front it with an HTTP reverse proxy (mod_proxy_http)",
    ),
    Rule(
        "connector.unknown-protocol",
        'protocol="<vendor class>"',
        "",
        MAN,
        "a vendor protocol handler: check what it adds before converting it as HTTP",
    ),
    Rule(
        "connector.removed-protocol",
        'protocol="…Http11Protocol" (BIO)',
        "connectors[]",
        MAN,
        "removed in Tomcat 9: that connector could not start there",
    ),
    Rule(
        "connector.other-service",
        "Connectors of Services that do not deploy the gateway",
        "",
        IGN,
        "they serve other applications",
    ),
    # --- HTTPS (mapping.md §HTTPS)
    Rule(
        "tls.connector",
        '<Connector SSLEnabled="true">',
        "connectors[].tls → ServerTlsOptions",
        M,
        "one ServerTlsOptions per HTTPS connector in the admin.json heap",
    ),
    Rule(
        "tls.keystore",
        "keystoreFile / certificateKeystoreFile, type, alias",
        "KeyStoreSecretStore (file copied to secrets/)",
        M,
        "the real store type and the lower-case alias are used",
    ),
    Rule(
        "tls.pem-form",
        "certificateFile + certificateKeyFile (+ chain)",
        "FileSystemSecretStore + PemPropertyFormat",
        M,
        "key and certificates are joined into one PEM secret file under secrets/",
    ),
    Rule(
        "tls.password",
        "keystorePass, keyPass, truststorePass, certificate*Password",
        "a secret id (secrets/<id> or env)",
        M,
        "the value lives only in OUT/secrets",
    ),
    Rule(
        "tls.password-missing",
        "a password that is an unresolved ${placeholder}",
        "",
        MAN,
        "never written as a literal: supply the secret",
    ),
    Rule(
        "tls.default-password",
        "a well-known default password (changeit)",
        "",
        MAN,
        "change it when you move the keystore",
    ),
    Rule(
        "tls.alias-unknown",
        "a key alias that could not be determined",
        "",
        MAN,
        "written as a configuration token: set it",
    ),
    Rule(
        "tls.extra-certificate",
        "a second <Certificate> (RSA + EC)",
        "",
        P,
        "IG serves one key per host name",
    ),
    Rule(
        "tls.protocols",
        "sslEnabledProtocols / protocols / SSLProtocol / sslProtocol",
        "ServerTlsOptions sslEnabledProtocols / sslContextAlgorithm",
        M,
        "Tomcat's all and +/- syntax expanded to explicit names",
    ),
    Rule(
        "tls.ciphers",
        "ciphers / SSLCipherSuite",
        "ServerTlsOptions sslCipherSuites",
        M,
        "JSSE names are carried; OpenSSL cipher strings cannot be expanded faithfully",
    ),
    Rule(
        "tls.client-auth",
        "clientAuth / certificateVerification / SSLVerifyClient",
        "ServerTlsOptions clientAuth",
        M,
        "true→REQUIRED, want→REQUEST, false→NONE",
    ),
    Rule(
        "tls.truststore",
        "truststoreFile / truststoreType / truststorePass",
        "SecretsTrustManager over a KeyStoreSecretStore",
        M,
        "every trusted entry is mapped",
    ),
    Rule(
        "tls.jvm-truststore",
        "client authentication with the JVM's default truststore",
        "",
        MAN,
        "IG needs an explicit trustManager",
    ),
    Rule(
        "tls.sni",
        "several <SSLHostConfig hostName>",
        "ServerTlsOptions sni.serverNames",
        M,
        "defaultSSLHostConfigName becomes sni.defaultSecretId",
    ),
    Rule(
        "tls.sni-options",
        "per-host protocols/ciphers/truststore with SNI",
        "",
        P,
        "IG applies one set of options per connector: the default host's",
    ),
    Rule(
        "tls.attribute",
        "other TLS settings (honorCipherOrder, CRL, OpenSSLConf…)",
        "",
        MAN,
        "no ServerTlsOptions equivalent",
    ),
    Rule(
        "tls.no-certificate",
        "an HTTPS connector without a certificate",
        "",
        E,
        "Tomcat cannot start it either",
    ),
    Rule(
        "tls.legacy-ignored",
        "legacy TLS attributes on Tomcat 10.1+",
        "",
        IGN,
        "Tomcat 10.1 removed them: they had no effect",
    ),
    Rule(
        "tls.sslhostconfig-ignored",
        "<SSLHostConfig> on Tomcat 7",
        "",
        IGN,
        "Tomcat 7 has no rule for it",
    ),
    Rule("tls.duplicate-host", "two host configs for one host name", "", E, "Tomcat rejects it"),
    Rule(
        "tls.default-host-missing",
        "defaultSSLHostConfigName names no SSLHostConfig",
        "",
        E,
        "Tomcat refuses to start the connector",
    ),
    Rule("tls.overridden", "a TLS attribute set twice", "", IGN, "Tomcat keeps the last value"),
    Rule(
        "tls.certificate-type",
        "several <Certificate>s without distinct types",
        "",
        E,
        "Tomcat rejects it",
    ),
    Rule(
        "tls.certificate-source",
        "keystore and PEM both set",
        "",
        IGN,
        "Tomcat uses the one set last",
    ),
    Rule("tls.keystore.unresolved", "a keystore path not known here", "", MAN, "copy it by hand"),
    Rule(
        "tls.keystore.missing",
        "a keystore file that does not exist",
        "",
        E,
        "Tomcat cannot start TLS",
    ),
    Rule("tls.keystore.unreadable", "a keystore that cannot be read", "", E, "check the file"),
    Rule("tls.keystore.password", "a wrong keystore password", "", E, "Tomcat cannot open it"),
    Rule(
        "tls.keystore.unverified",
        "a keystore whose password is not known here",
        "",
        MAN,
        "check it with keytool -list",
    ),
    Rule(
        "tls.keystore.type",
        "a keystore whose real type differs from keystoreType",
        "",
        M,
        "IG is given the real type",
    ),
    Rule(
        "tls.keystore.alias",
        "a key alias missing from the keystore",
        "",
        E,
        "Tomcat cannot start TLS",
    ),
    Rule(
        "tls.keystore.first-key",
        "no key alias: Tomcat takes the first key",
        "",
        M,
        "the alias chosen is named",
    ),
    Rule("tls.keystore.no-key", "a keystore without a private key", "", E, "TLS cannot start"),
    Rule("tls.keystore.key-password", "a wrong key password", "", E, "TLS cannot start"),
    Rule("tls.certificate.expired", "an expired certificate", "", MAN, "renew it"),
    Rule(
        "tls.certificate.expiring", "a certificate expiring within 30 days", "", M, "renew it soon"
    ),
    Rule("tls.pem", "an unreadable or mismatched PEM key/certificate", "", E, "check the files"),
    Rule(
        "tls.truststore.empty",
        "a truststore with no trusted certificate",
        "",
        MAN,
        "no client can authenticate",
    ),
    # --- the rest of server.xml
    Rule(
        "server.gateway-app",
        "the gateway web application",
        "",
        M,
        "its Service's connectors become the standalone connectors",
    ),
    Rule(
        "server.no-gateway-app",
        "no gateway web application found",
        "",
        MAN,
        "every Service's connectors are used; pass --app-path to choose",
    ),
    Rule(
        "server.other-app", "other applications in appBase", "", IGN, "only the gateway is migrated"
    ),
    Rule(
        "server.shutdown", "<Server port shutdown>", "", IGN, "standalone IG stops with bin/stop.sh"
    ),
    Rule("server.listener", "<Listener>", "", IGN, "Tomcat lifecycle listeners have no role"),
    Rule(
        "server.layout",
        "<Service name>, <Engine name defaultHost>, <Host name appBase …>",
        "",
        IGN,
        "read to locate the gateway; standalone has one gateway per instance",
    ),
    Rule(
        "server.realm",
        "<Realm>",
        "",
        U,
        "container authentication has no standalone equivalent: authenticate in IG filters",
    ),
    Rule(
        "server.cluster",
        "<Cluster>",
        "",
        U,
        "no session replication in standalone: sticky sessions or JwtSession",
    ),
    Rule(
        "server.remote-ip",
        "RemoteIpValve",
        "",
        MAN,
        "IG sees the proxy's address: trust X-Forwarded-* in routes instead",
    ),
    Rule("server.valve", "other <Valve>s", "", MAN, "no standalone equivalent: review"),
    Rule(
        "server.container-valve",
        "ErrorReportValve, StuckThreadDetectionValve",
        "",
        IGN,
        "servlet-container behaviour that standalone IG does not have",
    ),
    Rule(
        "server.user-database",
        '<Resource type="org.apache.catalina.UserDatabase">',
        "",
        IGN,
        "serves Tomcat's UserDatabaseRealm only (tomcat-users.xml)",
    ),
    Rule(
        "server.no-rule",
        "an element Tomcat has no rule for",
        "",
        IGN,
        'Tomcat itself ignores it ("No rules found matching")',
    ),
    Rule("server.body-text", "text between elements", "", IGN, "Tomcat ignores element text"),
    Rule(
        "unconverted",
        "a setting a later igmigrate version converts",
        "",
        MAN,
        "not converted yet: carry it over by hand",
    ),
    # --- catalina.properties, setenv.sh, version (reported by their readers)
    Rule(
        "properties.placeholder",
        "a catalina.properties key used by ${}",
        "",
        M,
        "its value was substituted where Tomcat would",
    ),
    Rule(
        "properties.tomcat-internal",
        "Tomcat's own catalina.properties keys",
        "",
        IGN,
        "class loaders, package access, jar scanning: no meaning outside Tomcat",
    ),
    Rule(
        "properties.unused",
        "a catalina.properties key no ${} uses",
        "",
        IGN,
        "nothing read refers to it",
    ),
    Rule(
        "properties.jvm-system-property",
        "java.*, javax.*, http(s).* keys",
        "",
        MAN,
        "Tomcat set them JVM-wide, so IG's JVM had them too: carry them to IG_OPTS",
    ),
    Rule("properties.duplicate-key", "a key defined twice", "", IGN, "the last one wins"),
    Rule(
        "setenv.not-evaluated",
        "$(…), conditionals, sourcing, functions in setenv.sh",
        "",
        MAN,
        "never executed: reported so a human checks what it did",
    ),
    Rule(
        "setenv.unknown-variable",
        "a variable setenv.sh reads but does not set",
        "",
        MAN,
        "supply it with --env, or it stays a ${VAR} reference",
    ),
    Rule(
        "setenv.assumed-empty",
        "JAVA_OPTS/CATALINA_OPTS read before being set",
        "",
        IGN,
        "assumed empty, as on a plain start",
    ),
    Rule(
        "setenv.line-break-in-options",
        "a line break inside JAVA_OPTS/CATALINA_OPTS",
        "",
        MAN,
        "catalina.sh's eval ends the command there",
    ),
    Rule("setenv.crlf", "CRLF line endings in setenv.sh", "", MAN, "sh reads the CR literally"),
    Rule("setenv.syntax-error", "shell syntax igmigrate cannot read", "", MAN, "check by hand"),
    Rule("setenv.bat-not-read", "bin/setenv.bat", "", MAN, "Windows start-up is not read"),
    Rule(
        "tomcat.version",
        "lib/catalina.jar, RELEASE-NOTES",
        "",
        M,
        "the rules applied depend on the Tomcat version",
    ),
    Rule("tomcat.version-assumed", "no version found", "", MAN, "pass --tomcat-version"),
    Rule(
        "tomcat.version-override",
        "--tomcat-version differs from the detected one",
        "",
        M,
        "the option wins",
    ),
    Rule(
        "tomcat.server-info-override",
        "a hardened ServerInfo.properties",
        "",
        M,
        "cross-checked with RELEASE-NOTES",
    ),
    Rule(
        "tomcat.version-unreadable",
        "an unreadable version source",
        "",
        MAN,
        "pass --tomcat-version",
    ),
    # --- the output directory
    Rule(
        "output.secret-kept",
        "a secret file in OUT this run would not write, or would write differently",
        "OUT/secrets/",
        MAN,
        "kept as found (rotated or supplied by hand); --force replaces or removes it",
    ),
    # --- inputs
    Rule(
        "xml.entity-include",
        "DOCTYPE SYSTEM entity",
        "",
        M,
        "included from inside CATALINA_BASE only, as Tomcat's Digester would",
    ),
)

BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


def rule(rule_id: str) -> Rule:
    return BY_ID[rule_id]
