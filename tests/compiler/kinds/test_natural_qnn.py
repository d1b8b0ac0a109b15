import json
from pathlib import Path

import pytest

from qdl.compiler.cli import main

TINY = """name: tiny
natural_qnn:
  layers: [8]
  scheme: weak_measurement
  a: 0.5
  g: 3*pi/8
  dataset: {train_size: 60, validation_size: 60}
  training: {epochs: 2}
  eval_shots: 3
  sweep: {a: [0, 1], g: [pi/2, 0.5], seeds: [0, 1]}
"""


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "model.yaml"
    path.write_text(text)
    return str(path)


def test_tiny_model_trains_reports_and_plots(tmp_path, capsys):
    out = tmp_path / "report.json"
    code = main([_write(tmp_path, TINY), "--format", "json", "-o", str(out), "--verify",
                 "--count-from", "circuit"])
    assert code == 0, capsys.readouterr().err
    report = json.loads(out.read_text())
    section = report["natural_qnn"]
    assert section["classical_limit"]["exact"]
    assert section["aer_check"]["passed"]
    assert set(section["sweeps"]) == {"a", "g"}
    assert all(Path(f).parent == tmp_path and Path(f).is_file()
               for f in section["plots"]["files"])
    assert len(section["plots"]["files"]) == 2
    # layer costs counted from the built circuit equal the resource formula
    res = section["resources"]
    assert report["totals"]["rotations"] == res["rotations"]
    assert report["totals"]["qubits"] == res["qubits_with_reuse"] == 16
    assert report["totals"]["rotation_depth"] == res["rotation_depth"]


@pytest.mark.parametrize("change,line,words", [
    ("  g: 3*pi/8\n", 6, "pi/2"),                 # replaced below by a bad value
    ("  eval_shots: 3\n", 9, "unknown key"),
    ("  layers: [8]\n", 3, "layers"),
])
def test_bad_inputs_are_one_line_errors_with_file_and_line(tmp_path, capsys, change, line, words):
    bad = {"  g: 3*pi/8\n": "  g: tau\n", "  eval_shots: 3\n": "  eval_shot: 3\n",
           "  layers: [8]\n": "  layers: []\n"}[change]
    path = _write(tmp_path, TINY.replace(change, bad))
    assert main([path]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and err.startswith(f"error: {path}:{line}:") and words in err


def test_g_outside_the_physical_range(tmp_path, capsys):
    path = _write(tmp_path, TINY.replace("g: 3*pi/8", "g: 2.0"))
    assert main([path]) == 2
    assert f"{path}:6:" in capsys.readouterr().err


def test_plots_folder_comes_from_the_command_line(tmp_path, capsys):
    path = _write(tmp_path, TINY + "  plots: nowhere\n")
    assert main([path]) == 2
    err = capsys.readouterr().err
    assert f"{path}:11:" in err and "--plots DIR" in err


def test_missing_optional_extra_is_one_line(tmp_path, capsys, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)  # import now raises ImportError
    assert main([_write(tmp_path, TINY)]) == 2
    err = capsys.readouterr().err
    assert "pip install 'qdl-compiler[nqnn]'" in err and err.count("\n") == 1


@pytest.mark.slow
def test_example_preset_runs(tmp_path, capsys):
    """The shipped preset end to end (about a minute on 2 busy cores)."""
    example = Path(__file__).parents[3] / "examples" / "natural_qnn.yaml"
    out = tmp_path / "nqnn.md"
    assert main([str(example), "--format", "md", "-o", str(out), "--verify"]) == 0
    text = out.read_text()
    # the human format renders the section as prose and tables, never as JSON (issue 19)
    assert "## natural qnn" in text and "| exact | yes |" in text and '"exact"' not in text
    assert (tmp_path / "nqnn-digits_sweep_g.png").is_file()


def test_baselines_section_and_plot(tmp_path, capsys):
    text = ("name: b\nnatural_qnn:\n  layers: [6]\n  a: 1.0\n"
            "  dataset: {train_size: 40, validation_size: 40}\n  training: {epochs: 1}\n"
            "  eval_shots: 3\n  baselines: {a: 1.0, seeds: [0, 1], members: 2}\n")
    out = tmp_path / "r.json"
    assert main([_write(tmp_path, text), "--format", "json", "-o", str(out)]) == 0
    section = json.loads(out.read_text())["natural_qnn"]["baselines"]
    assert section["verdict"].startswith("the qubit-neuron network is exactly a classical")
    assert len(section["table"]["rows"]) == 7 and section["table"]["columns"][6] == "Holm p"
    assert (tmp_path / "b_baselines.png").exists()
