"""context.xml and web.xml files read for the gateway: one finding each until they are converted."""

from __future__ import annotations

from igmigrate.findings import Status
from igmigrate.mapping.context import MapContext
from igmigrate.rules import applies
from igmigrate.tomcat.webapp_files import CONTEXT


@applies("webapp.descriptor-unreadable", "context.not-converted", "web-xml.not-converted")
def report_webapp_files(mc: MapContext) -> None:
    """Each file accounts for its whole element tree; a file Tomcat could not parse is an error."""
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
        keys = wf.element.subtree_keys()
        rule = "context.not-converted" if wf.kind == CONTEXT else "web-xml.not-converted"
        if wf.ignored is not None:
            mc.emit(
                rule,
                f"{wf.file} ({wf.role}) is present, but {wf.ignored}",
                location=wf.location,
                settings=keys,
                status=Status.IGNORED,
                hint="Tomcat uses the other <Context>: nothing to carry over from this file",
            )
            continue
        elements = sum(1 for _ in wf.element.walk())
        mc.emit(
            rule,
            f"{wf.file} ({wf.role}) was read: <{wf.element.tag}> with {elements} element"
            f"{'s' if elements != 1 else ''} and {len(keys)} setting{'s' if len(keys) != 1 else ''}"
            ", not converted by this igmigrate version",
            location=wf.location,
            settings=keys,
        )
