# >>> igmigrate: converted from Tomcat's bin/setenv.sh (bin/setenv.sh)
# IG's bin/start.sh sources this file, then runs
#   eval exec "$java" ... "${JAVA_OPTS}" "${IG_OPTS}" ...
# so JAVA_OPTS and IG_OPTS are quoted for two shell parses: edit them with care.
export JAVA_HOME=/opt/java/jre-11
export ROOT_LOG_LEVEL=DEBUG
export APP_ENV='prod eu'
export BANNER='IG behind
the corporate proxy'
IG_OPTS="-Djava.awt.headless=true -server -Xms256m -Xmx1g -Xlog:gc:file=/var/log/ig/gc.log '-Dgreeting=hello world' '-Dliteral=\$(touch /tmp/igmigrate-pwned); \`id\` *' -Dhttp.proxyHost=proxy.example.com -Dhttp.proxyPort=3128 -Dapp.region=\"\${APP_REGION}\" -Ddb.password=\"\$(cat \"\${INSTANCE_DIR}/secrets/db.password\")\""
export IG_OPTS
# <<< igmigrate
