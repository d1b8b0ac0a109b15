"""dense block-encoding with QROM-loaded trees: Aer top-left block, counts, depth scaling."""

import numpy as np
import pytest

from qdl.circuits.qlam.dense_qrom import QROMDenseBlockEncoding
from qdl.circuits.qlam.qrom_loader import qrom_tree_t_count
from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block

PRIM = lookup("block_encoding")


def make(**params):
    return PRIM.block(PRIM.params(variant="dense", loader="qrom", **params))


def softmax_rows(size: int, seed: int) -> np.ndarray:
    z = np.random.default_rng(seed).normal(size=(size, size))
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("kind,size,bits,block", [
    ("softmax", 2, 5, 1), ("softmax", 4, 4, 1), ("signed", 4, 4, None), ("complex", 2, 4, 1)])
def test_encodes_the_rounded_matrix_on_aer(kind, size, bits, block):
    rng = np.random.default_rng(size + bits)
    if kind == "softmax":
        a = softmax_rows(size, bits)
    elif kind == "signed":
        a = rng.normal(size=(size, size))
    else:
        a = rng.normal(size=(size, size)) + 1j * rng.normal(size=(size, size))
    be = make(matrix=np.stack([a.real, a.imag], axis=-1).tolist(), angle_bits=bits,
              block=block, rotation="controlled_ry")
    assert isinstance(be, QROMDenseBlockEncoding)
    result = verify_block(be)  # α · top-left block == Ã (the rounded-angle matrix), counts
    assert result.passed, result.failures
    assert be.alpha == pytest.approx(np.linalg.norm(a))  # α = ‖A‖_F exactly
    assert be.error < 0.5 * be.alpha  # Ã approximates A to the angles' precision
    finer = make(matrix=np.stack([a.real, a.imag], axis=-1).tolist(), angle_bits=14)
    assert finer.error < be.error and finer.error < 2e-3 * be.alpha


def test_phase_gradient_rotation_on_aer():
    be = make(matrix=softmax_rows(2, 3).tolist(), angle_bits=3, block=1)
    assert be.phase_gradient
    result = verify_block(be)
    assert result.passed, result.failures


def test_size_only_counts_equal_the_built_circuit():
    for size, block, rotation in ((4, 1, "controlled_ry"), (8, None, "controlled_ry"),
                                  (4, None, "phase_gradient")):
        be = make(size=size, angle_bits=5, block=block, rotation=rotation)
        assert be.cost().differences(count_circuit(build_circuit(be))) == {}


def test_t_is_the_lookups_and_rotation_depth_is_not_quadratic():
    """T of the two trees' lookups (load + unload per level) as the DTM blocks count them;
    rotation depth grows like n·b (rotations loader: ≈ N², here 4^n − 1 + …)."""
    for n in (5, 6):
        size = 1 << n
        a = softmax_rows(size, n)  # real, non-negative: no phase stage
        qrom = make(matrix=a.tolist(), rotation="controlled_ry").cost()
        rot = PRIM.block(PRIM.params(variant="dense", matrix=a.tolist())).cost()
        lookups = qrom_tree_t_count(n, n, 10, None) + qrom_tree_t_count(n, 0, 10, None)
        assert qrom.t_count - qrom.t == lookups
        assert rot.rotation_depth >= size * (size - 1)
        assert qrom.rotation_depth <= 2 * n * 4 * 10
        assert qrom.rotations <= 2 * n * 4 * 10
        pg = make(matrix=a.tolist()).cost()  # phase gradient: two registers' 2(b − 2) each
        assert pg.rotations == 4 * (10 - 2) + 1 and pg.rotation_depth <= 4


def test_too_large_for_the_qrom_loader_is_an_error():
    with pytest.raises(ValueError, match="loader rotations"):
        PRIM.params(variant="dense", loader="qrom", size=2048)
