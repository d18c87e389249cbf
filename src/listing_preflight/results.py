"""What a run produces: the Report (findings, verdicts, stats) that every reporter reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl

from .model import Rule, RuleSettings, RunStats, Severity

if TYPE_CHECKING:
    from .io import Catalog

# Default probability that one finding of a given severity gets a listing rejected; used
# for `risk` until `preflight learn` writes calibrated per-rule rates.
DEFAULT_REJECT_RATE = {Severity.ERROR: 0.8, Severity.WARNING: 0.25, Severity.INFO: 0.05}

# Product verdicts, worst first (DESIGN §5).
VERDICTS = ("reject-likely", "review-likely", "pass")


@dataclass
class Report:
    """The result of a run: findings frame, per-product verdicts, the rules that ran."""

    findings: pl.DataFrame  # FINDINGS_SCHEMA + "name", sorted
    products: pl.DataFrame  # product_sku, row, source, verdict, risk
    rules: dict[str, Rule]
    settings: dict[str, RuleSettings]
    stats: RunStats
    profile: str
    notices: list[str] = field(default_factory=list)
    # The catalog that was checked (source column mappings for cell-level reports such as
    # xlsx); None for reports built without one.
    catalog: Catalog | None = None
    # Findings a --baseline file left out (reports say so: nothing is hidden silently).
    baseline_hidden: int = 0
    # Per-image thumbnails for the HTML report (product_sku, field, image, img_thumb), when
    # image features were extracted; None otherwise.
    thumbnails: pl.DataFrame | None = None

    def max_severity(self) -> Severity | None:
        """Highest severity among the findings, or None."""
        if self.findings.is_empty():
            return None
        return max(Severity.parse(s) for s in self.findings["severity"].unique().to_list())

    def verdict_counts(self) -> dict[str, int]:
        """Products per verdict, every verdict present (zero when none), worst first."""
        counts = dict.fromkeys(VERDICTS, 0)
        counts.update(self.products.group_by("verdict").len().iter_rows())
        return counts

    def severity_counts(self) -> dict[str, int]:
        """Findings per severity, every severity present (zero when none), error first."""
        counts = {s.label: 0 for s in sorted(Severity, reverse=True)}
        if not self.findings.is_empty():
            counts.update(self.findings.group_by("severity").len().iter_rows())
        return counts

    def products_worst_first(self) -> pl.DataFrame:
        """The products by verdict (reject-likely first), then risk (highest first), then input order."""
        rank = {v: i for i, v in enumerate(VERDICTS)}
        return (
            self.products.with_row_index("_order")
            .with_columns(pl.col("verdict").replace_strict(rank, default=len(rank)).alias("_rank"))
            .sort(["_rank", "risk", "_order"], descending=[False, True, False])
            .drop("_order", "_rank")
        )

    def flatten(self, columns: tuple[str, ...] = ("row", "code")) -> list[tuple[Any, ...]]:
        """Findings as plain tuples, for tests and quick comparisons."""
        return list(self.findings.select(columns).iter_rows())

    def exit_status(self, fail_on: str) -> int:
        """2 when a rule failed internally; else 0 when no finding is at or above `fail_on`, else 1."""
        if self.stats.failed_rules:
            return 2  # an incomplete check must not pass a CI gate (DESIGN §3)
        if fail_on == "never":
            return 0
        worst = self.max_severity()
        return int(worst is not None and worst >= Severity.parse(fail_on))
