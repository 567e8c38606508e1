"""Which attributes of an element a rule has already accounted for."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from igmigrate.findings import SettingKey
from igmigrate.rules import rule
from igmigrate.rules.registry import matches
from igmigrate.tomcat.model import Attr, Element


@dataclass
class Claims:
    """Hands out each attribute of an element once, so no setting is reported twice or never."""

    element: Element
    _taken: set[str] = field(default_factory=set)

    def take(self, *names: str) -> tuple[SettingKey, ...]:
        """Setting keys of the named attributes that are present and not yet taken."""
        keys = []
        for n in names:
            a = self.element.attr(n)
            if a is not None and a.name not in self._taken:
                self._taken.add(a.name)
                keys.append(self.element.key(a.name))
        return tuple(keys)

    def take_keys(self, keys: Iterable[SettingKey]) -> tuple[SettingKey, ...]:
        """Take the keys (accounted elsewhere) that are attributes of this element."""
        loc = self.element.location
        return self.take(*(k.name for k in keys if (k.file, k.path) == (loc.file, loc.path)))

    def present_for(self, rule_id: str) -> list[Attr]:
        """Attributes not yet taken that the rule's declaration reads on this element, in the
        order the declaration names them (the first is the one Tomcat prefers)."""
        rest = self.rest()
        out: list[Attr] = []
        for pattern in rule(rule_id).names(self.element.tag):
            out += [a for a in rest if matches(pattern, a.name) and a not in out]
        return out

    def take_for(self, rule_id: str) -> tuple[SettingKey, ...]:
        """Take the attributes the rule's declaration reads on this element."""
        return self.take(*(a.name for a in self.present_for(rule_id)))

    def present(self, *names: str) -> list[Attr]:
        return [a for n in names if (a := self.element.attr(n)) and a.name not in self._taken]

    def rest(self) -> list[Attr]:
        return [a for a in self.element.attrs if a.name not in self._taken]

    def take_all(self) -> tuple[SettingKey, ...]:
        return self.take(*(a.name for a in self.element.attrs))
