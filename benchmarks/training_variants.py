"""The training examples and their one-line variants, as the table in docs/training.md.

Run: python benchmarks/training_variants.py. Each row loads an example through the compiler's
own model loader, changes one assumption (walk constant, readout, data access) and prints the
estimate; the costs are the same blocks' costs ``qdl-compile ... --format json`` reports.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from qdl.compiler.kinds.training import problem_from
from qdl.compiler.model import load_model
from qdl.estimators.training import cost_model as cm

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
VARIANTS = [
    ("as in the file", {}),
    ("empirical α", {"walk_constant": "empirical"}),
    ("empirical + one observable", {"walk_constant": "empirical", "readout": "observable"}),
    ("same with QROM", {"walk_constant": "empirical", "readout": "observable",
                        "data_access": "qrom"}),
]


def main() -> None:
    print("| model | variant | κ (block-encoded) | calls/run | runs | samples | T-count | "
          "T-depth | quantum s | classical s | T-exponent | break-even flops/step |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    start = time.perf_counter()
    for size in ("7m", "103m"):
        _, model, _ = load_model(str(EXAMPLES / f"sparse_training_{size}.yaml"))
        base = problem_from(model.training)
        for label, change in VARIANTS:
            p = replace(base, **change)
            e = cm.estimate(p)
            v = cm.verdict(p)
            per_run = (e.query_cost * e.queries + e.prep_cost * e.preparations)
            total = per_run.t_count * e.runs * e.samples
            print(f"| {size.upper()} | {label} | {e.kappa:,.0f} | {e.queries:,} | {e.runs} | "
                  f"{e.samples:,} | {total:.3g} | {e.total_depth:.3g} | "
                  f"{e.quantum_seconds:.2g} | {e.classical_seconds:.2g} | "
                  f"{v['T_exponent_up_to_model_T']:.2f} | "
                  f"{v['break_even_classical_flops_per_step']:.2g} |")
    print(f"\n{2 * len(VARIANTS)} estimates with verdict sweeps in "
          f"{time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
