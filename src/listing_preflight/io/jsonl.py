"""JSON Lines (and whole-JSON arrays) of Joom API v3 product objects, flattened."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl

from ..i18n import _t
from ..model import CatalogError
from .columns import ROW
from .encoding import decode_text
from .raw import RawCatalog


def _read_jsonl(path: Path) -> RawCatalog:
    """Joom API v3 product objects, one per line (or a JSON array); variants become rows."""
    text, encoding = decode_text(path.read_bytes(), path)
    stripped = text.lstrip()
    records: list[tuple[int, object]] = []
    bad_rows: list[tuple[int, str]] = []
    whole = _whole_json(stripped) if stripped.startswith("{") else None
    if stripped.startswith("[") or whole is not None:
        try:
            items = whole if whole is not None else json.loads(stripped)
            records = [(i + 1, obj) for i, obj in enumerate(items)]
        except json.JSONDecodeError as exc:
            if exc.msg == "Extra data":
                # More than one document: JSON Lines whose first line happens to be an array.
                records, bad_rows = _lines(text)
            else:
                # A JSON array cut short (a download that stopped) or with one broken item: the
                # items before the damage are products, each broken one a bad record.
                records, bad_rows = _items_one_by_one(stripped)
                if not records:
                    raise CatalogError(f"{path}: invalid JSON: {exc.msg} at line {exc.lineno}") from None
        except (RecursionError, ValueError):
            # One product nested absurdly deep (or with a 5,000-digit number, which Python's int
            # refuses) must not cost the others: read item by item.
            records, bad_rows = _items_one_by_one(stripped)
    else:
        records, bad_rows = _lines(text)
    rows: list[dict[str, str | None]] = []
    for number, obj in records:
        try:
            rows.extend(_flatten(number, obj, bad_rows))
        except RecursionError:
            bad_rows.append((number, _too_deep(number)))
    if not rows:
        if bad_rows:
            raise CatalogError(f"{path}: no readable product objects ({bad_rows[0][1]})")
        raise CatalogError(f"{path}: has no product objects")
    headers = list(dict.fromkeys(k for r in rows for k in r if k != ROW))
    frame = pl.DataFrame(rows, schema={ROW: pl.Int64, **{h: pl.String for h in headers}}, strict=False)
    return RawCatalog(frame=frame, headers=headers, encoding=encoding, bad_rows=bad_rows)


# JSON Lines are separated by LF (CRLF and old-Mac CR too: JSON text cannot hold a raw CR or
# LF). Not str.splitlines(): it also splits on U+2028, U+0085 and \x1c-\x1e, which are legal
# inside a JSON string, so one valid product became two broken records.
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of a JSON Lines text, split only where JSON allows a line break."""
    lines = LINE_BREAK.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def _lines(text: str) -> tuple[list[tuple[int, object]], list[tuple[int, str]]]:
    """JSON Lines: one document per line; a line that is not valid JSON is a bad record."""
    records: list[tuple[int, object]] = []
    bad_rows: list[tuple[int, str]] = []
    for number, line in enumerate(split_lines(text), 1):
        # A line that looks blank (form feed, NEL, U+2028 ...) is no record; a BOM starting a
        # line is what concatenating two UTF-8-with-BOM files leaves, not part of the record.
        line = line.strip().lstrip("\ufeff").strip()
        if not line:
            continue
        try:
            records.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            bad_rows.append((number, _t("line {} is not valid JSON ({}); it was skipped").format(number, exc.msg)))
        except RecursionError:
            bad_rows.append((number, _too_deep(number)))
        except ValueError as exc:  # a number of over 4,300 digits: Python's int refuses it
            bad_rows.append((number, _t("line {} is not valid JSON ({}); it was skipped").format(
                number, str(exc).split(":")[0])))
    return records, bad_rows


# Python's json parser recurses once per level; deeper than this it gives up (RecursionError).
DEPTH = 900


def _too_deep(number: int) -> str:
    return _t("record {n} is nested too deeply to read (over {depth} levels); it was skipped"
              ).format(n=number, depth=DEPTH)


def _flatten(number: int, obj: object, bad_rows: list[tuple[int, str]]) -> list[dict[str, str | None]]:
    """One product object as rows (one per variant); a non-object is a bad record."""
    rows: list[dict[str, str | None]] = []
    if isinstance(obj, dict) and isinstance(obj.get("data"), dict):
        obj = obj["data"]  # API responses wrap the product in {"data": ...}
    if not isinstance(obj, dict):
        bad_rows.append((number, _t("line {} is not a JSON object; it was skipped").format(number)))
        return rows
    product = {k: _scalar(v) for k, v in obj.items() if k != "variants"}
    variants = obj.get("variants") or [{}]
    if not isinstance(variants, list):
        variants = [{}]
    for variant in variants:
        row = {ROW: number, **product}
        if isinstance(variant, dict):
            row.update({f"variants.{k}": _scalar(v) for k, v in variant.items()})
        rows.append(row)
    return rows


def _items_one_by_one(text: str) -> tuple[list[tuple[int, object]], list[tuple[int, str]]]:
    """The items of a top-level JSON array, each parsed alone; too-deep ones are bad records."""
    records: list[tuple[int, object]] = []
    bad: list[tuple[int, str]] = []
    for number, item in enumerate(_array_items(text), 1):
        try:
            records.append((number, json.loads(item)))
        except RecursionError:
            bad.append((number, _too_deep(number)))
        except json.JSONDecodeError as exc:
            bad.append((number, _t("record {n} is not valid JSON ({error}); it was skipped")
                        .format(n=number, error=exc.msg)))
        except ValueError as exc:  # a number of over 4,300 digits
            bad.append((number, _t("record {n} is not valid JSON ({error}); it was skipped")
                        .format(n=number, error=str(exc).split(":")[0])))
    return records, bad


def _array_items(text: str) -> list[str]:
    """The source text of each item of a top-level JSON array (an iterative scan, no recursion)."""
    items: list[str] = []
    depth, start, in_string, escaped = 0, 0, False, False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth == 1:
                start = i + 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                if text[start:i].strip():
                    items.append(text[start:i])
                break
        elif ch == "," and depth == 1:
            items.append(text[start:i])
            start = i + 1
    else:
        if depth > 0 and text[start:].strip():
            items.append(text[start:])  # the array never closed: its last item was cut short
    return items


def _whole_json(text: str) -> list[object] | None:
    """Products of a file that is one JSON document (pretty-printed object or API response).

    {"data": [...]}, {"products": [...]} and {"items": [...]} hold a list of products; any other
    object is one product. None when the text is not one JSON document (JSON Lines).
    """
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError, as is a huge number
        return None  # JSON Lines (or too deep to tell): read line by line
    if isinstance(document, dict):
        for key in ("data", "products", "items"):
            if isinstance(document.get(key), list):
                return document[key]
        return [document]
    return None


def _scalar(value: object) -> str | None:
    """JSON value as a cell string; lists of strings are joined with '|', objects kept as JSON."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return "|".join(str(v) for v in value)
    if isinstance(value, dict) and set(value) >= {"amount"}:
        return str(value["amount"])  # {"amount": "12.5", "currency": "USD"}
    return json.dumps(value, ensure_ascii=False)
