"""Query infidelity of bucket-brigade QRAM under amplitude damping (seed 000, appendix F).

Noise model: the query circuit (qdl.circuits.dtm.bucket_brigade, word_bits b) is cut into
time steps, the as-soon-as-possible layers of its gates (any gate, Cliffords included, takes
one step); after every step each qubit, busy or idle, goes through the amplitude-damping
channel K0 = diag(1, √(1−γ)), K1 = √γ|0⟩⟨1|. The address starts in the uniform
superposition, the bus/target in |0⟩; the query infidelity is 1 − ⟨ψ|ρ|ψ⟩ with ψ the ideal
output (Hann et al., PRX Quantum 2, 020311 (2021), §III, who show it grows as n² for n
address bits, not as the N = 2^n qubits of the tree).

Two simulators of the same layered circuit:

- :func:`aer_infidelity`: Qiskit Aer's density-matrix method (2^(2·qubits) entries, so
  n = 1 only: the n = 2 tree already has 13 qubits, a 1 GB density matrix);
- :func:`exact_infidelity`: an exact density-matrix simulation restricted to the basis
  states the circuit can reach. Every gate of the query permutes basis states or multiplies
  them by ±1, except the H on the bus, and damping maps basis states to basis states, so ρ
  is stored as a list of (x, y, ρ_xy) entries, not as a 2^q × 2^q matrix. It agrees with
  Aer to 1e−12 where Aer runs (tests/estimators/test_qram_noise.py). The entries multiply
  with every damping jump that leaves a new pair behind (measured peak: 600 at n = 2,
  12k–30k at n = 3, 190k at n = 4, minutes), so it serves n ≤ 3;
- :class:`Trajectories`: pure-state quantum trajectories, each stored the same sparse way
  (at most 4N rows for a one-bit word), vectorised over the batch, for n = 4, 5, …; they
  agree with the exact simulator within their standard error.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

Op = tuple[str, tuple[int, ...]]

#: Matrix entries below this are dropped from the sparse density matrix (exact cancellations
#: from the bus's H leave residues of this size).
DROP = 1e-15


def layered_ops(qc) -> list[list[Op]]:
    """The circuit's gates as ASAP time steps: (name, qubit indices) per gate."""
    level = [0] * qc.num_qubits
    layers: list[list[Op]] = []
    for inst in qc.data:
        qs = tuple(qc.find_bit(q).index for q in inst.qubits)
        t = max(level[q] for q in qs)
        for q in qs:
            level[q] = t + 1
        if t == len(layers):
            layers.append([])
        layers[t].append((inst.operation.name, qs))
    return layers


