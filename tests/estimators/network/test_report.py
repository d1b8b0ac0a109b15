"""Report formats, sections and sweeps of a network."""

import json
import re

import pytest

from qdl.compiler.cli import main
from qdl.estimators.network.sweep import exponent, parse_sweep
from qdl.errors import UsageError

MODEL = """name: tiny
network:
  input: {channels: 1, height: 8, width: 8}
  numerics: {bits: 16, frac_bits: 12}
  readout: {protocol: dcd, rank: 4, epsilon: 0.05}
  layers:
    - {type: conv, out_channels: 2, kernel: 3, padding: 1}
    - {type: relu}
    - type: residual
      body: [{type: conv, out_channels: 2, kernel: 3, padding: 1}, {type: batchnorm}]
    - {type: avgpool}
    - {type: linear, out_features: 3}
"""


def compile_(tmp_path, capsys, *args, model=MODEL):
    path = tmp_path / "tiny.yaml"
    path.write_text(model)
    assert main([str(path), *args]) == 0
    return capsys.readouterr().out


def test_json_layers_carry_modules_readout_and_totals(tmp_path, capsys):
    data = json.loads(compile_(tmp_path, capsys, "--format", "json"))
    names = [l["name"] for l in data["layers"]]
    assert names == ["conv", "relu", "residual.conv", "residual.batchnorm", "residual.add",
                     "avgpool", "linear"]
    conv = data["layers"][0]
    # 2 output channels at 4 bits: shift-and-add constants beat the loaded weights' table
    # and dot in qubits × T-depth (the default objective); the report names the rejected one
    # (the guard-bit sum is converted through its copy saturated to b bits: "saturate")
    assert {m["primitive"] for m in conv["modules"]} == {"qrom", "dot_const_floored",
                                                         "select_copy", "saturate", "qdac",
                                                         "clifford"}
    assert conv["construction"].startswith("shift-and-add") and conv["optimize_for"] == "spacetime"
    (other,) = conv["rejected"]
    assert other["construction"].startswith("loaded") and other["qubits"] > 0
    assert conv["readout"]["protocol"] == "dcd" and conv["readout"]["rank"] == 4
    assert conv["total"]["t_count"] == conv["cost"]["t_count"] * conv["repetitions"]
    net = data["network"]
    assert net["graph"]["residual_edges"] == 1
    assert net["dominant_layer"] in names
    assert sum(data["layers"][i]["total"]["t_count"] for i in range(7)) == \
        data["totals"]["t_count"]


def test_html_is_self_contained_with_chart_and_sweep_plot(tmp_path, capsys):
    # the default (classical) weights: the shift-and-add convs split into feature groups and
    # partial sums, so the network frontier has more than one point and draws its chart
    page = compile_(tmp_path, capsys, "--format", "html", "--sweep", "height=8,16,32")
    assert page.startswith("<!DOCTYPE html>")
    # per-layer chart, the schedule's qubits–T-depth frontier, the sweep's two log-log plots
    assert page.count("<svg") == 4
    # nothing is fetched: the only URLs are the SVG namespace names
    assert "http" not in re.sub(r'xmlns(:xlink)?="http://www\.w3\.org/[^"]*"', "", page)


def test_sweep_table_and_exponents(tmp_path, capsys):
    data = json.loads(compile_(tmp_path, capsys, "--format", "json", "--sweep", "r=2,4,8"))
    sweep = data["sweep"]
    assert sweep["parameter"] == "rank"
    assert len(sweep["tables"][0]["rows"]) == 3
    # DCD queries grow as r·(2M−1) with M ∝ r/ε: total cost ∝ r² up to the π²/M² term at small M
    assert sweep["t_count_exponent"] == pytest.approx(2, abs=0.1)


def test_exponent_fit_and_sweep_parsing():
    assert exponent([1, 2, 4], [3, 12, 48]) == pytest.approx(2)
    assert exponent([1, 2], [0, 1]) is None
    assert parse_sweep("eps=0.1,0.05") == ("epsilon", [0.1, 0.05])
    for bad in ("height", "speed=1,2", "bits=8", "rank=a,b", "rank=0,2"):
        with pytest.raises(UsageError):
            parse_sweep(bad)


def test_a_stage_growing_faster_than_classical_overrules_a_fitted_win():
    from qdl.estimators.network.sweep import asymptotic

    win = "quantum would win beyond N ≈ 7e+36 (fitted: quantum x^0.52, classical x^1.42)"
    rows = [["ffn", 1, 0.0, 4e31, 0.5], ["attention.values", 1, 2.1, 4e27, 3.0]]
    text = asymptotic(win, rows, 4e31, 0.5, 1.42, 1e6, "N")
    # 4e27·(x/1e6)^3 = 4e31·(x/1e6)^0.5 at x = 1e6·(1e4)^(1/2.5) = 3.98e7
    assert text.endswith("overtakes the fitted total at N ≈ 3.98e+07: asymptotically never")
    assert asymptotic(win, rows[:1], 4e31, 0.5, 1.42, 1e6, "N") == win
    assert asymptotic("never: …", rows, 4e31, 0.5, 1.42, 1e6, "N") == "never: …"
