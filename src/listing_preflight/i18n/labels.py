"""Words every reporter shows: verdicts, severities and catalog field names (marked for Babel).

The msgids are the values the findings frame carries ('reject-likely', 'main_image'), so a
reporter translates a cell with `translator(lang).gettext(value)`; English reports show them
through `english()` (field names stay the column names a seller's export uses).
"""

from __future__ import annotations

from . import _t

VERDICT_LABELS = {
    "reject-likely": _t("reject likely"),
    "review-likely": _t("review likely"),
    "pass": _t("pass"),
}
SEVERITY_LABELS = {"error": _t("error"), "warning": _t("warning"), "info": _t("info")}

# Canonical catalog columns (io/columns.py CANONICAL); the zh catalog names them as a
# seller's ERP does (标题, 主图 ...).
FIELD_NAMES = (
    _t("product_sku"), _t("variant_sku"), _t("title"), _t("description"), _t("brand"), _t("model"),
    _t("category"), _t("tags"), _t("color"), _t("size"), _t("price"), _t("currency"), _t("msrp"),
    _t("shipping_price"), _t("shipping_weight"), _t("shipping_time"), _t("declared_value"),
    _t("inventory"), _t("gtin"), _t("main_image"), _t("extra_images"), _t("variant_image"),
    _t("video"), _t("dangerous_kind"), _t("store"), _t("store_is_new"), _t("certificates"),
)
