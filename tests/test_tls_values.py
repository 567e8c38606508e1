"""Specification of the TLS value converters: protocols, ciphers and client authentication."""

from __future__ import annotations

import pytest

from igmigrate.mapping.tls_values import (
    ALL_PROTOCOLS,
    classify_ciphers,
    client_auth,
    client_auth_note,
    expand_protocols,
)
from igmigrate.tomcat.version import TomcatVersion

V7 = TomcatVersion.parse("7.0.109")
V9 = TomcatVersion.parse("9.0.85")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("all", ["SSLv2Hello", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"]),
        ("ALL", list(ALL_PROTOCOLS)),
        ("TLSv1.2,TLSv1.3", ["TLSv1.2", "TLSv1.3"]),
        ("TLSv1.3, TLSv1.2", ["TLSv1.2", "TLSv1.3"]),
        ("TLSv1+TLSv1.2", ["TLSv1", "TLSv1.2"]),
        ("all-SSLv2Hello-TLSv1-TLSv1.1", ["TLSv1.2", "TLSv1.3"]),
        ("+all -TLSv1 - TLSv1.1", ["SSLv2Hello", "TLSv1.2", "TLSv1.3"]),
        ("-TLSv1.2+TLSv1.2", ["TLSv1.2"]),
        ("TLSv1.2-all", []),
        ("  TLSv1.2 ,+, ", ["TLSv1.2"]),
    ],
)
def test_expand_protocols_builds_left_to_right_from_an_empty_set(
    raw: str, expected: list[str]
) -> None:
    assert expand_protocols(raw, V9) == expected


def test_expand_protocols_default_is_all_from_8_5_and_the_jvm_default_on_7() -> None:
    assert expand_protocols(None, V9) == list(ALL_PROTOCOLS)
    assert expand_protocols("", V9) == list(ALL_PROTOCOLS)
    assert expand_protocols(None, V7) == []


def test_jsse_cipher_names_are_kept_in_order_without_duplicates() -> None:
    raw = "TLS_AES_128_GCM_SHA256,\n  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TLS_AES_128_GCM_SHA256"
    assert classify_ciphers(raw) == (
        ["TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"],
        False,
    )


@pytest.mark.parametrize(
    "raw", ["HIGH:!aNULL:!eNULL", "ECDHE-RSA-AES128-GCM-SHA256", "TLS_AES_128_GCM_SHA256:!MD5"]
)
def test_openssl_cipher_strings_cannot_be_expanded(raw: str) -> None:
    assert classify_ciphers(raw) == (None, True)


def test_no_ciphers_configured() -> None:
    assert classify_ciphers(None) == (None, False)
    assert classify_ciphers("  ") == (None, False)


@pytest.mark.parametrize(
    ("value", "mode"),
    [
        ("true", "REQUIRED"),
        ("YES", "REQUIRED"),
        ("require", "REQUIRED"),
        ("required", "REQUIRED"),
        ("want", "REQUEST"),
        ("optional", "REQUEST"),
        ("optionalNoCA", "REQUEST"),
        ("optional_no_ca", "REQUEST"),
        ("false", "NONE"),
        ("no", "NONE"),
        ("none", "NONE"),
        (None, "NONE"),
        ("maybe", "REQUIRED"),
    ],
)
def test_client_auth(value: str | None, mode: str) -> None:
    assert client_auth(value) == mode


def test_unknown_client_auth_is_required_and_flagged() -> None:
    assert client_auth("wanted", V9) == "REQUIRED"
    note = client_auth_note("wanted", V9)
    assert note is not None and "REQUIRED" in note


def test_unknown_client_auth_meant_none_on_tomcat_7() -> None:
    assert client_auth("wanted", V7) == "NONE"
    note = client_auth_note("wanted", V7)
    assert note is not None and "NONE" in note


def test_exact_client_auth_values_need_no_note_but_optional_no_ca_does() -> None:
    assert client_auth_note("want") is None
    assert client_auth_note(None) is None
    note = client_auth_note("optionalNoCA")
    assert note is not None and "CA" in note
