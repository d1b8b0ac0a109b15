"""Flattening speed: time to build gate-level Qiskit circuits of large primitives.

    python benchmarks/flatten_speed.py

Builds a 1024-bit Gidney adder (and the lookahead adder), and a 32×32 multiplier when the
``multiply`` primitive is registered, and prints gates, build seconds and gates per second.
"""

from __future__ import annotations

import time

from qdl.circuits.registry import primitives
from qdl.passes.build import build_circuit, estimated_gates

CASES = [("add", {"bits": 1024, "variant": "gidney"}),
         ("add", {"bits": 1024, "variant": "lookahead"}),
         ("add", {"bits": 1024, "variant": "cdkm"}),
         ("multiply", {"bits": 32, "bits_b": 32})]


def main() -> None:
    table = primitives()
    print(f"{'primitive':<34}{'gates':>10}{'qubits':>8}{'build s':>10}{'gates/s':>12}")
    for name, params in CASES:
        if name not in table:
            print(f"{name:<34}{'(not registered)':>40}")
            continue
        prim = table[name]
        params = {k: v for k, v in params.items() if k in prim.params.model_fields}
        block = prim.block(prim.params(**params))
        start = time.perf_counter()
        qc = build_circuit(block)
        seconds = time.perf_counter() - start
        label = f"{name} {params}"
        print(f"{label:<34}{estimated_gates(block):>10}{qc.num_qubits:>8}{seconds:>10.3f}"
              f"{estimated_gates(block) / seconds:>12.0f}")


if __name__ == "__main__":
    main()
