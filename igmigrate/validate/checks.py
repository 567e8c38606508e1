"""The checks `igmigrate validate` makes, declared once, and the problem each one reports."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Check:
    """One kind of problem: its id, what it checks, and where IG documents the rule."""

    id: str
    about: str
    source: str


_REF = "https://docs.pingidentity.com/pinggateway/7.2/reference/"
CHECKS: dict[str, Check] = {
    c.id: c
    for c in (
        Check(
            "json.invalid",
            "every JSON file under config/ is strict JSON holding an object",
            _REF + "RequiredConfiguration.html",
        ),
        Check(
            "property.required",
            "required properties are present (admin.json connectors and ports, heap object"
            " type, ServerTlsOptions keyManager or sni, SecretsKeyManager, KeyStoreSecretStore,"
            " FileSystemSecretStore, JdbcDataSource), in the target version's spelling",
            _REF + "AdminHttpApplication.html, ServerTlsOptions.html, KeyStoreSecretStore.html",
        ),
        Check(
            "heap.reference",
            "a reference (tls, secretsProvider, dataSource, keyManager, trustManager,"
            " auditService, handler, …) names a heap object it can see, or a default object",
            _REF + "heap-objects.html; DefaultDeclarations javadoc",
        ),
        Check(
            "secret.unresolved",
            "a secret id (…SecretId, storePassword, keyEntryPassword, sni names) resolves in its"
            " secretsProvider: a mapping, a file of the store's directory, an env.sh export",
            _REF + "FileSystemSecretStore.html, SystemAndEnvSecretStore (2025.3)",
        ),
        Check(
            "file.missing",
            "files the configuration names exist: keystores, secret directories, Groovy"
            " scripts, and every output the manifest lists (extra/ jars, …)",
            _REF + "KeyStoreSecretStore.html",
        ),
        Check(
            "file.mode",
            "secret files are 0600 and secrets/ 0700 (nothing for group or others); so is a"
            " bin/env.sh that exports secrets",
            "product.md §Secrets policy",
        ),
        Check(
            "port.duplicate",
            "no two connectors of admin.json listen on the same port",
            _REF + "AdminHttpApplication.html",
        ),
        Check(
            "secret.plaintext",
            "no literal password or secret in admin.json, config.json, routes or env.sh"
            " (&{…} and ${…} expressions, and secret ids, are fine)",
            "product.md §Secrets policy",
        ),
        Check(
            "env-sh.syntax",
            "bin/env.sh passes `sh -n` (start.sh sources it and stops when it fails)",
            "target-ig.md §Checked since (start.sh)",
        ),
    )
}


@dataclass(frozen=True, order=True)
class Problem:
    """One failed check: the file (relative to OUT), where in it (a JSON pointer, `line N`, or
    `line:col`), and a message that never holds a secret value."""

    file: str
    where: str
    check: str
    message: str
    subject: str = field(default="", compare=False)  # e.g. the secret id a problem is about
    absent: tuple[str, ...] = field(default=(), compare=False)  # files whose absence it is

    def __post_init__(self) -> None:
        if self.check not in CHECKS:
            raise KeyError(f"undeclared validate check {self.check!r}")

    def location(self) -> str:
        if not self.where:
            return self.file
        if self.where.startswith("/"):
            return f"{self.file} {self.where}"
        return f"{self.file}:{self.where}"

    def text(self) -> str:
        return f"{self.location()}: {self.message} [{self.check}]"

    def to_json(self) -> dict[str, str]:
        return {
            "check": self.check,
            "file": self.file,
            "where": self.where,
            "message": self.message,
        }
