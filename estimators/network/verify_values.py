"""The attention value stage (A·V, QLAM) of ``--verify``: its circuit with the shrunk
network's data, post-selected on the block-encoding's ancillas, against numpy.

The stage (qdl.estimators.network.lowering.lower_attention) loads V as the state
Σ_{c,j} V[j, c]|c, j⟩/‖V‖ (``state_prep``; the token j in the low qubits of ``vals``) and
applies the heads' N × N attention matrices A_k by their block-encodings: one
(``block_encoding``, α = ‖A‖_F) or the LCU of h heads with a kept head register
(``lcu_heads``, α = √Σ_k ‖A_k‖_F²). With every block-encoding ancilla 0 the state is

    Σ_{k, c, i} (A_k V)[i, c] / (α‖V‖) |k⟩|c, i⟩

(each head's A_k acts on every column c of V; the readout keeps the head-k columns). The
check builds the stage's own program with its data blocks — V's amplitudes into
``state_prep``, the padded A_k into the block-encoding — runs it on Aer's statevector method
and compares every post-selected amplitude with numpy's (A from the classical softmax of the
forward pass's scores, V the fixed-point values) to TOL. Its hierarchy == circuit check is
the stage's check 1 (size-only blocks, the counted ones).
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

TOL = 1e-8
#: Widest data stage run on the statevector method.
MAX_QUBITS = 24


def data_stage(stage, a: np.ndarray, v: np.ndarray):
    """The stage's program with its blocks carrying the data: ``a`` (h, N, N), ``v`` (N, d).
    None when a call has no data form here (then the caller says so)."""
    from qdl.estimators.network.modules import primitives

    def primitive(name: str, **params):  # with data: not memoised (lists are unhashable)
        prim = primitives()[name]
        return prim.block(prim.params(**params))

    heads, n = a.shape[0], a.shape[1]
    calls = []
    for block, wiring in stage.block.calls:
        if block.name == "state_prep":
            width = block.signature["state"].width
            side = 1 << next(b.signature["sys"].width for b, _ in stage.block.calls
                             if "sys" in [r.name for r in b.signature])
            if v.shape[1] * side > 1 << width:
                return None
            amps = np.zeros(1 << width)
            for c in range(v.shape[1]):
                amps[c * side:c * side + n] = v[:, c]
            block = primitive("state_prep", amplitudes=[float(x) for x in amps])
        elif block.name in ("block_encoding", "lcu_heads"):
            side = 1 << block.signature["sys"].width
            mats = []
            for k in range(heads):
                m = np.zeros((side, side))
                m[:n, :n] = a[k]
                mats.append([[float(x) for x in row] for row in m])
            block = (primitive("block_encoding", matrix=mats[0], variant="dense")
                     if heads == 1 else
                     primitive("lcu_heads", matrices=mats, variant="dense"))
        else:
            return None
        calls.append((block, wiring))
    return replace(stage.block, calls=tuple(calls))


def expected_state(stage, a: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Numpy's post-selected amplitudes over (vals, head) in the stage's register order."""
    regs = dict(stage.block.registers)
    vals = regs["vals"]
    sys = next(b.signature["sys"].width for b, _ in stage.block.calls
               if "sys" in [r.name for r in b.signature])
    head_bits = regs.get("head", 0)
    out = np.zeros(1 << (vals + head_bits))
    alpha = np.sqrt(sum(np.linalg.norm(a[k]) ** 2 for k in range(a.shape[0])))
    av = np.einsum("hij,jc->hic", a, v) / (alpha * np.linalg.norm(v))
    for k in range(a.shape[0]):
        for c in range(v.shape[1]):
            for i in range(a.shape[1]):
                out[(c << sys) + i + (k << vals)] = av[k, i, c]
    return out


def check_values(stage, data: dict):
    """The A·V stage's post-selected state on Aer == numpy (module docstring)."""
    from qiskit_aer import AerSimulator

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
    width = block.signature.width
    if qc.num_qubits > MAX_QUBITS:
        return _result(stage, "A·V post-selected state", f"not run: {qc.num_qubits} qubits "
                       f"above {MAX_QUBITS}", 0, [f"{qc.num_qubits} qubits"], start)
    qc.save_statevector()
    state = np.asarray(AerSimulator(method="statevector").run(qc, shots=1).result()
                       .get_statevector())
    regs = dict(block.registers)
    kept = regs["vals"] + regs.get("head", 0)  # registers before the ancillas `be`
    got = state[:1 << kept] if width == qc.num_qubits else state.reshape(
        -1, 1 << width)[0, :1 << kept]  # be = 0 and every work ancilla 0
    want = expected_state(stage, a, v)
    top = int(np.argmax(np.abs(want)))
    phase = got[top] / want[top] if abs(got[top]) > 1e-12 else 1.0
    err = np.abs(got / (phase / abs(phase)) - want)
    failures = [f"amplitude {i}: aer {got[i]:.6g}, numpy {want[i]:.6g}"
                for i in np.nonzero(err > TOL)[0][:5]]
    heads = a.shape[0]
    method = (f"the stage's program with data (state_prep of V, {heads} head(s) "
              f"{'lcu_heads' if heads > 1 else 'block_encoding'} of the padded A_k), "
              f"aer:statevector, {qc.num_qubits} qubits; amplitudes with the block-encoding "
              f"ancillas 0 equal (A_k V)[i, c]/(α‖V‖) to {TOL:g}")
    return _result(stage, "A·V post-selected state", method, int(want.size), failures, start)
