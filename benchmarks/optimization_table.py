"""The optimisation passes on Qiskit's arithmetic circuits and on qdl's builds (docs/passes.md).

Run: python benchmarks/optimization_table.py [--bits 8 16 32] [--verify-bits 8] [--only NAME ...]

For every circuit and width, optimisation level 3 (target ``t_depth``) runs pass by pass (flatten, temporary ANDs,
phase folding, inverse-pair cancellation, ancilla reuse, PyZX if installed, T-depth-1
Toffolis); each cell is ``T-count / T-depth / qubits`` after that pass, then the seconds it
took. "ZX alone" is the T-count before → after PyZX on the flattened input by itself, where
the circuit is small enough (:mod:`qdl.passes.zx`). Rotations (Draper, HRS) are counted apart and shown as input → output. At the widths in
``--verify-bits`` the level-3 result is re-verified against its input
(:func:`qdl.passes.equivalence.check_equivalent`: Aer on basis inputs, plus the unitary
check up to 10 qubits) and, for qdl's blocks, against the block's reference
(:func:`qdl.passes.verify.verify_circuit`).

Qiskit's class-style arithmetic circuits are deprecated since Qiskit 2.1: the warning is
silenced here, locally. Nothing is transpiled except the "Clifford+T" row, which uses
``qubits_initially_zero=False`` (DESIGN §2's trap).
"""

from __future__ import annotations

import argparse
import time
import warnings

from qiskit import QuantumCircuit, QuantumRegister, transpile
from qiskit.circuit import AncillaRegister
from qiskit.circuit.library import (CDKMRippleCarryAdder, DraperQFTAdder,
                                    HRSCumulativeMultiplier, VBERippleCarryAdder)

from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.equivalence import check_equivalent
from qdl.passes.flatten import clean_qubits, flatten
from qdl.passes.optimize import block_clean_qubits, optimize_circuit
from qdl.passes.verify import verify_circuit
from qdl.passes.zx import applicable, available as zx_available, zx_reduce

CLIFFORD_T = ["h", "x", "s", "sdg", "t", "tdg", "cx", "z"]
SHORT = {"Flatten": "flat", "ToffoliToTemporaryAnd": "AND", "PhaseFolding": "fold",
         "InverseCancellation": "cancel", "ReuseAncillas": "reuse", "ZXTCountReduction": "ZX",
         "TDepthOneToffoli": "T-depth-1"}


def qiskit_library(cls, n: int) -> QuantumCircuit:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return cls(n)


def clifford_t(cls, n: int) -> QuantumCircuit:
    """A library circuit as another tool would hand it over: decomposed to Clifford+T."""
    return transpile(qiskit_library(cls, n), basis_gates=CLIFFORD_T, optimization_level=0,
                     qubits_initially_zero=False)


def vbe_twice(n: int) -> QuantumCircuit:
    """b += a, then c += a, each VBE adder with its own helper register (composed as usual)."""
    adder = qiskit_library(VBERippleCarryAdder, n).decompose()
    cin, a, b, c = (QuantumRegister(1, "cin"), QuantumRegister(n, "a"), QuantumRegister(n, "b"),
                    QuantumRegister(n, "c"))
    cout1, cout2 = QuantumRegister(1, "cout1"), QuantumRegister(1, "cout2")
    h1, h2 = AncillaRegister(n - 1, "helper1"), AncillaRegister(n - 1, "helper2")
    qc = QuantumCircuit(cin, a, b, c, cout1, cout2, h1, h2)
    qc.compose(adder, [*cin, *a, *b, *cout1, *h1], inplace=True)
    qc.compose(adder, [*cin, *a, *c, *cout2, *h2], inplace=True)
    return qc


def qdl_add(variant: str):
    prim = lookup("add")

    def make(n: int):
        return prim.block(prim.params(bits=n, variant=variant))
    return make


#: name → (circuit factory, block factory or None)
CIRCUITS = {
    "Qiskit CDKM": (lambda n: qiskit_library(CDKMRippleCarryAdder, n), None),
    "Qiskit CDKM, Clifford+T": (lambda n: clifford_t(CDKMRippleCarryAdder, n), None),
    "Qiskit VBE": (lambda n: qiskit_library(VBERippleCarryAdder, n), None),
    "Qiskit VBE ×2 (own helpers)": (vbe_twice, None),
    "Qiskit Draper": (lambda n: qiskit_library(DraperQFTAdder, n), None),
    "Qiskit HRS multiplier": (lambda n: qiskit_library(HRSCumulativeMultiplier, n), None),
    "qdl add gidney": (None, qdl_add("gidney")),
    "qdl add cdkm": (None, qdl_add("cdkm")),
}


def cell(cost) -> str:
    return f"{cost.t_count:,} / {cost.t_depth:,} / {cost.qubits:,}"


def run(name: str, n: int, verify: bool) -> dict:
    circuit_of, block_of = CIRCUITS[name]
    block = block_of(n) if block_of else None
    qc = build_circuit(block) if block else circuit_of(n)
    clean = block_clean_qubits(block, qc) if block else None
    scratch = clean_qubits(qc) if block else None
    opt = optimize_circuit(qc, 3, clean=clean, scratch=scratch, target="t_depth")
    flat = flatten(qc)
    zx_alone = f"{count_circuit(flat).t_count:,} → {count_circuit(zx_reduce(flat)).t_count:,}" \
        if zx_available() and applicable(flat) else "n/a"
    row = {"zx_alone": zx_alone, "circuit": name, "bits": n, "input": opt.before, "steps": opt.steps,
           "rotations": (opt.before.rotations, opt.after.rotations), "verified": "—"}
    if verify:
        start = time.perf_counter()
        check = check_equivalent(qc, opt.circuit, clean=clean, scratch=scratch)
        passed = check.passed
        if block is not None:
            passed = passed and verify_circuit(block, opt.circuit).passed
        row["verified"] = f"{check.status if passed else 'FAILED'} ({time.perf_counter() - start:.1f} s)"
    return row


def markdown(rows: list[dict]) -> str:
    passes = [SHORT[s.name] for s in rows[0]["steps"] if s.name != "Flatten"]
    head = ["circuit", "n", "input", *passes, "rotations", "ZX alone", "pass seconds",
            "verified"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        steps = [s for s in r["steps"] if s.name != "Flatten"]
        times = " + ".join(f"{s.seconds:.2f}" for s in r["steps"])
        rot = "—" if r["rotations"] == (0, 0) else f"{r['rotations'][0]:,} → {r['rotations'][1]:,}"
        lines.append("| " + " | ".join([r["circuit"], str(r["bits"]), cell(r["input"]),
                                        *(cell(s.after) if s.kept else f"({cell(s.after)}, undone)"
                                          for s in steps), rot, r["zx_alone"], times,
                                        r["verified"]]) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bits", type=int, nargs="+", default=[8, 16, 32])
    ap.add_argument("--verify-bits", type=int, nargs="*", default=[8])
    ap.add_argument("--only", nargs="*", help="circuit names (default: all)")
    args = ap.parse_args()
    rows = []
    for name in args.only or CIRCUITS:
        for n in args.bits:
            rows.append(run(name, n, n in args.verify_bits))
            print(markdown(rows[-1:]).splitlines()[-1], flush=True)
    print()
    print(markdown(rows))


if __name__ == "__main__":
    main()
