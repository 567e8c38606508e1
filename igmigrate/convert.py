"""The pure core: convert(config) → the planned instance directory and findings; no writes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from igmigrate import __version__
from igmigrate.config import Config
from igmigrate.findings import Findings, Status
from igmigrate.ig.env_sh import ENV_FILE, env_file
from igmigrate.ig.instance import IgInstance
from igmigrate.mapping.context import Loaded, MapContext
from igmigrate.mapping.run import map_source, source_summary
from igmigrate.plan import Kept, OutFile, Plan, with_manifest
from igmigrate.render import render_json
from igmigrate.report import report_json, report_markdown
from igmigrate.rules import applies
from igmigrate.validate.output import check_planned

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
    context: MapContext | None = None  # what was read and mapped (None: nothing was read)

    @property
    def loaded(self) -> Loaded | None:
        return self.context.loaded if self.context is not None else None

    @property
    def source(self) -> dict[str, object]:
        """The Tomcat side as the report summarises it ({} when nothing was read)."""
        return source_summary(self.context.loaded) if self.context is not None else {}


def _inputs(mc: MapContext) -> dict[str, str]:
    """Every input file read, by its name in findings: SRC's, then the IG instance's."""
    loaded, findings = mc.loaded, mc.findings
    files = {loc.file for loc in findings.seen.values()} | loaded.reader.files_read
    out: dict[str, str] = {}
    for rel in sorted(files):
        p = loaded.base / rel
        # never through a symlink out of SRC (a refused jar is named, not read)
        if not Path(rel).is_absolute() and p.is_file() and loaded.names.in_base(p):
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    if mc.ig_files is not None:
        for rel, data in mc.ig_files.files.items():
            out[IgInstance.name(rel)] = hashlib.sha256(data).hexdigest()
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
        "config/admin.json": OutFile(render_json("admin.json.j2", admin=instance.admin.to_json()))
    }
    if instance.config is not None:
        plan["config/config.json"] = OutFile(
            render_json("config.json.j2", config=instance.config.to_json())
        )
    for rel, text in instance.merged.items():  # the IG instance's own, ours merged in
        plan[rel] = OutFile(text)
    for rel, data in instance.copied.items():  # the IG instance's own files, as found
        secret = rel.startswith("secrets/")
        plan[rel] = OutFile(data, mode=0o600 if secret else 0o644, secret=secret)
    for rel, data in instance.extra.items():  # jars for the class path, byte for byte
        plan[rel] = OutFile(data)
    for rel, data in instance.secrets.files(mc.config.secrets_mode).items():
        plan[rel] = OutFile(data, secret=True)
    env_sh = env_file(instance.env, mc.config.secrets_mode, plan.get(ENV_FILE))
    if env_sh is not None:  # setenv.sh's variables, after the instance's own or the exports
        plan[ENV_FILE] = env_sh
    kept = dict(keep(plan)) if keep is not None else {}
    _report_kept(kept, mc.findings)
    check_planned(
        {rel: (f.content, f.effective_mode) for rel, f in plan.items() if rel not in kept},
        mc.findings,
        target=instance.target_version,
        carried=[*instance.copied, *instance.merged],
        kept=kept,
        pending_secrets=[e.secret_id for e in instance.secrets.entries() if e.value is None],
    )
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
        inputs=_inputs(mc),
        kept=still_ours,
    )


def convert(config: Config, keep: KeepSecrets | None = None) -> Result:
    """Read SRC, map every setting, render OUT in memory. Raises IgMigrateError on bad input.

    `keep` (see KeepSecrets) decides which existing secret files of OUT are kept as found."""
    mc = map_source(config)
    if mc.findings.has_errors():
        return Result(mc.findings, {}, mc)
    return Result(mc.findings, render_plan(mc, keep), mc)
