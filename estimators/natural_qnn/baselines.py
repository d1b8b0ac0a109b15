"""Are qubit neurons quantum? The seed-001 networks against fair classical baselines.

Every neuron of either scheme is its own qubit (rotation) or its own qubit-plus-ancilla pair
(weak measurement), prepared, measured with *diagonal* Kraus operators and discarded; the next
layer sees only the classical outcomes. So, given the previous layer's outcomes, the neurons
are independent Bernoulli variables with

    P(s = +1 | z) = (1 + sin g · sin(π·htanh_a(z)/2)) / 2      (sin g = 1 for rotation),

and the network *is* a classical stochastic binary network (SBN): no superposition or
entanglement survives from one neuron or layer to the next (model.py derives this from the
Kraus operators; tests/estimators/natural_qnn check the circuit on Aer against it). The
"quantum" network cannot do anything a PRNG-driven SBN with these probabilities cannot.

This module measures that, and the claimed advantage, against three classical baselines, each
on the same data split and paired by training seed:

1. ``sbn``: the trained weights sampled by an *independent* classical implementation of the
   formula above, driven by a different PRNG (MT19937 via numpy's RandomState, not the
   emulator's PCG64); its errors must be statistically indistinguishable from the emulator's;
2. ``deterministic``: the binarized network (a = 0) trained with the same seed, and a
   deterministic ensemble of ``members`` such networks (different seeds) voting;
3. ``mean_field``: the deterministic network whose activation is the mean spin
   E[s] = sin g·sin(π·htanh_a(z)/2), evaluated on the quantum network's weights and trained
   from scratch by ordinary backpropagation.

Paired comparisons (stats.paired_test): mean difference, paired t-test and Wilcoxon signed-rank
p-values over seeds. No entangling variant: the seed's text (as in /work/shared/seeds) couples
each neuron to its own ancilla only; nothing is shared between neurons.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from qdl.estimators.natural_qnn.data import CLASSES, Split
from qdl.estimators.natural_qnn.emulator import logits
from qdl.estimators.natural_qnn.model import Network
from qdl.estimators.natural_qnn.stats import holm, paired_test
from qdl.estimators.natural_qnn.training import TrainSettings, error_rate, train, vote_error_rate


#: offset of the evaluation seeds from the training seed
EVAL_OFFSET = 10_000


def mean_activation(z: np.ndarray, a: float, g: float, scheme: str) -> np.ndarray:
    """E[s | z] = sin g · sin(π·clip(z/a, −1, 1)/2), written from the formula alone (not from
    model.py); a = 0 is the sign with sign(0) = +1."""
    h = np.where(z >= 0, 1.0, -1.0) if a == 0 else np.clip(z / a, -1.0, 1.0)
    return (1.0 if scheme == "rotation" else math.sin(g)) * np.sin(math.pi * h / 2)


def sbn_predict(net: Network, x: np.ndarray, shots: int, seed: int) -> np.ndarray:
    """Classes predicted by the classical SBN (MT19937 sampler), shape (shots, batch)."""
    rs = np.random.RandomState(seed)
    d = np.broadcast_to(x, (shots,) + x.shape)
    for w, b in zip(net.weights, net.biases):
        p_plus = (1 + mean_activation(d @ w.T + b, net.a, net.g, net.scheme)) / 2
        d = np.where(rs.random_sample(p_plus.shape) < p_plus, 1.0, -1.0)
    return np.argmax(logits(net, d), axis=-1)


def _errors(pred: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(single-inference error averaged over shots, majority-vote error)."""
    votes = np.apply_along_axis(np.bincount, 0, pred, minlength=CLASSES)
    return float((pred != y[None]).mean()), float((np.argmax(votes, axis=0) != y).mean())


