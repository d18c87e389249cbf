"""Reading and compiling the `.po` catalogs with Babel (build time, tools and source checkouts)."""

from __future__ import annotations

import gettext
import io
from pathlib import Path


def compile_po(po: Path) -> bytes:
    """The `.mo` bytes of the `.po` file `po` (fuzzy entries left out, as msgfmt does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def translations_from_po(po: Path) -> gettext.GNUTranslations | None:
    """Translations read straight from a `.po` file; None when Babel is not installed."""
    try:
        data = compile_po(po)
    except ImportError:
        return None
    return gettext.GNUTranslations(io.BytesIO(data))


def compile_all(locale_dir: Path, domain: str) -> list[Path]:
    """Compile every `<lang>/LC_MESSAGES/<domain>.po` under `locale_dir` next to itself."""
    written = []
    for po in sorted(locale_dir.glob(f"*/LC_MESSAGES/{domain}.po")):
        mo = po.with_suffix(".mo")
        mo.write_bytes(compile_po(po))
        written.append(mo)
    return written
