"""What a preset is: a known export layout, its source, and how it is recognised."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Preset:
    """A known export layout: canonical name -> source header names, in any spelling.

    Names are matched after `io.headers` normalisation, so `售价` also matches `售价(USD)`
    and `*售价`, and `附图` matches `附图1` .. `附图20` when listed under `multi`.
    """

    name: str
    # Where the header names come from (published template or documentation).
    source: str
    columns: Mapping[str, tuple[str, ...]]
    # Headers whose presence identifies the layout (all of them must be present; an entry
    # may list alternatives separated by '|', e.g. a template's label and attribute rows).
    signature: tuple[str, ...] = ()
    # Canonical columns gathered from several columns: every header whose name, without its
    # number, is one of these ('附图' -> '附图1', '附图2', ...), in number order.
    multi: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Columns that hold the main image followed by the extra images in one cell (WooCommerce
    # `Images`): the first reference is the main image, the rest extra images.
    image_list: tuple[str, ...] = ()
    # Headers of this layout that a generic synonym would misread (WooCommerce `Type` is the
    # product type, simple/variable, not a category).
    ignore: tuple[str, ...] = ()