def mean_field_forward(net: Network, x: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """(z, E[s]) per layer of the deterministic mean-field network."""
    out, d = [], x
    for w, b in zip(net.weights, net.biases):
        z = d @ w.T + b
        d = mean_activation(z, net.a, net.g, net.scheme)
        out.append((z, d))
    return out


def mean_field_gradients(net: Network, x: np.ndarray, y: np.ndarray
                         ) -> tuple[float, list[np.ndarray]]:
    """Cross-entropy loss of the mean-field network and its exact gradients
    [W_1, b_1, ..., W_L, b_L, W_out, b_out] (needs a > 0)."""
    scale = 1.0 if net.scheme == "rotation" else math.sin(net.g)
    layers = mean_field_forward(net, x)
    out = layers[-1][1] @ net.readout_w.T + net.readout_b
    prob = np.exp(out - out.max(axis=1, keepdims=True))
    prob /= prob.sum(axis=1, keepdims=True)
    loss = float(-np.log(np.maximum(prob[np.arange(len(y)), y], 1e-300)).mean())
    prob[np.arange(len(y)), y] -= 1.0
    dlog = prob / len(y)
    grads = [dlog.T @ layers[-1][1], dlog.sum(axis=0)]
    ds = dlog @ net.readout_w
    for l in range(len(net.weights) - 1, -1, -1):
        z = layers[l][0]
        h = np.clip(z / net.a, -1, 1)
        dz = ds * scale * (math.pi / 2) * np.cos(math.pi * h / 2) * (np.abs(z) < net.a) / net.a
        inputs = layers[l - 1][1] if l else x
        grads = [dz.T @ inputs, dz.sum(axis=0)] + grads
        ds = dz @ net.weights[l]
    return loss, grads


def train_mean_field(net: Network, x: np.ndarray, y: np.ndarray, settings: TrainSettings,
                     seed: int) -> None:
    """SGD with momentum on the mean-field network, same schedule as training.train."""
    rng = np.random.default_rng(seed)
    params = [p for pair in zip(net.weights, net.biases) for p in pair]
    params += [net.readout_w, net.readout_b]
    velocity = [np.zeros_like(p) for p in params]
    for _ in range(settings.epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), settings.batch_size):
            idx = order[start:start + settings.batch_size]
            _, grads = mean_field_gradients(net, x[idx], y[idx])
            for p, v, g in zip(params, velocity, grads):
                v *= settings.momentum
                v -= settings.learning_rate * g
                p += v


def _trained(split: Split, widths, scheme: str, a: float, g: float, seed: int,
             settings: TrainSettings, mean_field: bool = False) -> Network:
    net = Network.init(split.x_train.shape[1], widths, CLASSES, np.random.default_rng(seed),
                       scheme=scheme, a=a, g=g)
    (train_mean_field if mean_field else train)(net, split.x_train, split.y_train, settings,
                                                seed)
    return net


def one_seed(split: Split, widths, scheme: str, a: float, g: float, seed: int,
             settings: TrainSettings, shots: int, members: int) -> dict[str, float]:
    """Every network's validation errors for one training seed."""
    x, y = split.x_val, split.y_val
    net = _trained(split, widths, scheme, a, g, seed, settings)
    # evaluation streams independent of the training stream (default_rng(seed)) and of each
    # other, so that no network is scored on the noise it was trained with
    out = {"quantum_single": error_rate(net, x, y, shots, seed + EVAL_OFFSET),
           "quantum_vote": vote_error_rate(net, x, y, shots, seed + EVAL_OFFSET)}
    out["sbn_single"], out["sbn_vote"] = _errors(
        sbn_predict(net, x, shots, seed + 2 * EVAL_OFFSET), y)
    mf_pred = np.argmax(mean_field_forward(net, x)[-1][1] @ net.readout_w.T + net.readout_b, 1)
    out["mean_field_same_weights"] = float((mf_pred != y).mean())
    if a > 0:
        mf = _trained(split, widths, scheme, a, g, seed, settings, mean_field=True)
        pred = np.argmax(mean_field_forward(mf, x)[-1][1] @ mf.readout_w.T + mf.readout_b, 1)
        out["mean_field_trained"] = float((pred != y).mean())
    ensemble = [_trained(split, widths, "rotation", 0.0, math.pi / 2, seed * members + j + 1000,
                         settings) for j in range(members)]
    preds = np.stack([np.argmax(logits(m, _binarized(m, x)), axis=-1) for m in ensemble])
    det = _trained(split, widths, "rotation", 0.0, math.pi / 2, seed, settings)
    out["deterministic"] = float((np.argmax(logits(det, _binarized(det, x)), -1) != y).mean())
    out["deterministic_ensemble_vote"] = _errors(preds, y)[1]
    return out


