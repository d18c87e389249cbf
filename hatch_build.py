"""Hatch build hook: compile the gettext catalogs (.po -> .mo) so every wheel ships them.

The .mo files are build products (not committed). The hook writes them next to the .po in
the source tree (so an editable install finds them too) and force-includes them in the
wheel, because hatchling leaves git-ignored files out.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALE = Path("src/listing_preflight/i18n/locale")


class CompileCatalogs(BuildHookInterface):
    """Compile `locale/*/LC_MESSAGES/*.po` with Babel before the wheel is assembled."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Write each .mo and add it to the wheel."""
        if self.target_name not in ("wheel", "editable"):
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        for po in sorted((root / LOCALE).glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as fh:
                catalog = read_po(fh)
            buffer = io.BytesIO()
            write_mo(buffer, catalog, use_fuzzy=False)
            mo = po.with_suffix(".mo")
            if not mo.is_file() or mo.read_bytes() != buffer.getvalue():
                mo.write_bytes(buffer.getvalue())
            inside = mo.relative_to(root / "src").as_posix()
            build_data.setdefault("force_include", {})[str(mo)] = inside
