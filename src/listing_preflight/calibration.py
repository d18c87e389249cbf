"""Learn from the platform's verdicts: compare our predictions with a rejection report.

`preflight learn` reads Joom's rejection report for an uploaded batch, maps its reason texts to
our rule codes, prints per-rule precision and recall, and writes a calibration file of per-rule
rejection rates; `check` uses it for `risk` when config says `calibration = "FILE"`.

Definitions (per rule R, over the uploaded products that have a platform verdict):
  fired      products on which R has a finding
  rejected   of those, how many the platform rejected
  attributed of those, how many were rejected for a reason that maps to R, or for reasons we
             cannot map at all (then R may well have been the cause)
  precision  attributed / fired            (how often R's prediction was borne out)
  recall     fired among products rejected for a reason mapping to R / all such products
  rate       (attributed + 1) / (fired + 2) (Laplace-smoothed: 0 of 0 gives 0.5, not 0 or 1)
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from . import __version__
from .io.columns import header_index, normalise_header
from .model import CODE_RE, ConfigError

CALIBRATION_SCHEMA = 1

# Joom's moderation reasons (as merchants see them in the rejection report or in ERP
# translations) -> the rule codes or families that predict them. The reason names follow
# Joom's moderation help and moderator checklist (shared/reference/marketplace-policy.md
# §1.1, sources [J2] [J4] [J18] [J21]); the patterns and their mapping are our own.
# Russian patterns too: Joom's moderation texts are often Russian. Codes of three letters
# name a whole family. Order does not matter: every match counts, except that a specific
# code makes its family redundant (map_reason). Measured by benchmarks/eval_reason_mapping.py.
REASON_TABLE: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"misleading|误导|虚假|заблуждени|недостоверн", ("TRM005", "TTL007", "PRC003")),
    (r"prohibit|forbidden|banned|not allowed|禁售|违禁|禁止|запрещ", ("CMP001", "TRM001")),
    (r"offensive|侮辱|冒犯|оскорб", ("TRM001",)),
    (r"trademark|brand|counterfeit|replica|infring|intellectual property|\bip\b|侵权|品牌|仿品|商标"
     r"|товарн\w* знак|бренд|контрафакт|подделк|интеллектуальн", ("TRM002", "SIM001")),
    (r"duplicat|重复|相同商品|дубл", ("SIM003", "SIM002", "CAT001")),
    (r"watermark|水印|водян\w* знак", ("IMG007",)),
    (r"background|白底|背景|\bфон", ("IMG006",)),
    (r"blur|模糊|размыт|нечётк|нечетк", ("IMG008",)),
    (r"image|photo|picture|图片|主图|照片|фото|изображени|картинк", ("IMG",)),
    (r"title|product name|\bname\b|标题|名称|названи|заголов", ("TTL",)),
    (r"description|描述|описани", ("DSC",)),
    (r"contact|link|url|e-?mail|phone number|联系|链接|контакт|ссылк", ("DSC005",)),
    (r"marketplace|amazon|aliexpress|ebay|wish|其他平台|маркетплейс", ("TRM003",)),
    (r"price|shipping cost|价格|运费|\bцен|стоимост\w* доставк", ("PRC",)),
    (r"certificat|认证|证书|сертификат", ("CMP002",)),
    (r"dangerous|battery|hazard|危险|电池|опасн|батаре|аккумулятор", ("CMP003",)),
)
_REASONS = [(re.compile(p, re.IGNORECASE), codes) for p, codes in REASON_TABLE]

# Header names of the rejection report's columns (after normalise_header), first match wins.
SKU_HEADERS = ("sku", "productsku", "parentsku", "parentuniqueid", "uniqueid", "variantsku",
               "productid", "id", "商品sku", "父sku", "子sku")
REASON_HEADERS = ("rejectionreason", "rejectreason", "moderationreason", "reason", "reasons",
                  "comment", "comments", "拒绝原因", "驳回原因", "原因", "审核意见")
STATUS_HEADERS = ("moderationstatus", "status", "state", "result", "verdict", "审核状态", "状态",
                  "审核结果")

_REJECTED = re.compile(r"reject|declin|block|fail|denied|refus|驳回|拒绝|未通过|不通过|失败",
                       re.IGNORECASE)
_APPROVED = re.compile(r"approv|accept|pass|active|publish|live|ok\b|通过|成功|上架", re.IGNORECASE)


def map_reason(text: str | None) -> list[str]:
    """Rule codes / families a platform reason text points at (empty when we cannot tell)."""
    if not text:
        return []
    found = {code for pattern, codes in _REASONS if pattern.search(text) for code in codes}
    # A specific code ("watermark" -> IMG007) makes its family ("image" -> IMG) redundant.
    return sorted(c for c in found if not (len(c) == 3 and any(len(o) > 3 and o.startswith(c) for o in found)))


def status_is_rejected(text: str | None) -> bool | None:
    """True/False for a rejected/approved status text, None when it says neither."""
    if not text:
        return None
    if _REJECTED.search(text):  # first: "未通过" (not passed) contains "通过" (passed)
        return True
    if _APPROVED.search(text):
        return False
    return None


def _find_column(headers: list[str], wanted: tuple[str, ...], given: str | None, what: str,
                 path: Path, required: bool) -> str | None:
    """The header named by `given` (an option), else the first of `wanted` present; ConfigError when unusable."""
    if given:
        for h in headers:
            if h == given or normalise_header(h) == normalise_header(given):
                return h
        raise ConfigError(f"{path}: no column {given!r} for the {what}; columns: "
                          f"{', '.join(map(repr, headers))}")
    keys = header_index(headers)
    for key in wanted:
        if key in keys:
            return keys[key]
    if required:
        raise ConfigError(f"{path}: cannot tell which column holds the {what}; columns: "
                          f"{', '.join(map(repr, headers))}; name it with --{what.split()[0]}-column")
    return None


@dataclass
class Verdicts:
    """The platform's verdicts, one row per matched product, and what could not be matched."""

    frame: pl.DataFrame  # product_sku, rejected (bool), reasons (list[str]), mapped (list[str])
    unmatched_skus: list[str]
    unmapped_reasons: dict[str, int]
    has_status: bool


