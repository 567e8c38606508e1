"""The gateway's effective Tomcat session → admin.json `session` (mapping.md §Session).

In web-container mode IG's stateful session is Tomcat's HttpSession, so its cookie is Tomcat's
(JSESSIONID unless renamed) and its timeout web.xml's. The standalone `session` object keeps that
behaviour: every cookie property Tomcat set is written explicitly, never left to IG's defaults
(IG_SESSIONID, 30 minutes).
"""

from __future__ import annotations

from igmigrate.findings import SettingKey, SourceLocation, Status
from igmigrate.ig.model import JsonValue
from igmigrate.mapping.context import MapContext
from igmigrate.rules import applies
from igmigrate.tomcat.javavalues import java_int
from igmigrate.tomcat.session_config import (
    DEFAULT_NAME,
    DEFAULT_TIMEOUT,
    Session,
    Setting,
    effective_session,
)

SAME_SITE = ("unset", "none", "lax", "strict")  # Tomcat's SameSiteCookies values
KEPT = (
    "kept rather than IG's default IG_SESSIONID: load balancers (stickiness rules) and clients"
    " may key on it"
)


def _keys(*settings: Setting | None) -> tuple[SettingKey, ...]:
    """The settings' keys; an element taken as a whole (name "") gives its whole subtree."""
    out: list[SettingKey] = []
    for s in settings:
        if s is not None:
            out += s.element.subtree_keys() if s.name == "" else [s.key]
    return tuple(out)


def _from(s: Setting | None, default: str) -> str:
    return f"{s.where} ({s.role})" if s is not None else default


@applies("session.overridden")
def _overridden(mc: MapContext, loser: Setting, winner: Setting) -> None:
    mc.emit(
        "session.overridden",
        f"{loser.where} ({loser.role}) = {loser.value!r} has no effect: {winner.where}"
        f" ({winner.role}) takes precedence",
        location=loser.location,
        settings=_keys(loser),
    )


def _precedence(mc: MapContext, s: Session, context_prop: str, web_prop: str) -> None:
    """A Context attribute beats the web.xml value of the same cookie property."""
    ctx, web = s.get(context_prop), s.get(web_prop)
    if ctx is not None and ctx.value and web is not None:
        _overridden(mc, web, ctx)


@applies("session.cookie-name")
def _name(mc: MapContext, s: Session, cookie: dict[str, JsonValue]) -> None:
    src = s.first("sessionCookieName", "name")
    cookie["name"] = s.name
    where = _from(src, "no sessionCookieName nor web.xml cookie-config name: Tomcat's default")
    kept = f"; {KEPT}" if s.name == DEFAULT_NAME else ""
    mc.emit(
        "session.cookie-name",
        f"session cookie name {s.name} ({where}){kept}",
        location=src.location if src else None,
        settings=_keys(s.get("sessionCookieName"), s.get("name")),
    )


@applies("session.http-only")
def _http_only(mc: MapContext, s: Session, cookie: dict[str, JsonValue]) -> None:
    web, ctx = s.get("http-only"), s.get("useHttpOnly")
    cookie["httpOnly"] = s.http_only
    if s.http_only:
        why = (
            f"web.xml {web.where}"
            if web is not None and web.value.lower() == "true"
            else f"{_from(ctx, 'Context useHttpOnly defaults to true')}"
        )
        if web is not None and web.value.lower() != "true":
            why += f"; {web.where} = {web.value!r} alone does not turn it off in Tomcat"
    else:
        why = f"{_from(ctx, '')} is false and no web.xml http-only is true"
    mc.emit(
        "session.http-only",
        f"session cookie HttpOnly {str(s.http_only).lower()} ({why})",
        location=first.location if (first := web or ctx) is not None else None,
        settings=_keys(web, ctx),
    )


