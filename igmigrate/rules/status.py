"""The one status axis of a finding, the severity derived from it, and the --fail-on levels."""

from __future__ import annotations

import enum


class Status(str, enum.Enum):
    """Where a setting ended up (product.md §Findings)."""

    MAPPED = "mapped"
    PARTIAL = "partial"
    MANUAL = "manual"
    UNSUPPORTED = "unsupported"
    IGNORED = "ignored"
    ERROR = "error"


class Severity(str, enum.Enum):
    """How loudly a finding is shown: always derived from its status, never set on its own."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


SEVERITY = {
    Status.MAPPED: Severity.INFO,
    Status.IGNORED: Severity.INFO,
    Status.PARTIAL: Severity.WARNING,
    Status.MANUAL: Severity.WARNING,
    Status.UNSUPPORTED: Severity.WARNING,
    Status.ERROR: Severity.ERROR,
}
# --fail-on LEVEL: a finding fails the run when its status is at or above LEVEL.
#   warning: partial, manual, unsupported, error · manual: manual, unsupported, error
#   unsupported: unsupported, error · never: nothing (exit 1 on errors stays)
FAIL_ON_LEVELS = ("never", "warning", "manual", "unsupported")
RANK = {
    Status.MAPPED: 0,
    Status.IGNORED: 0,
    Status.PARTIAL: 1,
    Status.MANUAL: 2,
    Status.UNSUPPORTED: 3,
    Status.ERROR: 4,
}
LEVEL_RANK = {"warning": 1, "manual": 2, "unsupported": 3}
# Short names for declarations: one screen of rules reads better with them.
M, P, MAN, U, IGN, E = (
    Status.MAPPED,
    Status.PARTIAL,
    Status.MANUAL,
    Status.UNSUPPORTED,
    Status.IGNORED,
    Status.ERROR,
)
