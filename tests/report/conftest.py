"""Fixtures of the report tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def sample_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One image feature cache for the tests that check the shipped sample (its photos are
    decoded once per test session, not once per test)."""
    return tmp_path_factory.mktemp("sample-cache")
