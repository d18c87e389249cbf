"""Images and the shared feature store on a real S3 API (moto's server on 127.0.0.1).

s3fs is pointed at it the way a user points it at MinIO or any S3-compatible store: the
standard AWS SDK variable AWS_ENDPOINT_URL_S3 (README, "Object stores").
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import image_files as gen
import pytest
from catalog_factory import PRODUCTS, write_csv
from cli_run import run_cli

from store_writers import VERSION, write_concurrently

pytest.importorskip("s3fs")
moto_server = pytest.importorskip("moto.server")


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """An S3 endpoint on 127.0.0.1, with the environment a user would set for their own store."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's request log
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    nowhere = tmp_path_factory.mktemp("aws") / "none"  # never read this machine's own AWS config
    with pytest.MonkeyPatch.context() as env:
        for name, value in {"AWS_ENDPOINT_URL_S3": f"http://{host}:{port}",
                            "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                            "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": str(nowhere),
                            "AWS_SHARED_CREDENTIALS_FILE": str(nowhere)}.items():
            env.setenv(name, value)
        import fsspec

        fs = fsspec.filesystem("s3", skip_instance_cache=True)
        yield fs
    server.stop()


@pytest.fixture(scope="module")
def shop(s3, tmp_path_factory):
    """The same photos as local files (catalog.csv) and as s3://shop/ keys (s3.csv).

    The catalog's extra images (img/pNN-2.jpg) exist in neither place.
    """
    folder = tmp_path_factory.mktemp("s3shop")
    s3.mkdir("shop")
    for i, product in enumerate(PRODUCTS):
        if product[5]:
            data = gen.jpeg_bytes(gen.packshot(500 + 40 * (i % 3), seed=i))
            gen.save(folder, product[5], data)
            s3.pipe(f"shop/{product[5]}", data)
    write_csv(folder / "catalog.csv")
    write_csv(folder / "s3.csv", products=[(*p[:5], f"s3://shop/{p[5]}" if p[5] else "")
                                           for p in PRODUCTS])
    return folder


def findings(report: Path) -> dict[str, list[tuple]]:
    """product -> its findings without the image names (which differ: path vs s3 key)."""
    products = json.loads(report.read_text())["products"]
    return {p["product_sku"]: sorted((f["code"], f["field"], f["severity"], f["value"])
                                     for f in p["findings"]) for p in products}


def check(folder: Path, catalog: str, *extra: str) -> Path:
    out = folder / f"{catalog}.json"
    status, _, stderr = run_cli("check", str(folder / catalog), "--images", str(folder), "--jobs",
                                "2", "--format", "json", "--output", str(out), "-q", *extra)
    assert status == 1, stderr
    return out


def test_s3_images_are_judged_like_the_same_local_files_and_a_missing_key_is_img002(shop):
    local = findings(check(shop, "catalog.csv", "--no-cache"))
    remote = findings(check(shop, "s3.csv", "--no-cache"))
    assert ("IMG005", "main_image", "error", 500.0) in remote["P01"]  # really decoded: 500 px
    assert remote == local
    report = json.loads((shop / "s3.csv.json").read_text())
    missing = [f for p in report["products"] for f in p["findings"]
               if f["code"] == "IMG002" and f["evidence"]["image"] == "s3://shop/img/p01-2.jpg"]
    assert len(missing) == 1 and "cannot read s3://shop/img/p01-2.jpg" in missing[0]["message"]


def test_a_feature_store_on_s3_is_shared_by_two_runs_and_the_second_extracts_nothing(shop, s3):
    store = "s3://preflight-store/features"
    s3.mkdir("preflight-store")
    first = subprocess.run(  # another process: only the store links the two runs
        [sys.executable, "-m", "listing_preflight", "check", "catalog.csv", "--jobs", "2",
         "--cache-dir", store, "--format", "json", "-q"],
        cwd=shop, capture_output=True, text=True, timeout=120)
    assert first.returncode == 1 and first.stderr == "", first.stderr
    assert s3.find("preflight-store/features")  # shards are on S3

    from listing_preflight.images.pipeline import ImageSettings, run_pass

    refs = [(p[5], str(shop)) for p in PRODUCTS if p[5]]
    again = run_pass(refs, ImageSettings(jobs=2, cache_dir=store))
    assert again.cache_hits == len(refs) and again.decoded == 0 and again.in_workers == 0
    assert all(again.features[r][0] is None for r in refs)  # features, not errors (col 0: error)


def test_concurrent_writers_and_a_pruner_on_s3_lose_nothing(s3):
    from listing_preflight.images.cache import FeatureCache

    s3.mkdir("concurrent")
    folder = "s3://concurrent/store"
    expected = write_concurrently(folder, writers=2, batches=4, prunes=2)
    assert FeatureCache(folder, VERSION).features(expected) == expected
