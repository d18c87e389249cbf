"""Plan the three-stage test upload: a test batch, the bulk, and a reserve (DESIGN §2).

The test batch (~30 %) must tell the seller how the platform judges each kind of listing, so
it covers every category and every template (variant layout, or a template column) at least
once, then takes a proportional share of each (category, template) stratum. The reserve
(~10 %) is also proportional. Products predicted reject-likely are held back (listed and
written separately) by default: they should be fixed first, and on Joom a rejection for
prohibited goods, trademarks, bad quality or duplicates can never be resubmitted
(shared/reference/marketplace-policy.md §1.1, [J2]), so testing them would burn them.

Selection is deterministic: within a stratum, products are ordered by a hash of the seed and
the SKU, so the same catalog and seed always give the same plan, and adding products to the
catalog does not reshuffle the others.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from .io.columns import ROW
from .model import ConfigError

BATCHES = ("test", "bulk", "reserve")
HOLD = "hold"
NONE = "(none)"


def parse_split(text: str) -> tuple[float, float, float]:
    """'30,60,10' -> (30, 60, 10); three non-negative numbers that sum to 100."""
    parts = [p.strip().rstrip("%") for p in text.replace("/", ",").split(",")]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise ConfigError(f"--split {text!r}: expected three percentages like 30,60,10") from None
    if len(values) != 3 or any(v < 0 or math.isnan(v) for v in values):
        raise ConfigError(f"--split {text!r}: expected three percentages (test, bulk, reserve) like 30,60,10")
    if abs(sum(values) - 100) > 0.01:
        raise ConfigError(f"--split {text!r}: the percentages add up to {sum(values):g}, not 100")
    return values  # type: ignore[return-value]


def _order_key(seed: int, sku: str) -> str:
    return hashlib.sha256(f"{seed}\x1f{sku}".encode()).hexdigest()


@dataclass
class Plan:
    """Which batch each product goes to, and why."""

    products: pl.DataFrame  # product_sku, category, template, verdict, risk, rows, batch, reason
    split: tuple[float, float, float]
    seed: int
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Products per batch (including the hold list)."""
        got = dict(self.products.group_by("batch").len().iter_rows())
        return {b: got.get(b, 0) for b in (*BATCHES, HOLD)}


def product_table(variants: pl.DataFrame, template_column: str | None = None) -> pl.DataFrame:
    """One row per product: category and template (the variant layout unless a column is named)."""
    if template_column is not None:
        template = pl.col("_template").first()
    else:
        has_color = pl.col("color").is_not_null().any()
        has_size = pl.col("size").is_not_null().any()
        template = (
            pl.when(has_color & has_size).then(pl.lit("variants: color+size"))
            .when(has_color).then(pl.lit("variants: color"))
            .when(has_size).then(pl.lit("variants: size"))
            .when(pl.len() > 1).then(pl.lit("variants: other"))
            .otherwise(pl.lit("single item"))
        )
    return (
        variants.group_by("product_sku", maintain_order=True)
        .agg(
            pl.col("category").drop_nulls().first().fill_null(NONE).alias("category"),
            template.fill_null(NONE).alias("template"),
            pl.len().alias("rows"),
        )
    )


