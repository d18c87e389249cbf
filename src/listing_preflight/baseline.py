"""Baselines: findings accepted once, left out of later runs (`preflight baseline`, `--baseline`).

A finding is identified by (product_sku, variant_sku, code, fingerprint), where the fingerprint
is a hash of the field and the message with row numbers taken out: adding or removing rows
above a product, or re-sorting the export, must not revive accepted findings, while a changed
offending value (a new title, another price) gives a new message and so a new finding.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import polars as pl

from . import __version__
from .model import ConfigError

BASELINE_SCHEMA = 1
KEY = ("product_sku", "variant_sku", "code", "fingerprint")

# "row 12", "rows 2, 9 and 14", "rows 3-5": positions, not content.
_ROW_REFS = re.compile(r"\b(rows?|line|lines|行)\s*\d+(?:\s*(?:,|and|-|–|、)\s*\d+)*", re.IGNORECASE)


# "(products P08, P07)": lists whose order follows the input order.
_LISTS = re.compile(r"\(([^()]*,[^()]*)\)")


def _sorted_list(match: re.Match[str]) -> str:
    words = match.group(1).split(" ", 1)
    # Keep a leading label ("products", "rows") in place; sort the listed items.
    label, items = (words[0] + " ", words[1]) if len(words) == 2 and "," not in words[0] else ("", match.group(1))
    return "(" + label + ", ".join(sorted(i.strip() for i in items.split(","))) + ")"


def normalise_message(message: str | None) -> str:
    """The message without row references, with listed items in sorted order, whitespace collapsed."""
    text = _ROW_REFS.sub(lambda m: f"{m.group(1)} #", message or "")
    text = _LISTS.sub(_sorted_list, text)
    return " ".join(text.split())


def fingerprint(code: str, field: str | None, message: str | None) -> str:
    """A stable 16-hex-digit fingerprint of what a finding says (not where it is)."""
    text = "\x1f".join((code, field or "", normalise_message(message)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def with_fingerprints(findings: pl.DataFrame) -> pl.DataFrame:
    """`findings` plus a `fingerprint` column (hashlib over the unique triples: stable across versions)."""
    if findings.is_empty():
        return findings.with_columns(pl.lit(None, pl.String).alias("fingerprint"))
    triples = findings.select("code", "field", "message").unique()
    prints = [fingerprint(c, f, m) for c, f, m in triples.iter_rows()]
    table = triples.with_columns(pl.Series("fingerprint", prints, dtype=pl.String))
    return findings.join(table, on=["code", "field", "message"], how="left",
                         nulls_equal=True, maintain_order="left")


def build_baseline(findings: pl.DataFrame) -> dict[str, Any]:
    """The baseline document for today's findings (deterministic: no timestamps, sorted)."""
    entries: list[dict[str, Any]] = []
    if not findings.is_empty():
        rows = (
            with_fingerprints(findings)
            .select("product_sku", "variant_sku", "code", "fingerprint", "severity", "source",
                    "row", "message")
            .unique(subset=list(KEY), keep="first", maintain_order=True)
            .sort(["product_sku", "variant_sku", "code", "fingerprint"], nulls_last=True)
        )
        entries = rows.to_dicts()
    return {
        "schema": BASELINE_SCHEMA,
        "tool": {"name": "listing-preflight", "version": __version__},
        "note": "Accepted findings; `preflight check --baseline FILE` leaves them out. "
                "Keys: product_sku, variant_sku, code, fingerprint (source, row and message "
                "are for people).",
        "findings": entries,
    }


def load_baseline(path: Path) -> pl.DataFrame:
    """The accepted keys of a baseline file; a missing or malformed file is a ConfigError."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"baseline file {path} not found; create it with "
                          f"`preflight baseline CATALOG -o {path}`") from None
    except IsADirectoryError:
        raise ConfigError(f"baseline {path} is a directory, not a baseline file") from None
    except UnicodeDecodeError:
        raise ConfigError(f"baseline file {path} is not UTF-8 text (is it a baseline file?)") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"baseline file {path} is not valid JSON ({exc.msg} at line {exc.lineno}); "
                          "recreate it with `preflight baseline`") from None
    except OSError as exc:
        raise ConfigError(f"baseline file {path} cannot be read: {exc.strerror}") from None
    if not isinstance(document, dict) or not isinstance(document.get("findings"), list):
        raise ConfigError(f"baseline file {path} has no \"findings\" list; is it a file written "
                          "by `preflight baseline`?")
    schema = document.get("schema")
    if schema != BASELINE_SCHEMA:
        raise ConfigError(f"baseline file {path} has schema {schema!r}; this version reads "
                          f"schema {BASELINE_SCHEMA} (recreate it with `preflight baseline`)")
    rows = []
    for i, entry in enumerate(document["findings"]):
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(k), str) for k in ("product_sku", "code", "fingerprint")
        ) or not isinstance(entry.get("variant_sku"), (str, type(None))):
            raise ConfigError(f"baseline file {path}: entry {i + 1} needs product_sku, code and "
                              "fingerprint strings (and variant_sku, a string or null)")
        rows.append({k: entry.get(k) for k in KEY})
    return pl.DataFrame(rows, schema={k: pl.String for k in KEY})


def apply_baseline(findings: pl.DataFrame, path: Path) -> pl.DataFrame:
    """`findings` without those recorded in the baseline at `path` (an anti-join on KEY)."""
    accepted = load_baseline(path)
    if findings.is_empty() or accepted.is_empty():
        return findings
    return (
        with_fingerprints(findings)
        .join(accepted, on=list(KEY), how="anti", nulls_equal=True, maintain_order="left")
        .drop("fingerprint")
    )
