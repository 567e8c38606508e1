"""Parsers: one module per Tomcat input kind; they know Tomcat, never IG."""
