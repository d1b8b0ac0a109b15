"""The budgeted network report: rotation T in every summary, the union bound over every
coefficient of every stage, per-rotation precision from the count, success factors in the
repetitions, per-entry precision, located budget errors, the physical estimate on the same
budget, and the classical baseline."""

import json
import math

import pytest

from qdl.circuits.cost import rotation_t_count
from qdl.compiler.cli import main
from qdl.estimators.budget import amplification
from qdl.estimators.network import spec as S
from qdl.estimators.network.account import account
from qdl.estimators.network.compile import compile_network

TINY = """name: tinyvit
network:
  input: {tokens: 8, dim: 4}
  numerics: {bits: 16, frac_bits: 12}
  readout: {protocol: dcd, rank: 2, epsilon: 0.05}
  layers:
    - {type: attention, heads: 2}
    - {type: ffn, hidden: 8}
"""


def run(tmp_path, capsys, text=TINY, *args, code=0):
    path = tmp_path / "m.yaml"
    path.write_text(text)
    assert main([str(path), *args]) == code
    out = capsys.readouterr()
    return out.out if code == 0 else out.err


def test_every_summary_includes_rotation_t(tmp_path, capsys):
    data = json.loads(run(tmp_path, capsys, TINY, "--format", "json", "--sweep",
                          "tokens=8,16"))
    totals, budget = data["totals"], data["budget"]
    assert totals["rotations"] > 0
    t_rot = rotation_t_count(0.01 * 0.25 / budget["rotations_executed"])
    assert budget["t_per_rotation"] == t_rot
    assert totals["rotation_t"] == totals["rotations"] * t_rot
    assert totals["total_t"] == totals["t_count"] + totals["rotation_t"]
    assert totals["total_t_depth"] == totals["t_depth"] + totals["rotation_depth"] * t_rot
    assert budget["rotations_executed"] == totals["rotations"]
    for layer in data["layers"]:
        assert layer["total"]["total_t"] == layer["cost"]["total_t"] * layer["repetitions"]
        assert layer["cost"]["rotation_t"] == layer["cost"]["rotations"] * t_rot
    net = data["network"]
    assert net["total_t"] == totals["total_t"] == sum(net["total_t_by_family"].values())
    values = next(l for l in data["layers"] if l["name"] == "attention.values")
    assert values["cost"]["total_t"] > 100 * values["cost"]["t_count"]  # rotations dominate it
    sweep = data["sweep"]
    cols = sweep["tables"][0]["columns"]
    for row in sweep["tables"][0]["rows"]:
        r = dict(zip(cols, row))
        assert r["total T"] == r["T-count"] + r["rotation T"] and r["rotation T"] > 0
    assert sweep["total_t_exponent"] is not None and sweep["precision_mode"] == "per_entry"


def test_every_format_leads_with_total_t(tmp_path, capsys):
    for fmt, marker in (("table", "total_t"), ("md", "| total_t |"),
                        ("html", "<td>total_t</td>")):
        text = run(tmp_path, capsys, TINY, "--format", fmt)
        assert marker in text and text.index("total_t") < text.index("t_count")
        for title in ("Failure budget", "Precision (absolute) and success per stage",
                      "Error propagation to the output", "Classical network FLOPs",
                      "Assumptions behind every number", "given: activation rms 1",
                      "error propagation", "numerics", "rotation synthesis", "QRAM",
                      "schedule", "weights"):
            assert title in text


def spec(layers, **kw):
    data = {"layers": layers, "input": {"channels": 1, "height": 4, "width": 4},
            "numerics": {"bits": 16, "frac_bits": 12},
            "readout": {"protocol": "dcd", "rank": 2, "epsilon": 0.05}, **kw}
    return S.NetworkSpec.model_validate(data)


def test_union_bound_grows_with_the_number_of_stages():
    one = account(compile_network(spec([{"type": "relu"}])))
    three = account(compile_network(spec([{"type": "relu"}] * 3)))
    assert one.coefficients == 2 and three.coefficients == 6
    assert one.failure_per_coefficient == pytest.approx(0.01 * 0.5 / 2)
    assert three.failure_per_coefficient == pytest.approx(one.failure_per_coefficient / 3)
    assert three.stages[0].readout["constants"]["failure_per_coefficient"] == \
        pytest.approx(0.005 / 6)


