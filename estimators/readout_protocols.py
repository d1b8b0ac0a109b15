"""Executable readout protocols: tomography (ℓ∞, ℓ2) and DCD, run by sampling.

The protocols are written once against a *sampler* with three measurements, each of a circuit
that contains the state preparation U_x (the layer's circuit):

- ``basis_counts(x, shots)``: measure |x⟩ in the computational basis → counts n_i;
- ``sign_counts(x, q, shots)``: measure ½Σ_i[(x_i+q_i)|0,i⟩ + (x_i−q_i)|1,i⟩] (H on a control
  qubit, controlled U_x on control 0 and controlled U_q on control 1, H again) → counts n(b,i);
- ``ae_outcomes(x, w, bits, runs)``: canonical amplitude estimation (phase estimation of the
  Grover iterate with 2^bits points) of a = P(control 0) of the Hadamard test of ⟨w|x⟩
  → ``runs`` outcomes y ∈ [0, 2^bits), each meaning ã = sin²(πy/2^bits).

:class:`NumpySampler` draws these from their exact distributions (multinomials; for AE the
phase-estimation law P(y) = ½[F(y − Mω) + F(y + Mω)], F the Fejér kernel
sin²(πΔ)/(M² sin²(πΔ/M)), ω = arcsin(√a)/π; Brassard–Høyer–Mosca–Tapp 2002 §4), so it runs at
any N in O(N + M) per call. ``qdl.estimators.readout_aer.AerSampler`` builds the circuits and
samples them on Qiskit Aer (N ≤ 64); tests/estimators check both against the same exact laws.

Each protocol returns a :class:`ReadoutRun`: the reconstructed vector, its ℓ2/ℓ∞ errors against
the true unit vector, the samples and U_x queries spent, and (DCD) the truncation error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from qdl.errors import ParameterError
from qdl.estimators import chebyshev, readout

#: Largest phase register the numpy AE emulation builds (2^24 outcome probabilities).
MAX_AE_BITS = 24

#: Sign rule of the tomography algorithms: sign_i = + iff n(0,i) > SIGN_THRESHOLD·p_i·S.
SIGN_THRESHOLD = 0.4


class Sampler(Protocol):
    name: str

    def basis_counts(self, x: np.ndarray, shots: int) -> np.ndarray: ...

    def sign_counts(self, x: np.ndarray, q: np.ndarray, shots: int) -> np.ndarray: ...

    def ae_outcomes(self, x: np.ndarray, w: np.ndarray, bits: int, runs: int) -> np.ndarray: ...


def sign_probabilities(x: np.ndarray, q: np.ndarray) -> np.ndarray:
    """P(b, i) = (x_i ± q_i)²/4, shape (2, N): the sign-stage measurement law."""
    return np.stack([(x + q) ** 2, (x - q) ** 2]) / 4


def hadamard_test_probability(x: np.ndarray, w: np.ndarray) -> float:
    """a = P(control 0) = (1 + ⟨w|x⟩)/2 for real unit vectors."""
    return float(np.clip((1 + np.dot(w, x)) / 2, 0.0, 1.0))


def ae_distribution(a: float, bits: int) -> np.ndarray:
    """P(y), y < M = 2^bits, of canonical AE on success probability a (both eigenphases ±ω of
    the Grover iterate carry weight ½ because A|0⟩ splits evenly between them)."""
    m = 1 << bits
    omega = math.asin(math.sqrt(a)) / math.pi
    y = np.arange(m)

    def fejer(delta: np.ndarray) -> np.ndarray:
        num = np.sin(np.pi * delta) ** 2
        den = (m * np.sin(np.pi * delta / m)) ** 2
        near = np.abs(den) < 1e-300  # Δ ≡ 0 (mod M): the kernel's peak, value 1
        return np.where(near, 1.0, num / np.where(near, 1.0, den))

    p = 0.5 * (fejer(y - m * omega) + fejer(y + m * omega))
    return p / p.sum()


class NumpySampler:
    """Exact-distribution sampling with numpy's PCG64 generator; any N."""

    name = "numpy"

    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)

    def basis_counts(self, x: np.ndarray, shots: int) -> np.ndarray:
        p = x**2
        return self.rng.multinomial(shots, p / p.sum())

    def sign_counts(self, x: np.ndarray, q: np.ndarray, shots: int) -> np.ndarray:
        p = sign_probabilities(x, q).ravel()
        return self.rng.multinomial(shots, p / p.sum()).reshape(2, -1)

    def ae_outcomes(self, x: np.ndarray, w: np.ndarray, bits: int, runs: int) -> np.ndarray:
        p = ae_distribution(hadamard_test_probability(x, w), bits)
        return self.rng.choice(p.size, size=runs, p=p)


@dataclass
class ReadoutRun:
    """One executed readout: what came out and how far it is from the truth."""

    protocol: str
    backend: str
    seed: int
    size: int
    precision: float
    estimate: np.ndarray
    truth: np.ndarray
    samples: int
    queries: int
    rank: int | None = None
    #: DCD: the rank-r projection P_r x the coefficients describe exactly
    projection: np.ndarray | None = None
    coefficients: np.ndarray | None = None
    exact_coefficients: np.ndarray | None = None
    constants: dict = field(default_factory=dict)

    @property
    def errors(self) -> dict[str, float]:
        """‖x̃ − x‖₂ and ‖x̃ − x‖∞ against the true unit vector."""
        diff = self.estimate - self.truth
        return {"l2": float(np.linalg.norm(diff)), "linf": float(np.max(np.abs(diff)))}

    def summary(self) -> dict:
        out = {"protocol": self.protocol, "backend": self.backend, "seed": self.seed,
               "size": self.size, "precision": self.precision, "rank": self.rank,
               "samples": self.samples, "queries": self.queries,
               "error_l2": self.errors["l2"], "error_linf": self.errors["linf"],
               **{k: v for k, v in self.constants.items()}}
        if self.projection is not None:
            est = self.estimate - self.projection
            tail = self.truth - self.projection
            out.update(estimation_error_l2=float(np.linalg.norm(est)),
                       estimation_error_linf=float(np.max(np.abs(est))),
                       truncation_error_l2=float(np.linalg.norm(tail)),
                       truncation_error_linf=float(np.max(np.abs(tail))))
        return out


