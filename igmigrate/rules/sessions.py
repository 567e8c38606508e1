"""The gateway's HTTP session: web.xml session-config and the Context cookie settings."""

from __future__ import annotations

from igmigrate.rules.example import GATEWAY_WEB_XML, Example
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import IGN, M, P, U

WEB_XML, APP_WEB_XML = "conf/web.xml", "<app>/WEB-INF/web.xml"
# every web.xml Tomcat merges for the app, lowest precedence first
WEB_XMLS = (
    WEB_XML,
    "conf/<Engine>/<Host>/web.xml.default",
    "<app>/WEB-INF/tomcat-web.xml",
    APP_WEB_XML,
)
COOKIE = "session-config/cookie-config"
# read on the <Context> of conf/context.xml, context.xml.default and the app's own
CONTEXT_ATTRS = (
    "sessionCookieName",
    "sessionCookieDomain",
    "sessionCookiePath",
    "sessionCookiePathUsesTrailingSlash",
    "useHttpOnly",
    "cookies",
)
HA_HINT = (
    "standalone IG keeps sessions in one process's memory, with no replication or persistence:"
    " use sticky sessions at the load balancer, or JwtSession (the session in an encrypted cookie)"
)


def web_xml(session_config: str, extra: str = "") -> dict[str, str]:
    """The gateway's WEB-INF/web.xml (it still deploys GatewayServlet) with `session_config`."""
    return {
        "webapps/ROOT/WEB-INF/web.xml": (
            '<?xml version="1.0"?>\n<web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"'
            ' version="6.0">\n'
            "<servlet><servlet-name>g</servlet-name>"
            "<servlet-class>org.forgerock.openig.web.GatewayServlet</servlet-class></servlet>\n"
            f"{extra}<session-config>{session_config}</session-config>\n</web-app>\n"
        )
    }


def context_xml(attrs: str, body: str = "") -> dict[str, str]:
    return {"conf/context.xml": f"<Context{attrs}>{body}</Context>\n"}


def reads_web(*names: str) -> tuple[Reads, ...]:
    return tuple(Reads(f"{f} {COOKIE}/{n}") for f in WEB_XMLS for n in names)


