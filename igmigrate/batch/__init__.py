"""`igmigrate batch`: many servers converted by a pool of long-lived workers, one report."""
