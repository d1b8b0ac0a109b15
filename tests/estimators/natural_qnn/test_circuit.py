"""Aer versus the emulator, and the resource formulas versus counts of the built circuit.

Statistical test: a small random network (4 inputs, hidden layers 3 and 3: 64 joint outcomes)
is lowered to a dynamic circuit and run on Aer with 4000 seeded shots; Pearson's χ² against the
emulator's exact distribution must stay below the 0.999 quantile (module stats). The same test
must reject a distribution computed with the wrong coupling angle (it has power).
"""

import math

import numpy as np
import pytest

from qdl.circuits.cost import rotation_t_count
from qdl.estimators.natural_qnn.circuit import dynamic_circuit, inference_circuit, run_on_aer
from qdl.estimators.natural_qnn.emulator import classical_forward, exact_distribution
from qdl.estimators.natural_qnn.model import Network
from qdl.estimators.natural_qnn.resources import inference_cost, resource_report
from qdl.estimators.natural_qnn.stats import chi_square_agreement
from qdl.errors import BuildLimitError
from qdl.passes.circuit_count import count_circuit

CASES = [("rotation", 1.0, math.pi / 2), ("weak_measurement", 0.8, 0.9),
         ("weak_measurement", 0.0, 0.6)]


@pytest.mark.parametrize("scheme,a,g", CASES)
def test_aer_and_emulator_agree(scheme, a, g):
    rng = np.random.default_rng(2)
    net = Network.init(4, [3, 3], 2, rng, scheme=scheme, a=a, g=g)
    x = rng.uniform(-1, 1, 4)
    counts = run_on_aer(dynamic_circuit(net, x), shots=4000, seed=13)
    assert chi_square_agreement(counts, exact_distribution(net, x))["passed"]
    # the quantumness parameter of the scheme, perturbed
    wrong = net.with_quantumness(a / 2, g) if scheme == "rotation" else \
        net.with_quantumness(a, g * 0.7)
    wrong = exact_distribution(wrong, x)
    assert not chi_square_agreement(counts, wrong)["passed"]


@pytest.mark.parametrize("scheme", ["rotation", "weak_measurement"])
def test_aer_classical_limit_is_deterministic(scheme):
    rng = np.random.default_rng(4)
    net = Network.init(5, [4, 3], 2, rng, scheme=scheme, a=0.0, g=math.pi / 2)
    x = rng.uniform(-1, 1, 5)
    counts = run_on_aer(dynamic_circuit(net, x), shots=50, seed=1)
    ref = [int(((1 - s) / 2) @ (1 << np.arange(len(s)))) for s in classical_forward(net, x)]
    assert counts == {tuple(ref): 50}


def test_wide_layers_are_refused_for_aer():
    net = Network.init(4, [7, 2], 2, np.random.default_rng(0), a=1.0)
    with pytest.raises(BuildLimitError):
        dynamic_circuit(net, np.zeros(4))


@pytest.mark.parametrize("scheme,a,g", CASES + [("rotation", 0.0, math.pi / 2),
                                                ("weak_measurement", 1.0, math.pi / 4),
                                                ("weak_measurement", 1.0, math.pi / 2)])
@pytest.mark.parametrize("widths", [[3], [2, 5], [4, 3, 6]])
@pytest.mark.parametrize("reuse", [True, False])
def test_resource_counts_equal_circuit_counts(scheme, a, g, widths, reuse):
    circuit = count_circuit(inference_circuit(widths, scheme, a, g, reuse), rotation_eps=1e-4)
    formula = inference_cost(widths, scheme, a, g, 1e-4, reuse)
    if len(widths) == 1:  # one layer: no feed-forward, so every field including depths
        assert circuit == formula
    else:
        assert circuit.counts_only() == formula.counts_only()
        assert circuit.qubits == formula.qubits


def test_resource_report_numbers():
    r = resource_report([32, 16], "rotation", 1.0, math.pi / 2, 1e-3)
    assert (r["qubits_with_reuse"], r["qubits_without_reuse"]) == (32, 48)
    assert r["rotations"] == r["measurements"] == 48
    assert r["t_count_after_synthesis"] == 48 * rotation_t_count(1e-3) == 48 * 30
    w = resource_report([32, 16], "weak_measurement", 0.5, 1.0, 1e-3)
    assert (w["qubits_with_reuse"], w["qubits_without_reuse"]) == (64, 96)
    assert w["rotations"] == 4 * 48 and w["rotation_depth"] == 2 * 3
    assert resource_report([8], "rotation", 0.0, math.pi / 2, 1e-3)["t_count_after_synthesis"] == 0
