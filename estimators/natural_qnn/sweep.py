"""Sweeps over the quantumness (a for the rotation scheme, g for the weak measurement).

For every value and every seed a network is initialised and trained from scratch (module
training) and its validation error measured two ways: the single-inference error (averaged over
``shots`` runs per image) and the majority vote over ``shots`` runs. Each point reports the mean
and the standard error over seeds. :func:`summarise` answers the seed paper's two questions with
those error bars: does the minimum lie inside the quantum regime (a > 0, g < π/2), and by how
many standard errors does it beat the classical point; where does learning collapse — g_c, the g
at which the mean single-shot error, followed from the classical g = π/2 downward, first crosses
halfway between the classical error and chance (1 − 1/10), linearly interpolated.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from qdl.estimators.natural_qnn.data import CLASSES, Split
from qdl.estimators.natural_qnn.model import Network
from qdl.estimators.natural_qnn.stats import mean_and_error
from qdl.estimators.natural_qnn.training import TrainSettings, error_rate, train, vote_error_rate

CHANCE = 1 - 1 / CLASSES


def train_and_score(split: Split, widths: list[int], scheme: str, a: float, g: float, seed: int,
                    settings: TrainSettings, shots: int) -> tuple[Network, dict[str, float]]:
    """One seeded training run and its validation errors."""
    net = Network.init(split.x_train.shape[1], widths, CLASSES, np.random.default_rng(seed),
                       scheme=scheme, a=a, g=g)
    history = train(net, split.x_train, split.y_train, settings, seed)
    return net, {"error": error_rate(net, split.x_val, split.y_val, shots, seed),
                 "vote_error": vote_error_rate(net, split.x_val, split.y_val, shots, seed),
                 "final_loss": history[-1]}


def sweep(split: Split, widths: list[int], scheme: str, param: str, values: list[float],
          a: float, g: float, seeds: list[int], settings: TrainSettings,
          shots: int) -> list[dict[str, Any]]:
    """Rows {param value, per-seed errors, mean ± standard error} over ``values`` of a or g."""
    from qdl import progress

    rows = []
    with progress.bar(f"training over {param}", total=len(values) * len(seeds)) as task:
        for value in values:
            qa, qg = (value, g) if param == "a" else (a, value)
            runs = []
            for s in seeds:
                runs.append(train_and_score(split, widths, scheme, qa, qg, s, settings,
                                            shots)[1])
                task.advance()
            rows.append(_row(param, value, runs))
    return rows


def _row(param: str, value: float, runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One sweep row: per-seed errors and their mean ± standard error."""
    row: dict[str, Any] = {param: value}
    for key in ("error", "vote_error"):
        per_seed = [r[key] for r in runs]
        row[key], row[key + "_stderr"] = mean_and_error(per_seed)
        row[key + "_per_seed"] = per_seed
    return row


def _classical(param: str, value: float) -> bool:
    return value == 0 if param == "a" else math.isclose(value, math.pi / 2)


def critical_g(rows: list[dict[str, Any]]) -> float | None:
    """g_c of the module docstring, or None when the error never crosses the midpoint."""
    ordered = sorted(rows, key=lambda r: -r["g"])
    level = (ordered[0]["error"] + CHANCE) / 2
    for hi, lo in zip(ordered, ordered[1:]):
        if lo["error"] >= level > hi["error"]:
            t = (level - hi["error"]) / (lo["error"] - hi["error"])
            return hi["g"] + t * (lo["g"] - hi["g"])
    return None


def summarise(param: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Where the minimum lies and how it compares with the classical point, per error measure."""
    out: dict[str, Any] = {}
    classical = [r for r in rows if _classical(param, r[param])]
    for key in ("error", "vote_error"):
        best = min(rows, key=lambda r: r[key])
        entry: dict[str, Any] = {param: best[param], "value": best[key],
                                 "stderr": best[key + "_stderr"],
                                 "inside_quantum_regime": not _classical(param, best[param])}
        if classical:
            c = classical[0]
            gap = c[key] - best[key]
            spread = math.hypot(c[key + "_stderr"], best[key + "_stderr"])
            entry["classical"] = c[key]
            entry["classical_stderr"] = c[key + "_stderr"]
            entry["improvement"] = gap
            entry["improvement_in_stderr"] = gap / spread if spread > 0 else None
        out["min_" + key] = entry
    if param == "g":
        out["g_c"] = critical_g(rows)
    return out
