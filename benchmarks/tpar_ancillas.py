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
measured uncompute is present. A third column combines the two by hand: the *clean* result
with every ``and`` expanded (its Clifford+T definition, exact on a |0⟩ target), cut at its
measurements, resets and conditionals, and PyZX phase teleportation applied to each unitary
segment, kept per segment when it lowers the 7-T count (qdl's own count, a Toffoli as a
catalysed 4-T unit, would keep none of them). Every result is re-verified against the file
(with the non-inputs in |0⟩ where they were declared clean).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from qdl.compiler.circuit_input import load_circuit_and_zeros
from qdl.passes.equivalence import check_equivalent
from qdl.passes.circuit_count import count_circuit
from qdl.passes.flatten import empty_like
from qdl.passes.optimize import optimize_circuit
from qdl.passes.zx import applicable, from_pyzx, teleported, to_pyzx

sys.path.insert(0, str(Path(__file__).parent))
from tpar_table import clifford_t  # noqa: E402  (the suite's 7-T / 4-T convention)


def segmentwise_zx(qc):
    """``qc`` with ANDs expanded and PyZX teleportation on each unitary segment (see above)."""
    out, segment = empty_like(qc), empty_like(qc)

    def close():
        nonlocal segment
        best = segment
        if segment.data and applicable(segment):
            candidate = empty_like(segment)
            candidate.compose(from_pyzx(teleported(to_pyzx(segment))),
                              qubits=list(range(segment.num_qubits)), inplace=True)
            if clifford_t(count_circuit(candidate)) < clifford_t(count_circuit(segment)):
                best = candidate
        out.compose(best, inplace=True)
        segment = empty_like(qc)

    for inst in qc.data:
        if inst.operation.name in ("measure", "reset", "if_else"):
            close()
            out._append(inst)
        elif inst.operation.name == "and":
            segment.compose(inst.operation.definition, qubits=list(inst.qubits), inplace=True)
        else:
            segment._append(inst)
    close()
    return out


def row(path: Path) -> list[str]:
    qc, zeros = load_circuit_and_zeros(str(path))
    cells = [path.stem, str(qc.num_qubits), str(len(zeros))]
    for clean in (frozenset(), zeros):
        start = time.perf_counter()
        opt = optimize_circuit(qc, 3, clean=clean, scratch=frozenset())
        seconds = time.perf_counter() - start
        cells += [f"{clifford_t(opt.after)}", f"{opt.after.and_} / {opt.after.measurements}",
                  f"{seconds:.1f}", _verdict(qc, opt.circuit, clean)]
    combined = segmentwise_zx(opt.circuit)
    return cells + [f"{clifford_t(count_circuit(combined))}", _verdict(qc, combined, zeros)]


def _verdict(qc, optimised, clean) -> str:
    check = check_equivalent(qc, optimised, clean=clean, scratch=frozenset(), random_cases=3)
    return f"{check.status}: {check.method.split(':')[0].split(' (')[0]}"


def main(argv: list[str]) -> int:
    files = []
    for p in map(Path, argv):
        files += sorted(p.glob("*.qc")) if p.is_dir() else [p]
    header = ["circuit", "qubits", "clean", "unitary T", "ANDs / meas.", "s", "verified",
              "clean T", "ANDs / meas.", "s", "verified", "clean + ZX per segment T",
              "verified"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for f in files:
        print("| " + " | ".join(row(f)) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
