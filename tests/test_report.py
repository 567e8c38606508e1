"""Specifications for the report: JSON shape and determinism, MIGRATION.md, console, exit code."""

from __future__ import annotations

import json
import random

import pytest

from igmigrate.errors import EXIT_FINDINGS, EXIT_OK
from igmigrate.findings import Finding, Findings, SettingKey, SourceLocation, Status
from igmigrate.report import console_summary, exit_code, report_json, report_markdown
from igmigrate.templates_path import templates_dir

SERVER = "conf/server.xml"
KW: dict[str, object] = {
    "tool_version": "0.1.0",
    "target": "7.2",
    "source": {"tomcat_version": "9.0.85"},
    "outputs": ["config/admin.json", "MIGRATION.md"],
}


def key(path: str, name: str) -> SettingKey:
    return SettingKey(SERVER, path, name)


def loc(line: int, path: str) -> SourceLocation:
    return SourceLocation(SERVER, line, path)


C1 = "Server/Service/Connector[1]"
C2 = "Server/Service/Connector[2]"


def sample_findings() -> list[Finding]:
    return [
        Finding(
            "connector.port",
            Status.MAPPED,
            "Connector port 8080 becomes an admin.json connector.",
            loc(10, C1),
            target="config/admin.json connectors[0].port",
            settings=(key(C1, "port"),),
        ),
        Finding(
            "tls.keystore-password",
            Status.MANUAL,
            "keystorePass is `${ks.pass}` | unresolved",
            loc(12, C2),
            target="secrets/ks.pass",
            hint="Write the password to secrets/ks.pass.",
            settings=(key(C2, "keystorePass"),),
        ),
        Finding(
            "connector.protocol",
            Status.UNSUPPORTED,
            "AJP <Connector> has no standalone equivalent.",
            loc(12, C2),
            hint="Front IG with a reverse proxy.",
            settings=(key(C2, "protocol"),),
        ),
        Finding(
            "session.timeout",
            Status.PARTIAL,
            "session-timeout 30 applied to all routes.",
            SourceLocation("conf/web.xml", 5, "web-app/session-config"),
            settings=(SettingKey("conf/web.xml", "web-app/session-config", "#text"),),
        ),
        Finding("xml.comment", Status.IGNORED, "Comments are not migrated."),
    ]


def collect(items: list[Finding], seen_extra: int = 0) -> Findings:
    fs = Findings.restore(items)
    for f in items:
        for k in f.settings:
            fs.see(k, f.location or SourceLocation(k.file))
    for i in range(seen_extra):
        fs.see(key(f"Server/Valve[{i}]", "className"), loc(99, f"Server/Valve[{i}]"))
    return fs


def test_report_json_round_trips_with_the_documented_shape() -> None:
    data = json.loads(report_json(collect(sample_findings()), **KW))  # type: ignore[arg-type]
    assert data["format_version"] == 1
    assert data["tool"] == {"name": "igmigrate", "version": "0.1.0"}
    assert data["target"] == {"product": "IG", "version": "7.2"}
    assert data["source"] == {"tomcat_version": "9.0.85"}
    assert data["summary"]["counts"] == {
        "mapped": 1,
        "partial": 1,
        "manual": 1,
        "unsupported": 1,
        "ignored": 1,
        "error": 0,
    }
    assert "exit_reason" not in data["summary"]
    assert data["outputs"] == ["MIGRATION.md", "config/admin.json"]
    assert [f["rule"] for f in data["findings"]] == [
        "xml.comment",
        "connector.port",
        "connector.protocol",
        "tls.keystore-password",
        "session.timeout",
    ]
    manual = data["findings"][3]
    assert manual["location"] == "conf/server.xml:12"
    assert manual["element"] == C2
    assert manual["hint"] == "Write the password to secrets/ks.pass."


def test_report_json_is_byte_identical_regardless_of_insertion_order() -> None:
    items = sample_findings()
    # two findings with the same location and rule but different content: ties must not leak
    items += [
        Finding("xml.unknown", Status.IGNORED, "same", loc(3, "Server"), hint="b"),
        Finding("xml.unknown", Status.IGNORED, "same", loc(3, "Server"), hint="a"),
    ]
    expected = report_json(collect(items), **KW)  # type: ignore[arg-type]
    rng = random.Random(7)
    for _ in range(10):
        shuffled = items[:]
        rng.shuffle(shuffled)
        got = report_json(collect(shuffled), **KW)  # type: ignore[arg-type]
        assert got == expected
    text = expected.decode()
    assert text.endswith("}\n")
    assert text.startswith('{\n  "findings"')


def test_coverage_counts_seen_and_accounted_settings() -> None:
    full = json.loads(report_json(collect(sample_findings()), **KW))  # type: ignore[arg-type]
    assert full["summary"]["coverage"] == {"seen": 4, "accounted": 4, "percent": 100.0}
    partial = json.loads(report_json(collect(sample_findings(), seen_extra=2), **KW))  # type: ignore[arg-type]
    assert partial["summary"]["coverage"] == {"seen": 6, "accounted": 4, "percent": 66.6}


