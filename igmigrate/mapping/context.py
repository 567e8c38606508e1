"""The state one mapping run shares: source, target, and the findings collector."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from igmigrate.config import Config
from igmigrate.findings import Finding, Findings, SettingKey, SourceLocation, Status
from igmigrate.ig.instance import IgInstance
from igmigrate.ig.model import Instance
from igmigrate.ig.profiles import Profile, profile
from igmigrate.tomcat.load import Loaded
from igmigrate.tomcat.model import Element

__all__ = ["Loaded", "MapContext"]  # Loaded: the Tomcat side, for code that only holds one


@dataclass
class MapContext:
    config: Config
    loaded: Loaded
    findings: Findings
    instance: Instance
    ig_files: IgInstance | None = None  # the existing IG instance directory read (--ig-instance)

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
    ) -> Finding:
        """Findings.emit, the one way a finding is made (here location must be given)."""
        return self.findings.emit(
            rule_id,
            message,
            location=location,
            settings=settings,
            target=target,
            hint=hint,
            status=status,
        )
