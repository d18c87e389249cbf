"""The Chinese catalog covers every marked message, and every translation fits its template.

The msgids are extracted in-process with Babel from the sources (the `_t`/`_`/`gettext`
calls, rule docstrings, wordlist labels), exactly as `python -m listing_preflight.i18n.tools`
does; a message added anywhere without a Chinese entry fails here with the command to run.
"""

from __future__ import annotations

import re
import string

import pytest

pytest.importorskip("babel")

from babel.messages.pofile import read_po

from listing_preflight.i18n import DOMAIN, LOCALE_DIR
from listing_preflight.i18n.tools import COMMAND, extract, untranslated
from listing_preflight.registry import all_rules

PO = LOCALE_DIR / "zh" / "LC_MESSAGES" / f"{DOMAIN}.po"
FORMATTER = string.Formatter()


@pytest.fixture(scope="module")
def extracted():
    return extract()


@pytest.fixture(scope="module")
def po_entries():
    with PO.open("rb") as fh:
        return [m for m in read_po(fh) if m.id]


def test_every_marked_message_has_a_chinese_entry(extracted):
    missing = untranslated(extracted, "zh")
    assert not missing, (
        f"{len(missing)} message(s) have no Chinese entry:\n"
        + "\n".join(f"  {m!r}" for m in missing)
        + f"\nRun `{COMMAND}` from the repository root: it adds them to "
        f"{PO.relative_to(LOCALE_DIR.parents[2])} with an empty msgstr; write the Chinese there "
        f"(keep rule codes, values and {{}} placeholders) and run it again "
        f"(`{COMMAND} --check` exits 1 while any is missing)."
    )


def test_extraction_finds_templates_labels_rule_docs_and_wordlist_text(extracted):
    ids = {m.id for m in extracted if m.id}
    assert "title has {} characters, the limit is {}; shorten it (it starts '{}')" in ids  # _t
    assert "row {row}" in ids  # report label
    assert "absolute claim" in ids and "remove the promotional wording" in ids  # wordlists
    assert "power bank" in ids  # product group shown in TTL006 messages
    # Every rule's summary paragraph (what `preflight rules` shows) is a msgid.
    from listing_preflight.i18n.docs import paragraphs

    summaries = {paragraphs(rule.doc)[0] for rule in all_rules().values()}
    assert summaries <= ids, sorted(summaries - ids)


def _fields(text: str) -> list[str]:
    return [name for _, name, _, _ in FORMATTER.parse(text) if name is not None]


def test_every_translation_formats_with_its_templates_values(po_entries):
    """A msgstr uses the msgid's placeholders (numbered ones may reorder positional values)."""
    bad = []
    for m in po_entries:
        try:
            fields = _fields(m.id)
        except ValueError:
            continue  # a plain phrase with a lone brace is not a template
        if not fields:
            continue
        positional = [f for f in fields if f == "" or f.isdigit()]
        named = {f for f in fields if f and not f.isdigit()}
        values = [f"<{i}>" for i in range(len(positional))]
        try:
            out = m.string.format(*values, **{n: f"<{n}>" for n in named})
        except (IndexError, KeyError, ValueError) as exc:
            bad.append((m.id, m.string, repr(exc)))
            continue
        lost = [v for v in [*values, *(f"<{n}>" for n in named)] if v not in out]
        if lost:
            bad.append((m.id, m.string, f"drops {lost}"))
    assert not bad, "\n".join(map(str, bad))


# Rule codes, source references ([J14]), colours, sizes and option names are values: a
# translation keeps them exactly.
KEEP = re.compile(r"\b[A-Z]{3}\d{3}\b|\[[A-Z]\d+\]|#[0-9A-F]{6}|\b\d+x\d+\b|`[^`]+`")


def _option_names() -> set[str]:
    names = set()
    for rule in all_rules().values():
        names.add(rule.name)
        names.update(f.name.replace("_", "-") for f in rule.option_fields())
    return {n for n in names if "-" in n}


def test_translations_keep_codes_references_and_values(po_entries):
    options = _option_names()
    bad = []
    for m in po_entries:
        words = set(re.findall(r"[a-z]+(?:-[a-z]+)+", m.id))
        kept = set(KEEP.findall(m.id)) | (words & options)
        lost = sorted(k for k in kept if k not in m.string)
        if lost:
            bad.append((m.id[:70], lost))
    assert not bad, "\n".join(map(str, bad))


def test_chinese_reads_like_a_seller_support_person_wrote_it(po_entries):
    zh = {m.id: m.string for m in po_entries}
    assert zh["row {row}"] == "第 {row} 行"
    assert zh["review likely"] == "可能转人工审核"
    assert "请改为纯白背景 #FFFFFF" in zh[
        "main image '{}' background is near-white ({}): set the background to #FFFFFF"]


def test_report_labels_come_from_the_catalog_alone():
    """The reporters' Chinese labels are the catalog's (no built-in fallback table left)."""
    from listing_preflight.i18n import translator as translations

    _ = translations("zh").gettext
    assert _("review likely") == "可能转人工审核"
    assert _("verdicts: {reject} reject likely, {review} review likely, {passed} pass") == (
        "结论：{reject} 个可能被拒，{review} 个可能转人工审核，{passed} 个通过")
    assert _("{products} products, {variants} variants, {images} images checked").startswith("已检查")
    assert translations("en").gettext("review likely") == "review likely"
