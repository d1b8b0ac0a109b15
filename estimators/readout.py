"""Readout (quantum→classical) cost models: ℓ∞ / ℓ2 vector tomography and DCD.

A layer's output is a state |x⟩ = U_x|0⟩ over N = d amplitudes; reading it out means running
U_x (the layer's circuit) many times. Each model returns the number of measured circuit
executions (``samples``) and of calls to U_x (``queries``); a layer's total cost is one
execution's cost times ``queries``. Derivations: docs/readout.md.

Tomography (one algorithm, two sample counts; Kerenidis–Prakash 2018, arXiv:1808.09266,
Algorithm 4.1 / Theorem 4.3; Kerenidis–Landman–Prakash 2019, arXiv:1911.01117, ℓ∞ version):

- magnitude stage: measure S copies of |x⟩ in the computational basis, p_i = n_i/S;
- sign stage: S copies of ½Σ_i[(x_i+√p_i)|0,i⟩ + (x_i−√p_i)|1,i⟩] (controlled U_x and a
  QRAM preparation of Σ√p_i|i⟩, then H on the control), sign_i = + iff n(0,i) > 0.4·p_i·S;
- ``tomography_linf``: S = ⌈36·ln d/δ²⌉, ‖x̃−x‖∞ ≤ δ with probability ≥ 1 − 1/d^0.83;
- ``tomography_l2``:   S = ⌈36·d·ln d/δ²⌉, ‖x̃−x‖₂ ≤ √7·δ with probability ≥ 1 − 1/d^0.83.
  samples = queries = 2S with the sign stage, S without it.
  For a chosen failure probability f (an error budget's share, qdl.estimators.budget) the
  theorems' union bound d·exp(−S·δ²/c) over the d entries, with c = 36/1.83 fixed by their
  stated 1/d^0.83, gives S = ⌈(36/1.83)·ln(d/f)/δ²⌉ (times d for ℓ2); f = 1/d^0.83 gives
  back 36·ln d/δ².

DCD (seed 000 §II.4, Theorem II.1): estimate the r overlaps o_j = ⟨w_j|x⟩ with the orthonormal
Chebyshev basis states (qdl.estimators.chebyshev), each to additive precision η = ε/r, by a
Hadamard test (P(ancilla 0) = a = (1+o_j)/2) whose success amplitude is estimated by canonical
amplitude estimation (Brassard–Høyer–Mosca–Tapp 2002, Theorem 12: with M evaluations,
|ã−a| ≤ 2π√(a(1−a))/M + π²/M² with probability ≥ 8/π²). Then Σ_j|ô_j−o_j| ≤ ε, so the
rank-r reconstruction is within ε of the projection of x in ℓ2 (and hence in ℓ∞):

    M = min{M : 2π/M + 2π²/M² ≤ ε/r}           (a(1−a) ≤ ¼, overlap error = 2·|ã−a|)
    K = ⌈ln(1/δ_f) / (2·(8/π² − ½)²)⌉, made odd  (median of K runs fails w.p. ≤ δ_f, Hoeffding)
    queries = r·K·(2M − 1)                      (one A, then M−1 Grover iterates of 2 calls)

so queries ≈ 4πK·r²/ε: the r²/ε growth of the seed's Table 3. δ_f is the failure probability
per coefficient (all r hold with probability ≥ 1 − r·δ_f); keeping it per coefficient is
what leaves the cost free of a ln r factor, as in the seed's r²/ε.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from qdl.errors import ParameterError

PROTOCOLS = ("tomography_linf", "tomography_l2", "dcd")

#: Single-run success probability of canonical amplitude estimation (BHMT 2002, Theorem 12).
AE_SUCCESS = 8 / math.pi**2

#: Sample-count constant of the tomography theorems: S = 36·(1 or d)·ln d/δ².
TOMOGRAPHY_CONSTANT = 36


@dataclass(frozen=True)
class ReadoutCost:
    """Repetitions one readout of an N-amplitude state costs."""

    protocol: str
    size: int
    precision: float
    #: measured executions of a circuit containing U_x (the report's "repetitions")
    samples: int
    #: calls to U_x or controlled-U_x (one execution of the layer's circuit each)
    queries: int
    #: samples per stage, in order
    stages: dict[str, int]
    guarantee: str
    formula: str
    reference: str
    rank: int | None = None
    #: protocol constants (M, K, S, ...) so a reader can recompute the counts
    constants: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _check_common(size: int, precision: float, name: str) -> None:
    if not isinstance(size, int) or size < 2:
        raise ParameterError(f"size must be an integer ≥ 2, got {size!r}",
                             "give the number of amplitudes N of the state read out")
    if not (isinstance(precision, (int, float)) and math.isfinite(precision) and precision > 0):
        raise ParameterError(f"{name} must be a positive number, got {precision!r}",
                             f"give the target precision, e.g. {name}: 0.01")


#: The theorems' failure exponent: probability ≥ 1 − 1/d^0.83 at S = 36·ln d/δ².
TOMOGRAPHY_FAILURE_EXPONENT = 0.83


def tomography_failure(size: int) -> float:
    """The theorems' failure probability 1/d^0.83."""
    return 1 / size ** TOMOGRAPHY_FAILURE_EXPONENT


