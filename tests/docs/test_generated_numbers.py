"""The numbers docs/network.md and docs/costs.md quote are what the code computes: each marked
block equals its regeneration (python benchmarks/network_budget.py --write-docs rewrites them)."""

from pathlib import Path

import pytest

from qdl.estimators.network import doc_numbers as D

ROOT = str(Path(__file__).resolve().parents[2])
FIX = f"stale numbers: run `{D.COMMAND}` and commit the docs"


@pytest.mark.parametrize("name", ["network-numbers", "costs-budget"])
def test_example_blocks_are_current(name):
    """Two example compiles and their budgets (a few seconds)."""
    assert D.current(ROOT, name) == D.render(ROOT, name), FIX


@pytest.mark.slow
def test_sweep_block_is_current():
    """Nine sweep points, each budgeted twice (about 10 s CPU)."""
    assert D.current(ROOT, "network-sweep") == D.render(ROOT, "network-sweep"), FIX


def test_a_changed_number_is_caught_and_rewritten(tmp_path):
    for path in {p for p, _ in D.BLOCKS.values()}:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text((Path(ROOT) / path).read_text())
    (tmp_path / "examples").symlink_to(Path(ROOT) / "examples")
    doc = tmp_path / "docs/costs.md"
    body = D.current(ROOT, "costs-budget")
    doc.write_text(doc.read_text().replace(body, body.replace("0.01", "0.02", 1)))
    assert D.stale(str(tmp_path), ["costs-budget"]) == ["costs-budget"]
    assert D.write(str(tmp_path), ["costs-budget"]) == ["costs-budget"]
    assert D.stale(str(tmp_path), ["costs-budget"]) == []


def test_missing_markers_are_an_error(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/costs.md").write_text("no markers\n")
    with pytest.raises(ValueError, match="no block"):
        D.current(str(tmp_path), "costs-budget")
