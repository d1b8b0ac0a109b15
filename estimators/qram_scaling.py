"""Does bucket-brigade QRAM infidelity grow as n² (seed 000, appendix F)? The fits that test it.

Input: simulated points (qdl.estimators.qram_noise) with their standard errors; exact
density-matrix points have none. A fit needs a σ for every point, so each point's σ is its
statistical error combined with a relative model tolerance ``tol`` (σ_i² = se_i² + (tol·y_i)²):
without it the exact points, known to 1e−12, would make every smooth model fail and decide
the fit alone. The tolerance is a convention and the report states it.

Models fitted per damping rate γ (qdl.estimators.fits; χ²/dof, p-value, AIC):

- power law          1 − F = A·n^p                (2 parameters; the exponent p with its CI)
- saturating power   1 − F = 1 − exp(−c·n^p)     (2 parameters; p freed of the saturation at 1)
- seed's law         1 − F = 1 − exp(−k·γ·n²)     (1 parameter; n² imposed)
- linear             1 − F = a + b·n              (2 parameters)

and jointly over all γ: 1 − exp(−k·γ·n²) with one k (tests n² and ∝ γ at once).
Word length w: at fixed n, 1 − F against w by the same power law and a linear fit, whose
prediction at w = 32 and 64 (the seed's extrapolation) is reported with its confidence band
(var = [1, w]·C·[1, w]ᵀ), clipped to [0, 1] and flagged where it leaves that range.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from qdl.estimators import fits

#: default relative model tolerance combined with each point's statistical error
MODEL_TOLERANCE = 0.02


def sigmas(values: Sequence[float], errors: Sequence[float], tol: float = MODEL_TOLERANCE):
    v, e = np.asarray(values, float), np.asarray(errors, float)
    return np.sqrt(e**2 + (tol * v) ** 2)


def _saturating_power(n, c, p):
    return 1 - np.exp(-c * n**p)


def n_scaling(ns, values, errors, gamma: float, tol: float = MODEL_TOLERANCE) -> dict:
    """All four fits at one γ; 'verdict' says whether p = 2 lies inside the exponents' CIs."""
    ns, y = np.asarray(ns, float), np.asarray(values, float)
    s = sigmas(y, errors, tol)
    power = fits.power_law(ns, y, s)
    k0 = float(np.mean(-np.log1p(-np.clip(y, None, 0.999)) / (gamma * ns**2)))
    c0, p0 = max(power.params["A"], 1e-9), power.params["p"]
    sat = fits.fit("saturating power 1−exp(−c·n^p)", _saturating_power, ("c", "p"), (c0, p0),
                   ns, y, s, bounds=([0, 0], [np.inf, 10]))
    seed = fits.fit("seed's law 1−exp(−k·γ·n²)", lambda n, k: 1 - np.exp(-k * gamma * n**2),
                    ("k",), (k0,), ns, y, s, bounds=([0], [np.inf]))
    lin = fits.linear(ns, y, s)
    models = [power, sat, seed, lin]
    weights = fits.akaike_weights(models)
    two_in = {m.model: m.ci["p"][0] <= 2 <= m.ci["p"][1] for m in (power, sat)}
    return {"damping_rate": gamma, "model_tolerance": tol,
            "fits": [dict(m.as_dict(), akaike_weight=w) for m, w in zip(models, weights)],
            "exponent_power_law": power.params["p"], "exponent_ci": power.ci["p"],
            "exponent_saturating": sat.params["p"], "exponent_saturating_ci": sat.ci["p"],
            "n2_inside_ci": two_in,
            "best_by_aic": models[int(np.argmax(weights))].model}


def joint_seed_law(rows: Sequence[dict], tol: float = MODEL_TOLERANCE) -> dict:
    """One k for 1 − exp(−k·γ·n²) over every (n, γ) point."""
    n = np.array([r["address_bits"] for r in rows], float)
    g = np.array([r["damping_rate"] for r in rows], float)
    y = np.array([r["infidelity"] for r in rows], float)
    s = sigmas(y, [r["std_error"] for r in rows], tol)
    x = np.arange(len(y), dtype=float)  # curve_fit's x: an index into (n, γ)
    k0 = float(np.median(-np.log1p(-np.clip(y, None, 0.999)) / (g * n**2)))
    f = fits.fit("joint 1−exp(−k·γ·n²)", lambda i, k: 1 - np.exp(-k * g[i.astype(int)]
                                                                  * n[i.astype(int)] ** 2),
                 ("k",), (k0,), x, y, s, bounds=([0], [np.inf]))
    return f.as_dict()


def word_scaling(ws, values, errors, address_bits: int, tol: float = MODEL_TOLERANCE,
                 extrapolate: Sequence[int] = (32, 64)) -> dict:
    """1 − F against word length w at fixed n: power law and linear fits, and the linear
    extrapolation (the seed's method) to w = 32, 64 with its confidence band."""
    ws, y = np.asarray(ws, float), np.asarray(values, float)
    s = sigmas(y, errors, tol)
    power = fits.power_law(ws, y, s)
    lin = fits.linear(ws, y, s)
    rows = []
    for w in extrapolate:
        mean = lin.params["a"] + lin.params["b"] * w
        half = lin.half_width([1.0, w])
        rows.append({"word_bits": w, "linear_prediction": mean,
                     "ci": (mean - half, mean + half),
                     "power_law_prediction": power.params["A"] * w ** power.params["p"],
                     "physical": bool(0 <= mean <= 1),
                     "note": "" if 0 <= mean <= 1 else
                     "outside [0, 1]: the linear law cannot hold this far; the query is lost"})
    return {"address_bits": address_bits, "model_tolerance": tol,
            "fits": [power.as_dict(), lin.as_dict()],
            "exponent_in_w": power.params["p"], "exponent_in_w_ci": power.ci["p"],
            "extrapolation": rows}
