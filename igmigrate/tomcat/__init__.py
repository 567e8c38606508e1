"""The Tomcat side: how Tomcat reads its files, the model of what it read, and keystore readers."""
