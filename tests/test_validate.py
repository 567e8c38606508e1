"""`igmigrate validate OUT`: an instance directory is checked before it is deployed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from igmigrate.findings import Findings, Status
from igmigrate.validate import CHECKS, Problem, Tree, validate, validate_dir
from igmigrate.validate.output import check_planned
from tests.golden import ROOT, SAMPLES

EXPECTED = sorted(p for p in SAMPLES.glob("*/expected") if p.is_dir())
TLS = SAMPLES / "tomcat9-tls-legacy" / "expected"
ENV = SAMPLES / "tomcat9-tls-legacy-secrets-env" / "expected"
ADMIN = "config/admin.json"
PASSWORD = "hunter2-Not-A-Real-One"


def igm(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "igmigrate", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )


def deployed(expected: Path, tmp_path: Path) -> Path:
    """A copy of a sample's expected/ tree with the modes its manifest lists (git keeps none)."""
    out = tmp_path / expected.parent.name
    shutil.copytree(expected, out)
    manifest = json.loads((out / ".igmigrate/manifest.json").read_text())
    for rel, entry in manifest["outputs"].items():
        if (out / rel).exists():
            (out / rel).chmod(int(entry["mode"], 8))
    if (out / "secrets").is_dir():
        (out / "secrets").chmod(0o700)
    return out


def problems(out: Path, target: str | None = None) -> list[Problem]:
    return validate_dir(out, target)[1]


def checks(out: Path, target: str | None = None) -> list[tuple[str, str, str]]:
    return [(p.check, p.file, p.where) for p in problems(out, target)]


def edit_json(path: Path, change: Any) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, indent=2) + "\n")


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.parent.name)
def test_every_sample_output_passes_once_its_manual_secrets_are_supplied(
    expected: Path, tmp_path: Path
) -> None:
    out = deployed(expected, tmp_path)
    found = problems(out)
    # the only problems allowed are secrets the report asks a human for (no value was known)
    report = (out / "migration-report.json").read_text()
    assert all(p.check == "secret.unresolved" for p in found), [p.text() for p in found]
    for p in found:
        assert f"secret id {p.subject} has no value" in report, p.text()
        secret = out / "secrets" / p.subject
        secret.write_text("supplied-by-hand")
        secret.chmod(0o600)
    assert problems(out) == []


def test_validate_accepts_a_converted_instance_through_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert igm("convert", TLS.parent / "input", out).returncode == 0
    p = igm("validate", out)
    assert p.returncode == 0, p.stdout + p.stderr
    assert p.stdout == "" and "no problems" in p.stderr and "(target 7.2)" in p.stderr


def test_a_deleted_secret_file_is_named_with_the_json_pointer_using_it(tmp_path: Path) -> None:
    out = deployed(TLS, tmp_path)
    (out / "secrets/keystore.8443.password").unlink()
    p = igm("validate", out)
    assert p.returncode == 1
    assert (
        "config/admin.json /heap/1/config/storePassword: secret id 'keystore.8443.password'"
        " does not resolve: SecretsPasswords (FileSystemSecretStore) has no file"
        " secrets/keystore.8443.password [secret.unresolved]"
    ) in p.stdout
    assert ".igmigrate/manifest.json /outputs/secrets~1keystore.8443.password" in p.stdout


def test_a_duplicated_port_is_rejected(tmp_path: Path) -> None:
    out = deployed(TLS, tmp_path)
    edit_json(out / ADMIN, lambda d: d["connectors"].append({"port": {"$int": "&{p|8443}"}}))
    (out / ".igmigrate/manifest.json").unlink()  # edited by hand: no manifest to compare
    p = igm("validate", out)
    assert p.returncode == 1
    assert p.stdout == (
        "config/admin.json /connectors/2/port: port 8443 is already used at"
        " /connectors/1/port [port.duplicate]\n"
    )


def test_a_dangling_tls_reference_is_rejected(tmp_path: Path) -> None:
    out = deployed(TLS, tmp_path)
    edit_json(out / ADMIN, lambda d: d["connectors"][1].update(tls="ServerTlsOptions-9443"))
    assert checks(out) == [("heap.reference", ADMIN, "/connectors/1/tls")]


