"""Which Tomcat is it (tomcat-inputs.md §0): catalina.jar, hardening override, RELEASE-NOTES."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from igmigrate.errors import UserError
from igmigrate.findings import Findings, Severity, Status
from igmigrate.tomcat.detect_version import DetectedVersion, detect_version
from igmigrate.tomcat.version import ASSUMED_VERSION, TomcatVersion

INFO = "org/apache/catalina/util/ServerInfo.properties"
DEBIAN_HOME = Path("/usr/share/tomcat10")


def jar(root: Path, number: str, info: str) -> None:
    (root / "lib").mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(root / "lib" / "catalina.jar", "w") as zf:
        zf.writestr(INFO, f"# ASF header\nserver.info={info}\nserver.number={number}\n")


def notes(root: Path, version: str) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "RELEASE-NOTES").write_text(
        f"\n{' ' * 21}Apache Tomcat Version {version}\n{' ' * 28}Release Notes\n"
    )


def detect(
    base: Path, home: Path | None = None, override: str | None = None
) -> tuple[DetectedVersion, Findings]:
    findings = Findings()
    return detect_version(base, home or base, base, override, findings), findings


def rules(findings: Findings) -> list[str]:
    return sorted(f.rule for f in findings)


def test_catalina_jar_server_info_gives_the_version(tmp_path: Path) -> None:
    jar(tmp_path, "9.0.35.0", "Apache Tomcat/9.0.35")
    v, f = detect(tmp_path)
    assert v == DetectedVersion(TomcatVersion(9, 0, 35), "lib/catalina.jar", "Apache Tomcat/9.0.35")
    [info] = list(f)
    assert (info.rule, info.status) == ("tomcat.version", Status.MAPPED)
    assert "9.0.35" in info.message and "lib/catalina.jar" in info.message


def test_milestone_is_taken_from_server_info_when_numbers_agree(tmp_path: Path) -> None:
    jar(tmp_path, "10.0.0.0", "Apache Tomcat/10.0.0-M5")
    v, _ = detect(tmp_path)
    assert v.version == TomcatVersion(10, 0, 0, 5)


def test_customised_server_info_does_not_override_server_number(tmp_path: Path) -> None:
    jar(tmp_path, "8.5.55.0", "Apache Tomcat/9.9.9 (vendor build)")
    v, _ = detect(tmp_path)
    assert v.version == TomcatVersion(8, 5, 55)


def test_base_jar_wins_over_home_jar(tmp_path: Path) -> None:
    base, home = tmp_path / "base", tmp_path / "home"
    jar(base, "9.0.80.0", "Apache Tomcat/9.0.80")
    jar(home, "8.5.40.0", "Apache Tomcat/8.5.40")
    v, _ = detect(base, home)
    assert v.version == TomcatVersion(9, 0, 80)


def test_home_jar_is_used_when_base_has_none(tmp_path: Path) -> None:
    base, home = tmp_path / "base", tmp_path / "home"
    base.mkdir()
    jar(home, "8.5.40.0", "Apache Tomcat/8.5.40")
    v, _ = detect(base, home)
    assert v.version == TomcatVersion(8, 5, 40)
    assert v.source == "--catalina-home:lib/catalina.jar"  # no path of this machine


def test_hardening_override_is_cross_checked_with_release_notes(tmp_path: Path) -> None:
    override = tmp_path / "lib" / INFO
    override.parent.mkdir(parents=True)
    override.write_text("server.info=Secure Server\nserver.number=0.0.0.0\n")
    notes(tmp_path, "9.0.35")
    v, f = detect(tmp_path)
    assert v == DetectedVersion(TomcatVersion(9, 0, 35), "RELEASE-NOTES", "Secure Server")
    assert rules(f) == ["tomcat.server-info-override", "tomcat.version"]


def test_release_notes_alone_give_the_version(tmp_path: Path) -> None:
    notes(tmp_path, "7.0.109")
    v, f = detect(tmp_path)
    assert v == DetectedVersion(TomcatVersion(7, 0, 109), "RELEASE-NOTES", None)
    assert rules(f) == ["tomcat.version"]


def test_nothing_found_assumes_a_version_and_asks_for_tomcat_version(tmp_path: Path) -> None:
    v, f = detect(tmp_path)
    assert v.version == ASSUMED_VERSION and v.source == "assumed"
    [assumed] = [x for x in f if x.rule == "tomcat.version-assumed"]
    assert assumed.status is Status.MANUAL
    assert assumed.hint is not None and "--tomcat-version" in assumed.hint
    assert rules(f) == ["tomcat.version", "tomcat.version-assumed"]


def test_tomcat_version_is_used_when_nothing_is_detected(tmp_path: Path) -> None:
    v, f = detect(tmp_path, override="10.1.20")
    assert v == DetectedVersion(TomcatVersion(10, 1, 20), "--tomcat-version", None)
    assert rules(f) == ["tomcat.version"]


def test_tomcat_version_wins_over_a_different_detected_version_as_a_manual_finding(
    tmp_path: Path,
) -> None:
    jar(tmp_path, "9.0.35.0", "Apache Tomcat/9.0.35")
    v, f = detect(tmp_path, override="9.0.34")
    assert v.version == TomcatVersion(9, 0, 34) and v.source == "--tomcat-version"
    [warn] = [x for x in f if x.rule == "tomcat.version-override"]
    assert (warn.status, warn.severity) == (Status.MANUAL, Severity.WARNING)  # one axis
    assert "9.0.34" in warn.message and "9.0.35" in warn.message
    assert rules(f) == ["tomcat.version", "tomcat.version-override"]


def test_matching_tomcat_version_gives_no_warning(tmp_path: Path) -> None:
    jar(tmp_path, "9.0.35.0", "Apache Tomcat/9.0.35")
    _, f = detect(tmp_path, override="9.0.35")
    assert rules(f) == ["tomcat.version"]


def test_bad_tomcat_version_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not a Tomcat version"):
        detect(tmp_path, override="nine")


def test_corrupt_catalina_jar_is_reported_and_release_notes_used(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "catalina.jar").write_bytes(b"not a zip")
    notes(tmp_path, "8.5.99")
    v, f = detect(tmp_path)
    assert v.version == TomcatVersion(8, 5, 99)
    assert rules(f) == ["tomcat.version", "tomcat.version-unreadable"]


@pytest.mark.skipif(
    not (DEBIAN_HOME / "lib" / "catalina.jar").exists(),
    reason=f"Debian tomcat10 package not installed ({DEBIAN_HOME}/lib/catalina.jar missing)",
)
def test_debian_tomcat10_catalina_jar_symlink_is_read(tmp_path: Path) -> None:
    findings = Findings()
    v = detect_version(tmp_path, DEBIAN_HOME, tmp_path, None, findings)
    assert v.version.major == 10 and v.version.minor == 1
    assert v.server_info is not None and v.server_info.startswith("Apache Tomcat/10.1.")
    assert v.source == "--catalina-home:lib/catalina.jar"
