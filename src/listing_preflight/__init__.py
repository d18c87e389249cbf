"""listing-preflight: find the listings a marketplace's automatic review will reject, before upload."""

from __future__ import annotations

__version__ = "0.1.0"

from .model import Severity  # noqa: E402

__all__ = ["__version__", "Severity"]
