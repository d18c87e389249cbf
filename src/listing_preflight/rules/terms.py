"""Terms rules."""
