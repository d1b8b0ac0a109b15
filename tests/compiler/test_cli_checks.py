"""No surprises on the command line: combinations that would be ignored are refused, -o is
checked before the work, and every JSON report says where it came from."""

import hashlib
import json
from pathlib import Path

import pytest

from qdl.compiler.cli import main

EXAMPLES = Path(__file__).parents[2] / "examples"
ADD32 = str(EXAMPLES / "add32.yaml")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("argv, message", [
    ([ADD32, "--physical", "--format", "qdk"], "--format qdk writes the logical counts only"),
    ([ADD32, "--physical", "--format", "qref"], "--format qref writes the logical counts only"),
    ([ADD32, "--frontier"], "--frontier applies to a physical estimate"),
    (["--input", EXAMPLES / "vbe_adder4.qasm", "--emit", "qasm3"], "--emit applies to model"),
    (["--input", EXAMPLES / "vbe_adder4.qasm", "--simulate"], "--simulate applies to model"),
    ([ADD32, "--emit", "qasm3", "--verify"], "--verify would be ignored"),
    ([ADD32, "--emit", "qasm3", "--format", "json"], "--format would be ignored"),
    ([ADD32, "-o", "/no/such/folder/r.json"], "no folder /no/such/folder"),  # the output layer (issue 21)
    ([EXAMPLES / "readout_table3.yaml", "--count-from", "circuit"], "does not apply to a readout"),
    ([EXAMPLES / "from_counts.yaml", "--count-from", "circuit"], "does not apply to a logical_c"),
])
def test_refused_in_one_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_png_of_an_illegibly_large_circuit_is_refused_before_drawing(tmp_path, capsys):
    code, _, err = run(capsys, ADD32, "--emit", "png", "-o", tmp_path / "a.png")
    assert code == 2 and "--emit png would draw" in err and not (tmp_path / "a.png").exists()


def test_verify_on_a_model_without_a_circuit_says_so(capsys):
    code, out, _ = run(capsys, EXAMPLES / "readout_table3.yaml", "--verify")
    assert code == 0 and "Nothing to verify" in out
    code, out, _ = run(capsys, EXAMPLES / "readout_table3.yaml", "--verify", "--format", "json")
    assert json.loads(out)["verification"] == []


def test_a_deterministic_circuit_is_simulated_once(tmp_path, capsys):
    model = tmp_path / "m.yaml"
    model.write_text("name: s\nprimitive: add\nparams: {bits: 6}\ninputs: {a: 40, b: 30}\n")
    code, out, _ = run(capsys, model, "--simulate", "--format", "json")
    sim = json.loads(out)["simulation"]
    assert code == 0 and sim["shots"] == 1 and sim["counts"] == {"a=6 b=30": 1}
    assert "one shot" in sim["shots_note"]
    code, out, _ = run(capsys, model, "--simulate", "--noise", "depolarizing:0.001",
                       "--format", "json")
    assert json.loads(out)["simulation"]["shots"] == 1024  # noise: not deterministic


def test_a_failed_default_physical_estimate_names_what_works(capsys):
    code, _, err = run(capsys, EXAMPLES / "qresnet18.yaml", "--physical")
    assert code == 2 and "above the largest distance 50" in err
    # a network's budget is its model's accuracy.failure, so only other profiles are offered
    assert "--physical qubit_gate_ns_e4 works:" in err and "physical qubits" in err


def test_frontier_for_any_report(capsys):
    code, out, _ = run(capsys, ADD32, "--physical", "qubit_gate_ns_e4", "--frontier",
                       "--format", "json")
    front = json.loads(out)["physical_frontier"]
    assert code == 0 and len(front) > 1
    assert [p["runtime_seconds"] for p in front] == sorted(p["runtime_seconds"] for p in front)


def test_json_reports_carry_their_provenance(capsys):
    code, out, _ = run(capsys, ADD32, "--format", "json")
    prov = json.loads(out)["provenance"]
    assert prov["command"] == f"qdl-compile {ADD32} --format json"
    assert prov["input"] == {"path": ADD32,
                             "sha256": hashlib.sha256(Path(ADD32).read_bytes()).hexdigest()}
    assert prov["qiskit"] and prov["qiskit_aer"] and prov["created"].endswith("+00:00")


def test_list_primitives_keeps_brackets_that_look_like_markup(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, "--list-primitives")
    assert code == 0 and "[a < b]" in out


def test_sweep_of_a_training_model(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, EXAMPLES / "sparse_training_7m.yaml", "--sweep", "steps=10,30,100",
                       "--format", "json")
    sweep = json.loads(out)["sweep"]
    assert code == 0 and [r[0] for r in sweep["tables"][0]["rows"]] == [10, 30, 100]
    assert sweep["t_count_exponent"] > 1  # T² polylog: more than linear in the steps
    code, _, err = run(capsys, EXAMPLES / "sparse_training_7m.yaml", "--sweep", "speed=1,2")
    assert code == 2 and "no number called 'speed'" in err
