"""setenv.sh's text as sh reads it: a byte order mark dropped, CR LF read as LF, each reported."""

from __future__ import annotations

from igmigrate.findings import Findings, SourceLocation, Status
from igmigrate.rules import applies

RULE_CRLF = "setenv.crlf"
RULE_BOM = "setenv.bom"
PATH = "setenv"  # the setting path of setenv.sh's findings (as tomcat/setenv.py's)
_BOMS = ("\ufeff", "\u00ef\u00bb\u00bf")  # decoded as UTF-8, or as latin-1 when not UTF-8


@applies(RULE_BOM, RULE_CRLF)
def as_sh_reads_it(text: str, file: str, findings: Findings) -> str:
    """The text without a byte order mark, with LF line endings; each repair is reported."""
    bom = next((b for b in _BOMS if text.startswith(b)), "")
    if bom:
        findings.emit(
            RULE_BOM,
            "setenv.sh starts with a UTF-8 byte order mark (saved by a Windows "
            "editor); sh reads it as part of line 1, so that line's first word is not "
            "what it looks like; read here without it",
            status=Status.MANUAL,
            location=SourceLocation(file, 1, PATH),
            hint="save the file as UTF-8 without BOM",
        )
        text = text[len(bom) :]
    if "\r" in text:
        findings.emit(
            RULE_CRLF,
            "setenv.sh has Windows (CR LF) line endings; sh keeps the CR as part "
            "of each value, which usually breaks Tomcat's start; read here as LF",
            status=Status.MANUAL,
            location=SourceLocation(file),
            hint="convert the file to LF line endings",
        )
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
