"""Which image rules lose their text evidence when the PP-OCR text detector cannot run here."""

from __future__ import annotations

from collections.abc import Iterable

from ...i18n import _t
from ...images.text_detect import unavailable_reason

# IMG014 reads text in images and has no other evidence: it cannot run at all. IMG007 still
# has the watermark network and the catalog evidence, but not the search for small type,
# captions and labels on the background: it runs only partly. Both are said in every report
# format (the skipped-rule list), so a missing ONNX Runtime is never a silent pass.
_NOT_RUN = "IMG014"
_PARTLY = "IMG007"


def text_search_skips(active: Iterable[str]) -> tuple[dict[str, str], set[str]]:
    """(reason by rule code, codes that cannot run at all) for the active rules that need the
    text detector when it is unavailable; empty when it is available."""
    why = unavailable_reason()
    codes = set(active)
    if why is None:
        return {}, set()
    reasons: dict[str, str] = {}
    if _NOT_RUN in codes:
        reasons[_NOT_RUN] = _t("text in images cannot be read: {}").format(why)
    if _PARTLY in codes:
        reasons[_PARTLY] = _t(
            "run only in part (watermark network and catalog evidence; small type, captions "
            "and labels laid over photos were not searched): {}"
        ).format(why)
    return reasons, {_NOT_RUN} & codes