def make_plan(products: pl.DataFrame, split: tuple[float, float, float], *, seed: int = 0,
              hold_rejects: bool = True) -> Plan:
    """Assign every product of `products` (product_sku, category, template, verdict, risk, rows)."""
    notes: list[str] = []
    products = products.with_columns(
        pl.Series("_key", [_order_key(seed, v) for v in products["product_sku"].to_list()],
                  dtype=pl.String))
    held = products.filter(pl.col("verdict") == "reject-likely") if hold_rejects else products.clear()
    eligible = products.join(held.select("product_sku"), on="product_sku", how="anti")
    n = eligible.height
    test_target = round(n * split[0] / 100)
    reserve_target = round(n * split[2] / 100)

    # Reject-likely products kept in the plan (hold_rejects off) never go into the test batch:
    # they would only confirm what we already predict.
    testable = eligible.filter(pl.col("verdict") != "reject-likely")

    # 1. Coverage: one product per category, preferring templates not yet covered; then one
    #    per template still missing. Products with the lowest hash key are picked first.
    chosen: set[str] = set()
    candidates = testable.sort("_key")
    by_category: dict[str, list[tuple[str, str]]] = {}
    by_template: dict[str, list[tuple[str, str]]] = {}
    for sku, category, template in candidates.select("product_sku", "category", "template").iter_rows():
        by_category.setdefault(category, []).append((sku, template))
        by_template.setdefault(template, []).append((sku, category))
    covered_templates: set[str] = set()
    for category in sorted(by_category):
        options = by_category[category]
        sku, template = next(((s, t) for s, t in options if t not in covered_templates), options[0])
        chosen.add(sku)
        covered_templates.add(template)
    for template in sorted(by_template):
        if template not in covered_templates:
            chosen.add(by_template[template][0][0])
            covered_templates.add(template)
    if n == 0 or testable.height == 0:
        notes.append("every product is predicted reject-likely, so there is nothing to test yet: "
                     "fix the findings of `preflight check` first (or plan with --keep-rejects "
                     "to put them in the bulk)")
    if len(chosen) > test_target:
        notes.append(f"covering every category and template takes {len(chosen)} products, more "
                     f"than the {split[0]:g} % target of {test_target}; the test batch is larger")

    # 2. Fill the test batch proportionally per stratum (largest remainder), lowest keys first.
    chosen |= _proportional(testable.filter(~pl.col("product_sku").is_in(list(chosen))),
                            max(test_target - len(chosen), 0))
    rest = eligible.filter(~pl.col("product_sku").is_in(list(chosen)))
    reserve = _proportional(rest, min(reserve_target, rest.height))

    assigned = products.with_columns(
        pl.when(pl.col("product_sku").is_in(held["product_sku"].implode())).then(pl.lit(HOLD))
        .when(pl.col("product_sku").is_in(list(chosen))).then(pl.lit("test"))
        .when(pl.col("product_sku").is_in(list(reserve))).then(pl.lit("reserve"))
        .otherwise(pl.lit("bulk")).alias("batch"),
    ).with_columns(
        pl.when(pl.col("batch") == HOLD)
        .then(pl.lit("predicted reject-likely: fix before uploading"))
        .when((pl.col("batch") == "bulk") & (pl.col("verdict") == "reject-likely"))
        .then(pl.lit("predicted reject-likely: kept out of the test batch"))
        .otherwise(pl.lit("")).alias("reason")
    ).drop("_key")
    return Plan(products=assigned, split=split, seed=seed, notes=notes)


def _proportional(frame: pl.DataFrame, k: int) -> set[str]:
    """`k` products from `frame`, allotted to (category, template) strata by largest remainder."""
    if k <= 0 or frame.height == 0:
        return set()
    k = min(k, frame.height)
    sizes = frame.group_by("category", "template").len().sort("category", "template")
    total = frame.height
    quotas = {}
    remainders = []
    for category, template, size in sizes.iter_rows():
        exact = k * size / total
        quotas[(category, template)] = int(exact)
        remainders.append((exact - int(exact), size, category, template))
    left = k - sum(quotas.values())
    for _, _, category, template in sorted(remainders, key=lambda r: (-r[0], -r[1], r[2], r[3]))[:left]:
        quotas[(category, template)] += 1
    quota_frame = pl.DataFrame(
        [(c, t, q) for (c, t), q in quotas.items()],
        schema={"category": pl.String, "template": pl.String, "_quota": pl.Int64}, orient="row")
    picked = (
        frame.sort("_key")
        .with_columns(pl.int_range(pl.len()).over("category", "template").alias("_rank"))
        .join(quota_frame, on=["category", "template"], how="left")
        .filter(pl.col("_rank") < pl.col("_quota"))
    )
    return set(picked["product_sku"].to_list())


