"""--engine ray / dask on a local cluster of 2 workers: the JSON report equals --engine local's."""

from __future__ import annotations

import functools
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import image_files as gen
import pytest
from catalog_factory import PRODUCTS, write_csv
from cli_run import run_cli

pytestmark = pytest.mark.engine


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    """A catalog whose photos are local files, http URLs (one 404) and a missing file."""
    folder = tmp_path_factory.mktemp("shop")
    web = folder / "web"
    web.mkdir()
    for i, product in enumerate(PRODUCTS):
        if product[5]:
            gen.save(folder, product[5], gen.jpeg_bytes(gen.packshot(500, seed=i)))
            gen.save(web, Path(product[5]).name, gen.jpeg_bytes(gen.packshot(450, seed=50 + i)))
    (folder / "img/p09.jpg").write_bytes(b"not a jpeg at all")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0),
                                functools.partial(Quiet, directory=str(web)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    products = [p if i % 3 else (*p[:5], f"{base}/{Path(p[5]).name}")
                for i, p in enumerate(PRODUCTS) if p[5]]  # every 3rd by URL; its -2 extra is a 404
    write_csv(folder / "catalog.csv", products=products)
    yield folder
    httpd.shutdown()


def report(folder: Path, engine: str) -> bytes:
    out = folder / f"{engine}.json"
    done = subprocess.run(
        [sys.executable, "-m", "listing_preflight", "check", "catalog.csv", "--engine", engine,
         "--jobs", "2", "--no-cache", "--format", "json", "--output", str(out), "-q"],
        cwd=folder, capture_output=True, text=True, timeout=180)
    assert done.returncode == 1, done.stderr
    # -q: a seller's or CI's log shows nothing but our own output - no engine's warnings either
    assert done.stderr == "", done.stderr
    return out.read_bytes()


@pytest.fixture(scope="module")
def local_json(shop):
    expected = report(shop, "local")
    assert b"IMG" in expected and b"404" in expected  # the images really were judged and fetched
    return expected


@pytest.mark.parametrize("engine", ["dask", "ray"])
def test_findings_equal_the_local_engine_byte_for_byte(shop, local_json, engine):
    pytest.importorskip(engine)
    assert report(shop, engine) == local_json


def test_a_missing_engine_library_is_exit_2_naming_the_extra(shop, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now raises ImportError
    monkeypatch.chdir(shop)
    status, _, stderr = run_cli("check", "catalog.csv", "--engine", "ray", "--no-cache", "-q")
    assert status == 2
    assert stderr.startswith("preflight: error: --engine ray needs the ray extra")
    assert "pip install 'listing-preflight[ray]'" in stderr and stderr.count("\n") == 1


# dask only: the ray path of Engine.map_each is the same code shape, and a second local Ray
# start costs ~25 s of the engine tests' ~60 s budget.
@pytest.mark.parametrize("engine", ["dask"])
def test_index_build_on_an_engine_equals_the_local_build(shop, tmp_path, engine):
    pytest.importorskip(engine)
    from listing_preflight.similarity.index import build

    local = build([shop / "img"], tmp_path / "local.pfindex", default_label="brand", jobs=2)
    remote = build([shop / "img"], tmp_path / f"{engine}.pfindex", default_label="brand", jobs=2,
                   engine=engine)
    assert local.index.images.height >= 10 and local.errors  # p09.jpg is not a JPEG
    assert remote.index.images.equals(local.index.images)
    assert remote.errors == local.errors
