"""State preparation with angles looked up on borrowed qubits (Low–Kliuchnikov–Schaeffer)."""

import math

import numpy as np
import pytest
from qiskit import QuantumCircuit
from qiskit.quantum_info import random_statevector
from qiskit_aer import AerSimulator

import qdl.circuits.qlam.qrom_loader as qrom_loader
from qdl.circuits.dtm.dirty_state_prep import (DirtyQROMStatePreparation, default_dirty_qubits,
                                               level_blocks)
from qdl.circuits.dtm.qrom_state_prep import QROMStatePreparation
from qdl.circuits.dtm.select_swap import best_dirty_block, select_swap_t_count
from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import expand_for_aer, verify_block

PRIM = lookup("state_prep")


def vector(n: int, seed: int, nonnegative: bool = False) -> tuple[float, ...]:
    x = np.random.default_rng(seed).normal(size=1 << n)
    return tuple(float(v) for v in (np.abs(x) if nonnegative else x))


def run_with_dirty_state(sp: DirtyQROMStatePreparation, seed: int, reference: int = 2):
    """The built circuit run with the borrowed register in a random state entangled with
    ``reference`` extra qubits: (output statevector, expected ψ ⊗ φ ⊗ |0⟩_ancillas)."""
    built = build_circuit(sp)
    n, lam = sp.qubits_n, sp.borrowed
    width = built.num_qubits
    qc = QuantumCircuit(width + reference)
    phi = random_statevector(1 << (lam + reference), seed=seed)
    held = list(range(n, n + lam)) + list(range(width, width + reference))
    qc.initialize(phi.data, held)
    qc.compose(expand_for_aer(built), range(width), inplace=True)
    qc.save_statevector()
    out = np.asarray(AerSimulator(method="statevector").run(qc, shots=1, seed_simulator=seed)
                     .result().get_statevector())
    psi = sp.target_state()[:1 << n]
    # little-endian: state (n bits), dirty (λ), ancillas (|0⟩), then the reference qubits
    full = np.zeros((1 << reference, 1 << (width - n - lam), 1 << lam, 1 << n), dtype=complex)
    phi_m = phi.data.reshape(1 << reference, 1 << lam)  # [reference, dirty]
    full[:, 0, :, :] = phi_m[:, :, None] * psi[None, None, :]
    return out, full.reshape(-1)


@pytest.fixture(params=[False, True], ids=["gates", "calls"])
def calls(request, monkeypatch):
    """Lookups recorded gate by gate, or kept whole (qlam.calls) from 2 words up."""
    if request.param:
        monkeypatch.setattr(qrom_loader, "CALL_WORDS", 2)
    return request.param


@pytest.mark.parametrize("n,bits,block,pg,nonneg,seed", [
    (3, 3, 2, False, False, 1), (4, 2, 4, False, False, 3),
    pytest.param(3, 2, 2, True, True, 2, marks=pytest.mark.slow)])  # 20 qubits: ~100 s
def test_prepares_the_state_and_restores_random_dirty_qubits(calls, n, bits, block, pg,
                                                             nonneg, seed):
    """Amplitudes to 1e-8 with the borrowed qubits entangled with a reference system, which
    must get them back untouched; counts == the built circuit's (basis dirty inputs too)."""
    sp = DirtyQROMStatePreparation(n, vector(n, seed, nonneg), bits, block,
                                   phase_gradient=pg)
    assert sp.borrowed == block * bits and sp.blocks()[-1] == block
    out, want = run_with_dirty_state(sp, seed)
    phase = np.vdot(want, out)
    assert abs(abs(phase) - 1) < 1e-8
    assert np.max(np.abs(out - phase * want)) < 1e-8
    span = 2 * np.pi if nonneg else 4 * np.pi  # each angle within span/2^(b+1) of exact
    assert sp.error <= n * span / (1 << (bits + 1)) / 2 + 1e-12
    result = verify_block(sp, random_cases=4)
    assert result.passed, result.failures


