"""Query counts of the quantum linear-system algorithm, with explicit constants.

Theorem used: Costa, An, Sanders, Su, Babbush, Berry, "Optimal scaling quantum linear-systems
solver via discrete adiabatic theorem", PRX Quantum 3, 040303 (2022): a state ε-close to
A⁻¹|b⟩/‖A⁻¹|b⟩‖ with O(κ log 1/ε) calls to a block-encoding of A/α, where κ is the condition
number *of the block-encoded matrix A/α*. The cost is two stages:

- the discrete adiabatic walk: at most α_walk·κ walk steps, one block-encoding call and one
  reflection about |b⟩ (two preparations of |b⟩) each. α_walk = 2305 is the paper's rigorous
  constant; Costa, An, Babbush, Berry, arXiv:2312.07690 (2023) measured α_walk ≈ 1.84 on random
  matrices ("empirical"). The user picks which; reports say which was used.
- eigenstate filtering (Lin & Tong, Quantum 4, 361 (2020), Lemma 2): a minimax polynomial of
  degree 2ℓ with error ≤ 2·exp(−√2·ℓ/κ), so ℓ = ⌈κ·ln(2/ε)/√2⌉ and 2ℓ block-encoding calls.

The output is the whole history state Y; the wanted block (final time, Carleman level 1) has
probability p, raised to about 1 by standard amplitude amplification with
k = ⌈π/(4·asin √p) − 1/2⌉ rounds, i.e. 2k + 1 runs of the solver (Brassard et al. 2002, Thm 2).
"""

from __future__ import annotations

import math

#: Walk-step constants: the rigorous bound of Costa et al. 2022 and the measured one of 2023.
WALK_CONSTANTS = {"rigorous": 2305.0, "empirical": 1.84}


def walk_steps(kappa: float, constant: str) -> int:
    return math.ceil(WALK_CONSTANTS[constant] * kappa)


def filter_queries(kappa: float, eps: float) -> int:
    """2ℓ calls, ℓ = ⌈κ·ln(2/ε)/√2⌉ (Lin–Tong eigenstate filtering)."""
    return 2 * math.ceil(kappa * math.log(2.0 / eps) / math.sqrt(2.0))


def solver_queries(kappa: float, eps: float, constant: str) -> tuple[int, int]:
    """(block-encoding calls, |b⟩ preparations) of one run of the solver."""
    walk = walk_steps(kappa, constant)
    return walk + filter_queries(kappa, eps), 2 * walk


def amplification_runs(p: float) -> int:
    """Solver runs (forward and inverse) to lift success probability p to ≥ 1/2 and beyond."""
    if not 0.0 < p <= 1.0:
        raise ValueError(f"success probability must lie in (0, 1], got {p}")
    if p >= 0.5:
        return 1
    k = math.ceil(math.pi / (4.0 * math.asin(math.sqrt(p))) - 0.5)
    return 2 * k + 1
