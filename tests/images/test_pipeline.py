"""The image pass: roots, once-per-image extraction in worker processes, the on-disk cache."""

from __future__ import annotations

import os
import platform

import image_files as gen
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from listing_preflight.images import ImageSettings, extract_features
from listing_preflight.images.cache import CACHE_FILE
from listing_preflight.images.extract import FEATURE_NAMES
from listing_preflight.images.pipeline import run_pass


@pytest.fixture
def photos(tmp_path):
    root = tmp_path / "photos"
    for i in range(6):
        gen.save(root, f"p{i}.jpg", gen.jpeg_bytes(gen.packshot(900, seed=i)))
    (tmp_path / "outside.jpg").write_bytes(gen.jpeg_bytes(gen.packshot(900)))
    return root


def refs(root, names):
    return [(n, str(root)) for n in names]


def test_relative_paths_may_not_escape_the_root_unless_allowed(photos):
    names = ["../outside.jpg", str(photos.parent / "outside.jpg")]
    closed = run_pass(refs(photos, names), ImageSettings(jobs=1, cache_dir=None)).features
    assert all("escapes the images root" in closed[(n, str(photos))][0] for n in names)
    opened = run_pass(
        refs(photos, names), ImageSettings(jobs=1, cache_dir=None, allow_outside=True)
    ).features
    assert all(opened[(n, str(photos))][0] is None for n in names)


def test_worker_pool_gives_the_same_features_as_in_process(photos):
    names = [f"p{i}.jpg" for i in range(6)] + ["missing.jpg"]
    inline = run_pass(refs(photos, names), ImageSettings(jobs=1, cache_dir=None))
    pooled = run_pass(refs(photos, names), ImageSettings(jobs=2, cache_dir=None, inline_below=2))
    assert (pooled.decoded, pooled.in_workers) == (6, 6)
    differ = {
        (ref[0], name): (a, b)
        for ref in inline.features
        for name, a, b in zip(
            FEATURE_NAMES, inline.features[ref], pooled.features[ref], strict=True
        )
        if a != b
    }
    assert differ == {}


def test_each_unique_image_is_decoded_once(photos):
    names = ["p0.jpg", "p0.jpg", "./p0.jpg", "p1.jpg"]
    result = run_pass(refs(photos, names), ImageSettings(jobs=1, cache_dir=None))
    assert result.decoded == 2  # "p0.jpg" and "./p0.jpg" resolve to one file


def test_second_run_reads_the_cache_and_decodes_nothing(photos, tmp_path):
    cache = tmp_path / "cache"
    names = [f"p{i}.jpg" for i in range(6)]
    first = run_pass(refs(photos, names), ImageSettings(jobs=1, cache_dir=cache))
    second = run_pass(refs(photos, names), ImageSettings(jobs=1, cache_dir=cache))
    assert (first.decoded, first.cache_hits) == (6, 0)
    assert (second.decoded, second.cache_hits) == (0, 6)
    assert second.features == first.features


def test_a_changed_file_is_decoded_again(photos, tmp_path):
    cache = tmp_path / "cache"
    run_pass(refs(photos, ["p0.jpg"]), ImageSettings(jobs=1, cache_dir=cache))
    gen.save(photos, "p0.jpg", gen.jpeg_bytes(gen.packshot(1200, seed=9)))
    os.utime(photos / "p0.jpg", ns=(1, 1))  # a different mtime, as after any edit
    again = run_pass(refs(photos, ["p0.jpg"]), ImageSettings(jobs=1, cache_dir=cache))
    assert again.decoded == 1
    assert again.features[("p0.jpg", str(photos))][4] == 1200  # img_width


def test_same_content_under_another_name_reuses_the_features(photos, tmp_path):
    cache = tmp_path / "cache"
    run_pass(refs(photos, ["p0.jpg"]), ImageSettings(jobs=1, cache_dir=cache))
    (photos / "copy.jpg").write_bytes((photos / "p0.jpg").read_bytes())
    result = run_pass(refs(photos, ["copy.jpg"]), ImageSettings(jobs=1, cache_dir=cache))
    # The copy is read and hashed (new path), but its digest is already known.
    assert result.features[("copy.jpg", str(photos))][1] is not None


def test_no_cache_writes_nothing(photos, tmp_path, monkeypatch):
    monkeypatch.setenv("PREFLIGHT_CACHE_DIR", str(tmp_path / "default-cache"))
    run_pass(
        refs(photos, ["p0.jpg"]), ImageSettings.from_config(type("C", (), {"no_cache": True})())
    )
    assert not (tmp_path / "default-cache").exists()
    run_pass(refs(photos, ["p0.jpg"]), ImageSettings.from_config(type("C", (), {})()))
    assert (tmp_path / "default-cache" / CACHE_FILE).exists()


def test_unwritable_cache_dir_is_a_notice_not_a_failure(photos, tmp_path):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    result = run_pass(refs(photos, ["p0.jpg"]), ImageSettings(jobs=1, cache_dir=blocker / "cache"))
    assert result.features[("p0.jpg", str(photos))][0] is None
    assert result.notices and "cache disabled" in result.notices[0]


def test_extract_features_returns_one_row_per_unique_reference(photos):
    frame = pl.DataFrame({"image": ["p0.jpg", "p0.jpg", "p1.jpg"], "image_root": [str(photos)] * 3})
    out = extract_features(frame, ImageSettings(jobs=1, cache_dir=None))
    assert out.height == 2
    assert {"img_phash", "img_crop_phash", "img_error", "img_width"} <= set(out.columns)


