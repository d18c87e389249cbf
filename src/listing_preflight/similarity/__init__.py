"""Similarity search, scoring and the reference image index (SIM001-SIM003, IMG010)."""
