"""Load SRC and apply every rule: the Tomcat side read, the IG instance mapped, nothing rendered."""

from __future__ import annotations

from pathlib import Path

from igmigrate.config import Config
from igmigrate.findings import Findings
from igmigrate.ig.model import Instance
from igmigrate.mapping.connectors import map_connectors
from igmigrate.mapping.context import MapContext
from igmigrate.mapping.coverage import sweep
from igmigrate.mapping.datasources import map_datasources
from igmigrate.mapping.environment import map_environment
from igmigrate.mapping.ig_instance import map_ig_instance
from igmigrate.mapping.jars import map_jars
from igmigrate.mapping.properties import report_properties
from igmigrate.mapping.server import map_gateway_app, map_server
from igmigrate.mapping.webapp_files import report_webapp_files
from igmigrate.tomcat.load import Loaded, load


def map_source(config: Config) -> MapContext:
    """Read SRC (raises IgMigrateError on bad input), then map every setting it holds."""
    findings = Findings(target_version=config.target_version)
    loaded = load(config, findings)
    mc = MapContext(config, loaded, findings, Instance(config.target_version))
    map_all(mc)
    _no_host_paths(findings, loaded)
    return mc


def _used_properties(loaded: Loaded) -> set[str]:
    used: set[str] = set()
    roots = [loaded.server.element, *(f.element for f in loaded.webapp_files if f.element)]
    for element in (e for root in roots for e in root.walk()):
        for a in element.attrs:
            used.update(a.used)
    return used


def map_all(mc: MapContext) -> None:
    """Every rule module, in a fixed order; the coverage sweep comes last."""
    loaded = mc.loaded
    map_server(mc)
    map_gateway_app(mc)
    map_datasources(mc)  # before the context files' catch-all and the IG instance's rewrites
    report_webapp_files(mc)
    map_connectors(mc)
    map_ig_instance(mc)
    map_jars(mc)  # after the instance's (and the datasources') config.json heap is known
    map_environment(mc)
    report_properties(
        loaded.catalina_properties,
        _used_properties(loaded),
        "conf/catalina.properties",
        mc.findings,
    )
    sweep(mc)


def source_summary(loaded: Loaded) -> dict[str, object]:
    """The Tomcat side in the report; every file named as in findings (never a host path)."""
    gw = loaded.gateway
    return {
        "tomcat_version": str(loaded.version.version),
        "tomcat_version_from": loaded.version.source,
        "gateway_app": None
        if gw is None
        else {"path": gw.path, "service": gw.service, "engine": gw.engine, "host": gw.host},
    }


def _no_host_paths(findings: Findings, loaded: Loaded) -> None:
    """Outputs name no path of the converting machine: a location outside SRC is named by its
    option (`--catalina-home:lib/catalina.jar`); in text, SRC, its linked directories,
    --catalina-home and --app-path go back to `${catalina.base}`, `${catalina.base}/conf`,
    `${catalina.home}`, `--app-path`, compared as whole paths (the longer first)."""
    names = loaded.names
    findings.rename_files(lambda f: names.name(Path(f)) if Path(f).is_absolute() else f)
    for path, token in names.text_names():
        findings.replace_text(path, token)
