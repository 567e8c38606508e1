"""The versions the command line names on either side: IG targets and Tomcat releases."""

from __future__ import annotations

from igmigrate.ig.profiles import SUPPORTED
from igmigrate.tomcat.version import TomcatVersion

TARGETS = SUPPORTED  # --target-version choices, oldest first


def is_tomcat_release(value: str) -> bool:
    """--tomcat-version must name a release (9.0.35, 10.1, 8.5.0-M2)."""
    try:
        version = TomcatVersion.parse(value)
    except ValueError:
        return False
    return version is not None and version.major != 0
