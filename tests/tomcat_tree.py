"""Build small Tomcat installations in a temporary directory for tests."""

from __future__ import annotations

from pathlib import Path

GATEWAY_WEB_XML = """<?xml version="1.0" encoding="UTF-8"?>
<web-app><servlet><servlet-name>g</servlet-name>
<servlet-class>org.forgerock.openig.web.GatewayServlet</servlet-class></servlet></web-app>
"""


def tomcat(
    root: Path,
    server_xml: str,
    *,
    version: str = "9.0.85",
    files: dict[str, str] | None = None,
    gateway: str | None = "webapps/ROOT",
) -> Path:
    """A CATALINA_BASE with conf/server.xml, RELEASE-NOTES and (by default) the gateway as ROOT."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "RELEASE-NOTES").write_text(f"   Apache Tomcat Version {version}\n")
    all_files = {"conf/server.xml": server_xml, **(files or {})}
    if gateway:
        all_files.setdefault(f"{gateway}/WEB-INF/web.xml", GATEWAY_WEB_XML)
    for rel, text in all_files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


def one_service(connectors: str, *, server_attrs: str = "") -> str:
    return f"""<?xml version="1.0"?>
<Server port="8005" shutdown="SHUTDOWN"{server_attrs}>
  <Service name="Catalina">
    {connectors}
    <Engine name="Catalina" defaultHost="localhost">
      <Host name="localhost" appBase="webapps"/>
    </Engine>
  </Service>
</Server>
"""
