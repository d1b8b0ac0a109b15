"""PyZX phase teleportation between the measurements of a circuit with temporary ANDs.

Action: the circuit's action on its inputs is unchanged (for every state of the wires that
are not declared clean, clean wires in |0⟩, measurement outcomes and their corrections
included). Once the AND pass (:mod:`qdl.passes.temporary_and`; Gidney, Quantum 2, 74 (2018))
has turned Toffolis into clean targets into ``and`` gates and their uncomputes into
measurements with classically controlled CZs, the circuit is no longer unitary and
:mod:`qdl.passes.zx` declines it. This pass cuts it at every measurement, reset and
conditional into unitary segments, writes each ``and`` as its own Clifford+T definition
(4 T; exact because its target is |0⟩ there, which the AND pass proved), and hands each
segment to :func:`qdl.passes.zx.zx_reduce` (phase teleportation, Kissinger and van de
Wetering, PRA 102, 022406 (2020); TODD too with ``use_todd``). A segment's result replaces
the segment only when qdl's t_count drops (Toffolis counted as 4-T units, an ``and`` as 4)
**and** the sum-over-paths check (:func:`qdl.passes.verify_pathsum.pathsum_compare`; Amy,
QPL 2018) proves it equal, as a unitary, to the expanded segment; otherwise the segment is
kept as it was, its ``and`` gates included. Equal unitaries on every segment make the whole
circuit equal, so the pass is exact by construction; the optimiser's end-to-end
re-verification of a circuit with measurements is by sampled random product-state inputs
(:mod:`qdl.passes.equivalence`) and says so.

Cost: t_count = Σ over segments of min(input, teleported) (never up). hwb6 from its ``.qc``
with its non-inputs declared clean outputs: 56 → see docs/passes.md.
"""

from __future__ import annotations

from qiskit import QuantumCircuit

from qdl.passes.circuit_count import count_circuit
from qdl.passes.flatten import CircuitPass, empty_like
from qdl.passes.verify_pathsum import pathsum_compare
from qdl.passes.zx import zx_reduce

#: Instructions that end a unitary segment.
CUTS = frozenset({"measure", "reset", "if_else"})


def _improved(segment: QuantumCircuit, use_todd: bool) -> QuantumCircuit:
    """``segment`` or a proved-equal cheaper one (see module doc)."""
    expanded = empty_like(segment)
    for inst in segment.data:
        if inst.operation.name == "and":
            expanded.compose(inst.operation.definition, qubits=list(inst.qubits), inplace=True)
        else:
            expanded._append(inst)
    candidate = zx_reduce(expanded, use_todd=use_todd)
    if (candidate is not expanded
            and count_circuit(candidate).t_count < count_circuit(segment).t_count
            and pathsum_compare(expanded, candidate) == "proved"):
        return candidate
    return segment


def zx_segments(qc: QuantumCircuit, use_todd: bool = False) -> tuple[QuantumCircuit, str | None]:
    """``qc`` with each unitary segment between measurements, resets and conditionals
    teleported where that is cheaper and proved (see module doc), and what was proved (None:
    nothing replaced); ``qc`` itself when it has none of those cuts (then :mod:`qdl.passes.zx`
    applies to the whole circuit)."""
    if not any(i.operation.name in CUTS or i.clbits for i in qc.data):
        return qc, None
    out, segment = empty_like(qc), empty_like(qc)
    segments = replaced = 0

    def close() -> None:
        nonlocal segment, segments, replaced
        if segment.data:
            better = _improved(segment, use_todd)
            segments += 1
            replaced += better is not segment
            out.compose(better, inplace=True)
        segment = empty_like(qc)

    for inst in qc.data:
        if inst.operation.name in CUTS or inst.clbits:
            close()
            out._append(inst)
        else:
            segment._append(inst)
    close()
    if not replaced:
        return qc, None
    return out, (f"{replaced} of {segments} unitary segments replaced, each proved equal to "
                 "its segment (ANDs expanded) by the sum-over-paths check")


class ZXSegments(CircuitPass):
    """Qiskit pass form of :func:`zx_segments`."""

    def __init__(self, use_todd: bool = False):
        super().__init__()
        self.use_todd = use_todd
        self.proof: str | None = None  # shown beside the pass in the report

    def transform(self, qc: QuantumCircuit) -> QuantumCircuit:
        out, self.proof = zx_segments(qc, self.use_todd)
        return out
