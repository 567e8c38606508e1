"""The command line, run as a user runs it: every exit code of product.md."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from igmigrate.plan import MANIFEST
from tests.golden import ROOT, SAMPLES, tree
from tests.tomcat_tree import one_service, tomcat

BASIC = SAMPLES / "tomcat9-basic" / "input"


def igm(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "igmigrate", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_convert_writes_admin_json_and_exits_0(tmp_path: Path) -> None:
    p = igm("convert", BASIC, tmp_path / "out")
    assert p.returncode == 0, p.stderr
    admin = json.loads((tmp_path / "out/config/admin.json").read_text())
    assert admin["connectors"] == [
        {
            "port": 8080,
            "vertx": {
                "maxHeaderSize": 16384,
                "idleTimeout": 20000,
                "idleTimeoutUnit": "MILLISECONDS",
                "compressionSupported": True,
            },
        }
    ]
    assert "unsupported" in p.stderr  # the summary names what needs attention
    assert p.stdout == ""


def test_ajp_connector_is_reported_with_its_server_xml_line(tmp_path: Path) -> None:
    p = igm("convert", BASIC, tmp_path / "out", "--format", "json")
    report = json.loads(p.stdout)
    [ajp] = [f for f in report["findings"] if f["rule"] == "connector.ajp"]
    assert ajp["location"] == "conf/server.xml:26"
    assert ajp["status"] == "unsupported"


def test_dry_run_exits_3_and_creates_nothing(tmp_path: Path) -> None:
    out = tmp_path / "x"
    p = igm("convert", BASIC, out, "--dry-run")
    assert p.returncode == 3
    assert not out.exists()
    assert "+++ b/config/admin.json" in p.stdout


def test_dry_run_after_convert_exits_0_with_an_empty_diff(tmp_path: Path) -> None:
    out = tmp_path / "x"
    assert igm("convert", BASIC, out).returncode == 0
    p = igm("convert", BASIC, out, "--dry-run")
    assert (p.returncode, p.stdout) == (0, "")


def test_non_empty_foreign_out_is_refused_with_exit_1(tmp_path: Path) -> None:
    out = tmp_path / "x"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    p = igm("convert", BASIC, out)
    assert p.returncode == 1
    assert "--force" in p.stderr
    assert tree(out) == {"notes.txt": (b"mine", 0o644)}


def test_force_writes_into_a_foreign_out_and_keeps_its_files(tmp_path: Path) -> None:
    out = tmp_path / "x"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    assert igm("convert", BASIC, out, "--force").returncode == 0
    assert (out / "notes.txt").read_text() == "mine"
    assert (out / "config/admin.json").is_file()


def test_hand_edited_output_is_refused_without_force(tmp_path: Path) -> None:
    out = tmp_path / "x"
    assert igm("convert", BASIC, out).returncode == 0
    (out / "config/admin.json").write_text("{}\n")
    p = igm("convert", BASIC, out)
    assert p.returncode == 1 and "config/admin.json" in p.stderr


def test_missing_server_xml_is_not_a_tomcat_base(tmp_path: Path) -> None:
    p = igm("convert", tmp_path, tmp_path / "out")
    assert p.returncode == 1
    assert "not a Tomcat base" in p.stderr and str(tmp_path) in p.stderr
    assert not (tmp_path / "out").exists()


def test_malformed_xml_exits_1_with_file_line_column(tmp_path: Path) -> None:
    src = tomcat(tmp_path / "t", '<Server>\n  <Connector keystorePass="<x>"/>\n</Server>\n')
    p = igm("convert", src, tmp_path / "out")
    assert p.returncode == 1
    assert "conf/server.xml:2:" in p.stderr
    assert not (tmp_path / "out").exists()


def test_error_finding_fails_the_run_and_writes_nothing(tmp_path: Path) -> None:
    src = tomcat(tmp_path / "t", one_service('<Connector port="[PKI_PORT]"/>'))
    p = igm("convert", src, tmp_path / "out")
    assert p.returncode == 1
    assert "conf/server.xml:4" in p.stderr
    assert not (tmp_path / "out").exists()


def test_fail_on_unsupported_exits_4_but_still_writes(tmp_path: Path) -> None:
    p = igm("convert", BASIC, tmp_path / "out", "--fail-on", "unsupported")
    assert p.returncode == 4
    assert (tmp_path / "out/config/admin.json").is_file()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert igm("convert").returncode == 2
    assert igm("convert", BASIC, tmp_path / "o", "--fail-on", "sometimes").returncode == 2
    assert igm("convert", BASIC, tmp_path / "o", "--property", "novalue").returncode == 2
    assert igm("convert", BASIC, tmp_path / "o", "--target-version", "6.5").returncode == 2


def test_version_and_help_show_the_exit_code_table() -> None:
    assert igm("--version").stdout.startswith("igmigrate ")
    help_text = igm("convert", "--help").stdout
    assert "Exit codes" in help_text and "dry-run: changes pending" in help_text


def test_rules_lists_the_mapping_table() -> None:
    p = igm("rules")
    assert p.returncode == 0
    assert "connector.ajp" in p.stdout and "unsupported" in p.stdout


def test_inspect_prints_connectors_as_json_lines() -> None:
    p = igm("inspect", BASIC, "--format", "connectors")
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert [r["port"] for r in rows] == [8080, 8009]
    assert rows[1]["protocol_class"] == "org.apache.coyote.ajp.AjpNioProtocol"


def test_2024_3_env_secrets_through_the_cli_and_a_real_sh(tmp_path: Path) -> None:
    src = SAMPLES / "tomcat9-tls-legacy" / "input"
    out = tmp_path / "out"
    p = igm("convert", src, out, "--target-version", "2024.3", "--secrets", "env")
    assert p.returncode == 0, p.stderr
    heap = {h["name"]: h for h in json.loads((out / "config/admin.json").read_text())["heap"]}
    store = heap["KeyStore-8443"]["config"]
    assert store["storePasswordSecretId"] == "keystore.8443.password"
    assert heap["SecretsPasswords"]["type"] == "SystemAndEnvSecretStore"
    env_sh = out / "bin" / "env.sh"
    assert env_sh.stat().st_mode & 0o777 == 0o600
    assert not (out / "secrets" / "keystore.8443.password").exists()
    shown = subprocess.run(
        ["sh", "-c", '. "$1" && printf %s "$KEYSTORE_8443_PASSWORD" | base64 -d', "sh", env_sh],
        capture_output=True,
        text=True,
        check=True,
    )
    expected = (SAMPLES / "tomcat9-tls-legacy" / "secrets.txt").read_text().splitlines()[0]
    assert shown.stdout == expected


def test_failed_conversion_prints_the_report_as_json_with_format_json(tmp_path: Path) -> None:
    src = tomcat(tmp_path / "t", one_service('<Connector port="$[http.port]"/>'))
    p = igm("convert", src, tmp_path / "out", "--format", "json")
    assert p.returncode == 1
    report = json.loads(p.stdout)
    assert report["summary"]["counts"]["error"] == 1
    [err] = [f for f in report["findings"] if f["status"] == "error"]
    assert err["location"] == "conf/server.xml:4" and "template slot" in err["message"]


def test_property_expansion_bomb_is_an_error_naming_the_property(tmp_path: Path) -> None:
    xml = one_service('<Connector port="8080"\n      address="${p}"/>')
    src = tomcat(
        tmp_path / "t",
        xml,
        version="10.1.18",
        files={"conf/catalina.properties": "p=${p}${p}${p}\n"},
    )
    p = subprocess.run(
        [sys.executable, "-m", "igmigrate", "convert", str(src), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert p.returncode == 1, p.stderr
    assert len(p.stderr) < 20_000  # the half-expanded value is never printed
    assert "conf/server.xml:5" in p.stderr and "${p}" in p.stderr
    assert "internal error" not in p.stderr


def test_lone_surrogate_in_catalina_properties_is_reported_not_a_crash(tmp_path: Path) -> None:
    src = tomcat(
        tmp_path / "t",
        one_service('<Connector port="8080"/>'),
        files={"conf/catalina.properties": "a\\uD800=1\nb=\\uDFFF\n"},
    )
    p = igm("convert", src, tmp_path / "out", "--format", "json")
    assert p.returncode == 0, p.stderr
    report = json.loads(p.stdout)
    found = [f for f in report["findings"] if f["rule"] == "properties.lone-surrogate"]
    assert [f["location"] for f in found] == [
        "conf/catalina.properties:1",
        "conf/catalina.properties:2",
    ]
    (tmp_path / "out" / "MIGRATION.md").read_text(encoding="utf-8")


def test_character_reference_to_a_surrogate_is_a_clean_input_error(tmp_path: Path) -> None:
    src = tomcat(tmp_path / "t", one_service('<Connector port="8080" address="&#xD800;"/>'))
    p = igm("convert", src, tmp_path / "out")
    assert p.returncode == 1
    assert "conf/server.xml:4:" in p.stderr and "internal error" not in p.stderr


def test_manifest_holds_no_digest_of_any_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert igm("convert", BASIC, out).returncode == 0
    manifest = (out / ".igmigrate/manifest.json").read_text()
    inputs = json.loads(manifest)["inputs"]
    assert inputs == [
        "bin/setenv.sh",
        "conf/catalina.properties",
        "conf/server.xml",
        "webapps/ROOT/WEB-INF/web.xml",
    ]
    digests = out / ".igmigrate/inputs.sha256"
    assert stat.S_IMODE(digests.stat().st_mode) == 0o600
    lines = []
    for rel in inputs:
        digest = hashlib.sha256((BASIC / rel).read_bytes()).hexdigest()
        assert digest not in manifest
        lines.append(f"{digest}  {rel}\n")
    assert digests.read_text() == "".join(lines)  # `sha256sum -c` from SRC checks it
    for f in (out / "MIGRATION.md", out / "migration-report.json"):
        assert all(line.split()[0] not in f.read_text() for line in lines)


TLS101 = SAMPLES / "tomcat101-tls" / "input"
TLS101_PW = (SAMPLES / "tomcat101-tls" / "secrets.txt").read_text().splitlines()[0]


def test_hand_rotated_secret_is_kept_with_a_finding_until_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    prop = f"--property=ig.keystore.password={TLS101_PW}"
    assert igm("convert", TLS101, out, prop).returncode == 0
    secret = out / "secrets" / "keystore.8443.password"
    assert secret.read_text() == TLS101_PW
    secret.write_text("rotated-by-hand")
    for args in ((), (prop,)):  # this run would not write it / would write it differently
        p = igm("convert", TLS101, out, *args)
        assert p.returncode == 0, p.stderr
        assert secret.read_text() == "rotated-by-hand"
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600
        assert "output.secret-kept" in p.stderr and "secrets/keystore.8443.password" in p.stderr
        report = json.loads((out / "migration-report.json").read_text())
        [kept] = [f for f in report["findings"] if f["rule"] == "output.secret-kept"]
        assert kept["target"] == "secrets/keystore.8443.password"
        assert kept["status"] == "manual"
        assert "secrets/keystore.8443.password" in (out / "MIGRATION.md").read_text()
        dry = igm("convert", TLS101, out, *args, "--dry-run")
        assert (dry.returncode, dry.stdout) == (0, ""), dry.stdout + dry.stderr
        public = ("MIGRATION.md", "migration-report.json", "config/admin.json", MANIFEST)
        for text in (p.stdout, p.stderr, dry.stderr, *((out / f).read_text() for f in public)):
            assert "rotated-by-hand" not in text
    assert igm("convert", TLS101, out, prop, "--force").returncode == 0
    assert secret.read_text() == TLS101_PW  # --force: the new content wins
    secret.write_text("rotated-by-hand")
    assert igm("convert", TLS101, out, "--force").returncode == 0
    assert not secret.exists()  # --force: the removal wins


def test_out_that_is_the_current_directory_is_updated_in_place(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    inode = out.stat().st_ino
    p = igm("convert", BASIC, ".", cwd=out)
    assert p.returncode == 0, p.stderr
    assert out.stat().st_ino == inode  # the caller's working directory is still OUT
    assert (out / "config/admin.json").is_file()
    (out / "notes.txt").write_text("mine")
    p = igm("convert", SAMPLES / "tomcat85-two-services" / "input", ".", cwd=out)
    assert p.returncode == 0, p.stderr
    assert out.stat().st_ino == inode
    assert (out / "notes.txt").read_text() == "mine"
    assert (
        igm(
            "convert", SAMPLES / "tomcat85-two-services" / "input", ".", "--dry-run", cwd=out
        ).stdout
        == ""
    )
    assert sorted(q.name for q in tmp_path.iterdir()) == ["out"]
    assert not [q for q in out.rglob("*") if "igmigrate-" in q.name]


def test_bad_paths_and_versions_are_usage_errors(tmp_path: Path) -> None:
    for option, value in (
        ("--app-path", "/does/not/exist"),
        ("--catalina-home", "/does/not/exist"),
        ("--tomcat-version", "bogus"),
    ):
        p = igm("convert", BASIC, tmp_path / "o", option, value)
        assert p.returncode == 2, (option, p.stderr)
        assert option in p.stderr
        assert not (tmp_path / "o").exists()
    p = igm("inspect", BASIC, "--tomcat-version", "bogus")
    assert p.returncode == 2 and "--tomcat-version" in p.stderr


def test_dry_run_on_an_edited_out_shows_the_diff_and_names_the_edits(tmp_path: Path) -> None:
    out = tmp_path / "x"
    assert igm("convert", BASIC, out).returncode == 0
    (out / "config/admin.json").write_text("{}\n")
    (out / "MIGRATION.md").unlink()
    p = igm("convert", BASIC, out, "--dry-run")
    assert p.returncode == 3, p.stderr
    assert "--- a/config/admin.json\n+++ b/config/admin.json\n@@ -1 +1,21 @@\n-{}\n" in p.stdout
    assert "+++ b/MIGRATION.md" in p.stdout
    assert "edited since igmigrate wrote it: config/admin.json" in p.stderr
    assert "deleted since igmigrate wrote it: MIGRATION.md" in p.stderr
    assert "a real run needs --force" in p.stderr
    assert (out / "config/admin.json").read_text() == "{}\n"
    assert igm("convert", BASIC, out).returncode == 1


def test_dry_run_on_a_foreign_out_shows_the_diff(tmp_path: Path) -> None:
    out = tmp_path / "x"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    p = igm("convert", BASIC, out, "--dry-run")
    assert p.returncode == 3
    assert "+++ b/config/admin.json" in p.stdout and "notes.txt" not in p.stdout
    assert "was not written by igmigrate; a real run needs --force" in p.stderr


def test_internal_error_is_one_line_without_its_text_and_debug_shows_the_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from igmigrate import cli, run_one

    def boom(*_a: object, **_k: object) -> None:
        raise KeyError("S3cr3tV4lue")

    monkeypatch.setattr(run_one, "convert", boom)  # convert_cmd runs it through run_one
    runner = CliRunner()
    plain = runner.invoke(cli.app, ["convert", str(BASIC), str(tmp_path / "out")])
    assert plain.exit_code == 1
    line = plain.output.strip()
    assert line.startswith("igmigrate: error: internal error: KeyError at igmigrate/")
    assert "S3cr3tV4lue" not in plain.output and "\n" not in line
    debug = runner.invoke(cli.app, ["convert", str(BASIC), str(tmp_path / "out"), "--debug"])
    assert isinstance(debug.exception, KeyError)
