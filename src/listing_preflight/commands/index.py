"""`preflight index` command."""
