"""QLAM counting speed and scaling: prints a table (run: python benchmarks/qlam_counting.py).

Every count is from the hierarchy (the recorded program's walk), never from a built circuit;
the cost cache is cleared before each timing.
"""

from __future__ import annotations

import time

import numpy as np

from qdl.circuits.block import clear_cost_cache
from qdl.circuits.qlam.program import _PROGRAMS
from qdl.circuits.registry import lookup

CASES = [
    ("block_encoding", {"variant": "dense", "size": 1 << 10}),
    ("block_encoding", {"variant": "dense", "size": 1 << 20}),
    ("block_encoding", {"variant": "sparse", "size": 1 << 8, "sparsity": 16}),
    ("block_encoding", {"variant": "sparse", "size": 1 << 10, "sparsity": 16}),
    ("block_encoding", {"variant": "lcu_pauli", "size": 1 << 4}),
    ("be_product", {"size": 1 << 20, "count": 2}),
    ("be_sum", {"size": 1 << 20, "count": 4}),
    ("lcu_heads", {"heads": 8, "size": 1 << 20}),
    ("amplitude_estimation", {"variant": "qpe", "qubits": 20, "epsilon": 1e-3}),
    ("amplitude_estimation", {"variant": "iterative", "qubits": 20, "epsilon": 1e-3}),
    ("inner_product", {"variant": "qpe", "size": 1 << 20, "epsilon": 1e-3}),
    ("inner_product", {"variant": "iterative", "size": 1 << 20, "epsilon": 1e-3}),
    # κ(A/α) = 250 through the dense encoding: 8,191 calls to U and U†, mostly controlled
    ("matrix_inversion", {"matrix": [[1.0, 0.0], [0.0, 0.004]], "variant": "dense"}),
]


def loader_cases() -> list[tuple[str, dict]]:
    """QROM-loaded trees with data at 2^20 table words (lookups kept whole, qlam.calls)."""
    rng = np.random.default_rng(0)
    soft = np.exp(rng.normal(size=(1024, 1024)))
    soft /= soft.sum(axis=1, keepdims=True)
    return [("state_prep", {"method": "qrom", "amplitudes": np.abs(rng.normal(size=1 << 20))}),
            ("state_prep", {"method": "qrom_dirty", "amplitudes": rng.normal(size=1 << 16)}),
            ("block_encoding", {"variant": "dense", "loader": "qrom", "matrix": soft})]


def sparse_cases() -> list[tuple[str, dict]]:
    """Sparse matrices with data: 16 nonzeros per row and column on random permutations
    (no band, so both index oracles are lookups: QROM and per-entry AND ladders)."""
    rng = np.random.default_rng(1)
    out = []
    for size in (1 << 8, 1 << 10):
        a = np.zeros((size, size))
        for _ in range(16):
            a[np.arange(size), rng.permutation(size)] += rng.uniform(0.1, 1, size)
        out += [("block_encoding", {"variant": "sparse", "matrix": a}),
                ("block_encoding", {"variant": "sparse", "matrix": a, "loader": "qrom"})]
    return out


def main() -> None:
    print(f"{'primitive':22} {'params':52} {'ms':>8} {'CPU ms':>8} {'qubits':>7} "
          f"{'T-count':>12} {'rotations':>16} {'rot. depth':>16}")
    for name, params in CASES + loader_cases() + sparse_cases():
        prim = lookup(name)
        block = prim.block(prim.params(**{k: v.tolist() if isinstance(v, np.ndarray) else v
                                          for k, v in params.items()}))
        clear_cost_cache()
        _PROGRAMS.clear()
        start, cpu = time.perf_counter(), time.process_time()
        cost = block.cost()
        ms = (time.perf_counter() - start) * 1e3
        cpu_ms = (time.process_time() - cpu) * 1e3
        text = ", ".join(f"{k}={f'{v.shape} array' if isinstance(v, np.ndarray) else v}"
                         for k, v in params.items())[:52]
        print(f"{name:22} {text:52} {ms:8.1f} {cpu_ms:8.1f} {cost.qubits:7,} "
              f"{cost.t_count:12,} {cost.rotations:16,} {cost.rotation_depth:16,}")


if __name__ == "__main__":
    main()
