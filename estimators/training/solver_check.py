"""A small GD history system solved on Aer through a QLAM block-encoding, with its fidelity.

The system ℓ·x = b (``carleman.history_system``: non-Hermitian, 2–8-dimensional) is
block-encoded by qdl's own ``block_encoding`` primitive (``sparse``: the row/column-oracle
construction whose gate layout the training cost model counts at scale; or ``dense``), and
inverted by :class:`~qdl.circuits.qlam.matrix_inversion.ChebyshevInverse`: the
Childs–Kothari–Somma polynomial applied to the singular values of ℓ† by an LCU of Chebyshev
steps U†(R U R U†)^j, which is (ℓ/α)⁻¹ up to the polynomial's error, no Hermitian dilation
needed. The whole solver, |b⟩ preparation included, is one recorded
:class:`~qdl.circuits.qlam.program.Program`: its T-count and T-depth are counted from that
program and the very circuit built from it runs on Aer (statevector method, one shot: the
measured AND uncomputes make the state independent of their outcomes).

Post-selecting ``be`` = 0 leaves (ℓ/α)⁻¹b/‖c‖₁ on ``sys``; the fidelity |⟨x̂|x⟩|² with the
classical solution x = ℓ⁻¹b is reported, with the probability of that post-selection.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qdl.circuits.qlam.block_encoding import BlockEncodingParams, make_block_encoding
from qdl.circuits.qlam.loaders import prepare_weights
from qdl.circuits.qlam.matrix_inversion import ChebyshevInverse
from qdl.circuits.qlam.program import Program


@dataclass(frozen=True)
class SolverCheck:
    variant: str
    dimension: int
    kappa: float               # of the block-encoded ℓ/α
    degree: int
    inner_calls: int           # calls to the block-encoding of ℓ (or its inverse)
    t_count: int               # Clifford+T, AND and Toffoli T (rotations apart)
    rotation_t: int            # T spent synthesising the rotations (project's ε per rotation)
    t_depth: int
    qubits: int
    fidelity: float
    success_probability: float
    polynomial_error_bound: float


#: Polynomial error of the check. The fidelity barely depends on it (a uniform error in 1/x only
#: rescales the solution), while the circuit's length grows with log(1/ε): 0.05 keeps the
#: 4-dimensional sparse solve at 16 qubits and about 4·10⁴ gates (≈ 10 s of Aer).
CHECK_EPS = 5e-2


def solver_program(ell: np.ndarray, rhs: np.ndarray, eps: float, variant: str,
                   kappa: float | None = None) -> tuple[Program, ChebyshevInverse]:
    """|0⟩ → |b⟩ on sys, then the Chebyshev inverse of the block-encoded ℓ (``kappa``:
    override the encoded condition number the polynomial is built for)."""
    inner = make_block_encoding(BlockEncodingParams(variant=variant, matrix=ell.tolist()))
    inverse = ChebyshevInverse(inner, eps, kappa)
    from qdl.compiler.guards import check_statevector_verification

    check_statevector_verification(inverse.cost(), "the CKS solver check")  # before building
    n = inverse.signature["sys"].width
    prog = Program(inverse.signature.width)
    sys = list(range(n))
    state = np.zeros(1 << n)
    state[: len(rhs)] = rhs / np.linalg.norm(rhs)
    prepare_weights(prog, sys, state)
    prog.replay(inverse.program().ops, list(range(inverse.signature.width)))
    return prog, inverse


def run_solver_check(ell: np.ndarray, rhs: np.ndarray, eps: float = CHECK_EPS,
                     variant: str = "sparse", kappa: float | None = None,
                     seed: int = 7) -> SolverCheck:
    """Build the solver circuit, run it on Aer's statevector method, compare with ℓ⁻¹b."""
    from qiskit_aer import AerSimulator

    from qdl.passes.verify import expand_for_aer

    prog, inverse = solver_program(ell, rhs, eps, variant, kappa)
    cost = prog.cost()
    qc = expand_for_aer(prog.circuit("cks_solver"))
    qc.save_statevector()
    # one thread: the check runs beside others (pytest-xdist, --jobs), and at ≤ 17 qubits
    # Aer's OpenMP split costs more than it saves
    sim = AerSimulator(method="statevector", seed_simulator=seed, max_parallel_threads=1)
    result = sim.run(qc, shots=1).result()
    state = np.asarray(result.get_statevector())
    # every qubit but sys must be |0⟩: sys is the low block of the statevector
    out = state[: 1 << inverse.signature["sys"].width]
    d = len(ell)
    prob = float(np.vdot(out, out).real)
    x = np.linalg.solve(ell, rhs)
    x_hat = out[:d]
    fidelity = float(abs(np.vdot(x / np.linalg.norm(x), x_hat)) ** 2 / max(prob, 1e-300))
    return SolverCheck(variant, d, inverse.condition_number, inverse.degree, inverse.calls,
                       cost.t_count, cost.rotation_t, cost.t_depth, qc.num_qubits, fidelity, prob,
                       inverse.polynomial_error_bound)
