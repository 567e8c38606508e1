"""Runnable rule examples: a small Tomcat input and the finding (id, status) it must give.

Pure data (every Example has `to_json()`), so `igmigrate rules --format json` lists them and
tests/test_rule_examples.py runs each one. An example's CATALINA_BASE is built from:

- `server_xml`, a whole conf/server.xml, or else the standard one (`Example.server_xml_text()`):
  `<Server port="8005" shutdown="SHUTDOWN"{server_attrs}>`, `server` inside it, one
  `<Service name="Catalina">` holding `connectors`, an `<Engine name="Catalina">` holding `engine`
  and `<Host name="localhost" appBase="webapps">` holding `host`;
- RELEASE-NOTES naming `tomcat_version` (none when it is None), the gateway deployed as
  webapps/ROOT (unless `gateway` is False), and `files` (text files by path relative to the base);
- `stores`: keystores, truststores and PEM files the runner generates (binary files are not data);
- `jars`: small jars (JarFile: text entries, or corrupt, or linked from outside the base);
- `ig_files`: an IG instance directory outside the base, passed as --ig-instance (or, with
  `ig_from_env`, its absolute path given as that --env variable, for setenv.sh to name);
- `fifos`: named pipes made where Tomcat reads a file; `links`: directories moved to a target
  inside the base, a relative symlink left in their place (as Debian's conf → /etc/tomcat9).

OUT starts with `out_files` (secret files under secrets/, mode 0600). Then convert() runs as the
CLI runs it, with the Config options given here and OUT's secret files it would not write, or
would write differently, kept as found (plan.kept_secrets); a finding with the rule's id and
`status` must exist, and its message contains `message_contains` when one is set. The input
builders below (`http`, `https`, `cert`, …) keep the declarations in igmigrate/rules/ short.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from igmigrate.rules.status import Status

PASSWORD = "s3cret-pw"
GATEWAY_WEB_XML = (
    "<web-app><servlet><servlet-name>g</servlet-name>"
    "<servlet-class>org.forgerock.openig.web.GatewayServlet</servlet-class></servlet></web-app>\n"
)


@dataclass(frozen=True)
class Store:
    """A store the runner generates under CATALINA_BASE (certificates: CN=localhost)."""

    path: str
    type: Literal["PKCS12", "JKS", "PEM", "CORRUPT"] = "PKCS12"  # CORRUPT: JKS magic, bad body
    password: str = PASSWORD  # store password; PEM: the key's encryption password ("": plain)
    kind: Literal["key", "trust"] = "key"  # a private key entry, or a trusted certificate
    aliases: tuple[str, ...] = ("tomcat",)  # one entry each (several only for JKS)
    key_password: str | None = None  # JKS: the key entries' own password (default: the store's)
    days: int = 365  # validity left from now; 0 or less: already expired
    key_path: str | None = None  # PEM: the key file (`path` holds the certificate)
    algorithm: Literal["EC", "RSA"] = "EC"  # the key pair (RSA: 1024 bits, tests only)

    def to_json(self) -> dict[str, object]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class JarFile:
    """A small jar the runner writes under CATALINA_BASE (`path`), made of text `entries`.

    `corrupt`: bytes that are not a zip; `outside`: written outside the base, `path` a symlink
    to it (a link leading outside SRC)."""

    path: str
    entries: dict[str, str] = field(default_factory=dict)
    corrupt: bool = False
    outside: bool = False

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    def write(self, base: Path) -> None:
        path = base / self.path
        path.parent.mkdir(parents=True, exist_ok=True)
        data = b"PK\x03\x04 not a zip" if self.corrupt else jar_bytes(self.entries)
        if not self.outside:
            path.write_bytes(data)
            return
        away = base.parent / f"outside-{path.name}"
        away.write_bytes(data)
        path.symlink_to(os.path.relpath(away, path.parent))


def jar_bytes(entries: dict[str, str]) -> bytes:
    """A jar (zip) holding `entries`, byte for byte the same on every run."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in entries.items():
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), text)
    return buf.getvalue()


def maven(group: str, artifact: str, version: str) -> dict[str, str]:
    """The pom.properties entry Maven puts in a jar it builds."""
    return {
        f"META-INF/maven/{group}/{artifact}/pom.properties": f"groupId={group}\n"
        f"artifactId={artifact}\nversion={version}\n"
    }


def driver(*classes: str) -> dict[str, str]:
    """The java.sql.Driver service entry of a JDBC 4 driver jar, and its classes."""
    out = {"META-INF/services/java.sql.Driver": "".join(f"{c}\n" for c in classes)}
    out.update({c.replace(".", "/") + ".class": "" for c in classes})
    return out


