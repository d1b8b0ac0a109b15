"""Do declared clean qubits lower the T-count of the suite's ``.qc`` originals at -O3?

Run: python benchmarks/tpar_ancillas.py DIR_OR_FILES...   (meamy/feynman ``benchmarks/qc``)

A ``.qc`` file lists its inputs (``.i``); every other qubit starts in |0⟩ (an ancilla or a
result). qdl reads the file with its Toffolis as PyZX writes them (H·CCZ·H) and runs
``--optimize 3`` twice:

- *unitary*: no qubit assumed clean, the same problem Nam et al. and PyZX solve;
- *clean*: the non-inputs declared clean outputs (``--clean-outputs``: they start in |0⟩, may
  end in anything), so a Toffoli into a clean qubit can become a temporary AND (Gidney,
  Quantum 2, 74 (2018): 4 T) and its uncompute a measurement (0 T).

T-counts in the suite's convention: T gates + 7 per Toffoli + 4 per temporary AND. Level 3's
PyZX pass runs only on unitary circuits, so in the *clean* run it is skipped whenever an AND's
measured uncompute is present: ZX teleportation and temporary ANDs do not compose here. Both
results are re-verified against the file (the clean one with the non-inputs in |0⟩).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from qdl.compiler.circuit_input import load_circuit_and_zeros
from qdl.passes.equivalence import check_equivalent
from qdl.passes.optimize import optimize_circuit

sys.path.insert(0, str(Path(__file__).parent))
from tpar_table import clifford_t  # noqa: E402  (the suite's 7-T / 4-T convention)


def row(path: Path) -> list[str]:
    qc, zeros = load_circuit_and_zeros(str(path))
    cells = [path.stem, str(qc.num_qubits), str(len(zeros))]
    for clean in (frozenset(), zeros):
        start = time.perf_counter()
        opt = optimize_circuit(qc, 3, clean=clean, scratch=frozenset())
        seconds = time.perf_counter() - start
        check = check_equivalent(qc, opt.circuit, clean=clean, scratch=frozenset(),
                                 random_cases=3)
        method = check.method.split(":")[0].split(" (")[0]
        a = opt.after
        cells += [f"{clifford_t(a)}", f"{a.and_} / {a.measurements}", f"{seconds:.1f}",
                  f"{check.status}: {method}"]
    return cells


def main(argv: list[str]) -> int:
    files = []
    for p in map(Path, argv):
        files += sorted(p.glob("*.qc")) if p.is_dir() else [p]
    header = ["circuit", "qubits", "clean", "unitary T", "ANDs / meas.", "s", "verified",
              "clean T", "ANDs / meas.", "s", "verified"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for f in files:
        print("| " + " | ".join(row(f)) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
