"""Check builders shared by the wordlist-driven rules (TTL007, TTL008, TRM001-3, CMP001)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl

from ..i18n import _t
from ..model import Check
from ..registry import all_rules
from .derive import hit_columns

if TYPE_CHECKING:
    from ..engine import RunContext


def configured_default(code: str, ctx: RunContext | Any) -> bool:
    """True when the run keeps the rule's default severity (then entries set their own)."""
    settings = getattr(ctx, "settings", {}) or {}
    rule = all_rules()[code]
    return code not in settings or settings[code].severity == rule.severity


def wordlist_check(code: str, ctx: RunContext | Any, default_fix: str) -> Check:
    """A Check over the `_w_<code>` hit columns: names every hit, the field and the fix.

    Each hit carries its entry's label; the fix is the entry's own, else `default_fix`.
    """
    items, terms, sev, field, fix = hit_columns(code)
    found = pl.col(items)
    return Check(
        violates=found.list.len() > 0,
        message=pl.format(
            _t("{} contains {}; {}"),
            pl.col(field), found.list.join(", "),
            pl.coalesce(pl.col(fix), pl.lit(default_fix)),
        ),
        value=found.list.len().cast(pl.Float64),
        field=pl.col(field),
        # Entries carry their own severity, unless the user configured one for the rule.
        severity=pl.col(sev) if configured_default(code, ctx) else None,
        evidence=pl.struct(pl.col(terms).alias("terms"), found.alias("matches")),
    )