def tomography_samples(size: int, delta: float, norm: str, failure: float | None = None) -> int:
    """S = ⌈36·ln d/δ²⌉ (ℓ∞) or ⌈36·d·ln d/δ²⌉ (ℓ2); with a ``failure`` probability f,
    ⌈(36/1.83)·ln(d/f)/δ²⌉ (times d for ℓ2) (module doc)."""
    factor = 1 if norm == "linf" else size
    if failure is None:
        return math.ceil(TOMOGRAPHY_CONSTANT * factor * math.log(size) / delta**2)
    if not 0 < failure < 1:
        raise ParameterError(f"failure probability must be in (0, 1), got {failure!r}")
    c = TOMOGRAPHY_CONSTANT / (1 + TOMOGRAPHY_FAILURE_EXPONENT)
    return math.ceil(c * factor * math.log(size / failure) / delta**2)


def _tomography(size: int, delta: float, sign_stage: bool, norm: str,
                failure: float | None = None) -> ReadoutCost:
    _check_common(size, delta, "delta")
    s = tomography_samples(size, delta, norm, failure)
    bound = (f"1/d^{TOMOGRAPHY_FAILURE_EXPONENT}" if failure is None else f"{failure:.3g}")
    stages = {"magnitudes": s, **({"signs": s} if sign_stage else {})}
    total = sum(stages.values())
    if norm == "linf":
        guarantee = f"‖x̃−x‖∞ ≤ {delta:g} with probability ≥ 1 − {bound}"
        formula = ("S = ⌈36·ln d/δ²⌉ per stage" if failure is None
                   else "S = ⌈(36/1.83)·ln(d/f)/δ²⌉ per stage")
        reference = ("Kerenidis, Landman, Prakash, Quantum algorithms for deep convolutional "
                     "neural networks, ICLR 2020 (arXiv:1911.01117), ℓ∞ tomography theorem")
    else:
        guarantee = f"‖x̃−x‖₂ ≤ √7·{delta:g} with probability ≥ 1 − {bound}"
        formula = ("S = ⌈36·d·ln d/δ²⌉ per stage" if failure is None
                   else "S = ⌈(36/1.83)·d·ln(d/f)/δ²⌉ per stage")
        reference = ("Kerenidis, Prakash, A quantum interior point method for LPs and SDPs, "
                     "arXiv:1808.09266, Algorithm 4.1 and Theorem 4.3")
    if not sign_stage:
        guarantee += " on |x_i| only (no sign stage: signs are not learned)"
    return ReadoutCost(protocol=f"tomography_{norm}", size=size, precision=delta,
                       samples=total, queries=total, stages=stages, guarantee=guarantee,
                       formula=formula + (", two stages (magnitudes, signs)" if sign_stage
                                          else ", magnitude stage only"),
                       reference=reference, constants={
                           "S": s, "failure": tomography_failure(size) if failure is None
                           else failure})


def tomography_linf(size: int, delta: float, sign_stage: bool = True,
                    failure: float | None = None) -> ReadoutCost:
    """ℓ∞ tomography: 36·ln d/δ² samples per stage (two stages with signs)."""
    return _tomography(size, delta, sign_stage, "linf", failure)


def tomography_l2(size: int, delta: float, sign_stage: bool = True,
                  failure: float | None = None) -> ReadoutCost:
    """ℓ2 tomography: 36·d·ln d/δ² samples per stage (two stages with signs)."""
    return _tomography(size, delta, sign_stage, "l2", failure)


