"""Check 4 of ``--verify``: every DCD coefficient of a stage by a Hadamard test on Aer.

DCD (seed 000 §II.4) reads a stage's amplitude state |x⟩ = Σ_e x_e|e⟩ through its overlaps
o_j = ⟨w_j|x⟩ with the orthonormal Chebyshev vectors w_j (qdl.estimators.chebyshev, j < N for
N = 2^a elements), each estimated from P(anc = 0) = (1 + ⟨w_j|x⟩)/2 of a Hadamard test. The
test here, for one j:

    H(anc); U_j on (index, anc); compute half; H^k(m); controlled on anc the comparator flip
    (and the sign's CX, CZ) of the signed qdac; H^k(m); flag ^= ¬anc; H(anc)

with U_j = |0⟩⟨0|_anc ⊗ R_j + |1⟩⟨1|_anc ⊗ H^⊗a and R_j the Householder reflection taking |0⟩
to |w_j⟩. The anc = 1 branch is the stage's conversion of Σ_e |e⟩/√2^a, i.e. the converted
state Σ_e x_e|e⟩|m = 0, flag = 1⟩ + (failure branch), x_e = y_e/(√2^a·2^k) for a w-bit
converted y_e (k = w − 1, signed qdac; a wider output is converted through its copy
saturated to b = w bits, qdl.circuits.qam.saturation, built here after the compute half);
the anc = 0 branch is |w_j⟩|m = 0, flag = 1⟩ on the same digital registers (the compute half is shared: the index only controls it, so both branches carry
|e⟩|y_e⟩), hence P(anc = 0) = (1 + Σ_e w_j[e]·x_e)/2 exactly. Only the qdac's comparator is
controlled (H^k·H^k = 1 when the control is off): "controlled qdac where that suffices".
"""

from __future__ import annotations

import time

import numpy as np

#: Widest test circuit run on the statevector method; wider ones (up to HADAMARD_QUBITS) run
#: on the matrix-product-state method, exact at this size (no truncation reached).
STATEVECTOR_QUBITS = 20
#: Widest stage the Hadamard tests run on.
HADAMARD_QUBITS = 64
#: Probability tolerance.
TOL = 1e-8


def hadamard_applies(stage, expected) -> bool:
    """The tests run on stages without index padding (N = 2^a elements), up to
    HADAMARD_QUBITS."""
    return (expected.size == 1 << stage.block.signature["index"].width
            and stage.block.cost().qubits <= HADAMARD_QUBITS)


def reflection(w: np.ndarray) -> np.ndarray:
    """The real orthogonal R = I − 2uuᵀ, u = (e_0 − w)/‖e_0 − w‖, with R e_0 = w (w a real
    unit vector); the identity when w = e_0."""
    u = np.zeros_like(w)
    u[0] = 1.0
    u = u - w
    norm = np.linalg.norm(u)
    if norm < 1e-15:
        return np.eye(len(w))
    u /= norm
    return np.eye(len(w)) - 2 * np.outer(u, u)


def test_circuit(stage, w: np.ndarray):
    """The Hadamard test of ⟨w|x⟩ (module docstring), the test qubit after the registers."""
    from qiskit.circuit.library import UnitaryGate

    from qdl.circuits.block import Register, Signature
    from qdl.circuits.builder import Builder, build_signature_wires
    from qdl.circuits.dtm.qdac import LessThan
    from qdl.passes.verify import expand_for_aer

    half = stage.block.compute_half()
    qdac = stage.block.qdac()
    k, a = qdac.scale_bits, half.signature["index"].width
    hadamard = np.array([[1.0]])
    for _ in range(a):
        hadamard = np.kron(hadamard, np.array([[1, 1], [1, -1]]) / np.sqrt(2))
    select = np.zeros((2 << a, 2 << a))
    select[:1 << a, :1 << a] = reflection(w)  # anc (the last qubit: most significant) = 0
    select[1 << a:, 1 << a:] = hadamard
    bb = Builder()
    regs = build_signature_wires(bb, half.signature)
    m, flag, anc, t = bb.alloc(k), bb.alloc(1)[0], bb.alloc(1)[0], bb.alloc(1)[0]
    y = regs[stage.block.output][:stage.block.output_width]
    bb.h(anc)
    bb.append(UnitaryGate(select), list(regs["index"]) + [anc])
    bb.call(half, **regs)
    if stage.block.saturates:  # the stage converts the saturated b-bit copy
        sat, over = bb.alloc(qdac.bits), bb.alloc(1)
        bb.call(stage.block.saturation(), x=y, t=sat, o=over)
        y = sat
    for q in m:
        bb.h(q)
    bb.call(LessThan(k), m=m, y=y[:k], flag=[t])
    if qdac.signed:
        bb.cx(y[k], t)
    bb.ccx(anc, t, flag)
    if qdac.signed:
        bb.cz(y[k], flag)
        bb.cx(y[k], t)
    bb.call(LessThan(k), m=m, y=y[:k], flag=[t])
    for q in m:
        bb.h(q)
    bb.x(anc)
    bb.cx(anc, flag)
    bb.x(anc)
    bb.h(anc)
    sig = Signature(list(half.signature) + [Register("hadamard", 1)])
    qc = expand_for_aer(bb.to_circuit(sig, {**regs, "hadamard": [anc]}))
    qc.save_probabilities([half.signature.width])  # the test qubit follows the registers
    return qc


def check_hadamard(stage, expected: np.ndarray, coefficients: list[int] | None = None):
    """Check 4 for every DCD coefficient j (or the given ones): P(anc = 0) on Aer equals
    (1 + ⟨w_j|x⟩)/2 to TOL, x_e = y_e/(√2^a·2^k) from numpy's fixed-point outputs."""
    from qiskit_aer import AerSimulator

    from qdl.estimators.chebyshev import orthonormal_basis
    from qdl.estimators.network.verify import _result, elements

    start = time.perf_counter()
    a = stage.block.signature["index"].width
    k = stage.block.qdac().scale_bits
    size = 1 << a
    x = np.zeros(size)
    for index, value in elements(stage, expected, converted=True):
        x[index] = value / (np.sqrt(size) * (1 << k))
    basis = orthonormal_basis(size, size)
    js = list(range(size)) if coefficients is None else coefficients
    circuits = [test_circuit(stage, basis[j]) for j in js]
    width = circuits[0].num_qubits
    method = "statevector" if width <= STATEVECTOR_QUBITS else "matrix_product_state"
    result = AerSimulator(method=method).run(circuits, shots=1, seed_simulator=9).result()
    failures = []
    for n, j in enumerate(js):
        got = result.data(n)["probabilities"][0]
        want = (1 + basis[j] @ x) / 2
        if abs(got - want) > TOL:
            failures.append(f"j = {j}: P(anc = 0) = {got:.10g}, want (1 + ⟨w_j|x⟩)/2 = "
                            f"{want:.10g}")
    method = (f"Hadamard tests of the DCD coefficients j = {js[0]}…{js[-1]} (Chebyshev w_j, "
              f"N = {size}) with the qdac's comparator controlled, aer:{method}, {width} "
              f"qubits; P(anc = 0) = (1 + ⟨w_j|x⟩)/2 to {TOL:g}")
    return _result(stage, "DCD Hadamard test", method, len(js), failures, start)
