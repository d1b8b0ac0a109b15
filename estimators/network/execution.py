"""One execution of a layer's circuit: the lowered primitive blocks, in sequence, on top of the
registers that stay live for the whole layer (index register, loaded inputs, weights, outputs).

Cost (exact, from the children): counts = Σ multiplicity × child counts; T/Toffoli/rotation
depth = the same sum (the parts run one after another: the schedule the lowering describes);
qubits = resident registers + the largest ancilla peak of any part (a part's own registers are
among the resident ones, so only what it allocates beyond its signature is added).
"""

from __future__ import annotations

from dataclasses import dataclass

from qdl.circuits.block import Block, Register, Signature


@dataclass(frozen=True)
class LayerCircuit(Block):
    """Sequential composition of ``parts`` ((block, multiplicity), ...) over ``resident``
    live qubits; the seed's per-layer unit between two readouts (seed 000 §II.2 step 2)."""

    label: str
    resident: int
    parts: tuple[tuple[Block, int], ...]
    name = "layer"

    @property
    def signature(self) -> Signature:
        return Signature([Register("resident", max(1, self.resident))])

    def children(self):
        return self.parts

    def params(self) -> dict[str, object]:
        return {"label": self.label, "resident_qubits": self.resident}
