"""Text normalisation, wordlists and the derived text columns the text rules read."""

from __future__ import annotations

from . import derive  # noqa: F401  (registers the derived text columns)
