"""The install contract: every package is listed, the README starts with the two commands."""

import re
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _expected_packages():
    mapping = PYPROJECT["tool"]["setuptools"]["package-dir"]
    found = set()
    for package, folder in mapping.items():
        base = ROOT / folder
        for init in base.rglob("__init__.py"):
            rel = init.parent.relative_to(base)
            found.add(".".join([package, *rel.parts]) if rel.parts else package)
    return found


def test_every_folder_with_an_init_is_installed():
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    missing = _expected_packages() - listed
    assert not missing, f"add to [tool.setuptools] packages: {sorted(missing)}"


def test_everything_installs_under_the_qdl_namespace():
    assert all(p == "qdl" or p.startswith("qdl.") for p in PYPROJECT["tool"]["setuptools"]["packages"])
    assert PYPROJECT["project"]["scripts"]["qdl-compile"] == "qdl.compiler.cli:main"


def test_readme_starts_with_the_two_setup_commands():
    text = (ROOT / "README.md").read_text()
    commands = re.findall(r"```(?:bash|sh)?\n(.*?)```", text, flags=re.S)
    first_two = [c.strip() for c in commands[:2]]
    assert "qdl-compile examples/" in first_two[0] and "pip install" in first_two[0]
    assert "pip install" in first_two[1] and "pytest" in first_two[1] and "[test]" in first_two[1]
    for path in re.findall(r"examples/\S+\.yaml", first_two[0]):
        assert (ROOT / path).exists()


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pytest" in ci and "[test]" in ci
