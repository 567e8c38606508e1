"""The one secret registry: secret ids, their values (Secrets), and the files that hold them."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from typing import Literal

from igmigrate.findings import SourceLocation
from igmigrate.secretvalue import Secret

SecretsMode = Literal["files", "env"]
SECRETS_DIR = "secrets"
ENV_FILE = "bin/env.sh"
DEFAULT_PASSWORDS = frozenset({"changeit", "changeme", "password", "secret"})


def is_default_password(value: Secret | None) -> bool:
    """True for well-known default passwords (`changeit`…), whatever their case."""
    return value is not None and value.reveal().lower() in DEFAULT_PASSWORDS


def normalise_id(text: str) -> str:
    """A secret id in IG's documented style: lower-case alphanumerics separated by dots."""
    out = re.sub(r"[^a-z0-9]+", ".", text.lower()).strip(".")
    if not out:
        return "secret"
    return out if out[0].isalpha() else f"secret.{out}"


def file_stem(name: str) -> str:
    """The file name a store gets under `secrets/` (before any collision prefix)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "keystore"


def env_name(secret_id: str) -> str:
    """The environment variable SystemAndEnvSecretStore reads for a secret id."""
    return secret_id.replace(".", "_").upper()


@dataclass(frozen=True)
class SecretEntry:
    """One registered secret; `value` is None when unknown (e.g. an unresolved placeholder,
    then `placeholder` names it: `${name}` only, never the attribute's text)."""

    secret_id: str
    value: Secret | None = field(repr=False)
    source: SourceLocation
    placeholder: str | None = None

    @property
    def is_default(self) -> bool:
        return is_default_password(self.value)


@dataclass
class SecretRegistry:
    """Every secret of one run, in registration order; ids are stable for the same input."""

    _entries: dict[str, SecretEntry] = field(default_factory=dict)
    _files: dict[str, bytes] = field(default_factory=dict)

    def add(
        self,
        secret_id: str,
        value: Secret | None,
        source: SourceLocation,
        *,
        placeholder: str | None = None,
    ) -> str:
        """Register a secret and return its id (normalised; `.2`, `.3`… when already taken).

        With `placeholder` (the `${name}` placeholders it is made of) the value is recorded as
        missing and is never written anywhere. Registering the same id, value and source twice
        is a no-op.
        """
        entry_value = None if placeholder is not None else value
        base = normalise_id(secret_id)
        candidate, n = base, 1
        while candidate in self._entries:
            old = self._entries[candidate]
            if (old.value, old.source, old.placeholder) == (entry_value, source, placeholder):
                return candidate
            n += 1
            candidate = f"{base}.{n}"
        self._entries[candidate] = SecretEntry(candidate, entry_value, source, placeholder)
        return candidate

    def add_file(self, name: str, data: bytes) -> str:
        """Keep a file (a copied keystore) for `secrets/`; returns its path relative to OUT."""
        stem = file_stem(name)
        path, n = f"{SECRETS_DIR}/{stem}", 1
        while path in self._files and self._files[path] != data:
            n += 1
            path = f"{SECRETS_DIR}/{n}-{stem}"
        self._files[path] = data
        return path

    def get(self, secret_id: str) -> SecretEntry:
        return self._entries[secret_id]

    def entries(self) -> list[SecretEntry]:
        return sorted(self._entries.values(), key=lambda e: e.secret_id)

    def where(self, secret_id: str, mode: SecretsMode) -> str:
        """Where the user supplies (or finds) this secret, for the report's hint."""
        if mode == "env":
            return f"environment variable {env_name(secret_id)} (base64), e.g. in {ENV_FILE}"
        return f"file {SECRETS_DIR}/{secret_id} (exact bytes, no trailing newline)"

    def env_exports(self) -> list[str]:
        """`export NAME='base64'` lines for the known secrets, sorted by id."""
        out = []
        for e in self.entries():
            if e.value is not None:
                b64 = base64.b64encode(e.value.reveal().encode("utf-8")).decode("ascii")
                out.append(f"export {env_name(e.secret_id)}='{b64}'")
        return out

    def files(self, mode: SecretsMode) -> dict[str, bytes]:
        """Files to write (paths relative to OUT; all are 0600, `secrets/` is 0700).

        "files": one `secrets/<id>` per known secret, holding its exact UTF-8 bytes.
        "env": the export lines for a 0600 `bin/env.sh` (a fragment the renderer merges into
        that file). Copied keystores are under `secrets/` in both modes.
        """
        out = dict(self._files)
        if mode == "files":
            for e in self.entries():
                if e.value is not None:
                    out[f"{SECRETS_DIR}/{e.secret_id}"] = e.value.reveal().encode("utf-8")
        else:
            lines = self.env_exports()
            if lines:
                out[ENV_FILE] = ("\n".join(lines) + "\n").encode("ascii")
        return dict(sorted(out.items()))


_URL_USERINFO = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://)([^/?#@\s]*)@")
_URL_ORACLE = re.compile(r"(?i)(\bjdbc:oracle:[a-z]+:)([^@/:\s]*)/([^@\s]*)@")
_URL_PARAM = re.compile(r"(?i)([?&;])([a-z._-]+)=([^&;#\s]*)")
_USER_KEYS = frozenset({"user", "username"})
_SECRET_KEY = re.compile(r"pass|pwd|secret|credential", re.IGNORECASE)


@dataclass(frozen=True)
class UrlCredentials:
    """A URL split from the credentials it carried: `url` holds none of them."""

    url: str
    user: str | None
    password: Secret | None = field(repr=False)
    removed: tuple[str, ...]  # what was taken out, named but not shown: "userinfo", "password="


def split_url_credentials(url: Secret) -> UrlCredentials:
    """The URL without `scheme://user:pw@`, Oracle's `user/pw@`, and user/password parameters."""
    text = url.reveal()
    user: str | None = None
    password: str | None = None
    removed: list[str] = []
    m = _URL_USERINFO.search(text)
    if m is not None:
        name, sep, pw = m.group(2).partition(":")
        user, password = name or None, pw if sep else None
        text = text[: m.start(2)] + text[m.end(2) + 1 :]
        removed.append("user:password@" if sep else "user@")
    m = _URL_ORACLE.search(text)
    if m is not None:
        user, password = m.group(2) or user, m.group(3)
        text = text[: m.start(2)] + "@" + text[m.end(0) :]
        removed.append("user/password@")
    kept: list[str] = []
    pos = 0
    for p in _URL_PARAM.finditer(text):
        key = p.group(2)
        if key.lower() in _USER_KEYS:
            user = p.group(3)
        elif _SECRET_KEY.search(key):
            password = p.group(3)
        else:
            continue
        removed.append(f"{key}=")
        kept.append(text[pos : p.start()])
        pos = p.end()
        if p.group(1) == "?":
            kept.append("?")
    kept.append(text[pos:])
    clean = "".join(kept)
    clean = re.sub(r"\?[&;]", "?", clean).rstrip("?&")
    return UrlCredentials(
        clean, user, Secret(password, url.label) if password is not None else None, tuple(removed)
    )


def split_properties(text: Secret) -> tuple[dict[str, str], tuple[str, ...]]:
    """`a=b;c=d` driver properties without their password-like entries (returned by name)."""
    plain: dict[str, str] = {}
    withheld: list[str] = []
    for item in text.reveal().split(";"):
        key, sep, value = item.partition("=")
        key = key.strip()
        if not key or not sep:
            continue
        if _SECRET_KEY.search(key):
            withheld.append(key)
        else:
            plain[key] = value
    return plain, tuple(withheld)
