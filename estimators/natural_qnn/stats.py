"""Statistics for the natural-QNN results: error bars over seeds, and a seeded goodness-of-fit test.

:func:`chi_square_agreement` compares observed counts (Aer shots) with an exact distribution
(module emulator) by Pearson's χ² statistic. Outcomes expected fewer than 5 times are pooled
into one bin (the χ² approximation needs about 5 per bin). The threshold is the upper
``1 − alpha`` quantile of χ²(dof) by the Wilson–Hilferty approximation
(dof·(1 − 2/(9 dof) + z·√(2/(9 dof)))³), which needs no SciPy; alpha = 1e-3 by default, so a
correct simulator fails one seeded run in a thousand and the tests fix their seeds.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np


def mean_and_error(values: list[float]) -> tuple[float, float]:
    """Mean and standard error of the mean (sample std / √n; 0 for a single value)."""
    arr = np.asarray(values, dtype=float)
    if len(arr) < 2:
        return float(arr.mean()), 0.0
    return float(arr.mean()), float(arr.std(ddof=1) / math.sqrt(len(arr)))


def chi_square_quantile(dof: int, alpha: float) -> float:
    """Upper ``alpha`` quantile of χ²(dof), Wilson–Hilferty approximation."""
    z = NormalDist().inv_cdf(1 - alpha)
    k = 2 / (9 * dof)
    return dof * (1 - k + z * math.sqrt(k)) ** 3


def chi_square_agreement(counts: dict, exact: dict, alpha: float = 1e-3) -> dict:
    """χ² test of ``counts`` (outcome → shots) against ``exact`` (outcome → probability)."""
    shots = sum(counts.values())
    outside = sum(c for k, c in counts.items() if exact.get(k, 0.0) == 0.0)
    chi2, pooled_obs, pooled_exp, bins = 0.0, 0, 0.0, 0
    for key, p in exact.items():
        expected, observed = p * shots, counts.get(key, 0)
        if expected < 5:
            pooled_obs += observed
            pooled_exp += expected
            continue
        chi2 += (observed - expected) ** 2 / expected
        bins += 1
    if pooled_exp > 0:
        chi2 += (pooled_obs - pooled_exp) ** 2 / pooled_exp
        bins += 1
    dof = max(bins - 1, 1)
    threshold = chi_square_quantile(dof, alpha)
    tvd = 0.5 * sum(abs(counts.get(k, 0) / shots - exact.get(k, 0.0))
                    for k in set(counts) | set(exact))
    return {"shots": shots, "chi2": chi2, "dof": dof, "threshold": threshold, "alpha": alpha,
            "impossible_outcomes": outside, "tvd": tvd,
            "passed": outside == 0 and chi2 <= threshold}
