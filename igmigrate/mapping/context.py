"""The state one mapping run shares: source, target, and the findings collector."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from igmigrate.config import Config
from igmigrate.findings import Finding, Findings, SettingKey, Severity, SourceLocation, Status
from igmigrate.tomcat.load import Loaded
from igmigrate.mapping.table import rule
from igmigrate.tomcat.model import Element
from igmigrate.ig.model import Instance
from igmigrate.ig.profiles import Profile, profile


@dataclass
class MapContext:
    config: Config
    loaded: Loaded
    findings: Findings
    instance: Instance

    def emit_element(
        self, rule_id: str, message: str, element: Element, *, status: Status | None = None
    ) -> Finding:
        """One finding that accounts for a whole element (all attributes, all descendants)."""
        return self.emit(
            rule_id,
            message,
            location=element.location,
            settings=element.subtree_keys(),
            status=status,
        )

    @property
    def profile(self) -> Profile:
        return profile(self.config.target_version)

    def emit(
        self,
        rule_id: str,
        message: str,
        *,
        location: SourceLocation | None,
        settings: Iterable[SettingKey] = (),
        target: str | None = None,
        hint: str | None = None,
        status: Status | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """Add a finding under a rule of the table; status defaults to the rule's."""
        r = rule(rule_id)
        return self.findings.add(
            Finding(
                rule=rule_id,
                status=status or r.status,
                message=message,
                location=location,
                target=target or (r.target or None),
                hint=hint
                if hint is not None
                else (r.note if r.status is not Status.MAPPED else None),
                severity=severity,
                settings=tuple(settings),
            )
        )