def test_coverage_never_rounds_up_to_100_percent() -> None:
    fs = collect(sample_findings(), seen_extra=0)
    for i in range(2000):
        k = key(f"Server/X[{i}]", "a")
        fs.see(k, loc(1, "Server"))
        if i:
            fs.emit("unconverted", "x", settings=(k,))
    cov = json.loads(report_json(fs, **KW))["summary"]["coverage"]  # type: ignore[arg-type]
    assert cov["accounted"] == cov["seen"] - 1
    assert cov["percent"] == 99.9


def markdown(items: list[Finding], seen_extra: int = 0) -> str:
    return report_markdown(collect(items, seen_extra), **KW).decode()  # type: ignore[arg-type]


def test_markdown_has_title_source_target_summary_and_coverage() -> None:
    md = markdown(sample_findings())
    assert md.startswith("# Migration report: Tomcat → IG 7.2 standalone\n")
    assert "tomcat_version: `9.0.85`" in md
    assert "| manual | 1 |\n" in md
    assert "| error | 0 |\n" in md
    assert "Settings seen: 4, accounted for: 4 (100%)\n" in md
    assert md.endswith("\n") and not md.endswith("\n\n\n")


def test_markdown_lists_what_needs_attention_first_then_groups_by_area() -> None:
    md = markdown(sample_findings())
    attention = md.index("## Needs your attention")
    by_area = md.index("## Findings by area")
    assert attention < by_area
    head = md[attention:by_area]
    assert "**manual** `tls.keystore-password`" in head
    assert "**unsupported** `connector.protocol`" in head
    assert "connector.port" not in head
    areas = md[by_area:]
    assert areas.index("### connector") < areas.index("### session") < areas.index("### xml")
    assert "**mapped** `connector.port`" in areas[areas.index("### connector") :]
    assert "tls.keystore-password" not in areas  # each finding appears exactly once
    bullet = next(line for line in md.splitlines() if "connector.port" in line)
    assert bullet == (
        "- **mapped** `connector.port` — Connector port 8080 becomes an admin.json connector"
        " (`conf/server.xml:10`, `Server/Service/Connector[1]`)"
        " → `config/admin.json connectors[0].port`"
    )


def test_markdown_survives_pipes_backticks_and_tags_in_messages() -> None:
    md = markdown(sample_findings())
    bullet = next(line for line in md.splitlines() if "tls.keystore-password" in line)
    assert "keystorePass is `${ks.pass}` | unresolved" in bullet
    assert bullet.endswith(". Hint: Write the password to secrets/ks.pass.")
    assert "AJP \\<Connector> has no standalone equivalent" in md
    tricky = [Finding("x`y.z", Status.ERROR, "line one\nline two", SourceLocation("a|b.xml", 1))]
    md = markdown(tricky)
    assert "``x`y.z``" in md
    assert "line one\n  line two" in md


def test_markdown_with_nothing_to_attend_says_so() -> None:
    md = markdown([f for f in sample_findings() if f.status in (Status.MAPPED, Status.IGNORED)])
    assert "Nothing: every setting was mapped" in md


def test_template_is_found_in_the_templates_dir() -> None:
    assert (templates_dir() / "MIGRATION.md.j2").is_file()


def test_console_summary_lists_findings_needing_a_human_without_color() -> None:
    text = console_summary(collect(sample_findings()), out="out", fail_on="manual", color=False)
    lines = text.splitlines()
    assert lines[0] == "Findings: 1 mapped, 1 partial, 1 manual, 1 unsupported, 1 ignored, 0 error"
    assert lines[1] == "Settings seen: 4, accounted for: 4 (100%)"
    assert lines[2] == (
        "UNSUPPORTED connector.protocol conf/server.xml:12 AJP <Connector> has no standalone"
        " equivalent."
    )
    assert lines[3].startswith("MANUAL tls.keystore-password conf/server.xml:12 ")
    assert lines[4] == "2 finding(s) at or above --fail-on manual"
    assert "\x1b[" not in text
    colored = console_summary(collect(sample_findings()), out=None, fail_on="never", color=True)
    assert "\x1b[33mMANUAL\x1b[0m" in colored


def test_console_summary_is_capped_with_a_pointer_to_the_report() -> None:
    many = [
        Finding(f"xml.r{i:02}", Status.MANUAL, f"m{i}", loc(i + 1, "Server")) for i in range(40)
    ]
    text = console_summary(collect(many), out="out", fail_on="never", color=False)
    lines = text.splitlines()
    assert len(lines) <= 20
    assert lines[-1] == "… and 26 more (see out/MIGRATION.md)"


def test_exit_code_follows_fail_on() -> None:
    fs = collect(sample_findings())
    assert exit_code(fs, "never") == EXIT_OK
    assert exit_code(fs, "manual") == EXIT_FINDINGS
    assert exit_code(fs, "unsupported") == EXIT_FINDINGS
    calm = collect([f for f in sample_findings() if f.status is Status.MAPPED])
    assert exit_code(calm, "warning") == EXIT_OK
    with pytest.raises(ValueError, match="--fail-on"):
        exit_code(fs, "sometimes")
