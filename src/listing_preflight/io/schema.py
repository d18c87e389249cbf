"""The canonical catalog schema: column names, product-level fields, engine columns."""

from __future__ import annotations

import difflib

from ..model import ConfigError

# Canonical columns (DESIGN §4). All are strings after mapping; `extra_images` is a list.
CANONICAL: tuple[str, ...] = (
    "product_sku",
    "variant_sku",
    "title",
    "description",
    "brand",
    "model",
    "category",
    "tags",
    "color",
    "size",
    "price",
    "currency",
    "msrp",
    "shipping_price",
    "shipping_weight",
    "shipping_time",
    "declared_value",
    "inventory",
    "gtin",
    "main_image",
    "extra_images",
    "variant_image",
    "video",
    "dangerous_kind",
    "store",
    "store_is_new",
    "certificates",
)

# Product-level columns (DESIGN §4): taken from a product's first row, checked once per product.
PRODUCT_FIELDS: frozenset[str] = frozenset({
    "title", "description", "brand", "model", "category", "tags", "main_image", "extra_images",
    "video", "dangerous_kind", "store", "store_is_new", "certificates",
})

# Engine columns added to every catalog frame.
ROW = "row"  # spreadsheet-style record number: header is row 1, first data row is row 2
SOURCE = "source"  # the catalog file the row came from

# Without these a catalog cannot be checked at all; everything else is optional and rules
# that need a missing column are skipped (or CAT004 reports the profile's required fields).
ALWAYS_REQUIRED: tuple[str, ...] = ("title",)

# Core columns (DESIGN §3): without them a catalog is not checked at all (exit 2).
CORE: tuple[str, ...] = ("product_id", "title", "price", "main_image")


def check_canonical(name: str, where: str | None = None) -> None:
    """ConfigError (with the closest canonical names) unless `name` is a canonical column."""
    if name not in CANONICAL:
        close = difflib.get_close_matches(name, CANONICAL, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        prefix = f"{where}: " if where else ""
        raise ConfigError(f"{prefix}[columns] key {name!r} is not a canonical column{hint}")
