"""JNDI DataSources → JdbcDataSource objects of config.json: samples, tmp trees and the corpus."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import pytest

from igmigrate.convert import Result
from igmigrate.findings import Status
from igmigrate.ig.profiles import SUPPORTED
from igmigrate.ig.secrets import split_properties, split_url_credentials
from igmigrate.rules.example import GATEWAY_WEB_XML, Example
from igmigrate.rules.status import M
from igmigrate.secretvalue import Secret
from tests.golden import SAMPLES, run_convert, secret_outputs
from tests.test_rule_examples import run

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DS = 'type="javax.sql.DataSource"'


def _convert(tmp_path: Path, version: str = "7.2", **inputs: Any) -> Result:
    return run(tmp_path, Example(M, **inputs), version)


def _heap(result: Result) -> dict[str, Any]:
    config = json.loads(result.plan["config/config.json"].content)
    return {h["name"]: h for h in config["heap"]}


def _by_rule(result: Result, rule: str) -> list[Any]:
    return [f for f in result.findings if f.rule == rule]


def _context(resources: str) -> dict[str, str]:
    return {"conf/context.xml": f"<Context>{resources}</Context>\n"}


def _public_text(result: Result) -> str:
    """Every output that is not a secret file, plus every finding message and hint."""
    parts = [f.content.decode("utf-8", "replace") for f in result.plan.values() if not f.secret]
    parts += [f"{f.message} {f.hint or ''}" for f in result.findings]
    return "\n".join(parts)


# -- the golden samples, through the real CLI ------------------------------------------------
def _sample(tmp_path: Path, case: str, *more: str) -> tuple[Path, dict[str, Any]]:
    out = tmp_path / "out"
    proc = run_convert(case, out, "--quiet", *more)
    assert proc.returncode == 0, proc.stderr
    config = json.loads((out / "config" / "config.json").read_text())
    return out, {h["name"]: h for h in config["heap"]}


def test_tomcat85_two_linked_datasources_with_real_password_secrets(tmp_path: Path) -> None:
    out, heap = _sample(tmp_path, "tomcat85-datasources")
    forgerock = heap["JdbcDataSource-forgerock"]["config"]
    audit = heap["JdbcDataSource-audit"]["config"]
    assert heap["JdbcDataSource-forgerock"]["type"] == "JdbcDataSource"
    assert forgerock == {
        "driverClassName": "org.postgresql.Driver",
        "jdbcUrl": "jdbc:postgresql://db.example.com:5432/forgerock",
        "username": "openig",
        "passwordSecretId": "datasource.forgerock.password",
        "secretsProvider": "SecretsPasswords",
        "properties": {"ssl": "true", "connectTimeout": "10"},  # no pool setting among them
    }
    assert audit["jdbcUrl"] == "jdbc:mysql://audit-db.example.com:3306/audit?useSSL=true"
    assert "properties" not in audit
    store = heap["SecretsPasswords"]
    assert store["type"] == "FileSystemSecretStore"
    assert store["config"] == {"directory": "&{ig.instance.dir}/secrets", "format": "PLAIN"}
    # the secrets resolve to the real passwords, and only secret files hold them
    secrets = out / "secrets"
    assert (secrets / "datasource.forgerock.password").read_bytes() == b"Fr0ck-db!pass"
    assert (secrets / "datasource.audit.password").read_bytes() == b"audit-db-s3cret"
    marked = secret_outputs(out)
    assert {"secrets/datasource.forgerock.password", "secrets/datasource.audit.password"} <= marked
    assert "JdbcDataSource-reporting" not in heap
    for p in out.rglob("*"):
        rel = p.relative_to(out).as_posix()
        if p.is_file() and rel not in marked:
            data = p.read_bytes()
            for pw in (b"Fr0ck-db!pass", b"audit-db-s3cret", b"reports-pw-never-copied"):
                assert pw not in data, rel


def test_tomcat85_every_pool_setting_is_reported(tmp_path: Path) -> None:
    out, _ = _sample(tmp_path, "tomcat85-datasources")
    report = json.loads((out / "migration-report.json").read_text())
    by_rule: dict[str, list[str]] = {}
    for f in report["findings"]:
        by_rule.setdefault(f["rule"], []).append(f["message"])
    pool = " ".join(by_rule["datasource.pool-setting"])
    for setting in (
        "maxTotal=40",
        "maxIdle=10",
        "minIdle=2",
        "initialSize=5",
        "maxWaitMillis=15000",
        "validationQuery=SELECT 1",
        "testOnBorrow=true",
        "removeAbandonedOnBorrow=true",
        "removeAbandonedTimeout=120",
        "maxActive=20",
        "minIdle=4",
        "maxWait=5000",
        "validationInterval=30000",
        "testWhileIdle=true",
        "jdbcInterceptors=ConnectionState;StatementFinalizer",
        "initSQL=SET NAMES utf8",
    ):
        assert setting in pool, setting
    assert "HikariCP" in pool and "maximumPoolSize of 10" in pool
    (ignored,) = by_rule["datasource.dbcp1-name"]
    assert "maxActive=100" in ignored and "maxTotal 8" in ignored
    (unreachable,) = by_rule["datasource.unreachable"]
    assert "jdbc/reporting" in unreachable
    assert len(by_rule["datasource.jdbc"]) == 2
    coverage = report["summary"]["coverage"]
    assert coverage["accounted"] == coverage["seen"]
    assert not [f for f in report["findings"] if f["rule"] == "unconverted"]


def test_tomcat85_secrets_env_mode_exports_base64_passwords(tmp_path: Path) -> None:
    out, heap = _sample(tmp_path, "tomcat85-datasources", "--secrets", "env")
    assert heap["SecretsPasswords"]["type"] == "SystemAndEnvSecretStore"
    env = (out / "bin" / "env.sh").read_text()
    b64 = base64.b64encode(b"Fr0ck-db!pass").decode()
    assert f"export DATASOURCE_FORGEROCK_PASSWORD='{b64}'" in env
    assert not (out / "secrets" / "datasource.forgerock.password").exists()


def test_tomcat7_dbcp1_names_and_url_credentials(tmp_path: Path) -> None:
    out, heap = _sample(tmp_path, "tomcat7-dbcp1")
    legacy = heap["JdbcDataSource-legacy"]["config"]
    assert (
        legacy["jdbcUrl"] == "jdbc:mysql://legacy-db.example.com:3306/legacy?characterEncoding=utf8"
    )
    assert (out / "secrets" / "datasource.legacy.password").read_bytes() == b"L3gacy-pw"
    orders = heap["JdbcDataSource-orders"]["config"]
    assert orders["jdbcUrl"] == "jdbc:oracle:thin:@orders-db.example.com:1521:ORCL"
    assert orders["username"] == "orders"
    assert (out / "secrets" / "datasource.orders.password").read_bytes() == b"0rders-pw"
    report = json.loads((out / "migration-report.json").read_text())
    rules = [f["rule"] for f in report["findings"]]
    assert "datasource.dbcp1-name" not in rules  # maxActive is right under DBCP 1
    pool = [f["message"] for f in report["findings"] if f["rule"] == "datasource.pool-setting"]
    assert any("DBCP 1 setting maxActive=30" in m for m in pool)
    (mail,) = [f for f in report["findings"] if f["rule"] == "resource.other"]
    assert "JavaMail" in mail["message"]
    assert "0rders-pw" not in (out / "MIGRATION.md").read_text()


# -- small trees ---------------------------------------------------------------------------
@pytest.mark.parametrize("version", SUPPORTED)
def test_context_only_resource_in_meta_inf(tmp_path: Path, version: str) -> None:
    meta = {
        "webapps/ROOT/META-INF/context.xml": f'<Context><Resource name="jdbc/forgerock" {DS}'
        ' url="jdbc:h2:mem:ig" username="sa" password="h2-pw"/></Context>\n'
    }
    result = _convert(tmp_path, version, files=meta)
    assert result.context is not None
    assert result.context.instance.datasources == {"jdbc/forgerock": "JdbcDataSource-forgerock"}
    config = _heap(result)["JdbcDataSource-forgerock"]["config"]
    assert config["passwordSecretId"] == "datasource.forgerock.password"
    assert result.plan["secrets/datasource.forgerock.password"].content == b"h2-pw"
    (f,) = _by_rule(result, "datasource.jdbc")
    assert str(f.location) == "webapps/ROOT/META-INF/context.xml:1"


def test_unresolved_password_placeholder_is_manual_and_never_a_literal(tmp_path: Path) -> None:
    files = _context(
        f'<Resource name="jdbc/app" {DS} url="jdbc:h2:mem:app" username="${{db.user}}"'
        ' password="${db.password}"/>'
    )
    result = _convert(tmp_path, files=files)
    config = _heap(result)["JdbcDataSource-app"]["config"]
    assert config["passwordSecretId"] == "datasource.app.password"
    assert config["username"] == "&{db.user}"
    assert not any(p.startswith("secrets/datasource") for p in result.plan)
    (missing,) = _by_rule(result, "datasource.password-missing")
    assert missing.status is Status.MANUAL and "${db.password}" in missing.message
    assert "secrets/datasource.app.password" in (missing.hint or "")
    (token,) = _by_rule(result, "datasource.placeholder")
    assert "DB_USER" in token.message
    assert "${db.password}" not in result.plan["config/config.json"].content.decode()


def test_resolved_placeholder_password_goes_to_the_secret(tmp_path: Path) -> None:
    files = _context(f'<Resource name="jdbc/app" {DS} url="jdbc:h2:mem:a" password="${{db.pw}}"/>')
    result = _convert(tmp_path, files=files, properties={"db.pw": "from-property"})
    assert result.plan["secrets/datasource.app.password"].content == b"from-property"
    assert "from-property" not in _public_text(result)


def test_url_credentials_are_taken_out_of_jdbc_url(tmp_path: Path) -> None:
    url = "jdbc:postgresql://db/app?ssl=true&amp;user=app&amp;password=pw-in-url&amp;x=1"
    result = _convert(tmp_path, files=_context(f'<Resource name="jdbc/app" {DS} url="{url}"/>'))
    config = _heap(result)["JdbcDataSource-app"]["config"]
    assert config["jdbcUrl"] == "jdbc:postgresql://db/app?ssl=true&x=1"
    assert config["username"] == "app"
    assert result.plan["secrets/datasource.app.password"].content == b"pw-in-url"
    assert "pw-in-url" not in _public_text(result)
    (f,) = _by_rule(result, "datasource.url-credentials")
    assert "user=" in f.message and "password=" in f.message


def test_link_name_is_the_key_and_two_links_share_one_object(tmp_path: Path) -> None:
    server = (
        f'<GlobalNamingResources><Resource name="shared/db" {DS} url="jdbc:h2:mem:s"/>'
        "</GlobalNamingResources>"
    )
    links = _context(
        '<ResourceLink name="jdbc/main" global="shared/db"/>'
        '<ResourceLink name="jdbc/alias" global="shared/db"/>'
    )
    result = _convert(tmp_path, server=server, files=links)
    assert result.context is not None
    assert result.context.instance.datasources == {
        "jdbc/main": "JdbcDataSource-main",
        "jdbc/alias": "JdbcDataSource-main",
    }
    assert [h for h in _heap(result) if h.startswith("JdbcDataSource")] == ["JdbcDataSource-main"]
    assert not _by_rule(result, "datasource.unreachable")


def test_heap_names_are_collision_safe_and_stable(tmp_path: Path) -> None:
    files = _context(
        f'<Resource name="jdbc/app" {DS} url="jdbc:h2:mem:1"/>'
        f'<Resource name="app" {DS} url="jdbc:h2:mem:2"/>'
    )
    first = _convert(tmp_path / "a", files=files)
    second = _convert(tmp_path / "b", files=files)
    assert first.context is not None and second.context is not None
    assert first.context.instance.datasources == {
        "jdbc/app": "JdbcDataSource-app",
        "app": "JdbcDataSource-app-2",
    }
    assert second.context.instance.datasources == first.context.instance.datasources


def test_override_drops_default_context_resources(tmp_path: Path) -> None:
    result = _convert(
        tmp_path,
        host='<Context path="" docBase="ROOT" override="true"/>',
        files=_context(f'<Resource name="jdbc/app" {DS} url="jdbc:h2:mem:1"/>'),
    )
    assert result.context is not None and result.context.instance.datasources == {}
    (f,) = _by_rule(result, "datasource.override-dropped")
    assert f.status is Status.IGNORED


def test_system_property_changes_the_default_factory(tmp_path: Path) -> None:
    files = {
        **_context(f'<Resource name="jdbc/app" {DS} url="jdbc:h2:mem:1" maxActive="5"/>'),
        "bin/setenv.sh": 'CATALINA_OPTS="-Djavax.sql.DataSource.Factory='
        'org.apache.tomcat.jdbc.pool.DataSourceFactory"\n',
    }
    result = _convert(tmp_path, files=files)
    (pool,) = _by_rule(result, "datasource.pool-setting")
    assert "Tomcat JDBC pool setting maxActive=5" in pool.message
    assert not _by_rule(result, "datasource.dbcp1-name")


# -- the corpus, by reference --------------------------------------------------------------
def _corpus(name: str) -> str:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus file {name} is not in ../shared/corpus")
    return path.read_text(encoding="utf-8")


def test_corpus_macchinetta_context_dbcp1_names_on_tomcat9(tmp_path: Path) -> None:
    text = _corpus(
        "Macchinetta__spring-functionaltest__spring-functionaltest-env-oauth2__configs"
        "__tomcat-postgresql__ContainerConfigXML__context.xml"
    )
    result = _convert(tmp_path, files={"conf/context.xml": text})
    config = _heap(result)["JdbcDataSource-springFunctionaltestDataSource"]["config"]
    assert config["jdbcUrl"] == "jdbc:postgresql://localhost:5432/spring-functionaltest"
    assert result.plan["secrets/datasource.springfunctionaltestdatasource.password"].content == (
        b"P0stgres"
    )
    dbcp1 = _by_rule(result, "datasource.dbcp1-name")
    ignored = {re.sub(r"=.*", "", f.message.split(": ", 1)[1]) for f in dbcp1}
    assert ignored == {"maxActive", "maxWait"}  # Tomcat 9's DBCP 2 ignored them


def test_corpus_hippo_context_placeholders_and_mail_session(tmp_path: Path) -> None:
    text = _corpus("openweb-nl__hippo-docker__image__conf__context.xml")
    result = _convert(tmp_path, files={"conf/context.xml": text})
    (missing,) = _by_rule(result, "datasource.password-missing")
    assert "${DB_PASS}" in missing.message
    assert any("mail" in f.message.lower() for f in _by_rule(result, "resource.other"))
    assert _by_rule(result, "datasource.placeholder")
    assert not [f for f in result.findings if f.rule == "unconverted" and "Resource" in f.message]


def test_corpus_camunda_global_tomcat_jdbc_is_unreachable_without_a_link(tmp_path: Path) -> None:
    text = _corpus("bashkirtsevich__camunda__conf__server.xml")
    result = _convert(tmp_path, server_xml=text)
    names = {f.message.split('"')[1] for f in _by_rule(result, "datasource.unreachable")}
    assert "jdbc/ProcessEngine" in names
    assert "config/config.json" not in result.plan or not any(
        h.startswith("JdbcDataSource") for h in _heap(result)
    )


def test_corpus_descriptor_link_to_an_undefined_global(tmp_path: Path) -> None:
    """The descriptor and its paired server.xml (whose globals lack jdbc/ilogDataSource)."""
    text = _corpus("jacquelineth__tomcatConf__conf__Catalina__localhost__decisioncenter.xml")
    server = _corpus("jacquelineth__tomcatConf__conf__server.xml")
    files = {
        "conf/Catalina/localhost/decisioncenter.xml": text,
        "webapps85/decisioncenter.war/WEB-INF/web.xml": GATEWAY_WEB_XML,  # an unpacked "war"
    }
    result = _convert(tmp_path, server_xml=server, files=files, gateway=False)
    (gw,) = _by_rule(result, "server.gateway-app")
    assert "descriptor conf/Catalina/localhost/decisioncenter.xml" in gw.message
    (broken,) = _by_rule(result, "datasource.link-broken")
    assert broken.location is not None
    assert str(broken.location) == "conf/Catalina/localhost/decisioncenter.xml:2"
    assert "jdbc/ilogDataSource" in broken.message
    assert result.context is not None and result.context.instance.datasources == {}


def test_descriptor_without_doc_base_is_the_gateway_context(tmp_path: Path) -> None:
    """HostConfig.deployDescriptor: no docBase deploys appBase/<name>; its links are read."""
    server = (
        f'<GlobalNamingResources><Resource name="jdbc/x" {DS} url="jdbc:h2:mem:x"/>'
        "</GlobalNamingResources>"
    )
    link = '<Context><ResourceLink name="jdbc/x" global="jdbc/x"/></Context>\n'
    result = _convert(tmp_path, server=server, files={"conf/Catalina/localhost/ROOT.xml": link})
    (gw,) = _by_rule(result, "server.gateway-app")
    assert "descriptor conf/Catalina/localhost/ROOT.xml" in gw.message
    assert result.context is not None
    assert result.context.instance.datasources == {"jdbc/x": "JdbcDataSource-x"}


# -- the credential splitters ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "clean", "user", "password"),
    [
        ("jdbc:mysql://u:p@h/db", "jdbc:mysql://h/db", "u", "p"),
        ("jdbc:oracle:thin:scott/tiger@h:1521:X", "jdbc:oracle:thin:@h:1521:X", "scott", "tiger"),
        ("jdbc:postgresql://h/db?user=u&password=p", "jdbc:postgresql://h/db", "u", "p"),
        ("jdbc:postgresql://h/db?password=p&ssl=1", "jdbc:postgresql://h/db?ssl=1", None, "p"),
        ("jdbc:sqlserver://h;user=u;password=p;db=x", "jdbc:sqlserver://h;db=x", "u", "p"),
    ],
)
def test_split_url_credentials(url: str, clean: str, user: str | None, password: str) -> None:
    got = split_url_credentials(Secret(url, "url"))
    assert (got.url, got.user) == (clean, user)
    assert got.password == Secret(password)


def test_split_properties_withholds_password_entries() -> None:
    plain, withheld = split_properties(Secret("ssl=true;password=x;loginTimeout=5"))
    assert plain == {"ssl": "true", "loginTimeout": "5"}
    assert withheld == ("password",)


def test_link_factory_credentials_are_not_swallowed_by_the_datasource(tmp_path: Path) -> None:
    """DataSourceLinkFactory's username/password on the link stay visible (never the value)."""
    server = (
        f'<GlobalNamingResources><Resource name="jdbc/x" {DS} url="jdbc:h2:mem:x"/>'
        "</GlobalNamingResources>"
    )
    link = _context(
        '<ResourceLink name="jdbc/x" global="jdbc/x"'
        ' factory="org.apache.naming.factory.DataSourceLinkFactory"'
        ' username="other" password="link-pw"/>'
    )
    result = _convert(tmp_path, server=server, files=link)
    rest = _by_rule(result, "context.not-converted")
    assert rest and all("link-pw" not in f.message for f in rest)
    accounted = {k.name for f in _by_rule(result, "datasource.jdbc") for k in f.settings}
    assert "password" not in accounted and "username" not in accounted