@pytest.mark.skipif(
    platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only"
)
def test_workers_keep_freed_memory_on_glibc():
    # Without it every image page-faults its buffers in again (a fifth of the extraction).
    from listing_preflight.images.extract import keep_freed_memory

    assert keep_freed_memory() is True


def test_workers_forked_with_the_models_loaded_read_text_as_in_process(tmp_path):
    # The forkserver loads the ONNX models before it forks the workers (extract.load_models):
    # the workers' overlay text must be what this process reads with models it loaded itself.
    from PIL import ImageDraw, ImageFont

    root = tmp_path / "text"
    for i in range(3):
        im = gen.packshot(1000, product_share=0.5, seed=i)
        ImageDraw.Draw(im).text((500, 880), f"HOT SALE {10 * (i + 1)}% OFF", anchor="mm",
                                font=ImageFont.load_default(size=48), fill=(200, 20, 20))
        gen.save(root, f"t{i}.jpg", gen.jpeg_bytes(im))
    names = [f"t{i}.jpg" for i in range(3)]
    inline = run_pass(refs(root, names), ImageSettings(jobs=1, cache_dir=None)).features
    pooled = run_pass(refs(root, names), ImageSettings(jobs=2, cache_dir=None, inline_below=2))
    assert pooled.in_workers == 3
    text = FEATURE_NAMES.index("img_text")
    assert all(inline[r][text] for r in refs(root, names))  # the cascade ran and read a line
    assert {r: pooled.features[r][text] for r in inline} == {r: inline[r][text] for r in inline}


def test_loading_the_models_ahead_never_raises(monkeypatch, tmp_path):
    # A broken or missing model must not stop the forkserver: the worker meets the error where
    # it runs the model, and reports it there.
    from listing_preflight.images import extract, text_detect, watermark_net

    monkeypatch.setattr(watermark_net, "MODEL", tmp_path / "missing.onnx")
    monkeypatch.setattr(text_detect, "DET_MODEL", tmp_path / "missing_det.onnx")
    watermark_net._runner.cache_clear()
    try:
        extract.load_models()
    finally:
        watermark_net._runner.cache_clear()


def test_the_warm_up_photo_runs_every_stage_without_starting_threads():
    # The forkserver runs it before forking: the text cascade must run (its models' first
    # runs happen there), and no thread may be added (a thread does not survive a fork).
    from listing_preflight.images import extract

    extract.load_models()
    tasks = "/proc/self/task"
    before = set(os.listdir(tasks)) if os.path.isdir(tasks) else None
    assert extract.warm_up_extraction() is True
    if before is not None:
        # Thread ids, not a count: a thread of an earlier test (a Ray or Dask client winding
        # down) may end meanwhile, and a count then fails although nothing was started
        # (CI on f761872: 20 threads after, 22 before).
        assert set(os.listdir(tasks)) - before == set()


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 3000), st.integers(1, 16))
def test_chunks_cover_every_job_once_in_order_and_shrink_to_single_images(n, workers):
    from listing_preflight.images.engines.local import MAX_CHUNK, guided_chunks

    jobs = [(f"p{i}.jpg", 1) for i in range(n)]
    chunks = guided_chunks(jobs, workers)
    assert [job for chunk in chunks for job in chunk] == jobs
    sizes = [len(c) for c in chunks]
    assert all(1 <= s <= MAX_CHUNK for s in sizes)
    assert sizes == sorted(sizes, reverse=True)  # the tail is made of the smallest chunks
    if n >= workers * 4:
        assert sizes[-workers:] == [1] * workers


def test_a_sample_decides_whether_the_pass_will_decode(photos, tmp_path):
    # prepare_pass starts the worker pool ahead only when images will be decoded.
    from listing_preflight.images.pipeline import likely_to_decode

    names = [f"p{i}.jpg" for i in range(6)]
    settings = ImageSettings(jobs=2, cache_dir=tmp_path / "cache")
    assert likely_to_decode(refs(photos, names), settings)  # empty cache
    run_pass(refs(photos, names[:4]), settings)
    assert not likely_to_decode(refs(photos, names[:4]), settings)  # all cached
    assert likely_to_decode(refs(photos, names), settings)  # two are new
    assert not likely_to_decode(refs(photos, ["missing.jpg"]), settings)  # nothing to decode
    assert likely_to_decode(refs(photos, names[:4]), ImageSettings(jobs=2, cache_dir=None))
    assert likely_to_decode([("https://127.0.0.1:9/x.jpg", None)], settings)
    assert not likely_to_decode([("https://127.0.0.1:9/x.jpg", None)],
                                ImageSettings(jobs=2, cache_dir=None, fetch_urls=False))


def test_preparing_a_pass_never_raises_even_on_a_table_it_cannot_read(monkeypatch):
    import threading

    from listing_preflight.images import prepare_pass

    raised = []
    monkeypatch.setattr(threading, "excepthook", raised.append)
    # no image_root column, and a "config" with none of Config's attributes
    prepare_pass(pl.DataFrame({"image": [f"p{i}.jpg" for i in range(10)]}), object())
    for thread in threading.enumerate():
        if thread.name == "preflight-image-probe":
            thread.join(10)
    assert raised == []


def test_a_failing_warm_up_is_no_error(monkeypatch):
    # The forkserver imports the warm-up: an exception there would leave no server to fork from.
    from listing_preflight.images import extract

    def broken(data, max_pixels):
        raise MemoryError("no room")

    monkeypatch.setattr(extract, "features_from_bytes", broken)
    assert extract.warm_up_extraction() is False
