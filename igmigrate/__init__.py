"""igmigrate: move an Identity Gateway deployment from Tomcat to standalone mode."""

__version__ = "0.1.0"
