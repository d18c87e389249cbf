"""Runs without the network: --no-fetch, and a machine where no image host can be reached."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..i18n import _t

# Connection errors that mean "this machine has no network" rather than "this URL is bad":
# no name resolution at all, or no route. (A refused connection or an HTTP error is the
# URL's own problem and stays an IMG002 finding.)
_NO_NETWORK = re.compile(
    r"name or service not known|temporary failure in name resolution|nodename nor servname"
    r"|getaddrinfo failed|no address associated|network is unreachable|no route to host"
    r"|errno -[235]\b|errno 101\b",
    re.IGNORECASE,
)


def offline(fetched: Mapping[str, Any]) -> bool:
    """True when every URL failed, each with a no-network error (nothing was reached at all)."""
    if not fetched:
        return False
    return all(got.path is None and got.error and _NO_NETWORK.search(got.error)
               for got in fetched.values())


def not_fetched_notice(count: int, why: str) -> str:
    """The one notice that replaces an error per unfetched image."""
    if why == "--no-fetch":
        return _t("{count} image URL(s) were not fetched (--no-fetch / fetch = false): the image "
                  "rules did not run on them").format(count=count)
    return _t("none of the {count} image URL(s) could be fetched: no image host could be resolved "
              "or reached (no network?); the image rules did not run on them. Rerun with network "
              "access, or pass --no-fetch").format(count=count)


def missing_local_notice(images: Any, root: str | None) -> str | None:
    """'412 of 420 local images not found under photos/: is --images right?' when most are missing.

    `images`: the images table with `img_error` attached. One missing file is a finding about
    that file; most of them missing says the images root is wrong, which one line says better
    than a finding per image.
    """
    import polars as pl

    if images.height == 0 or "img_error" not in images.columns:
        return None
    refs = images.unique(subset=["image", "image_root"])
    local = refs.filter(~pl.col("image").str.contains(r"(?i)^[a-z][a-z0-9+.-]*://"))
    missing = local.filter(pl.col("img_error").str.starts_with("file not found")).height
    if missing < 2 or missing * 2 <= local.height:
        return None
    where = root or _t("the catalog's folder")
    return _t("{missing} of {local} local images not found under {where}: is --images right?").format(
        missing=missing, local=local.height, where=where)
