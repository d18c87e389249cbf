"""Compliance rules."""
