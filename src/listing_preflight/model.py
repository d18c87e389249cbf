"""Core vocabulary: severities, rules, checks and the findings frame schema."""

from __future__ import annotations

import dataclasses
import enum
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import polars as pl

__all__ = [
    "Severity",
    "Scope",
    "Check",
    "Rule",
    "FINDINGS_SCHEMA",
    "empty_findings",
    "PreflightError",
    "ConfigError",
    "CatalogError",
]


class Severity(enum.IntEnum):
    """Ordered severities, so that `--fail-on` is a comparison."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Parse 'error' / 'warning' / 'info' (any case)."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ConfigError(
                f"unknown severity {text!r}; expected one of: error, warning, info"
            ) from None

    @property
    def label(self) -> str:
        """Lower-case name as used in reports and config."""
        return self.name.lower()


# Which table a rule runs over:
#   product  - one row per product (first variant row of each product_sku)
#   variant  - every input row (one per variant)
#   image    - one row per image reference (main, extra and variant images), with features
Scope = Literal["product", "variant", "image"]


@dataclass(frozen=True, slots=True)
class Check:
    """What a row rule returns: polars expressions, never data.

    `violates` is boolean; null means "not applicable" and never fires.
    `message` is evaluated only on violating rows.
    `severity`, when given, overrides the rule's configured severity per row (a string
    expression evaluating to 'error'/'warning'/'info'), e.g. for wordlist entries that carry
    their own severity.
    `evidence` is a struct expression; it is JSON-encoded into the finding's evidence.
    """

    violates: pl.Expr
    message: pl.Expr
    value: pl.Expr | None = None
    field: str | pl.Expr | None = None
    severity: pl.Expr | None = None
    evidence: pl.Expr | None = None


RuleFunc = Callable[..., Any]

CODE_RE = re.compile(r"^[A-Z]{3}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Rule:
    """A declared rule: metadata plus a function that returns data (expressions or a frame).

    kind "row": `func(opts) -> Check`, evaluated over the table named by `scope`.
    kind "frame": `func(ctx, opts) -> pl.LazyFrame` of findings-shaped rows (see
    `FRAME_RESULT_COLUMNS`), for cross-row checks (duplicates, groups, pairs).
    """

    code: str
    name: str
    group: str
    severity: Severity
    kind: Literal["row", "frame"]
    scope: Scope
    func: RuleFunc
    requires: tuple[str, ...] = ()
    options: type | None = None
    # True when a finding of this rule makes the product "review-likely" rather than
    # "reject-likely" (e.g. price deviation goes to manual review, not a rejection).
    review_only: bool = False
    # Prior probability that the marketplace rejects a listing for one finding of this rule;
    # `preflight learn` writes calibrated values that override it.
    reject_rate: float | None = None

    @property
    def doc(self) -> str:
        """The rule's user documentation (its docstring, dedented)."""
        return inspect.cleandoc(self.func.__doc__ or "")

    @property
    def summary(self) -> str:
        """First line of the documentation."""
        return self.doc.splitlines()[0] if self.doc else self.name

    def default_options(self) -> Any:
        """An instance of the options dataclass with its defaults, or None."""
        return self.options() if self.options is not None else None

    def option_fields(self) -> list[dataclasses.Field[Any]]:
        """The options dataclass fields (empty when the rule has no options)."""
        return list(dataclasses.fields(self.options)) if self.options is not None else []


# Columns of the findings frame, kept as a polars frame until reporting.
FINDINGS_SCHEMA: dict[str, pl.DataType] = {
    "code": pl.String(),
    "severity": pl.String(),
    "product_sku": pl.String(),
    "variant_sku": pl.String(),
    "row": pl.Int64(),
    "field": pl.String(),
    "message": pl.String(),
    "value": pl.Float64(),
    "evidence": pl.String(),  # JSON object text, or null
    "source": pl.String(),
}

# What a frame rule's LazyFrame must contain (others are optional and filled with null).
FRAME_RESULT_COLUMNS = ("product_sku", "row", "message")


def empty_findings() -> pl.DataFrame:
    """An empty findings frame with the right schema."""
    return pl.DataFrame(schema=FINDINGS_SCHEMA)


class PreflightError(Exception):
    """Base of the errors that reach the user as a one-line message."""

    exit_status = 2


class ConfigError(PreflightError):
    """Bad configuration or usage: exit status 2."""

    exit_status = 2


class CatalogError(PreflightError):
    """An input catalog cannot be read at all: exit status 3."""

    exit_status = 3


@dataclass
class RuleSettings:
    """A rule's effective settings after configuration: severity and options instance."""

    severity: Severity
    options: Any = None
    explicit: bool = False  # selected by exact code/name (missing inputs are then an error)


@dataclass
class RunStats:
    """Counts and timings of one run, for reports and benchmarks."""

    products: int = 0
    variants: int = 0
    images: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    skipped_rules: dict[str, str] = field(default_factory=dict)
    # Rules that failed internally (code -> error): isolated, reported, and exit status 2.
    failed_rules: dict[str, str] = field(default_factory=dict)
