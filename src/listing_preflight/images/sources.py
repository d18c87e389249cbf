"""Where an image reference points: a local file inside the images root, or an http(s) URL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _t


@dataclass(frozen=True, slots=True)
class Source:
    """A resolved reference: exactly one of path, url or error is set."""

    path: str | None = None
    url: str | None = None
    error: str | None = None


def is_url(ref: str) -> bool:
    """True for http(s) URLs (the only remote schemes fetched)."""
    head = ref[:8].lower()
    return head.startswith(("http://", "https://"))


def is_object_store(ref: str) -> bool:
    """True for s3:// and gs:// addresses (read through fsspec, the [s3] extra)."""
    return ref[:5].lower() in ("s3://", "gs://")


# Addresses that are neither a file nor http(s) (a pasted javascript: link is not "file not found").
_OTHER_SCHEME = re.compile(r"^(?:javascript|vbscript|data|mailto|tel|about|blob|file|ftp):", re.I)


def resolve(ref: str, root: str | None, allow_outside: bool = False) -> Source:
    """Resolve one reference; relative paths are taken from `root` and may not leave it."""
    ref = ref.strip()
    if is_url(ref) or is_object_store(ref):
        return Source(url=ref)
    if "://" in ref[:12] or _OTHER_SCHEME.match(ref):
        scheme = ref.split(":", 1)[0]
        return Source(
            error=_t("unsupported image address {}: (only local files, http(s), s3:// and gs://)").format(scheme)
        )
    base = Path(root) if root else Path.cwd()
    try:
        base = base.resolve()
        target = (base / ref).resolve()  # an absolute ref replaces the base
    except (OSError, RuntimeError, ValueError) as exc:
        return Source(error=_t("invalid image path {}: {}").format(repr(ref), exc))
    if not allow_outside and not target.is_relative_to(base):
        return Source(
            error=_t("path escapes the images root {}: {} "
                     "(move the file under the root or pass --allow-outside-images)").format(base, ref)
        )
    return Source(path=str(target))
