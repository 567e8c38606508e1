"""The mapper: the only package that knows both Tomcat and IG; rules run in a fixed order."""
