"""The iterative amplitude-estimation protocol (Grinko, Gacon, Zoufal, Woerner, npj Quantum
Inf. 7, 52 (2021), Algorithms 1 and 2, Chernoff–Hoeffding intervals, no-overshooting rule).

The protocol is classical control around one kind of circuit, Q^k A|0⟩ measured on the
flag (:class:`~qdl.circuits.qlam.amplitude_estimation.IterativeAmplitudeEstimation` at power
k). ``sample(k, shots)`` returns how many of ``shots`` runs measured the flag in |1⟩: on Aer
in qdl.passes.verify_amplitude, or exactly binomial for large studies.

Round i picks the largest K_i = 4k_i + 2 ≥ 2K_{i−1} for which K_i·[θ_l, θ_u] stays inside
one half-turn ([0, π] or [π, 2π]), samples, and maps the Chernoff interval of
P(flag) = (1 − cos K_i θ)/2 back onto θ. It stops when the interval on a = sin²θ is at
most 2ε wide and returns its midpoint; the Chernoff widths use δ/T per round with
T = ⌈log2(π/(8ε))⌉, so a lies in the final interval with probability ≥ 1 − δ.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class IterativeResult:
    estimate: float
    interval: tuple[float, float]
    queries: int
    rounds: list[tuple[int, int, int]] = field(default_factory=list)  # (k, shots, hits)


def find_next_k(k: int, upper: bool, theta_l: float, theta_u: float,
                ratio: float = 2.0) -> tuple[int, bool]:
    """Grinko et al. Alg. 2: the next power and whether K·θ lies in the upper half-turn."""
    k_old = 4 * k + 2
    big = math.floor(math.pi / (theta_u - theta_l)) if theta_u > theta_l else 4 * k + 6
    big -= (big - 2) % 4
    while big >= ratio * k_old:
        lo = (big * theta_l) % (2 * math.pi)
        hi = (big * theta_u) % (2 * math.pi)
        if lo <= hi <= math.pi:
            return (big - 2) // 4, True
        if math.pi <= lo <= hi:
            return (big - 2) // 4, False
        big -= 4
    return k, upper


def iterative_ae(sample: Callable[[int, int], int], epsilon: float, delta: float,
                 shots: int = 100, max_rounds: int = 1000) -> IterativeResult:
    """Run the protocol; ``sample(k, n)`` = number of flag-1 outcomes in n runs of Q^k A."""
    rounds_max = max(1, math.ceil(math.log2(math.pi / (8 * epsilon))))
    l_max = math.asin(min(1.0, (2 / shots * math.log(2 * rounds_max / delta)) ** 0.25))
    theta_l, theta_u = 0.0, math.pi / 2
    k, upper = 0, True
    hits_k = shots_k = 0
    queries = 0
    rounds: list[tuple[int, int, int]] = []
    while math.sin(theta_u) ** 2 - math.sin(theta_l) ** 2 > 2 * epsilon and \
            len(rounds) < max_rounds:
        k_new, upper = find_next_k(k, upper, theta_l, theta_u)
        big = 4 * k_new + 2
        n = shots
        if big > math.ceil(l_max / epsilon):  # no-overshooting: fewer shots at large K
            n = math.ceil(shots * l_max / epsilon / big / 10)
        if k_new != k:
            hits_k = shots_k = 0
        k = k_new
        hits = sample(k, n)
        rounds.append((k, n, hits))
        queries += n * (2 * k + 1)
        hits_k += hits
        shots_k += n
        p = hits_k / shots_k
        width = math.sqrt(math.log(2 * rounds_max / delta) / (2 * shots_k))
        a_min, a_max = max(0.0, p - width), min(1.0, p + width)
        if upper:
            lo, hi = math.acos(1 - 2 * a_min), math.acos(1 - 2 * a_max)
        else:
            lo, hi = 2 * math.pi - math.acos(1 - 2 * a_max), 2 * math.pi - math.acos(1 - 2 * a_min)
        # K·[θ_l, θ_u] lies in one half-turn of one period (Alg. 2): take that period from
        # the midpoint, since either end may sit on the period's edge and round across it
        turn = 2 * math.pi * math.floor(big * (theta_l + theta_u) / (4 * math.pi))
        theta_l, theta_u = (turn + lo) / big, (turn + hi) / big
    a_l, a_u = math.sin(theta_l) ** 2, math.sin(theta_u) ** 2
    return IterativeResult((a_l + a_u) / 2, (a_l, a_u), queries, rounds)