def unit_vector(x) -> np.ndarray:
    """The amplitude-encoded state of a real vector: x/‖x‖."""
    x = np.asarray(x, dtype=float).ravel()
    norm = float(np.linalg.norm(x))
    if x.size < 2 or not math.isfinite(norm) or norm == 0:
        raise ParameterError("the state to read out needs at least 2 finite amplitudes, "
                             "not all zero", "check the amplitudes")
    return x / norm


def run_tomography(x, delta: float, sampler: Sampler, *, norm: str = "linf",
                   sign_stage: bool = True, seed: int = 0) -> ReadoutRun:
    """Tomography (qdl.estimators.readout, KP 2018 Alg. 4.1): magnitudes, then signs."""
    x = unit_vector(x)
    cost = readout.readout_cost(f"tomography_{norm}", x.size, precision=delta,
                                sign_stage=sign_stage)
    shots = int(cost.constants["S"])
    p = sampler.basis_counts(x, shots) / shots
    sign = np.ones_like(p)
    if sign_stage:
        counts = sampler.sign_counts(x, np.sqrt(p), shots)
        sign = np.where(counts[0] > SIGN_THRESHOLD * p * shots, 1.0, -1.0)
    return ReadoutRun(protocol=cost.protocol, backend=sampler.name, seed=seed, size=x.size,
                      precision=delta, estimate=sign * np.sqrt(p), truth=x,
                      samples=cost.samples, queries=cost.queries, constants={"S": shots})


def phase_bits(evaluations: int) -> int:
    """Qubits of the phase register: 2^bits ≥ M (a larger M only sharpens the estimate)."""
    return max(1, math.ceil(math.log2(evaluations)))


def run_dcd(x, rank: int, epsilon: float, sampler: Sampler, *, failure: float = 0.01,
            seed: int = 0) -> ReadoutRun:
    """DCD: per coefficient j < r, K AE runs of the Hadamard test of ⟨w_j|x⟩; ô_j = 2·median
    (ã) − 1; x̂ = Σ_j ô_j w_j. The phase register has 2^⌈log2 M⌉ points, so the queries
    spent are r·K·(2·2^bits − 1) ≥ the model's r·K·(2M − 1)."""
    x = unit_vector(x)
    cost = readout.dcd(x.size, rank, epsilon, failure)
    bits = phase_bits(int(cost.constants["M"]))
    if bits > MAX_AE_BITS:
        raise ParameterError(f"epsilon {epsilon:g} at rank {rank} needs a 2^{bits}-point "
                             f"phase register, more than the 2^{MAX_AE_BITS} the emulation "
                             "builds", "raise epsilon or lower the rank (the cost model has "
                             "no such limit)")
    runs = int(cost.constants["K"])
    basis = chebyshev.orthonormal_basis(x.size, rank)
    o_hat = np.empty(rank)
    for j in range(rank):
        y = sampler.ae_outcomes(x, basis[j], bits, runs)
        o_hat[j] = 2 * float(np.median(np.sin(np.pi * y / (1 << bits)) ** 2)) - 1
    scale = chebyshev.coefficient_scale(x.size, rank)
    exact = basis @ x
    return ReadoutRun(protocol="dcd", backend=sampler.name, seed=seed, size=x.size,
                      precision=epsilon, rank=rank, estimate=basis.T @ o_hat, truth=x,
                      projection=basis.T @ exact, coefficients=scale * o_hat,
                      exact_coefficients=scale * exact, samples=rank * runs,
                      queries=rank * runs * readout.ae_run_queries(1 << bits),
                      constants={"M_model": cost.constants["M"], "phase_bits": bits, "K": runs,
                                 "model_queries": cost.queries})


def run_protocol(protocol: str, x, *, precision: float, rank: int | None = None,
                 failure: float = 0.01, sign_stage: bool = True, backend: str = "numpy",
                 seed: int = 1) -> ReadoutRun:
    """Run one protocol on 'numpy' (any N) or 'aer' (N ≤ 64) with a fixed seed."""
    if backend == "numpy":
        sampler: Sampler = NumpySampler(seed)
    elif backend == "aer":
        from qdl.estimators.readout_aer import AerSampler

        sampler = AerSampler(seed, size=np.asarray(x).size)
    else:
        raise ParameterError(f"unknown backend {backend!r}", "use numpy or aer")
    if protocol == "dcd":
        if rank is None:
            raise ParameterError("the dcd protocol needs a rank", "add rank: r")
        return run_dcd(x, rank, precision, sampler, failure=failure, seed=seed)
    if protocol in ("tomography_linf", "tomography_l2"):
        return run_tomography(x, precision, sampler, norm=protocol.split("_")[1],
                              sign_stage=sign_stage, seed=seed)
    raise ParameterError(f"unknown readout protocol {protocol!r}",
                         f"use one of {', '.join(readout.PROTOCOLS)}")
