"""Shared test helpers."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("PREFLIGHT_QUIET", "1")


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """Run in an empty folder so no project config is discovered."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
