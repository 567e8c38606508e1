"""The last rule: every setting seen but not accounted for becomes a visible finding."""

from __future__ import annotations

from itertools import groupby

from igmigrate.findings import SettingKey
from igmigrate.mapping.context import MapContext
from igmigrate.rules import applies


@applies("unconverted")
def sweep(mc: MapContext) -> None:
    """Report each element's unaccounted settings as "not converted yet" (nothing is dropped)."""
    left = mc.findings.unaccounted()
    for (file, path), group in groupby(left, key=lambda kv: (kv[0].file, kv[0].path)):
        items = list(group)
        keys: tuple[SettingKey, ...] = tuple(k for k, _ in items)
        first = min(items, key=lambda kv: (_line(kv[0]), kv[0].name))  # "A@2" before "A@10"
        mc.emit(
            "unconverted",
            f"{_where(file, path)}: {_names(keys)} not converted by this igmigrate version",
            location=first[1],
            settings=keys,
        )


def _line(key: SettingKey) -> int:
    """The line of a shell variable's `NAME@LINE` key (0 for an attribute name)."""
    _, _, line = key.name.partition("@")
    return int(line) if line.isdigit() else 0


def _where(file: str, path: str) -> str:
    if path and "/" not in path and path[:1].islower():
        return file  # a flat file (setenv, properties): the file name says it
    return f"<{path.rsplit('/', 1)[-1]}>" if path else file


def _names(keys: tuple[SettingKey, ...]) -> str:
    """Attribute names, or for shell variables `NAME (lines 4, 10)` in numeric order."""
    lines: dict[str, list[int]] = {}
    for k in keys:
        name, at, _ = k.name.partition("@")
        lines.setdefault(name, [])
        if at:
            lines[name].append(_line(k))
    return ", ".join(
        f"{n} (line{'s' if len(ls) > 1 else ''} {', '.join(map(str, sorted(ls)))})" if ls else n
        for n, ls in lines.items()
    )
