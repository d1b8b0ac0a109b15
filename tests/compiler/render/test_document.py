"""Generic rendering of report sections: words, tables and charts, never JSON."""

import re

import pytest
from rich.cells import cell_len

from qdl.compiler.render import render_html, render_md, render_table
from qdl.compiler.render.document import Chart, Table, build

COST = {"qubits": 5, "t": 0, "toffoli": 1, "and": 0, "rotations": 0, "rotation_t": 0,
        "clifford": 3, "measurements": 0, "t_depth": 3, "toffoli_depth": 1,
        "rotation_depth": 0, "t_count": 4}


def report(**sections):
    return {"schema": "qdl-report/1", "model": "m", "kind": "primitive",
            "count_from": "hierarchy", "totals": COST,
            "layers": [{"name": "m", "block": "B", "params": {"bits": 2}, "cost": COST,
                        "repetitions": 1, "total": COST}], **sections}


#: a section no renderer knows (as issue 16's error budget will be): nested mappings, a list
#: of records, prose, and text with rich-markup brackets and non-ASCII symbols
UNKNOWN = {"error_budget": {
    "total": 0.001, "summary": "The budget splits three ways.",
    "split": {"logical": 0.0005, "t_states": 0.0003, "rotations": 0.0002},
    "per_layer": [{"layer": "conv1", "share": 0.5, "runtime_seconds": 3.2e9},
                  {"layer": "fc", "share": 0.5, "runtime_seconds": 12.0}],
    "notes": ["θ₀ spread evenly over the Hessian eigenmodes (success probability)",
              "the flag [a < b] is the comparison's output bit, kept as written"]}}


@pytest.mark.parametrize("render", [render_table, render_md, render_html])
def test_an_unknown_section_renders_as_words_and_tables(render):
    text = render(report(**UNKNOWN))
    assert "\\u" not in text and not re.search(r'\{"|": |\[\{', text)
    words = " ".join(text.split())
    assert "The budget splits three ways." in words
    assert "[a < b]" in words or "[a &lt; b]" in words  # markup is not swallowed
    assert "θ₀" in words
    assert "101 years" in words  # 3.2e9 s in human units


def test_records_become_one_table_and_before_after_pairs_fold():
    nodes = build(report(optimization={
        "level": 2, "before": {"t_count": 8, "qubits": 5}, "after": {"t_count": 4, "qubits": 5},
        "passes": [{"pass": "PhaseFolding", "seconds": 0.002,
                    "before": {"t_count": 8, "qubits": 5}, "after": {"t_count": 4, "qubits": 5}}]}))
    tables = [n for n in nodes if isinstance(n, Table)]
    passes = next(t for t in tables if "pass" in t.columns)
    assert passes.columns[:2] == ["pass", "time"]
    assert passes.rows == [["PhaseFolding", "2 ms", "8 → 4", "5"]]
    compare = next(t for t in tables if t.columns == ["quantity", "before", "after"])
    assert ["t count", "8", "4"] in compare.rows
    assert any("T-count 8 → 4" in getattr(n, "text", "") for n in nodes)


def test_errors_fold_into_plus_minus_cells_and_get_error_bars():
    nqnn = {"sweeps": {"a": {"scheme": "rotation", "rows": [
        {"a": 0.0, "error": 0.22, "error_stderr": 0.03},
        {"a": 1.0, "error": 0.24, "error_stderr": 0.01}]}}}
    nodes = build(report(natural_qnn=nqnn))
    rows = next(n for n in nodes if isinstance(n, Table) and "error" in n.columns).rows
    assert rows[0] == ["0", "0.22 ± 0.03"]
    chart = next(n for n in nodes if isinstance(n, Chart))
    assert chart.series[0].err == [0.03, 0.01]


def test_the_terminal_table_fits_80_columns():
    text = render_table(report(**UNKNOWN), 80)
    assert max(cell_len(line) for line in text.splitlines()) <= 80


def test_html_is_one_self_contained_page_with_matplotlib_charts():
    pytest.importorskip("matplotlib")
    sweep = {"parameter": "bits", "t_count_exponent": 1.06, "t_depth_exponent": 1.0,
             "tables": [], "chart": {"x": [8, 16, 32], "series": {"T-count": [28, 60, 124]},
                                     "x_label": "bits", "title": "cost vs bits"}}
    page = render_html(report(sweep=sweep))
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 1
    assert "T-count ∝ x^1.06" in page  # the fitted exponent in the legend
    assert "bits (log scale)" in page
    assert "<script" not in page and "src=" not in page


def test_html_without_matplotlib_says_which_charts_it_leaves_out(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    sweep = {"parameter": "bits", "t_count_exponent": 1.0, "t_depth_exponent": 1.0,
             "tables": [], "chart": {"x": [8, 16], "series": {"T-count": [28, 60]},
                                     "x_label": "bits", "title": "cost vs bits"}}
    page = render_html(report(sweep=sweep))
    assert "<svg" not in page and "“cost vs bits” left out" in page
    assert "qdl-compiler[plots]" in page


def test_a_table_wider_than_the_terminal_continues_below_instead_of_being_cut():
    wide = {"stages": [{"stage": f"layer{i}.conv", **{f"column {j}": 1.2345e-5 * (j + 1)
                                                      for j in range(12)}} for i in range(3)]}
    text = render_table(report(precision=wide), 80)
    assert max(cell_len(line) for line in text.splitlines()) <= 80
    assert "(continued)" in text
    assert all(f"column {j}" in " ".join(text.split()) for j in range(12))
    assert text.count("layer2.conv") >= 2  # the row label repeats in every part


def test_total_t_leads_when_the_report_has_it():
    cost = {**COST, "total_t": 100, "total_t_depth": 9}
    data = report()
    data["totals"] = cost
    data["layers"] = [dict(data["layers"][0], name=n, cost=cost, total=cost) for n in "ab"]
    words = " ".join(render_table(data, 100).split())
    assert "Total T (T-count + rotation T) 100 on 5 logical qubits, T-depth 9." in words
    layers = next(n for n in build(data) if isinstance(n, Table) and "layer" in n.columns)
    assert layers.columns[3] == "T (all)" and layers.rows[0][3] == "100"