def test_admin_heap_objects_are_not_visible_from_routes(tmp_path: Path) -> None:
    out = deployed(TLS, tmp_path)
    route = out / "config/routes/10-app.json"
    route.parent.mkdir(parents=True)
    route.write_text(
        json.dumps(
            {
                "handler": {
                    "type": "ReverseProxyHandler",
                    "config": {"tls": "ClientTls", "temporaryStorage": "TemporaryStorage"},
                },
                "heap": [{"name": "Unused", "type": "ClientTlsOptions", "config": {}}],
                "auditService": "ServerTlsOptions-8443",  # declared in admin.json only
            }
        )
    )
    (out / "config/config.json").write_text(
        '{"heap": [{"name": "ClientTls", "type": "ClientTlsOptions", "config": {}}]}\n'
    )
    assert checks(out) == [("heap.reference", "config/routes/10-app.json", "/auditService")]


def test_a_plaintext_password_in_a_route_is_named_never_shown(tmp_path: Path) -> None:
    out = deployed(TLS, tmp_path)
    route = out / "config/routes/db.json"
    route.parent.mkdir(parents=True)
    route.write_text(
        json.dumps(
            {
                "heap": [
                    {
                        "name": "Db",
                        "type": "JdbcDataSource",
                        "config": {
                            "jdbcUrl": f"jdbc:mysql://app:{PASSWORD}@db/ig",
                            "password": PASSWORD,
                            "passwordSecretId": "db.password",
                            "secretsProvider": "Env",
                        },
                    },
                    {"name": "Env", "type": "SystemAndEnvSecretStore", "config": {}},
                ],
                "handler": "ReverseProxyHandler",
            }
        )
    )
    p = igm("validate", out, "--format", "json")
    assert p.returncode == 1
    assert PASSWORD not in p.stdout + p.stderr
    got = {(x["check"], x["where"]) for x in json.loads(p.stdout)["problems"]}
    assert got == {
        ("secret.plaintext", "/heap/0/config/jdbcUrl"),
        ("secret.plaintext", "/heap/0/config/password"),
        ("secret.unresolved", "/heap/0/config/passwordSecretId"),  # DB_PASSWORD not exported
    }


def test_expressions_and_secret_ids_are_not_plaintext(tmp_path: Path) -> None:
    out = deployed(TLS, tmp_path)
    edit_json(
        out / ADMIN,
        lambda d: d.update(properties={"password": "&{db.password}", "secret": "${env['S']}"}),
    )
    assert checks(out) == []


def test_env_sh_must_pass_sh_n_and_hold_no_literal_secret_outside_a_secret_store(
    tmp_path: Path,
) -> None:
    out = deployed(ENV, tmp_path)
    assert checks(out) == []
    env_sh = out / "bin/env.sh"
    good = env_sh.read_text()
    env_sh.write_text(good + f"export IG_OPTS='-Djavax.net.ssl.keyStorePassword={PASSWORD}'\n")
    assert checks(out) == [("secret.plaintext", "bin/env.sh", "3")]
    env_sh.write_text(good + f"export DB_PASSWORD={PASSWORD}\nexport B='unterminated\n")
    p = igm("validate", out)
    assert p.returncode == 1 and PASSWORD not in p.stdout + p.stderr
    assert "bin/env.sh:5: sh -n rejects it" in p.stdout  # where dash meets the end of file
    assert "bin/env.sh:3: DB_PASSWORD holds a literal secret" in p.stdout


def test_an_env_sh_exporting_secrets_must_be_0600(tmp_path: Path) -> None:
    out = deployed(ENV, tmp_path)
    (out / "bin/env.sh").chmod(0o644)
    assert checks(out) == [("file.mode", "bin/env.sh", "")]


def test_secret_files_0600_and_the_secrets_directory_0700(tmp_path: Path) -> None:
    out = deployed(TLS, tmp_path)
    (out / "secrets/8443-truststore.p12").chmod(0o640)
    (out / "secrets").chmod(0o755)
    assert checks(out) == [
        ("file.mode", "secrets/", ""),
        ("file.mode", "secrets/8443-truststore.p12", ""),
    ]


