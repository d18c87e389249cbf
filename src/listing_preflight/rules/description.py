"""Description rules."""
