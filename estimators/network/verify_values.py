"""The attention value stage (A·V, QLAM) of ``--verify``: its circuit with the shrunk
network's data, post-selected on the block-encoding's ancillas, against numpy.

The stage (qdl.estimators.network.lower_values) loads V as the state
Σ V[j, k·d/h + c']|j, c', k⟩/‖V‖ (``state_prep``; token j in the low qubits of ``vals``, the
head k in the high ones) and applies ⊕_k A_k by one ``heads_dense`` block-encoding whose head
register is the head bits of ``vals`` (α = max_k ‖A_k‖_F). With every block-encoding ancilla
0 the state is

    Σ_{k, c', i} (A_k V_k)[i, c'] / (α‖V‖) |i, c', k⟩,

head k's matrix on head k's columns only. The check builds the stage's own program with its
data — V's amplitudes into the ``state_prep`` it chose, the A_k into its ``heads_dense``,
same loader — runs it on Aer's matrix-product-state method (qdl.passes.mps_amplitudes) and
compares every post-selected amplitude with numpy's to TOL. Numpy takes A from the classical softmax of the forward pass's scores
and V from the fixed-point values; with the QROM loaders it applies the matrices and the
vector the rounded angles encode (the loaders' own numpy models, qrom_loader
.tree_amplitudes), and the method line states ‖A_k − Ã_k‖. Its hierarchy == circuit check is
the stage's check 1 (size-only blocks, the counted ones).
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from qdl.passes.mps_amplitudes import low_amplitudes

TOL = 1e-8
#: Widest data stage run (matrix-product-state method).
MAX_QUBITS = 40


def _calls(block):
    """(state_prep, heads_dense) of a value stage's QlamStage."""
    (prep, _), (be, _) = block.calls
    return prep, be


def data_stage(stage, a: np.ndarray, v: np.ndarray):
    """The stage's program with its blocks carrying the data: ``a`` (h, N, N), ``v`` (N, d).
    None when a call has no data form here (then the caller says so)."""
    if [b.name for b, _ in stage.block.calls] != ["state_prep", "heads_dense"]:
        return None
    (prep, pw), (be, bw) = stage.block.calls
    amps = loaded_values(stage, v)
    mats = tuple(tuple(tuple(float(x) for x in row) for row in m) for m in a)
    return replace(stage.block, calls=(
        (replace(prep, amplitudes=tuple(float(x) for x in amps)), pw),
        (replace(be, matrices=mats), bw)))


def loaded_values(stage, v: np.ndarray) -> np.ndarray:
    """V as ``vals`` holds it: entry j + 2^n·(c' + 2^m·k) = V[j, k·d/h + c'], zero padded."""
    _, be = _calls(stage.block)
    n, heads = be.n, be.heads
    hb = be.head_bits
    width = dict(stage.block.registers)["vals"]
    m = width - n - hb
    dh = v.shape[1] // heads
    out = np.zeros((1 << hb, 1 << m, 1 << n))
    for k in range(heads):
        out[k, :dh, :v.shape[0]] = v[:, k * dh:(k + 1) * dh].T
    return out.reshape(-1)


def expected_state(stage, a: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Numpy's post-selected amplitudes over ``vals`` (module docstring)."""
    block = data_stage(stage, a, v)
    prep, be = _calls(block)
    x = prep.target_state()  # V/‖V‖ (QROM: the rounded tree's)
    mats = be.head_matrices()  # the A_k (QROM: the rounded Ã_k), padded to h' heads
    size = mats.shape[1]
    x = x.reshape(mats.shape[0], -1, size)  # [k, c', j]
    return np.einsum("kij,kcj->kci", mats, x).reshape(-1) / be.alpha


def check_values(stage, data: dict):
    """The A·V stage's post-selected state on Aer == numpy (module docstring)."""
    from qdl.estimators.network.verify import _result
    from qdl.passes.build import build_circuit
    from qdl.passes.verify import expand_for_aer

    start = time.perf_counter()
    a, v = np.asarray(data["a"], float), np.asarray(data["v"], float)
    block = data_stage(stage, a, v)
    if block is None:
        names = ", ".join(b.name for b, _ in stage.block.calls)
        return _result(stage, "A·V post-selected state", f"not run: calls ({names}) without a "
                       "data form in qdl.estimators.network.verify_values", 0,
                       ["no data form for this A·V program"], start)
    qc = expand_for_aer(build_circuit(block))
    if qc.num_qubits > MAX_QUBITS:
        return _result(stage, "A·V post-selected state", f"not run: {qc.num_qubits} qubits "
                       f"above {MAX_QUBITS}", 0, [f"{qc.num_qubits} qubits"], start)
    got = low_amplitudes(qc, dict(block.registers)["vals"])  # be = 0, every ancilla 0
    want = expected_state(stage, a, v)
    top = int(np.argmax(np.abs(want)))
    phase = got[top] / want[top] if abs(got[top]) > 1e-12 else 1.0
    err = np.abs(got / (phase / abs(phase)) - want)
    failures = [f"amplitude {i}: aer {got[i]:.6g}, numpy {want[i]:.6g}"
                for i in np.nonzero(err > TOL)[0][:5]]
    prep, be = _calls(block)
    loader = "QROM-loaded" if be.loader == "qrom" else "rotation-tree"
    method = (f"the stage's program with data ({loader} state_prep of V, heads_dense of the "
              f"{a.shape[0]} head(s)' A_k; ‖A_k − Ã_k‖ ≤ {be.error:.2g}, ‖V − Ṽ‖ ≤ "
              f"{getattr(prep, 'error', 0.0):.2g} relative), aer:matrix_product_state, "
              f"{qc.num_qubits} qubits; amplitudes with the block-encoding ancillas 0 equal "
              f"(Ã_k Ṽ_k)[i, c']/(α‖V‖) to {TOL:g}")
    return _result(stage, "A·V post-selected state", method, int(want.size), failures, start)
