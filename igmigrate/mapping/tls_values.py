"""Named converters from Tomcat TLS values (protocols, ciphers, client auth) to IG's values."""

from __future__ import annotations

import re
from typing import Literal

from igmigrate.tomcat.truststores import VERIFICATION, tomcat_verification
from igmigrate.tomcat.version import TomcatVersion

ClientAuth = Literal["NONE", "REQUEST", "REQUIRED"]

# Tomcat's `all` (SSLHostConfig.SSL_PROTO_ALL_SET); also used for APR `SSLProtocol="all"`.
ALL_PROTOCOLS = ("SSLv2Hello", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
_PROTOCOL_ORDER = ("SSLv2Hello", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")

_JSSE_CIPHER = re.compile(r"^(TLS|SSL)_[A-Za-z0-9_]+$")

# The IG clientAuth each of Tomcat's CertificateVerification values becomes.
_IG_CLIENT_AUTH: dict[str, ClientAuth] = {
    "REQUIRED": "REQUIRED",
    "OPTIONAL": "REQUEST",
    "OPTIONAL_NO_CA": "REQUEST",
    "NONE": "NONE",
}


def _protocol_sort_key(name: str) -> tuple[int, str]:
    return (_PROTOCOL_ORDER.index(name), "") if name in _PROTOCOL_ORDER else (99, name)


def expand_protocols(raw: str | None, version: TomcatVersion) -> list[str]:
    """The protocol names Tomcat enables for a `protocols`/`sslEnabledProtocols`/`SSLProtocol`.

    Tokens are separated by `,`, `+` or `-` and applied left to right from an empty set
    (`+`/`,` add, `-` removes); `all` (any case) stands for ALL_PROTOCOLS; tokens are trimmed
    and a lone sign is skipped. None or blank means Tomcat's default: `all` from 8.5, and on
    7.0 the JVM's own defaults (returned as an empty list). The result is in protocol order.
    """
    if raw is None or not raw.strip():
        return list(ALL_PROTOCOLS) if version.has_ssl_host_config() else []
    enabled: set[str] = set()
    for piece in re.split(r"(?=[-+,])", raw):
        token = piece.strip()
        if len(token) <= 1 and token in {"", "+", "-", ","}:
            continue
        op = "+"
        if token[0] in "+-,":
            op = "-" if token[0] == "-" else "+"
            token = token[1:].strip()
        if not token:
            continue
        names = set(ALL_PROTOCOLS) if token.lower() == "all" else {token}
        if op == "-":
            enabled -= names
        else:
            enabled |= names
    return sorted(enabled, key=_protocol_sort_key)


def classify_ciphers(raw: str | None) -> tuple[list[str] | None, bool]:
    """(JSSE cipher names, is OpenSSL syntax) for a `ciphers`/`SSLCipherSuite` value.

    A list of JSSE names (`TLS_…`/`SSL_…`, separated by `,` or `:`) comes back as names, in
    order without duplicates. Anything else (`HIGH:!aNULL`, OpenSSL names such as
    `ECDHE-RSA-AES128-GCM-SHA256`) is OpenSSL syntax that cannot be expanded faithfully:
    (None, True). None or blank: (None, False), nothing configured.
    """
    if raw is None or not raw.strip():
        return None, False
    tokens = [t.strip() for t in re.split(r"[,:\s]+", raw) if t.strip()]
    if tokens and all(_JSSE_CIPHER.match(t) for t in tokens):
        return list(dict.fromkeys(tokens)), False
    return None, True


def client_auth(value: str | None, version: TomcatVersion | None = None) -> ClientAuth:
    """IG `clientAuth`: REQUIRED → REQUIRED; OPTIONAL/OPTIONAL_NO_CA → REQUEST; NONE → NONE."""
    return _IG_CLIENT_AUTH[tomcat_verification(value, version)]


def client_auth_note(value: str | None, version: TomcatVersion | None = None) -> str | None:
    """Why a client-auth value needs a word in the report, or None when it maps exactly."""
    if value is None or not value.strip():
        return None
    v = value.strip().lower()
    if v in {"optionalnoca", "optional_no_ca"}:
        return (
            f'"{value}" asks for a client certificate without validating it against a CA;'
            " IG REQUEST validates it against the trust manager"
        )
    if v in VERIFICATION:
        return None
    if version is not None and not version.has_ssl_host_config():
        return f'"{value}" is not a value Tomcat {version.branch} knows: it used NONE'
    return f'"{value}" is not a value Tomcat knows: it logs a warning and uses REQUIRED'