@dataclass(frozen=True)
class Example:
    """An input and the finding it gives: `status` for the rule the example is listed under."""

    status: Status
    connectors: str = '<Connector port="8080"/>'
    server: str = ""
    engine: str = ""
    host: str = ""
    server_attrs: str = ""
    server_xml: str | None = None
    files: dict[str, str] = field(default_factory=dict)
    stores: tuple[Store, ...] = ()
    jars: tuple[JarFile, ...] = ()
    tomcat_version: str | None = "9.0.85"
    gateway: bool = True
    fifos: tuple[str, ...] = ()  # paths relative to the base
    links: dict[str, str] = field(default_factory=dict)  # link → target dir, both in the base
    out_files: dict[str, str] = field(default_factory=dict)  # path in OUT → text (secrets/…)
    # an IG instance directory (text files by path in it), given as --ig-instance, or (when
    # `ig_from_env` names a variable) through that --env variable holding its absolute path
    ig_files: dict[str, str] = field(default_factory=dict)
    ig_from_env: str | None = None
    message_contains: str | None = None
    # Config options
    version_option: str | None = None  # --tomcat-version
    target_version: str = "7.2"
    secrets_mode: Literal["files", "env"] = "files"
    properties: dict[str, str] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        outside = [p for p in self.out_files if not p.startswith("secrets/") or ".." in p]
        if outside:
            raise ValueError(f"out_files are secret files of OUT (secrets/…): {outside}")

    def server_xml_text(self) -> str:
        if self.server_xml is not None:
            return self.server_xml
        return (
            '<?xml version="1.0"?>\n'
            f'<Server port="8005" shutdown="SHUTDOWN"{self.server_attrs}>\n'
            f"  {self.server}\n"
            '  <Service name="Catalina">\n'
            f"    {self.connectors}\n"
            '    <Engine name="Catalina" defaultHost="localhost">\n'
            f"      {self.engine}\n"
            f'      <Host name="localhost" appBase="webapps">{self.host}</Host>\n'
            "    </Engine>\n"
            "  </Service>\n"
            "</Server>\n"
        )

    def to_json(self) -> dict[str, object]:
        out = asdict(self)
        out["status"] = self.status.value
        out["stores"] = [s.to_json() for s in self.stores]
        out["jars"] = [j.to_json() for j in self.jars]
        out["fifos"] = list(self.fifos)
        out["server_xml"] = self.server_xml_text()
        for slot in ("connectors", "server", "engine", "host", "server_attrs"):
            del out[slot]  # folded into server_xml
        return out


# -- input helpers (all examples below are built from these) --------------------------------
def https(attrs: str = "", body: str = "") -> str:
    """An HTTPS connector on 8443; `body` (host configs) goes inside it."""
    head = f'<Connector port="8443" SSLEnabled="true"{attrs}'
    return f"{head}>{body}</Connector>" if body else f"{head}/>"


def cert(path: str = "conf/ks.p12", extra: str = "") -> str:
    """A <Certificate> over a PKCS12 keystore with the standard password."""
    return (
        f'<Certificate certificateKeystoreFile="{path}" certificateKeystoreType="PKCS12"'
        f' certificateKeystorePassword="{PASSWORD}"{extra}/>'
    )


def host_config(attrs: str = "", certificates: str = "") -> str:
    """An <SSLHostConfig> holding `certificates` (by default one over conf/ks.p12)."""
    return f"<SSLHostConfig{attrs}>{certificates or cert()}</SSLHostConfig>"


def props(text: str) -> dict[str, str]:
    return {"conf/catalina.properties": text}


def setenv(text: str) -> dict[str, str]:
    return {"bin/setenv.sh": text}


def entity_server(system: str) -> str:
    """A server.xml whose connectors come from the DOCTYPE entity SYSTEM `system`."""
    return (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE Server [<!ENTITY connectors SYSTEM "{system}">]>\n'
        '<Server port="8005" shutdown="SHUTDOWN"><Service name="Catalina">&connectors;\n'
        '<Engine name="Catalina" defaultHost="localhost"><Host name="localhost"'
        ' appBase="webapps"/></Engine></Service></Server>\n'
    )


# The PKCS12 keystore KS (key alias tomcat) and a legacy-attribute HTTPS connector over it.
KS = Store("conf/ks.p12")
KS_ATTRS = f' keystoreFile="conf/ks.p12" keystoreType="PKCS12" keystorePass="{PASSWORD}"'
HTTPS = https(KS_ATTRS + ' keyAlias="tomcat"')
KS_UNKNOWN_PW = https(' keystoreFile="conf/ks.p12" keystorePass="${ks.pass}"')
TRUST = Store("conf/trust.jks", "JKS", kind="trust", aliases=("client-ca",))
TRUST_ATTRS = f' truststoreFile="conf/trust.jks" truststoreType="JKS" truststorePass="{PASSWORD}"'
HOST_TRUST_ATTRS = TRUST_ATTRS.replace("truststorePass=", "truststorePassword=")
PEM = Store("conf/cert.pem", "PEM", password="", key_path="conf/key.pem")
PEM_CERT = '<Certificate certificateFile="conf/cert.pem" certificateKeyFile="conf/key.pem"/>'
KS_FIRST = '<Certificate certificateKeystoreFile="conf/ks.p12"'  # then PEM files: PEM wins
A_P12 = Store("conf/a.p12")
SNI = https("", host_config() + host_config(' hostName="a.example.com"', cert("conf/a.p12")))
SNI_OPTIONS = https(
    "",
    host_config()
    + host_config(' hostName="a.example.com" protocols="TLSv1.3"', cert("conf/a.p12")),
)
OTHER_SERVICE = """<?xml version="1.0"?>
<Server port="8005" shutdown="SHUTDOWN">
  <Service name="Catalina"><Connector port="8080"/>
    <Engine name="Catalina" defaultHost="localhost"><Host name="localhost" appBase="webapps"/>
    </Engine></Service>
  <Service name="Admin"><Connector port="9090"/>
    <Engine name="Admin" defaultHost="localhost"><Host name="localhost" appBase="adminapps"/>
    </Engine></Service>
</Server>
"""
VALVES = "org.apache.catalina.valves."


def http(attrs: str) -> str:
    """A plain HTTP connector on 8080 with `attrs`."""
    return f'<Connector port="8080"{attrs}/>'
