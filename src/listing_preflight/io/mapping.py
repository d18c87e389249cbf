"""Resolve a catalog's headers onto the canonical schema: [columns] config, preset, synonyms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..i18n import _t
from ..model import ConfigError
from .headers import fold, header_parts, normalise_header, stem
from .presets import GENERIC, NOT_THE_FIELD, PRESETS, Preset
from .schema import ALWAYS_REQUIRED, CANONICAL, check_canonical

# Numbered image columns that are the product's images from the first one on (`图片1`,
# `Image 1`): when nothing else is the main image, number 1 (the lowest) is.
_FIRST_IS_MAIN = {stem(n) for n in ("图片", "Image", "Picture", "Photo", "产品图片", "商品图片")}
# Fields a loose match (header contains a synonym) may fill: the core ones, which a run
# cannot do without, and never a field a column name merely mentions in passing.
_LOOSE_FIELDS = ("product_sku", "variant_sku", "title", "price", "main_image")
# Synonyms that name the field only as a whole header, never inside a longer one.
_TOO_COMMON = frozenset({"image", "parent", "名称", "图片"})


@dataclass(frozen=True)
class ColumnMapping:
    """The resolved mapping: canonical name -> source column(s), and what was left over."""

    preset: str
    single: dict[str, str]
    multi: dict[str, list[str]]
    # Currency named in a price-like column's header ('售价(USD)'): field -> ISO code.
    currencies: dict[str, str] = field(default_factory=dict)
    # Fields matched only because the header contains a synonym ('产品英文标题' -> title).
    guessed: dict[str, str] = field(default_factory=dict)
    # A column holding the main image then the extra images (WooCommerce `Images`).
    image_list: str | None = None
    unmapped: list[str] = field(default_factory=list)
    source: str = ""  # where the preset's names come from

    @property
    def present(self) -> set[str]:
        """Canonical fields that have a source column."""
        fields = set(self.single) | set(self.multi)
        if self.image_list:
            fields |= {"main_image", "extra_images"}
        if "price" in self.currencies:
            fields.add("currency")
        return fields

    def missing(self) -> list[str]:
        """Canonical fields without a source column, in schema order."""
        return [c for c in CANONICAL if c not in self.present]

    def to_dict(self) -> dict[str, object]:
        """The mapping as JSON-ready data (`preflight columns --format json`, JSON report `columns`)."""
        fields: dict[str, object] = dict(self.single)
        fields.update(self.multi)
        if self.image_list:
            fields["main_image"] = self.image_list
            fields["extra_images"] = [self.image_list, *self.multi.get("extra_images", [])]
        if "price" in self.currencies and "currency" not in self.single:
            fields["currency"] = None  # from the price header, see `currencies`
        ordered = {c: fields[c] for c in CANONICAL if c in fields}
        return {
            "preset": self.preset,
            "preset_source": self.source,
            "fields": ordered,
            "currencies": dict(self.currencies),
            "guessed": dict(self.guessed),
            "unmapped": list(self.unmapped),
            "missing": self.missing(),
        }

    def describe(self) -> str:
        """One line per mapped column, for `--verbose` output and error messages."""
        parts = [f"{c} <- {s!r}" for c, s in self.single.items()]
        parts += [f"{c} <- {', '.join(map(repr, s))}" for c, s in self.multi.items()]
        if self.image_list:
            parts.append(f"main_image, extra_images <- {self.image_list!r}")
        return "; ".join(parts)


def detect_preset(headers: list[str]) -> Preset:
    """The first preset whose signature headers are all present, else the generic one."""
    present = {stem(h) for h in headers} | {normalise_header(h) for h in headers}
    for preset in PRESETS:
        # A signature entry may list alternatives: 'item_sku|Seller SKU'.
        if preset.signature and all(any(stem(a) in present for a in s.split("|"))
                                    for s in preset.signature):
            return preset
    return GENERIC


def known_header_keys() -> frozenset[str]:
    """Stems some preset recognises (for finding the header row among the first rows)."""
    names: set[str] = set(CANONICAL)
    for preset in PRESETS:
        for sources in (*preset.columns.values(), *preset.multi.values()):
            names.update(sources)
        names.update(preset.image_list)
    return frozenset(stem(n) for n in names) - {""}


def row_key(cell: str) -> str:
    """How a cell of a candidate header row is compared with known_header_keys()."""
    return stem(cell)


def resolve_mapping(headers: list[str], overrides: Mapping[str, str | list[str]] | None = None,
                    *, require_title: bool = True) -> ColumnMapping:
    """Map source headers onto canonical names: config `[columns]` first, then preset, then synonyms.

    Raises ConfigError when a configured source column does not exist or the title column
    cannot be found; the message lists the columns found and the closest matches.
    """
    preset = detect_preset(headers)
    single, multi = _overrides(headers, overrides or {})
    taken = set(single.values()) | {c for cols in multi.values() for c in cols}
    # The preset's list-of-images column and the columns it says to leave alone are not
    # up for the synonym match.
    held = {stem(n) for n in (*preset.image_list, *preset.ignore)}
    # Each header's stem once: a wide export (thousands of columns) must not recompute them
    # per canonical field and synonym (10,000 columns took minutes).
    stems = {h: stem(h) for h in headers}
    free = [h for h in headers if h not in taken and stems[h] not in held]

    def claim(canonical: str, header: str) -> None:
        single[canonical] = header
        free.remove(header)

    # 1. Exact names (after normalisation): the preset's first, then the generic synonyms.
    for source in (preset, GENERIC):
        for canonical, names in source.columns.items():
            if canonical in single or canonical in multi:
                continue
            wanted = [stem(n) for n in names]
            hits = [h for key in wanted for h in free if stems[h] == key]
            if not hits:
                continue
            if canonical == "extra_images":
                multi[canonical] = [hits[0]]
                free.remove(hits[0])
            else:
                claim(canonical, hits[0])

    # 2. Numbered image columns ('附图1'.., 'Extra Image URL 3', 'Image 1'..), in number order.
    image_list = None
    if "main_image" not in single and "extra_images" not in multi:
        image_list = next((h for n in preset.image_list for h in headers
                           if stem(h) == stem(n) and h not in taken), None)
    bases = {stem(n) for src in (preset, GENERIC) for n in src.multi.get("extra_images", ())}
    numbered = sorted(
        (h for h in free if header_parts(h).base in bases
         and (header_parts(h).number is not None or header_parts(h).stem in bases)),
        key=lambda h: header_parts(h).number or 0,
    )
    if numbered and "main_image" not in single and image_list is None \
            and header_parts(numbered[0]).base in _FIRST_IS_MAIN:
        claim("main_image", numbered.pop(0))
    if numbered and "extra_images" not in multi:
        multi["extra_images"] = numbered
        for h in numbered:
            free.remove(h)
    elif numbered:
        multi["extra_images"] += numbered
        for h in numbered:
            free.remove(h)

    # 3. Loose match for the core fields still missing: the header contains a synonym.
    guessed: dict[str, str] = {}
    for canonical in _LOOSE_FIELDS:
        if canonical in single or (canonical == "main_image" and image_list):
            continue
        hit = _loose_match(canonical, free)
        if hit:
            claim(canonical, hit)
            guessed[canonical] = hit

    for required in ALWAYS_REQUIRED if require_title else ():
        if required not in single:
            raise ConfigError(_missing_message(f"required column {required!r}", required, headers))
    currencies = {c: header_parts(h).currency for c, h in single.items()
                  if c in ("price", "msrp", "shipping_price", "declared_value")
                  and header_parts(h).currency}
    return ColumnMapping(preset=preset.name, single=single, multi=multi,
                         currencies=currencies,  # type: ignore[arg-type]
                         guessed=guessed, image_list=image_list,
                         unmapped=[h for h in headers if h in free or (
                             stem(h) in held and h != image_list)], source=preset.source)


def _overrides(headers: list[str], overrides: Mapping[str, str | list[str]]
               ) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The `[columns]` entries, each source column looked up by exact name, then by key."""
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    by_key: dict[str, str] = {}
    for h in headers:
        by_key.setdefault(normalise_header(h), h)
        by_key.setdefault(stem(h), h)
    for canonical, source in overrides.items():
        check_canonical(canonical)
        names = [source] if isinstance(source, str) else list(source)
        found = []
        for name in names:
            hit = name if name in headers else by_key.get(normalise_header(name)) or by_key.get(stem(name))
            if hit is None:
                raise ConfigError(_missing_message(f"[columns] {canonical} = {name!r}", name, headers))
            found.append(hit)
        if canonical == "extra_images" or len(found) > 1:
            multi[canonical] = found
        else:
            single[canonical] = found[0]
    return single, multi


