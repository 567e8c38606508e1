#!/bin/sh
# Start-up environment of the Tomcat that runs IG.
JAVA_HOME=/usr/lib/jvm/java-11-openjdk-amd64
CATALINA_PID="$CATALINA_BASE/tomcat.pid"
CATALINA_OPTS="$CATALINA_OPTS -Xms512m -Xmx2g"
CATALINA_OPTS="$CATALINA_OPTS -Dig.instance.dir=/var/lib/ig"
export JAVA_HOME CATALINA_PID CATALINA_OPTS