# ------------------------------------------------------------------------------ writing batches

@dataclass
class SourceFile:
    """What is needed to write rows of an input catalog back in its own format."""

    path: Path
    frame: pl.DataFrame  # raw strings with `row`
    headers: list[str]  # as in the file (before de-duplication)
    columns: list[str]  # frame columns in file order
    encoding: str | None
    suffix: str
    delimiter: str = ","
    newline: str = "\r\n"
    sheet_name: str = "Sheet1"


def load_source(path: Path, sheet: str | None = None) -> SourceFile:
    """Read an input catalog as raw rows, remembering encoding, delimiter and line endings."""
    from .io.readers import EXCEL, JSONL, PARQUET, decode_text, read_raw, sniff_delimiter

    raw = read_raw(path, sheet=sheet)
    columns = [c for c in raw.frame.columns if c not in (ROW, "source")]
    suffix = path.suffix.lower()
    source = SourceFile(path=path, frame=raw.frame, headers=list(raw.headers), columns=columns,
                        encoding=raw.encoding, suffix=suffix)
    if suffix in EXCEL:
        if suffix != ".xlsx":
            raise ConfigError(f"{path}: plan writes XLSX batches; save the workbook as .xlsx first")
        import fastexcel

        names = fastexcel.read_excel(str(path)).sheet_names
        source.sheet_name = sheet or (names[0] if names else "Sheet1")
    elif suffix in PARQUET:
        source.headers = columns
    elif suffix in JSONL:
        raise ConfigError(f"{path}: plan writes CSV/TSV, XLSX or Parquet batches; JSON Lines "
                          "input is not supported yet (export the catalog as CSV)")
    else:
        text, _ = decode_text(path.read_bytes(), path)
        source.delimiter = sniff_delimiter(text, suffix)
        source.newline = "\r\n" if "\r\n" in text[:65536] else "\n"
        header = next(csv.reader(io.StringIO(text, newline=""), delimiter=source.delimiter), [])
        source.headers = header[: len(columns)] if len(header) >= len(columns) else source.headers
    return source


def batch_bytes(source: SourceFile, rows: pl.DataFrame) -> bytes:
    """The selected rows of `source` (frame rows with `row`) as a file in the input's format."""
    from .io.readers import PARQUET

    body = rows.select(source.columns)
    if source.suffix in PARQUET:
        out = io.BytesIO()
        body.write_parquet(out)
        return out.getvalue()
    if source.suffix == ".xlsx":
        import xlsxwriter

        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False, "strings_to_numbers": False})
        sheet = book.add_worksheet(source.sheet_name[:31])
        for c, head in enumerate(source.headers):
            sheet.write_string(0, c, head)
        for r, values in enumerate(body.iter_rows(), start=1):
            for c, value in enumerate(values):
                if value is not None:
                    sheet.write_string(r, c, str(value))
        book.close()
        return out.getvalue()
    text = io.StringIO()
    writer = csv.writer(text, delimiter=source.delimiter, lineterminator=source.newline)
    writer.writerow(source.headers)
    writer.writerows(["" if v is None else v for v in values] for values in body.iter_rows())
    encoding = source.encoding or "utf-8"
    try:
        return text.getvalue().encode(encoding)
    except UnicodeEncodeError as exc:
        raise ConfigError(f"{source.path}: a value cannot be written back in the input's encoding "
                          f"{encoding} ({exc.reason}); save the catalog as UTF-8 first") from None


