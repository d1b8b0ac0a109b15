"""Coherent alias sampling: the classical table and the PREPARE's amplitudes on Aer."""

import numpy as np
from qiskit_aer import AerSimulator

import pytest

from qdl.circuits.qlam.alias import (AliasLayout, alias_probabilities, alias_table,
                                     record_alias_prepare, record_uniform)
from qdl.circuits.qlam.program import Program
from qdl.passes.verify import expand_for_aer


def test_alias_table_is_exact_in_integers():
    """p̃ has denominator B·2^μ and Σ|p̃ − p| < L/(B·2^μ) (largest-remainder rounding)."""
    rng = np.random.default_rng(0)
    for terms, bins, mu in [(5, 8, 3), (2080, 4096, 7), (64, 64, 1), (1, 2, 4)]:
        w = rng.random(terms) ** 3
        keep, alt, counts = alias_table(w, bins, mu)
        assert all(0 <= k < 1 << mu for k in keep) and all(0 <= a < terms for a in alt)
        p = alias_probabilities(keep, alt, mu, terms)
        assert np.allclose(p * bins * (1 << mu), counts)
        assert np.abs(p - w / w.sum()).sum() < terms / (bins << mu)



def test_prepare_gives_each_index_its_probability():
    """Σ over junk of |amplitude|² on index ℓ is p̃_ℓ (Babbush et al. 2018, Fig. 11)."""
    w = np.array([0.1, 0.5, 0.25, 0.15])
    layout = AliasLayout(4, 2, 1)
    keep, alt, _ = alias_table(w, 4, 2)
    prog = Program(layout.width)
    record_alias_prepare(prog, list(range(layout.width)), layout, keep, alt)
    qc = expand_for_aer(prog.circuit())
    qc.save_statevector()
    sv = np.asarray(AerSimulator(method="statevector").run(qc, shots=1, seed_simulator=3)
                    .result().get_statevector())
    probs = np.zeros(4)
    for idx, amp in enumerate(sv):
        probs[idx & 3] += abs(amp) ** 2
    assert np.allclose(probs, alias_probabilities(keep, alt, 2, 4), atol=1e-12)
    assert np.abs(probs - w).sum() < 2 ** -2


@pytest.mark.parametrize("count", [2, 3, 5, 6, 12, 13])
def test_uniform_over_exactly_l(count):
    """Babbush et al. 2018 Fig. 12: amplitude 1/√L on i < L (up to a global phase), 0 else;
    ancillas back to |0⟩; two rotations unless L is a power of two."""
    m = (count - 1).bit_length()
    prog = Program(m)
    record_uniform(prog, list(range(m)), count)
    qc = expand_for_aer(prog.circuit())
    qc.save_statevector()
    sv = np.asarray(AerSimulator(method="statevector").run(qc, shots=1, seed_simulator=1)
                    .result().get_statevector())
    want = np.zeros(len(sv))
    want[:count] = count ** -0.5
    assert abs(abs(np.vdot(want, sv)) - 1) < 1e-9
    assert prog.cost().rotations == (0 if count & (count - 1) == 0 else 2)
