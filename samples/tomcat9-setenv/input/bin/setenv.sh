#!/bin/sh
# A setenv.sh in the shapes real ones take (tomcat-inputs.md §7).
JRE_HOME=/opt/java/jre-11;
export JAVA_HOME=/opt/java/jdk-11
UMASK=0027
CATALINA_PID="$CATALINA_BASE/temp/tomcat.pid"

# reset, then append and prepend
CATALINA_OPTS=""
CATALINA_OPTS="${CATALINA_OPTS} -Xms256m -Xmx1g"
CATALINA_OPTS="-server $CATALINA_OPTS"
JAVA_OPTS="$JAVA_OPTS -Djava.awt.headless=true -Xmx512m"
JAVA_OPTS="$JAVA_OPTS -Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager"

# a helper variable, a value with spaces and quotes for catalina.sh's eval
GC_LOG=/var/log/ig/gc.log
CATALINA_OPTS="$CATALINA_OPTS -Xlog:gc:file=$GC_LOG -Dgreeting='hello world'"
CATALINA_OPTS="$CATALINA_OPTS -Dliteral='\$(touch /tmp/igmigrate-pwned); \`id\` *'"

# a multi-line quoted value (backslash continuations)
CATALINA_OPTS="$CATALINA_OPTS \
  -Dhttp.proxyHost=proxy.example.com \
  -Dhttp.proxyPort=3128"

# unknown at parse time, and not evaluated
CATALINA_OPTS="$CATALINA_OPTS -Dapp.region=${APP_REGION} -Dnode.name=$(hostname)"
CATALINA_OPTS="$CATALINA_OPTS -Ddb.password=Sample9-Db-Pw -Dcatalina.x=1"

ROOT_LOG_LEVEL=DEBUG
APP_ENV="prod eu"
export BANNER="IG behind
the corporate proxy"
export ROOT_LOG_LEVEL APP_ENV CATALINA_OPTS JAVA_OPTS;
