# >>> igmigrate: converted from Tomcat's bin/setenv.sh (bin/setenv.bat)
# IG's bin/start.sh sources this file, then runs
#   eval exec "$java" ... "${JAVA_OPTS}" "${IG_OPTS}" ...
# so JAVA_OPTS and IG_OPTS are quoted for two shell parses: edit them with care.
export IG_ENV=prod
IG_OPTS="'-Dapp.name=gateway one' -Xms512m -Xmx2g -Dig.region=\"\${REGION}\" -Dfile.encoding=UTF-8"
export IG_OPTS
# <<< igmigrate
