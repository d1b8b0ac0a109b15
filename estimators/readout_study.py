"""Seed 000 Fig. 2 (a–c) on real data: the readout cost at fixed accuracy, as the input grows.

For each input size N (digits upsampled to N × N) and each seed: train the residual CNN of
qdl.estimators.readout_cnn without readout noise (its test accuracy is the *peak*), then
evaluate it with every layer's output read out (qdl.estimators.readout_emulation) by DCD at each
rank r of a grid (fixed ε) and by ℓ∞ tomography at each δ of a grid. The threshold at level q
(0.95 and 0.90 of the peak) is

- DCD: the smallest grid r from which on every larger grid r keeps accuracy ≥ q·peak;
- tomography: the largest grid δ below which every smaller grid δ keeps accuracy ≥ q·peak,

(None when no grid point qualifies). QO(N) is the summed U_x queries of the readouts of all
layers at that threshold (qdl.estimators.readout cost models; one query = one execution of the
layer's circuit, whose own cost is not included). Mean ± standard error over seeds; the
exponent p of QO ∝ N^p by a weighted log-log fit with its 95 % CI (qdl.estimators.fits).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from qdl.estimators import fits, readout
from qdl.estimators.readout_cnn import CNN, POOLED, train, upsampled_digits
from qdl.estimators.readout_emulation import dcd_batch, tomography_batch


@dataclass(frozen=True)
class StudyConfig:
    sizes: tuple[int, ...] = (8, 16, 32, 64)
    seeds: tuple[int, ...] = (0, 1, 2)
    channels: int = 6
    blocks: int = 2
    train_size: int = 600
    test_size: int = 300
    epochs: int = 5
    learning_rate: float = 3e-3
    #: a ×√2 grid up to the largest state (C·64² = 24,576 at N = 64, C = 6)
    ranks: tuple[int, ...] = (2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384,
                              512, 768, 1024, 1536, 2048, 3072, 4096, 6144, 8192, 12288,
                              16384, 24576)
    deltas: tuple[float, ...] = (1.0, 0.7, 0.5, 0.35, 0.25, 0.18, 0.12, 0.08, 0.05, 0.03,
                                 0.02, 0.01)
    epsilon: float = 0.01
    failure: float = 0.01
    levels: tuple[float, ...] = (0.95, 0.90)
    data_seed: int = 0


def layer_sizes(size: int, channels: int, blocks: int) -> list[int]:
    """Amplitudes of each read-out state: the stem's C·N², then C·8² per block."""
    return [channels * size * size] + [channels * POOLED * POOLED] * blocks


def dcd_queries(sizes: Sequence[int], rank: int, epsilon: float, failure: float) -> int:
    return sum(readout.dcd(d, min(rank, d), epsilon, failure).queries for d in sizes)


def tomography_queries(sizes: Sequence[int], delta: float) -> int:
    return sum(readout.tomography_linf(d, delta).queries for d in sizes)


def threshold(grid: Sequence[float], accuracy: Sequence[float], target: float,
              larger_is_finer: bool) -> float | None:
    """The coarsest grid value from which every finer value keeps accuracy ≥ target.

    ``larger_is_finer``: True for ranks (finer = larger r), False for δ (finer = smaller)."""
    pairs = sorted(zip(grid, accuracy), key=lambda p: p[0], reverse=not larger_is_finer)
    best = None
    for value, acc in reversed(pairs):  # from the finest value towards the coarsest
        if acc < target:
            break
        best = value
    return best


def _accuracy(net: CNN, x: np.ndarray, y: np.ndarray, readout_fn=None) -> float:
    return float((net.predict(x, readout_fn) == y).mean())


