import json
import sys
from pathlib import Path

import pytest

from qdl.compiler.cli import main

ROOT = Path(__file__).resolve().parents[3]

TOY = """name: toy
training:
  params: 1000
  nonzero_fraction: 0.1
  steps: 4
  learning_rate: 0.01
  epsilon: 0.001
  hessian: {eigenvalues: [1.0, 20.0]}
  hessian_row_nonzeros: 4
  hardware: {layer_seconds: 1.0e-5, classical_flops: 1.0e15}
"""


def _write(tmp_path, text, name="m.yaml"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize("size", ["7m", "103m"])
def test_examples_give_full_json_reports_with_plot(size, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    plots = tmp_path / "plots"
    plots.mkdir()
    assert main([str(ROOT / "examples" / f"sparse_training_{size}.yaml"), "--format", "json",
                 "--plots", str(plots)]) == 0
    report = json.loads(capsys.readouterr().out)
    t = report["training"]
    assert [l["name"] for l in report["layers"]][0] == "state prep"
    assert report["totals"]["t_count"] > 0 and report["totals"]["t_depth"] > 0
    assert t["carleman"]["order"] == 1 and t["qlsa"]["walk_constant"].startswith("rigorous")
    assert t["verdict"]["quantum_wins"] is False
    assert (plots / f"sparse_training_{size}_error_proxy.png").stat().st_size > 1000
    assert t["plot"] == str(plots / f"sparse_training_{size}_error_proxy.png")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plots"]  # nothing in the cwd


def test_plot_goes_beside_the_output_and_nowhere_without_one(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    path = _write(tmp_path, TOY + "  plot: p.png\n")
    assert main([path, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["training"]["plot"].startswith("not written")
    assert not (tmp_path / "p.png").exists()
    out = tmp_path / "out" / "r.json"
    out.parent.mkdir()
    assert main([path, "--format", "json", "-o", str(out)]) == 0
    assert (out.parent / "p.png").stat().st_size > 1000
    assert sorted(p.name for p in out.parent.iterdir()) == ["p.png", "r.json"]


def test_html_has_the_error_proxy_and_verdict_charts(tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main([_write(tmp_path, TOY), "--format", "html", "-o", str(out)]) == 0
    page = out.read_text()
    assert page.count("<svg") == 3          # per-layer bar chart, error proxy, verdict
    assert "(1/n)·Σ|1 − ηλ|^t" in page and "quantum vs classical" in page
    assert "classical s" in page and "quantum s" in page


def test_table_and_verify(tmp_path, capsys):
    assert main([_write(tmp_path, TOY), "--verify"]) == 0
    out = capsys.readouterr().out
    assert "QLSA" in out and "Verification on Aer" in out and "passed" in out


def test_plot_skipped_without_matplotlib(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    path = _write(tmp_path, TOY + "  plot: p.png\n")
    assert main([path, "--format", "json", "--plots", str(tmp_path)]) == 0
    assert json.loads(capsys.readouterr().out)["training"]["plot"].startswith("skipped")
    assert not (tmp_path / "p.png").exists()


@pytest.mark.parametrize("change,line,message", [
    (("  steps: 4\n", "  steps: 4\n  stepz: 5\n"), 6, "unknown key 'training.stepz'"),
    (("{eigenvalues: [1.0, 20.0]}", "{eigenvalues: [1.0], histogram: {edges: [0, 1], counts: [1]}}"),
     8, "exactly one of"),
    (("{eigenvalues: [1.0, 20.0]}", "{histogram: {edges: [0, 1, 2], counts: [1]}}"), 8,
     "one more edge"),
    (("  learning_rate: 0.01\n", "  learning_rate: -0.01\n"), 6, "greater than 0"),
    (("  hardware: {layer_seconds: 1.0e-5, classical_flops: 1.0e15}\n", ""), 2,
     "missing required key 'training.hardware'"),
    (("  hessian_row_nonzeros: 4\n", "  hessian_row_nonzeros: 4\n  loss: cubic\n"), 2,
     "a cubic loss needs"),
    (("  hessian_row_nonzeros: 4\n",
      "  hessian_row_nonzeros: 4\n  loss: cubic\n  cubic_norm: 90\n  cubic_row_nonzeros: 2\n"),
     6, "R = c/(1 − a)"),
    (("  steps: 4\n  learning_rate: 0.01\n  epsilon: 0.001\n  hessian: {eigenvalues: [1.0, 20.0]}",
      "  steps: 1000\n  learning_rate: 0.01\n  epsilon: 0.001\n  hessian: {eigenvalues: [-300.0, 20.0]}"),
     6, "not dissipative"),
])
def test_bad_inputs_are_one_line_errors_with_file_and_line(tmp_path, capsys, change, line, message):
    path = _write(tmp_path, TOY.replace(*change))
    assert main([path]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: {path}:{line}: ")
    assert message in err


@pytest.mark.parametrize("name", ["../p.png", "/tmp/p.png", "sub/p.png", ".hidden.png", "p.svg",
                                  "p\\x1b[31m.png"])
def test_plot_must_be_a_plain_png_name(tmp_path, capsys, name):
    path = _write(tmp_path, TOY + f'  plot: "{name}"\n')
    assert main([path, "-o", str(tmp_path / "r.txt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}:11: plot file") and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.yaml"]


def test_count_from_circuit_is_refused(tmp_path, capsys):
    assert main([_write(tmp_path, TOY), "--count-from", "circuit"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "does not apply to a training model" in err


def test_carleman_study_kind_reports_orders(tmp_path, capsys):
    model = tmp_path / "c.yaml"
    model.write_text("name: c\ncarleman_study: {params: 2, r_values: [0.5], orders: [1, 2, 3],"
                     " steps: 5, seeds: [0, 1], plot: c.png}\n")
    assert main([str(model), "--format", "json", "--plots", str(tmp_path)]) == 0
    section = json.loads(capsys.readouterr().out)["carleman_study"]
    assert section["rows"][0]["within_bound"] and (tmp_path / "c.png").exists()
    model.write_text("name: c\ncarleman_study: {r_values: [1.5]}\n")
    assert main([str(model)]) == 2
    assert "(0, 1)" in capsys.readouterr().err


def test_measured_hessian_is_labelled_when_extrapolated(tmp_path, capsys):
    model = tmp_path / "m.yaml"
    model.write_text(
        "name: m\ntraining:\n  params: 100000\n  nonzero_fraction: 0.1\n  steps: 5\n"
        "  learning_rate: 0.01\n  epsilon: 0.001\n"
        "  hessian: {measured: {hidden: 2, train_steps: 5, samples: 60, keep_fraction: 0.2}}\n"
        "  hessian_row_nonzeros: 4\n  hardware: {layer_seconds: 1.0e-5, classical_flops: 1.0e15}\n")
    assert main([str(model), "--format", "json"]) == 0
    section = json.loads(capsys.readouterr().out)["training"]
    assert section["hessian_measurement"]["scope"].startswith("EXTRAPOLATION")
    assert section["hessian_measurement"]["lanczos_vs_dense_max_difference"] < 1e-6


@pytest.mark.parametrize("module", ["sklearn.datasets", "scipy.sparse.linalg"])
def test_measured_hessian_without_its_extra_is_one_line(tmp_path, capsys, monkeypatch, module):
    """The measured spectrum needs scikit-learn (digits) and SciPy (Lanczos): without them,
    a one-line error at the hessian key naming the extra, exit 2 (not an internal error)."""
    monkeypatch.setitem(sys.modules, module, None)  # import now raises ImportError
    model = tmp_path / "m.yaml"
    model.write_text(
        "name: m\ntraining:\n  params: 100000\n  nonzero_fraction: 0.1\n  steps: 5\n"
        "  learning_rate: 0.01\n  epsilon: 0.001\n"
        "  hessian: {measured: {hidden: 2, train_steps: 5, samples: 60}}\n"
        "  hessian_row_nonzeros: 4\n  hardware: {layer_seconds: 1.0e-5, classical_flops: 1.0e15}\n")
    assert main([str(model), "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert f"{model}:8:" in captured.err and module.split(".")[0] in captured.err
    assert "pip install 'qdl-compiler[studies]'" in captured.err
