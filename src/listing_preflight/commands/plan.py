"""`preflight plan` command."""
