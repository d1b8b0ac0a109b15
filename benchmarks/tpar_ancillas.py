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
whole-circuit PyZX pass runs only on unitary circuits; when an AND's measured uncompute is
present, level 3's ``ZXSegments`` pass (:mod:`qdl.passes.zx_segments`) teleports each unitary
segment between measurements instead (ANDs expanded, a segment replaced only when qdl's count
drops and the path sum proves it): the last column is that pass's 7-T count before → after.
Every result is re-verified against the file (with the non-inputs in |0⟩ where they were
declared clean).
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
        cells += [f"{clifford_t(opt.after)}", f"{opt.after.and_} / {opt.after.measurements}",
                  f"{seconds:.1f}", _verdict(qc, opt.circuit, clean)]
    segments = next((s for s in opt.steps if s.name == "ZXSegments"), None)
    return cells + ["—" if segments is None else
                    f"{clifford_t(segments.before)} → {clifford_t(segments.after)}"
                    + ("" if segments.kept else " (not kept)")]


def _verdict(qc, optimised, clean) -> str:
    check = check_equivalent(qc, optimised, clean=clean, scratch=frozenset(), random_cases=3)
    return f"{check.status}: {check.method.split(':')[0].split(' (')[0]}"


def main(argv: list[str]) -> int:
    files = []
    for p in map(Path, argv):
        files += sorted(p.glob("*.qc")) if p.is_dir() else [p]
    header = ["circuit", "qubits", "clean", "unitary T", "ANDs / meas.", "s", "verified",
              "clean T", "ANDs / meas.", "s", "verified", "ZXSegments in the clean run"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for f in files:
        print("| " + " | ".join(row(f)) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