def test_size_only_counts_equal_the_built_circuit(calls):
    for n, bits, lam, pg in ((5, 3, 6, False), (5, 2, None, True), (6, 2, 8, True)):
        sp = DirtyQROMStatePreparation(n, None, bits, None, phase_gradient=pg, dirty_qubits=lam)
        assert sp.cost().differences(count_circuit(build_circuit(sp))) == {}


@pytest.mark.parametrize("n,lam", [(10, None), (12, None), (12, 40), (14, 100)])
def test_t_count_is_the_lks_formula(n, lam):
    """T = Σ_ℓ 2·[8(⌈2^ℓ/K_ℓ⌉ − 2) + 16b(K_ℓ − 1)] (K_ℓ = 1: 2·4(2^ℓ − 2)) + the phase-gradient
    additions, 4(4b − 4) per level for signed data (as for the clean loader); qubits n + λ +
    the clean loader's b-bit angle register, phase gradient and the largest lookup's ANDs."""
    bits = 10
    sp = DirtyQROMStatePreparation(n, None, bits, dirty_qubits=lam)
    blocks = sp.blocks()
    assert all(K * bits <= sp.lam for K in blocks if K > 1)
    lookups = sum(2 * select_swap_t_count(1 << ell, bits, K)
                  for ell, K in zip(range(1, n), blocks))
    cost = sp.cost()
    assert cost.t_count - cost.t == lookups + (n - 1) * 4 * (4 * bits - 4)
    assert cost.rotations == 1 + 2 * (bits - 2)
    assert lookups == qrom_loader.qrom_tree_t_count(n, 0, bits, None, sp.lam)
    # each level takes the best K that fits in λ (K = 1 included)
    for ell, K in zip(range(1, n), blocks):
        fits = [1] + [1 << k for k in range(1, ell) if (1 << k) * bits <= sp.lam]
        assert select_swap_t_count(1 << ell, bits, K) == min(
            select_swap_t_count(1 << ell, bits, k) for k in fits)
    # the borrowed qubits are the only qubits beyond the plain-QROM loader's (whose peak is
    # the angle register, the phase gradient and an adder's ANDs)
    assert cost.qubits == QROMStatePreparation(n, None, bits, 1).cost().qubits + sp.borrowed


def test_default_lambda_is_the_square_root_trade_off():
    """λ = K*·b with K* minimising 8N/K + 16bK: K* ≈ √(N/2b) (within a factor 2, powers of
    two), and it beats both the plain QROM and any other K at the top level."""
    bits = 10
    for n in (14, 16, 18):
        words = 1 << (n - 1)
        K = default_dirty_qubits(n, bits) // bits
        assert K == best_dirty_block(words, bits)
        assert 0.5 <= K / math.sqrt(words / (2 * bits)) <= 2
        assert level_blocks(n, bits, K * bits)[-1] == K
    sp = DirtyQROMStatePreparation(16, None, bits)
    qrom = QROMStatePreparation(16, None, bits, 1).cost()
    assert sp.cost().t_count < qrom.t_count / 3  # ~√N·b against N at 2^16 amplitudes


def test_primitive_method_qrom_dirty():
    block = PRIM.block(PRIM.params(amplitudes=[3, 1, 2, 0.5, 1, 1, -2, 0.25],
                                   method="qrom_dirty", angle_bits=3, block=2,
                                   rotation="controlled_ry"))
    assert isinstance(block, DirtyQROMStatePreparation) and block.borrowed == 6
    assert verify_block(block, random_cases=4).passed
    with pytest.raises(ValueError, match="needs 12 dirty qubits"):
        PRIM.params(size=64, method="qrom_dirty", angle_bits=3, block=4, dirty_qubits=6)
    with pytest.raises(ValueError, match="parameter of method qrom_dirty"):
        PRIM.params(size=64, method="qrom", dirty_qubits=6)
    assert PRIM.block(PRIM.params(size=1 << 8, method="qrom_dirty", dirty_qubits=0)).borrowed == 0
