"""block_encoding: α·(top-left block of the Aer unitary) == A, counts both ways, formulas."""

import math

import numpy as np
import pytest

from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block

PRIM = lookup("block_encoding")


def random_matrix(size: int, complex_: bool, seed: int) -> list:
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(size, size))
    if not complex_:
        return a.tolist()
    b = rng.normal(size=(size, size))
    return np.stack([a, b], axis=-1).tolist()  # [re, im] pairs, as in a model file


def make(**params):
    return PRIM.block(PRIM.params(**params))


@pytest.mark.parametrize("complex_", [False, True])
@pytest.mark.parametrize("size", [2, 4, 8, 16])
def test_dense_encodes_random_matrices(size, complex_):
    block = make(variant="dense", matrix=random_matrix(size, complex_, size))
    result = verify_block(block)
    assert result.passed, result.failures
    assert block.alpha == pytest.approx(np.linalg.norm(block.target()))  # α = ‖A‖_F
    assert block.ancillas == int(math.log2(size))


def test_non_power_of_two_matrix_is_padded():
    block = make(variant="dense", matrix=np.arange(1, 10).reshape(3, 3).tolist())
    assert block.target().shape == (4, 4) and verify_block(block).passed


@pytest.mark.parametrize("variant", ["dense", "lcu_pauli", "sparse"])
@pytest.mark.parametrize("size", [2, 4, 8])
def test_size_only_counts_equal_the_built_worst_case(variant, size):
    block = make(variant=variant, size=size, sparsity=2 if size > 2 else 1)
    assert block.target() is None
    assert block.cost().differences(count_circuit(build_circuit(block))) == {}


def test_dense_worst_case_formula_at_2_to_the_20():
    """2^n(2^n−1) tree + 4^n−1 phases + 2^n−1 norms = 2·4^n − 2 rotations, n ancillas."""
    n = 20
    cost = make(variant="dense", size=1 << n).cost()
    assert cost.rotations == 2 * 4 ** n - 2
    assert cost.qubits == 2 * n
    assert cost.t_count == 0


def test_real_dense_formula():
    """Real data: no phase stage, 2^n(2^n−1) + 2^n−1 rotations when every angle is generic."""
    block = make(variant="dense", matrix=random_matrix(8, False, 3))
    assert block.cost().rotations == 8 * 7 + 7


def test_notes_report_alpha_ancillas_error():
    notes = make(variant="dense", matrix=[[1, 0], [0, 1]]).notes()
    assert notes["alpha"] == pytest.approx(math.sqrt(2)) and notes["ancillas"] == 1
    assert notes["approximation_error"] == 0
    assert "worst-case" in make(variant="sparse", size=64, sparsity=4).notes()["data"]
