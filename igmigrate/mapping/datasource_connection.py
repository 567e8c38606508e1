"""A JdbcDataSource's connection settings: url, driver, user, password secret, driver properties.

Unresolved `${}` placeholders become IG `&{}` tokens (the password: a secret with no value, never
a literal); credentials inside the JDBC URL are taken out of jdbcUrl (username, secret).
"""

from __future__ import annotations

from igmigrate.findings import SettingKey
from igmigrate.ig.model import JsonValue
from igmigrate.ig.secrets import split_properties, split_url_credentials
from igmigrate.mapping.claims import Claims
from igmigrate.mapping.connector_port import env_name, token_name
from igmigrate.mapping.context import MapContext
from igmigrate.mapping.tls_context import PASSWORDS
from igmigrate.rules import applies
from igmigrate.secretvalue import Secret, placeholder_name
from igmigrate.tomcat.model import Attr
from igmigrate.tomcat.resources import Declared

HEAP_PREFIX = "JdbcDataSource-"


def _tokens(text: str, unresolved: tuple[str, ...]) -> str:
    """Each unresolved `${name}` as the IG token `&{name}` (IG reads env, then -D)."""
    for name in unresolved:
        text = text.replace("${" + name + "}", "&{" + token_name(name) + "}")
    return text


@applies("datasource.placeholder")
def _value(mc: MapContext, attr: Attr, jndi: str, key: SettingKey, where_el: Claims) -> str:
    """An attribute's value for JSON: unresolved placeholders become IG tokens (reported)."""
    if not attr.unresolved:
        return attr.value
    text = _tokens(attr.value, attr.unresolved)
    tokens = ", ".join(
        f"&{{{token_name(n)}}} (env {env_name(token_name(n))})" for n in attr.unresolved
    )
    mc.emit(
        "datasource.placeholder",
        f'DataSource "{jndi}": {attr.spelling} "{attr.raw}" has no value here: written as'
        f" {text!r}; set {tokens} for IG, or re-run with --property",
        location=where_el.element.at(attr.name),
        settings=(key,),
    )
    return text


@applies(
    "datasource.password",
    "datasource.password-missing",
    "datasource.url-credentials",
    "datasource.properties-secret",
)
def connection(
    mc: MapContext, d: Declared, claims: Claims, jndi: str, heap: str
) -> tuple[dict[str, JsonValue], list[str], bool]:
    """The JdbcDataSource config, notes for the main finding, and whether it needs a hand."""
    el = d.element
    config: dict[str, JsonValue] = {}
    notes: list[str] = []
    manual = False
    user: str | None = None
    url_password: Secret | None = None
    for name, key in (("driverClassName", "driverClassName"), ("url", "jdbcUrl")):
        attr = el.attr(name)
        if attr is None:
            continue
        if attr.secret is not None and name == "url":
            split = split_url_credentials(attr.secret)
            config[key] = _tokens(split.url, attr.unresolved)
            user, url_password = split.user, split.password
            both = [a for a in ("username", "password") if el.attr(a) is not None]
            also = (
                f"; the {' and '.join(both)} attribute{'s' if len(both) > 1 else ''} win"
                " over the URL's (check which the database expects)"
                if both
                else ""
            )
            mc.emit(
                "datasource.url-credentials",
                f'DataSource "{jndi}": the url carried {", ".join(split.removed)}: jdbcUrl'
                " is written without them; the user name goes to username, the password to"
                f" a secret{also}",
                location=el.at(name),
            )
            continue
        config[key] = _value(mc, attr, jndi, el.key(name), claims)
    if "jdbcUrl" not in config:
        notes.append("no url: set jdbcUrl (or dataSourceClassName) by hand")
        manual = True
    attr = el.attr("username")
    if attr is not None:
        config["username"] = _value(mc, attr, jndi, el.key("username"), claims)
    elif user is not None:
        config["username"] = user
    secret_id = f"datasource.{heap.removeprefix(HEAP_PREFIX)}.password"
    pw_id = _password(mc, d, claims, jndi, secret_id, url_password)
    if pw_id is not None:
        config["passwordSecretId"] = pw_id
    config["secretsProvider"] = PASSWORDS
    props = el.attr("connectionProperties")
    if props is not None:
        if props.secret is not None:
            plain, withheld = split_properties(props.secret)
            mc.emit(
                "datasource.properties-secret",
                f'DataSource "{jndi}": connectionProperties entries {", ".join(withheld)} look'
                " like secrets and are not written to config.json",
                location=el.at("connectionProperties"),
            )
        else:
            text = _tokens(props.value, props.unresolved)
            pairs = (item.partition("=") for item in text.split(";"))
            plain = {k.strip(): v for k, _, v in pairs if k.strip()}
        if plain:
            config["properties"] = dict(plain)
            notes.append(f"connectionProperties → properties ({', '.join(plain)})")
    return config, notes, manual


def _password(
    mc: MapContext,
    d: Declared,
    claims: Claims,
    jndi: str,
    secret_id: str,
    from_url: Secret | None,
) -> str | None:
    """The password's secret id (registered), from the attribute or else the URL."""
    reg = mc.instance.secrets
    mode = mc.config.secrets_mode
    el = d.element
    attr = el.attr("password")
    if attr is None:
        if from_url is not None:
            sid = reg.add(secret_id, from_url, el.at("url"))
            mc.emit(
                "datasource.password",
                f'DataSource "{jndi}": the password of its url → secret id {sid}, kept in'
                f" {reg.where(sid, mode)}",
                location=el.at("url"),
            )
            return sid
        return None
    where = el.at("password")
    keys = claims.take("password")
    if attr.unresolved:
        names = dict.fromkeys(placeholder_name(n) for n in (*attr.used, *attr.unresolved))
        made_of = ", ".join(f"${{{n}}}" for n in names)
        sid = reg.add(secret_id, None, where, placeholder=made_of)
        mc.emit(
            "datasource.password-missing",
            f'DataSource "{jndi}": password uses {made_of}, which has no value here: secret id'
            f" {sid} has no value",
            location=where,
            settings=keys,
            hint=f"provide it as {reg.where(sid, mode)}, or re-run with --property",
        )
        return sid
    sid = reg.add(secret_id, attr.secret, where)
    mc.emit(
        "datasource.password",
        f'DataSource "{jndi}": password → secret id {sid}, kept in {reg.where(sid, mode)}',
        location=where,
        settings=keys,
    )
    return sid
