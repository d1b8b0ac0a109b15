"""Counting versus building versus verifying the adders, at growing sizes.

Run: python benchmarks/count_and_build.py
Prints a table; counting should stay flat in n (memoised formulas over a constant number of
children) while building and verifying grow linearly in the gate count.
"""

from __future__ import annotations

import time

from rich.console import Console
from rich.table import Table

from qdl.circuits.block import clear_cost_cache
from qdl.circuits.qam.addition import CuccaroAdder, GidneyAdder
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


def best_of(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    table = Table(title="qdl adders: count (hierarchy), build, count (circuit), verify")
    for col in ("adder", "bits", "T-count", "count µs", "build ms", "circuit count ms",
                "verify s"):
        table.add_column(col, justify="right")
    for adder in (GidneyAdder, CuccaroAdder):
        for n in (8, 32, 128, 1024, 100_000, 1_000_000):
            block = adder(n)

            def count():
                clear_cost_cache()
                return block.cost()

            t_count = count().t_count
            count_us = best_of(count) * 1e6
            build_ms = circ_ms = verify_s = "-"
            if n <= 1024:
                build_ms = f"{best_of(lambda: build_circuit(block), 3) * 1e3:,.1f}"
                qc = build_circuit(block)
                circ_ms = f"{best_of(lambda: count_circuit(qc), 3) * 1e3:,.1f}"
            if n <= 128:
                verify_s = f"{verify_block(block).seconds:.2f}"
            table.add_row(adder.__name__, f"{n:,}", f"{t_count:,}", f"{count_us:,.0f}",
                          build_ms, circ_ms, verify_s)
    Console(width=120).print(table)


if __name__ == "__main__":
    main()
