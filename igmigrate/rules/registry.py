"""The rule registry: one declaration per Tomcat → IG rule, and the functions that apply it.

A rule is declared once (`declare`), in the area module of igmigrate/rules/ that owns it: its id,
what it reads (`Reads`: an element and its attributes, or a named input and its keys), its
default status, the IG target per target version (`Target`), the hint shown when it is not
mapped, and at least one runnable `Example`. The code that applies it names it with
`@applies(id, …)`; which attributes a rule takes comes from its `reads`, so the report, the docs
(`make docs`), `igmigrate rules` and the tests all read the same declaration.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from igmigrate.rules.status import Status

if TYPE_CHECKING:
    from igmigrate.rules.example import Example

F = TypeVar("F", bound=Callable[..., Any])


class UnknownRule(KeyError):
    """A finding named a rule id no declaration has: a programming error, never user input."""


def matches(pattern: str, name: str) -> bool:
    """A declared name takes `name`: the same name, or a prefix when it ends in `*`."""
    return name.startswith(pattern[:-1]) if pattern.endswith("*") else name == pattern


@dataclass(frozen=True)
class Reads:
    """What a rule reads: `<where>` (an element, or a named input such as `bin/setenv.sh`) and
    the attribute, variable or key names it takes there (none: the element or input as a whole;
    a name ending in `*` is a prefix)."""

    where: str
    names: tuple[str, ...] = ()

    def takes(self, name: str) -> bool:
        return any(matches(n, name) for n in self.names)

    def __str__(self) -> str:
        element = self.where == "*" or (self.where[:1].isupper() and self.where.isalnum())
        head = f"<{self.where}>" if element else self.where
        return f"{head} {', '.join(self.names)}" if self.names else head


@dataclass(frozen=True)
class Target:
    """Where a rule writes, per IG target version: (first version, text) pairs, oldest first."""

    by_version: tuple[tuple[str, str], ...]

    def for_version(self, version: str) -> str:
        text = ""
        for since, value in self.by_version:
            if _version_key(since) <= _version_key(version):
                text = value
        return text


def _version_key(version: str) -> tuple[int, ...]:
    """7.2 < 2023.11 < 2024.3: IG's release numbers compare as integer tuples."""
    return tuple(int(p) for p in version.split("."))


@dataclass(frozen=True)
class Rule:
    id: str
    about: str  # what the rule is about, in Tomcat's words
    reads: tuple[Reads, ...]
    status: Status  # the default status; a finding may carry another where the message says why
    target: Target
    hint: str  # shown with findings that are not `mapped`
    examples: tuple[Example, ...]
    area: str = ""  # the module of igmigrate/rules/ that declares it (a section of the docs)
    applied_by: list[str] = field(default_factory=list, compare=False)

    def target_for(self, version: str) -> str:
        return self.target.for_version(version)

    def names(self, where: str) -> tuple[str, ...]:
        """The names this rule takes on `<where>` (attributes of an element, keys of an input)."""
        return tuple(n for r in self.reads if r.where == where for n in r.names)

    def takes(self, where: str, name: str) -> bool:
        return any(r.where == where and r.takes(name) for r in self.reads)


class Registry:
    """Every declared rule, in declaration order (the order of the docs and `igmigrate rules`)."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def declare(
        self,
        rule_id: str,
        *,
        about: str,
        reads: tuple[Reads, ...],
        status: Status,
        hint: str,
        examples: tuple[Example, ...],
        target: str | Target | tuple[tuple[str, str], ...] = "",
    ) -> Rule:
        if rule_id in self._rules:
            raise ValueError(f"rule {rule_id} is declared twice")
        if isinstance(target, str):
            target = Target((("7.2", target),))
        elif not isinstance(target, Target):
            target = Target(target)
        area = sys._getframe(1).f_globals.get("__name__", "")  # the declaring area module
        r = Rule(rule_id, about, reads, status, target, hint, examples, area)
        self._rules[rule_id] = r
        return r

    def __getitem__(self, rule_id: str) -> Rule:
        try:
            return self._rules[rule_id]
        except KeyError:
            raise UnknownRule(rule_id) from None

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)

    def applies(self, *rule_ids: str) -> Callable[[F], F]:
        """Marks the function that applies (emits) these rules; unknown ids fail at import."""
        rules = [self[rule_id] for rule_id in rule_ids]

        def mark(fn: F) -> F:
            for r in rules:
                r.applied_by.append(f"{fn.__module__}.{fn.__qualname__}")
            return fn

        return mark


RULES = Registry()
declare = RULES.declare
applies = RULES.applies


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]
