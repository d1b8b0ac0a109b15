"""Build pass: a block to a flat gate-level Qiskit circuit.

The circuit has one named quantum register per signature register (in signature order), an
``anc`` register for the ancillas the block allocated (reused from a pool, so the width is the
peak of live qubits) and a classical register ``m`` for mid-circuit measurements. Gates are
the counted primitives: Cliffords, T/T†, CCX, the ``and`` gate (Gidney's compute half, whose
definition is its Clifford+T circuit), rotations, measurements, resets and ``if_else``.
"""

from __future__ import annotations

from qiskit import QuantumCircuit

from qdl.circuits.block import Block
from qdl.circuits.builder import Builder, build_signature_wires
from qdl.errors import BuildLimitError

#: Largest circuit (in gates, estimated from the hierarchical cost) the build pass produces.
MAX_BUILD_GATES = 2_000_000


def estimated_gates(block: Block) -> int:
    c = block.cost()
    return c.clifford + c.t + c.toffoli + c.and_ + c.rotations + c.measurements


def check_buildable(block: Block, limit: int = MAX_BUILD_GATES) -> None:
    gates = estimated_gates(block)
    if gates > limit:
        raise BuildLimitError(
            f"{block.name} with {block.params()} has about {gates:,} gates, more than the "
            f"{limit:,} qdl builds",
            "count it with --count-from hierarchy (never builds), or build a smaller size")


def build_circuit(block: Block, limit: int = MAX_BUILD_GATES) -> QuantumCircuit:
    """The flat circuit of ``block``; raises BuildLimitError above ``limit`` gates."""
    check_buildable(block, limit)
    bb = Builder()
    wires = build_signature_wires(bb, block.signature)
    block.build(bb, **wires)
    return bb.to_circuit(block.signature, wires, name=block.name)
