"""Extract, update and compile the message catalogs in one go.

    python -m listing_preflight.i18n.tools            # extract + update .po + compile .mo
    python -m listing_preflight.i18n.tools --check    # also fail (exit 1) on untranslated msgids

Run from a source checkout (it reads `babel.cfg` and the sources next to `pyproject.toml`).
New msgids land in `locale/<lang>/LC_MESSAGES/preflight.po` with an empty msgstr: write
the translation there and run the command again. Needs Babel (a test and build dependency).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import DOMAIN, LANGUAGES, LOCALE_DIR

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

ROOT = Path(__file__).resolve().parents[3]
MAPPING = ROOT / "babel.cfg"
POT = LOCALE_DIR / f"{DOMAIN}.pot"
# _t marks finding message templates; _ / gettext / ngettext are report labels.
KEYWORDS = {"_t": None, "_": None, "gettext": None, "ngettext": (1, 2)}
COMMAND = "python -m listing_preflight.i18n.tools"


def extract(root: Path = ROOT) -> Catalog:
    """A Babel catalog of every marked message under `root` (per babel.cfg)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with MAPPING.open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    catalog = Catalog(project="listing-preflight", domain=DOMAIN, charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), method_map, options_map, keywords=KEYWORDS, comment_tags=("i18n:",),
        strip_comment_tags=True,
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def untranslated(template: Catalog, lang: str) -> list[str]:
    """The msgids of `template` (an extracted catalog) with no translation in `lang`'s .po."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    translated: dict[str, str] = {}
    if po.is_file():
        from babel.messages.pofile import read_po

        with po.open("rb") as fh:
            for msg in read_po(fh):
                if msg.id and msg.string and not msg.fuzzy:
                    translated[msg.id if isinstance(msg.id, str) else msg.id[0]] = msg.string
    missing = []
    for msg in template:
        key = msg.id if isinstance(msg.id, str) else (msg.id[0] if msg.id else "")
        if key and key not in translated:
            missing.append(key)
    return missing


def update(template: Catalog, lang: str) -> Path:
    """Merge the extracted `template` into `lang`'s .po (new msgids empty, gone ones dropped)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    if po.is_file():
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang, domain=DOMAIN)
    else:
        catalog = Catalog(locale=lang, domain=DOMAIN, project="listing-preflight", charset="utf-8")
    # No fuzzy guesses: a wrong "similar" translation is worse than a visible gap.
    catalog.update(template, no_fuzzy_matching=True)
    with po.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, ignore_obsolete=True,
                 include_previous=False, sort_output=False)
    return po


def main(argv: list[str] | None = None) -> int:
    """Extract, update every language's .po, compile the .mo files; --check fails on gaps."""
    from .catalog import compile_all

    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a msgid is untranslated")
    args = parser.parse_args(argv)
    template = extract()
    POT.parent.mkdir(parents=True, exist_ok=True)
    from babel.messages.pofile import write_po

    with POT.open("wb") as fh:
        write_po(fh, template, width=100, sort_output=False)
    status = 0
    for lang in LANGUAGES:
        if lang == "en":
            continue
        po = update(template, lang)
        missing = untranslated(template, lang)
        print(f"{po.relative_to(ROOT)}: {len(template)} msgids, {len(missing)} untranslated")
        for msgid in missing:
            print(f"  missing [{lang}]: {msgid!r}")
        if missing and args.check:
            status = 1
    for mo in compile_all(LOCALE_DIR, DOMAIN):
        print(f"compiled {mo.relative_to(ROOT)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
