"""`preflight index build | add` and the reference index file format."""

from __future__ import annotations

import json

import polars as pl
import pyarrow.parquet as pq
import pytest
import simphotos as ph
from click.testing import CliRunner

from listing_preflight.cli import main
from listing_preflight.model import ConfigError
from listing_preflight.similarity import index as ref_index


@pytest.fixture
def refs(tmp_path):
    folder = tmp_path / "refs"
    ph.save(folder, "acme/vase.jpg", ph.product(10, size=400))
    ph.save(folder, "acme/lamp.jpg", ph.product(11, size=400))
    ph.save(folder, "globex/chair.jpg", ph.product(12, size=400))
    ph.save(folder, "globex/chair-copy.jpg", ph.product(12, size=400))   # same bytes: indexed once
    (folder / "globex" / "notes.jpg").write_text("not an image")
    return folder


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_build_labels_images_by_sub_folder_and_reports_unreadable_files(refs, tmp_path):
    out = tmp_path / "brands.pfindex"
    result = run("index", "build", refs, "--out", out)
    assert result.exit_code == 0, result.output
    assert "indexed 3 images" in result.output and "notes.jpg" in result.output
    images = ref_index.load(out).images
    assert sorted(zip(images["path"], images["label"])) == [
        ("acme/lamp.jpg", "acme"), ("acme/vase.jpg", "acme"), ("globex/chair-copy.jpg", "globex")
    ] or sorted(zip(images["path"], images["label"])) == [
        ("acme/lamp.jpg", "acme"), ("acme/vase.jpg", "acme"), ("globex/chair.jpg", "globex")
    ]
    assert images["variant_phash"].list.len().min() > 10   # cropped variants are stored


def test_index_file_is_versioned_parquet_with_documented_metadata(refs, tmp_path):
    out = tmp_path / "brands.pfindex"
    ref_index.build([refs], out)
    meta = json.loads(pq.read_schema(out).metadata[ref_index.META_KEY])
    assert meta["format"] == "listing-preflight-reference-index" and meta["version"] == 1
    assert meta["hash_version"] == ref_index.HASH_VERSION
    assert set(ref_index.SCHEMA) <= set(pl.read_parquet(out).columns)


def test_add_hashes_only_new_images_and_keeps_the_old_ones(refs, tmp_path):
    out = tmp_path / "brands.pfindex"
    ref_index.build([refs], out)
    more = tmp_path / "more"
    ph.save(more, "initech/desk.jpg", ph.product(13, size=400))
    result = run("index", "add", out, more)
    assert result.exit_code == 0, result.output
    assert "added 1 images" in result.output
    again = run("index", "add", out, more, refs)
    assert "added 0 images" in again.output
    images = ref_index.load(out).images
    assert images.height == 4 and images["ref_id"].to_list() == [0, 1, 2, 3]
    assert "initech" in images["label"].to_list()


def test_labels_csv_overrides_folder_names(refs, tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text("image,brand\nacme/vase.jpg,Vasey\nlamp.jpg,Lampco\n")
    out = tmp_path / "i.pfindex"
    ref_index.build([refs], out, labels=labels)
    images = ref_index.load(out).images
    assert dict(zip(images["path"], images["label"]))["acme/vase.jpg"] == "Vasey"
    assert dict(zip(images["path"], images["label"]))["acme/lamp.jpg"] == "Lampco"


def test_an_index_of_another_hash_version_is_refused(refs, tmp_path):
    out = tmp_path / "i.pfindex"
    index = ref_index.build([refs], out).index
    index.meta["hash_version"] = "0"
    ref_index.save(index, out)
    with pytest.raises(ConfigError, match="rebuild"):
        ref_index.load(out)


def test_bad_paths_are_one_line_errors_with_exit_status_2(tmp_path):
    not_index = tmp_path / "x.pfindex"
    not_index.write_text("hello")
    for args in (["index", "build", tmp_path / "missing", "--out", tmp_path / "o.pfindex"],
                 ["index", "add", tmp_path / "none.pfindex", tmp_path],
                 ["index", "add", not_index, tmp_path]):
        result = run(*args)
        assert result.exit_code == 2
        assert result.output.startswith("preflight: error:") and "Traceback" not in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no images found" in run("index", "build", empty, "--out", tmp_path / "o.pfindex").output
