"""The pure core: convert(config) → the planned instance directory and findings; no writes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from igmigrate import __version__
from igmigrate.config import Config
from igmigrate.findings import Findings, Status
from igmigrate.ig.model import Instance
from igmigrate.ig.secrets import SecretRegistry
from igmigrate.mapping.connectors import map_connectors
from igmigrate.mapping.context import MapContext
from igmigrate.mapping.coverage import sweep
from igmigrate.mapping.properties import report_properties
from igmigrate.mapping.server import map_gateway_app, map_server
from igmigrate.mapping.webapp_files import report_webapp_files
from igmigrate.plan import Kept, OutFile, Plan, with_manifest
from igmigrate.render import render_json
from igmigrate.report import report_json, report_markdown
from igmigrate.rules import applies
from igmigrate.tomcat.load import Loaded, load

REPORT_JSON = "migration-report.json"
REPORT_MD = "MIGRATION.md"
RULE_SECRET_KEPT = "output.secret-kept"
# Given the instance files (before the reports), which secret files of OUT stay as found:
# the CLI answers with plan.kept_secrets, which reads OUT (convert itself never touches it).
KeepSecrets = Callable[[Plan], Mapping[str, Kept]]


@dataclass
class Result:
    findings: Findings
    plan: Plan = field(default_factory=dict)
    loaded: Loaded | None = None
    secrets: SecretRegistry = field(default_factory=SecretRegistry)


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
    report_webapp_files(mc)
    map_connectors(mc)
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


def _inputs(loaded: Loaded, findings: Findings) -> dict[str, str]:
    files = {loc.file for loc in findings.seen.values()} | loaded.reader.files_read
    out: dict[str, str] = {}
    for rel in sorted(files):
        p = loaded.base / rel
        if not Path(rel).is_absolute() and p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@applies(RULE_SECRET_KEPT)
def _report_kept(kept: Mapping[str, Kept], findings: Findings) -> None:
    """One finding per secret file of OUT kept as found: a human checks it, or uses --force."""
    for rel, k in sorted(kept.items()):
        if k.why == "differs":
            why = "differs from the value read from Tomcat (rotated by hand?)"
            hint = "check it is the value the gateway needs; --force writes the one from Tomcat"
        elif k.listed:
            why = "is not written by this run (no value for it here?)"
            hint = "check the gateway still needs it; --force removes it"
        else:
            why = "was not written by igmigrate (supplied by hand?)"
            hint = "igmigrate leaves it alone, even with --force"
        findings.emit(
            RULE_SECRET_KEPT,
            f"{rel} in OUT {why}: kept as found, not overwritten",
            status=Status.MANUAL,
            target=rel,
            hint=hint,
        )


def render_plan(mc: MapContext, keep: KeepSecrets | None = None) -> Plan:
    """The instance files, then the reports (which list those files), then the manifest.

    Secret files `keep` names stay in OUT as found: reported, and left out of the plan."""
    instance = mc.instance
    plan: Plan = {
        "config/admin.json": OutFile(render_json("admin.json.j2", admin=instance.admin.to_json())),
    }
    for rel, data in instance.secrets.files(mc.config.secrets_mode).items():
        plan[rel] = OutFile(data, secret=True)
    kept = dict(keep(plan)) if keep is not None else {}
    _report_kept(kept, mc.findings)
    plan = {rel: f for rel, f in plan.items() if rel not in kept}
    still_ours = {rel: k.mode for rel, k in kept.items() if k.listed}
    outputs = sorted([*plan, *still_ours, REPORT_JSON, REPORT_MD])
    source = source_summary(mc.loaded)
    version = instance.target_version
    plan[REPORT_JSON] = OutFile(
        report_json(
            mc.findings, tool_version=__version__, target=version, source=source, outputs=outputs
        )
    )
    plan[REPORT_MD] = OutFile(
        report_markdown(
            mc.findings, tool_version=__version__, target=version, source=source, outputs=outputs
        )
    )
    return with_manifest(
        plan,
        tool_version=__version__,
        target=instance.target_version,
        inputs=dict(_inputs(mc.loaded, mc.findings)),
        kept=still_ours,
    )


def _no_host_paths(findings: Findings, loaded: Loaded) -> None:
    """Outputs name no path of the converting machine: a location outside SRC is named by its
    option (`--catalina-home:lib/catalina.jar`); in text, SRC, its linked directories,
    --catalina-home and --app-path go back to `${catalina.base}`, `${catalina.base}/conf`,
    `${catalina.home}`, `--app-path`, compared as whole paths (the longer first)."""
    names = loaded.names
    findings.rename_files(lambda f: names.name(Path(f)) if Path(f).is_absolute() else f)
    for path, token in names.text_names():
        findings.replace_text(path, token)


def convert(config: Config, keep: KeepSecrets | None = None) -> Result:
    """Read SRC, map every setting, render OUT in memory. Raises IgMigrateError on bad input.

    `keep` (see KeepSecrets) decides which existing secret files of OUT are kept as found."""
    findings = Findings(config.target_version)
    loaded = load(config, findings)
    mc = MapContext(config, loaded, findings, Instance(config.target_version))
    map_all(mc)
    _no_host_paths(findings, loaded)
    secrets = mc.instance.secrets
    if findings.has_errors():
        return Result(findings, {}, loaded, secrets)
    return Result(findings, render_plan(mc, keep), loaded, secrets)
