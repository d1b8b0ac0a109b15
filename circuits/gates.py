"""Leaf blocks: the gates every other block is counted in.

Each leaf's ``leaf_cost`` is what :mod:`qdl.passes.circuit_count` counts for the same gate in a
built circuit, so hierarchical and circuit counts can be compared field by field.
"""

from __future__ import annotations

from dataclasses import dataclass

from qdl.circuits.block import Block, Register, Role, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.cost import Cost

#: Clifford gates the builder emits, with their arity.
CLIFFORD_ARITY = {"h": 1, "x": 1, "z": 1, "s": 1, "sdg": 1, "cx": 2, "cz": 2, "swap": 2}


def _bits(*names: str, role: Role = Role.THRU) -> list[Register]:
    return [Register(n, 1, role) for n in names]


@dataclass(frozen=True)
class Clifford(Block):
    """One Clifford gate ``gate`` (h, x, z, s, sdg, cx, cz, swap). Cost: 1 clifford, depth 0."""

    gate: str = "cx"
    name = "clifford"

    @property
    def signature(self) -> Signature:
        return Signature(_bits(*[f"q{i}" for i in range(CLIFFORD_ARITY[self.gate])]))

    def leaf_cost(self) -> Cost:
        return Cost(qubits=CLIFFORD_ARITY[self.gate], clifford=1)

    def build(self, bb: Builder, **regs: list[int]) -> None:
        bb.gate(self.gate, *(regs[f"q{i}"][0] for i in range(CLIFFORD_ARITY[self.gate])))


CX = Clifford("cx")


@dataclass(frozen=True)
class TGate(Block):
    """|x⟩ → e^{iπx/4}|x⟩ (``adjoint``: e^{−iπx/4}). Cost: 1 T, T-depth 1."""

    adjoint: bool = False
    name = "t"

    @property
    def signature(self) -> Signature:
        return Signature(_bits("q"))

    def leaf_cost(self) -> Cost:
        return Cost(qubits=1, t=1, t_depth=1)

    def build(self, bb: Builder, *, q: list[int]) -> None:
        bb.gate("tdg" if self.adjoint else "t", q[0])

    def reference(self, *, q: int) -> dict[str, int]:
        return {"q": q}


@dataclass(frozen=True)
class Toffoli(Block):
    """|a, b, t⟩ → |a, b, t ⊕ a·b⟩.

    Cost: 1 Toffoli (t_count 4 with Jones 2013's catalysed 4-T Toffoli); counted as a unit of
    T-depth 3 on all three wires (Amy, Maslov, Mosca, Roetteler 2013, the 7-T, T-depth-3
    decomposition) and Toffoli depth 1.
    """

    name = "toffoli"

    @property
    def signature(self) -> Signature:
        return Signature(_bits("a", "b", "t"))

    def leaf_cost(self) -> Cost:
        return Cost(qubits=3, toffoli=1, t_depth=3, toffoli_depth=1)

    def build(self, bb: Builder, *, a: list[int], b: list[int], t: list[int]) -> None:
        bb.ccx(a[0], b[0], t[0])

    def reference(self, *, a: int, b: int, t: int) -> dict[str, int]:
        return {"a": a, "b": b, "t": t ^ (a & b)}


@dataclass(frozen=True)
class And(Block):
    """Temporary logical AND, compute half: |a, b, 0⟩ → |a, b, a·b⟩.

    Gidney, "Halving the cost of quantum addition", Quantum 2, 74 (2018), Fig. 3: the target is
    prepared in T|+⟩ and 4 T gates are used (1 ``and``, t_count 4). The target's T has no
    dependency, so along the critical path the gate adds one T layer after its controls:
    out = max(L_a, L_b, L_t + 1) + 1, giving T-depth 2 in isolation, Toffoli depth 1.
    """

    name = "and"

    @property
    def signature(self) -> Signature:
        return Signature(_bits("a", "b") + _bits("t", role=Role.OUTPUT))

    def leaf_cost(self) -> Cost:
        return Cost(qubits=3, and_=1, t_depth=2, toffoli_depth=1)

    def build(self, bb: Builder, *, a: list[int], b: list[int], t: list[int]) -> None:
        bb.gate("and", a[0], b[0], t[0])

    def wire_levels(self, walker, wires) -> None:
        """The rule above on the levels of (a, b, t) (qdl.circuits.compose_wires)."""
        a, b, t = wires
        lv = walker.levels
        t_level = walker.vmax(lv[a][0], lv[b][0], lv[t][0] + 1) + 1
        walker.sync(wires, (0, 1, 0))
        level = [t_level, *lv[a][1:]]  # a level list is replaced, never changed (Walker)
        for w in wires:
            lv[w] = level

    def reference(self, *, a: int, b: int, t: int) -> dict[str, int]:
        return {"a": a, "b": b, "t": t ^ (a & b)}


@dataclass(frozen=True)
class AndUncompute(Block):
    """Temporary logical AND, uncompute half: |a, b, a·b⟩ → |a, b, 0⟩ with 0 T.

    Gidney 2018, Fig. 3 (right): measure the target in the X basis (H, measure); on outcome 1
    apply CZ(a, b) to cancel the phase (−1)^{ab}; then reset the target so it can be reused.
    Cost: 2 clifford (H, the conditional CZ counted as always applied), 1 measurement; resets
    are not counted.
    """

    name = "and_uncompute"

    @property
    def signature(self) -> Signature:
        return Signature(_bits("a", "b", "t"))

    def leaf_cost(self) -> Cost:
        return Cost(qubits=3, clifford=2, measurements=1)

    def wire_levels(self, walker, wires) -> None:
        """Levels (qdl.circuits.compose_wires): the measured bit waits for the target, the
        conditional CZ for that bit, and the reset returns the target to level 0."""
        a, b, t = wires
        lv = walker.levels
        bit = list(lv[t])
        walker.clbit = [walker.vmax(x, y) for x, y in zip(walker.clbit, bit)]
        for w in (a, b):
            lv[w] = [walker.vmax(x, y) for x, y in zip(lv[w], bit)]
        walker.sync((a, b))
        lv[t] = [walker.zero() for _ in range(3)]

    def build(self, bb: Builder, *, a: list[int], b: list[int], t: list[int]) -> None:
        bb.h(t[0])
        bit = bb.measure(t[0])
        with bb.if_bit(bit):
            bb.cz(a[0], b[0])
        bb.reset(t[0])

    def accepts(self, *, a: int, b: int, t: int) -> bool:
        return t == a & b  # only a computed AND can be uncomputed

    def reference(self, *, a: int, b: int, t: int) -> dict[str, int]:
        return {"a": a, "b": b, "t": 0}
