"""The IG side: the standalone instance model, per-version profiles, and the secret registry."""
