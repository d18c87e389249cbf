"""Video duration with OpenCV (IMG013): local files under the images root, or fetched URLs."""

from __future__ import annotations

import tempfile
from pathlib import Path

import cv2

from ..i18n import _t
from .fetch import Fetcher, FetchSettings
from .pipeline import ImageSettings
from .sources import resolve

VIDEO_MAX_BYTES = 200 * 1024 * 1024  # videos are larger than images; still bounded


def _duration(path: str) -> tuple[float | None, str | None]:
    cap = cv2.VideoCapture(path)
    try:
        if not cap.isOpened():
            return None, _t("cannot open the video (unsupported codec or not a video)")
        fps = cap.get(cv2.CAP_PROP_FPS) or 0.0
        frames = cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0.0
        if fps <= 0 or frames <= 0:
            return None, _t("the video has no readable duration")
        return frames / fps, None
    finally:
        cap.release()


def durations(
    refs: list[tuple[str, str | None]], settings: ImageSettings
) -> dict[tuple[str, str | None], tuple[float | None, str | None]]:
    """(video, root) -> (seconds, error) for each unique reference."""
    out: dict[tuple[str, str | None], tuple[float | None, str | None]] = {}
    urls: dict[tuple[str, str | None], str] = {}
    for ref in dict.fromkeys(refs):
        src = resolve(ref[0], ref[1], settings.allow_outside)
        if src.error:
            out[ref] = (None, src.error)
        elif src.url:
            urls[ref] = src.url
        elif not Path(src.path or "").is_file():
            out[ref] = (None, _t("file not found: {}").format(ref[0]))
        else:
            out[ref] = _duration(str(src.path))
    if urls:
        with tempfile.TemporaryDirectory(prefix="preflight-video-") as tmp:
            fs = settings.fetch
            fetcher = Fetcher(
                Path(tmp),
                FetchSettings(
                    timeout=fs.timeout,
                    total_timeout=max(fs.total_timeout, 120.0),
                    max_bytes=VIDEO_MAX_BYTES,
                    retries=fs.retries,
                    backoff=fs.backoff,
                    per_host=fs.per_host,
                    concurrency=fs.concurrency,
                ),
            )
            try:
                got = fetcher.fetch_all(urls.values())
            finally:
                fetcher.close()
            for ref, url in urls.items():
                res = got[url]
                out[ref] = _duration(res.path) if res.path else (None, res.error)
    return out
