"""Carleman truncation beyond order 1: gradient descent on a cubic loss, order N against direct GD.

Loss L(θ) = ½θᵀHθ + (1/3)·Σ_ijk T_ijk θ_i θ_j θ_k with T symmetric: its gradient is
Hθ + F₂(θ⊗θ) with F₂[i, (j,k)] = T_ijk, so GD is θ ↦ A₁θ + A₂(θ⊗θ), A₁ = I − ηH, A₂ = −ηF₂ —
a genuinely nonlinear map whose Carleman embedding (qdl.estimators.training.carleman) must be
truncated at an order N ≥ 2. The instance is scaled to a chosen R = c/(1 − a) < 1
(a = ‖A₁‖, c = η‖F₂‖‖θ₀‖; dissipativity.r_number), and for N = 1 … N_max the worst error over
the trajectory, max_t ‖θ̂_t^{(N)} − θ_t‖, is compared with the bound ‖θ₀‖·R^N. The seed's
claim (exponential convergence in N when R < 1) is tested by the weighted straight-line fit
ln error = c₀ + N·ln ρ (qdl.estimators.fits): the decay rate ρ with its CI against R.
"""

from __future__ import annotations

import itertools

import numpy as np

from qdl.estimators import fits
from qdl.estimators.training.carleman import carleman_trajectory, gd_trajectory
from qdl.estimators.training.dissipativity import r_number


