"""Core columns: without a product id, title, price and main image a catalog is not checked.

A checker that cannot find the price column must not report every price as fine (issue 13:
the silent pass). When a core column cannot be mapped the run stops before any work, names
the columns found, the closest candidates and the exact `[columns]` lines to add.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..i18n import _t
from ..model import ConfigError
from .mapping import ColumnMapping, closest_columns
from .schema import CORE

if TYPE_CHECKING:
    from ..config import Config

# What to call a core field in messages, and the canonical key its [columns] line uses.
_KEY = {"product_id": "product_sku", "title": "title", "price": "price", "main_image": "main_image"}


def core_fields(config: Config) -> tuple[str, ...]:
    """The core fields this run needs: the product id always, the others when a selected rule reads them."""
    from ..registry import all_rules

    rules = all_rules()
    read = {col for code in config.rule_settings() for col in rules[code].requires}
    return tuple(f for f in CORE if f == "product_id" or f in read)


def missing_core(mapping: ColumnMapping, needed: Iterable[str] = CORE) -> list[str]:
    """The needed core fields the mapping has no column for."""
    present = mapping.present
    missing = []
    for name in needed:
        if name == "product_id":
            if not present & {"product_sku", "variant_sku"}:
                missing.append(name)
        elif name not in present:
            missing.append(name)
    return missing


def require_core(path: str, headers: list[str], mapping: ColumnMapping,
                 needed: Iterable[str] = CORE) -> None:
    """ConfigError (exit 2) naming what is missing, the candidates and the [columns] lines to add."""
    missing = missing_core(mapping, needed)
    if not missing:
        return
    used = set(mapping.single.values()) | {c for cols in mapping.multi.values() for c in cols}
    spare = [h for h in headers if h not in used]
    lines, hints = [], []
    for name in missing:
        close = closest_columns(name, spare)
        key = _KEY[name]
        if close:
            hints.append(_t("{field}: closest columns {names}").format(
                field=name, names=", ".join(repr(c) for c in close)))
            lines.append(f'{key} = "{_toml(close[0])}"')
        else:
            hints.append(_t("{field}: no similar column").format(field=name))
            lines.append(f'{key} = "<{_t("your column")}>"')
    found = ", ".join(repr(h) for h in headers[:60]) + (" ..." if len(headers) > 60 else "")
    raise ConfigError("\n".join([
        _t("{path}: no column for the core field(s) {fields}; nothing was checked.").format(
            path=path, fields=", ".join(missing)),
        _t("Columns found: {found}").format(found=found),
        *hints,
        _t("Add to preflight.toml (or [tool.preflight.columns] in pyproject.toml), with the "
           "catalog's own column names on the right:"),
        "[columns]",
        *lines,
    ]))


def grouping_notice(path: str, mapping: ColumnMapping) -> str | None:
    """How variants were grouped when the catalog has no parent column (None when it has one)."""
    if "product_sku" in mapping.single or "product_sku" in mapping.multi:
        return None
    if "variant_sku" in mapping.single:
        return _t("{path}: no parent SKU column; each {column!r} value is checked as its own "
                  "product (rows with the same value are its variants). If several SKUs are "
                  "variants of one product, map the parent column: [columns] product_sku = "
                  "\"<parent column>\"").format(path=path, column=mapping.single["variant_sku"])
    return _t("{path}: no product id column; each row is checked as its own product").format(path=path)


def _toml(text: str) -> str:
    """A header as the inside of a TOML basic string."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def describe_guesses(path: str, mapping: ColumnMapping) -> list[str]:
    """Notices for columns matched only loosely, so a wrong guess is visible."""
    return [
        _t("{path}: {field} read from {column!r} (the header contains a name for it); if that "
           "is wrong, set [columns] {field} = \"<column>\"").format(path=path, field=f, column=c)
        for f, c in mapping.guessed.items()
    ]