def _binarized(net: Network, x: np.ndarray) -> np.ndarray:
    d = x
    for w, b in zip(net.weights, net.biases):
        d = np.where(d @ w.T + b >= 0, 1.0, -1.0)
    return d


#: (quantum measure, baseline measure, question) for the paired tests
COMPARISONS = (
    ("quantum_single", "sbn_single", "is the quantum network a classical SBN? (single)"),
    ("quantum_vote", "sbn_vote", "is the quantum network a classical SBN? (vote)"),
    ("quantum_vote", "deterministic", "vote vs the binarized network"),
    ("quantum_vote", "deterministic_ensemble_vote", "vote vs a deterministic ensemble"),
    ("quantum_vote", "mean_field_same_weights", "vote vs mean field, same weights"),
    ("quantum_vote", "mean_field_trained", "vote vs mean field, trained"),
    ("quantum_single", "deterministic", "single inference vs the binarized network"),
)


def compare(split: Split, widths, scheme: str, a: float, g: float, seeds, settings: TrainSettings,
            shots: int, members: int = 5, progress=None) -> dict[str, Any]:
    """Per-seed errors of every network and the paired tests of COMPARISONS."""
    runs = []
    for s in seeds:
        runs.append(one_seed(split, widths, scheme, a, g, s, settings, shots, members))
        if progress:
            progress()
    tests = []
    for q, b, question in COMPARISONS:
        if b not in runs[0]:
            continue
        t = paired_test([r[q] for r in runs], [r[b] for r in runs])
        tests.append({"question": question, "quantum": q, "baseline": b, **t})
    for t, adjusted in zip(tests, holm([t["t_test_p"] for t in tests])):
        t["t_test_p_holm"] = adjusted
    return {"scheme": scheme, "a": a, "g": g, "seeds": list(seeds), "shots": shots,
            "ensemble_members": members, "per_seed": runs, "tests": tests}


def verdict(result: dict[str, Any], alpha: float = 0.05) -> str:
    """One sentence per comparison: direction, size and significance at ``alpha`` after the
    Holm correction for the family of comparisons."""
    parts = []
    for t in result["tests"]:
        p = t["t_test_p_holm"]
        d, se = t["mean_difference"], t["stderr"]
        if p >= alpha:
            word = "indistinguishable"
        else:
            word = "quantum better" if d < 0 else "baseline better"
        wil = "n/a" if t["wilcoxon_p"] is None else f"{t['wilcoxon_p']:.2g}"
        parts.append(f"{t['question']}: Δerror = {d:+.4f} ± {se:.4f} (t-test p = "
                     f"{t['t_test_p']:.2g}, Holm {p:.2g}; Wilcoxon p = {wil}) → {word}")
    return (f"the qubit-neuron network is exactly a classical stochastic binary network "
            f"(independent Bernoulli neurons, diagonal Kraus operators); over "
            f"{len(result['seeds'])} paired seeds at a = {result['a']:g}, "
            f"g = {result['g']:.3g}: " + "; ".join(parts))


def plot(result: dict[str, Any], path) -> str:
    """Per-seed paired differences (quantum − baseline) for each comparison."""
    from qdl.estimators.plotting import write_figure

    def draw(ax):
        for i, t in enumerate(result["tests"]):
            diffs = [r[t["quantum"]] - r[t["baseline"]] for r in result["per_seed"]]
            ax.plot(diffs, [i] * len(diffs), "o", alpha=0.4, color="C0")
            ax.errorbar([t["mean_difference"]], [i], xerr=[[t["mean_difference"] - t["ci"][0]],
                                                           [t["ci"][1] - t["mean_difference"]]],
                        fmt="s", color="C3", capsize=4)
        ax.axvline(0, color="grey", lw=0.8)
        ax.set_yticks(range(len(result["tests"])))
        ax.set_yticklabels([t["question"] for t in result["tests"]], fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel("validation error: quantum − baseline (per seed; red: mean, 95 % CI)")
        ax.set_title(f"seed 001 vs classical baselines ({len(result['seeds'])} seeds, "
                     f"a = {result['a']:g})")

    return write_figure(path, draw, size=(9.0, 4.0))
