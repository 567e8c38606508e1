"""Tomcat version numbers and the version-dependent facts the parsers need."""

from __future__ import annotations

import re
from dataclasses import dataclass

_VERSION_RE = re.compile(r"^(\d+)\.(\d+)(?:\.(\d+))?(?:[-.]?M(\d+))?")


@dataclass(frozen=True, order=True)
class TomcatVersion:
    """A Tomcat release; a milestone (10.0.0-M5) sorts before its final release."""

    major: int
    minor: int
    patch: int = 0
    milestone: int = 999  # final releases sort after every milestone

    @classmethod
    def parse(cls, text: str) -> TomcatVersion:
        m = _VERSION_RE.match(text.strip())
        if not m:
            raise ValueError(f"not a Tomcat version: {text!r}")
        return cls(
            int(m.group(1)),
            int(m.group(2)),
            int(m.group(3) or 0),
            int(m.group(4)) if m.group(4) else 999,
        )

    def __str__(self) -> str:
        base = f"{self.major}.{self.minor}.{self.patch}"
        return base if self.milestone == 999 else f"{base}-M{self.milestone}"

    @property
    def branch(self) -> str:
        return f"{self.major}.{self.minor}"

    def at_least(self, major: int, minor: int, patch: int = 0, milestone: int = 999) -> bool:
        return self >= TomcatVersion(major, minor, patch, milestone)

    def default_separator(self) -> str | None:
        """The `${name<sep>default}` separator this release understands, if any (BZ 64398)."""
        first_colon_dash = {(7, 0): 104, (8, 5): 55, (9, 0): 35}
        first_colon = {(8, 5): 54, (9, 0): 34}
        key = (self.major, self.minor)
        if key in first_colon_dash:
            if self.patch >= first_colon_dash[key]:
                return ":-"
            if key in first_colon and self.patch >= first_colon[key]:
                return ":"
            return None
        if self.at_least(10, 0, 0, 5):
            return ":-"
        if self.major == 10:
            return None
        return ":-" if self.major > 10 else None

    def recursive_placeholders(self) -> bool:
        """10.0.0-M8 and later re-scan substituted values (up to 20 passes)."""
        return self.at_least(10, 0, 0, 8)

    def has_ssl_host_config(self) -> bool:
        return self.at_least(8, 5)

    def has_legacy_tls_attributes(self) -> bool:
        return not self.at_least(10, 0, 0, 1)

    def has_port_offset(self) -> bool:
        if self.major == 8:
            return self.at_least(8, 5, 76)
        if self.major == 9:
            return self.at_least(9, 0, 13)
        return self.major >= 10


# Used when nothing in SRC names the version (reported as an assumption).
ASSUMED_VERSION = TomcatVersion(9, 0, 99)