def ae_evaluations(eta: float) -> int:
    """Smallest M with 2π/M + 2π²/M² ≤ η: canonical AE estimates a Hadamard-test overlap
    o = 2a − 1 to ±η (worst case a = ½) with probability ≥ 8/π²."""
    if not eta > 0:
        raise ParameterError(f"overlap precision must be positive, got {eta!r}")
    u = (math.sqrt(1 + 2 * eta) - 1) / 2  # u = π/M solves u + u² = η/2
    m = max(1, math.ceil(math.pi / u))
    while m > 1 and ae_overlap_error(m - 1) <= eta:  # guard against rounding up one too many
        m -= 1
    while ae_overlap_error(m) > eta:
        m += 1
    return m


def ae_overlap_error(evaluations: int) -> float:
    """Worst-case overlap error 2(π/M + π²/M²) of one AE run with M evaluations."""
    return 2 * (math.pi / evaluations + math.pi**2 / evaluations**2)


def ae_repetitions(failure: float) -> int:
    """Odd K with exp(−2K(8/π² − ½)²) ≤ failure: the median of K AE runs is within the
    single-run bound unless at least half the runs fail (Hoeffding)."""
    if not 0 < failure < 1:
        raise ParameterError(f"failure probability must be in (0, 1), got {failure!r}",
                             "e.g. failure: 0.01")
    k = math.ceil(math.log(1 / failure) / (2 * (AE_SUCCESS - 0.5) ** 2))
    return k if k % 2 else k + 1


def ae_run_queries(evaluations: int) -> int:
    """Calls to U_x in one AE run: A once, then M−1 Grover iterates Q = −A S₀ A† S_χ."""
    return 2 * evaluations - 1


def dcd(size: int, rank: int, epsilon: float, failure: float = 0.01) -> ReadoutCost:
    """DCD readout of the first ``rank`` Chebyshev coefficients to ℓ1 precision ε."""
    _check_common(size, epsilon, "epsilon")
    if not isinstance(rank, int) or rank < 1:
        raise ParameterError(f"rank must be a positive integer, got {rank!r}",
                             "give the number r of Chebyshev coefficients to keep")
    if rank > size:
        raise ParameterError(f"rank {rank} is larger than the state's size N = {size}",
                             f"use a rank between 1 and {size}")
    eta = epsilon / rank
    m = ae_evaluations(eta)
    k = ae_repetitions(failure)
    runs = rank * k
    queries = runs * ae_run_queries(m)
    return ReadoutCost(
        protocol="dcd", size=size, precision=epsilon, rank=rank, samples=runs, queries=queries,
        stages={"amplitude_estimation_runs": runs},
        guarantee=(f"Σ_j|ĉ_j−c_j|/s_j ≤ {epsilon:g} (so ‖x̂_r − P_r x‖₂ ≤ {epsilon:g}) with "
                   f"probability ≥ 1 − {rank}·{failure:g}; add the DCT tail beyond r"),
        formula="queries = r·K·(2M−1), M = min{M: 2π/M + 2π²/M² ≤ ε/r}, "
                "K = ⌈ln(1/δ_f)/(2(8/π²−½)²)⌉ odd",
        reference=("seed 000 §II.4 Theorem II.1 (DCD); Brassard, Høyer, Mosca, Tapp 2002, "
                   "Theorem 12 (amplitude estimation); Hadamard test for ⟨w_j|x⟩"),
        constants={"M": m, "K": k, "eta": eta, "failure_per_coefficient": failure})


def readout_cost(protocol: str, size: int, *, precision: float, rank: int | None = None,
                 failure: float = 0.01, sign_stage: bool = True,
                 tomography_failure: float | None = None) -> ReadoutCost:
    """Dispatch on the protocol name (one of PROTOCOLS). ``failure`` is DCD's per
    coefficient; ``tomography_failure`` a tomography's (None: the theorems' 1/d^0.83)."""
    if protocol == "dcd":
        if rank is None:
            raise ParameterError("the dcd protocol needs a rank", "add rank: r")
        return dcd(size, rank, precision, failure)
    if protocol == "tomography_linf":
        return tomography_linf(size, precision, sign_stage, tomography_failure)
    if protocol == "tomography_l2":
        return tomography_l2(size, precision, sign_stage, tomography_failure)
    raise ParameterError(f"unknown readout protocol {protocol!r}",
                         f"use one of {', '.join(PROTOCOLS)}")
