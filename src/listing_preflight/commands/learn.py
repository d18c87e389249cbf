"""`preflight learn` command."""