def cubic_instance(params: int, r_target: float, eta: float, seed: int,
                   eigenvalues: tuple[float, float] = (1.0, 4.0), theta0_norm: float = 1.0):
    """(A₁, A₂, θ₀) of a random cubic loss with R = r_target exactly."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.normal(size=(params, params)))
    h = q @ np.diag(np.linspace(*eigenvalues, params)) @ q.T
    t = rng.normal(size=(params,) * 3)
    t = sum(np.transpose(t, p) for p in itertools.permutations(range(3))) / 6  # symmetric
    f2 = t.reshape(params, params * params)
    theta0 = rng.normal(size=params)
    theta0 *= theta0_norm / np.linalg.norm(theta0)
    a1 = np.eye(params) - eta * h
    a = np.linalg.norm(a1, 2)
    # c = η‖F₂‖‖θ₀‖ = R(1 − a): scale F₂ to hit the target R
    f2 *= r_target * (1 - a) / (eta * np.linalg.norm(f2, 2) * theta0_norm)
    return a1, -eta * f2, theta0


def order_errors(a1, a2, theta0, orders, steps: int) -> list[float]:
    gd = gd_trajectory(a1, a2, theta0, steps)
    return [float(np.linalg.norm(carleman_trajectory(a1, a2, theta0, n, steps) - gd,
                                 axis=1).max()) for n in orders]


def study(params: int, r_values, orders, steps: int, eta: float, seeds) -> dict:
    """Error against order for each R, over several random instances; the decay-rate fit."""
    rows = []
    for r in r_values:
        per_seed = []
        for s in seeds:
            a1, a2, th0 = cubic_instance(params, r, eta, s)
            a = float(np.linalg.norm(a1, 2))
            c = float(np.linalg.norm(a2, 2) * np.linalg.norm(th0))
            per_seed.append(order_errors(a1, a2, th0, orders, steps))
        errs = np.array(per_seed)
        logs = np.log(errs)
        mean, se = logs.mean(axis=0), logs.std(axis=0, ddof=1) / np.sqrt(len(seeds))
        # the smallest errors approach rounding (1e−16): keep orders above 1e−13
        keep = errs.max(axis=0) > 1e-13
        f = fits.straight_line("ln error = c₀ + N·ln ρ", np.asarray(orders, float)[keep],
                               mean[keep], np.maximum(se[keep], 0.05), names=("c0", "ln_rho"))
        lo, hi = np.exp(f.ci["ln_rho"])
        rows.append({"R": float(r_number(a, c)), "R_target": r, "orders": list(orders),
                     "mean_error": np.exp(mean).tolist(), "per_seed": errs.tolist(),
                     "bound": [float(r) ** n for n in orders],
                     "within_bound": bool(np.all(errs <= np.array([r ** n for n in orders])
                                                 * (1 + 1e-9))),
                     "decay_rate": float(np.exp(f.params["ln_rho"])), "decay_ci": (lo, hi),
                     "fit_chi2_dof": f.chi2_dof})
    return {"params": params, "steps": steps, "eta": eta, "seeds": list(seeds), "rows": rows}


def verdict(result: dict) -> str:
    parts = []
    for row in result["rows"]:
        lo, hi = row["decay_ci"]
        parts.append(f"R = {row['R']:.2g}: error ∝ ρ^N with ρ = {row['decay_rate']:.3g} "
                     f"[{lo:.3g}, {hi:.3g}], {'within' if row['within_bound'] else 'ABOVE'} "
                     f"the R^N bound at every order")
    return ("exponential convergence in the Carleman order N ≥ 2 on a cubic loss: "
            + "; ".join(parts))


def plot(result: dict, path) -> str:
    from qdl.estimators.plotting import write_figure

    def draw(ax):
        for i, row in enumerate(result["rows"]):
            color = f"C{i}"
            ax.semilogy(row["orders"], row["mean_error"], "o-", color=color,
                        label=f"R = {row['R']:.2g} (GD vs Carleman)")
            ax.semilogy(row["orders"], row["bound"], ":", color=color)
        ax.set_xlabel("Carleman truncation order N")
        ax.set_ylabel("max_t ‖θ̂_t − θ_t‖ (dotted: ‖θ₀‖R^N)")
        ax.set_title(f"cubic loss, n = {result['params']}, T = {result['steps']}")
        ax.legend(fontsize=8)

    return write_figure(path, draw)


def aer_order2_check(r_target: float = 0.5, eta: float = 0.1, lam: float = 2.0,
                     theta0: float = 1.0) -> dict:
    """One GD step of the scalar cubic loss ½λθ² + (1/3)fθ³ (R = r_target), embedded at
    Carleman order 2 (y = (u, u²), B = [[a₁, a₂], [0, a₁²]]), written as the 4-dimensional
    history system L·(y(0), y(1)) = (y_in, 0) and solved on Aer through qdl's sparse
    block-encoding and Chebyshev inverse (training.solver_check). Reports the solver's fidelity
    with ℓ⁻¹b and the order-2 estimate of θ₁ against direct GD."""
    from qdl.estimators.training.carleman import (carleman_initial, carleman_matrix,
                                                  history_system)
    from qdl.estimators.training.solver_check import run_solver_check

    a1 = np.array([[1 - eta * lam]])
    a = abs(a1[0, 0])
    f = r_target * (1 - a) / (eta * abs(theta0))  # c = η|f||θ₀| = R(1 − a)
    a2 = np.array([[-eta * f]])
    b = carleman_matrix(a1, a2 * abs(theta0), 2)
    ell = history_system(b, 1, 0)
    y0 = carleman_initial(np.array([np.sign(theta0)]), 2)
    rhs = np.concatenate([y0, np.zeros(2)])
    norm = float(np.linalg.norm(rhs))
    check = run_solver_check(ell, rhs / norm, variant="sparse")
    y = np.linalg.solve(ell, rhs)
    gd = gd_trajectory(a1, a2, np.array([theta0]), 1)[1, 0]
    return {"R": r_target, "order": 2, "dimension": check.dimension, "kappa": check.kappa,
            "degree": check.degree, "block_encoding_calls": check.inner_calls,
            "t_count": check.t_count, "qubits": check.qubits, "fidelity": check.fidelity,
            "success_probability": check.success_probability,
            "theta1_carleman_order2": float(y[2] * abs(theta0)), "theta1_gd": float(gd),
            "truncation_error": float(abs(y[2] * abs(theta0) - gd))}