def plan_summary(plan: Plan, source: SourceFile, files: dict[str, Path]) -> dict[str, Any]:
    """The plan as JSON-ready data."""
    products = plan.products
    counts = plan.counts()
    rows = dict(products.group_by("batch").agg(pl.col("rows").sum()).iter_rows())
    coverage: dict[str, dict[str, dict[str, int]]] = {}
    for dim in ("category", "template"):
        table = products.group_by(dim, "batch").len().sort(dim, "batch")
        coverage[dim] = {}
        for key, batch, n in table.iter_rows():
            coverage[dim].setdefault(key, {b: 0 for b in (*BATCHES, HOLD)})[batch] = n
    held = products.filter(pl.col("batch") == HOLD).select("product_sku", "risk", "reason").to_dicts()
    return {
        "input": str(source.path),
        "split": {"test": plan.split[0], "bulk": plan.split[1], "reserve": plan.split[2]},
        "seed": plan.seed,
        "products": {b: counts[b] for b in (*BATCHES, HOLD)},
        "rows": {b: rows.get(b, 0) for b in (*BATCHES, HOLD)},
        "files": {b: str(p) for b, p in files.items()},
        "coverage": coverage,
        "held": held,
        "notes": plan.notes,
    }


def summary_text(summary: dict[str, Any], findings_by_product: dict[str, list[str]]) -> str:
    """The plan summary for people."""
    p, r, s = summary["products"], summary["rows"], summary["split"]
    eligible = p["test"] + p["bulk"] + p["reserve"]
    lines = [
        f"Upload plan for {summary['input']} (split {s['test']:g}/{s['bulk']:g}/{s['reserve']:g}, seed {summary['seed']})",
        "",
    ]
    for batch, step in (("test", "1. upload first"), ("bulk", "2. upload after tuning"),
                        ("reserve", "3. keep in reserve")):
        share = f"{p[batch] / eligible * 100:.0f} %" if eligible else "-"
        lines.append(f"  {batch:<8} {p[batch]:>6} products {r[batch]:>7} rows  {share:>5}  {step}: "
                     f"{summary['files'].get(batch, '-')}")
    if p[HOLD]:
        lines.append(f"  {HOLD:<8} {p[HOLD]:>6} products {r[HOLD]:>7} rows         fix first: "
                     f"{summary['files'].get(HOLD, '-')}")
    lines += ["", "Coverage of the test batch:"]
    for dim in ("category", "template"):
        values = summary["coverage"][dim]
        planned = [k for k, v in values.items() if v["test"] + v["bulk"] + v["reserve"] > 0]
        covered = [k for k in planned if values[k]["test"] > 0]
        held_only = [k for k, v in values.items() if k not in planned]
        lines.append(f"  {dim}: {len(covered)} of {len(planned)} in the test batch"
                     + (f"; only among held products: {', '.join(held_only)}" if held_only else ""))
        for key, v in values.items():
            lines.append(f"    {key:<32} test {v['test']:>5}  bulk {v['bulk']:>5}  reserve "
                         f"{v['reserve']:>5}  held {v[HOLD]:>5}")
    if summary["held"]:
        lines += ["", f"Held back ({p[HOLD]} products predicted reject-likely). They are not in "
                      "the test batch because uploading them would only confirm a known problem, "
                      "and on Joom a rejection for prohibited goods, trademarks, bad quality or "
                      "duplicates cannot be re-moderated. Fix them (see `preflight check`) and "
                      "plan them again:"]
        for h in summary["held"][:50]:
            codes = ", ".join(findings_by_product.get(h["product_sku"], []))
            lines.append(f"  {h['product_sku']}  risk {h['risk']:.2f}  {codes}")
        if len(summary["held"]) > 50:
            lines.append(f"  ... and {len(summary['held']) - 50} more (see plan.json)")
    for note in summary["notes"]:
        lines += ["", f"Note: {note}"]
    lines += ["", "Next: upload the test batch, download the platform's rejection report, then run",
              "  preflight learn --catalog <test file> --rejections <report> -o calibration.json"]
    return "\n".join(lines) + "\n"
