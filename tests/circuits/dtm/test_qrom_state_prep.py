"""State preparation with QROM-loaded angles (Low–Kliuchnikov–Schaeffer 2018)."""

import numpy as np
import pytest

from qdl.circuits.dtm.qrom_state_prep import QROMStatePreparation
from qdl.circuits.dtm.state_prep import StatePreparation
from qdl.circuits.qlam.qrom_loader import qrom_tree_t_count
from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block

PRIM = lookup("state_prep")


def vector(n: int, seed: int, nonnegative: bool = False) -> tuple[float, ...]:
    x = np.random.default_rng(seed).normal(size=1 << n)
    return tuple(float(v) for v in (np.abs(x) if nonnegative else x))


@pytest.mark.parametrize("n,bits,block,nonneg", [(1, 4, 1, False), (2, 6, 1, True),
                                                 (3, 5, 1, False), (3, 4, 2, True),
                                                 (4, 3, None, False)])
def test_prepares_the_rounded_tree_on_aer(n, bits, block, nonneg):
    x = vector(n, 10 * n + bits, nonneg)
    sp = QROMStatePreparation(n, x, bits, block, phase_gradient=False)
    result = verify_block(sp)  # fidelity ≥ 1 − 1e−9 with target_state, counts both ways
    assert result.passed, result.failures
    # each angle within span/2^(b+1), each half-angle within span/2^(b+2); span 2π for x ≥ 0
    span = 2 * np.pi if nonneg else 4 * np.pi
    assert sp.error <= n * span / (1 << (bits + 1)) / 2 + 1e-12


@pytest.mark.parametrize("n,nonneg", [(2, True), (2, False), (3, True)])
def test_phase_gradient_rotation_on_aer(n, nonneg):
    """RY by phase kickback on a phase-gradient register: the same rounded tree, exactly."""
    sp = QROMStatePreparation(n, vector(n, 7 * n, nonneg), 3, 1, phase_gradient=True)
    result = verify_block(sp)
    assert result.passed, result.failures


def test_size_only_counts_equal_the_built_circuit():
    for n, block, pg in ((3, 1, False), (5, None, False), (4, None, True)):
        sp = QROMStatePreparation(n, None, 6, block, phase_gradient=pg)
        assert sp.cost().differences(count_circuit(build_circuit(sp))) == {}
    assert verify_block(QROMStatePreparation(3, None, 4, 1, phase_gradient=False)).passed


@pytest.mark.parametrize("n", [8, 12])
def test_lookups_cost_what_the_dtm_blocks_cost(n):
    """T: the lookups (load + unload per level ≥ 1) plus, with the phase gradient, two
    controlled additions per level (Gidney 2018: 2w − 1 AND for w bits; signed data, span 4π:
    a·4 into the b + 1-bit register is w = b − 1, the unconditional −a·2 is w = b, so
    4b − 4 AND); rotations: ≤ 4b per level, or 2(b − 2) + 1."""
    bits = 10
    for block in (1, None):
        lookups = qrom_tree_t_count(n, 0, bits, block)
        ry = QROMStatePreparation(n, None, bits, block, phase_gradient=False).cost()
        assert ry.t_count - ry.t == lookups
        assert ry.rotations <= 1 + 4 * bits * (n - 1)
        pg = QROMStatePreparation(n, None, bits, block).cost()
        assert pg.t_count - pg.t == lookups + (n - 1) * 4 * (4 * bits - 4)
        assert pg.rotations == 1 + 2 * (bits - 2)
    qrom = QROMStatePreparation(n, None, bits, 1, phase_gradient=False).cost()
    assert qrom.t_count - qrom.t == sum(8 * ((1 << ell) - 2) for ell in range(2, n))


def test_rotation_depth_stops_growing_with_n():
    """tree: rotation depth N − n; qrom: the 4b-ish rotations per level, whatever N."""
    for n in (8, 12):
        tree = StatePreparation(n).cost()
        qrom = QROMStatePreparation(n, None, 10, phase_gradient=False).cost()
        assert tree.rotation_depth == (1 << n) - n
        assert qrom.rotation_depth <= 1 + 4 * 10 * (n - 1)
        assert QROMStatePreparation(n, None, 10).cost().rotation_depth <= 3


def test_primitive_method_qrom():
    block = PRIM.block(PRIM.params(amplitudes=[3, 1, 2, 0.5], method="qrom", angle_bits=5,
                                   rotation="controlled_ry"))
    assert isinstance(block, QROMStatePreparation) and verify_block(block).passed
    with pytest.raises(ValueError, match="power of two"):
        PRIM.params(size=8, method="qrom", block=3)
    with pytest.raises(ValueError, match="every table word"):
        PRIM.params(size=1 << 21, method="qrom")
