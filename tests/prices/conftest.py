"""Fixtures for the price and catalog rule tests: market price files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest


@pytest.fixture
def market_csv(tmp_path: Path):
    """Write a market file from dicts; returns its path (suffix picks the format)."""

    def write(rows: list[dict[str, Any]], name: str = "market.csv", encoding: str = "utf-8") -> str:
        path = tmp_path / name
        frame = pl.DataFrame(rows, schema={k: pl.String for k in rows[0]})
        if name.endswith(".parquet"):
            frame.write_parquet(path)
        elif name.endswith(".xlsx"):
            frame.write_excel(path)
        else:
            path.write_bytes(frame.write_csv().encode(encoding))
        return str(path)

    return write