class SparseDensity:
    """ρ = Σ v_k |x_k⟩⟨y_k| over bit rows X, Y (one column per qubit)."""

    def __init__(self, num_qubits: int, xs: np.ndarray, amps: np.ndarray):
        """Start from the pure state Σ amps_k |xs_k⟩ (xs: bool rows)."""
        k = len(amps)
        i, j = np.repeat(np.arange(k), k), np.tile(np.arange(k), k)
        self.q = num_qubits
        self.X, self.Y = xs[i].copy(), xs[j].copy()
        self.V = amps[i] * np.conj(amps[j])

    def _merge(self) -> None:
        keys = np.packbits(np.concatenate([self.X, self.Y], axis=1), axis=1)
        keys = np.ascontiguousarray(keys).view(np.dtype((np.void, keys.shape[1]))).ravel()
        uniq, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        values = np.zeros(len(uniq), dtype=complex)
        np.add.at(values, inverse, self.V)
        keep = np.abs(values) > DROP
        self.X, self.Y = self.X[first][keep], self.Y[first][keep]
        self.V = values[keep]

    def gate(self, name: str, qs: Sequence[int]) -> None:
        for M in (self.X, self.Y):
            if name == "swap":
                a, b = qs
                M[:, [a, b]] = M[:, [b, a]]
            elif name == "cx":
                M[:, qs[1]] ^= M[:, qs[0]]
            elif name == "ccx":
                M[:, qs[2]] ^= M[:, qs[0]] & M[:, qs[1]]
            elif name == "x":
                M[:, qs[0]] ^= True
        if name == "z":
            self.V = self.V * np.where(self.X[:, qs[0]] ^ self.Y[:, qs[0]], -1.0, 1.0)
        elif name == "h":
            self._hadamard(qs[0])
        elif name not in ("swap", "cx", "ccx", "x"):
            raise ValueError(f"the exact QRAM simulator has no gate '{name}'")

    def _hadamard(self, q: int) -> None:
        xs, ys, vs = [], [], []
        for bx in (False, True):
            for by in (False, True):
                sign = np.where(self.X[:, q] & bx, -1.0, 1.0) * np.where(self.Y[:, q] & by,
                                                                          -1.0, 1.0)
                X, Y = self.X.copy(), self.Y.copy()
                X[:, q], Y[:, q] = bx, by
                xs.append(X), ys.append(Y), vs.append(0.5 * sign * self.V)
        self.X, self.Y, self.V = np.concatenate(xs), np.concatenate(ys), np.concatenate(vs)
        self._merge()

    def damp_all(self, gamma: float) -> None:
        """Amplitude damping γ on every qubit (the channels on different qubits commute)."""
        keep = math.sqrt(1 - gamma)
        busy = np.flatnonzero(self.X.any(axis=0) | self.Y.any(axis=0))
        for q in busy:
            both = self.X[:, q] & self.Y[:, q]
            jx, jy, jv = self.X[both].copy(), self.Y[both].copy(), gamma * self.V[both]
            jx[:, q] = False
            jy[:, q] = False
            self.V = self.V * keep ** (self.X[:, q].astype(int) + self.Y[:, q].astype(int))
            self.X = np.concatenate([self.X, jx])
            self.Y = np.concatenate([self.Y, jy])
            self.V = np.concatenate([self.V, jv])
        self._merge()

    def overlap(self, xs: np.ndarray, amps: np.ndarray) -> float:
        """⟨ψ|ρ|ψ⟩ for ψ = Σ amps_k |xs_k⟩."""
        index = {row.tobytes(): a for row, a in zip(np.packbits(xs, axis=1), amps)}
        px, py = np.packbits(self.X, axis=1), np.packbits(self.Y, axis=1)
        total = 0j
        for rx, ry, v in zip(px, py, self.V):
            ax, ay = index.get(rx.tobytes()), index.get(ry.tobytes())
            if ax is not None and ay is not None:
                total += np.conj(ax) * v * ay
        return float(total.real)


def _uniform_address(num_qubits: int, address_bits: int) -> tuple[np.ndarray, np.ndarray]:
    n = address_bits
    xs = np.zeros((1 << n, num_qubits), dtype=bool)
    for i in range(1 << n):
        for k in range(n):
            xs[i, k] = (i >> k) & 1
    return xs, np.full(1 << n, 1 / math.sqrt(1 << n), dtype=complex)


def ideal_output(layers: list[list[Op]], num_qubits: int, address_bits: int):
    """The noiseless output as (basis rows, amplitudes), by the sparse simulator at γ = 0."""
    xs, amps = _uniform_address(num_qubits, address_bits)
    rho = SparseDensity(xs.shape[1], xs, amps)
    for layer in layers:
        for name, qs in layer:
            rho.gate(name, qs)
    # ρ = |ψ⟩⟨ψ| is rank one: read ψ from the entries ⟨x|ρ|y0⟩ for one y0 with ψ(y0) ≠ 0.
    y0 = rho.Y[np.argmax(np.abs(rho.V))]
    sel = np.all(rho.Y == y0, axis=1)
    col = rho.V[sel]
    norm = math.sqrt(np.sum(np.abs(col) ** 2))
    return rho.X[sel], col / norm


