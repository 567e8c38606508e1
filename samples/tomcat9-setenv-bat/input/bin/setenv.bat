@echo off
rem Windows start-up of the gateway (catalina.bat calls this file)
set "JAVA_HOME=C:\Program Files\Eclipse Adoptium\jdk-17"
set "CATALINA_OPTS=%CATALINA_OPTS% -Xms512m -Xmx2g"
set CATALINA_OPTS=%CATALINA_OPTS% -Dig.region=%REGION% -Dfile.encoding=UTF-8
set "JAVA_OPTS=-Djava.io.tmpdir=D:\ig\tmp -Dapp.name="gateway one""
if not "%IG_DEBUG%"=="" set CATALINA_OPTS=%CATALINA_OPTS% -verbose:gc
set IG_ENV=prod
