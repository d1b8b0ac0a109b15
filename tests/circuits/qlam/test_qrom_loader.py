"""QROM-loaded trees: angles, rounding, and the amplitudes they prepare."""

import numpy as np
import pytest
from qiskit_aer import AerSimulator

from qdl.circuits.qlam.loaders import tree_angles
from qdl.circuits.qlam import qrom_loader
from qdl.circuits.qlam.program import Program
from qdl.circuits.qlam.qrom_loader import (angle_span, encoded_levels, prepare_tree_qrom,
                                           quantize, tree_amplitudes)
from qdl.passes.verify import expand_for_aer


def test_exact_angles_give_back_the_rows():
    table = np.random.default_rng(1).normal(size=(4, 8))
    table /= np.linalg.norm(table, axis=1, keepdims=True)
    assert np.allclose(tree_amplitudes(tree_angles(table), 2), table)


def test_quantize_wraps_modulo_the_span():
    assert list(quantize(np.array([0.0, np.pi, -np.pi, 3.9 * np.pi]), 3, 4 * np.pi)) == \
        [0, 2, 6, 0]
    assert angle_span(np.ones((1, 4))) == 2 * np.pi and angle_span(-np.ones((1, 4))) == 4 * np.pi


def test_selected_rows_on_aer():
    """Selector s (1 qubit) prepares row s of the table with the rounded angles."""
    table = np.abs(np.random.default_rng(2).normal(size=(2, 4)))
    bits = 5
    want = tree_amplitudes(encoded_levels(table, 2, 1, bits, angle_span(table)), 1)
    want /= np.linalg.norm(want, axis=1, keepdims=True)
    for s in range(2):
        prog = Program(3)
        if s:
            prog.x(2)
        prepare_tree_qrom(prog, [0, 1], [2], table, bits, block=1)
        qc = expand_for_aer(prog.circuit())
        qc.save_statevector()
        sv = np.asarray(AerSimulator(method="statevector").run(qc, shots=1, seed_simulator=5)
                        .result().get_statevector())
        got = np.array([sv[i + 4 * s] for i in range(4)])
        assert np.allclose(got, want[s], atol=1e-9)
        assert np.linalg.norm(got - table[s] / np.linalg.norm(table[s])) < 0.05


@pytest.mark.parametrize("n, w, data, block, pg, adjoint, dirty", [
    (3, 1, True, 1, True, False, 0), (3, 1, True, None, True, True, 0),
    (2, 2, True, 2, False, False, 0), (3, 1, False, None, True, False, 12),
    (4, 4, False, None, True, False, 0), (4, 4, False, 4, True, True, 0)])
def test_memoised_calls_count_and_build_as_the_inline_gates(monkeypatch, n, w, data, block, pg,
                                                            adjoint, dirty):
    """The rotation and the small lookups as sub-program calls (their per-wire profiles) give
    every count, the width and the depths of the same gates recorded inline, and the same
    circuit; (4, 4): the last level's 128 words are a lookup kept whole (qlam.calls)."""
    table = np.random.default_rng(3).normal(size=(1 << w, 1 << n)) if data else None

    def record():
        prog = Program(n + w + dirty)
        prepare_tree_qrom(prog, list(range(n)), list(range(n, n + w)), table, 4, block,
                          adjoint=adjoint, phase_gradient=pg,
                          dirty=list(range(n + w, n + w + dirty)) if dirty else None, wait=0)
        return prog

    fast = record()
    monkeypatch.setattr(qrom_loader, "_as_calls", lambda prog: False)
    inline = record()
    assert fast.cost() == inline.cost()
    assert fast.circuit() == inline.circuit()


def test_live_rows_load_rows_times_two_to_the_level_words_on_aer():
    """rows = 3 of a 2-bit selector: selectors 0–2 prepare their rows (rounded angles); the
    lookups hold 3·2^ℓ words, so the plain QROM's T is Σ_ℓ 2·4(3·2^ℓ − 2) (load + unload,
    Babbush et al. 2018 §III.A: 4W − 8 for W words) against Σ_ℓ 2·4(4·2^ℓ − 2) for all rows."""
    n, w, rows, bits = 2, 2, 3, 5
    table = np.abs(np.random.default_rng(4).normal(size=(1 << w, 1 << n)))
    want = tree_amplitudes(encoded_levels(table, n, w, bits, angle_span(table)), w)
    want /= np.linalg.norm(want, axis=1, keepdims=True)
    for s in range(rows):
        prog = Program(n + w)
        for j in range(w):
            if s >> j & 1:
                prog.x(n + j)
        prepare_tree_qrom(prog, list(range(n)), list(range(n, n + w)), table, bits, block=1,
                          rows=rows)
        qc = expand_for_aer(prog.circuit())
        qc.save_statevector()
        sv = np.asarray(AerSimulator(method="statevector").run(qc, shots=1, seed_simulator=5)
                        .result().get_statevector())
        assert np.allclose([sv[i + (s << n)] for i in range(1 << n)], want[s], atol=1e-9)
    lookups = qrom_loader.qrom_tree_t_count(n, w, bits, 1, rows=rows)
    assert lookups == sum(8 * ((rows << ell) - 2) for ell in range(n))
    assert qrom_loader.qrom_tree_t_count(n, w, bits, 1) - lookups == \
        8 * ((1 << w) - rows) * ((1 << n) - 1)
    with pytest.raises(ValueError, match="selector bits"):
        prepare_tree_qrom(Program(n + w), list(range(n)), list(range(n, n + w)), table, bits,
                          rows=2)
