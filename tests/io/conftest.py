"""Fixtures for reader tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_formats import sample_rows


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory) -> Path:
    """A folder holding the sample catalog's images and rows."""
    return tmp_path_factory.mktemp("sample")


@pytest.fixture(scope="session")
def rows(sample_dir) -> list[dict[str, str]]:
    """The sample catalog rows (with some Chinese tags)."""
    return sample_rows(sample_dir)
