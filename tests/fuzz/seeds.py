"""Write the seed corpus (corpus/<target>/): small inputs written for each parser's features.

`python -m tests.fuzz.seeds` rewrites them; they are committed, and replayed by
tests/test_fuzz_regressions.py whether or not a crash was ever saved."""

from __future__ import annotations

import io
import zipfile

from tests.fuzz.engine import CORPUS
from tests.fuzz.trees import GATEWAY_WEB_XML, SERVER_XML

TLS = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE Server [<!ENTITY port "8443"><!ENTITY pw "changeit">]>
<Server port="-1">
  <Listener className="org.apache.catalina.core.AprLifecycleListener" SSLEngine="on"/>
  <Service name="Catalina">
    <Connector port="&port;" protocol="org.apache.coyote.http11.Http11NioProtocol"
               SSLEnabled="true" scheme="https" secure="true" maxThreads="${threads}">
      <SSLHostConfig hostName="*.example.com" protocols="TLSv1.2+TLSv1.3">
        <Certificate certificateKeystoreFile="conf/ks.p12" certificateKeystorePassword="&pw;"
                     type="RSA"/>
      </SSLHostConfig>
    </Connector>
    <Connector port="8009" protocol="AJP/1.3" secretRequired="false"/>
    <Engine name="Catalina" defaultHost="localhost" jvmRoute="j1">
      <Realm className="org.apache.catalina.realm.LockOutRealm"/>
      <Host name="localhost" appBase="webapps">
        <Valve className="org.apache.catalina.valves.AccessLogValve" directory="logs"
               prefix="a" suffix=".txt" pattern="%h %l %u %t &quot;%r&quot; %s %b"/>
        <Context path="" docBase="ROOT" sessionCookieName="IG"/>
      </Host>
    </Engine>
  </Service>
</Server>
"""
ENTITY_FILE = b"""<?xml version="1.0"?>
<!DOCTYPE Server [<!ENTITY connectors SYSTEM "connectors.xml">]>
<Server port="8005" shutdown="SHUTDOWN"><Service name="S">&connectors;
<Engine name="Catalina" defaultHost="h"><Host name="h" appBase="webapps"/></Engine>
</Service></Server>
"""
CONTEXT = b"""<?xml version="1.0" encoding="UTF-8"?>
<Context sessionCookieName="IGSESSION" sessionCookiePath="/" useHttpOnly="true">
  <Manager className="org.apache.catalina.session.PersistentManager" maxActiveSessions="10"/>
  <Resource name="jdbc/ds" auth="Container" type="javax.sql.DataSource"
            driverClassName="org.h2.Driver" url="jdbc:h2:mem:x;USER=sa;PASSWORD=pw"
            username="sa" password="secret" maxTotal="8"/>
  <Environment name="ig/flag" type="java.lang.String" value="${ig.flag}"/>
  <Parameter name="ig.instance.dir" value="/opt/ig"/>
  <Valve className="org.apache.catalina.valves.RemoteAddrValve" allow="127\\.0\\.0\\.1"/>
