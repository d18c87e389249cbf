"""Installs are reproducible: the README's commands and CI install the versions in constraints.txt."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def pins() -> dict[str, str]:
    """constraints.txt as {normalised name: version}."""
    out = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt line {line!r} is not an exact pin"
            out[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    return out


def requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(r) for r in [*project["dependencies"], *project["optional-dependencies"]["test"]]]


def test_every_dependency_is_pinned_within_its_range() -> None:
    pinned = pins()
    for req in requirements():
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        if req.marker is not None and not req.marker.evaluate():
            continue  # a platform this machine is not (onnxruntime on Intel Macs, ...)
        assert name in pinned, f"{req.name} is not in constraints.txt; run tools/update-constraints.sh"
        assert req.specifier.contains(pinned[name], prereleases=True), (
            f"constraints.txt pins {req.name}=={pinned[name]} outside pyproject's {req.specifier}")


def test_polars_has_an_upper_bound_and_a_known_good_pin() -> None:
    polars = next(r for r in requirements() if r.name == "polars")
    assert any(s.operator == "<" for s in polars.specifier), "polars needs an upper bound (issue 14)"
    assert pins()["polars"] in {"1.44.2", "2.1.0"}  # the releases known good (README)


def test_readme_and_ci_install_with_the_constraints() -> None:
    readme = (ROOT / "README.md").read_text()
    installs = re.findall(r"pip install [^\n&]*", readme.split("## Using it")[0])
    assert installs and all("-c constraints.txt" in cmd for cmd in installs), installs
    ci = (ROOT / ".ci" / "run").read_text()
    assert 'pip install -c constraints.txt -e ".[test,ray,dask]" && pytest' in ci