def run_one(size: int, seed: int, cfg: StudyConfig, tick: Callable[[], None] | None = None
            ) -> dict:
    """Train one network at one N and measure accuracy over both readout grids."""
    xtr, ytr, xte, yte = upsampled_digits(size, cfg.data_seed, cfg.train_size, cfg.test_size)
    net = CNN.init(cfg.channels, cfg.blocks, 10, np.random.default_rng(seed))
    train(net, xtr, ytr, cfg.epochs, np.random.default_rng(seed), lr=cfg.learning_rate)
    rng = np.random.default_rng(10_000 + seed)
    peak = _accuracy(net, xte, yte)
    if tick:
        tick()
    dcd_acc, tomo_acc = [], []
    for r in cfg.ranks:
        dcd_acc.append(_accuracy(net, xte, yte,
                                 lambda _, h: dcd_batch(h, r, cfg.epsilon, rng, cfg.failure)))
        if tick:
            tick()
    for d in cfg.deltas:
        tomo_acc.append(_accuracy(net, xte, yte, lambda _, h: tomography_batch(h, d, rng)))
        if tick:
            tick()
    sizes = layer_sizes(size, cfg.channels, cfg.blocks)
    out = {"size": size, "seed": seed, "peak": peak, "dcd_accuracy": dcd_acc,
           "tomography_accuracy": tomo_acc, "layer_sizes": sizes}
    for q in cfg.levels:
        r = threshold(cfg.ranks, dcd_acc, q * peak, larger_is_finer=True)
        d = threshold(cfg.deltas, tomo_acc, q * peak, larger_is_finer=False)
        out[f"rank_{q:g}"] = r
        out[f"delta_{q:g}"] = d
        out[f"qo_dcd_{q:g}"] = None if r is None else dcd_queries(sizes, int(r), cfg.epsilon,
                                                                   cfg.failure)
        out[f"qo_tomography_{q:g}"] = None if d is None else tomography_queries(sizes, d)
    return out


def _mean_se(values: list) -> tuple[float | None, float | None, int]:
    v = np.array([x for x in values if x is not None], float)
    if len(v) == 0:
        return None, None, 0
    se = float(v.std(ddof=1) / np.sqrt(len(v))) if len(v) > 1 else 0.0
    return float(v.mean()), se, len(v)


def summarise(runs: list[dict], cfg: StudyConfig) -> dict:
    """Mean ± s.e. over seeds per N, and the exponent fits of QO(N) and of r / δ."""
    rows, exponents = [], {}
    for size in cfg.sizes:
        mine = [r for r in runs if r["size"] == size]
        row = {"size": size, "peak": _mean_se([r["peak"] for r in mine])[:2]}
        for key in [k for k in mine[0] if k.startswith(("rank_", "delta_", "qo_"))]:
            row[key] = _mean_se([r[key] for r in mine])
        rows.append(row)
    for q in cfg.levels:
        for key in (f"qo_dcd_{q:g}", f"qo_tomography_{q:g}", f"rank_{q:g}", f"delta_{q:g}"):
            pts = [(r["size"], r[key][0], r[key][1]) for r in rows
                   if r[key][0] is not None and r[key][2] == len(cfg.seeds)]
            if len(pts) < 3:
                exponents[key] = None
                continue
            n, m, se = (np.array(v, float) for v in zip(*pts))
            # a seed-to-seed spread of 0 (all seeds at one grid value) gets the grid's
            # half-step in log as its error: the threshold is only known to that resolution
            se = np.maximum(se, m * 0.2)
            f = fits.log_log_slope(n, m, se)
            exponents[key] = {"exponent": f.params["p"], "ci": f.ci["p"],
                              "chi2_dof": f.chi2_dof, "points": len(pts)}
    return {"rows": rows, "exponents": exponents}


def run(cfg: StudyConfig, tick: Callable[[], None] | None = None) -> dict:
    """Every (N, seed) run and the summary; limits BLAS to one thread (on a shared machine
    oversubscribed BLAS threads made training 20× slower here)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        runs = [run_one(size, seed, cfg, tick) for size in cfg.sizes for seed in cfg.seeds]
    return {"runs": runs, **summarise(runs, cfg)}


def steps(cfg: StudyConfig) -> int:
    """Progress-bar steps of :func:`run`."""
    return len(cfg.sizes) * len(cfg.seeds) * (1 + len(cfg.ranks) + len(cfg.deltas))
