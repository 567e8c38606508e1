"""The attribute names of Tomcat's DataSource factories (DBCP 2, DBCP 1, Tomcat JDBC pool).

From Tomcat's sources: BasicDataSourceFactory (ALL_PROPERTIES, NUPROP_*) of the dbcp2 and dbcp
packages, naming Constants.DBCP_DATASOURCE_FACTORY (dbcp on 7.0, dbcp2 on 8.0+), and the JDBC
pool's PoolProperties; read by tomcat/resources.py and the datasources rules.
"""

from __future__ import annotations

DBCP2, DBCP1, TOMCAT_JDBC = "DBCP 2", "DBCP 1", "Tomcat JDBC pool"
# Tomcat's repackaged factories first (naming Constants.DBCP_DATASOURCE_FACTORY: dbcp on 7.0,
# dbcp2 on 8.0+), then Apache Commons' own, used when their jars are in lib/.
DBCP2_FACTORIES = (
    "org.apache.tomcat.dbcp.dbcp2.BasicDataSourceFactory",
    "org.apache.commons.dbcp2.BasicDataSourceFactory",
)
DBCP1_FACTORIES = (
    "org.apache.tomcat.dbcp.dbcp.BasicDataSourceFactory",
    "org.apache.commons.dbcp.BasicDataSourceFactory",
)
TOMCAT_JDBC_FACTORIES = ("org.apache.tomcat.jdbc.pool.DataSourceFactory",)
FACTORY_PROPERTY = "javax.sql.DataSource.Factory"  # the system property that changes the default
# Resource attributes Tomcat itself reads (ResourceBase, NamingRuleSet), not the factory.
STANDARD = ("name", "auth", "type", "description", "scope", "singleton", "closeMethod", "factory")
# What becomes the JdbcDataSource's own settings.
CONNECTION = ("url", "driverClassName", "username", "connectionProperties")
PASSWORD = ("password",)
_COMMON_POOL = (
    "defaultAutoCommit",
    "defaultReadOnly",
    "defaultTransactionIsolation",
    "defaultCatalog",
    "maxIdle",
    "minIdle",
    "initialSize",
    "testOnBorrow",
    "testOnReturn",
    "testWhileIdle",
    "timeBetweenEvictionRunsMillis",
    "numTestsPerEvictionRun",
    "minEvictableIdleTimeMillis",
    "validationQuery",
    "validationQueryTimeout",
    "accessToUnderlyingConnectionAllowed",
    "removeAbandonedTimeout",
    "logAbandoned",
    "poolPreparedStatements",
    "maxOpenPreparedStatements",
)
# BasicDataSourceFactory.ALL_PROPERTIES of Tomcat's dbcp2 package (less the connection ones).
DBCP2_POOL = (
    *_COMMON_POOL,
    "maxTotal",
    "maxWaitMillis",
    "defaultSchema",
    "cacheState",
    "lifo",
    "testOnCreate",
    "softMinEvictableIdleTimeMillis",
    "evictionPolicyClassName",
    "connectionInitSqls",
    "removeAbandonedOnBorrow",
    "removeAbandonedOnMaintenance",
    "abandonedUsageTracking",
    "maxConnLifetimeMillis",
    "logExpiredConnections",
    "rollbackOnReturn",
    "enableAutoCommitOnReturn",
    "defaultQueryTimeout",
    "fastFailValidation",
    "disconnectionSqlCodes",
    "jmxName",
)
# Commons DBCP 1 (Tomcat 7's dbcp package).
DBCP1_POOL = (*_COMMON_POOL, "maxActive", "maxWait", "removeAbandoned", "initConnectionSqls")
# The Tomcat JDBC pool's PoolProperties (DataSourceFactory).
TOMCAT_JDBC_POOL = (
    *_COMMON_POOL,
    "maxActive",
    "maxWait",
    "removeAbandoned",
    "testOnConnect",
    "validatorClassName",
    "validationInterval",
    "initSQL",
    "jmxEnabled",
    "fairQueue",
    "abandonWhenPercentageFull",
    "maxAge",
    "useEquals",
    "suspectTimeout",
    "rollbackOnReturn",
    "commitOnReturn",
    "alternateUsernameAllowed",
    "dataSource",
    "dataSourceJNDI",
    "jdbcInterceptors",
    "useDisposableConnectionFacade",
    "logValidationErrors",
    "propagateInterruptState",
    "ignoreExceptionOnPreLoad",
    "useStatementFacade",
)
POOL_NAMES = {DBCP2: DBCP2_POOL, DBCP1: DBCP1_POOL, TOMCAT_JDBC: TOMCAT_JDBC_POOL}
# DBCP 1 names the DBCP 2 factory only warns about (BasicDataSourceFactory NUPROP_*), with the
# default Tomcat used instead.
DBCP1_UNDER_DBCP2 = {
    "maxActive": "maxTotal 8",
    "maxWait": "maxWaitMillis -1 (wait forever)",
    "removeAbandoned": "removeAbandonedOnBorrow/OnMaintenance false (never reclaimed)",
}
