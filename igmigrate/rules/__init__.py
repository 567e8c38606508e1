"""Every Tomcat → IG rule, declared once per area module; importing the package declares all."""

import importlib

from igmigrate.rules.registry import RULES, Reads, Rule, Target, UnknownRule, applies, rule
from igmigrate.rules.status import Severity, Status

# The area modules, in the order the docs and `igmigrate rules` list them.
AREAS = (
    "connectors",
    "tls",
    "tls_config",
    "keystores",
    "truststores",
    "server",
    "access_logs",
    "properties",
    "setenv",
    "environment",
    "sessions",
    "ig_instance",
    "jars",
    "version",
    "inputs",
    "datasources",
    "validate",
)
for _area in AREAS:
    importlib.import_module(f"igmigrate.rules.{_area}")

__all__ = [
    "AREAS",
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
