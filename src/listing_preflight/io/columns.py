"""The canonical catalog schema, header presets, and mapping of source columns onto it."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from ..exprs import non_empty
from ..model import ConfigError

# Canonical columns (DESIGN §4). All are strings after mapping; `extra_images` is a list.
CANONICAL: tuple[str, ...] = (
    "product_sku",
    "variant_sku",
    "title",
    "description",
    "brand",
    "model",
    "category",
    "tags",
    "color",
    "size",
    "price",
    "currency",
    "msrp",
    "shipping_price",
    "shipping_weight",
    "shipping_time",
    "declared_value",
    "inventory",
    "gtin",
    "main_image",
    "extra_images",
    "variant_image",
    "video",
    "dangerous_kind",
    "store",
    "store_is_new",
    "certificates",
)

# Product-level columns (DESIGN §4): taken from a product's first row, checked once per product.
PRODUCT_FIELDS: frozenset[str] = frozenset({
    "title", "description", "brand", "model", "category", "tags", "main_image", "extra_images",
    "video", "dangerous_kind", "store", "store_is_new", "certificates",
})

# Engine columns added to every catalog frame.
ROW = "row"  # spreadsheet-style record number: header is row 1, first data row is row 2
SOURCE = "source"  # the catalog file the row came from

# Without these a catalog cannot be checked at all; everything else is optional and rules
# that need a missing column are skipped (or CAT004 reports the profile's required fields).
ALWAYS_REQUIRED: tuple[str, ...] = ("title",)

_EXTRA_IMAGE_SPLIT = r"\s*(?:\||;|,|\n|\r\n)\s*"


def normalise_header(name: str) -> str:
    """Header key for matching: lower-case letters and digits of any script ('*Product Name' -> 'productname')."""
    return re.sub(r"[\W_]+", "", name.lower())


def check_canonical(name: str, where: str | None = None) -> None:
    """ConfigError (with the closest canonical names) unless `name` is a canonical column."""
    if name not in CANONICAL:
        close = difflib.get_close_matches(name, CANONICAL, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        prefix = f"{where}: " if where else ""
        raise ConfigError(f"{prefix}[columns] key {name!r} is not a canonical column{hint}")


def header_index(headers: list[str]) -> dict[str, str]:
    """normalise_header key -> the first header with that key (how header names are matched)."""
    index: dict[str, str] = {}
    for header in headers:
        index.setdefault(normalise_header(header), header)
    return index


@dataclass(frozen=True)
class Preset:
    """A known export layout: canonical name -> source column names (first present wins)."""

    name: str
    columns: Mapping[str, tuple[str, ...]]
    # Header names whose presence identifies the preset (all must be present).
    signature: tuple[str, ...] = ()
    # Canonical columns whose values come from several source columns (joined into a list).
    multi: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


JOOM_CSV = Preset(
    name="joom-csv",
    signature=("Parent Unique ID", "*Product Name", "*Unique ID"),
    columns={
        "product_sku": ("Parent Unique ID",),
        "variant_sku": ("*Unique ID",),
        "title": ("*Product Name",),
        "description": ("Description",),
        "tags": ("*Tags",),
        "color": ("Color",),
        "size": ("Size",),
        "inventory": ("*Quantity",),
        "price": ("*Price",),
        "currency": ("Currency",),
        "msrp": ("*MSRP",),
        "shipping_price": ("*Shipping",),
        "shipping_weight": ("Shipping weight",),
        "shipping_time": ("Shipping Time",),
        "main_image": ("*Product Main Image URL",),
        "variant_image": ("Variant Main Image URL",),
        "dangerous_kind": ("Dangerous Kind",),
        "declared_value": ("Declared Value",),
        "brand": ("Brand",),
        "model": ("Model",),
        "category": ("Category",),
        "gtin": ("GTIN", "EAN", "UPC"),
        "store": ("Store",),
        "certificates": ("Certificates",),
        "video": ("Video URL",),
    },
    multi={
        "extra_images": ("Extra Image URL", *(f"Extra Image URL {i}" for i in range(1, 21)))
    },
)

# Joom API v3 product objects, flattened by the JSONL reader: product keys as they are,
# variant keys prefixed with "variants.".
JOOM_API = Preset(
    name="joom-api",
    signature=("name", "variants.sku"),
    columns={
        "product_sku": ("sku", "id"),
        "variant_sku": ("variants.sku",),
        "title": ("name",),
        "description": ("description",),
        "brand": ("brand",),
        "model": ("model",),
        "category": ("category", "categoryId"),
        "tags": ("tags",),
        "color": ("variants.color", "variants.colors"),
        "size": ("variants.size",),
        "price": ("variants.price",),
        "currency": ("variants.currency", "currency"),
        "msrp": ("variants.msrPrice", "variants.msrp"),
        "shipping_price": ("variants.shippingPrice",),
        "shipping_weight": ("variants.shippingWeight",),
        "declared_value": ("variants.declaredValue",),
        "inventory": ("variants.inventory",),
        "gtin": ("variants.gtin", "gtin"),
        "main_image": ("mainImage",),
        "extra_images": ("extraImages",),
        "variant_image": ("variants.mainImage",),
        "video": ("videoUrl", "video"),
        "dangerous_kind": ("dangerousKind",),
        "store": ("storeId", "store"),
        "certificates": ("certificates",),
    },
)

# Common synonyms from Shopify, Magento, WooCommerce and Chinese ERP exports (Mabang,
# Tongtool, Dianxiaomi use English or Chinese headers).
GENERIC = Preset(
    name="generic",
    columns={
        "product_sku": ("product_sku", "Parent SKU", "parent_sku", "Parent Unique ID", "Handle",
                        "Product ID", "product_id", "spu", "SPU", "商品SPU", "产品SPU", "SPU编码", "父SKU", "父体SKU", "主SKU"),
        "variant_sku": ("variant_sku", "SKU", "Variant SKU", "sku", "Unique ID", "*Unique ID",
                        "Seller SKU", "子SKU", "变体SKU", "SKU编码"),
        "title": ("title", "Title", "Name", "name", "product_name", "Product Name", "*Product Name",
                  "Product Title", "item_name", "标题", "产品标题", "英文标题", "商品标题"),
        "description": ("description", "Description", "Body (HTML)", "Body HTML", "Product Description",
                        "long_description", "描述", "产品描述", "英文描述", "商品描述"),
        "brand": ("brand", "Brand", "Vendor", "manufacturer", "Manufacturer", "品牌"),
        "model": ("model", "Model", "Model Number", "mpn", "MPN", "型号"),
        "category": ("category", "Category", "Product Type", "Product Category", "categories",
                     "Type", "类目", "分类", "产品类目"),
        "tags": ("tags", "Tags", "*Tags", "keywords", "Keywords", "Search Terms", "标签", "关键词"),
        "color": ("color", "Color", "Colour", "Option1 Value", "颜色"),
        "size": ("size", "Size", "Option2 Value", "尺寸", "尺码"),
        "price": ("price", "Price", "*Price", "Variant Price", "sale_price", "Sale Price",
                  "售价", "价格"),
        "currency": ("currency", "Currency", "币种"),
        "msrp": ("msrp", "MSRP", "*MSRP", "Variant Compare At Price", "Compare At Price",
                 "list_price", "List Price", "原价"),
        "shipping_price": ("shipping_price", "Shipping", "*Shipping", "Shipping Price", "运费"),
        "shipping_weight": ("shipping_weight", "Shipping weight", "Weight", "Variant Grams",
                            "weight", "重量"),
        "shipping_time": ("shipping_time", "Shipping Time"),
        "declared_value": ("declared_value", "Declared Value", "申报价值"),
        "inventory": ("inventory", "Inventory", "Quantity", "*Quantity", "qty", "Stock",
                      "Variant Inventory Qty", "库存"),
        "gtin": ("gtin", "GTIN", "EAN", "UPC", "Barcode", "Variant Barcode", "条码"),
        "main_image": ("main_image", "Main Image", "Image Src", "Image", "image", "image_url",
                       "Main Image URL", "*Product Main Image URL", "base_image", "主图"),
        "extra_images": ("extra_images", "Extra Images", "Additional Images",
                         "additional_images", "Images", "images", "附图", "附加图片"),
        "variant_image": ("variant_image", "Variant Image", "Variant Main Image URL", "变体图"),
        "video": ("video", "Video", "Video URL", "视频"),
        "dangerous_kind": ("dangerous_kind", "Dangerous Kind", "危险品类型"),
        "store": ("store", "Store", "Shop", "店铺"),
        "store_is_new": ("store_is_new", "New Store"),
        "certificates": ("certificates", "Certificates", "Certification", "认证"),
    },
    multi={"extra_images": tuple(f"Extra Image URL {i}" for i in range(1, 21))
           + ("Extra Image URL",)},
)

PRESETS: tuple[Preset, ...] = (JOOM_CSV, JOOM_API, GENERIC)


def known_header_keys() -> frozenset[str]:
    """Normalised header names that some preset recognises (for finding the header row)."""
    names: set[str] = set(CANONICAL)
    for preset in PRESETS:
        for sources in (*preset.columns.values(), *preset.multi.values()):
            names.update(sources)
    return frozenset(normalise_header(n) for n in names) - {""}


def detect_preset(headers: list[str]) -> Preset:
    """The preset whose signature headers are all present, else the generic one."""
    present = {normalise_header(h) for h in headers}
    for preset in PRESETS:
        if preset.signature and all(normalise_header(s) in present for s in preset.signature):
            return preset
    return GENERIC


@dataclass(frozen=True)
class ColumnMapping:
    """The resolved mapping: canonical name -> source column(s)."""

    preset: str
    single: dict[str, str]
    multi: dict[str, list[str]]

    def describe(self) -> str:
        """One line per mapped column, for `--verbose` output and error messages."""
        parts = [f"{c} <- {s!r}" for c, s in self.single.items()]
        parts += [f"{c} <- {', '.join(map(repr, s))}" for c, s in self.multi.items()]
        return "; ".join(parts)


def resolve_mapping(headers: list[str], overrides: Mapping[str, str | list[str]] | None = None
                    ) -> ColumnMapping:
    """Map source headers onto canonical names: config `[columns]` first, then the preset.

    Raises ConfigError when a configured source column does not exist or a required column
    cannot be found; the message lists the columns found and the closest matches.
    """
    overrides = dict(overrides or {})
    preset = detect_preset(headers)
    by_key = header_index(headers)
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}

    for canonical, source in overrides.items():
        check_canonical(canonical)
        names = [source] if isinstance(source, str) else list(source)
        found = []
        for name in names:
            if name in headers:
                found.append(name)
            elif normalise_header(name) in by_key:
                found.append(by_key[normalise_header(name)])
            else:
                raise ConfigError(_missing_message(f"[columns] {canonical} = {name!r}", name, headers))
        if canonical == "extra_images" or len(found) > 1:
            multi[canonical] = found
        else:
            single[canonical] = found[0]

    taken = set(single.values()) | {c for cols in multi.values() for c in cols}
    for canonical in CANONICAL:
        if canonical in single or canonical in multi:
            continue
        sources = [by_key[k] for k in map(normalise_header, preset.multi.get(canonical, ()))
                   if k in by_key and by_key[k] not in taken]
        for candidate in preset.columns.get(canonical, ()):
            key = normalise_header(candidate)
            if key in by_key and by_key[key] not in taken:
                if canonical in preset.multi or canonical == "extra_images":
                    sources.insert(0, by_key[key])
                else:
                    single[canonical] = by_key[key]
                    taken.add(by_key[key])
                break
        if sources:
            multi[canonical] = list(dict.fromkeys(sources))
            taken.update(sources)

    for required in ALWAYS_REQUIRED:
        if required not in single:
            raise ConfigError(_missing_message(f"required column {required!r}", required, headers))
    return ColumnMapping(preset=preset.name, single=single, multi=multi)


def _missing_message(what: str, wanted: str, headers: list[str]) -> str:
    close = difflib.get_close_matches(wanted, headers, n=3, cutoff=0.3)
    found = ", ".join(repr(h) for h in headers[:40]) + (" ..." if len(headers) > 40 else "")
    hint = f"; closest: {', '.join(repr(c) for c in close)}" if close else ""
    return (f"{what} not found in the catalog{hint}. Columns found: {found}. "
            f"Map it in config, e.g. [columns] {wanted} = \"<your column>\"")


def apply_mapping(raw: pl.DataFrame, mapping: ColumnMapping) -> pl.DataFrame:
    """Select and rename source columns into the canonical frame (all strings, blanks as null)."""
    exprs: list[pl.Expr] = []
    for canonical in CANONICAL:
        if canonical in mapping.single:
            exprs.append(_clean(pl.col(mapping.single[canonical]).cast(pl.String)).alias(canonical))
        elif canonical in mapping.multi:
            exprs.append(_image_list(mapping.multi[canonical], raw).alias(canonical))
        elif canonical == "extra_images":
            exprs.append(pl.lit([], dtype=pl.List(pl.String)).alias(canonical))
        else:
            exprs.append(pl.lit(None, dtype=pl.String).alias(canonical))
    frame = raw.select(pl.col(ROW), pl.col(SOURCE), *exprs)
    # A catalog without parent ids is one product per row.
    frame = frame.with_columns(
        pl.coalesce("product_sku", "variant_sku", pl.format("row-{}", pl.col(ROW))).alias("product_sku")
    )
    return fold_image_rows(frame)


# Columns that make a row a variant; a row with none of them only carries an image.
_VARIANT_FIELDS = ("variant_sku", "title", "price", "color", "size", "inventory", "msrp", "gtin")


def fold_image_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """Gather a product's images spread over its rows into its first row's extra_images.

    Shopify-style exports put the product's 2nd, 3rd ... image in the image column of later
    rows, some of which carry nothing else (image-only rows). Those rows are not variants and
    are dropped; their images, and other rows' images that differ from the product's main
    image, become extra images. Joom-style exports repeat one main image on every variant row,
    which this leaves as it is.
    """
    first = pl.col("product_sku").cum_count().over("product_sku") == 1
    image_only = (
        pl.all_horizontal(pl.col(c).is_null() for c in _VARIANT_FIELDS)
        & pl.col("main_image").is_not_null() & ~first
    )
    main_of_product = pl.col("main_image").first().over("product_sku")
    spread = ~first & pl.col("main_image").is_not_null() & (pl.col("main_image") != main_of_product)
    flagged = frame.with_columns(image_only.alias("_image_only"), spread.alias("_spread"))
    if not flagged.get_column("_spread").any():
        return frame
    more = (
        flagged.filter("_spread")
        .group_by("product_sku", maintain_order=True)
        .agg(pl.col("main_image").unique(maintain_order=True).alias("_more"))
    )
    return (
        flagged.filter(~pl.col("_image_only"))
        .join(more, on="product_sku", how="left", maintain_order="left")
        .with_columns(
            pl.when(pl.col("_more").is_not_null() & first)
            .then(pl.concat_list("extra_images", "_more").list.unique(maintain_order=True))
            .otherwise(pl.col("extra_images"))
            .alias("extra_images")
        )
        .drop("_image_only", "_spread", "_more")
    )


def _clean(expr: pl.Expr) -> pl.Expr:
    """Strip white space; a blank cell becomes null."""
    return non_empty(expr.str.strip_chars())


def _image_list(columns: list[str], raw: pl.DataFrame) -> pl.Expr:
    """One list of image references from one or several columns.

    A cell may hold several references separated by | ; , or newlines, or a JSON-style list;
    columns without any separator (one URL per cell, the common case) skip the regex split.
    """
    empty = pl.lit([], dtype=pl.List(pl.String))
    parts = []
    for col in columns:
        text = pl.col(col).cast(pl.String).str.strip_chars()
        has_separators = raw.select(text.str.contains(r"[|;,\n\[]").any()).item()
        if has_separators:
            text = (text.str.strip_chars("[]").str.replace_all(r'["\']', "")
                    .str.replace_all(_EXTRA_IMAGE_SPLIT, "\x1f").str.split("\x1f"))
        else:
            text = pl.concat_list(text)
        parts.append(text.fill_null(empty))
    combined = pl.concat_list(parts) if len(parts) > 1 else parts[0]
    return combined.list.eval(
        pl.element().str.strip_chars().filter(pl.element().str.strip_chars().str.len_chars() > 0)
    ).fill_null(empty)