def exact_infidelity(qc, address_bits: int, gamma: float,
                     tick: Callable[[], None] | None = None) -> tuple[float, int]:
    """(1 − F, peak number of stored matrix entries) for the query circuit ``qc``."""
    layers = layered_ops(qc)
    ideal_x, ideal_a = ideal_output(layers, qc.num_qubits, address_bits)
    xs, amps = _uniform_address(qc.num_qubits, address_bits)
    rho = SparseDensity(qc.num_qubits, xs, amps)
    peak = len(rho.V)
    for layer in layers:
        for name, qs in layer:
            rho.gate(name, qs)
        rho.damp_all(gamma)
        peak = max(peak, len(rho.V))
        if tick:
            tick()
    return 1.0 - rho.overlap(ideal_x, ideal_a), peak


def aer_infidelity(qc, address_bits: int, gamma: float) -> float:
    """1 − F on Aer's density-matrix method, same layering and channel (small circuits only)."""
    from qiskit import QuantumCircuit
    from qiskit.quantum_info import Statevector
    from qiskit_aer import AerSimulator
    from qiskit_aer.noise import amplitude_damping_error

    from qdl.circuits._qiskit_gates import STANDARD_GATES

    nq = qc.num_qubits
    layers = layered_ops(qc)
    ideal = QuantumCircuit(nq)
    ideal.h(range(address_bits))
    noisy = ideal.copy()
    error = amplitude_damping_error(gamma)
    for layer in layers:
        for name, qs in layer:
            ideal.append(STANDARD_GATES[name], qs)
            noisy.append(STANDARD_GATES[name], qs)
        for q in range(nq):
            noisy.append(error, [q])
    noisy.save_density_matrix()
    rho = AerSimulator(method="density_matrix").run(noisy).result().data()["density_matrix"]
    psi = Statevector(ideal)
    return 1.0 - float(np.real(np.vdot(psi.data, np.asarray(rho) @ psi.data)))


