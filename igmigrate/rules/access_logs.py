"""Access log valves (AccessLogValve, Extended…, Json…) → the AuditService of config.json."""

from __future__ import annotations

from igmigrate.rules.example import VALVES, Example
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import IGN, M, P

ACCESS_LOG_VALVES = (
    "org.apache.catalina.valves.AccessLogValve",
    "org.apache.catalina.valves.ExtendedAccessLogValve",
    "org.apache.catalina.valves.JsonAccessLogValve",
)
_CLASSES = tuple(f"className={c}" for c in ACCESS_LOG_VALVES)
# What the valve's file settings become on the audit file handler.
FILE_SETTINGS = ("className", "directory", "rotatable", "fileDateFormat", "maxDays")
# What the audit framework decides itself: reported as partial, each with what it does instead.
FORMAT_SETTINGS = (
    "pattern",
    "prefix",
    "suffix",
    "conditionIf",
    "conditionUnless",
    "condition",
    "buffered",
)
# How the valve writes its file, which the audit handler decides itself (reported one by one).
FILE_OPTIONS = (
    "renameOnRotate",
    "encoding",
    "locale",
    "requestAttributesEnabled",
    "resolveHosts",
    "checkExists",
    "maxLogMessageBufferSize",
    "ipv6Canonical",
)
_VALVE = f'<Valve className="{VALVES}AccessLogValve"'
_COMMON = f'{_VALVE} directory="logs" prefix="localhost_access_log" suffix=".txt" pattern="common"'
_AUDIT = (
    ("7.2", "config/config.json heap AuditService: CsvAuditEventHandler, topic access"),
    ("2023.11", "config/config.json heap AuditService: JsonAuditEventHandler, topic access"),
)

declare(
    "access-log.audit",
    about="an access log valve of the gateway's Engine, Host or Context",
    reads=(Reads("Valve", (*_CLASSES, *FILE_SETTINGS)),),
    status=M,
    target=_AUDIT,
    hint="a second access log in the same directory is not written twice: one handler records"
    " every request",
    examples=(
        Example(M, host=_COMMON + ' maxDays="14"/>', message_contains="14"),
        Example(M, engine=f'{_VALVE} pattern="combined" rotatable="false"/>'),
        Example(
            M,
            host=f'<Valve className="{VALVES}JsonAccessLogValve" pattern="common"'
            ' fileDateFormat="yyyy-MM-dd.HH"/>',
            message_contains="1 hour",
        ),
        Example(
            P,
            host=f'{_VALVE} pattern="common"/><Valve className="{VALVES}ExtendedAccessLogValve"'
            ' pattern="date time cs-uri sc-status"/>',
            message_contains="already",
        ),
    ),
)
declare(
    "access-log.format",
    about="what an access log line holds and when it is written: pattern, prefix, suffix,"
    " conditions, buffering",
    reads=(Reads("Valve", (*_CLASSES, *FORMAT_SETTINGS)),),
    status=P,
    target=_AUDIT,
    hint="access audit events have a fixed schema; post-process the audit file if a tool needs"
    " Tomcat's format",
    examples=(
        Example(P, host=_COMMON + "/>", message_contains="fixed schema"),
        Example(P, host=f'{_VALVE} pattern="common" conditionUnless="skip"/>'),
        Example(P, host=f'{_VALVE} pattern="common" buffered="false"/>'),
    ),
)
declare(
    "access-log.file-options",
    about="how an access log valve writes its file: renameOnRotate, encoding, locale,"
    " requestAttributesEnabled, resolveHosts, checkExists, maxLogMessageBufferSize,"
    " ipv6Canonical",
    reads=(Reads("Valve", (*_CLASSES, *FILE_OPTIONS)),),
    status=P,
    target=_AUDIT,
    hint="the audit handler writes UTF-8 events with ISO-8601 UTC timestamps and the"
    " connection's client address, under a fixed file name renamed on rotation",
    examples=(
        Example(
            IGN, host=f'{_VALVE} pattern="common" renameOnRotate="true"/>', message_contains="fixed"
        ),
        Example(P, host=f'{_VALVE} pattern="common" encoding="ISO-8859-1"/>'),
        Example(IGN, host=f'{_VALVE} pattern="common" encoding="utf-8"/>'),
        Example(
            P,
            host=f'{_VALVE} pattern="%{{X-Forwarded-For}}i %r" requestAttributesEnabled="true"/>',
            message_contains="RemoteIpValve",
        ),
        Example(IGN, host=f'{_VALVE} pattern="common" checkExists="true" locale="fr"/>'),
    ),
)
declare(
    "access-log.none",
    about="an access log valve that logs nothing (empty pattern, or enabled=false)",
    reads=(Reads("Valve", (*_CLASSES, "pattern", "enabled")),),
    status=IGN,
    hint="Tomcat wrote no access log: no auditing is added",
    examples=(
        Example(IGN, host=f'{_VALVE} directory="logs"/>', message_contains="nothing"),
        Example(IGN, host=f'{_VALVE} pattern="common" enabled="false"/>'),
    ),
)
declare(
    "access-log.other-app",
    about="an access log valve of an Engine or Host that does not serve the gateway",
    reads=(Reads("Valve", _CLASSES),),
    status=IGN,
    hint="it logs applications that are not migrated",
    examples=(
        Example(
            IGN,
            host=f'</Host><Host name="other" appBase="other">{_VALVE} pattern="common"/>',
            message_contains='<Host name="other">',
        ),
    ),
)
