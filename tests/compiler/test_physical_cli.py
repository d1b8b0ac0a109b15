"""qdl-compile --physical / --error-budget / --format qdk|qref and the logical_counts kind."""

import json
from pathlib import Path

import pytest

from qdl.compiler.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "from_counts.yaml")
ADD32 = str(ROOT / "examples" / "add32.yaml")
KEYS = {"profile", "physical_qubits", "runtime_seconds", "code_distance", "t_factories",
        "logical_qubits", "logical_depth", "t_states", "logical_error_rate"}


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_from_counts_example(capsys):
    code, out, _ = run(capsys, EXAMPLE, "--format", "json")
    phys = json.loads(out)["physical"]
    assert code == 0 and KEYS <= set(phys)
    assert (phys["profile"], phys["physical_qubits"], phys["runtime_seconds"]) == (
        "qubit_gate_ns_e4", 1_035_590, 6000.0)


def test_physical_on_a_primitive_report(capsys):
    code, out, _ = run(capsys, "--physical", ADD32, "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["physical"]["profile"] == "qubit_gate_ns_e3"
    # Gidney's 32-bit adder: 31 ANDs = 124 T states, 3 cycles each + 31 measurements
    assert report["physical"]["t_states"] == 124
    assert report["physical"]["logical_depth"] == 3 * 31 + 31


def test_cli_overrides_the_model_file(capsys, tmp_path):
    frontier = tmp_path / "f.yaml"
    frontier.write_text(Path(EXAMPLE).read_text().replace("error_budget: 0.001",
                                                          "error_budget: 0.001, frontier: true"))
    code, out, _ = run(capsys, str(frontier), "--physical", "qubit_maj_ns_e6", "--qec",
                       "floquet_code", "--error-budget", "0.01", "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert (report["physical"]["profile"], report["physical"]["qec"],
            report["physical"]["error_budget"]) == ("qubit_maj_ns_e6", "floquet_code", 0.01)
    assert len(report["physical_frontier"]) >= 2


def test_format_qdk(capsys):
    code, out, _ = run(capsys, ADD32, "--format", "qdk")
    assert code == 0 and json.loads(out) == {
        "numQubits": 95, "tCount": 0, "rotationCount": 0, "rotationDepth": 0, "cczCount": 0,
        "ccixCount": 31, "measurementCount": 31}


def test_format_qref(capsys):
    code, out, _ = run(capsys, ADD32, "--format", "qref")
    doc = json.loads(out)
    assert code == 0 and doc["version"] == "v1"
    resources = {r["name"]: r["value"] for r in doc["program"]["resources"]}
    assert resources["t_count"] == 124 and resources["qubits"] == 95
    qref = pytest.importorskip("qref")
    qref.SchemaV1.model_validate(doc)


@pytest.mark.parametrize("argv, message", [
    (["--physical", "qubit_gate_ns_e5"], "did you mean 'qubit_gate_ns_e4'"),
    (["--physical", "--error-budget", "1.5"], "(0, 1)"),
    (["--physical", "--qec", "floquet_code"], "Majorana"),
])
def test_bad_cli_inputs(capsys, argv, message):
    code, _, err = run(capsys, ADD32, *argv)
    assert code == 2 and message in err and err.count("\n") == 1


@pytest.mark.parametrize("physical, message", [
    ("{profile: qubit_gate_ns_e3, max_physical_qubits: 1000}", "no estimate fits"),
    ("{profile: qubit_gate_ns_e3, error_budget: 2}", "error_budget"),
    ("{profile: qubit_gate_ns_e3, budget: 0.01}", "did you mean 'error_budget'"),
    ("{profile: qubit_maj_ns_e5}", "did you mean 'qubit_maj_ns_e"),
])
def test_bad_model_files(capsys, tmp_path, physical, message):
    model = tmp_path / "m.yaml"
    model.write_text("name: m\nlogical_counts: {qubits: 10, t: 1000}\n"
                     f"physical: {physical}\n")
    code, _, err = run(capsys, str(model))
    assert code == 2 and message in err and err.count("\n") == 1
    assert f"{model}:3:" in err
