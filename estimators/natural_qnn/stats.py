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


def paired_test(first: list[float], second: list[float], level: float = 0.95) -> dict:
    """Paired comparison over seeds: d_i = first_i − second_i; mean d with its standard error
    and Student-t confidence interval, the paired t-test p-value (H0: E d = 0, two-sided) and
    the Wilcoxon signed-rank p-value (zero differences dropped; None when all are zero).
    Needs SciPy (the 'studies' extra)."""
    from scipy import stats

    a, b = np.asarray(first, float), np.asarray(second, float)
    if a.shape != b.shape or a.size < 2:
        raise ValueError("a paired test needs two equal-length samples of at least 2 values")
    d = a - b
    mean, se = float(d.mean()), float(d.std(ddof=1) / math.sqrt(d.size))
    q = float(stats.t.ppf(0.5 + level / 2, d.size - 1))
    if se == 0:
        p_t = 1.0 if mean == 0 else 0.0
    else:
        p_t = float(stats.ttest_rel(a, b).pvalue)
    nonzero = d[d != 0]
    p_w = float(stats.wilcoxon(nonzero).pvalue) if nonzero.size >= 1 else None
    return {"n": int(d.size), "mean_first": float(a.mean()), "mean_second": float(b.mean()),
            "mean_difference": mean, "stderr": se, "ci": (mean - q * se, mean + q * se),
            "t_test_p": p_t, "wilcoxon_p": p_w}


def holm(p_values: list[float]) -> list[float]:
    """Holm–Bonferroni adjusted p-values (family-wise error control over several tests):
    the i-th smallest p is multiplied by (m − i), made monotone, capped at 1."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    out, running = [0.0] * m, 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[i]))
        out[i] = running
    return out