def test_invalid_json_is_reported_at_line_and_column(tmp_path: Path) -> None:
    out = deployed(TLS, tmp_path)
    (out / ADMIN).write_text('{\n  "connectors": [{"port": 8080}],\n}\n')
    p = igm("validate", out)
    assert p.returncode == 1
    assert p.stdout.startswith("config/admin.json:3:1: not valid JSON: ")


def test_jars_the_manifest_lists_must_exist(tmp_path: Path) -> None:
    out = deployed(TLS, tmp_path)
    edit_json(
        out / ".igmigrate/manifest.json",
        lambda d: d["outputs"].update({"extra/mysql.jar": {"mode": "0644", "sha256": "0"}}),
    )
    assert checks(out) == [
        ("file.missing", ".igmigrate/manifest.json", "/outputs/extra~1mysql.jar")
    ]


def test_required_properties_follow_the_target_version(tmp_path: Path) -> None:
    out = deployed(TLS, tmp_path)
    (out / ".igmigrate/manifest.json").unlink()

    def no_provider(d: dict[str, Any]) -> None:
        del d["heap"][2]["config"]["secretsProvider"]  # TrustStore-8443

    edit_json(out / ADMIN, no_provider)
    # 7.2: the default SecretsService (SystemAndEnvSecretStore) resolves the store password
    assert checks(out, "7.2") == [("secret.unresolved", ADMIN, "/heap/2/config/storePassword")]
    assert ("property.required", ADMIN, "/heap/2/config") in checks(out, "2024.3")
    # 2023.11 reads storePasswordSecretId; 7.2 only storePassword
    assert ("property.required", ADMIN, "/heap/1/config") not in checks(out, "7.2")
    edit_json(
        out / ADMIN,
        lambda d: d["heap"][1]["config"].update(
            storePasswordSecretId=d["heap"][1]["config"].pop("storePassword")
        ),
    )
    assert ("property.required", ADMIN, "/heap/1/config") in checks(out, "7.2")


def test_heap_objects_and_data_sources_need_their_properties(tmp_path: Path) -> None:
    out = deployed(TLS, tmp_path)
    (out / "config/config.json").write_text(
        json.dumps(
            {
                "heap": [
                    {"name": "Db", "type": "JdbcDataSource", "config": {"username": "sa"}},
                    {"name": "NoType"},
                ]
            }
        )
    )
    found = {(p.where, p.message) for p in problems(out) if p.file == "config/config.json"}
    assert found == {
        ("/heap/0/config", "JdbcDataSource: needs jdbcUrl or dataSourceClassName"),
        ("/heap/1", "heap object has no type"),
    }


def test_validate_usage_errors_exit_2_and_a_missing_dir_exits_1(tmp_path: Path) -> None:
    assert igm("validate", tmp_path, "--target-version", "6.5").returncode == 2
    p = igm("validate", tmp_path / "nope")
    assert p.returncode == 1 and "is not a directory" in p.stderr


def test_every_problem_names_a_declared_check() -> None:
    with pytest.raises(KeyError):
        Problem("f", "", "no.such.check", "x")
    assert all(c.about and c.source for c in CHECKS.values())


def test_convert_reports_a_problem_in_its_own_file_as_an_internal_error() -> None:
    findings = Findings()
    admin = {"connectors": [{"port": 8443, "tls": "Missing"}], "heap": []}
    route = {"handler": "NoSuchHandler"}
    check_planned(
        {
            ADMIN: (json.dumps(admin).encode(), 0o644),
            "config/routes/r.json": (json.dumps(route).encode(), 0o644),
        },
        findings,
        target="7.2",
        carried=["config/routes/r.json"],
    )
    got = sorted((f.status, f.message) for f in findings)
    assert got == [
        (
            Status.ERROR,
            "internal error: config/admin.json /connectors/0/tls: tls names 'Missing', which is"
            " no heap object this file can see (its own heap or IG's default objects)"
            " (heap.reference)",
        ),
        (
            Status.MANUAL,
            "config/routes/r.json /handler: handler names 'NoSuchHandler', which is no heap"
            " object this file can see (its heap, config.json's heap or IG's default objects)"
            " (heap.reference)",
        ),
    ]


