"""Weighted least-squares fits with confidence intervals and goodness of fit, for the studies
that test a seed's scaling claim (qRAM infidelity ∝ n², readout cost ∝ N^p, ...).

Every fit minimises χ² = Σ_i ((y_i − f(x_i; θ))/σ_i)² (scipy.optimize.curve_fit with
``absolute_sigma=True``: the σ_i are taken as true standard errors, so the parameter
covariance is (JᵀWJ)⁻¹ and is not rescaled by χ²/dof). Confidence intervals are
θ ± t_{dof, 1−α/2}·√C_θθ (Student t on the fit's degrees of freedom, normal when dof is
large). Goodness of fit: χ²/dof and the p-value P[χ²_dof ≥ χ²]; models with different
parameter counts are compared by AIC = χ² + 2k (Gaussian likelihood up to a constant) and by
the Akaike weights exp(−ΔAIC/2)/Σ. Needs SciPy (the 'studies' extra).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

import numpy as np

from qdl.errors import ParameterError


@dataclass
class Fit:
    model: str
    params: dict[str, float]
    errors: dict[str, float]
    ci: dict[str, tuple[float, float]]
    chi2: float
    dof: int
    p_value: float
    aic: float
    level: float
    #: parameter covariance (JᵀWJ)⁻¹, rows/columns in the order of ``params``
    cov: list[list[float]]

    @property
    def chi2_dof(self) -> float:
        return self.chi2 / self.dof if self.dof > 0 else float("nan")

    def half_width(self, gradient: Sequence[float]) -> float:
        """Half-width of the CI of g·θ (a prediction, when g is ∂f/∂θ at the new x):
        t_{dof, 1−α/2}·√(gᵀCg)."""
        from scipy import stats

        g = np.asarray(gradient, float)
        q = stats.t.ppf(0.5 + self.level / 2, self.dof) if self.dof > 0 else float("inf")
        return float(q * math.sqrt(max(float(g @ np.asarray(self.cov) @ g), 0.0)))

    def as_dict(self) -> dict:
        out = asdict(self)
        out["chi2_dof"] = self.chi2_dof
        out["ci"] = {k: list(v) for k, v in self.ci.items()}
        return out


def _arrays(x, y, sigma):
    x, y = np.asarray(x, float), np.asarray(y, float)
    s = np.ones_like(y) if sigma is None else np.asarray(sigma, float)
    if not (x.shape == y.shape == s.shape) or x.ndim != 1:
        raise ParameterError("x, y and sigma must be 1-D and of equal length")
    if np.any(s <= 0) or not np.all(np.isfinite(s)):
        raise ParameterError("every σ must be positive and finite",
                             "give exact points a floor (a relative model tolerance)")
    return x, y, s


def fit(model: str, f: Callable, names: Sequence[str], p0: Sequence[float], x, y,
        sigma=None, level: float = 0.95, bounds=(-np.inf, np.inf)) -> Fit:
    """Weighted least squares of y ≈ f(x, *θ); see the module docstring."""
    from scipy import optimize, stats

    x, y, s = _arrays(x, y, sigma)
    k = len(names)
    if len(x) < k:
        raise ParameterError(f"{model}: {len(x)} points cannot fix {k} parameters")
    theta, cov = optimize.curve_fit(f, x, y, p0=list(p0), sigma=s, absolute_sigma=True,
                                    bounds=bounds, maxfev=20000)
    resid = (y - f(x, *theta)) / s
    chi2 = float(resid @ resid)
    dof = len(x) - k
    q = stats.t.ppf(0.5 + level / 2, dof) if dof > 0 else float("inf")
    err = np.sqrt(np.clip(np.diag(cov), 0, None))
    return Fit(model=model,
               params={n: float(v) for n, v in zip(names, theta)},
               errors={n: float(e) for n, e in zip(names, err)},
               ci={n: (float(v - q * e), float(v + q * e)) for n, v, e in zip(names, theta, err)},
               chi2=chi2, dof=dof,
               p_value=float(stats.chi2.sf(chi2, dof)) if dof > 0 else float("nan"),
               aic=chi2 + 2 * k, level=level, cov=np.asarray(cov, float).tolist())


def power_law(x, y, sigma=None, level: float = 0.95) -> Fit:
    """y ≈ A·x^p, started from the unweighted log-log line."""
    x_, y_, _ = _arrays(x, y, sigma)
    if np.any(x_ <= 0) or np.any(y_ <= 0):
        raise ParameterError("a power law needs positive x and y")
    p, log_a = np.polyfit(np.log(x_), np.log(y_), 1)
    return fit("power law A·x^p", lambda t, a, p_: a * t**p_, ("A", "p"),
               (math.exp(log_a), p), x, y, sigma, level)


def straight_line(model: str, x, y, sigma=None, level: float = 0.95,
                  names: tuple[str, str] = ("a", "b")) -> Fit:
    """y ≈ a + b·x by closed-form weighted least squares (θ = (XᵀWX)⁻¹XᵀWy, C = (XᵀWX)⁻¹):
    exact, and free of the finite-difference Jacobian that fails at a parameter equal to 0."""
    from scipy import stats

    x, y, s = _arrays(x, y, sigma)
    if len(x) < 2:
        raise ParameterError(f"{model}: a line needs at least 2 points")
    design = np.stack([np.ones_like(x), x], axis=1) / s[:, None]
    cov = np.linalg.inv(design.T @ design)
    theta = cov @ design.T @ (y / s)
    resid = (y - theta[0] - theta[1] * x) / s
    chi2, dof = float(resid @ resid), len(x) - 2
    q = stats.t.ppf(0.5 + level / 2, dof) if dof > 0 else float("inf")
    err = np.sqrt(np.diag(cov))
    return Fit(model=model, params=dict(zip(names, map(float, theta))),
               errors=dict(zip(names, map(float, err))),
               ci={n: (float(v - q * e), float(v + q * e)) for n, v, e in zip(names, theta, err)},
               chi2=chi2, dof=dof,
               p_value=float(stats.chi2.sf(chi2, dof)) if dof > 0 else float("nan"),
               aic=chi2 + 4, level=level, cov=cov.tolist())


def linear(x, y, sigma=None, level: float = 0.95) -> Fit:
    """y ≈ a + b·x."""
    return straight_line("linear a + b·x", x, y, sigma, level)


def akaike_weights(fits: Sequence[Fit]) -> list[float]:
    """exp(−ΔAIC/2) normalised: the relative support for each model."""
    best = min(f.aic for f in fits)
    w = [math.exp(-(f.aic - best) / 2) for f in fits]
    return [v / sum(w) for v in w]


def log_log_slope(x, y, y_err=None, level: float = 0.95) -> Fit:
    """Exponent p of y ∝ x^p as the weighted straight line log y = c + p·log x, with
    σ(log y) = σ_y/y (delta method); the right tool when y spans decades."""
    x_, y_, s = _arrays(x, y, y_err)
    if np.any(x_ <= 0) or np.any(y_ <= 0):
        raise ParameterError("a log-log fit needs positive x and y")
    ls = s / y_ if y_err is not None else None
    return straight_line("log y = c + p·log x", np.log(x_), np.log(y_), ls, level, ("c", "p"))
