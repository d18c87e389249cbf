"""The shared feature store: Parquet shards, concurrent writers, any engine reads them, prune."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run_cli

from listing_preflight.images.cache import CACHE_FILE, FeatureCache
from listing_preflight.images.cache_admin import prune

from store_writers import VERSION, features_of, write_concurrently


def test_concurrent_writers_and_a_pruner_lose_nothing(tmp_path):
    folder = str(tmp_path / "store")
    expected = write_concurrently(folder, writers=4, batches=12, prunes=6)
    got = FeatureCache(Path(folder), VERSION).features(expected)
    assert got == expected
    files = FeatureCache(Path(folder), VERSION).file_digests(
        {f"/shared/{d}.jpg": (1, 2) for d in expected})
    assert len(files) == len(expected)
    assert not list((tmp_path / "store").rglob(".*.tmp"))  # no half-written shard left


def test_prune_drops_old_versions_and_merges_shards(tmp_path):
    old = FeatureCache(tmp_path, "f-old")
    old.store({"a": [1]}, {}, {})
    new = FeatureCache(tmp_path, VERSION)
    for b in range(3):
        new.store(features_of(0, b, 3), {}, {})
    done = prune(tmp_path, VERSION)
    assert done.removed_versions == ["f-old"]
    assert len(list((tmp_path / CACHE_FILE / VERSION).glob("*.parquet"))) == 1
    assert not list((tmp_path / CACHE_FILE / "f-old").glob("*.parquet"))
    assert len(new.features(features_of(0, 1, 3))) == 3


def test_an_object_store_url_works_through_fsspec():
    fsspec = pytest.importorskip("fsspec")
    url = "memory://preflight-test-store"
    cache = FeatureCache(url, VERSION)
    cache.store(features_of(1, 1, 4), {}, {"http://x/a.jpg": "01-001-000"})
    again = FeatureCache(url, VERSION)
    assert again.features(features_of(1, 1, 4)) == features_of(1, 1, 4)
    assert again.url_digests(["http://x/a.jpg"], 3600) == {"http://x/a.jpg": "01-001-000"}
    prune(url, VERSION)
    assert again.features(["01-001-002"]) == {"01-001-002": features_of(1, 1, 4)["01-001-002"]}
    fsspec.filesystem("memory").rm("/preflight-test-store", recursive=True)


def test_cache_stats_and_prune_commands(tmp_path):
    from listing_preflight.images.extract import CACHE_VERSION

    cache = FeatureCache(tmp_path, CACHE_VERSION)
    cache.store(features_of(0, 0, 5), {}, {})
    cache.store(features_of(0, 1, 5), {}, {})
    status, out, _ = run_cli("cache", "stats", "--cache-dir", str(tmp_path), "--format", "json")
    assert status == 0
    table = json.loads(out)["versions"][CACHE_VERSION]
    assert (table["unique"], table["shards"]) == (10, 2)
    status, out, _ = run_cli("cache", "prune", "--cache-dir", str(tmp_path))
    assert status == 0 and "2 shards" in out
    status, out, _ = run_cli("cache", "stats", "--cache-dir", str(tmp_path))
    assert status == 0 and "10 images, 1 shards" in out


def test_a_damaged_shard_is_a_notice_and_a_miss_not_a_crash(tmp_path):
    cache = FeatureCache(tmp_path, VERSION)
    cache.store(features_of(0, 0, 2), {}, {})
    (tmp_path / CACHE_FILE / VERSION / "junk.parquet").write_bytes(b"PAR1 not really")
    again = FeatureCache(tmp_path, VERSION)
    assert again.features(features_of(0, 0, 2)) == {}
    assert again.warning and "image cache not read" in again.warning


def test_an_object_store_image_without_the_extra_is_a_finding_naming_it(monkeypatch):
    import sys

    from listing_preflight.images.pipeline import ImageSettings, run_pass

    monkeypatch.setitem(sys.modules, "s3fs", None)  # as on an install without [s3]
    pytest.importorskip("fsspec")
    # ... also when an earlier test in this process has loaded s3fs into fsspec's registry
    monkeypatch.delitem(sys.modules["fsspec.registry"]._registry, "s3", raising=False)  # noqa: SLF001
    ref = ("s3://bucket/photo.jpg", None)
    result = run_pass([ref], ImageSettings(jobs=1, cache_dir=None))
    assert "pip install 'listing-preflight[s3]'" in result.features[ref][0]


def test_an_object_store_cache_dir_survives_the_config_and_settings(tmp_path):
    from listing_preflight.config import build_config
    from listing_preflight.images.pipeline import ImageSettings

    config = build_config(flags={"cache-dir": "s3://bucket/preflight-cache"}, discover_from=tmp_path)
    assert config.cache_dir == "s3://bucket/preflight-cache"
    assert ImageSettings.from_config(config).cache_dir == "s3://bucket/preflight-cache"
    local = build_config(flags={"cache-dir": str(tmp_path / "c")}, discover_from=tmp_path)
    assert ImageSettings.from_config(local).cache_dir == tmp_path / "c"
