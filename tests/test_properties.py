"""conf/catalina.properties (tomcat-inputs.md §1): java.util.Properties rules, lines, accounting."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from igmigrate.errors import InputError
from igmigrate.findings import Findings, SettingKey, SourceLocation, Status
from igmigrate.mapping.properties import report_properties
from igmigrate.tomcat.placeholders import PropertyValue
from igmigrate.tomcat.properties import read_catalina_properties

CORPUS = Path(__file__).parents[2] / "shared" / "corpus"
FILE = "conf/catalina.properties"


def write(tmp_path: Path, data: str | bytes) -> Path:
    (tmp_path / "conf").mkdir(exist_ok=True)
    path = tmp_path / FILE
    if isinstance(data, str):
        path.write_text(data, encoding="latin-1")
    else:
        path.write_bytes(data)
    return path


def read(tmp_path: Path, data: str | bytes) -> tuple[dict[str, PropertyValue], Findings]:
    findings = Findings()
    return read_catalina_properties(write(tmp_path, data), tmp_path, findings), findings


def test_separators_comments_and_continuations_follow_java_properties(tmp_path: Path) -> None:
    text = (
        "# comment\n"
        "! also a comment\n"
        "a=1\n"
        "b : 2\n"
        "c 3\n"
        "list=x,\\\n"
        "     y,\\\n"
        "     z\n"
        "key\\ with\\ space=v\n"
        "\\u0041uni=\\u00e9t\\u00e9\n"
        "empty=\n"
    )
    entries, _ = read(tmp_path, text)
    assert {k: v.value for k, v in entries.items()} == {
        "a": "1",
        "b": "2",
        "c": "3",
        "list": "x,y,z",
        "key with space": "v",
        "Auni": "été",
        "empty": "",
    }


def test_origin_is_the_line_where_each_key_starts(tmp_path: Path) -> None:
    entries, _ = read(tmp_path, "# c\n\na=1\nlong=a,\\\n b,\\\n c\nafter=2\n")
    assert entries["a"].origin == "conf/catalina.properties:3"
    assert entries["long"].origin == "conf/catalina.properties:4"
    assert entries["after"].origin == "conf/catalina.properties:7"


def test_crlf_and_cr_line_endings_count_lines_like_java(tmp_path: Path) -> None:
    entries, _ = read(tmp_path, b"a=1\r\nb=2\rc=3\n")
    assert [v.origin.rsplit(":", 1)[1] for v in entries.values()] == ["1", "2", "3"]


def test_comment_ending_in_backslash_does_not_continue(tmp_path: Path) -> None:
    entries, _ = read(tmp_path, "#x=\\\nreal=1\n")
    assert list(entries) == ["real"]


def test_values_are_not_placeholder_expanded(tmp_path: Path) -> None:
    entries, _ = read(tmp_path, "a=1\nb=${a}/x\n")
    assert entries["b"].value == "${a}/x"


def test_file_is_read_as_iso_8859_1_like_properties_load(tmp_path: Path) -> None:
    entries, _ = read(tmp_path, b"name=caf\xe9\n")
    assert entries["name"].value == "café"


def test_each_key_is_registered_as_seen(tmp_path: Path) -> None:
    _, findings = read(tmp_path, "a=1\nb=2\n")
    assert findings.seen == {
        SettingKey(FILE, "catalina.properties", "a"): SourceLocation(
            FILE, 1, "catalina.properties"
        ),
        SettingKey(FILE, "catalina.properties", "b"): SourceLocation(
            FILE, 2, "catalina.properties"
        ),
    }


def test_duplicate_key_keeps_the_later_entry_and_reports_the_earlier(tmp_path: Path) -> None:
    entries, findings = read(tmp_path, "a=first\nb=2\na=second\n")
    assert entries["a"] == PropertyValue("second", "conf/catalina.properties:3")
    [dup] = [f for f in findings if f.rule == "properties.duplicate-key"]
    assert dup.location == SourceLocation(FILE, 1, "catalina.properties")
    assert "first" not in dup.message and "second" not in dup.message
    assert findings.seen[SettingKey(FILE, "catalina.properties", "a")].line == 3


def test_malformed_unicode_escape_is_an_input_error_with_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"conf/catalina\.properties:2: malformed"):
        read(tmp_path, "a=1\nb=\\uZZZZ\n")


def test_unreadable_file_is_an_input_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "a=1\n")

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("igmigrate.tomcat.properties.read_bytes", deny)
    with pytest.raises(InputError, match=r"^conf/catalina\.properties: cannot read"):
        read_catalina_properties(path, tmp_path, Findings())


# --- report_properties ---------------------------------------------------------------------------


def _report(entries: dict[str, str], used: set[str]) -> Findings:
    findings = Findings()
    values = {
        k: PropertyValue(v, f"{FILE}:{i}") for i, (k, v) in enumerate(entries.items(), start=1)
    }
    for k in values:
        findings.see(SettingKey(FILE, "catalina.properties", k), SourceLocation(FILE, 1))
    report_properties(values, used, FILE, findings)
    return findings


def test_every_key_gets_exactly_one_finding_with_its_setting() -> None:
    findings = _report(
        {
            "http.port": "8080",
            "common.loader": '"${catalina.base}/lib"',
            "tomcat.util.scan.StandardJarScanFilter.jarsToSkip": "*.jar",
            "org.apache.catalina.startup.EXIT_ON_INIT_FAILURE": "true",
            "jdk.tls.ephemeralDHKeySize": "2048",
            "my.unused": "x",
            "javax.net.ssl.trustStore": "/t.jks",
        },
        {"http.port"},
    )
    by_key = {f.settings[0].name: f for f in findings}
    assert len(findings) == 7 and len(by_key) == 7
    assert not findings.unaccounted()
    assert (by_key["http.port"].status, by_key["http.port"].rule) == (
        Status.MAPPED,
        "properties.placeholder",
    )
    assert "${http.port}" in by_key["http.port"].message
    for key in (
        "common.loader",
        "tomcat.util.scan.StandardJarScanFilter.jarsToSkip",
        "org.apache.catalina.startup.EXIT_ON_INIT_FAILURE",
        "jdk.tls.ephemeralDHKeySize",
    ):
        assert (by_key[key].status, by_key[key].rule) == (
            Status.IGNORED,
            "properties.tomcat-internal",
        )
    assert by_key["my.unused"].rule == "properties.unused"
    assert by_key["my.unused"].status is Status.IGNORED
    assert "not referenced by any ${}" in by_key["my.unused"].message
    assert by_key["javax.net.ssl.trustStore"].status is Status.MANUAL
    assert by_key["http.port"].location == SourceLocation(FILE, 1, "catalina.properties")


def test_used_tomcat_key_counts_as_placeholder_source() -> None:
    [f] = list(_report({"catalina.base": "/srv"}, {"catalina.base"}))
    assert f.rule == "properties.placeholder"


def test_report_never_includes_a_value() -> None:
    secret = "Zz-secret-Value-42"
    findings = _report(
        {
            "db.password": secret,
            "psc.as.https.keypass": secret,
            "javax.net.ssl.keyStorePassword": secret,
        },
        {"db.password"},
    )
    assert len(findings) == 3
    for f in findings:
        assert secret not in f"{f.message} {f.hint}"


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not available at {CORPUS}")
def test_corpus_pasoe_catalina_properties(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    shutil.copyfile(CORPUS / "bfv__pasoe-12.2-setup__conf__catalina.properties", tmp_path / FILE)
    findings = Findings()
    entries = read_catalina_properties(tmp_path / FILE, tmp_path, findings)
    assert entries["psc.as.http.port"] == PropertyValue("3110", f"{FILE}:310")
    assert entries["common.loader"].origin == f"{FILE}:53"
    assert entries["common.loader"].value.startswith('"${catalina.base}/lib","${catalina.base}')
    assert entries["server.loader"].value == ""
    skip = entries["tomcat.util.scan.StandardJarScanFilter.jarsToSkip"]
    assert skip.origin == f"{FILE}:108"
    assert skip.value.startswith("annotations-api.jar,ant-junit*.jar,")
    assert "\\" not in skip.value and "\n" not in skip.value
    assert "tomcat.util.scan.StandardJarScanFilter.jarsToScan" not in entries  # commented out
    assert sum(1 for k in entries if k.startswith("psc.as.")) > 60
    report_properties(entries, {"psc.as.http.port", "psc.as.https.port"}, FILE, findings)
    assert not findings.unaccounted()
    rules = {f.settings[0].name: f.rule for f in findings if f.settings}
    assert rules["psc.as.https.port"] == "properties.placeholder"
    assert rules["package.access"] == "properties.tomcat-internal"
    assert rules["psc.as.shut.pwd"] == "properties.unused"
    for f in findings:
        assert "SHUTDOWN" not in f.message  # psc.as.shut.pwd's value


def test_lone_surrogate_escape_is_a_finding_at_its_line_not_a_crash(tmp_path: Path) -> None:
    entries, findings = read(tmp_path, "ok=1\nbad\\uD800key=v\nval=a\\uDC00\npair=\\uD83D\\uDE00\n")
    assert set(entries) == {"ok", "pair"}
    assert entries["pair"].value == "\U0001f600"  # a valid pair is one character, as in Java
    found = [f for f in findings if f.rule == "properties.lone-surrogate"]
    assert [str(f.location) for f in found] == [f"{FILE}:2", f"{FILE}:3"]
    for f in found:
        f.message.encode("utf-8")  # printable: no lone surrogate reaches any output
        for k in f.settings:
            k.name.encode("utf-8")
    assert "bad\\uD800key" in found[0].message
    assert "val" in found[1].message and "\\uDC00" not in found[1].message  # value never shown
    assert {k.name for f in found for k in f.settings} == {"bad\\uD800key", "val"}
    assert {k.name for k in findings.seen} >= {"bad\\uD800key", "val"}
