"""One runnable example per rule: a small Tomcat input and the finding (id, status) it must give.

Pure data (every Example has `to_json()`), so `igmigrate rules --format json` can list them and
tests/test_rule_examples.py can run them. An example's CATALINA_BASE is built from:

- `server_xml`, a whole conf/server.xml, or else the standard one (`Example.server_xml_text()`):
  `<Server port="8005" shutdown="SHUTDOWN"{server_attrs}>`, `server` inside it, one
  `<Service name="Catalina">` holding `connectors`, an `<Engine name="Catalina">` holding `engine`
  and `<Host name="localhost" appBase="webapps">` holding `host`;
- RELEASE-NOTES naming `tomcat_version` (none when it is None), the gateway deployed as
  webapps/ROOT (unless `gateway` is False), and `files` (text files by path relative to the base);
- `stores`: keystores, truststores and PEM files the runner generates (binary files are not data).

Then convert() runs with the Config options given here; a finding with `rule` and `status` must
exist, and its message contains `message_contains` when one is set. Longer than a module should
be, on purpose: one entry per rule, until each moves into its rule's declaration (issue 7).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

from igmigrate.findings import Status
from igmigrate.mapping.table import IGN, MAN, E, M, P, U

PASSWORD = "s3cret-pw"
GATEWAY_WEB_XML = (
    "<web-app><servlet><servlet-name>g</servlet-name>"
    "<servlet-class>org.forgerock.openig.web.GatewayServlet</servlet-class></servlet></web-app>\n"
)


@dataclass(frozen=True)
class Store:
    """A store the runner generates under CATALINA_BASE (certificates: CN=localhost)."""

    path: str
    type: Literal["PKCS12", "JKS", "PEM", "CORRUPT"] = "PKCS12"  # CORRUPT: JKS magic, bad body
    password: str = PASSWORD  # store password; PEM: the key's encryption password ("": plain)
    kind: Literal["key", "trust"] = "key"  # a private key entry, or a trusted certificate
    aliases: tuple[str, ...] = ("tomcat",)  # one entry each (several only for JKS)
    key_password: str | None = None  # JKS: the key entries' own password (default: the store's)
    days: int = 365  # validity left from now; 0 or less: already expired
    key_path: str | None = None  # PEM: the key file (`path` holds the certificate)
    algorithm: Literal["EC", "RSA"] = "EC"  # the key pair (RSA: 1024 bits, tests only)

    def to_json(self) -> dict[str, object]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class Example:
    """An input and the finding it gives: `status` for the rule the example is listed under."""

    status: Status
    connectors: str = '<Connector port="8080"/>'
    server: str = ""
    engine: str = ""
    host: str = ""
    server_attrs: str = ""
    server_xml: str | None = None
    files: dict[str, str] = field(default_factory=dict)
    stores: tuple[Store, ...] = ()
    tomcat_version: str | None = "9.0.85"
    gateway: bool = True
    message_contains: str | None = None
    # Config options
    version_option: str | None = None  # --tomcat-version
    target_version: str = "7.2"
    secrets_mode: Literal["files", "env"] = "files"
    properties: dict[str, str] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)

    def server_xml_text(self) -> str:
        if self.server_xml is not None:
            return self.server_xml
        return (
            '<?xml version="1.0"?>\n'
            f'<Server port="8005" shutdown="SHUTDOWN"{self.server_attrs}>\n'
            f"  {self.server}\n"
            '  <Service name="Catalina">\n'
            f"    {self.connectors}\n"
            '    <Engine name="Catalina" defaultHost="localhost">\n'
            f"      {self.engine}\n"
            f'      <Host name="localhost" appBase="webapps">{self.host}</Host>\n'
            "    </Engine>\n"
            "  </Service>\n"
            "</Server>\n"
        )

    def to_json(self) -> dict[str, object]:
        out = asdict(self)
        out["status"] = self.status.value
        out["stores"] = [s.to_json() for s in self.stores]
        out["server_xml"] = self.server_xml_text()
        for slot in ("connectors", "server", "engine", "host", "server_attrs"):
            del out[slot]  # folded into server_xml
        return out


# -- input helpers (all examples below are built from these) --------------------------------
def _https(attrs: str = "", body: str = "") -> str:
    """An HTTPS connector on 8443; `body` (host configs) goes inside it."""
    head = f'<Connector port="8443" SSLEnabled="true"{attrs}'
    return f"{head}>{body}</Connector>" if body else f"{head}/>"


def _cert(path: str = "conf/ks.p12", extra: str = "") -> str:
    """A <Certificate> over a PKCS12 keystore with the standard password."""
    return (
        f'<Certificate certificateKeystoreFile="{path}" certificateKeystoreType="PKCS12"'
        f' certificateKeystorePassword="{PASSWORD}"{extra}/>'
    )


def _host(attrs: str = "", certificates: str = "") -> str:
    """An <SSLHostConfig> holding `certificates` (by default one over conf/ks.p12)."""
    return f"<SSLHostConfig{attrs}>{certificates or _cert()}</SSLHostConfig>"


def _props(text: str) -> dict[str, str]:
    return {"conf/catalina.properties": text}


def _setenv(text: str) -> dict[str, str]:
    return {"bin/setenv.sh": text}


def _entity_server(system: str) -> str:
    """A server.xml whose connectors come from the DOCTYPE entity SYSTEM `system`."""
    return (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE Server [<!ENTITY connectors SYSTEM "{system}">]>\n'
        '<Server port="8005" shutdown="SHUTDOWN"><Service name="Catalina">&connectors;\n'
        '<Engine name="Catalina" defaultHost="localhost"><Host name="localhost"'
        ' appBase="webapps"/></Engine></Service></Server>\n'
    )


# The PKCS12 keystore KS (key alias tomcat) and a legacy-attribute HTTPS connector over it.
KS = Store("conf/ks.p12")
KS_ATTRS = f' keystoreFile="conf/ks.p12" keystoreType="PKCS12" keystorePass="{PASSWORD}"'
HTTPS = _https(KS_ATTRS + ' keyAlias="tomcat"')
KS_UNKNOWN_PW = _https(' keystoreFile="conf/ks.p12" keystorePass="${ks.pass}"')
TRUST = Store("conf/trust.jks", "JKS", kind="trust", aliases=("client-ca",))
TRUST_ATTRS = f' truststoreFile="conf/trust.jks" truststoreType="JKS" truststorePass="{PASSWORD}"'
HOST_TRUST_ATTRS = TRUST_ATTRS.replace("truststorePass=", "truststorePassword=")
PEM = Store("conf/cert.pem", "PEM", password="", key_path="conf/key.pem")
PEM_CERT = '<Certificate certificateFile="conf/cert.pem" certificateKeyFile="conf/key.pem"/>'
KS_FIRST = '<Certificate certificateKeystoreFile="conf/ks.p12"'  # then PEM files: PEM wins
A_P12 = Store("conf/a.p12")
SNI = _https("", _host() + _host(' hostName="a.example.com"', _cert("conf/a.p12")))
SNI_OPTIONS = _https(
    "", _host() + _host(' hostName="a.example.com" protocols="TLSv1.3"', _cert("conf/a.p12"))
)
OTHER_SERVICE = """<?xml version="1.0"?>
<Server port="8005" shutdown="SHUTDOWN">
  <Service name="Catalina"><Connector port="8080"/>
    <Engine name="Catalina" defaultHost="localhost"><Host name="localhost" appBase="webapps"/>
    </Engine></Service>
  <Service name="Admin"><Connector port="9090"/>
    <Engine name="Admin" defaultHost="localhost"><Host name="localhost" appBase="adminapps"/>
    </Engine></Service>
