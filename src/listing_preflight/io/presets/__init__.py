"""Built-in header presets: known export layouts, each citing the template it is written from."""

from __future__ import annotations

from .base import Preset
from .erp_cn import DIANXIAOMI, MABANG, MANGO, TONGTOOL
from .generic import GENERIC, NOT_THE_FIELD
from .joom import JOOM_API, JOOM_CSV, JOOM_CSV_ZH
from .western import AMAZON, MAGENTO, SHOPIFY, WOOCOMMERCE

__all__ = ["Preset", "PRESETS", "GENERIC", "NOT_THE_FIELD", "JOOM_CSV", "JOOM_API", "by_name"]

# Detection order: the first whose signature is fully present wins; ties cannot happen for
# long signatures, and the more specific layouts are listed first.
PRESETS: tuple[Preset, ...] = (
    JOOM_CSV, JOOM_CSV_ZH, JOOM_API, AMAZON, SHOPIFY, MAGENTO, WOOCOMMERCE,
    DIANXIAOMI, MABANG, TONGTOOL, MANGO, GENERIC,
)


def by_name(name: str) -> Preset:
    """The preset called `name` (KeyError when there is none)."""
    return {p.name: p for p in PRESETS}[name]