def test_success_factor_from_calibration_multiplies_the_readout():
    acc = account(compile_network(spec([{"type": "relu", "name": "a"},
                                        {"type": "relu", "name": "b"}],
                                       calibration={"layers": {"b": 4.0}})))
    a, b = acc.stages
    # signed qdac on the 16-bit output over a 4-qubit index of 16 elements: σ·2^(f−15),
    # 2^-3 for σ = 1, 2^-1 for σ = 4
    assert a.success["amplitude"] == 2**-3 and b.success["amplitude"] == 2**-1
    assert a.success["factor"] == amplification(2**-3)[0] == 13  # 2·6 + 1 < 64
    assert b.success["factor"] == 3
    assert a.repetitions == a.readout["queries"] * 13


def test_per_entry_precision_is_relative_to_the_typical_entry():
    acc = account(compile_network(spec([{"type": "relu"}],
                                       accuracy={"precision": "per_entry"})))
    info = acc.stages[0].readout
    assert info["precision"] == pytest.approx(0.05 / math.sqrt(16))
    assert info["precision_given"] == 0.05


def test_budget_that_cannot_be_met_is_a_located_error(tmp_path, capsys):
    bad = TINY.replace("{bits: 16, frac_bits: 12}", "{bits: 8, frac_bits: 4}")
    err = run(tmp_path, capsys, bad, code=2)
    assert err.count("\n") == 1 and ":4: error budget: fixed point: stage" in err
    assert "frac_bits ≥" in err
    lenient = bad.replace("  layers:", "  accuracy: {enforce: false}\n  layers:")
    data = json.loads(run(tmp_path, capsys, lenient, "--format", "json"))
    assert data["budget"]["met"] is False and data["budget"]["violations"] >= 1


def test_physical_estimate_consumes_the_same_budget(tmp_path, capsys):
    data = json.loads(run(tmp_path, capsys, TINY, "--format", "json", "--physical"))
    phys, budget = data["physical"], data["budget"]
    assert phys["error_budget"] == pytest.approx(0.01 * 0.25)
    assert phys["t_per_rotation"] == budget["t_per_rotation"]
    totals = data["totals"]
    assert phys["t_states"] == totals["total_t"]
    err = run(tmp_path, capsys, TINY, "--physical", "--error-budget", "0.001", code=2)
    assert "accuracy.failure" in err


def test_bucket_brigade_noise_is_charged_per_coherent_run():
    from qdl.estimators.budget import qram_query_infidelity

    acc = account(compile_network(spec(
        [{"type": "relu"}], qram="bucket_brigade",
        readout={"protocol": "tomography_linf", "delta": 0.05},
        accuracy={"epsilon": 0.2, "qram_error_rate": 1e-9})))
    st = acc.stages[0]
    # one sample = the success factor's calls, each with a load and an unload query
    per_query = qram_query_infidelity(4, 16, 1e-9)
    assert st.precision["qram"] == pytest.approx(st.success["factor"] * 2 * per_query)
    assert acc.qram_error_rate == 1e-9
    with pytest.raises(Exception, match="qram: stage 'relu' needs") as err:
        account(compile_network(spec([{"type": "relu"}], qram="bucket_brigade",
                                     accuracy={"qram_error_rate": 1e-3})))
    assert err.value.path == ("network", "qram") and "qram_error_rate ≤" in err.value.fix


@pytest.mark.parametrize("objective", ["qubits", "t_depth"])
def test_sweep_fits_total_t_so_a_quadratic_av_stage_shows_n_squared(tmp_path, capsys,
                                                                     objective):
    av = f"""name: av
network:
  input: {{tokens: 256, dim: 4}}
  numerics: {{bits: 16, frac_bits: 12}}
  readout: {{protocol: dcd, rank: 2, epsilon: 0.05}}
  accuracy: {{precision: absolute}}
  calibration: {{attention_success: 1.0}}
  optimize_for: {objective}
  layers:
    - {{type: attention, heads: 1}}
"""
    sweep = json.loads(run(tmp_path, capsys, av, "--format", "json", "--sweep",
                           "tokens=256,1024,2048"))["sweep"]
    table = sweep["tables"][1]
    rows = {r[0]: dict(zip(table["columns"][1:3], r[1:3])) for r in table["rows"]}
    if objective == "qubits":
        # the fewest qubits: A·V by rotation trees, Θ(N²) rotations; without them T-count is
        # nearly flat
        assert rows["attention.values"]["exponent"] == pytest.approx(2, abs=0.1)
        assert 1.7 < sweep["total_t_exponent"] < 2.1  # the other stages' repetitions grow too
        assert sweep["t_count_exponent"] < 0.2
    else:  # the least T-depth: QROAM-loaded angles, T ~ N (√(W·b) per level of W = N·2^ℓ)
        assert rows["attention.values"]["exponent"] == pytest.approx(1, abs=0.15)
        assert sweep["total_t_exponent"] < 1.2
