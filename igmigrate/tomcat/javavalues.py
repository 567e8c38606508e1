"""Attribute values read the way Tomcat's IntrospectionUtils does (Java parsing rules)."""

from __future__ import annotations

import re

_INT = re.compile(r"^[+-]?[0-9]+$")
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def java_int(text: str | None) -> int | None:
    """Integer.valueOf: optional sign, ASCII digits only, no trimming, 32-bit range."""
    if text is None or not _INT.match(text):
        return None
    value = int(text)
    return value if INT_MIN <= value <= INT_MAX else None


def java_bool(text: str | None) -> bool:
    """Boolean.valueOf: only a case-insensitive "true" is true (yes/1 are false)."""
    return text is not None and text.lower() == "true"
