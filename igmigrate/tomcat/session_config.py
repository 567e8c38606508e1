"""The gateway's effective session cookie and timeout, with Tomcat's precedence (no IG knowledge).

web.xml: the app's WEB-INF/web.xml wins over its WEB-INF/tomcat-web.xml (8.5+), which wins over the
Host's web.xml.default, which wins over conf/web.xml, property by property (WebXml.merge).
Context attributes (sessionCookieName, sessionCookiePath, sessionCookieDomain, useHttpOnly,
sessionCookiePathUsesTrailingSlash, cookies) come from conf/context.xml, the Host's
context.xml.default, then the app's own <Context> (its descriptor or META-INF/context.xml), the
later winning; a server.xml <Context> is read first and the defaults overwrite it; `override`
on the app's <Context> drops the defaults. The last <CookieProcessor> replaces earlier ones
(sameSiteCookies defaults to unset). The cookie (ApplicationSessionCookieConfig, SessionConfig):
name = Context > web.xml > JSESSIONID; domain and path likewise (path: the context path, `/` for
ROOT); HttpOnly = web.xml http-only OR useHttpOnly (default true); Secure = web.xml secure (Tomcat
also marks it on HTTPS requests); SameSite = the cookie-config SameSite attribute (Servlet 6) >
the CookieProcessor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from igmigrate.findings import SettingKey, SourceLocation
from igmigrate.tomcat.javavalues import java_bool, java_int
from igmigrate.tomcat.model import TEXT, Element, GatewayApp
from igmigrate.tomcat.version import TomcatVersion
from igmigrate.tomcat.webapp_files import CONTEXT, WEB_XML, WebappFile

DEFAULT_NAME = "JSESSIONID"
DEFAULT_TIMEOUT = 30  # minutes: StandardContext's, and the shipped conf/web.xml's
# web.xml cookie-config children, by the property they set
COOKIE_CONFIG = ("name", "domain", "path", "comment", "http-only", "secure", "max-age")
# Context attributes about the session cookie, by the property they set
CONTEXT_ATTRS = (
    "sessionCookieName",
    "sessionCookieDomain",
    "sessionCookiePath",
    "useHttpOnly",
    "sessionCookiePathUsesTrailingSlash",
    "cookies",
)
PERSISTENT_MANAGERS = {
    "org.apache.catalina.session.PersistentManager": "persists sessions to a Store",
    "org.apache.catalina.ha.session.DeltaManager": "replicates sessions to every cluster node",
    "org.apache.catalina.ha.session.BackupManager": "replicates sessions to a backup node",
}


@dataclass(frozen=True)
class Setting:
    """One session setting as written: an attribute of `element`, or its text (name TEXT)."""

    value: str
    element: Element
    name: str  # "" for the element as a whole (a <CookieProcessor> without sameSiteCookies)
    role: str  # the file's role, in Tomcat's words

    @property
    def key(self) -> SettingKey:
        return self.element.key(self.name)

    @property
    def location(self) -> SourceLocation:
        return self.element.location if self.name in (TEXT, "") else self.element.at(self.name)

    @property
    def label(self) -> str:
        """`<session-timeout>` or `sessionCookieName`, as the user wrote it."""
        return f"<{self.element.tag}>" if self.name in (TEXT, "") else self.key.name

    @property
    def where(self) -> str:
        return f"{self.label} at {self.location}"


@dataclass
class Session:
    """The effective settings (property → the Setting that wins) and what they replaced."""

    chosen: dict[str, Setting] = field(default_factory=dict)
    overridden: list[tuple[Setting, Setting]] = field(default_factory=list)  # (loser, winner)
    tracking_modes: list[Setting] = field(default_factory=list)  # the effective list
    distributable: list[Element] = field(default_factory=list)
    replication: list[tuple[Element, str]] = field(default_factory=list)  # Manager/Cluster, why
    context_path: str = ""  # "" for ROOT
    same_site_ok: bool = True  # this Tomcat has CookieProcessor sameSiteCookies
    too_old: list[Setting] = field(default_factory=list)  # sameSiteCookies this Tomcat lacks

    def set(self, prop: str, setting: Setting) -> None:
        earlier = self.chosen.get(prop)
        if earlier is not None:
            self.overridden.append((earlier, setting))
        self.chosen[prop] = setting

    def get(self, prop: str) -> Setting | None:
        return self.chosen.get(prop)

    def first(self, *props: str) -> Setting | None:
        """The first of `props` set to a non-empty value (Tomcat skips empty names and paths)."""
        return next((s for p in props if (s := self.get(p)) is not None and s.value), None)

    # -- the cookie as Tomcat sets it --------------------------------------------------------
    @property
    def name(self) -> str:
        s = self.first("sessionCookieName", "name")
        return s.value if s is not None else DEFAULT_NAME

    @property
    def domain(self) -> str | None:
        s = self.first("sessionCookieDomain", "domain")
        return s.value if s is not None else None

    @property
    def path(self) -> str:
        s = self.first("sessionCookiePath", "path")
        path = s.value if s is not None else self.context_path
        slash = self.get("sessionCookiePathUsesTrailingSlash")
        if slash is not None and java_bool(slash.value) and not path.endswith("/"):
            return path + "/"
        return path or "/"

    @property
    def http_only(self) -> bool:
        web, ctx = self.get("http-only"), self.get("useHttpOnly")
        return (web is not None and java_bool(web.value)) or ctx is None or java_bool(ctx.value)

    @property
    def secure(self) -> bool:
        s = self.get("secure")
        return s is not None and java_bool(s.value)

    @property
    def same_site(self) -> Setting | None:
        """The SameSite setting that wins (its value may be `unset`: no attribute)."""
        return self.get("attribute:SameSite") or self.get("sameSiteCookies")

    @property
    def timeout(self) -> int | None:
        """Minutes; None: never expires (0 or negative); DEFAULT_TIMEOUT when not set."""
        s = self.get("session-timeout")
        minutes = DEFAULT_TIMEOUT if s is None else java_int(s.value.strip())
        if minutes is None:
            return DEFAULT_TIMEOUT
        return minutes if minutes > 0 else None


def _usable(files: list[WebappFile], kind: str) -> list[WebappFile]:
    return [f for f in files if f.kind == kind and f.element is not None and f.ignored is None]


def _web_xml(session: Session, wf: WebappFile) -> None:
    assert wf.element is not None
    modes: list[Setting] = []
    for sc in wf.element.child_elements("session-config"):
        for t in sc.child_elements("session-timeout"):
            session.set("session-timeout", Setting(t.text, t, TEXT, wf.role))
        for cc in sc.child_elements("cookie-config"):
            for child in cc.children:
                if child.tag in COOKIE_CONFIG:
                    session.set(child.tag, Setting(child.text, child, TEXT, wf.role))
                elif child.tag == "attribute":
                    name = next((c.text for c in child.child_elements("attribute-name")), "")
                    value = next((c for c in child.child_elements("attribute-value")), None)
                    if name and value is not None:  # the <attribute> element as a whole
                        session.set(f"attribute:{name}", Setting(value.text, child, "", wf.role))
        modes += [Setting(t.text, t, TEXT, wf.role) for t in sc.child_elements("tracking-mode")]
    if modes:  # the app's list replaces the defaults' as a whole
        session.overridden += [(old, modes[0]) for old in session.tracking_modes]
        session.tracking_modes = modes
    session.distributable += list(wf.element.child_elements("distributable"))


def same_site_supported(version: TomcatVersion) -> bool:
    """CookieProcessor sameSiteCookies: 8.5.42, 9.0.21 and later (Tomcat 7: no CookieProcessor)."""
    if version.major == 8:
        return version.at_least(8, 5, 42)
    if version.major == 9:
        return version.at_least(9, 0, 21)
    return version.major >= 10


def _context(session: Session, element: Element, role: str) -> None:
    for name in CONTEXT_ATTRS:
        a = element.attr(name)
        if a is not None:
            session.set(name, Setting(a.value, element, a.name, role))
    for cp in element.child_elements("CookieProcessor"):
        a = cp.attr("sameSiteCookies")
        setting = Setting(a.value if a is not None else "unset", cp, a.name if a else "", role)
        if a is not None and not session.same_site_ok:
            session.too_old.append(setting)
        elif a is None:  # a new processor with the default: replaces an earlier value
            earlier = session.chosen.pop("sameSiteCookies", None)
            if earlier is not None:
                session.overridden.append((earlier, setting))
        else:
            session.set("sameSiteCookies", setting)
    for m in element.child_elements("Manager"):
        why = PERSISTENT_MANAGERS.get(m.get("className") or "")
        if why is not None:
            session.replication.append((m, why))
    for c in element.child_elements("Cluster"):
        session.replication.append((c, "replicates sessions across cluster nodes"))


def context_path(gateway: GatewayApp, in_server_xml: bool) -> str:
    """The gateway's context path: "" for ROOT (ContextName: `#` is `/`, `##` a version)."""
    if gateway.context is not None and in_server_xml:
        return (gateway.context.get("path") or "").rstrip("/")
    if gateway.context is not None:
        name = gateway.context.location.file.rsplit("/", 1)[-1].removesuffix(".xml")
    else:
        name = gateway.path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".war")
    name = name.split("##", 1)[0]
    return "" if name == "ROOT" else "/" + name.replace("#", "/")


