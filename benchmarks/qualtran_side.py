"""Qualtran's counts for the QLAM comparison rows; runs in Qualtran's own environment.

    /work/qualtran-venv/bin/python benchmarks/qualtran_side.py INSTANCES.json

Not imported by qdl (Qualtran is never a qdl dependency): ``compare_qualtran_qlam.py`` writes
the instances (matrices as .npy paths) to a JSON file, runs this script with the Python of a
separate environment that has ``qualtran`` installed, and reads one JSON line per instance:
``{"t": T without rotations, "rotations": …, "qubits": …}``. T counts Toffoli, AND and CSwap
at 4 T each (qdl's convention; Qualtran's ``total_t_count`` default for CSwap is also 4).
"""

from __future__ import annotations

import itertools
import json
import sys

import numpy as np


def _counts(bloq) -> dict:
    from qualtran.resource_counting import QECGatesCost, QubitCount, get_cost_value

    gc = get_cost_value(bloq, QECGatesCost())
    return {"t": int(gc.total_t_count(ts_per_rotation=0)), "rotations": int(gc.rotation),
            "qubits": int(get_cost_value(bloq, QubitCount()))}


def lcu_pauli(path: str, precision: float) -> dict:
    """SelectPauliLCU (unary iteration) + StatePreparationAliasSampling, as LCUBlockEncoding."""
    import cirq
    from qualtran.bloqs.block_encoding import LCUBlockEncoding
    from qualtran.bloqs.multiplexers.select_pauli_lcu import SelectPauliLCU
    from qualtran.bloqs.state_preparation import StatePreparationAliasSampling

    a = np.load(path)
    n = int(np.log2(a.shape[0]))
    mats = {"I": np.eye(2), "X": np.array([[0, 1], [1, 0]]),
            "Y": np.array([[0, -1j], [1j, 0]]), "Z": np.diag([1, -1])}
    strings, weights = [], []
    for combo in itertools.product("IXYZ", repeat=n):
        m = np.array([[1.0]])
        for c in combo:
            m = np.kron(m, mats[c])
        c = np.trace(m @ a) / a.shape[0]  # Hermitian A: real coefficients
        if abs(c) > 1e-12:
            strings.append(cirq.DensePauliString("".join(combo), coefficient=np.sign(c.real)))
            weights.append(abs(c.real))
    prep = StatePreparationAliasSampling.from_probabilities(weights, precision=precision)
    sel = SelectPauliLCU((len(strings) - 1).bit_length(), n, strings)
    return {**_counts(LCUBlockEncoding(select=sel, prepare=prep)), "mu": int(prep.mu),
            "terms": len(strings)}


def sparse_banded(n: int, bandsize: int, entry_bits: int, path: str) -> dict:
    """SparseMatrix with symmetric banded row/column oracles and an explicit entry oracle."""
    from qualtran.bloqs.block_encoding.sparse_matrix import (ExplicitEntryOracle, SparseMatrix,
                                                             SymmetricBandedRowColumnOracle)

    data = np.load(path)
    rows = SymmetricBandedRowColumnOracle(n, bandsize=bandsize)
    cols = SymmetricBandedRowColumnOracle(n, bandsize=bandsize)
    entries = ExplicitEntryOracle(n, data=data, entry_bitsize=entry_bits)
    be = SparseMatrix(rows, cols, entries, eps=0)
    return {**_counts(be), "alpha": float(be.alpha)}


def state_prep(path: str, phase_bits: int) -> dict:
    """StatePreparationViaRotations (Low–Kliuchnikov–Schaeffer: QROM-loaded angles applied by
    phase-gradient addition; its phase-gradient register is an input, not counted here)."""
    from qualtran.bloqs.state_preparation import StatePreparationViaRotations

    x = np.load(path)
    return _counts(StatePreparationViaRotations(phase_bitsize=phase_bits,
                                                state_coefficients=tuple(x / np.linalg.norm(x))))


def state_prep_dirty(path: str, phase_bits: int, blocks: list[int]) -> dict:
    """Qualtran 0.7 has no state preparation on dirty qubits: StatePreparationViaRotations
    with each level's QROM (and its adjoint; Qualtran controls every level by one qubit)
    costed as Qualtran's SelectSwapQROM with
    ``use_dirty_ancilla=True`` on the same angle data, block K_ℓ = ``blocks[ℓ−1]`` (qdl's
    choice; K = 1 keeps the QROM). Qubits: the borrowed K·b added to the plain count."""
    from qualtran.bloqs.data_loading.select_swap_qrom import SelectSwapQROM
    from qualtran.bloqs.state_preparation import StatePreparationViaRotations
    from qualtran.resource_counting import get_bloq_callee_counts

    x = np.load(path)
    sp = StatePreparationViaRotations(phase_bitsize=phase_bits,
                                      state_coefficients=tuple(x / np.linalg.norm(x)))
    out = _counts(sp)
    prgas = [b for b, _ in get_bloq_callee_counts(sp) if hasattr(b, "qrom_bloq")]
    borrowed = 0
    for prga in prgas:
        qrom = prga.qrom_bloq
        words = len(qrom.data[0])
        level = words.bit_length() - 1  # 2^ℓ angles (its phase stage: 2^n, kept as QROM)
        K = blocks[level - 1] if 1 <= level <= len(blocks) else 1
        if K == 1:
            continue
        dirty = SelectSwapQROM.build_from_data(*qrom.data, target_bitsizes=qrom.target_bitsizes,
                                               num_controls=qrom.num_controls,
                                               use_dirty_ancilla=True,
                                               log_block_sizes=(K.bit_length() - 1,))
        out["t"] += 2 * (_counts(dirty)["t"] - _counts(qrom)["t"])
        borrowed = max(borrowed, K * phase_bits)
    out["qubits"] += borrowed
    return out


def qrom(path: str) -> dict:
    """QROM.build_from_data: unary iteration that skips subtrees of equal words."""
    from qualtran.bloqs.data_loading.qrom import QROM

    return _counts(QROM.build_from_data(np.load(path)))


def none(why: str) -> dict:
    return {"error": f"not compared: {why}"}


def main() -> None:
    with open(sys.argv[1]) as fh:
        instances = json.load(fh)
    for inst in instances:
        kind = inst.pop("kind")
        try:
            out = {"lcu_pauli": lcu_pauli, "sparse_banded": sparse_banded,
                   "state_prep": state_prep, "qrom": qrom, "none": none,
                   "state_prep_dirty": state_prep_dirty}[kind](**inst)
        except Exception as exc:  # an API change must not hide the other rows
            out = {"error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
