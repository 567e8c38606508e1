"""The IG-shaped target model: what the standalone instance will contain."""