@applies("session.secure")
def _secure(mc: MapContext, s: Session, cookie: dict[str, JsonValue]) -> None:
    src = s.get("secure")
    if s.secure:
        cookie["secure"] = True
        msg = f"session cookie Secure true ({_from(src, '')})"
        status = None
    else:
        https = _https_connector(mc)
        if https is None and src is None:
            return
        msg = (
            f"{_from(src, 'no web.xml cookie-config secure')}: the cookie is not marked Secure"
            " here; Tomcat still marked it Secure on HTTPS requests (request.isSecure())"
        )
        status = None
        if https is not None:
            msg += f" such as those of the connector at {https}: set cookie.secure to true if"
            msg += " clients reach IG over HTTPS only"
            status = Status.PARTIAL
    mc.emit(
        "session.secure",
        msg,
        location=src.location if src else _https_location(mc),
        settings=_keys(src),
        status=status,
        hint="" if status is None else "set admin.json session.cookie.secure when only HTTPS",
    )


def _https_connector(mc: MapContext) -> str | None:
    loc = _https_location(mc)
    return str(loc) if loc is not None else None


def _https_location(mc: MapContext) -> SourceLocation | None:
    """The first HTTPS connector of the gateway's Service (Tomcat set Secure on its requests)."""
    gw = mc.loaded.gateway
    for service in mc.loaded.server.services:
        if gw is not None and service.name != gw.service:
            continue
        for c in service.connectors:
            e = c.element
            if (e.get("SSLEnabled") or "").lower() == "true" or e.child_elements("SSLHostConfig"):
                return e.location
    return None


@applies("session.cookie-path", "session.cookie-domain")
def _path_domain(mc: MapContext, s: Session, cookie: dict[str, JsonValue]) -> None:
    src = s.first("sessionCookiePath", "path")
    slash = s.get("sessionCookiePathUsesTrailingSlash")
    cookie["path"] = s.path
    ctx = (
        "the context path (ROOT: /)" if not s.context_path else f"the context path {s.context_path}"
    )
    prefix = src is None and bool(s.context_path)  # the path came from the context path
    mc.emit(
        "session.cookie-path",
        f"session cookie path {s.path} ({_from(src, ctx)})"
        + (f"; {slash.where} = {slash.value}" if slash is not None else "")
        + (
            f"; standalone IG serves at /, so this path holds only while clients still call"
            f" the gateway under {s.context_path}"
            if prefix
            else ""
        ),
        location=src.location if src else None,
        settings=_keys(s.get("sessionCookiePath"), s.get("path"), slash),
        status=Status.PARTIAL if prefix else None,
        hint=f"if the {s.context_path} prefix is dropped (see server.context-path), set"
        " admin.json session.cookie.path to /"
        if prefix
        else None,
    )
    dom = s.first("sessionCookieDomain", "domain")
    if s.domain is not None or s.get("sessionCookieDomain") or s.get("domain"):
        if s.domain is not None:
            cookie["domain"] = s.domain
        mc.emit(
            "session.cookie-domain",
            f"session cookie domain {s.domain or '(none: host-only)'} ({_from(dom, 'empty')})",
            location=dom.location if dom else None,
            settings=_keys(s.get("sessionCookieDomain"), s.get("domain")),
        )


@applies("session.same-site")
def _same_site(mc: MapContext, s: Session, cookie: dict[str, JsonValue]) -> None:
    for old in s.too_old:
        mc.emit(
            "session.same-site",
            f"{old.where} ({old.role}): Tomcat {mc.loaded.version.version} has no"
            " sameSiteCookies (8.5.42, 9.0.21 and later), so it set no SameSite attribute",
            location=old.location,
            settings=_keys(old),
            status=Status.IGNORED,
            hint="nothing written: IG sets no SameSite attribute by default either",
        )
    src = s.same_site
    if src is None:
        return
    value = src.value.strip().lower()
    if value not in SAME_SITE:
        mc.emit(
            "session.same-site",
            f"{src.where} = {src.value!r} is not one of {', '.join(SAME_SITE)}: Tomcat fails to"
            " start the context",
            location=src.location,
            settings=_keys(src),
            status=Status.ERROR,
            hint="fix the value",
        )
        return
    if value != "unset":
        cookie["sameSite"] = value
    shown = "unset (no SameSite attribute, as IG by default)" if value == "unset" else value
    mc.emit(
        "session.same-site",
        f"session cookie SameSite {shown} ({src.where}, {src.role})",
        location=src.location,
        settings=_keys(src, s.get("sameSiteCookies")),
    )


