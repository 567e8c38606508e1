# >>> igmigrate: converted from Tomcat's bin/setenv.sh (bin/setenv.sh)
# IG's bin/start.sh sources this file, then runs
#   eval exec "$java" ... "${JAVA_OPTS}" "${IG_OPTS}" ...
# so JAVA_OPTS and IG_OPTS are quoted for two shell parses: edit them with care.
export JAVA_HOME=/usr/lib/jvm/java-11-openjdk-amd64
IG_OPTS="-Xms512m -Xmx2g"
export IG_OPTS
# <<< igmigrate
