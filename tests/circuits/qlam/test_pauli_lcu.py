"""lcu_pauli: unary-iteration SELECT and alias-sampling PREPARE (Babbush et al. 2018)."""

import numpy as np
import pytest

from qdl.circuits.qlam.block_encoding import pauli_coefficients
from qdl.circuits.qlam.pauli_lcu import (lcu_t_count, pauli_matrix, pauli_terms,
                                         select_t_count)
from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block

PRIM = lookup("block_encoding")


def make(**params):
    return PRIM.block(PRIM.params(variant="lcu_pauli", **params))


def pairs(a: np.ndarray) -> list:
    return np.stack([a.real, a.imag], axis=-1).tolist()


def random(size: int, kind: str, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(size, size))
    if kind == "symmetric":
        return (a + a.T) / 2
    if kind == "complex":
        return a + 1j * rng.normal(size=(size, size))
    if kind == "hermitian":
        b = a + 1j * rng.normal(size=(size, size))
        return (b + b.conj().T) / 2
    return a


@pytest.mark.parametrize("kind", ["real", "complex", "hermitian", "symmetric"])
@pytest.mark.parametrize("prepare,mu,block", [("alias", 2, 1), ("tree", 10, None)])
def test_encodes_2x2(kind, prepare, mu, block):
    """α·(top-left block of the Aer circuit) == Ã, the matrix the alias table encodes."""
    a = random(2, kind, 3)
    be = make(matrix=pairs(a), prepare=prepare, mu=mu, block=block)
    result = verify_block(be)
    assert result.passed, result.failures
    assert np.linalg.norm(a - be.target(), 2) <= be.alpha * 2.0 ** -mu + 1e-12


def test_encodes_2x2_with_a_qroam():
    a = random(2, "real", 3)  # 4 terms over 4 bins: K = 2 gives a QROM over 2 super-words
    be = make(matrix=a.tolist(), mu=1, block=2)
    assert be.layout.block == 2 and verify_block(be).passed


@pytest.mark.slow
@pytest.mark.parametrize("kind,block", [("real", 1), ("real", 2), ("symmetric", 1)])
def test_encodes_4x4_with_alias(kind, block):
    be = make(matrix=random(4, kind, 5).tolist(), mu=2, block=block)
    result = verify_block(be)
    assert result.passed, result.failures


def test_encodes_4x4_with_tree():
    be = make(matrix=pairs(random(4, "complex", 5)), prepare="tree")
    assert verify_block(be).passed
    assert be.error < 1e-12  # exact amplitudes: Ã = A


def test_alpha_is_the_l1_norm_of_pauli_coefficients():
    """Real or Hermitian A: one term per Pauli string, α = Σ|c_P| exactly (Childs–Wiebe)."""
    for kind in ("real", "hermitian", "symmetric"):
        a = random(8, kind, 11)
        be = make(matrix=pairs(a))
        assert be.alpha == pytest.approx(np.abs(pauli_coefficients(a)).sum(), rel=1e-12)
    a = random(4, "complex", 2)  # general complex: real and imaginary parts are two terms
    d = sum(w * 1j ** q * pauli_matrix(2, x, z) for x, z, q, w in pauli_terms(a)[0])
    assert np.allclose(d, a)


def test_a_pauli_sum_keeps_only_its_terms():
    x = np.array([[0, 1], [1, 0]])
    z = np.diag([1, -1])
    a = 0.5 * np.kron(x, z) - 0.25 * np.kron(z, np.eye(2))  # 2 terms: 1 index qubit
    be = make(matrix=a.tolist(), prepare="tree")
    assert be.signature["be"].width == 1 and be.alpha == pytest.approx(0.75)
    assert verify_block(be).passed


def test_counts_equal_the_built_circuit():
    for params in (dict(matrix=random(4, "symmetric", 1).tolist(), mu=3),
                   dict(matrix=pairs(random(4, "complex", 1)), mu=4, block=4),
                   dict(size=4, mu=2), dict(size=2, prepare="tree")):
        be = make(**params)
        assert be.cost().differences(count_circuit(build_circuit(be))) == {}


def test_literature_counts_at_64x64():
    """Random real symmetric 64×64: the 2080 symmetric Pauli strings.

    SELECT: L − 2 AND (Babbush et al. 2018 §III.A); PREP and PREP†: the uniform superposition
    over L (Fig. 12), a QROAM over L words of 12 + μ bits (Berry et al. 2019 App. B), a μ-bit
    comparator and 12 CSWAPs.
    """
    a = random(64, "symmetric", 1)
    for mu, block in ((7, None), (7, 1), (10, None)):
        be = make(matrix=a.tolist(), mu=mu, block=block)
        cost = be.cost()
        terms = len(pauli_terms(a)[0])
        assert terms == 2080
        assert cost.rotations == 4  # Fig. 12 over L = 2^5·65: two RZ in PREP, two in PREP†
        # The literature count is for a table of distinct words; the DTM lookups skip the
        # unary-iteration subtrees of equal neighbouring words (issue 17), so real data can
        # only cost less, by whole ANDs.
        formula = lcu_t_count(terms, mu, be.layout.block)
        assert cost.t_count <= formula and (formula - cost.t_count) % 4 == 0
        # Size-only (worst-case, all distinct) tables meet the formula exactly.
        worst = make(size=64, mu=mu, block=block)
        assert worst.cost().t_count == lcu_t_count(2 * 4 ** 6, mu, worst.layout.block)
    tree = make(matrix=a.tolist(), prepare="tree").cost()
    assert tree.t_count == select_t_count(2080) == 8312
    assert tree.rotations == 2 * 4095


def test_size_only_lists_every_string_with_a_complex_phase():
    be = make(size=8, prepare="tree")
    assert be.cost().t_count == select_t_count(2 * 4 ** 3)
    assert "worst-case" in be.notes()["data"]


@pytest.mark.parametrize("prepare", ["alias", "tree"])
def test_a_single_term(prepare):
    """One Pauli string (L = 1): the iteration and the table still cover two words."""
    for m in ([[2, 0], [0, 2]], [[0, -1.5], [-1.5, 0]]):
        be = make(matrix=m, prepare=prepare, mu=2)
        assert be.alpha == pytest.approx(abs(m[0][0] or m[0][1])) and be.error == 0
        assert verify_block(be).passed
