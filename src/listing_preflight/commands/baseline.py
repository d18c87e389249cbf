"""`preflight baseline` command."""