</Context>
"""
WEB = b"""<?xml version="1.0" encoding="UTF-8"?>
<web-app xmlns="http://xmlns.jcp.org/xml/ns/javaee" version="4.0">
  <context-param><param-name>ig.instance.dir</param-name><param-value>/opt/ig</param-value>
  </context-param>
  <servlet><servlet-name>Gateway</servlet-name>
    <servlet-class>org.forgerock.openig.web.GatewayServlet</servlet-class>
    <init-param><param-name>k</param-name><param-value>v</param-value></init-param>
  </servlet>
  <servlet-mapping><servlet-name>Gateway</servlet-name><url-pattern>/*</url-pattern>
  </servlet-mapping>
  <session-config><session-timeout>30</session-timeout>
    <cookie-config><name>IG</name><secure>true</secure></cookie-config></session-config>
  <security-constraint><user-data-constraint><transport-guarantee>CONFIDENTIAL
  </transport-guarantee></user-data-constraint></security-constraint>
</web-app>
"""
SETENV = [
    b'JAVA_OPTS="$JAVA_OPTS -Xmx1g -Dig.instance.dir=/opt/ig"\n'
    b"export CATALINA_OPTS='-Dfoo=bar -Djavax.net.ssl.trustStorePassword=changeit'\n",
    b'#!/bin/sh\nif [ -z "$IG_HOME" ]; then IG_HOME=/opt/ig; fi\n'
    b'CATALINA_OPTS="${CATALINA_OPTS:-} -Dhome=${IG_HOME}" ; export CATALINA_OPTS\n'
    b'UMASK=0027\nJAVA_HOME=`dirname $0`/jre\nCATALINA_PID="$CATALINA_BASE/tomcat.pid"\n',
    b'\xef\xbb\xbfJAVA_OPTS="-Da=1 \\\r\n -Db=2"\r\nCATALINA_OPTS=$(echo x)\r\n',
    b'case "$1" in start) JAVA_OPTS="-Dx=\\"y z\\"";; esac\nunset JAVA_OPTS\n. ./other.sh\n',
]
PROPERTIES = [
    b'package.access=sun.,org.apache.catalina.\nshared.loader=\ncommon.loader="${catalina.base}'
    b'/lib","${catalina.home}/lib/*.jar"\ntomcat.util.buf.StringCache.byte.enabled=true\n',
    b"# comment\n! other\nkey\\ with\\ space = a \\\n    continued\nk:\\u00e9\\t\nk=again\n"
    b"org.apache.tomcat.util.digester.PROPERTY_SOURCE=org.apache.tomcat.util.digester."
    b"EnvironmentPropertySource\n",
    b"bad=\\u12\nlatin=\xe9\r\n",
]
JSON = [
    b'{\n  "mode": "PRODUCTION",\n  "connectors": [ { "port": 8080 } ],\n'
    b'  "session": { "cookie": { "name": "IG" } }\n}\n',
    b'{"heap": [{"name": "ClientHandler", "type": "ClientHandler", "config": {}}],'
    b' "handler": "ClientHandler", "baseURI": "https://x:8443", "n": -1.5e3, "t": true}',
    b'\xef\xbb\xbf{\n\t"name": "route",\n\t"condition": "${find(request.uri.path, \'^/\')}",\n'
    b'\t"a~b/c": null\n}',
    b"[1, 2, {}]",
    b'{"a": 1, "a": 2}',
    b'{"s": "\\u00e9\\ud83d\\ude00", "e": "\\"\\\\\\/\\b"}',
]


def _zip(entries: dict[str, bytes], comment: bytes = b"", stored: bool = False) -> bytes:
    buf = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in entries.items():
            z.writestr(name, data)
        z.comment = comment
    return buf.getvalue()


WARS = [
    _zip({"WEB-INF/web.xml": GATEWAY_WEB_XML, "WEB-INF/lib/openig-core-7.2.0.jar": b"PK"}),
    _zip(
        {"META-INF/MANIFEST.MF": b"Manifest-Version: 1.0\r\n"}, comment=b"PK\x05\x06", stored=True
    ),
    _zip({}),
]


def seeds() -> dict[str, list[bytes]]:
    return {
        "server_xml": [SERVER_XML, TLS, ENTITY_FILE, b"<Server/>", b"<Server><Service"],
        "context_xml": [CONTEXT, b"<Context/>", b'<Context docBase="../x" path="/a"/>'],
        "web_xml": [WEB, GATEWAY_WEB_XML, b"<web-app/>"],
        "setenv": SETENV,
        "catalina_properties": PROPERTIES,
        "ig_json": JSON,
        "war": WARS,
    }


def write() -> None:
    for name, inputs in seeds().items():
        d = CORPUS / name
        d.mkdir(parents=True, exist_ok=True)
        for old in d.iterdir():
            old.unlink()
        for n, data in enumerate(inputs, 1):
            (d / f"seed-{n:02d}").write_bytes(data)


if __name__ == "__main__":
    write()
