"""A small linear system solved through a block-encoding on Aer, with its fidelity.

The Childs–Kothari–Somma Chebyshev method (SIAM J. Comput. 46, 1920 (2017), Lemmas 14 and 17):
for a Hermitian M with spectrum in [−1, −1/κ] ∪ [1/κ, 1], the odd polynomial

    f_b(x) = (1 − (1 − x²)^b)/x,   |f_b(x) − 1/x| ≤ (1 − 1/κ²)^b·κ on that domain,

is expanded exactly in Chebyshev polynomials, f_b = Σ_j c_j T_{2j+1}. Given the Hermitian,
unitary block-encoding U = [[M, √(I−M²)], [√(I−M²), −M]] (one ancilla), the qubitisation walk
W = (2|0⟩⟨0| − I)_anc·U satisfies ⟨0|W^k|0⟩ = T_k(M), so the LCU
PREP† · SELECT · PREP with PREP|0⟩ = Σ_j √(|c_j|/‖c‖₁)|j⟩, SELECT = Σ_j sign(c_j)|j⟩⟨j|⊗W^{2j+1}
(W^{2j+1} = W·Π_m (W^{2^{m+1}})^{j_m}, controlled on the bits j_m) block-encodes f_b(M)/‖c‖₁.

The system is a non-Hermitian GD history matrix L (``carleman.history_system``); it is solved
through its Hermitian dilation M = [[0, L], [L†, 0]]/‖L‖, whose solution of M(0, x) = (b, 0)
is x = L⁻¹b·‖L‖. The circuit's post-selected state is compared with L⁻¹b: fidelity
|⟨x̂|x⟩|² is reported. The block-encoding is a dense ``UnitaryGate`` (2–8-dimensional systems);
it is a check of the algorithm, not a costed block.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SolverCheck:
    dimension: int
    kappa: float
    degree: int
    fidelity: float
    success_probability: float
    qubits: int
    polynomial_error_bound: float

    def as_dict(self) -> dict:
        return {"dimension": self.dimension, "kappa": self.kappa, "degree": self.degree,
                "fidelity": self.fidelity, "success_probability": self.success_probability,
                "qubits": self.qubits, "polynomial_error_bound": self.polynomial_error_bound}


def _sqrtm_psd(m: np.ndarray) -> np.ndarray:
    w, v = np.linalg.eigh(m)
    return (v * np.sqrt(np.clip(w, 0.0, None))) @ v.conj().T


def hermitian_block_encoding(m: np.ndarray) -> np.ndarray:
    """U = [[M, √(I−M²)], [√(I−M²), −M]] for Hermitian M with ‖M‖ ≤ 1 (ancilla qubit on top)."""
    s = _sqrtm_psd(np.eye(len(m)) - m @ m)
    return np.block([[m, s], [s, -m]])


def _first_column_unitary(v: np.ndarray) -> np.ndarray:
    """A real orthogonal matrix whose first column is the unit vector v (Householder)."""
    v = np.asarray(v, dtype=float) / np.linalg.norm(v)
    e = np.zeros_like(v)
    e[0] = 1.0
    w = e - v
    if np.linalg.norm(w) < 1e-14:
        return np.eye(len(v))
    w /= np.linalg.norm(w)
    return np.eye(len(v)) - 2.0 * np.outer(w, w)


def _controlled(u: np.ndarray) -> np.ndarray:
    """|0⟩⟨0|⊗I + |1⟩⟨1|⊗u with the control as the least significant qubit (Qiskit order)."""
    return np.kron(np.eye(len(u)), np.diag([1.0, 0.0])) + np.kron(u, np.diag([0.0, 1.0]))


def cks_coefficients(kappa: float, eps: float) -> tuple[np.ndarray, int, float]:
    """Odd Chebyshev coefficients c_j of f_b, b chosen so (1 − 1/κ²)^b·κ ≤ ε/2, the series cut
    where the dropped tail Σ|c_j| ≤ ε/2 (|T_k| ≤ 1, so that is the truncation error; CKS
    Lemma 17 cuts at j₀ = √(b·ln(4b/ε)) for the same reason). Returns (c, degree, error bound).

    The coefficients come from interpolation at Chebyshev nodes, exact for a polynomial of
    degree 2b − 1 and numerically stable (the power-basis form of (1 − x²)^b is not).
    """
    b = max(1, math.ceil(math.log(eps / (2 * kappa)) / math.log(1.0 - 1.0 / kappa ** 2)))

    def f(x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        small = np.abs(x) < 1e-8
        safe = np.where(small, 1.0, x)
        # 1 − (1 − x²)^b = −expm1(b·log1p(−x²)); near 0, f ≈ b·x
        return np.where(small, b * x, -np.expm1(b * np.log1p(-safe * safe)) / safe)

    cheb = np.polynomial.chebyshev.chebinterpolate(f, 2 * b - 1)
    odd = cheb[1::2]
    tail = np.cumsum(np.abs(odd)[::-1])[::-1]        # tail[j] = Σ_{i≥j} |c_i|
    keep = next((j for j in range(1, len(odd) + 1) if j == len(odd) or tail[j] <= eps / 2),
                len(odd))
    dropped = float(tail[keep]) if keep < len(odd) else 0.0
    bound = (1.0 - 1.0 / kappa ** 2) ** b * kappa + dropped
    return odd[:keep].copy(), 2 * keep - 1, bound


def run_solver_check(ell: np.ndarray, rhs: np.ndarray, eps: float = 1e-2) -> SolverCheck:
    """Solve ℓ·x = rhs through the block-encoding circuit on Aer's statevector method."""
    from qiskit import QuantumCircuit
    from qiskit.circuit.library import UnitaryGate
    from qiskit_aer import AerSimulator

    d = len(ell)
    n_sys = math.ceil(math.log2(2 * d))
    dim = 1 << n_sys
    dil = np.zeros((dim, dim))
    dil[:d, d:2 * d] = ell
    dil[d:2 * d, :d] = ell.T
    scale = np.linalg.norm(dil, 2)
    m = dil / scale
    sv = np.linalg.svd(ell, compute_uv=False)
    kappa = float(sv[0] / sv[-1])
    # padding dimensions (beyond 2d) get eigenvalue 1: harmless, they are never populated
    m[2 * d:, 2 * d:] = np.eye(dim - 2 * d)
    coeffs, degree, bound = cks_coefficients(kappa, eps)
    n_idx = max(1, math.ceil(math.log2(len(coeffs))))
    c = np.zeros(1 << n_idx)
    c[:len(coeffs)] = coeffs
    norm1 = np.abs(c).sum()

    u = hermitian_block_encoding(m)          # acts on (system ⊗ ancilla), ancilla = top bit
    refl = np.kron(np.diag([1.0, -1.0]), np.eye(dim))   # 2|0⟩⟨0| − I on the ancilla
    walk = refl @ u
    qc = QuantumCircuit(n_idx + 1 + n_sys)
    sys_q = list(range(n_sys))
    anc = n_sys
    idx = list(range(n_sys + 1, n_sys + 1 + n_idx))
    state_b = np.zeros(dim)
    state_b[:d] = rhs / np.linalg.norm(rhs)
    # every gate is a dense UnitaryGate, which Aer runs natively (no transpilation)
    qc.append(UnitaryGate(_first_column_unitary(state_b)), sys_q)
    prep = _first_column_unitary(np.sqrt(np.abs(c) / norm1))
    qc.append(UnitaryGate(prep), idx)
    qc.append(UnitaryGate(np.diag([1.0 if v >= 0 else -1.0 for v in c])), idx)
    qc.append(UnitaryGate(walk), sys_q + [anc])
    power = walk @ walk
    for bit in range(n_idx):
        qc.append(UnitaryGate(_controlled(power)), [idx[bit]] + sys_q + [anc])
        power = power @ power
    qc.append(UnitaryGate(prep.T), idx)
    qc.save_statevector()
    state = np.asarray(AerSimulator(method="statevector").run(qc).result().get_statevector())
    # post-select ancilla = 0 and index = 0: the system amplitudes are the low 2^n_sys entries
    out = state[:dim]
    prob = float(np.vdot(out, out).real)
    x_hat = out[d:2 * d] / np.linalg.norm(out[d:2 * d])
    x = np.linalg.solve(ell, rhs)
    x /= np.linalg.norm(x)
    fidelity = float(abs(np.vdot(x, x_hat)) ** 2)
    return SolverCheck(d, kappa, degree, fidelity, prob, qc.num_qubits, bound)