class Trajectories:
    """A batch of T pure-state trajectories (Dalibard, Castin, Mølmer, PRL 68, 580 (1992)).

    Each trajectory is a sparse state Σ_r a_r|x_r⟩ over the same number of rows; gates act on
    the bit columns of every row at once, so a batch costs one numpy operation per gate.
    Damping on qubit q jumps (K1, then renormalise) with probability γ·⟨n_q⟩, otherwise
    applies K0 and renormalises; the mean of |⟨ψ|φ⟩|² over trajectories is ⟨ψ|ρ|ψ⟩.
    H is the only gate that splits a basis state; rows that then coincide are merged (summed
    into one row, the others zeroed) so that ⟨n_q⟩ is computed on the true state.
    """

    def __init__(self, xs: np.ndarray, amps: np.ndarray, count: int,
                 rng: np.random.Generator):
        # bits stored qubit-major, X[q, t, r], so that one qubit's column is contiguous
        self.X = np.ascontiguousarray(np.broadcast_to(xs.T[:, None, :],
                                                      (xs.shape[1], count, xs.shape[0])))
        self.A = np.repeat(amps[None], count, axis=0).astype(complex)
        self.rng = rng
        self.w = rng.integers(1, 2**63, size=xs.shape[1], dtype=np.uint64)

    def keys(self, X: np.ndarray) -> np.ndarray:
        """A 64-bit hash of each row (qubit axis first), equal for equal basis states."""
        out = np.zeros(X.shape[1:], dtype=np.uint64)
        for q in np.flatnonzero(X.reshape(X.shape[0], -1).any(axis=1)):
            out += X[q] * self.w[q]
        return out

    def gate(self, name: str, qs: Sequence[int]) -> None:
        X = self.X
        if name == "swap":
            a, b = qs
            X[[a, b]] = X[[b, a]]
        elif name == "cx":
            X[qs[1]] ^= X[qs[0]]
        elif name == "ccx":
            X[qs[2]] ^= X[qs[0]] & X[qs[1]]
        elif name == "x":
            X[qs[0]] ^= True
        elif name == "z":
            self.A = self.A * np.where(X[qs[0]], -1.0, 1.0)
        elif name == "h":
            q = qs[0]
            low, high = X.copy(), X.copy()
            low[q], high[q] = False, True
            sign = np.where(X[q], -1.0, 1.0)
            self.X = np.concatenate([low, high], axis=2)
            self.A = np.concatenate([self.A, sign * self.A], axis=1) / math.sqrt(2)
            self._merge()
        else:
            raise ValueError(f"the trajectory simulator has no gate '{name}'")

    def _merge(self) -> None:
        T, R = self.A.shape
        keys = self.keys(self.X).ravel()
        traj = np.repeat(np.arange(T), R)
        order = np.lexsort((keys, traj))
        k, t = keys[order], traj[order]
        start = np.ones(len(order), dtype=bool)
        start[1:] = (k[1:] != k[:-1]) | (t[1:] != t[:-1])
        starts = np.flatnonzero(start)
        sums = np.add.reduceat(self.A.ravel()[order], starts)
        merged = np.zeros(T * R, dtype=complex)
        merged[order[starts]] = sums
        self.A = merged.reshape(T, R)

    def damp_all(self, gamma: float) -> None:
        keep = math.sqrt(1 - gamma)
        busy = np.flatnonzero(self.X.reshape(self.X.shape[0], -1).any(axis=1))
        for q in busy:
            bit = self.X[q]
            weight = np.sum(np.abs(self.A) ** 2 * bit, axis=1)
            jump = self.rng.random(len(weight)) < gamma * weight
            A = np.where(jump[:, None], self.A * bit, self.A * np.where(bit, keep, 1.0))
            self.X[q] &= ~jump[:, None]
            self.A = A / np.sqrt(np.sum(np.abs(A) ** 2, axis=1, keepdims=True))

    def fidelities(self, xs: np.ndarray, amps: np.ndarray) -> np.ndarray:
        """|⟨ψ|φ_t⟩|² per trajectory, ψ = Σ amps_k|xs_k⟩ (rows distinct)."""
        ref = self.keys(xs.T)
        order = np.argsort(ref)
        ref, ref_amps = ref[order], amps[order]
        keys = self.keys(self.X)
        pos = np.clip(np.searchsorted(ref, keys), 0, len(ref) - 1)
        match = ref[pos] == keys
        overlap = np.sum(np.where(match, np.conj(ref_amps[pos]) * self.A, 0), axis=1)
        return np.abs(overlap) ** 2


def trajectory_infidelity(qc, address_bits: int, gamma: float, trajectories: int,
                          seed: int = 0, tick: Callable[[], None] | None = None
                          ) -> tuple[float, float]:
    """(1 − F, its standard error) from ``trajectories`` pure-state trajectories."""
    layers = layered_ops(qc)
    ideal_x, ideal_a = ideal_output(layers, qc.num_qubits, address_bits)
    xs, amps = _uniform_address(qc.num_qubits, address_bits)
    batch = Trajectories(xs, amps, trajectories, np.random.default_rng(seed))
    for layer in layers:
        for name, qs in layer:
            batch.gate(name, qs)
        batch.damp_all(gamma)
        if tick:
            tick()
    f = batch.fidelities(ideal_x, ideal_a)
    return 1.0 - float(f.mean()), float(f.std(ddof=1) / math.sqrt(len(f)))


@dataclass
class QuadraticFit:
    """infidelity ≈ a·n² + b·n + c (least squares over the simulated n)."""

    a: float
    b: float
    c: float

    def __call__(self, n: float) -> float:
        return self.a * n * n + self.b * n + self.c


def fit_quadratic(ns: Sequence[int], values: Sequence[float]) -> QuadraticFit:
    a, b, c = np.polyfit(np.asarray(ns, float), np.asarray(values, float), 2)
    return QuadraticFit(float(a), float(b), float(c))
