# >>> igmigrate: converted from Tomcat's bin/setenv.sh (bin/setenv.sh)
# IG's bin/start.sh sources this file, then runs
#   eval exec "$java" ... "${JAVA_OPTS}" "${IG_OPTS}" ...
# so JAVA_OPTS and IG_OPTS are quoted for two shell parses: edit them with care.
export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
IG_OPTS="-Xms512m -Xmx2g -Djavax.net.ssl.trustStorePassword=\"\$(cat \"\${INSTANCE_DIR}/secrets/javax.net.ssl.truststorepassword\")\""
export IG_OPTS
# <<< igmigrate