def test_convert_reports_a_carried_route_with_a_plaintext_password(tmp_path: Path) -> None:
    ig = tmp_path / "ig"
    (ig / "config/routes").mkdir(parents=True)
    (ig / "config/routes/r.json").write_text(
        json.dumps({"properties": {"apiPassword": PASSWORD}, "handler": "ReverseProxyHandler"})
    )
    out = tmp_path / "out"
    p = igm("convert", TLS.parent / "input", out, "--ig-instance", ig)
    assert p.returncode == 0, p.stderr
    report = json.loads((out / "migration-report.json").read_text())
    (finding,) = [f for f in report["findings"] if f["rule"] == "output.check"]
    assert finding["status"] == "manual"
    assert finding["message"] == (
        "config/routes/r.json /properties/apiPassword: apiPassword holds a literal secret:"
        " use a secret id instead (secret.plaintext)"
    )
    assert PASSWORD not in (out / "migration-report.json").read_text()
    assert igm("validate", out).returncode == 1


def test_a_planned_tree_knows_kept_files_without_their_bytes() -> None:
    tree = Tree.from_files({"secrets/a": (None, 0o600)})
    assert tree.exists("secrets/a") and tree.read("secrets/a") is None
    assert validate(tree, "7.2") == []


CORPUS_IG = ROOT.parent / "shared" / "corpus" / "ig"


def hand_made(tmp_path: Path, files: dict[str, str]) -> Path:
    """An instance directory put together from real-world IG files (read by reference)."""
    if not CORPUS_IG.is_dir():
        pytest.skip(f"the shared corpus is not here ({CORPUS_IG})")
    out = tmp_path / "hand-made"
    for rel, name in files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes((CORPUS_IG / name).read_bytes())
    return out


def test_a_real_2024_config_json_resolves_once_its_env_vars_are_exported(tmp_path: Path) -> None:
    out = hand_made(tmp_path, {"config/config.json": "13-sapig-prod-config.json"})
    found = problems(out, "2024.3")
    # TransactionIdOutboundFilter is a default object; the AmService's secretsProvider serves
    # its agent's passwordSecretId; only the env vars of SystemAndEnvSecretStore-IAM are absent
    assert {p.check for p in found} == {"secret.unresolved"}
    assert "/heap/20/config/agent/passwordSecretId" in {p.where for p in found}
    wanted = sorted({p.message.split(" reads ")[1].split(",")[0] for p in found})
    env_sh = out / "bin/env.sh"
    env_sh.parent.mkdir()
    env_sh.write_text("".join(f"export {v}='c2VjcmV0'\n" for v in wanted))
    env_sh.chmod(0o600)
    assert problems(out, "2024.3") == []
    env_sh.chmod(0o644)  # it now exports secrets
    assert checks(out, "2024.3") == [("file.mode", "bin/env.sh", "")]


def test_a_real_7_2_instance_shows_what_it_lacks_and_its_literal_agent_password(
    tmp_path: Path,
) -> None:
    out = hand_made(
        tmp_path,
        {
            "config/admin.json": "01-companieshouse-webfiling-admin.json",
            "config/config.json": "06-forgeops-7.2-cdk-config.json",
            "config/routes/10-webfiling.json": "03-companieshouse-webfiling-10-webfiling.json",
            "config/routes/50-reverseproxy.json": "05-forgeops-7.2-cdk-50-reverseproxy.json",
            "config/routes/03-sql.json": "09-openig-docs-03-sql-jndi.json",
        },
    )
    p = igm("validate", out, "--format", "json")
    assert p.returncode == 1
    got = {(x["check"], x["file"], x["where"]) for x in json.loads(p.stdout)["problems"]}
    route = "config/routes/10-webfiling.json"
    assert {(c, f, w) for c, f, w in got if c != "file.missing"} == {
        ("property.required", ADMIN, "/connectors"),  # documented as required
        ("secret.plaintext", "config/config.json", "/heap/1/config/agent/password"),
        ("secret.unresolved", route, "/heap/4/config/clientSecretId"),
    }
    missing = {w for c, f, w in got if c == "file.missing"}
    assert missing and all(f == route for c, f, w in got if c == "file.missing")  # its scripts