def synonyms(canonical: str) -> list[str]:
    """Every name some preset gives `canonical`, normalised (for matching and suggestions)."""
    keys: list[str] = []
    for preset in PRESETS:
        keys += [stem(n) for n in preset.columns.get(canonical, ())]
    return [k for k in dict.fromkeys(keys) if k]


def _loose_match(canonical: str, free: list[str]) -> str | None:
    """The free header that contains a synonym of `canonical` and no word against it."""
    against = NOT_THE_FIELD.get(canonical, ())
    best: tuple[int, str] | None = None
    for header in free:
        key, folded = stem(header), fold(header)
        if any(word in folded for word in against):
            continue
        for syn in synonyms(canonical):
            # Short Latin synonyms ('sku', 'name', 'image') are too common inside other
            # words ('Brand Name', 'Image Alt Text') to be taken from inside a header.
            if syn in key and (len(syn) >= 5 or not syn.isascii()) and syn not in _TOO_COMMON:
                extra = len(key) - len(syn)
                if best is None or extra < best[0]:
                    best = (extra, header)
                break
    return best[1] if best else None


def closest_columns(canonical: str, headers: list[str], n: int = 3) -> list[str]:
    """The headers most like a name of `canonical` (for 'did you mean' hints)."""
    import difflib

    names = synonyms(canonical if canonical != "product_id" else "product_sku")
    if canonical == "product_id":
        names += synonyms("variant_sku")
    scored = []
    for header in headers:
        key = stem(header)
        if not key:
            continue
        ratio = max((difflib.SequenceMatcher(None, key, s).ratio() for s in names), default=0.0)
        if any(s in key or key in s for s in names if len(s) >= 2):
            ratio = max(ratio, 0.6)
        scored.append((ratio, header))
    scored.sort(key=lambda x: -x[0])
    return [h for ratio, h in scored[:n] if ratio >= 0.45]


def _missing_message(what: str, wanted: str, headers: list[str]) -> str:
    close = closest_columns(wanted, headers) if wanted in CANONICAL else []
    found = ", ".join(repr(h) for h in headers[:40]) + (" ..." if len(headers) > 40 else "")
    hint = f"; closest: {', '.join(repr(c) for c in close)}" if close else ""
    example = close[0] if close else "<your column>"
    return _t("{what} not found in the catalog{hint}. Columns found: {found}. "
              "Map it in config, e.g. [columns] {wanted} = \"{example}\"").format(
        what=what, hint=hint, found=found, wanted=wanted, example=example)
