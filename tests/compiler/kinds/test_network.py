"""The network kind from the command line: located one-line errors for every bad-input class
(unknown layers, inconsistent shapes, impossible parameters, missing primitives)."""

import re

import json

import pytest

from qdl.compiler.cli import main
from qdl.estimators.network import modules

ONE_LINE = re.compile(r"^error: (?P<file>[^:]+):(?P<line>\d+): (?P<what>.+) \((?P<fix>.+)\)$")

HEAD = """name: t
network:
  input: {channels: 1, height: 4, width: 4}
  readout: {protocol: tomography_linf, delta: 0.1}
"""


def run_bad(tmp_path, capsys, text, *args):
    path = tmp_path / "net.yaml"
    path.write_text(text)
    code = main([str(path), *args])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    (line,) = err.strip().splitlines()
    match = ONE_LINE.match(line)
    assert match, line
    return int(match["line"]), match["what"], match["fix"]


CASES = {
    "unknown layer": (HEAD + "  layers:\n    - {type: relu}\n    - {type: convv, out_channels: 2}\n",
                      7, "unknown layer type 'convv'", "did you mean 'conv'?"),
    "unknown nested layer": (HEAD + "  layers:\n    - type: residual\n      body:\n"
                             "        - {type: rellu}\n", 8, "unknown layer type 'rellu'", "relu"),
    "inconsistent shapes": (HEAD + "  layers:\n    - {type: relu}\n"
                            "    - {type: residual, body: [{type: conv, out_channels: 3, "
                            "kernel: 1}]}\n", 7, "shortcut gives", "projection"),
    "kernel too large": (HEAD + "  layers:\n    - {type: conv, out_channels: 2, kernel: 7}\n", 6,
                         "does not fit", "smaller kernel"),
    "bad layer param": (HEAD + "  layers:\n    - {type: conv, out_channels: 0}\n", 6,
                        "out_channels", "docs/model-format.md"),
    "dcd without rank": ("name: t\nnetwork:\n  input: {channels: 1, height: 4, width: 4}\n"
                         "  readout: {protocol: dcd, epsilon: 0.1}\n  layers: [{type: relu}]\n",
                         4, "needs rank and epsilon", "docs/model-format.md"),
    "frac_bits too large": (HEAD + "  numerics: {bits: 8, frac_bits: 8}\n  layers: [{type: relu}]\n",
                            5, "frac_bits", "docs/model-format.md"),
    "preset and layers": (HEAD + "  preset: resnet18\n  layers: [{type: relu}]\n", 2,
                          "exactly one of 'preset' and 'layers'", "docs/model-format.md"),
    "unknown preset": (HEAD + "  preset: resnet19\n", 5, "network.preset", "resnet18"),
    "unknown key": (HEAD + "  layers: [{type: relu}]\n  qram_model: qrom\n", 6,
                    "unknown key 'network.qram_model'", "allowed keys: preset, layers"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input(tmp_path, capsys, case):
    text, line, what, fix = CASES[case]
    got_line, got_what, got_fix = run_bad(tmp_path, capsys, text)
    assert got_line == line and what in got_what and fix in got_fix


def test_missing_primitive_names_it_at_the_layer(tmp_path, capsys, monkeypatch):
    from qdl.circuits import registry

    monkeypatch.setattr(modules, "find", lambda name: None if name == "relu"
                        else registry.find(name))
    modules._primitive.cache_clear()
    try:
        line, what, fix = run_bad(tmp_path, capsys, HEAD + "  layers:\n    - {type: relu}\n")
    finally:
        modules._primitive.cache_clear()
    assert line == 6
    assert re.search(r"primitive '(relu|qrom|qdac)' \((QAM|DTM), issue [34]\) is not in", what)


def test_sweep_of_a_primitive_fits_gidneys_linear_t_count(tmp_path, capsys):
    path = tmp_path / "add.yaml"
    path.write_text("name: a\nprimitive: add\nparams: {bits: 4}\n")
    assert main([str(path), "--sweep", "bits=8,16,32,64", "--format", "json"]) == 0
    sweep = json.loads(capsys.readouterr().out)["sweep"]
    assert [row[2] for row in sweep["tables"][0]["rows"]] == [4 * n - 4 for n in (8, 16, 32, 64)]
    assert sweep["t_count_exponent"] == pytest.approx(1, abs=0.1)  # 4n − 4: 1.06 over 8..64
