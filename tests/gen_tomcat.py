"""Hypothesis generators of whole Tomcat inputs (server.xml, context.xml, web.xml, setenv.sh,
catalina.properties) and IG instances, valid and broken, with the secrets they hold."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from hypothesis import strategies as st

from tests.tls_stores import KEY_PASSWORD, STORE_PASSWORD, TRUST_PASSWORD, Stores
from tests.tomcat_tree import GATEWAY_WEB_XML

# a password we generate: recognisable anywhere it might leak
MARK = st.text("0123456789abcdef", min_size=10, max_size=10).map(lambda h: f"Mk{h}Pw")
Attrs = dict[str, str]


@dataclass
class Elem:
    tag: str
    attrs: Attrs = field(default_factory=dict)
    children: list[Elem] = field(default_factory=list)
    text: str = ""


@dataclass
class Tree:
    """A generated Tomcat base: files to write, the secrets in them, what must be accounted."""

    files: dict[str, bytes]
    secrets: set[str]
    attrs: set[tuple[str, str, str]]  # (file, element tag, attribute) generated
    broken: bool
    keystores: dict[str, str]  # SRC rel path -> which store of tls_stores to copy there
    ig_routes: dict[str, bytes] | None = None  # --ig-instance files (None: no --ig-instance)

    def write(self, root: Path, stores: Stores) -> tuple[Path, Path | None]:
        src = root / "src"
        for rel, data in self.files.items():
            p = src / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
        for rel, name in self.keystores.items():
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(getattr(stores, name), src / rel)
        ig = None
        if self.ig_routes is not None:
            ig = root / "ig"
            (ig / "config").mkdir(parents=True)
            for rel, data in self.ig_routes.items():
                (ig / rel).parent.mkdir(parents=True, exist_ok=True)
                (ig / rel).write_bytes(data)
        return src, ig


def render(e: Elem, depth: int = 0) -> str:
    pad = "  " * depth
    attrs = "".join(f" {k}={quoteattr(v)}" for k, v in e.attrs.items())
    if not e.children and not e.text:
        return f"{pad}<{e.tag}{attrs}/>\n"
    inner = escape(e.text) + "".join(render(c, depth + 1) for c in e.children)
    if e.children:
        inner = "\n" + inner + pad
    return f"{pad}<{e.tag}{attrs}>{inner}</{e.tag}>\n"


def walk(e: Elem) -> list[Elem]:
    return [e, *(d for c in e.children for d in walk(c))]


PROTOCOLS = (
    "HTTP/1.1",
    "org.apache.coyote.http11.Http11NioProtocol",
    "org.apache.coyote.http11.Http11Nio2Protocol",
    "AJP/1.3",
)
PLAIN_EXTRAS = {
    "connectionTimeout": st.sampled_from(["20000", "-1", "abc", "${timeout}"]),
    "maxThreads": st.sampled_from(["200", "0", "1000", "many"]),
    "address": st.sampled_from(["0.0.0.0", "127.0.0.1", "::1", "localhost"]),
    "redirectPort": st.sampled_from(["8443", "0"]),
    "compression": st.sampled_from(["on", "off", "force", "2048"]),
    "URIEncoding": st.sampled_from(["UTF-8", "ISO-8859-1"]),
    "proxyName": st.just("ig.example.com"),
    "proxyPort": st.sampled_from(["443", "80"]),
    "xpoweredBy": st.sampled_from(["true", "false"]),
    "fooUnknown": st.text("abcxyz", min_size=1, max_size=5),
}
STORES = {"pkcs12": ("PKCS12", "https-connector-key"), "jks_same_pw": ("JKS", "tomcat")}


@st.composite
def port(draw: st.DrawFn, props: dict[str, str]) -> str:
    kind = draw(st.sampled_from(["num", "num", "prop", "undefined", "entity", "bad"]))
    if kind == "num":
        return str(draw(st.integers(1, 65535)))
    if kind == "prop":
        name = f"p{draw(st.integers(0, 9))}.port"
        props[name] = str(draw(st.integers(1024, 65535)))
        return f"${{{name}}}"
    if kind == "undefined":
        return "${no.such.port}"
    if kind == "entity":
        return "\0ENTITY\0"  # replaced by &port; after quoting
    return draw(st.sampled_from(["http", "-1", "70000", ""]))


@st.composite
def connector(draw: st.DrawFn, props: dict[str, str], tree: dict[str, object]) -> Elem:
    secrets: set[str] = tree["secrets"]  # type: ignore[assignment]
    stores: dict[str, str] = tree["keystores"]  # type: ignore[assignment]
    attrs: Attrs = {"port": draw(port(props))}
    tls = draw(st.booleans())
    attrs["protocol"] = draw(st.sampled_from(PROTOCOLS[:3] if tls else PROTOCOLS))
    for k in draw(st.lists(st.sampled_from(sorted(PLAIN_EXTRAS)), max_size=3, unique=True)):
        attrs[k] = draw(PLAIN_EXTRAS[k])
    e = Elem("Connector", attrs)
    if attrs["protocol"] == "AJP/1.3" and draw(st.booleans()):
        attrs["secret"] = draw(MARK)
        secrets.add(attrs["secret"])
    if not tls:
        return e
    attrs.update(SSLEnabled="true", scheme="https", secure="true")
    store = draw(st.sampled_from(sorted(STORES)))
    rel = f"conf/{draw(st.sampled_from(['ks', 'tls/server']))}-{store}.store"
    stores[rel] = store
    password = draw(st.sampled_from(["right", "right", "wrong", "prop", "missing-prop"]))
    if password == "right":
        pw = STORE_PASSWORD
    elif password == "wrong":
        pw = draw(MARK)
        secrets.add(pw)
    elif password == "prop":
        props["ks.pass"] = STORE_PASSWORD
        pw = "${ks.pass}"
    else:
        pw = "${undefined.ks.pass}"
    if draw(st.booleans()):  # Tomcat 8.5 style, on the Connector
        attrs.update(keystoreFile=rel, keystorePass=pw, keystoreType=STORES[store][0])
        return e
    cert: Attrs = {
        "certificateKeystoreFile": draw(st.sampled_from([rel, f"${{catalina.base}}/{rel}"])),
        "certificateKeystorePassword": pw,
        "certificateKeystoreType": STORES[store][0],
    }
    if draw(st.booleans()):
        cert["certificateKeyAlias"] = STORES[store][1]
    if draw(st.booleans()):
        cert["type"] = "RSA"
    host: Attrs = {}
    if draw(st.booleans()):
        host["protocols"] = draw(st.sampled_from(["TLSv1.2", "TLSv1.2+TLSv1.3", "all", "SSLv3"]))
    if draw(st.booleans()):
        host["ciphers"] = draw(st.sampled_from(["HIGH:!aNULL", "TLS_AES_128_GCM_SHA256"]))
    if draw(st.booleans()):
        trust = "conf/trust.jks"
        stores[trust] = "truststore"
        tpw = draw(st.sampled_from([TRUST_PASSWORD, "MARK"]))
        if tpw == "MARK":
            tpw = draw(MARK)
            secrets.add(tpw)
        host.update(truststoreFile=trust, truststorePassword=tpw, truststoreType="JKS")
        host["certificateVerification"] = draw(st.sampled_from(["required", "optional"]))
    e.children.append(Elem("SSLHostConfig", host, [Elem("Certificate", cert)]))
    return e


@st.composite
def server_xml(draw: st.DrawFn, props: dict[str, str], tree: dict[str, object]) -> Elem:
    services = []
    for i in range(draw(st.integers(1, 2))):
        conns = draw(st.lists(connector(props, tree), min_size=0, max_size=3))
        host = Elem("Host", {"name": "localhost", "appBase": "webapps"})
        if draw(st.booleans()):
            host.children.append(
                Elem(
                    "Valve",
                    {
                        "className": "org.apache.catalina.valves.AccessLogValve",
                        "directory": "logs",
                        "pattern": draw(st.sampled_from(["common", "combined", "%h %t %r %s"])),
                    },
                )
            )
        engine = Elem("Engine", {"name": f"Catalina{i}", "defaultHost": "localhost"}, [host])
        services.append(Elem("Service", {"name": f"Catalina{i or ''}"}, [*conns, engine]))
    return Elem("Server", {"port": "8005", "shutdown": "SHUTDOWN"}, services)


def _xml_bytes(draw: st.DrawFn, root: Elem, entity: bool) -> tuple[bytes, bool]:
    """The document in a drawn encoding, maybe broken; (bytes, broken)."""
    encoding = draw(st.sampled_from(["UTF-8", "ISO-8859-1", "UTF-16"]))
    doctype = '<!DOCTYPE Server [<!ENTITY port "8080">]>\n' if entity else ""
    body = render(root).replace("\0ENTITY\0", "&port;")
    comment = "<!-- généré: ünïcode -->\n"
    text = f'<?xml version="1.0" encoding="{encoding}"?>\n{doctype}{comment}{body}'
    data = text.encode(encoding)
    how = draw(st.sampled_from(["ok"] * 6 + ["truncate", "bad-entity", "wrong-encoding", "xxe"]))
    if how == "truncate":
        data = data[: draw(st.integers(0, max(len(data) - 2, 0)))]
    elif how == "bad-entity":
        data = text.replace("<Service", "&nope;<Service", 1).encode(encoding)
    elif how == "wrong-encoding" and encoding == "UTF-8":
        data = text.encode("latin-1")
    elif how == "xxe":
        doctype = '<!DOCTYPE Server [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n'
        data = f'<?xml version="1.0"?>\n{doctype}{body.replace("<Service", "&x;<Service", 1)}'
        data = data.encode()  # type: ignore[attr-defined]
    return data, how != "ok" and not (how == "wrong-encoding" and encoding != "UTF-8")


SETENV_LINES = (
    "#!/bin/sh",
    "# a comment",
    'CATALINA_OPTS="$CATALINA_OPTS -Xmx1g"',
    'JAVA_OPTS="-Dfile.encoding=UTF-8 -Duser.timezone=UTC"',
    "export CATALINA_OPTS JAVA_OPTS",
    'CATALINA_PID="$CATALINA_BASE/tomcat.pid"',
    "HOST=$(hostname)",
    'if [ -f /etc/x ]; then CATALINA_OPTS="-Dx=1"; fi',
    ". /etc/default/tomcat",
    'UNTERMINATED="oops',
    "IG_INSTANCE_DIR=/nonexistent/ig",
)


@st.composite
def setenv(draw: st.DrawFn, secrets: set[str]) -> bytes:
    lines = draw(st.lists(st.sampled_from(SETENV_LINES), max_size=6))
    if draw(st.booleans()):
        pw = draw(MARK)
        secrets.add(pw)
        key = draw(st.sampled_from(["javax.net.ssl.keyStorePassword", "db.password"]))
        lines.append(f'CATALINA_OPTS="$CATALINA_OPTS -D{key}={pw}"')
    return ("\n".join(lines) + "\n").encode()


@st.composite
def properties(draw: st.DrawFn, props: dict[str, str]) -> bytes:
    extra = draw(
        st.lists(
            st.sampled_from(["a=1", "list=x,\\\n  y", "\\u0041uni=\\u00e9", "! c", "k v", "=x"]),
            max_size=4,
        )
    )
    return ("\n".join([*extra, *(f"{k}={v}" for k, v in props.items())]) + "\n").encode("latin-1")


@st.composite
def context_xml(draw: st.DrawFn, secrets: set[str]) -> Elem:
    ctx = Elem("Context", {})
    if draw(st.booleans()):
        ctx.children.append(Elem("WatchedResource", text="WEB-INF/web.xml"))
    if draw(st.booleans()):
        ctx.children.append(Elem("Manager", {"pathname": ""}))
    if draw(st.booleans()):
        pw = draw(MARK)
        secrets.add(pw)
        url = draw(
            st.sampled_from(["jdbc:mysql://db:3306/ig", f"jdbc:postgresql://db/ig?password={pw}"])
        )
        res = {
            "name": "jdbc/ig",
            "auth": "Container",
            "type": "javax.sql.DataSource",
            "driverClassName": "com.mysql.cj.jdbc.Driver",
            "url": url,
            "username": "ig",
            "password": pw,
        }
        ctx.children.append(Elem("Resource", res))
    if draw(st.booleans()):
        ctx.attrs["sessionCookieName"] = "IGSESSION"
    return ctx


@st.composite
def web_xml(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        return GATEWAY_WEB_XML.encode()
    extra = draw(
        st.lists(
            st.sampled_from(
                [
                    "<session-config><session-timeout>30</session-timeout></session-config>",
                    "<context-param><param-name>ig.instance.dir</param-name>"
                    "<param-value>/nonexistent</param-value></context-param>",
                    "<display-name>IG</display-name>",
                    "<broken>",
                ]
            ),
            max_size=3,
        )
    )
    return GATEWAY_WEB_XML.replace("<web-app>", "<web-app>" + "".join(extra)).encode()


@st.composite
def ig_instance(draw: st.DrawFn, secrets: set[str]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for i in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["proxy", "static", "broken", "jndi"]))
        if kind == "broken":
            data = b'{"name": "x", "handler": '
        elif kind == "static":
            data = json.dumps(
                {"handler": {"type": "StaticResponseHandler", "config": {"status": 200}}}
            ).encode()
        elif kind == "jndi":
            data = json.dumps(
                {
                    "heap": [
                        {
                            "name": "ds",
                            "type": "JdbcDataSource",
                            "config": {"dataSourceJndiName": "java:comp/env/jdbc/ig"},
                        }
                    ],
                    "handler": "ReverseProxyHandler",
                }
            ).encode()
        else:
            data = json.dumps(
                {"name": f"r{i}", "baseURI": "http://app:8080", "handler": "ReverseProxyHandler"}
            ).encode()
        files[f"config/routes/{i:02d}-{kind}.json"] = data
    if draw(st.booleans()):
        files["config/admin.json"] = json.dumps({"prefix": "openig"}).encode()
    return files


@st.composite
def tomcat_trees(draw: st.DrawFn) -> Tree:
    props: dict[str, str] = {}
    state: dict[str, object] = {"secrets": set(), "keystores": {}}
    secrets: set[str] = state["secrets"]  # type: ignore[assignment]
    server = draw(server_xml(props, state))
    entity = any(v == "\0ENTITY\0" for e in walk(server) for v in e.attrs.values())
    xml, broken = _xml_bytes(draw, server, entity)
    files = {"conf/server.xml": xml, "RELEASE-NOTES": b"   Apache Tomcat Version 9.0.85\n"}
    attrs = {("conf/server.xml", e.tag, k) for e in walk(server) for k in e.attrs}
    if draw(st.booleans()):
        ctx = draw(context_xml(secrets))
        files["conf/context.xml"] = f'<?xml version="1.0"?>\n{render(ctx)}'.encode()
        attrs |= {("conf/context.xml", e.tag, k) for e in walk(ctx) for k in e.attrs}
    files["webapps/ROOT/WEB-INF/web.xml"] = draw(web_xml())
    if draw(st.booleans()):
        files["bin/setenv.sh"] = draw(setenv(secrets))
    if props or draw(st.booleans()):
        files["conf/catalina.properties"] = draw(properties(props))
    routes = draw(st.none() | ig_instance(secrets))
    keystores: dict[str, str] = state["keystores"]  # type: ignore[assignment]
    secrets |= {STORE_PASSWORD, KEY_PASSWORD, TRUST_PASSWORD}
    return Tree(files, secrets, attrs, broken, keystores, routes)
