"""Build pass: a block to a flat gate-level Qiskit circuit.

The circuit has one named quantum register per signature register (in signature order), an
``anc`` register for the ancillas the block allocated (reused from a pool, so the width is the
peak of live qubits) and a classical register ``m`` for mid-circuit measurements. Gates are
the counted primitives: Cliffords, T/T†, CCX, the ``and`` gate (Gidney's compute half, whose
definition is its Clifford+T circuit), rotations, measurements, resets and ``if_else``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qdl.circuits.block import Block
from qdl.circuits.builder import Builder, build_signature_wires
from qdl.errors import BuildLimitError

if TYPE_CHECKING:
    from qiskit import QuantumCircuit

#: Largest circuit (in gates, estimated from the hierarchical cost) the build pass produces.
MAX_BUILD_GATES = 2_000_000


def estimated_gates(block: Block) -> int:
    c = block.cost()
    return c.clifford + c.t + c.toffoli + c.and_ + c.rotations + c.measurements


def check_buildable(block: Block, limit: int = MAX_BUILD_GATES, purpose: str = "builds",
                    fix: str = "count it with --count-from hierarchy, which never builds") -> None:
    gates = estimated_gates(block)
    if gates > limit:
        raise BuildLimitError(f"{block.name} at this size has about {gates:,} gates, more than "
                              f"the {limit:,} qdl {purpose}", fix)


def build_circuit(block: Block, limit: int = MAX_BUILD_GATES) -> "QuantumCircuit":
    """The flat circuit of ``block``; raises BuildLimitError above ``limit`` gates."""
    check_buildable(block, limit)
    bb = Builder()
    wires = build_signature_wires(bb, block.signature)
    block.build(bb, **wires)
    qc = bb.to_circuit(block.signature, wires, name=block.name)
    eps = rotation_precisions(block)
    if len(eps) == 1:  # count_circuit costs the rotations at the precision they were built for
        qc.metadata = {**(qc.metadata or {}), "rotation_eps": eps.pop()}
    return qc


def rotation_precisions(block: Block) -> set[float]:
    """Synthesis precisions (``rotation_eps``) of the rotation blocks inside ``block``."""
    return {b.rotation_eps for b, _ in block.walk()
            if hasattr(b, "rotation_eps") and b.cost().rotations}
