"""Rule selection: code, prefix, name, group, ALL; the more specific selector wins."""

from __future__ import annotations

import pytest

from listing_preflight.model import ConfigError
from listing_preflight.registry import resolve, split_selectors

CASES = [
    # select, extend_select, ignore, must be on, must be off
    (["ALL"], [], [], {"TTL001", "PRC001", "CAT001"}, set()),
    (["TTL"], [], [], {"TTL001", "TTL002"}, {"PRC001"}),
    (["title"], [], [], {"TTL001", "TTL002"}, {"PRC001", "IMG001"}),
    (["title-missing"], [], [], {"TTL001"}, {"TTL002"}),
    (["TTL"], ["PRC001"], [], {"TTL001", "PRC001"}, {"CAT001"}),
    (["ALL"], [], ["TTL"], {"PRC001"}, {"TTL001", "TTL002"}),
    (["ALL"], [], ["TTL"], set(), {"TTL001"}),
    (["TTL001"], [], ["TTL"], {"TTL001"}, {"TTL002"}),          # exact code beats prefix
    (["TTL"], [], ["TTL002"], {"TTL001"}, {"TTL002"}),           # exact ignore beats prefix
    (["TTL00"], [], ["TTL"], {"TTL001", "TTL002"}, set()),       # longer prefix wins
    (["ALL"], [], ["price"], {"TTL001"}, {"PRC001"}),             # group
    (["TTL"], [], ["TTL"], set(), {"TTL001"}),                    # tie: ignore wins
]


@pytest.mark.parametrize("select,extend,ignore,on,off", CASES)
def test_selection_table(select, extend, ignore, on, off):
    """Each row of the decision table."""
    enabled = resolve(select, extend, ignore)
    assert on <= set(enabled)
    assert not (off & set(enabled))


def test_explicit_only_for_exact_code_or_name():
    """Rules enabled by their exact code or name are 'explicit' (missing columns are then an error)."""
    enabled = resolve(["TTL001", "price-invalid", "CAT"])
    assert enabled["TTL001"] and enabled["PRC001"] and not enabled["CAT001"]


def test_unknown_selector_suggests():
    """A typo is an error with a suggestion."""
    with pytest.raises(ConfigError, match="did you mean"):
        resolve(["title-mising"])


def test_split_selectors_flattens_commas_and_repeats():
    """`--select TTL,DSC --select PRC001` is three selectors."""
    assert ["TTL", "DSC", "PRC001"] == split_selectors(["TTL, DSC", "PRC001"])
