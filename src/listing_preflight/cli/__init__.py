"""Command line: `preflight` and its commands, one module per command (`main` is the entry point)."""

from . import baseline, cache, check, index, learn, plan, rules  # noqa: F401  (register the commands)
from .app import main

__all__ = ["main"]
