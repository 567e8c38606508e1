"""A DataSource's pool settings: what IG's pool (HikariCP) does instead of each one.

The 7.2–2026 JdbcDataSource reference and JdbcDataSourceHeaplet javadoc document poolName,
jdbcUrl/dataSourceClassName, driverClassName, username, passwordSecretId, secretsProvider,
properties ("data source-specific properties", i.e. the driver's) and executor: no pool size,
timeout or validation setting. So no pool setting is carried; each is reported with its value
and the HikariCP default the gateway gets (HikariCP's own documented defaults).
"""

from __future__ import annotations

from igmigrate.findings import Status
from igmigrate.mapping.claims import Claims
from igmigrate.mapping.context import MapContext
from igmigrate.rules import applies
from igmigrate.rules.datasource_names import DBCP1_UNDER_DBCP2, DBCP2, STANDARD
from igmigrate.tomcat.model import Attr
from igmigrate.tomcat.resources import Factory

_SIZE = "IG's pool (HikariCP) opens at most its default maximumPoolSize of 10 connections"
_IDLE = "HikariCP keeps minimumIdle connections, by default as many as maximumPoolSize (10)"
_WAIT = (
    "HikariCP waits its default connectionTimeout (30 seconds) for a connection, then the"
    " request fails"
)
_TEST = "HikariCP checks a connection with the JDBC 4 Connection.isValid() before lending it"
_EVICT = (
    "HikariCP retires idle connections after its idleTimeout (10 minutes) and every connection"
    " after maxLifetime (30 minutes)"
)
_ABANDON = "HikariCP never reclaims a connection the gateway did not close (no abandoned timeout)"
_DEFAULTS = "connections keep the driver's defaults (HikariCP: auto-commit on)"
_STATEMENTS = "HikariCP pools no statements: the driver's own statement cache (its properties)"
_INIT = "no SQL is run on new connections: JdbcDataSource documents no such setting"
_OTHER = "JdbcDataSource has no equivalent setting"
BEHAVIOUR = {
    "maxTotal": _SIZE,
    "maxActive": _SIZE,
    "maxIdle": _IDLE,
    "minIdle": _IDLE,
    "initialSize": _IDLE,
    "maxWait": _WAIT,
    "maxWaitMillis": _WAIT,
    "validationQuery": _TEST,
    "validationQueryTimeout": _TEST,
    "testOnBorrow": _TEST,
    "testOnReturn": _TEST,
    "testWhileIdle": _TEST,
    "testOnCreate": _TEST,
    "testOnConnect": _TEST,
    "validatorClassName": _TEST,
    "validationInterval": _TEST,
    "fastFailValidation": _TEST,
    "timeBetweenEvictionRunsMillis": _EVICT,
    "numTestsPerEvictionRun": _EVICT,
    "minEvictableIdleTimeMillis": _EVICT,
    "softMinEvictableIdleTimeMillis": _EVICT,
    "evictionPolicyClassName": _EVICT,
    "maxConnLifetimeMillis": _EVICT,
    "maxAge": _EVICT,
    "removeAbandoned": _ABANDON,
    "removeAbandonedOnBorrow": _ABANDON,
    "removeAbandonedOnMaintenance": _ABANDON,
    "removeAbandonedTimeout": _ABANDON,
    "logAbandoned": _ABANDON,
    "abandonedUsageTracking": _ABANDON,
    "suspectTimeout": _ABANDON,
    "abandonWhenPercentageFull": _ABANDON,
    "defaultAutoCommit": _DEFAULTS,
    "defaultReadOnly": _DEFAULTS,
    "defaultTransactionIsolation": _DEFAULTS,
    "defaultCatalog": _DEFAULTS,
    "defaultSchema": _DEFAULTS,
    "defaultQueryTimeout": _DEFAULTS,
    "poolPreparedStatements": _STATEMENTS,
    "maxOpenPreparedStatements": _STATEMENTS,
    "initSQL": _INIT,
    "connectionInitSqls": _INIT,
    "initConnectionSqls": _INIT,
}


@applies("datasource.pool-setting", "datasource.dbcp1-name", "datasource.unknown-attribute")
def report_pool(mc: MapContext, claims: Claims, jndi: str, factory: Factory) -> None:
    """Every attribute the connection settings left: a pool setting (partial), a DBCP 1 name
    the DBCP 2 factory ignored, or one its factory has no property for."""
    for attr in claims.rest():
        if attr.name in STANDARD:
            continue
        where = claims.element.at(attr.name)
        keys = claims.take(attr.name)
        shown = _shown(attr)
        if factory.scheme == DBCP2 and attr.name in DBCP1_UNDER_DBCP2:
            mc.emit(
                "datasource.dbcp1-name",
                f'DataSource "{jndi}": {shown} is a DBCP 1 name; the DBCP 2 factory'
                f" ({factory.class_name}) warned and ignored it, so Tomcat used"
                f" {DBCP1_UNDER_DBCP2[attr.name]}; {BEHAVIOUR.get(attr.name, _OTHER)}",
                location=where,
                settings=keys,
            )
        elif attr.name in factory.pool_names:
            mc.emit(
                "datasource.pool-setting",
                f'DataSource "{jndi}": {factory.scheme} setting {shown} is not carried;'
                f" {BEHAVIOUR.get(attr.name, _OTHER)}",
                location=where,
                settings=keys,
            )
        else:
            mc.emit(
                "datasource.unknown-attribute",
                f'DataSource "{jndi}": {attr.spelling} is not a property of the'
                f" {factory.scheme} factory, which Tomcat hands it to unchecked; not carried",
                location=where,
                settings=keys,
                status=Status.MANUAL,
            )


def _shown(attr: Attr) -> str:
    """`maxTotal=50`; a value written with ${} names its placeholders too."""
    if attr.raw != attr.value:
        return f"{attr.spelling}={attr.value} (written {attr.raw})"
    return f"{attr.spelling}={attr.value}"
