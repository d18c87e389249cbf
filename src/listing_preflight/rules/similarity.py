"""Similarity rules."""
