"""Specification of the target profiles: what changes between IG 7.2, 2023.11 and 2024.3."""

from __future__ import annotations

from pathlib import Path

import pytest

from igmigrate.config import Config
from igmigrate.errors import UserError
from igmigrate.ig.profiles import SUPPORTED, profile
from igmigrate.rules import RULES


def test_supported_versions_and_default() -> None:
    assert SUPPORTED == ("7.2", "2023.11", "2024.3")
    assert Config(src=Path(".")).target_version == "7.2"


def test_7_2_uses_the_old_keystore_property_names_and_vertx_header_size() -> None:
    p = profile("7.2")
    assert (p.store_password_key, p.entry_password_key) == ("storePassword", "keyEntryPassword")
    assert p.header_size_path == ("vertx", "maxHeaderSize")


@pytest.mark.parametrize("version", ["2023.11", "2024.3"])
def test_2023_2_and_later_use_secret_id_property_names(version: str) -> None:
    p = profile(version)
    assert p.store_password_key == "storePasswordSecretId"
    assert p.entry_password_key == "entryPasswordSecretId"
    assert p.header_size_path == ("maxTotalHeadersSize",)


@pytest.mark.parametrize("version", SUPPORTED)
def test_every_profile_names_its_version(version: str) -> None:
    assert profile(version).version == version


def test_unknown_version_is_a_user_error() -> None:
    with pytest.raises(UserError, match=r"2024\.3"):
        profile("2025.3")


@pytest.mark.parametrize("version", SUPPORTED)
def test_rule_targets_name_what_the_profile_writes(version: str) -> None:
    """The registry's per-version targets and the profile table cannot drift apart."""
    p = profile(version)
    header = RULES["connector.max-header-size"].target_for(version)
    assert header.endswith("connectors[]." + ".".join(p.header_size_path)), header
    store = RULES["tls.keystore"].target_for(version)
    assert f"{p.store_password_key}, {p.entry_password_key}" in store, store