</Server>
"""
VALVES = "org.apache.catalina.valves."


def _c(attrs: str) -> str:
    """A plain HTTP connector on 8080 with `attrs`."""
    return f'<Connector port="8080"{attrs}/>'


EXAMPLES: dict[str, tuple[Example, ...]] = {
    # --- connectors --------------------------------------------------------------------------
    "connector.port": (
        Example(M, _c(' protocol="HTTP/1.1"'), message_contains="port 8080"),
        Example(MAN, '<Connector port="0"/>', message_contains="random free port"),
    ),
    "connector.port-offset": (
        Example(M, server_attrs=' portOffset="100"', message_contains="portOffset 100"),
        Example(IGN, server_attrs=' portOffset="100"', tomcat_version="9.0.12"),
    ),
    "connector.port-placeholder": (Example(P, '<Connector port="${http.port}"/>'),),
    "connector.port-token": (
        Example(MAN, '<Connector port="${http.port}"/>', message_contains="HTTP_PORT"),
    ),
    "connector.bad-port": (
        Example(E, '<Connector port="80a"/>', message_contains="not a port number"),
        Example(E, '<Connector port="@http.port@"/>', message_contains="template slot"),
        Example(MAN, _c(' maxHttpHeaderSize="big"')),
    ),
    "connector.duplicate-port": (Example(E, _c("") + _c("")),),
    "connector.address": (Example(M, _c(' address="127.0.0.1"')),),
    "connector.max-header-size": (Example(M, _c(' maxHttpHeaderSize="16384"')),),
    "connector.idle-timeout": (Example(P, _c(' connectionTimeout="20000"')),),
    "connector.compression": (
        Example(P, _c(' compression="on" compressionMinSize="2048"')),
        Example(M, _c(' compression="off"')),
    ),
    "connector.http2": (
        Example(
            P,
            '<Connector port="8080">'
            '<UpgradeProtocol className="org.apache.coyote.http2.Http2Protocol"/></Connector>',
            message_contains="h2c",
        ),
    ),
    "connector.threads": (
        Example(IGN, _c(' maxThreads="300" acceptCount="100"')),
        Example(IGN, '<Executor name="pool"/>' + _c(' executor="pool"'), message_contains="pool"),
    ),
    "connector.proxy": (Example(MAN, _c(' redirectPort="8443" proxyName="ig.example.com"')),),
    "connector.container-only": (Example(IGN, _c(' URIEncoding="UTF-8"')),),
    "connector.attribute": (
        Example(MAN, _c(' frobnicate="true"'), message_contains="frobnicate"),
        Example(IGN, _c(' keystoreFile="conf/ks.p12"'), message_contains="SSLEnabled"),
    ),
    "connector.ajp": (Example(U, '<Connector port="8009" protocol="AJP/1.3"/>'),),
    "connector.unknown-protocol": (Example(MAN, _c(' protocol="com.example.Proto"')),),
    "connector.removed-protocol": (
        Example(MAN, _c(' protocol="org.apache.coyote.http11.Http11Protocol"')),
    ),
    "connector.other-service": (Example(IGN, server_xml=OTHER_SERVICE, message_contains="Admin"),),
    # --- HTTPS: how the connector's TLS settings map ----------------------------------------
    "tls.connector": (Example(M, HTTPS, stores=(KS,)),),
    "tls.keystore": (Example(M, HTTPS, stores=(KS,), message_contains="alias tomcat"),),
    "tls.pem-form": (Example(M, _https("", _host("", PEM_CERT)), stores=(PEM,)),),
    "tls.password": (Example(M, HTTPS, stores=(KS,), message_contains="keystorePass"),),
    "tls.password-missing": (Example(MAN, KS_UNKNOWN_PW, stores=(KS,)),),
    "tls.default-password": (
        Example(
            MAN,
            _https(' keystoreFile="conf/ks.p12"'),  # no keystorePass: changeit
            stores=(Store("conf/ks.p12", password="changeit"),),
        ),
    ),
    "tls.alias-unknown": (Example(MAN, KS_UNKNOWN_PW, stores=(KS,)),),
    "tls.extra-certificate": (
        Example(
            P,
            _https("", _host("", _cert("conf/rsa.p12", ' type="RSA"') + _cert(extra=' type="EC"'))),
            stores=(Store("conf/rsa.p12", algorithm="RSA"), KS),
        ),
    ),
    "tls.protocols": (
        Example(M, _https(KS_ATTRS + ' sslEnabledProtocols="TLSv1.2"'), stores=(KS,)),
    ),
    "tls.ciphers": (
        Example(M, _https(KS_ATTRS + ' ciphers="TLS_AES_128_GCM_SHA256"'), stores=(KS,)),
        Example(P, _https(KS_ATTRS + ' ciphers="HIGH:!aNULL"'), stores=(KS,)),
    ),
    "tls.client-auth": (
        Example(M, _https(KS_ATTRS + TRUST_ATTRS + ' clientAuth="want"'), stores=(KS, TRUST)),
        Example(
            P,
            _https("", _host(' certificateVerification="optionalNoCA"' + HOST_TRUST_ATTRS)),
            stores=(KS, TRUST),
        ),
    ),
    "tls.truststore": (
        Example(M, _https(KS_ATTRS + TRUST_ATTRS + ' clientAuth="true"'), stores=(KS, TRUST)),
    ),
    "tls.jvm-truststore": (Example(MAN, _https(KS_ATTRS + ' clientAuth="true"'), stores=(KS,)),),
    "tls.revocation": (
        Example(
            P,
            _https(KS_ATTRS + TRUST_ATTRS + ' clientAuth="true" crlFile="conf/ca.crl"'),
            stores=(KS, TRUST),
        ),
    ),
    "tls.ca-file-trust": (
        Example(
            MAN,
            _https(KS_ATTRS + ' clientAuth="true" SSLCACertificateFile="conf/ca.pem"'),
            stores=(KS,),
        ),
    ),
    "tls.sni": (Example(M, SNI, stores=(KS, A_P12), message_contains="a.example.com"),),
    "tls.sni-options": (Example(P, SNI_OPTIONS, stores=(KS, A_P12)),),
    "tls.attribute": (
        Example(MAN, _https(KS_ATTRS + ' useServerCipherSuitesOrder="true"'), stores=(KS,)),
        Example(MAN, _https("", _host(' honorCipherOrder="true"')), stores=(KS,)),
    ),
    "tls.overridden": (
        Example(IGN, _https(KS_ATTRS + ' clientAuth="want" SSLVerifyClient="none"'), stores=(KS,)),
    ),
    # --- HTTPS: configurations a Tomcat version ignores or refuses ---------------------------
    "tls.legacy-ignored": (
        Example(
            IGN,
            _https(' keystoreFile="conf/ks.p12"', _host()),
            stores=(KS,),
            tomcat_version="10.1.20",
        ),
    ),
    "tls.sslhostconfig-ignored": (
        Example(IGN, _https("", _host()), stores=(KS,), tomcat_version="7.0.109"),
    ),
    "tls.duplicate-host": (Example(E, _https("", _host() + _host()), stores=(KS,)),),
    "tls.default-host-missing": (
        Example(
            E,
            _https(' defaultSSLHostConfigName="b.example.com"', _host(' hostName="a.example.com"')),
            stores=(KS,),
        ),
    ),
    "tls.certificate-type": (Example(E, _https("", _host("", _cert() + _cert())), stores=(KS,)),),
    "tls.certificate-source": (
        Example(
            IGN,
            _https("", _host("", PEM_CERT.replace("<Certificate", KS_FIRST))),
            stores=(KS, PEM),
            message_contains="certificateFile, set last",
        ),
    ),
    # --- keystores, truststores and PEM files, opened as Tomcat would -----------------------
    "tls.keystore.unresolved": (
        Example(MAN, _https(f' keystorePass="{PASSWORD}"'), message_contains="${user.home}"),
    ),
    "tls.keystore.missing": (Example(MAN, HTTPS),),  # no store generated: placed by hand
    "tls.keystore.unreadable": (Example(E, HTTPS, stores=(Store("conf/ks.p12", "CORRUPT"),)),),
    "tls.keystore.password": (
        Example(
            E,
            _https(' keystoreFile="conf/ks.jks" keystorePass="wrong"'),
            stores=(Store("conf/ks.jks", "JKS"),),
        ),
    ),
    "tls.keystore.unverified": (Example(MAN, KS_UNKNOWN_PW, stores=(KS,)),),
    "tls.keystore.type": (
        Example(M, _https(f' keystoreFile="conf/ks.p12" keystorePass="{PASSWORD}"'), stores=(KS,)),
    ),
    "tls.keystore.alias": (Example(E, _https(KS_ATTRS + ' keyAlias="other"'), stores=(KS,)),),
    "tls.keystore.first-key": (
        Example(M, _https(KS_ATTRS), stores=(KS,)),
        Example(
            MAN,
            _https(f' keystoreFile="conf/two.jks" keystorePass="{PASSWORD}"'),
            stores=(Store("conf/two.jks", "JKS", aliases=("first", "second")),),
        ),
    ),
    "tls.keystore.no-key": (
        Example(
            E, _https(f' keystoreFile="conf/trust.jks" keystorePass="{PASSWORD}"'), stores=(TRUST,)
        ),
    ),
    "tls.keystore.key-password": (
        Example(
            E,
            _https(f' keystoreFile="conf/ks.jks" keystorePass="{PASSWORD}" keyPass="wrong"'),
            stores=(Store("conf/ks.jks", "JKS", key_password="k3y-pw"),),
        ),
        Example(
            E,
            _https("", _host("", PEM_CERT)),  # encrypted key, no certificateKeyPassword
            stores=(Store("conf/cert.pem", "PEM", key_path="conf/key.pem"),),
            message_contains="no password is set",
        ),
    ),
    "tls.certificate.expired": (Example(MAN, HTTPS, stores=(Store("conf/ks.p12", days=-1),)),),
    "tls.certificate.expiring": (Example(M, HTTPS, stores=(Store("conf/ks.p12", days=10),)),),
    "tls.pem": (
        Example(
            E,
            _https("", _host("", PEM_CERT)),
            files={"conf/cert.pem": "not a certificate\n", "conf/key.pem": "not a key\n"},
            message_contains="holds no PEM certificate",
        ),
    ),
    "tls.truststore.empty": (
        Example(
            MAN,
            _https(
                KS_ATTRS + ' clientAuth="true" truststoreFile="conf/ks.p12"'
                f' truststoreType="PKCS12" truststorePass="{PASSWORD}"'
            ),  # the keystore as truststore: a key, no trusted certificate
            stores=(KS,),
        ),
    ),
    # --- the rest of server.xml --------------------------------------------------------------
    "server.gateway-app": (Example(M, message_contains="webapps/ROOT"),),
    "server.no-gateway-app": (Example(MAN, gateway=False),),
    "server.other-app": (
        Example(IGN, files={"webapps/docs/index.html": "<p>docs</p>\n"}, message_contains="docs"),
        Example(MAN, files={"webapps/ig2/WEB-INF/web.xml": GATEWAY_WEB_XML}),
    ),
    "server.app-descriptor-unreadable": (
        Example(IGN, files={"conf/Catalina/localhost/manager.xml": ""}),
    ),
    "server.shutdown": (Example(IGN),),
    "server.listener": (
        Example(
            IGN, server='<Listener className="org.apache.catalina.startup.VersionLoggerListener"/>'
        ),
    ),
    "server.layout": (Example(IGN, message_contains="<Service>"),),
    "server.realm": (
        Example(
            U,
            engine='<Realm className="org.apache.catalina.realm.UserDatabaseRealm"'
            ' resourceName="UserDatabase"/>',
        ),
    ),
    "server.cluster": (
        Example(U, engine='<Cluster className="org.apache.catalina.ha.tcp.SimpleTcpCluster"/>'),
    ),
    "server.remote-ip": (Example(MAN, host=f'<Valve className="{VALVES}RemoteIpValve"/>'),),
    "server.valve": (Example(MAN, host=f'<Valve className="{VALVES}RequestDumperValve"/>'),),
    "server.container-valve": (
        Example(IGN, host=f'<Valve className="{VALVES}ErrorReportValve" showReport="false"/>'),
    ),
    "server.user-database": (
        Example(
            IGN,
            server='<GlobalNamingResources><Resource name="UserDatabase" auth="Container"'
            ' type="org.apache.catalina.UserDatabase"'
            ' factory="org.apache.catalina.users.MemoryUserDatabaseFactory"'
            ' pathname="conf/tomcat-users.xml"/></GlobalNamingResources>',
        ),
    ),
    "server.no-rule": (Example(IGN, server="<Resources/>", message_contains="<Resources>"),),
    "server.body-text": (Example(IGN, '<Connector port="8080">stray text</Connector>'),),
    "unconverted": (
        Example(
            MAN,
            host=f'<Valve className="{VALVES}AccessLogValve" pattern="common"/>',
            message_contains="pattern",
        ),
        Example(MAN, files=_setenv("UMASK=0027\n"), message_contains="UMASK"),
    ),
    # --- conf/catalina.properties ------------------------------------------------------------
    "properties.placeholder": (
        Example(M, '<Connector port="${ig.port}"/>', files=_props("ig.port=8080\n")),
    ),
    "properties.tomcat-internal": (
        Example(IGN, files=_props('common.loader="${catalina.home}/lib/*.jar"\n')),
    ),
    "properties.unused": (Example(IGN, files=_props("app.name=gateway\n")),),
    "properties.jvm-system-property": (
        Example(MAN, files=_props("javax.net.ssl.trustStore=/etc/trust.jks\n")),
    ),
    "properties.duplicate-key": (Example(IGN, files=_props("app.name=a\napp.name=b\n")),),
    "properties.lone-surrogate": (Example(MAN, files=_props("app.name=\\uD800\n")),),
    # --- bin/setenv.sh -----------------------------------------------------------------------
    "setenv.bom": (Example(MAN, files=_setenv("\ufeffJAVA_OPTS=-Xmx1g\n")),),
    "setenv.not-evaluated": (
        Example(
            MAN, files=_setenv('CATALINA_OPTS="-Dh=$(hostname)"\n'), message_contains="$(hostname)"
        ),
    ),
    "setenv.unknown-variable": (
        Example(
            MAN, files=_setenv('CATALINA_OPTS="-Dig.home=$IG_HOME"\n'), message_contains="IG_HOME"
        ),
    ),
    "setenv.assumed-empty": (Example(IGN, files=_setenv('JAVA_OPTS="$JAVA_OPTS -Xmx1g"\n')),),
    "setenv.line-break-in-options": (
        Example(MAN, files=_setenv('export JAVA_OPTS="-Xmx1g\n-Da=1"\n')),
    ),
    "setenv.crlf": (Example(MAN, files=_setenv("CATALINA_OPTS=-Xmx1g\r\n")),),
    "setenv.syntax-error": (Example(MAN, files=_setenv('JAVA_OPTS="-Xmx1g\n')),),
    "setenv.bat-not-read": (
        Example(MAN, files={"bin/setenv.bat": "set CATALINA_OPTS=-Xmx1g\r\n"}),
    ),
    # --- the Tomcat version ------------------------------------------------------------------
    "tomcat.version": (Example(M, message_contains="9.0.85 (from RELEASE-NOTES)"),),
    "tomcat.version-assumed": (Example(MAN, tomcat_version=None),),
    "tomcat.version-override": (Example(M, version_option="9.0.50"),),
    "tomcat.server-info-override": (
        Example(
            IGN,
            files={
                "lib/org/apache/catalina/util/ServerInfo.properties": "server.info=Apache Tomcat\n"
                "server.number=0.0.0.0\n"
            },
        ),
    ),
    "tomcat.version-unreadable": (Example(MAN, files={"lib/catalina.jar": "not a jar\n"}),),
    # --- context.xml and web.xml -------------------------------------------------------------
    "context.not-converted": (
        Example(MAN, files={"conf/context.xml": '<Context sessionCookieName="IG"/>\n'}),
        Example(
            IGN,
            host='<Context path="" docBase="ROOT"/>',  # so Tomcat skips META-INF/context.xml
            files={"webapps/ROOT/META-INF/context.xml": '<Context sessionCookieName="IG"/>\n'},
        ),
    ),
    "web-xml.not-converted": (Example(MAN, message_contains="WEB-INF/web.xml"),),
    "webapp.descriptor-unreadable": (Example(E, files={"conf/context.xml": "<Context>\n"}),),
    # --- XML inputs --------------------------------------------------------------------------
    "xml.attribute-overridden": (Example(IGN, '<Connector port="8080" Port="8081"/>'),),
    "xml.placeholder-runaway": (
        Example(E, '<Connector port="${p}"/>', files=_props("p=${p}0\n"), tomcat_version="10.1.20"),
    ),
    "xml.entity-include": (
        Example(
            M,
            server_xml=_entity_server("connectors.xml"),
            files={"conf/connectors.xml": '<Connector port="8080"/>\n'},
        ),
        Example(E, server_xml=_entity_server("/etc/hostname"), message_contains="outside"),
    ),
}
