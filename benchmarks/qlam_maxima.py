"""Counting time and peak memory of QLAM blocks at their declared maxima (docs/composition.md).

Each case builds the block from the registry and times ``cost()`` alone (no report) in a child
forked after the imports, under a wall-clock cap; the parent reads the child's peak RSS. Run it
on two checkouts back to back to compare them under the same machine load.

    .venv/bin/python benchmarks/qlam_maxima.py [--timeout S]
"""

from __future__ import annotations

import argparse
import os
import signal
import time

CASES = [
    ("lcu_heads", {"size": 16, "heads": 1024}),
    ("be_sum", {"size": 16, "count": 64, "variant": "lcu_pauli"}),
    ("lcu_heads", {"size": 16, "heads": 1024, "variant": "lcu_pauli"}),
    ("inner_product", {"size": 1 << 40}),
    ("block_encoding", {"size": 16, "variant": "lcu_pauli", "mu": 30}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=int, default=60)
    args = parser.parse_args()
    from qdl.circuits.registry import lookup

    print("| primitive | params | s | peak MB |\n|---|---|---:|---:|")
    for name, params in CASES:
        prim = lookup(name)
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: time cost() only
            signal.alarm(args.timeout)
            start = time.perf_counter()
            prim.block(prim.params(**params)).cost()
            os.write(write, f"{time.perf_counter() - start:.2f}".encode())
            os._exit(0)
        os.close(write)
        _, status, usage = os.wait4(pid, 0)
        seconds = os.read(read, 64).decode() or f"> {args.timeout} (timeout)"
        os.close(read)
        print(f"| {name} | {params} | {seconds} | {usage.ru_maxrss / 1024:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