declare(
    "session.cookie-name",
    about="the session cookie's name: Context sessionCookieName, web.xml cookie-config name,"
    " else JSESSIONID",
    reads=(Reads("Context", ("sessionCookieName",)), *reads_web("name")),
    status=M,
    target="admin.json session.cookie.name",
    hint="",
    examples=(
        Example(M, message_contains="JSESSIONID"),
        Example(M, files=web_xml("<cookie-config><name>IGSESS</name></cookie-config>")),
        Example(
            M,
            files={
                **web_xml("<cookie-config><name>FROM_WEB_XML</name></cookie-config>"),
                **context_xml(' sessionCookieName="FROM_CONTEXT"'),
            },
            message_contains="FROM_CONTEXT",
        ),
    ),
)
declare(
    "session.http-only",
    about="HttpOnly on the session cookie: web.xml http-only OR Context useHttpOnly (default true)",
    reads=(Reads("Context", ("useHttpOnly",)), *reads_web("http-only")),
    status=M,
    target="admin.json session.cookie.httpOnly",
    hint="",
    examples=(Example(M, files=context_xml(' useHttpOnly="false"'), message_contains="false"),),
)
declare(
    "session.secure",
    about="Secure on the session cookie: web.xml cookie-config secure",
    reads=reads_web("secure"),
    status=M,
    target="admin.json session.cookie.secure",
    hint="",
    examples=(Example(M, files=web_xml("<cookie-config><secure>true</secure></cookie-config>")),),
)
declare(
    "session.cookie-path",
    about="the session cookie's path: Context sessionCookiePath, web.xml path, else the context"
    " path",
    reads=(
        Reads("Context", ("sessionCookiePath", "sessionCookiePathUsesTrailingSlash")),
        *reads_web("path"),
    ),
    status=M,
    target="admin.json session.cookie.path",
    hint="",
    examples=(
        Example(M, files=context_xml(' sessionCookiePath="/app"')),
        Example(
            P,
            gateway=False,
            files={"webapps/ig/WEB-INF/web.xml": GATEWAY_WEB_XML},
            message_contains="under /ig",
        ),
    ),
)
declare(
    "session.cookie-domain",
    about="the session cookie's domain: Context sessionCookieDomain, web.xml domain",
    reads=(Reads("Context", ("sessionCookieDomain",)), *reads_web("domain")),
    status=M,
    target="admin.json session.cookie.domain",
    hint="",
    examples=(Example(M, files=context_xml(' sessionCookieDomain=".example.com"')),),
)
declare(
    "session.same-site",
    about="SameSite on the session cookie: CookieProcessor sameSiteCookies, or the Servlet 6"
    " cookie-config SameSite attribute",
    reads=(Reads("CookieProcessor", ("sameSiteCookies",)), *reads_web("attribute")),
    status=M,
    target="admin.json session.cookie.sameSite",
    hint="",
    examples=(
        Example(
            M,
            files=context_xml("", '<CookieProcessor sameSiteCookies="strict"/>'),
            message_contains="strict",
        ),
    ),
)
declare(
    "session.timeout",
    about="web.xml session-timeout (minutes; app web.xml over conf/web.xml; 0 or less: never)",
    reads=(*(Reads(f"{f} session-config/session-timeout") for f in WEB_XMLS),),
    status=M,
    target="admin.json session.timeout",
    hint="",
    examples=(
        Example(M, files=web_xml("<session-timeout>45</session-timeout>"), message_contains="45"),
        Example(
            M, files=web_xml("<session-timeout>-1</session-timeout>"), message_contains="unlimited"
        ),
    ),
)
declare(
    "session.overridden",
    about="a session setting that a file Tomcat applies later (or with precedence) replaces",
    reads=(
        Reads("Context", CONTEXT_ATTRS),
        Reads("CookieProcessor", ("sameSiteCookies",)),
        *reads_web("*"),
    ),
    status=IGN,
    hint="Tomcat uses the other value: nothing to carry over from this one",
    examples=(
        Example(
            IGN,
            files={
                **web_xml("<session-timeout>45</session-timeout>"),
                "conf/web.xml": "<web-app><session-config><session-timeout>30</session-timeout>"
                "</session-config></web-app>\n",
            },
            message_contains="conf/web.xml",
        ),
    ),
)
declare(
    "session.cookie-option",
    about="web.xml cookie-config max-age, comment and other cookie attributes",
    reads=reads_web("max-age", "comment", "attribute"),
    status=U,
    hint="IG's session cookie has no such setting: it is a browser-session cookie without a"
    " comment; set it in a route (a filter rewriting Set-Cookie) if clients need it",
    examples=(Example(U, files=web_xml("<cookie-config><max-age>3600</max-age></cookie-config>")),),
)
declare(
    "session.tracking-mode",
    about='web.xml tracking-mode (URL, SSL) and Context cookies="false"',
    reads=(
        Reads("Context", ("cookies",)),
        *(Reads(f"{f} session-config/tracking-mode") for f in WEB_XMLS),
    ),
    status=U,
    hint="IG standalone tracks sessions with its cookie only: clients that relied on URL"
    " rewriting (;jsessionid=) or the TLS session lose their session",
    examples=(
        Example(U, files=web_xml("<tracking-mode>URL</tracking-mode>")),
        Example(IGN, files=web_xml("<tracking-mode>COOKIE</tracking-mode>")),
    ),
)
declare(
    "session.replication",
    about="<distributable/>, a replicated or persistent <Manager>, a <Cluster> in a <Context>",
    reads=(
        *(Reads(f"{f} distributable") for f in WEB_XMLS),
        Reads("Manager", ("className",)),
        Reads("Cluster"),
    ),
    status=U,
    hint=HA_HINT,
    examples=(
        Example(U, files=web_xml("", "<distributable/>\n"), message_contains="WEB-INF/web.xml:4"),
        Example(
            U,
            files=context_xml(
                "", '<Manager className="org.apache.catalina.session.PersistentManager"/>'
            ),
        ),
    ),
)
