"""The input files themselves: XML, context.xml and web.xml, special files, the output."""

from __future__ import annotations

from igmigrate.rules.example import VALVES, Example, entity_server, props, setenv
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import IGN, MAN, E, M

declare(
    "unconverted",
    about="a setting a later igmigrate version converts",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="not converted yet: carry it over by hand",
    examples=(
        Example(
            MAN,
            host=f'<Valve className="{VALVES}AccessLogValve" pattern="common"/>',
            message_contains="pattern",
        ),
        Example(MAN, files=setenv("UMASK=0027\n"), message_contains="UMASK"),
    ),
)
declare(
    "context.not-converted",
    about="conf/context.xml, context.xml.default, META-INF/context.xml",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="read, not converted yet: carry sessions, resources and parameters over by hand",
    examples=(
        Example(MAN, files={"conf/context.xml": '<Context sessionCookieName="IG"/>\n'}),
        Example(
            IGN,
            host='<Context path="" docBase="ROOT"/>',  # so Tomcat skips META-INF/context.xml
            files={"webapps/ROOT/META-INF/context.xml": '<Context sessionCookieName="IG"/>\n'},
        ),
    ),
)
declare(
    "web-xml.not-converted",
    about="conf/web.xml, WEB-INF/web.xml",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="read, not converted yet: check filters, init parameters and security constraints",
    examples=(Example(MAN, message_contains="WEB-INF/web.xml"),),
)
declare(
    "webapp.descriptor-unreadable",
    about="a context.xml or web.xml Tomcat cannot parse",
    reads=(Reads("TODO"),),
    status=E,
    hint="Tomcat fails to deploy the application: fix the file",
    examples=(Example(E, files={"conf/context.xml": "<Context>\n"}),),
)
declare(
    "output.secret-kept",
    about="a secret file in OUT this run would not write, or would write differently",
    reads=(Reads("TODO"),),
    status=MAN,
    target="OUT/secrets/",
    hint="kept as found (rotated or supplied by hand); --force replaces or removes it",
    examples=(),
)
declare(
    "xml.attribute-overridden",
    about="two spellings of one attribute (port, Port)",
    reads=(Reads("TODO"),),
    status=IGN,
    hint='Tomcat sets both ("set" + capitalize(name)): the later wins',
    examples=(Example(IGN, '<Connector port="8080" Port="8081"/>'),),
)
declare(
    "xml.placeholder-runaway",
    about="a ${} expansion that never settles",
    reads=(Reads("TODO"),),
    status=E,
    hint="more than 20 passes or 64 KiB: fix the property definitions",
    examples=(
        Example(E, '<Connector port="${p}"/>', files=props("p=${p}0\n"), tomcat_version="10.1.20"),
    ),
)
declare(
    "xml.entity-include",
    about="DOCTYPE SYSTEM entity",
    reads=(Reads("TODO"),),
    status=M,
    hint="included from inside CATALINA_BASE only, as Tomcat's Digester would",
    examples=(
        Example(
            M,
            server_xml=entity_server("connectors.xml"),
            files={"conf/connectors.xml": '<Connector port="8080"/>\n'},
        ),
        Example(E, server_xml=entity_server("/etc/hostname"), message_contains="outside"),
    ),
)
declare(
    "input.not-a-file",
    about="a FIFO, directory or device where Tomcat reads a file",
    reads=(Reads("TODO"),),
    status=MAN,
    hint="not opened (it could block); replace it by the regular file Tomcat reads",
    examples=(),
)
declare(
    "input.linked-dir",
    about="CATALINA_BASE conf/, lib/, bin/ or webapps/ as a symlink (Debian/Ubuntu packages)",
    reads=(Reads("TODO"),),
    status=IGN,
    hint="its files are read as part of CATALINA_BASE and named by their CATALINA_BASE path",
    examples=(),
)
