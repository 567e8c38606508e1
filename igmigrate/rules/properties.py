"""conf/catalina.properties: every key a ${} source, Tomcat's own, or unused."""

from __future__ import annotations

from igmigrate.rules.example import Example, props
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import IGN, MAN, M

PROPERTIES = "conf/catalina.properties"
_CLASS_LOADERS = "defines one of Tomcat's own class loaders"
# Tomcat's own keys (a trailing * is a prefix; the longest match wins) and what each does there.
INTERNAL_KEYS = {
    "common.loader": _CLASS_LOADERS,
    "server.loader": _CLASS_LOADERS,
    "shared.loader": _CLASS_LOADERS,
    "package.access": "restricts package access under Tomcat's Security Manager",
    "package.definition": "restricts package definition under Tomcat's Security Manager",
    "tomcat.util.scan.*": "filters the JARs Tomcat scans for TLDs and web fragments",
    "tomcat.util.buf.*": "tunes Tomcat's internal string cache",
    "tomcat.util.*": "tunes Tomcat's internal utilities",
    "org.apache.catalina.*": "configures Tomcat (Catalina) itself",
    "org.apache.tomcat.*": "configures Tomcat itself",
    "org.apache.coyote.*": "configures Tomcat's connectors (Coyote)",
    "org.apache.jasper.*": "configures Tomcat's JSP engine (Jasper)",
    "org.apache.naming.*": "configures Tomcat's JNDI implementation",
    "org.apache.juli.*": "configures Tomcat's logging (JULI)",
    "org.apache.el.*": "configures Tomcat's EL implementation",
    "catalina.*": "is a Catalina start-up property",
    "jdk.*": "tunes the JDK that ran Tomcat",
}
CLASS_LOADER_HINT = "if it names extra JARs (e.g. a JDBC driver), make sure IG still gets them"

declare(
    "properties.placeholder",
    about="a catalina.properties key used by ${}",
    reads=(Reads(PROPERTIES, ("*",)),),
    status=M,
    hint="its value was substituted where Tomcat would",
    examples=(Example(M, '<Connector port="${ig.port}"/>', files=props("ig.port=8080\n")),),
)
declare(
    "properties.tomcat-internal",
    about="Tomcat's own catalina.properties keys",
    reads=(Reads(PROPERTIES, tuple(INTERNAL_KEYS)),),
    status=IGN,
    hint="class loaders, package access, jar scanning: no meaning outside Tomcat",
    examples=(Example(IGN, files=props('common.loader="${catalina.home}/lib/*.jar"\n')),),
)
declare(
    "properties.unused",
    about="a catalina.properties key no ${} uses",
    reads=(Reads(PROPERTIES, ("*",)),),
    status=IGN,
    hint="nothing read refers to it",
    examples=(Example(IGN, files=props("app.name=gateway\n")),),
)
declare(
    "properties.jvm-system-property",
    about="java.*, javax.*, http(s).* keys",
    reads=(
        Reads(
            PROPERTIES,
            ("javax.net.ssl.*", "java.*", "javax.*", "sun.*", "com.sun.*", "https.*", "http.*"),
        ),
    ),
    status=MAN,
    hint="Tomcat set them JVM-wide, so IG's JVM had them too: carry them to IG_OPTS",
    examples=(Example(MAN, files=props("javax.net.ssl.trustStore=/etc/trust.jks\n")),),
)
declare(
    "properties.duplicate-key",
    about="a key defined twice",
    reads=(Reads(PROPERTIES, ("*",)),),
    status=IGN,
    hint="the last one wins",
    examples=(Example(IGN, files=props("app.name=a\napp.name=b\n")),),
)
declare(
    "properties.lone-surrogate",
    about="a \\uD800-style escape (half a surrogate pair)",
    reads=(Reads(PROPERTIES, ("*",)),),
    status=MAN,
    hint="not valid text outside Java: the entry is not used; fix the escape",
    examples=(Example(MAN, files=props("app.name=\\uD800\n")),),
)
