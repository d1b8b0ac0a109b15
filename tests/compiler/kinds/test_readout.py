"""The readout model kind through the CLI: Table 3, executed protocols, one-line errors."""

import json
from pathlib import Path

import pytest

from qdl.compiler.cli import main

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def write(tmp_path, body: str) -> str:
    path = tmp_path / "model.yaml"
    path.write_text(body)
    return str(path)


def test_table3_example_reproduces_the_pattern(capsys):
    assert main([str(EXAMPLES / "readout_table3.yaml"), "--format", "json"]) == 0
    section = json.loads(capsys.readouterr().out)["readout"]
    assert section["worst_ratio_deviation_within_protocol"] < 0.02
    titles = [t["title"] for t in section["tables"]]
    assert any("Table 3" in t for t in titles)
    model = section["tables"][0]
    assert model["rows"][-1][0] == "ℓ∞ tomography" and len(model["rows"]) == 6
    assert main([str(EXAMPLES / "readout_table3.yaml")]) == 0
    text = capsys.readouterr().out
    assert "DCD r=30" in text and "how constants follow" in text


def test_dcd_example_and_executed_errors(capsys, tmp_path):
    assert main([str(EXAMPLES / "readout_dcd.yaml"), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "Chebyshev coefficients" in out and "estimation_error_l2" in out
    path = write(tmp_path, "name: t\nreadout:\n  protocol: tomography_linf\n  delta: 0.2\n"
                           "  amplitudes: [1, -2, 3, -4, 5, -6, 7, -8]\n  execute: aer\n")
    assert main([path, "--format", "json"]) == 0
    run = json.loads(capsys.readouterr().out)["readout"]["run"]
    assert run["backend"] == "aer" and run["size"] == 8 and run["error_linf"] <= 0.2


@pytest.mark.parametrize("body,line,message", [
    ("name: t\nreadout:\n  protocol: dcd\n  size: 16\n  rank: 17\n  epsilon: 0.1\n", 5,
     "rank 17 is larger than the state's size N = 16"),
    ("name: t\nreadout:\n  protocol: dcd\n  size: 16\n  rank: 4\n  epsilon: 0\n", 6,
     "readout.epsilon: Input should be greater than 0"),
    ("name: t\nreadout:\n  protocol: dcd\n  size: 16\n  rank: 4\n  epsilon: -0.5\n", 6,
     "greater than 0"),
    ("name: t\nreadout:\n  protocol: shadows\n  size: 16\n", 3, "readout.protocol: Input should be"),
    ("name: t\nreadout:\n  size: 16\n  protocol: tomography_l2\n", 4, "tomography_l2 needs delta"),
    ("name: t\nreadout:\n  size: 16\n  protocol: tomography_l2\n  delta: 0.1\n  rank: 3\n", 6,
     "rank applies to dcd only"),
    ("name: t\nreadout:\n  protocol: dcd\n  size: 128\n  rank: 4\n  epsilon: 0.1\n"
     "  execute: aer\n", 7, "Aer runs the readout protocols for N ≤ 64"),
    ("name: t\nreadout:\n  size: 64\n  table3: {ranks: [10, 80]}\n", 4, "rank 80 is outside"),
    ("name: t\nreadout:\n  size: 8\n  amplitudes: [1, 2]\n  protocol: dcd\n", 3,
     "size 8 but 2 amplitudes"),
])
def test_bad_inputs_are_one_line_errors_with_file_and_line(tmp_path, capsys, body, line, message):
    path = write(tmp_path, body)
    assert main([path]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and err.startswith(f"error: {path}:{line}: ")
    assert message in err


def test_table3_reports_the_ordering_flip_and_plots_conventions(tmp_path, capsys):
    path = write(tmp_path, "name: t\nreadout:\n  size: 65536\n  table3: {plot: conv.png}\n")
    assert main([path, "--format", "json", "--plots", str(tmp_path)]) == 0
    section = json.loads(capsys.readouterr().out)["readout"]
    assert section["ordering_flip"].startswith("ordering flip")
    assert len(section["conventions"]["flipped_cells"]) == 5
    assert (tmp_path / "conv.png").stat().st_size > 1000
    titles = [t["title"] for t in section["tables"]]
    assert any("cheaper protocol per cell" in t for t in titles)