@applies("session.timeout")
def _timeout(mc: MapContext, s: Session, session: dict[str, JsonValue]) -> None:
    src = s.get("session-timeout")
    minutes = s.timeout
    session["timeout"] = "unlimited" if minutes is None else f"{minutes} minutes"
    where = _from(src, f"no session-timeout: Tomcat's default {DEFAULT_TIMEOUT}")
    if src is not None and java_int(src.value.strip()) is None:
        where += f"; {src.value!r} is not an integer, Tomcat's default {DEFAULT_TIMEOUT} assumed"
    mc.emit(
        "session.timeout",
        f"session timeout {session['timeout']} ({where})",
        location=src.location if src else None,
        settings=_keys(src),
    )


@applies("session.cookie-option", "session.tracking-mode", "session.replication")
def _unsupported(mc: MapContext, s: Session) -> None:
    for prop, setting in s.chosen.items():
        if prop in ("max-age", "comment") or (
            prop.startswith("attribute:") and prop != "attribute:SameSite"
        ):
            mc.emit(
                "session.cookie-option",
                f"{setting.where} = {setting.value!r} ({setting.role}): not carried over",
                location=setting.location,
                settings=_keys(setting),
            )
    if s.tracking_modes:
        modes = [m.value for m in s.tracking_modes]
        other = [m for m in modes if m != "COOKIE"]
        mc.emit(
            "session.tracking-mode",
            f"session tracking modes {', '.join(modes)} ({s.tracking_modes[0].role})"
            + (f": IG has no {', '.join(other)} tracking" if other else ": IG uses its cookie too"),
            location=s.tracking_modes[0].location,
            settings=_keys(*s.tracking_modes),
            status=None if other else Status.IGNORED,
            hint=None if other else "",
        )
    cookies = s.get("cookies")
    if cookies is not None:
        off = cookies.value.lower() != "true"
        mc.emit(
            "session.tracking-mode",
            f"{cookies.where} = {cookies.value!r} ({cookies.role})"
            + (": Tomcat tracked sessions without cookies" if off else ": cookies are used"),
            location=cookies.location,
            settings=_keys(cookies),
            status=None if off else Status.IGNORED,
            hint=None if off else "",
        )
    for d in s.distributable:
        mc.emit(
            "session.replication",
            f"<distributable/> at {d.location}: the application's sessions were replicated"
            " across a Tomcat cluster",
            location=d.location,
            settings=d.subtree_keys(),
        )
    for element, why in s.replication:
        mc.emit(
            "session.replication",
            f'<{element.tag} className="{element.get("className") or ""}"> at'
            f" {element.location} {why}",
            location=element.location,
            settings=element.subtree_keys(),
        )


def map_session(mc: MapContext) -> None:
    """admin.json `session` from the gateway's effective session; nothing without a gateway."""
    gw = mc.loaded.gateway
    if gw is None:
        return
    ctx = gw.context
    in_server_xml = ctx is not None and any(e is ctx for e in mc.loaded.server.element.walk())
    version = mc.loaded.version.version
    s = effective_session(mc.loaded.webapp_files, gw, in_server_xml, version)
    for loser, winner in s.overridden:
        _overridden(mc, loser, winner)
    for context_prop, web_prop in (
        ("sessionCookieName", "name"),
        ("sessionCookiePath", "path"),
        ("sessionCookieDomain", "domain"),
        ("attribute:SameSite", "sameSiteCookies"),
    ):
        _precedence(mc, s, context_prop, web_prop)
    cookie: dict[str, JsonValue] = {}
    session: dict[str, JsonValue] = {"cookie": cookie}
    _name(mc, s, cookie)
    _http_only(mc, s, cookie)
    _secure(mc, s, cookie)
    _path_domain(mc, s, cookie)
    _same_site(mc, s, cookie)
    _timeout(mc, s, session)
    _unsupported(mc, s)
    mc.instance.admin.session = session
