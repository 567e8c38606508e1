"""Specification of the secret registry: ids, files, env exports, defaults."""

from __future__ import annotations

import base64

from igmigrate.findings import SourceLocation
from igmigrate.ig.secrets import SecretRegistry, env_name, is_default_password, normalise_id
from igmigrate.secretvalue import Secret

LOC = SourceLocation("conf/server.xml", 12, "Server/Service/Connector")
LOC2 = SourceLocation("conf/server.xml", 30, "Server/Service/Connector[2]")


def test_ids_are_lower_case_dot_separated_and_stable() -> None:
    reg = SecretRegistry()
    assert reg.add("Keystore 8443 Password", Secret("pw"), LOC) == "keystore.8443.password"
    assert normalise_id("keystore_8443-PASSWORD") == "keystore.8443.password"
    assert normalise_id("8443") == "secret.8443"
    assert env_name("keystore.8443.password") == "KEYSTORE_8443_PASSWORD"


def test_same_secret_twice_is_one_id_and_a_clash_gets_a_suffix() -> None:
    reg = SecretRegistry()
    a = reg.add("keystore.8443.password", Secret("one"), LOC)
    assert reg.add("keystore.8443.password", Secret("one"), LOC) == a
    assert reg.add("keystore.8443.password", Secret("two"), LOC2) == "keystore.8443.password.2"
    assert reg.add("keystore.8443.password", Secret("three"), LOC2) == "keystore.8443.password.3"


def test_files_mode_writes_exact_bytes_without_newline() -> None:
    reg = SecretRegistry()
    reg.add("keystore.8443.password", Secret("pässwörd "), LOC)
    ks = reg.add_file("keystore.p12", b"\x30\x82binary")
    assert ks == "secrets/keystore.p12"
    assert reg.files("files") == {
        "secrets/keystore.8443.password": "pässwörd ".encode(),
        "secrets/keystore.p12": b"\x30\x82binary",
    }


def test_env_mode_exports_base64_named_after_the_secret_id() -> None:
    reg = SecretRegistry()
    reg.add("keystore.8443.password", Secret("it's"), LOC)
    files = reg.files("env")
    assert "secrets/keystore.8443.password" not in files
    b64 = base64.b64encode(b"it's").decode()
    assert files["bin/env.sh"] == f"export KEYSTORE_8443_PASSWORD='{b64}'\n".encode()


def test_placeholder_password_is_missing_and_never_written() -> None:
    reg = SecretRegistry()
    sid = reg.add("truststore.8443.password", None, LOC, placeholder="${trust.pass}")
    entry = reg.get(sid)
    assert entry.value is None and entry.placeholder == "${trust.pass}"
    assert reg.files("files") == {} and reg.files("env") == {}
    assert "secrets/truststore.8443.password" in reg.where(sid, "files")
    assert "TRUSTSTORE_8443_PASSWORD" in reg.where(sid, "env")


def test_default_passwords_are_flagged() -> None:
    reg = SecretRegistry()
    reg.add("keystore.8443.password", Secret("changeit"), LOC)
    reg.add("keystore.9443.password", Secret("Str0ng!"), LOC2)
    assert [e.secret_id for e in reg.entries() if e.is_default] == ["keystore.8443.password"]
    defaults = ("changeit", "changeme", "password", "secret", "ChangeIt")
    assert all(is_default_password(Secret(p)) for p in defaults)
    assert not is_default_password(None)


def test_secret_entry_repr_hides_the_value() -> None:
    reg = SecretRegistry()
    sid = reg.add("x", Secret("hunter2"), LOC)
    assert "hunter2" not in repr(reg.get(sid)) and "hunter2" not in str(reg.entries())