def read_rejections(path: Path, *, sku_column: str | None = None, reason_column: str | None = None,
                    status_column: str | None = None, sheet: str | None = None) -> pl.DataFrame:
    """The rejection report as (sku, reason, rejected) rows; rejected is null without a status."""
    from .io.readers import read_raw

    raw = read_raw(path, sheet=sheet)
    headers = raw.headers
    sku = _find_column(headers, SKU_HEADERS, sku_column, "sku column", path, True)
    status = _find_column(headers, STATUS_HEADERS, status_column, "status column", path, False)
    reason = _find_column(headers, REASON_HEADERS, reason_column, "reason column", path,
                          status is None)
    if reason is None and status is None:
        raise ConfigError(f"{path}: needs a reason or a status column")
    frame = raw.frame.select(
        pl.col(sku).str.strip_chars().alias("sku"),
        (pl.col(reason).str.strip_chars() if reason else pl.lit(None, pl.String)).alias("reason"),
        (pl.col(status).str.strip_chars() if status else pl.lit(None, pl.String)).alias("status"),
    ).filter(pl.col("sku").is_not_null() & (pl.col("sku") != ""))
    statuses = frame["status"].unique().to_list()
    verdict_of = {s: status_is_rejected(s) for s in statuses}
    return frame.with_columns(
        pl.col("status").replace_strict(verdict_of, default=None, return_dtype=pl.Boolean).alias("rejected")
    ).with_columns(pl.lit(status is not None).alias("_has_status"))


