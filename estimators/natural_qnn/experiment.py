"""What ``qdl-compile`` does with a natural_qnn model: train, evaluate, check, sweep, cost, plot.

:func:`run` returns the report section (plain data); :func:`layers` the per-layer costs. The
classical-limit check runs on every test image with the trained weights switched to a = 0
(and g = π/2): the emulator's sampled spins must equal the deterministic binarized network
(emulator.classical_forward) in every layer, for several shots. With ``--verify`` a small random
network of the same scheme and quantumness (4 inputs, hidden layers 3 and 3) is lowered to a
dynamic circuit, run on Aer, and its joint outcome distribution compared with the emulator's
exact one by a χ² test (module stats); the trained network is too wide for the branch lowering
(module circuit).
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np

from qdl.circuits.cost import Cost
from qdl.estimators.natural_qnn.data import load_digits_split
from qdl.estimators.natural_qnn.emulator import classical_forward, sample_layers
from qdl.estimators.natural_qnn.model import Network
from qdl.estimators.natural_qnn.resources import inference_cost, resource_report
from qdl.estimators.natural_qnn.sweep import summarise, sweep, train_and_score
from qdl.estimators.natural_qnn.training import TrainSettings, error_rate

#: Shape of the random network checked on Aer with --verify.
AER_INPUTS, AER_WIDTHS = 4, [3, 3]


def settings_of(spec) -> TrainSettings:
    t = spec.training
    return TrainSettings(epochs=t.epochs, batch_size=t.batch_size, learning_rate=t.learning_rate,
                         momentum=t.momentum, samples=t.samples, ste_width=t.ste_width)


def classical_limit_check(net: Network, x: np.ndarray, shots: int = 3) -> dict[str, Any]:
    """Does the network at a = 0, g = π/2 reproduce the binarized network on every input?"""
    limit = net.with_quantumness(0.0, math.pi / 2)
    reference = classical_forward(limit, x)
    sampled = sample_layers(limit, x, np.random.default_rng(0), shots)
    mismatched = sum(int(np.any(s != r[None], axis=(0, 2)).sum())
                     for (_, s), r in zip(sampled, reference))
    return {"inputs": len(x), "shots": shots, "mismatched_inputs": mismatched,
            "exact": mismatched == 0}


def aer_check(scheme: str, a: float, g: float, shots: int, seed: int = 0):
    """χ² agreement of Aer and the emulator on a small random network (module docstring)."""
    from qdl.estimators.natural_qnn.circuit import dynamic_circuit, run_on_aer
    from qdl.estimators.natural_qnn.emulator import exact_distribution
    from qdl.estimators.natural_qnn.stats import chi_square_agreement
    from qdl.passes.verify import VerificationResult

    start = time.perf_counter()
    rng = np.random.default_rng(seed)
    net = Network.init(AER_INPUTS, AER_WIDTHS, 2, rng, scheme=scheme, a=a, g=g)
    x = rng.uniform(-1, 1, AER_INPUTS)
    test = chi_square_agreement(run_on_aer(dynamic_circuit(net, x), shots, seed),
                                exact_distribution(net, x))
    failures = [] if test["passed"] else [
        f"chi2 {test['chi2']:.1f} > {test['threshold']:.1f} (dof {test['dof']}), "
        f"{test['impossible_outcomes']} impossible outcomes"]
    return VerificationResult(block="QubitNeuronNetwork",
                              params={"widths": AER_WIDTHS, "scheme": scheme, "a": a, "g": g},
                              method=f"Aer vs emulator, chi-square alpha={test['alpha']}",
                              cases=shots, passed=test["passed"], failures=failures,
                              seconds=time.perf_counter() - start), test


def run(spec, name: str, side_file=None, verify: bool = False) -> dict[str, Any]:
    """The report section of module docstring. ``side_file(file_name)`` gives (where to write
    now, where it will be) for a plot, or None when the run has no place for side files
    (qdl.compiler.outputs)."""
    d = spec.dataset
    split = load_digits_split(d.train_size, d.validation_size, d.seed)
    settings = settings_of(spec)
    start = time.perf_counter()
    net, scores = train_and_score(split, spec.layers, spec.scheme, spec.a, spec.g,
                                  spec.training.seed, settings, spec.eval_shots)
    seconds = time.perf_counter() - start
    scores["test_error"] = error_rate(net, split.x_test, split.y_test, spec.eval_shots,
                                      spec.training.seed)
    section: dict[str, Any] = {
        "network": {"inputs": split.x_train.shape[1], "hidden": spec.layers, "classes": 10,
                    "scheme": spec.scheme, "a": spec.a, "g": spec.g},
        "data": {"set": "sklearn digits 8x8", "train": len(split.y_train),
                 "validation": len(split.y_val), "test": len(split.y_test), "seed": d.seed},
        "training": {**scores, "seed": spec.training.seed, "seconds": round(seconds, 2),
                     "eval_shots": spec.eval_shots,
                     "surrogate": "expectation-based straight-through, width max(a, ste_width)"},
        "classical_limit": classical_limit_check(net, split.x_test),
        "resources": resource_report(spec.layers, spec.scheme, spec.a, spec.g,
                                     spec.rotation_eps),
    }
    sweeps: dict[str, Any] = {}
    if spec.sweep is not None:
        for param, values in (("a", spec.sweep.a), ("g", spec.sweep.g)):
            if not values:
                continue
            scheme = "rotation" if param == "a" else "weak_measurement"
            # a-sweep: rotation scheme, projective readout; g-sweep: weak measurement of
            # binarized neurons (a = 0), so each sweep's classical point is exactly classical
            rows = sweep(split, spec.layers, scheme, param, values, 0.0, math.pi / 2,
                         spec.sweep.seeds, settings, spec.eval_shots)
            sweeps[param] = {"scheme": scheme, "seeds": spec.sweep.seeds, "rows": rows,
                             "summary": summarise(param, rows)}
        section["sweeps"] = sweeps
    section["plots"] = _plots(sweeps, side_file, name)
    if spec.baselines is not None:
        section["baselines"] = run_baselines(spec, split, settings, side_file, name)
    if verify:
        result, test = aer_check(spec.scheme, spec.a, spec.g, spec.aer_shots)
        section["aer_check"] = test
        section["verification"] = [result]
    return section


def run_baselines(spec, split, settings: TrainSettings, side_file,
                  name: str) -> dict[str, Any]:
    """The paired comparison with classical baselines, a rich progress bar over seeds."""
    import sys

    from rich.console import Console
    from rich.progress import Progress

    from qdl.estimators.natural_qnn import baselines

    b = spec.baselines
    with Progress(console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task("classical baselines (seeds)", total=len(b.seeds))
        result = baselines.compare(split, spec.layers, b.scheme, b.a, b.g, b.seeds, settings,
                                   spec.eval_shots, b.members, lambda: bar.advance(task))
    result["verdict"] = baselines.verdict(result)
    result["table"] = {"title": "paired over seeds: quantum − baseline validation error",
                       "columns": ["question", "quantum", "baseline", "mean Δ", "stderr",
                                   "t-test p", "Holm p", "Wilcoxon p"],
                       "rows": [[t["question"], round(t["mean_first"], 4),
                                 round(t["mean_second"], 4), round(t["mean_difference"], 4),
                                 round(t["stderr"], 4), t["t_test_p"], t["t_test_p_holm"],
                                 t["wilcoxon_p"]]
                                for t in result["tests"]]}
    from qdl.compiler.outputs import NOT_WRITTEN, safe_file_name

    target = side_file and side_file(f"{safe_file_name(name)}_baselines.png")
    if target:
        baselines.plot(result, target[0])
    result["plot"] = str(target[1]) if target else f"no PNG {NOT_WRITTEN}"
    return result


def _plots(sweeps: dict[str, Any], side_file, name: str) -> dict[str, Any]:
    from qdl.compiler.outputs import NOT_WRITTEN, safe_file_name

    if not sweeps:
        return {"files": [], "note": "no sweep in the model file, so no plots"}
    targets = {param: side_file and side_file(f"{safe_file_name(name)}_sweep_{param}.png")
               for param in sweeps}
    if not all(targets.values()):
        return {"files": [], "note": f"no PNG {NOT_WRITTEN}"}
    from qdl.estimators.natural_qnn.plots import plot_sweep

    files = []
    for param, data in sweeps.items():
        staged, final = targets[param]
        plot_sweep(param, data["rows"], staged, f"{name}: validation error vs {param} "
                   f"({data['scheme']})", data["summary"].get("g_c"))
        files.append(str(final))
    return {"files": files, "note": "PNG plots; --format html draws the sweeps inline too"}


def layers(spec, count_from: str) -> list[dict[str, Any]]:
    """One report layer per hidden layer: its per-inference cost, by formula or from its circuit."""
    out = []
    for l, width in enumerate(spec.layers):
        if count_from == "circuit":
            from qdl.estimators.natural_qnn.circuit import inference_circuit
            from qdl.passes.circuit_count import count_circuit

            cost: Cost = count_circuit(inference_circuit([width], spec.scheme, spec.a, spec.g),
                                       rotation_eps=spec.rotation_eps)
        else:
            cost = inference_cost([width], spec.scheme, spec.a, spec.g, spec.rotation_eps)
        out.append({"name": f"hidden{l + 1}", "block": "QubitNeuronLayer",
                    "params": {"neurons": width, "scheme": spec.scheme, "a": spec.a,
                               "g": round(spec.g, 6)}, "cost": cost,
                    "notes": {"per": "one inference"}})
    return out
