"""Block-encodings side by side with Qualtran on the same instances (issue 17).

    python benchmarks/compare_qualtran_qlam.py [--qualtran-python PATH]

qdl's columns are counted here. Qualtran's are counted live by ``qualtran_side.py`` run with
the Python of a separate environment (default ``/work/qualtran-venv/bin/python``, or
``$QUALTRAN_PYTHON``); without one the Qualtran columns read "n/a". The matrices are written
to .npy files both sides read, so both count the same instance. Rotations are converted at
30 T each (qdl's rotation_t_count at its default precision 1e-3) for the "T + 30·rot" column.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from qdl.circuits.block import clear_cost_cache
from qdl.circuits.cost import rotation_t_count
from qdl.circuits.registry import lookup

ROT_T = rotation_t_count(1e-3)
DEFAULT_QUALTRAN = "/work/qualtran-venv/bin/python"


def symmetric(size: int, seed: int) -> np.ndarray:
    a = np.random.default_rng(seed).normal(size=(size, size))
    return (a + a.T) / 2


def banded(size: int, band: int, seed: int) -> np.ndarray:
    """Periodic band of half-width ``band`` with entries in (0, 1) (Qualtran's oracle needs
    entries in [0, 1])."""
    data = np.random.default_rng(seed).uniform(0.05, 0.95, size=(size, size))
    mask = np.zeros((size, size), dtype=bool)
    for i in range(size):
        for k in range(-band, band + 1):
            mask[i, (i + k) % size] = True
    return np.where(mask, data, 0.0)


def qualtran_counts(python: str | None, instances: list[dict]) -> list[dict | None]:
    if not python or not Path(python).exists():
        return [None] * len(instances)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(instances, fh)
    script = Path(__file__).with_name("qualtran_side.py")
    out = subprocess.run([python, str(script), fh.name], capture_output=True, text=True,
                         check=False)
    lines = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    return lines + [None] * (len(instances) - len(lines))


def qdl_row(params: dict | tuple[str, dict]) -> tuple[dict, float]:
    name, params = params if isinstance(params, tuple) else ("block_encoding", params)
    prim = lookup(name)
    block = prim.block(prim.params(**params))
    clear_cost_cache()
    start = time.perf_counter()
    cost = block.cost()
    seconds = time.perf_counter() - start
    return {"t": cost.t_count, "rotations": cost.rotations, "qubits": cost.qubits,
            "t_depth": cost.t_depth, "alpha": getattr(block, "alpha", 1.0),
            "error": getattr(block, "error", 0.0)}, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qualtran-python", default=os.environ.get("QUALTRAN_PYTHON",
                                                                DEFAULT_QUALTRAN))
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="qdl_vs_qualtran_"))
    rows, instances = [], []

    a = symmetric(64, 1)
    np.save(tmp / "sym64.npy", a)
    instances.append({"kind": "lcu_pauli", "path": str(tmp / "sym64.npy"), "precision": 1e-3})
    rows.append(("lcu_pauli 64×64 symmetric", [
        ("alias, μ=7, K min-T", {"variant": "lcu_pauli", "matrix": a.tolist(), "mu": 7}),
        ("alias, μ=7, K=1 (QROM)", {"variant": "lcu_pauli", "matrix": a.tolist(), "mu": 7,
                                    "block": 1}),
        ("alias, μ=10, K min-T", {"variant": "lcu_pauli", "matrix": a.tolist()}),
        ("tree PREPARE (exact)", {"variant": "lcu_pauli", "matrix": a.tolist(),
                                  "prepare": "tree"}),
    ]))
    for band in (1, 2):
        m = banded(16, band, 7 + band)
        name = f"band{band}.npy"
        np.save(tmp / name, m)
        instances.append({"kind": "sparse_banded", "n": 4, "bandsize": band, "entry_bits": 10,
                          "path": str(tmp / name)})
        scrambled = m[:, (3 * np.arange(16)) % 16]  # same entries, no band: lookups needed
        rows.append((f"sparse 16×16, s={2 * band + 1}", [
            ("band adders, RY mux", {"variant": "sparse", "matrix": m.tolist()}),
            ("band adders, qrom angle", {"variant": "sparse", "matrix": m.tolist(),
                                         "loader": "qrom"}),
            ("no band: lookups, qrom", {"variant": "sparse", "matrix": scrambled.tolist(),
                                        "loader": "qrom"})]))

    for run in (16, 1):
        words = np.repeat(np.random.default_rng(0).integers(0, 256, 1024 // run), run)
        name = f"qrom{run}.npy"
        np.save(tmp / name, words)
        instances.append({"kind": "qrom", "path": str(tmp / name)})
        rows.append((f"qrom N=2^10, runs of {run}", [
            ("unary iteration, data", ("qrom", {"word_bits": 8,
                                                "data": [int(v) for v in words]}))]))

    for n in (8, 10):
        x = np.abs(np.random.default_rng(n).normal(size=1 << n))
        name = f"x{n}.npy"
        np.save(tmp / name, x)
        instances.append({"kind": "state_prep", "path": str(tmp / name), "phase_bits": 10})
        rows.append((f"state_prep N=2^{n}, x ≥ 0", [
            ("tree (multiplexed RY)", ("state_prep", {"amplitudes": x.tolist()})),
            ("qrom, b=10, K min-T", ("state_prep", {"amplitudes": x.tolist(),
                                                     "method": "qrom"})),
            ("qrom, b=10, K=1", ("state_prep", {"amplitudes": x.tolist(), "method": "qrom",
                                                "block": 1}))]))
    for n in (10, 14):  # LKS: the lookups on borrowed qubits (Qualtran: its dirty SelectSwapQROM)
        x = np.abs(np.random.default_rng(n).normal(size=1 << n))
        name = f"x{n}.npy"
        np.save(tmp / name, x)
        params = {"amplitudes": x.tolist(), "method": "qrom_dirty"}
        prim = lookup("state_prep")
        blocks = prim.block(prim.params(**params)).blocks()
        instances.append({"kind": "state_prep_dirty", "path": str(tmp / name),
                          "phase_bits": 10, "blocks": blocks})
        rows.append((f"state_prep N=2^{n}, x ≥ 0", [
            (f"qrom_dirty, λ={max(blocks) * 10}", ("state_prep", params)),
            ("qrom, b=10, K min-T", ("state_prep", {"amplitudes": x.tolist(),
                                                     "method": "qrom"}))]))

    soft = np.exp(np.random.default_rng(3).normal(size=(64, 64)))
    soft /= soft.sum(axis=1, keepdims=True)  # a softmax matrix: real, non-negative
    np.save(tmp / "soft64.npy", soft)
    instances.append({"kind": "none", "why": "no column-loading (Kerenidis–Prakash) "
                                             "block-encoding in Qualtran 0.7"})
    rows.append(("dense 64×64 softmax", [
        ("rotation trees", {"variant": "dense", "matrix": soft.tolist()}),
        ("qrom loader, b=10", {"variant": "dense", "matrix": soft.tolist(),
                               "loader": "qrom"})]))

    theirs = qualtran_counts(args.qualtran_python, instances)
    head = (f"{'instance':<28}{'qdl construction':<26}{'T':>8}{'rot':>7}{'T+30·rot':>10}"
            f"{'T-depth':>9}{'qubits':>8}{'α':>9}{'count s':>9}")
    print(head)
    print("-" * len(head))
    for (label, variants), q in zip(rows, theirs):
        for name, params in variants:
            r, sec = qdl_row(params)
            print(f"{label:<28}{name:<26}{r['t']:>8}{r['rotations']:>7}"
                  f"{r['t'] + ROT_T * r['rotations']:>10}{r['t_depth']:>9}{r['qubits']:>8}"
                  f"{r['alpha']:>9.3f}{sec:>9.2f}")
        if q is None:
            print(f"{'':<28}{'Qualtran 0.7':<26}{'n/a':>8}")
        elif "error" in q:
            print(f"{'':<28}{'Qualtran 0.7':<26}  {q['error']}")
        else:
            extra = f"  (μ={q['mu']}, {q['terms']} terms)" if "mu" in q else ""
            alpha = f"{q['alpha']:>9.3f}" if "alpha" in q else f"{'':>9}"
            print(f"{'':<28}{'Qualtran 0.7':<26}{q['t']:>8}{q['rotations']:>7}"
                  f"{q['t'] + ROT_T * q['rotations']:>10}{'':>9}{q['qubits']:>8}{alpha}"
                  f"{extra}")
    print(f"\nT counts Toffoli/AND/CSwap at 4 T; rotations at {ROT_T} T in the T+30·rot column. "
          "qdl's sparse α is s·max|A_ij|; Qualtran's SparseMatrix reports α = s (entries ≤ 1).\n"
          "Qualtran's QECGatesCost counts a controlled Ry as one rotation (its ExplicitEntryOracle "
          "has b = 10 of them); a controlled rotation is two rotations and two CNOTs, as qdl "
          "counts it.")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
