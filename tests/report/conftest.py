"""Fixtures of the report tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def sample_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One image feature cache for the tests that check the shipped sample (its photos are
    decoded once per test session, not once per test)."""
    return tmp_path_factory.mktemp("sample-cache")


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports here must not depend on the runner's colour settings or write its job summary."""
    for name in ("FORCE_COLOR", "NO_COLOR", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)
