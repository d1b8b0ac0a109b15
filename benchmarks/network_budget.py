"""Time of the network error budget on the shipped examples, CPU and wall (the machine is
shared, so CPU time is the number to compare):

    python benchmarks/network_budget.py [--forward]
    python benchmarks/network_budget.py --write-docs    # regenerate the docs' quoted numbers

For examples/qresnet18.yaml and examples/qvit_b16.yaml: the cold compile (first in the
process, the count cache off), the accounting (union bound, QLAM estimates, success factors, rotation pricing,
propagation bound) and the budget / assumptions / network sections; with ``--forward`` also
the float64 forward-pass calibration (``calibration: {source: forward}``), which runs the
network's MACs in numpy.

``--write-docs`` rewrites the marked blocks of docs/network.md and docs/costs.md (headline,
budget split, verdict, the sweeps to 4096² and 16k tokens) from what the code computes now
(qdl.estimators.network.doc_numbers; tests/docs/test_generated_numbers.py fails when they
differ): run it after any change to the lowering or the budget.
"""

from __future__ import annotations

import sys
import time

import yaml

from qdl.estimators.network import spec as S
from qdl.estimators.network.account import account
from qdl.estimators.network.budget_report import assumptions_section, budget_section
from qdl.estimators.network.compile import compile_network
from qdl.estimators.network.calibration import float_calibration
from qdl.estimators.network.summary import network_section, report_layers

EXAMPLES = ("examples/qresnet18.yaml", "examples/qvit_b16.yaml")


def timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.process_time() - c, time.perf_counter() - w


def main() -> None:
    from qdl import count_cache

    count_cache.disable()  # the compile is timed counting, not read from an earlier run
    if "--write-docs" in sys.argv:
        from pathlib import Path

        from qdl.estimators.network.doc_numbers import write

        changed = write(str(Path(__file__).resolve().parents[1]))
        print("rewrote: " + (", ".join(changed) if changed else "nothing (already current)"))
        return
    forward = "--forward" in sys.argv
    print(f"{'example':>26} {'part':>12} {'cpu s':>8} {'wall s':>8}")
    for path in EXAMPLES:
        with open(path) as fh:
            spec = S.NetworkSpec.model_validate(yaml.safe_load(fh)["network"])
        net, c, w = timed(lambda: compile_network(spec))
        print(f"{path:>26} {'compile':>12} {c:>8.3f} {w:>8.3f}")
        acc, c, w = timed(lambda: account(net))
        print(f"{path:>26} {'account':>12} {c:>8.3f} {w:>8.3f}")
        _, c, w = timed(lambda: (budget_section(net, acc), assumptions_section(net, acc),
                                 network_section(net, acc), report_layers(net, acc)))
        print(f"{path:>26} {'sections':>12} {c:>8.3f} {w:>8.3f}")
        if forward:
            _, c, w = timed(lambda: float_calibration(net))
            print(f"{path:>26} {'forward':>12} {c:>8.3f} {w:>8.3f}")


if __name__ == "__main__":
    main()
