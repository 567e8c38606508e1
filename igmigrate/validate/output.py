"""convert's own use of the checks: OUT as planned, before anything is written or reported."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from igmigrate.findings import Findings, Status
from igmigrate.rules import applies
from igmigrate.validate.checks import Problem
from igmigrate.validate.run import validate
from igmigrate.validate.tree import Tree

RULE = "output.check"


@applies(RULE)
def check_planned(
    files: Mapping[str, tuple[bytes, int]],
    findings: Findings,
    *,
    target: str,
    carried: Iterable[str],
    kept: Iterable[str] = (),
    pending_secrets: Iterable[str] = (),
) -> None:
    """One finding per problem. `carried`: files taken (or merged) from the IG instance, whose
    problems are the user's to fix (manual); a problem in a file igmigrate made alone is an
    internal error (unless the input caused it, see _input_caused). `kept`: secret files OUT
    keeps as found (present, 0600). Secret ids in `pending_secrets`
    have no value yet: their rule already asks the user for them."""
    planned: dict[str, tuple[bytes | None, int]] = dict(files)
    for rel in kept:
        planned.setdefault(rel, (None, 0o600))
    theirs, pending = set(carried), set(pending_secrets)
    for p in validate(Tree.from_files(planned), target):
        if p.check == "secret.unresolved" and p.subject in pending:
            continue
        ours = p.file not in theirs and not _input_caused(p)
        findings.emit(
            RULE,
            f"{'internal error: ' if ours else ''}{p.location()}: {p.message} ({p.check})",
            status=Status.ERROR if ours else Status.MANUAL,
        )


def _input_caused(p: Problem) -> bool:
    """Problems a Tomcat input gives our own files, a rule having asked the user already: a
    keystore or PEM file that could not be copied (tls.*.missing/unresolved), so a file, or
    the secret read from it, is absent; no connector left to listen on (AJP only). They stay
    manual findings, naming the exact file or property."""
    if p.check == "file.missing" or (p.check == "secret.unresolved" and p.absent):
        return True
    return p.check == "property.required" and p.where == "/connectors"
