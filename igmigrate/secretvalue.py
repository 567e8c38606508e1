"""Secret values that cannot be printed: a value type, password-like names, URL credentials."""

from __future__ import annotations

import re
from typing import NoReturn

# What a secret attribute shows wherever its text would be shown (raw and value alike).
MASK = "<secret>"
# What replaces URL credentials (userinfo, password parameters) in a shown location.
HIDDEN = "…"

_SECRET_NAME = re.compile(r"pass|pwd|secret|credential", re.IGNORECASE)
# Names that match the pattern but are known settings without a secret value.
NOT_SECRET = frozenset({"secretRequired"})
# `scheme://userinfo@` (also `jdbc:mysql://…`), Oracle thin `user/pw@`, `?password=…` parameters.
_USERINFO = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://)([^/?#@\s]*@)")
_ORACLE = re.compile(r"(?i)(\bjdbc:oracle:[a-z]+:)([^@/:\s]*/[^@\s]*@)")
_PARAM = re.compile(r"(?i)([?&;](?:[a-z._-]*(?:pass|pwd|secret|credential)[a-z._-]*)=)([^&;#\s]*)")


class Secret:
    """A secret value: renders as a fixed label, compares by value, yields its text only via
    reveal() (allowed in a few modules: tests/test_secret_values.py lists them)."""

    __slots__ = ("_label", "_value")

    def __init__(self, value: str, label: str = "secret") -> None:
        self._value = value
        self._label = label

    def reveal(self) -> str:
        """The secret text: only where a store is opened or OUT/secrets/ is written."""
        return self._value

    @property
    def label(self) -> str:
        return self._label

    def __str__(self) -> str:
        return f"<secret {self._label}>"

    __repr__ = __str__

    def __format__(self, spec: str) -> str:
        return str(self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Secret):
            return self._value == other._value
        return NotImplemented

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret cannot be pickled")


def is_secret_name(name: str) -> bool:
    """True for an attribute whose value is a password (keystorePass, secret, bindPwd…)."""
    return name not in NOT_SECRET and _SECRET_NAME.search(name) is not None


def has_url_credentials(text: str) -> bool:
    return mask_url(text) != text


def mask_url(text: str) -> str:
    """The text with credentials inside URLs replaced by a fixed marker (value-independent)."""
    text = _USERINFO.sub(lambda m: f"{m.group(1)}{HIDDEN}@", text)
    text = _ORACLE.sub(lambda m: f"{m.group(1)}{HIDDEN}@", text)
    return _PARAM.sub(lambda m: f"{m.group(1)}{HIDDEN}", text)


def placeholder_name(name: str) -> str:
    """A `${}` name fit to show for a secret: any `:-default` / `:default` text cut off."""
    return name.split(":", 1)[0]