def match_verdicts(rejections: pl.DataFrame, variants: pl.DataFrame) -> Verdicts:
    """Attach report rows to catalog products by product SKU, else by variant SKU."""
    by_product = variants.select("product_sku").unique().with_columns(pl.col("product_sku").alias("sku"))
    by_variant = (variants.filter(pl.col("variant_sku").is_not_null())
                  .select(pl.col("variant_sku").alias("sku"), "product_sku").unique(subset="sku"))
    keys = pl.concat([by_product.select("sku", "product_sku"),
                      by_variant.join(by_product.select("sku"), on="sku", how="anti")])
    joined = rejections.join(keys, on="sku", how="left")
    unmatched = sorted(joined.filter(pl.col("product_sku").is_null())["sku"].unique().to_list())
    has_status = bool(rejections["_has_status"].any()) if rejections.height else False
    matched = joined.filter(pl.col("product_sku").is_not_null())
    reasons = matched["reason"].unique().to_list()
    mapped_of = {r: map_reason(r) for r in reasons}
    unmapped: dict[str, int] = {}
    if matched.height:
        for r, n in matched.group_by("reason").len().iter_rows():
            if r and not mapped_of.get(r):
                unmapped[r] = n
    frame = (
        matched.with_columns(
            pl.col("reason").replace_strict({r: mapped_of[r] for r in reasons if r is not None},
                                            default=[],
                                            return_dtype=pl.List(pl.String)).alias("mapped"),
            # Without a status column every listed SKU is a rejection.
            (pl.col("rejected") if has_status else pl.lit(True)).alias("rejected"),
        )
        .group_by("product_sku", maintain_order=True)
        .agg(
            pl.col("rejected").any().alias("rejected"),
            pl.col("rejected").is_not_null().any().alias("_known"),
            pl.col("reason").drop_nulls().unique(maintain_order=True).alias("reasons"),
            pl.col("mapped").list.explode(keep_nulls=False, empty_as_null=False).drop_nulls().unique(maintain_order=True).alias("mapped"),
        )
        .filter(pl.col("_known"))
        .drop("_known")
    )
    return Verdicts(frame=frame, unmatched_skus=unmatched, unmapped_reasons=unmapped,
                    has_status=has_status)


def _matches(code: str, mapped: list[str]) -> bool:
    return any(code == m or (len(m) == 3 and code.startswith(m)) for m in mapped)


@dataclass
class Evaluation:
    """Per-rule and overall agreement of our predictions with the platform."""

    rules: dict[str, dict[str, Any]]
    overall: dict[str, Any]
    reasons: dict[str, dict[str, Any]]  # per platform reason (rule code or family): recall