def test_unresolved_resource_name_is_noted(tmp_path: Path) -> None:
    files = _context(f'<Resource name="${{DB_NAME}}" {DS} url="jdbc:h2:mem:x"/>')
    result = _convert(tmp_path, files=files)
    (f,) = _by_rule(result, "datasource.jdbc")
    assert "${DB_NAME}" in f.message and "has no value here" in f.message


def test_tomcat85_issue_9_done_when_route_rewritten_driver_and_extension_in_extra(
    tmp_path: Path,
) -> None:
    """The sample's IG instance route names jdbc/forgerock by JNDI; lib/ holds both drivers, a
    customer jar and Tomcat's own catalina.jar."""
    out, heap = _sample(tmp_path, "tomcat85-datasources")
    route = json.loads((out / "config" / "routes" / "10-sql.json").read_text())
    [sql] = route["handler"]["config"]["filters"]
    assert sql["config"]["dataSource"] == "JdbcDataSource-forgerock" in heap
    extra = sorted(p.name for p in (out / "extra").iterdir())
    assert extra == [
        "acme-audit-filter-2.1.jar",
        "mysql-connector-j-8.3.0.jar",
        "postgresql-42.7.3.jar",
    ]
    src = SAMPLES / "tomcat85-datasources" / "input" / "lib"
    for name in extra:
        assert (out / "extra" / name).read_bytes() == (src / name).read_bytes()
    report = json.loads((out / "migration-report.json").read_text())
    rules = [f["rule"] for f in report["findings"]]
    assert rules.count("jars.driver") == 2 and "jars.tomcat-own" in rules
    assert rules.count("ig-instance.script-jndi") == 2  # the import and the lookup, at their lines
    assert "ig-instance.datasource-rewritten" in rules
