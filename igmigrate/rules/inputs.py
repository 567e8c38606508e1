"""The input files themselves: XML, context.xml and web.xml, special files, the output."""

from __future__ import annotations

from igmigrate.rules.example import HTTPS, KS, VALVES, Example, entity_server, props
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import IGN, MAN, E, M

SETENV, PROPERTIES = "bin/setenv.sh", "conf/catalina.properties"
SYSTEM = "system property"  # -D in JAVA_OPTS/CATALINA_OPTS, catalina.properties or --property
CONTEXT_FILES = (
    Reads("conf/context.xml"),
    Reads("conf/<Engine>/<Host>/context.xml.default"),
    Reads("<app>/META-INF/context.xml"),
)
WEB_XML_FILES = (
    Reads("conf/web.xml"),
    Reads("conf/<Engine>/<Host>/web.xml.default"),
    Reads("<app>/WEB-INF/web.xml"),
    Reads("<app>/WEB-INF/tomcat-web.xml"),
)

declare(
    "unconverted",
    about="a setting no rule of this igmigrate version converts yet",
    reads=(Reads("*", ("*",)), Reads(PROPERTIES, ("*",))),  # setenv.sh: rules environment.*
    status=MAN,
    hint="not converted yet: carry it over by hand",
    examples=(
        Example(
            MAN,
            host=f'<Valve className="{VALVES}AccessLogValve" pattern="common"'
            ' asyncSupported="true"/>',
            message_contains="asyncSupported",
        ),
    ),
)
declare(
    "context.not-converted",
    about="the context.xml files Tomcat applies to the gateway's <Context>",
    reads=CONTEXT_FILES,
    status=MAN,
    hint="read, not converted yet: carry sessions, resources and parameters over by hand",
    examples=(
        Example(MAN, files={"conf/context.xml": '<Context reloadable="true"/>\n'}),
        Example(
            IGN,
            host='<Context path="" docBase="ROOT"/>',  # so Tomcat skips META-INF/context.xml
            files={"webapps/ROOT/META-INF/context.xml": '<Context sessionCookieName="IG"/>\n'},
        ),
    ),
)
declare(
    "web-xml.not-converted",
    about="the web.xml files Tomcat applies to the gateway application",
    reads=WEB_XML_FILES,
    status=MAN,
    hint="read, not converted yet: check filters, init parameters and security constraints",
    examples=(
        Example(MAN, message_contains="WEB-INF/web.xml"),
        Example(
            IGN,
            files={"webapps/ROOT/WEB-INF/tomcat-web.xml": "<web-app/>\n"},
            tomcat_version="8.0.53",
            message_contains="predates",
        ),
    ),
)
declare(
    "webapp.descriptor-unreadable",
    about="a context.xml or web.xml Tomcat cannot parse",
    reads=(*CONTEXT_FILES, *WEB_XML_FILES),
    status=E,
    hint="Tomcat fails to deploy the application: fix the file",
    examples=(Example(E, files={"conf/context.xml": "<Context>\n"}),),
)
declare(
    "output.secret-kept",
    about="a secret file already in OUT that this run would not write, or would write differently",
    reads=(Reads("OUT/secrets/"),),
    status=MAN,
    target="OUT/secrets/",
    hint="kept as found (rotated or supplied by hand); --force replaces or removes it",
    examples=(
        Example(
            MAN,
            HTTPS,
            stores=(KS,),
            out_files={"secrets/keystore.8443.password": "rotated-by-hand\n"},
            message_contains="differs from the value read from Tomcat",
        ),
    ),
)
declare(
    "xml.attribute-overridden",
    about="two spellings of one attribute (port, Port)",
    reads=(Reads("*", ("*",)),),
    status=IGN,
    hint='Tomcat sets both ("set" + capitalize(name)): the later wins',
    examples=(Example(IGN, '<Connector port="8080" Port="8081"/>'),),
)
declare(
    "xml.placeholder-runaway",
    about="a ${} property reference that never settles",
    reads=(Reads("*", ("*",)), Reads(PROPERTIES, ("*",)), Reads(SYSTEM, ("*",))),
    status=E,
    hint="more than 20 passes or 64 KiB: fix the property definitions",
    examples=(
        Example(E, '<Connector port="${p}"/>', files=props("p=${p}0\n"), tomcat_version="10.1.20"),
    ),
)
declare(
    "xml.entity-include",
    about="a DOCTYPE SYSTEM entity that includes another file",
    reads=(Reads("<!DOCTYPE>", ("<!ENTITY … SYSTEM>",)),),
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
    about="a FIFO, device or directory where Tomcat reads a file",
    reads=(Reads(PROPERTIES), Reads("<appBase>/*/WEB-INF/web.xml"), Reads("<appBase>/*.war")),
    status=MAN,
    hint="not opened (it could block); replace it by the regular file Tomcat reads",
    examples=(
        Example(
            MAN, fifos=("conf/catalina.properties",), message_contains="conf/catalina.properties"
        ),
    ),
)
declare(
    "input.linked-dir",
    about="conf/, lib/, bin/ or webapps/ of CATALINA_BASE as a symlink (Debian/Ubuntu packages)",
    reads=(Reads("conf/"), Reads("lib/"), Reads("bin/"), Reads("webapps/")),
    status=IGN,
    hint="its files are read as part of CATALINA_BASE and named by their CATALINA_BASE path",
    examples=(
        Example(IGN, links={"conf": "etc/tomcat9"}, message_contains="conf/ is a symbolic link"),
    ),
)
