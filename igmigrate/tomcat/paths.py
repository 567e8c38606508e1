"""How input files are named in outputs: relative to SRC, or by the option that supplied them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

# CATALINA_BASE directories that distribution packages replace by symlinks (Debian/Ubuntu:
# /var/lib/tomcat9/conf -> /etc/tomcat9); their targets are part of the base.
LINKABLE_DIRS = ("conf", "lib", "bin", "webapps")


def rel_to_src(path: Path, src: Path) -> str:
    """`path` relative to SRC (a symlinked file keeps its SRC name), else absolute: see
    PathNames.name, of which this is the SRC-only form."""
    return PathNames(src).name(path)


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _under(path: Path, root: Path) -> str | None:
    """`path` relative to `root` compared by components (`/a/tomcat-x` is not under `/a/tomcat`)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


@dataclass(frozen=True)
class Root:
    """A directory input files come from, and the name it has in outputs."""

    path: Path  # real (symlink-free) path
    name: str  # "" for SRC, "conf" for a linked conf/, "--catalina-home", "--app-path"
    base: bool  # part of CATALINA_BASE: entity includes may read from it


@dataclass(frozen=True)
class PathNames:
    """Names every input path without the converting machine's directories (product.md: no host
    paths in outputs): SRC-relative (through the base's own linked conf/, lib/, bin/, webapps/),
    else `--catalina-home:lib/catalina.jar` / `--app-path`, by the option that supplied it."""

    src: Path
    home: Path | None = None
    app: Path | None = None
    roots: tuple[Root, ...] = field(init=False)

    def __post_init__(self) -> None:
        roots = [Root(_real(self.src / d), d, True) for d in self.linked_dirs()]
        roots.append(Root(_real(self.src), "", True))
        if self.home is not None:
            roots.append(Root(_real(self.home), "--catalina-home", False))
        if self.app is not None:
            roots.append(Root(_real(self.app), "--app-path", False))
        object.__setattr__(self, "roots", tuple(roots))

    def linked_dirs(self) -> list[str]:
        """The base's own conf/, lib/, bin/, webapps/ that are symlinks to directories."""
        return [d for d in LINKABLE_DIRS if (self.src / d).is_symlink() and (self.src / d).is_dir()]

    def _real_parent(self, path: Path) -> Path:
        """Directories resolved, the file's own name kept (a symlinked jar keeps its SRC name)."""
        full = Path(os.path.abspath(path)) if ".." not in path.parts else _real(path)
        return _real(full.parent) / full.name if full.name else _real(full)

    def name(self, path: Path) -> str:
        """`conf/server.xml`, `conf/x.xml` in a linked conf/, `--catalina-home:lib/catalina.jar`,
        `--app-path`; else the absolute path (convert's last pass names what it can)."""
        for candidate in (self._real_parent(path), _real(path)):
            for root in self.roots:
                rel = _under(candidate, root.path)
                if rel is None:
                    continue
                if root.name.startswith("--"):
                    return root.name if rel == "." else f"{root.name}:{rel}"
                if root.name:
                    return root.name if rel == "." else f"{root.name}/{rel}"
                return rel
        return Path(os.path.abspath(path)).as_posix()

    def in_base(self, path: Path) -> bool:
        """True when the file really is inside CATALINA_BASE or its linked directories."""
        real = _real(path)
        return any(root.base and _under(real, root.path) is not None for root in self.roots)

    def text_names(self) -> list[tuple[str, str]]:
        """(host path, placeholder) pairs to rewrite in message text, the longest first: each root
        in its real and its given form."""
        tokens = {"": "${catalina.base}", "--catalina-home": "${catalina.home}"}
        pairs: dict[str, str] = {}
        given = {"": self.src, "--catalina-home": self.home, "--app-path": self.app}
        for root in self.roots:
            token = tokens.get(root.name, root.name)
            if root.name in LINKABLE_DIRS:
                token = f"${{catalina.base}}/{root.name}"
                given_path: Path | None = self.src / root.name
            else:
                given_path = given.get(root.name)
            pairs.setdefault(root.path.as_posix(), token)
            if given_path is not None:
                pairs.setdefault(os.path.abspath(given_path), token)
        return sorted(pairs.items(), key=lambda kv: (-len(kv[0]), kv[0]))
