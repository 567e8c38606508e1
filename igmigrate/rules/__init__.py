"""Every Tomcat → IG rule, declared once per area module; importing the package declares all."""

from igmigrate.rules import (  # noqa: F401  (each module declares its area's rules)
    connectors,
    inputs,
    keystores,
    properties,
    server,
    setenv,
    tls,
    truststores,
    version,
)
from igmigrate.rules.registry import RULES, Reads, Rule, Target, UnknownRule, applies, rule
from igmigrate.rules.status import Severity, Status

__all__ = [
    "RULES",
    "Reads",
    "Rule",
    "Severity",
    "Status",
    "Target",
    "UnknownRule",
    "applies",
    "rule",
]
