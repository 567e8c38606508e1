"""`igmigrate validate`: check an IG instance directory (ours or hand-made) before deploying it.

IG side only: nothing here reads Tomcat. `validate(tree, target)` runs every check of
checks.CHECKS over a Tree (a directory on disk, or convert's plan before it is written) and
returns the problems found, sorted; an empty list means the instance passed.
"""

from __future__ import annotations

from igmigrate.validate.checks import CHECKS, Check, Problem
from igmigrate.validate.run import validate, validate_dir, validate_report
from igmigrate.validate.tree import Tree

__all__ = ["CHECKS", "Check", "Problem", "Tree", "validate", "validate_dir", "validate_report"]
