"""amplitude_estimation: estimates land within ε as often as promised; counts; qubits."""

import math

import numpy as np

import pytest

from qdl.circuits.qlam.amplitude_estimation import (IterativeAmplitudeEstimation,
                                                    QPEAmplitudeEstimation, RotationOracle,
                                                    VectorOracle, iterative_query_bound,
                                                    qpe_bits)
from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block
from qdl.passes.verify_amplitude import check_amplitude_estimation

PRIM = lookup("amplitude_estimation")


def test_qpe_bits_meet_brassard_bound():
    for eps in (0.3, 0.05, 1e-3, 1e-6):
        p = qpe_bits(eps)
        m = 1 << p
        assert math.pi / m + math.pi ** 2 / m ** 2 <= eps
        assert math.pi / (m / 2) + math.pi ** 2 / (m / 2) ** 2 > eps  # least such p


@pytest.mark.parametrize("a", [0.05, 0.3, 0.5, 0.9])
def test_qpe_on_aer_meets_8_over_pi_squared(a):
    check = check_amplitude_estimation(QPEAmplitudeEstimation(RotationOracle(a), 0.1))
    assert check.success_rate >= 8 / math.pi ** 2


@pytest.mark.parametrize("a", [0.05, 0.3, 0.5, 0.9])
def test_iterative_on_aer_meets_its_confidence(a):
    block = IterativeAmplitudeEstimation(RotationOracle(a), 0.02, delta=0.05)
    check = check_amplitude_estimation(block)
    assert check.success_rate >= 0.95
    assert check.max_queries <= iterative_query_bound(0.02, 0.05)


def test_vector_oracle_with_and_ladders_on_aer():
    oracle = VectorOracle(2, (0.3, 0.5, -0.6, 0.2))
    assert oracle.amplitude() == pytest.approx((0.36 + 0.04) / 0.74)
    for block in (QPEAmplitudeEstimation(oracle, 0.2), IterativeAmplitudeEstimation(oracle, 0.05)):
        result = verify_block(block)
        assert result.passed, result.failures


def test_iterative_uses_fewer_qubits_and_says_so():
    qpe = PRIM.block(PRIM.params(variant="qpe", qubits=10, epsilon=0.01))
    it = PRIM.block(PRIM.params(variant="iterative", qubits=10, epsilon=0.01))
    assert it.cost().qubits < qpe.cost().qubits
    assert qpe.cost().qubits - it.cost().qubits >= qpe_bits(0.01)
    assert it.notes()["qubits_vs_qpe"] == f"{it.cost().qubits} vs {qpe.cost().qubits}"


@pytest.mark.parametrize("variant", ["qpe", "iterative"])
@pytest.mark.parametrize("eps", [0.3, 0.15, 0.08])
def test_counts_equal_the_circuit(variant, eps):
    block = PRIM.block(PRIM.params(variant=variant, qubits=2, epsilon=eps))
    assert block.cost().differences(count_circuit(build_circuit(block))) == {}


def test_qpe_queries_and_grover_count():
    block = PRIM.block(PRIM.params(variant="qpe", amplitude=0.2, epsilon=0.01))
    m = 1 << block.bits
    assert block.notes()["grover_iterations"] == m - 1
    one = block.grover_cost()
    # controlled Q: controlled S_χ (CZ) and S_0, uncontrolled A, A†: no rotation is doubled
    assert block.cost().rotations >= (m - 1) * one.rotations


def test_large_precision_counts_quickly_without_unrolling():
    block = PRIM.block(PRIM.params(variant="qpe", qubits=20, epsilon=1e-4))
    assert len(block.program().ops) < 5000  # the 2^15 Grover iterations stay folded
    assert block.cost().measurements > 0


@pytest.mark.parametrize("variant,eps", [("iterative", 0.05), ("qpe", 0.3)])
def test_block_encoding_as_the_inner_block(variant, eps):
    """a = ‖A x‖²/α²: the estimator runs the block-encoding and its replayed inverse."""
    a = [[0.5, -0.2], [0.3, 0.9]]
    block = PRIM.block(PRIM.params(variant=variant, epsilon=eps, input=[0.6, 0.8],
                                   block_encoding={"variant": "lcu_pauli", "matrix": a,
                                                   "prepare": "tree"}))
    y = np.array(a) @ [0.6, 0.8]
    assert block.oracle.amplitude() == pytest.approx(y @ y / block.oracle.encoding.alpha ** 2)
    result = verify_block(block)
    assert result.passed, result.failures


def test_block_encoding_inner_block_counts_at_2_to_the_20():
    block = PRIM.block(PRIM.params(variant="iterative", epsilon=0.01,
                                   block_encoding={"size": 1 << 20}))
    per_be = block.oracle.encoding.cost().rotations
    # A and A† once per Grover iteration, plus the initial A: (2k + 1) block-encodings
    assert block.cost().rotations == (2 * block.powers + 1) * per_be
