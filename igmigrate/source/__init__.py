"""The Tomcat-shaped source model: what the parsers produce, in Tomcat's own terms."""
