"""Where the per-image feature extraction runs: `local` (a process pool), `ray` or `dask`.

Every engine takes the same jobs - ("path", local file) or ("url", http(s)/s3/gs address) - and
returns, per job location, (digest, feature tuple) exactly as `extract.features_from_bytes`
makes it, so findings do not depend on the engine. The rules stay polars on the driver.
Heavy imports (ray, dask) happen only in the module of the engine chosen.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Protocol

from ...i18n import _t
from ...model import ConfigError

ENGINES = ("local", "ray", "dask")
_MODULES = {"ray": ("ray_engine", "ray"), "dask": ("dask_engine", "dask")}

Job = tuple[str, str]  # (kind: "path" | "url", location)
Result = tuple[str, tuple[Any, ...]]  # (digest or "" when the bytes could not be had, features)


class Engine(Protocol):
    """A place to run the extraction of many images."""

    name: str

    def extract(self, jobs: list[Job], on_done: Callable[[int], None],
                overlay: bool = True) -> dict[str, Result]:
        """location -> (digest, features) for every job; a bad image is a result, never a raise.
        `overlay`: run the overlay checks' work (extract.features_from_bytes)."""
        ...

    def map_each(self, fn: Callable[[Any], Any], items: list[Any],
                 on_done: Callable[[int], None]) -> list[Any]:
        """[fn(item) for item in items] on the cluster, in order (fn: a module-level function)."""
        ...

    def close(self) -> None:
        """Release the cluster connection (and a cluster this engine started)."""
        ...


def open_engine(name: str, address: str | None, workers: int, settings: Any) -> Engine:
    """Connect to (or start) the named distributed engine; exit-2 error when it is not installed."""
    if name not in _MODULES:
        raise ConfigError(_t("unknown engine {name!r}; choose from {choices}").format(
            name=name, choices=", ".join(ENGINES)))
    module_name, extra = _MODULES[name]
    try:
        module = importlib.import_module(f".{module_name}", __name__)
    except ImportError as exc:
        raise ConfigError(_t(
            "--engine {name} needs the {extra} extra: pip install 'listing-preflight[{extra}]' "
            "({error})").format(name=name, extra=extra, error=exc)) from exc
    return module.connect(address, workers, settings)