def effective_session(
    files: list[WebappFile], gateway: GatewayApp, server_xml_context: bool, version: TomcatVersion
) -> Session:
    """The gateway's session settings in the order Tomcat applies them (see the module doc).

    `server_xml_context`: gateway.context is a <Context> of server.xml (not a descriptor)."""
    session = Session(
        context_path=context_path(gateway, server_xml_context),
        same_site_ok=same_site_supported(version),
    )
    contexts = _usable(files, CONTEXT)
    meta = [f for f in contexts if f.file.endswith("META-INF/context.xml")]
    defaults = [f for f in contexts if f not in meta]
    app = gateway.context
    own = app if app is not None else (meta[0].element if meta else None)
    if own is not None and java_bool(own.get("override")):
        defaults = []  # override="true": the defaults are not applied
    if app is not None and server_xml_context:
        _context(session, app, "the <Context> of server.xml")
    for wf in defaults:
        assert wf.element is not None
        _context(session, wf.element, wf.role)
    if app is not None and not server_xml_context:
        _context(session, app, "the gateway's context descriptor")
    for wf in meta:
        assert wf.element is not None
        _context(session, wf.element, wf.role)
    # the defaults (conf/web.xml, then the Host's web.xml.default over it), tomcat-web.xml,
    # then the app's web.xml: each sets what the ones before it set (ContextConfig.webConfig)
    web = _usable(files, WEB_XML)
    for wf in sorted(web, key=lambda f: f.file.endswith("WEB-INF/web.xml")):
        _web_xml(session, wf)
    return session