def evaluate(products: pl.DataFrame, findings: pl.DataFrame, verdicts: Verdicts,
             absent_accepted: bool) -> Evaluation:
    """Compare predicted findings/verdicts with the platform's verdicts per product."""
    platform = products.select("product_sku", "verdict").join(verdicts.frame, on="product_sku", how="left")
    if absent_accepted:
        platform = platform.with_columns(pl.col("rejected").fill_null(False),
                                         pl.col("reasons").fill_null(pl.lit([], pl.List(pl.String))),
                                         pl.col("mapped").fill_null(pl.lit([], pl.List(pl.String))))
    platform = platform.filter(pl.col("rejected").is_not_null())
    fired = (findings.select("product_sku", "code").unique() if not findings.is_empty()
             else pl.DataFrame(schema={"product_sku": pl.String, "code": pl.String}))
    fired_by: dict[str, set[str]] = {}
    for sku, code in fired.iter_rows():
        fired_by.setdefault(sku, set()).add(code)

    stats: dict[str, dict[str, int]] = {}
    by_reason: dict[str, dict[str, int]] = {}  # platform reason (code/family) -> rejected, caught
    tp = fp = fn = tn = 0
    rows = platform.select("product_sku", "verdict", "rejected", "mapped").rows()
    for sku, verdict, rejected, mapped in rows:
        codes = fired_by.get(sku, set())
        predicted = verdict == "reject-likely"
        tp += predicted and rejected
        fp += predicted and not rejected
        fn += (not predicted) and rejected
        tn += (not predicted) and not rejected
        for code in codes:
            s = stats.setdefault(code, {"fired": 0, "rejected": 0, "attributed": 0,
                                        "reason_total": 0, "reason_hit": 0})
            s["fired"] += 1
            if rejected:
                s["rejected"] += 1
                if not mapped or _matches(code, mapped):
                    s["attributed"] += 1
        if rejected:
            for key in mapped:
                r = by_reason.setdefault(key, {"rejected": 0, "caught": 0})
                r["rejected"] += 1
                r["caught"] += any(_matches(c, [key]) for c in codes)
    # Recall of a rule: among products rejected for a reason pointing at it, how many it flagged.
    rejected_rows = [(sku, mapped) for sku, _, rejected, mapped in rows if rejected and mapped]
    for code, s in stats.items():
        for sku, mapped in rejected_rows:
            if _matches(code, mapped):
                s["reason_total"] += 1
                s["reason_hit"] += code in fired_by.get(sku, set())
    rules = {}
    for code in sorted(stats):
        s = stats[code]
        rules[code] = {
            **s,
            "precision": _ratio(s["attributed"], s["fired"]),
            "recall": _ratio(s["reason_hit"], s["reason_total"]),
            "rate": round((s["attributed"] + 1) / (s["fired"] + 2), 4),
        }
    reasons = {key: {**r, "recall": _ratio(r["caught"], r["rejected"])}
               for key, r in sorted(by_reason.items())}
    overall = {
        "products": platform.height, "rejected": tp + fn, "predicted_reject": tp + fp,
        "true_positive": tp, "false_positive": fp, "false_negative": fn, "true_negative": tn,
        "precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn),
    }
    return Evaluation(rules=rules, overall=overall, reasons=reasons)


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def build_calibration(evaluation: Evaluation, *, catalog: str, rejections: str) -> dict[str, Any]:
    """The calibration document (per-rule Laplace-smoothed rejection rates with counts)."""
    return {
        "schema": CALIBRATION_SCHEMA,
        "tool": {"name": "listing-preflight", "version": __version__},
        "kind": "calibration",
        "smoothing": "laplace: rate = (attributed + 1) / (fired + 2)",
        "catalog": catalog,
        "rejections": rejections,
        "overall": evaluation.overall,
        "reasons": evaluation.reasons,
        "rules": {code: {"rate": r["rate"], "fired": r["fired"], "rejected": r["rejected"],
                         "attributed": r["attributed"]} for code, r in evaluation.rules.items()},
    }


def load_rates(path: Path) -> dict[str, float]:
    """Per-rule rejection rates from a calibration file; a bad file is a ConfigError."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"calibration file {path} not found; write it with "
                          "`preflight learn --catalog C --rejections R -o FILE`") from None
    except (IsADirectoryError, UnicodeDecodeError):
        raise ConfigError(f"calibration file {path} is not a JSON calibration file") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"calibration file {path} is not valid JSON ({exc.msg} at line "
                          f"{exc.lineno})") from None
    except OSError as exc:
        raise ConfigError(f"calibration file {path} cannot be read: {exc.strerror}") from None
    if not isinstance(document, dict) or not isinstance(document.get("rules"), dict):
        raise ConfigError(f"calibration file {path} has no \"rules\" table; is it a file "
                          "written by `preflight learn`?")
    if document.get("schema") != CALIBRATION_SCHEMA:
        raise ConfigError(f"calibration file {path} has schema {document.get('schema')!r}; "
                          f"this version reads schema {CALIBRATION_SCHEMA}")
    rates: dict[str, float] = {}
    for code, entry in document["rules"].items():
        rate = entry.get("rate") if isinstance(entry, dict) else None
        if not CODE_RE.match(str(code)) or isinstance(rate, bool) or not isinstance(rate, (int, float)) \
                or math.isnan(rate) or not 0.0 <= rate <= 1.0:
            raise ConfigError(f"calibration file {path}: rules.{code} needs a rule code and a "
                              "rate between 0 and 1")
        rates[str(code)] = float(rate)
    return rates
