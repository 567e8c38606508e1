"""Findings: what igmigrate concluded about each setting it read, gathered in one collector."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from igmigrate.rules import RULES
from igmigrate.rules.status import FAIL_ON_LEVELS, LEVEL_RANK, RANK, SEVERITY, Severity, Status

__all__ = [
    "FAIL_ON_LEVELS",
    "Finding",
    "Findings",
    "SettingKey",
    "Severity",
    "SourceLocation",
    "Status",
]


@dataclass(frozen=True, order=True)
class SourceLocation:
    """Where a setting was read: file relative to SRC, 1-based line, and element path."""

    file: str
    line: int | None = None
    path: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True, order=True)
class SettingKey:
    """One setting seen in an input: an attribute (or element body, name "#text") of an element."""

    file: str
    path: str
    name: str


@dataclass(frozen=True)
class Finding:
    """One conclusion, in the user's (Tomcat's) vocabulary."""

    rule: str
    status: Status
    message: str
    location: SourceLocation | None = None
    target: str | None = None
    hint: str | None = None
    settings: tuple[SettingKey, ...] = ()

    @property
    def severity(self) -> Severity:
        """Derived from the status: one axis (rules/status.py)."""
        return SEVERITY[self.status]

    @property
    def rank(self) -> int:
        return RANK[self.status]

    def sort_key(self) -> tuple[str, int, str, str, str]:
        loc = self.location
        return (
            loc.file if loc else "",
            (loc.line or 0) if loc else 0,
            loc.path if loc else "",
            self.rule,
            self.message,
        )

    def to_json(self) -> dict[str, object]:
        loc = self.location
        return {
            "rule": self.rule,
            "status": self.status.value,
            "severity": self.severity.value,
            "message": self.message,
            "location": str(loc) if loc else None,
            "element": loc.path if loc and loc.path else None,
            "target": self.target,
            "hint": self.hint,
        }


_NAME_CHAR = r"[\w.~+\-]"


def path_pattern(path: str) -> re.Pattern[str]:
    """Matches `path` only as a whole path: not inside a longer file name or deeper path."""
    return re.compile(rf"(?<!{_NAME_CHAR})(?<!/){re.escape(path)}(?!{_NAME_CHAR})")


def fails(finding: Finding, fail_on: str) -> bool:
    """True when the finding is at or above the --fail-on level."""
    if fail_on == "never":
        return False
    return finding.rank >= LEVEL_RANK[fail_on]


@dataclass
class Findings:
    """The one collector. Also tracks every setting seen, so coverage can be proven.

    `target_version` picks each rule's target text for the report (rules.Target)."""

    target_version: str = "7.2"
    _items: list[Finding] = field(default_factory=list)
    _seen: dict[SettingKey, SourceLocation] = field(default_factory=dict)

    def emit(
        self,
        rule_id: str,
        message: str,
        *,
        location: SourceLocation | None = None,
        settings: Iterable[SettingKey] = (),
        target: str | None = None,
        hint: str | None = None,
        status: Status | None = None,
    ) -> Finding:
        """Add a finding under a declared rule (an unknown id raises rules.UnknownRule).

        Status defaults to the rule's; target to the rule's for the target version; the hint to
        the rule's when the rule is not one that maps (pass hint="" for none)."""
        r = RULES[rule_id]
        finding = Finding(
            rule=rule_id,
            status=status or r.status,
            message=message,
            location=location,
            target=target or r.target_for(self.target_version) or None,
            hint=(hint or None)
            if hint is not None
            else (r.hint if r.status is not Status.MAPPED else None),
            settings=tuple(settings),
        )
        self._items.append(finding)
        return finding

    def merge(self, other: Findings) -> None:
        """Take the findings another collector made (e.g. the load stage's for one connector's
        key material, reported when the mapper converts that connector's TLS)."""
        self._items.extend(other._items)
        for key, location in other._seen.items():
            self.see(key, location)

    @classmethod
    def restore(cls, items: Iterable[Finding], target_version: str = "7.2") -> Findings:
        """A collector holding findings made before (e.g. read back from a report): their
        ids are not checked against this version's registry."""
        return cls(target_version, list(items))

    def see(self, key: SettingKey, location: SourceLocation) -> None:
        """Record that a setting was read from an input."""
        self._seen.setdefault(key, location)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self._items)

    def sorted(self) -> list[Finding]:
        return sorted(self._items, key=Finding.sort_key)

    @property
    def seen(self) -> dict[SettingKey, SourceLocation]:
        return dict(self._seen)

    def accounted(self) -> set[SettingKey]:
        return {k for f in self._items for k in f.settings}

    def unaccounted(self) -> list[tuple[SettingKey, SourceLocation]]:
        done = self.accounted()
        return sorted((k, loc) for k, loc in self._seen.items() if k not in done)

    def replace_text(self, old: str, new: str) -> None:
        """Rewrite the path `old` in every message, hint and target (a host path →
        `${catalina.base}`), as a whole path: `/a/tomcat` is in `/a/tomcat/conf/x` and
        `/a/tomcat`, not in `/a/tomcat-certs/x` nor `/b/a/tomcat`."""
        if not old:
            return
        pattern = path_pattern(old)

        def fix(text: str | None) -> str | None:
            return pattern.sub(lambda _: new, text) if text is not None else None

        self._items = [
            replace(
                f,
                message=pattern.sub(lambda _: new, f.message),
                hint=fix(f.hint),
                target=fix(f.target),
            )
            for f in self._items
        ]

    def rename_files(self, name: Callable[[str], str]) -> None:
        """Rename the file of every finding's location (e.g. an absolute path → its option)."""
        self._items = [
            replace(f, location=replace(f.location, file=name(f.location.file)))
            if f.location is not None
            else f
            for f in self._items
        ]

    def has_errors(self) -> bool:
        return any(f.status is Status.ERROR for f in self._items)

    def worst_fails(self, fail_on: str) -> bool:
        return any(fails(f, fail_on) for f in self._items)

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Status}
        for f in self._items:
            out[f.status.value] += 1
        return out
