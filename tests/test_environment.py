"""requirements.txt (pip, what `make` installs) and environment.yml (conda-forge) must name the same
packages at the same versions, and every direct dependency must be pinned exactly."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REQUIRED = {"jupyterlab", "pandas", "matplotlib", "geopandas", "papermill", "nbconvert", "nbclient", "ipykernel"}


def canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pip_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep, f"requirements.txt: {line!r} is not pinned with =="
            pins[canon(name)] = version.strip()
    return pins


def conda_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for line in dep.get("pip", []):
                name, _, version = line.partition("==")
                pins[canon(name)] = version
        else:
            name, _, version = dep.partition("=")
            if canon(name) not in {"python", "pip"}:
                pins[canon(name)] = version
    return pins


def test_requirements_pin_the_required_packages():
    assert REQUIRED <= set(pip_pins())


def test_environment_yml_matches_requirements():
    assert conda_pins() == pip_pins()


def test_environment_uses_conda_forge_only():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
