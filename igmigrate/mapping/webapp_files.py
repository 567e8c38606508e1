"""context.xml and web.xml files read for the gateway: the session settings converted (session.py),
one finding per file for the rest until they are converted."""

from __future__ import annotations

from igmigrate.findings import Status
from igmigrate.mapping.context import MapContext
from igmigrate.mapping.session import map_session
from igmigrate.rules import applies
from igmigrate.tomcat.webapp_files import CONTEXT


@applies("webapp.descriptor-unreadable", "context.not-converted", "web-xml.not-converted")
def report_webapp_files(mc: MapContext) -> None:
    """The session first; then each file accounts for the rest of its element tree; a file
    Tomcat could not parse is an error."""
    map_session(mc)
    done = mc.findings.accounted()
    for wf in mc.loaded.webapp_files:
        if wf.error is not None:
            mc.emit(
                "webapp.descriptor-unreadable",
                f"{wf.file} ({wf.role}): {wf.error}; Tomcat does not deploy the application"
                " with it",
                location=wf.location,
            )
            continue
        assert wf.element is not None
        keys = tuple(k for k in wf.element.subtree_keys() if k not in done)
        rule = "context.not-converted" if wf.kind == CONTEXT else "web-xml.not-converted"
        if wf.ignored is not None:
            mc.emit(
                rule,
                f"{wf.file} ({wf.role}) is present, but {wf.ignored}",
                location=wf.location,
                settings=keys,
                status=Status.IGNORED,
                hint="Tomcat uses the other <Context>: nothing to carry over from this file"
                if wf.kind == CONTEXT
                else "Tomcat does not read it: nothing to carry over from this file",
            )
            continue
        session = len(wf.element.subtree_keys()) - len(keys)
        if session and not keys:
            continue  # every setting it holds is a session setting, reported as such
        elements = sum(1 for _ in wf.element.walk())
        also = (
            f" (besides {session} session setting{'s' if session != 1 else ''})" if session else ""
        )
        mc.emit(
            rule,
            f"{wf.file} ({wf.role}) was read: <{wf.element.tag}> with {elements} element"
            f"{'s' if elements != 1 else ''} and {len(keys)} setting{'s' if len(keys) != 1 else ''}"
            f"{also}, not converted by this igmigrate version",
            location=wf.location,
            settings=keys,
        )
