"""Header normalisation: how a column header written by an ERP or template is matched.

Exports write the same column many ways: `*Product Name`, `product_name`, `售价(USD)`,
`价格（美元）`, `主图链接`, `Main Image URL`, `附图1` .. `附图20`, `Extra Image URL 3`. A header is
reduced to a matching *stem* (width-folded, lower-case, without required-field markers,
brackets, link suffixes and punctuation), a *number* (the position of a repeated column) and the
*currency* its brackets or suffix name. Presets list their names in any spelling; both sides go
through the same normalisation, so a preset never needs every spelling.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Currency words seen in headers (after NFKC and lower-casing), by ISO-4217 code. `¥` and `元`
# are yuan here: Chinese ERP exports use them for CNY, never for yen.
_CURRENCY_WORDS: dict[str, str] = {
    "usd": "USD", "us$": "USD", "$": "USD", "美元": "USD", "美金": "USD", "dollar": "USD",
    "eur": "EUR", "€": "EUR", "欧元": "EUR", "euro": "EUR",
    "cny": "CNY", "rmb": "CNY", "¥": "CNY", "元": "CNY", "人民币": "CNY", "人民币元": "CNY",
    "gbp": "GBP", "£": "GBP", "英镑": "GBP",
    "rub": "RUB", "₽": "RUB", "卢布": "RUB", "руб": "RUB",
    "jpy": "JPY", "日元": "JPY", "円": "JPY",
    "hkd": "HKD", "港币": "HKD", "cad": "CAD", "aud": "AUD", "brl": "BRL", "mxn": "MXN",
    "inr": "INR", "krw": "KRW", "try": "TRY", "pln": "PLN", "chf": "CHF", "sek": "SEK",
}

# Brackets of any width (NFKC folds the full-width round ones; the CJK lenticular ones stay).
_BRACKETS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]|【([^【】]*)】|〔([^〔〕]*)〕|<([^<>]*)>|\{([^{}]*)\}")
# A currency code written after the name ("Price USD", "price_usd", "售价-USD").
_TRAILING_CODE = re.compile(r"^(.*\S)[\s_\-/:]+(" + "|".join(
    k for k in _CURRENCY_WORDS if k.isascii() and k.isalpha() and len(k) == 3) + r")$")
# Words that mark a link column; `主图链接` and `主图` name the same thing.
_LINK_SUFFIXES = ("链接地址", "图片链接", "链接", "地址", "网址", "路径", "url", "link", "src", "path", "uri")
# Required-field markers: `*`, `(必填)` in brackets is dropped with the brackets, `必填` bare.
_MARKERS = re.compile(r"[*＊★※]|必填|选填|required|optional")
_NON_WORD = re.compile(r"[\W_]+")
_TRAILING_NUMBER = re.compile(r"^(.*?\D)(\d{1,3})$")


@dataclass(frozen=True)
class HeaderParts:
    """A header reduced for matching."""

    stem: str  # matching key of the whole name, number included ('附图1' -> '附图1')
    base: str  # the stem without the number of a repeated column ('附图1' -> '附图')
    number: int | None  # that number, if any
    currency: str | None  # ISO code named in the header ('售价(USD)' -> 'USD')


def fold(name: str) -> str:
    """Width-fold and lower-case: full-width letters, digits and brackets become ASCII."""
    return unicodedata.normalize("NFKC", name).lower().strip()


def currency_word(word: str) -> str | None:
    """The ISO code a header word names ('美元' -> 'USD', 'eur' -> 'EUR'), else None."""
    return _CURRENCY_WORDS.get(fold(word).strip(" .:"))


# Larger than the widest catalog read (io.raw.MAX_COLUMNS), so a wide header never thrashes it.
@lru_cache(maxsize=1 << 16)
def header_parts(name: str) -> HeaderParts:
    """Split a header into its matching stem, repeat number and currency."""
    text = fold(name)
    currency: str | None = None
    number: int | None = None

    def bracket(match: re.Match[str]) -> str:
        nonlocal currency, number
        inner = next(g for g in match.groups() if g is not None).strip()
        if currency_word(inner):
            currency = currency or currency_word(inner)
        elif inner.isdigit() and len(inner) <= 3:
            number = int(inner)  # a repeated header made unique by the reader: 'Image (2)'
        return " "

    stripped = _BRACKETS.sub(bracket, text)
    if _NON_WORD.sub("", _MARKERS.sub("", stripped)):
        text = stripped  # else the whole name was in brackets: keep its content
    trailing = _TRAILING_CODE.match(text)
    if trailing and currency is None:
        text, currency = trailing.group(1), _CURRENCY_WORDS[trailing.group(2)]
    stem = _NON_WORD.sub("", _MARKERS.sub("", text))
    base = stem
    numbered = _TRAILING_NUMBER.match(stem)
    if numbered:
        base, number = numbered.group(1), int(numbered.group(2))
    base = _strip_link_suffix(base)
    stem = base + (str(number) if number is not None else "")
    return HeaderParts(stem=stem, base=base, number=number, currency=currency)


def _strip_link_suffix(key: str) -> str:
    """'主图链接' -> '主图', 'mainimageurl' -> 'mainimage' (never down to nothing)."""
    for suffix in _LINK_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
            break
    # 'imageurl1' numbered before the suffix: 'extraimageurl' -> 'extraimage' handled above;
    # a second link word ('图片链接地址') is rare enough to take once more.
    for suffix in _LINK_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) and suffix in ("url", "链接", "地址"):
            key = key[: -len(suffix)]
            break
    return key


def stem(name: str) -> str:
    """The matching key of a header ('*Product Main Image URL' -> 'productmainimage')."""
    return header_parts(name).stem


def normalise_header(name: str) -> str:
    """Header key for plain lookups: width-folded letters and digits of any script ('*Product Name' -> 'productname')."""
    return _NON_WORD.sub("", fold(name))


def header_index(headers: list[str]) -> dict[str, str]:
    """normalise_header key -> the first header with that key (how side-file headers are matched)."""
    index: dict[str, str] = {}
    for header in headers:
        index.setdefault(normalise_header(header), header)
    return index
