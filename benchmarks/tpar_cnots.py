"""T-par's CNOT count beside its input's (docs/passes.md, "T-par's CNOT count").

Run: python benchmarks/tpar_cnots.py FILE_OR_DIR...   (.qasm or .qc; default: benchmarks/tpar)

Per circuit: qubits, T-depth before → after (qdl's count), CX of the input (each CCZ/CCX of a
``.qc`` file as the 6 CX of its Clifford+T expansion) and of T-par's result, their ratio, and
the seconds T-par took (wall-clock; machine load changes it).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from qdl.compiler.circuit_input import load_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.flatten import flatten
from qdl.passes.tpar import t_par

SUITE = Path(__file__).parent / "tpar"


def cnots(qc) -> int:
    ops = qc.count_ops()
    return ops.get("cx", 0) + 6 * (ops.get("ccx", 0) + ops.get("ccz", 0))


def row(path: Path) -> str:
    qc = flatten(load_circuit(str(path)))
    start = time.perf_counter()
    out = t_par(qc)
    seconds = time.perf_counter() - start
    before, after = count_circuit(qc), count_circuit(out)
    cx_in, cx_out = cnots(qc), cnots(out)
    return (f"| {path.stem} | {qc.num_qubits} | {before.t_depth} → {after.t_depth} | {cx_in:,} | "
            f"{cx_out:,} | {cx_out / max(cx_in, 1):.1f}× | {seconds:.1f} |")


def main(argv: list[str]) -> int:
    files: list[Path] = []
    for p in map(Path, argv or [str(SUITE)]):
        files += sorted([*p.glob("*.qasm"), *p.glob("*.qc")]) if p.is_dir() else [p]
    print("| circuit | qubits | T-depth | CX in | CX out | out / in | s |")
    print("|---|---|---|---|---|---|---|")
    for f in files:
        print(row(f), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
