"""examples/ansible/migrate.yml run by the real ansible-playbook against 3 local hosts: the
batch report, the pushed trees (bytes, secret modes), --check pushes nothing, deploy idempotent."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLAYBOOK = ROOT / "examples" / "ansible" / "migrate.yml"
SAMPLES = ROOT / "samples"
# host → (sample, has an IG instance, expected batch status)
HOSTS = {
    "basic": ("tomcat9-basic", False, "converted-with-findings"),
    "tls": ("tomcat101-tls", False, "converted-with-findings"),
    "iginst": ("tomcat9-ig-instance", True, "converted-with-findings"),
    "envsecrets": ("tomcat9-tls-legacy-secrets-env", False, "converted-with-findings"),
}
# hosts converted with --secrets env (their secrets are base64 exports in a 0600 bin/env.sh)
ENV_SECRETS = {"envsecrets"}


def ansible_playbook() -> str:
    exe = Path(sys.executable).parent / "ansible-playbook"
    if not exe.exists():
        if os.environ.get("IGMIGRATE_REQUIRE_ANSIBLE") == "1":
            pytest.fail("IGMIGRATE_REQUIRE_ANSIBLE=1 but ansible-playbook is not installed")
        pytest.skip("ansible-core is not installed (pip install -e '.[dev]'): playbook not run")
    return str(exe)


def env(tmp: Path) -> dict[str, str]:
    home = tmp / "ansible-home"
    e = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    e.update(
        HOME=str(tmp / "home"),
        ANSIBLE_HOME=str(home),
        ANSIBLE_LOCAL_TEMP=str(home / "tmp"),
        ANSIBLE_REMOTE_TEMP=str(home / "remote-tmp"),
        ANSIBLE_CONFIG=str(tmp / "no-ansible.cfg"),
        ANSIBLE_COLLECTIONS_PATH=str(home / "collections"),
        ANSIBLE_ROLES_PATH=str(home / "roles"),
        ANSIBLE_GALAXY_DISABLE_GPG_VERIFY="1",
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        ANSIBLE_RETRY_FILES_ENABLED="0",
        ANSIBLE_HOST_KEY_CHECKING="0",
        ANSIBLE_DEPRECATION_WARNINGS="0",
        ANSIBLE_STDOUT_CALLBACK="default",
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    (tmp / "home").mkdir(exist_ok=True)
    return e


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of each sample (the 'hosts'), the inventory, and a first run: fetch + batch."""
    tmp = tmp_path_factory.mktemp("ansible")
    lines = ["[tomcat]"]
    for host, (sample, ig, _) in HOSTS.items():
        base = tmp / "hosts" / host
        shutil.copytree(SAMPLES / sample / "input", base / "tomcat")
        (base / "tomcat" / "logs").mkdir(exist_ok=True)
        (base / "tomcat" / "logs" / "catalina.out").write_text("not fetched\n")
        words = [
            host,
            "ansible_connection=local",
            f"ansible_python_interpreter={sys.executable}",
            f"tomcat_base={base / 'tomcat'}",
            f"ig_instance_target={base / 'standalone'}",
        ]
        if host in ENV_SECRETS:
            words.append("igmigrate_secrets=env")
        if ig:
            shutil.copytree(SAMPLES / sample / "ig-instance", base / "ig-instance")
            words.append(f"ig_instance={base / 'ig-instance'}")
        lines.append(" ".join(words))
    lines += ["[all:vars]", f"igmigrate_work={tmp / 'work'}", "igmigrate_jobs=2"]
    (tmp / "inventory.ini").write_text("\n".join(lines) + "\n")
    run(tmp)
    return tmp


def run(tmp: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [ansible_playbook(), "-i", str(tmp / "inventory.ini"), str(PLAYBOOK), *args],
        env=env(tmp),
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    if ok:
        assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    return done


def recap(out: str) -> dict[str, dict[str, int]]:
    """PLAY RECAP: host → {ok, changed, failed, …}."""
    hosts: dict[str, dict[str, int]] = {}
    for m in re.finditer(r"^(\S+)\s+:\s+((?:\w+=\d+\s*)+)$", out, re.M):
        hosts[m[1]] = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", m[2])}
    return hosts


def tree(root: Path) -> dict[str, tuple[str, int, bytes]]:
    """rel path → (kind, permission bits, bytes)."""
    found: dict[str, tuple[str, int, bytes]] = {}
    for p in sorted(root.rglob("*")):
        mode = stat.S_IMODE(p.stat().st_mode)
        rel = p.relative_to(root).as_posix()
        found[rel] = ("dir", mode, b"") if p.is_dir() else ("file", mode, p.read_bytes())
    return found


def test_syntax_check(tmp_path: Path) -> None:
    inventory = ROOT / "examples" / "ansible" / "inventory.ini"
    done = subprocess.run(
        [ansible_playbook(), "--syntax-check", "-i", str(inventory), str(PLAYBOOK)],
        env=env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_batch_report_lists_each_host(fleet: Path) -> None:
    report = json.loads((fleet / "work" / "batch-report.json").read_text())
    status = {s["name"]: s["status"] for s in report["servers"]}
    assert status == {h: want for h, (_, _, want) in HOSTS.items()}
    manifest = (fleet / "work" / "servers.jsonl").read_text().splitlines()
    rows = {json.loads(line)["name"]: json.loads(line) for line in manifest if line.strip()}
    assert set(rows) == set(HOSTS)
    assert "ig_instance" in rows["iginst"] and "ig_instance" not in rows["basic"]
    # only what igmigrate reads was fetched: not logs/
    fetched = fleet / "work" / "basic" / "tomcat"
    assert (fetched / "conf" / "server.xml").is_file()
    assert not (fetched / "logs").exists()
    assert (fleet / "work" / "iginst" / "ig-instance" / "config").is_dir()


def test_check_deploy_pushes_nothing_then_deploy_is_exact_and_idempotent(fleet: Path) -> None:
    targets = {h: fleet / "hosts" / h / "standalone" for h in HOSTS}
    checked = run(fleet, "--check", "--diff", "--tags", "deploy")
    assert not any(t.exists() for t in targets.values())
    # the secrets' contents never show, even with --diff
    secret = fleet / "work" / "tls" / "out" / "secrets" / "javax.net.ssl.truststorepassword"
    shown = checked.stdout + checked.stderr
    assert secret.read_text().strip() not in shown
    env_sh = (fleet / "work" / "envsecrets" / "out" / "bin" / "env.sh").read_text()
    exports = re.findall(r"^export \w+='?([A-Za-z0-9+/=]{8,})'?$", env_sh, re.M)
    assert exports and not any(value in shown for value in exports)
    assert "--dry-run" not in checked.stderr  # the batch ran (dry) without an option error

    first = run(fleet, "--tags", "deploy")
    for host, target in targets.items():
        out = fleet / "work" / host / "out"
        pushed, wrote = tree(target), tree(out)
        assert pushed == wrote, host
        assert recap(first.stdout)[host]["changed"] > 0
    secrets = targets["tls"] / "secrets"
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in secrets.iterdir()} == {0o600}

    env_sh = targets["envsecrets"] / "bin" / "env.sh"
    assert stat.S_IMODE(env_sh.stat().st_mode) == 0o600

    second = run(fleet, "--tags", "deploy")
    counts = recap(second.stdout)
    assert set(HOSTS) <= set(counts)
    assert all(c["changed"] == 0 and c["failed"] == 0 for c in counts.values()), counts
