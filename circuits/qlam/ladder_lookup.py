"""A sparse table lookup entry by entry, as one block: |k⟩|y⟩ → |k⟩|y ⊕ T[k]⟩.

For each key k with T[k] ≠ 0 (in increasing k): X on the address bits that are 0 in k, an
AND ladder over the w address bits (Gidney's temporary AND, w − 1 of them, into w − 1 flag
qubits), one CNOT from the last flag per set bit of T[k], the ladder's measured uncompute, the
X gates again. This is :func:`~qdl.circuits.qlam.sparse_access.ladder_lookup` (the
``Program.when_equal`` ladder) gate for gate; as a block it is counted in closed form, so a
sparse block-encoding with thousands of entries is not recorded gate by gate
(:mod:`~qdl.circuits.qlam.calls`).

Cost for E nonzero entries (w ≥ 2): E(w − 1) AND (4 T each) and as many measured uncomputes
(2 Cliffords + 1 measurement), 2·Σ_k zeros(k) X and Σ_k popcount(T[k]) CNOT; qubits
w + |y| + w − 1. Depths (qdl.passes.circuit_count's conventions): the ladders share the
address wires, so they run one after another. The first ladder's AND onto a fresh flag costs 2
T layers and every later AND one, and each uncompute leaves the address wires at the last
flag's level: T-depth E(w − 1) + 1, Toffoli depth E(w − 1); no rotation. With w = 1 the address
bit itself controls the CNOTs: no AND, depth 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from qdl.circuits.block import Block, Register, Role, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.gates import CX, And, AndUncompute, Clifford

X = Clifford("x")


@dataclass(frozen=True)
class LadderLookup(Block):
    """|k⟩|y⟩ → |k⟩|y ⊕ T[k]⟩ with ``table`` the (k, T[k]) pairs, T[k] ≠ 0, distinct keys
    (module docstring)."""

    address_bits: int
    target_bits: int
    table: tuple[tuple[int, int], ...]
    name = "ladder_lookup"

    def __post_init__(self) -> None:
        keys = [k for k, _ in self.table]
        if len(set(keys)) != len(keys) or any(v == 0 for _, v in self.table):
            raise ValueError("ladder_lookup needs distinct keys and nonzero values")

    def __hash__(self) -> int:  # memoised: the cost cache hashes the block at every call
        return self._hash

    @cached_property
    def _hash(self) -> int:
        return hash((self.address_bits, self.target_bits, self.table))

    @property
    def signature(self) -> Signature:
        return Signature([Register("address", self.address_bits),
                          Register("target", self.target_bits, Role.THRU)])

    @property
    def _ands(self) -> int:
        return len(self.table) * (self.address_bits - 1)

    def children(self):
        w = self.address_bits
        zeros = sum(w - bin(k).count("1") for k, _ in self.table)
        ones = sum(bin(v).count("1") for _, v in self.table)
        return ((And(), self._ands), (AndUncompute(), self._ands), (X, 2 * zeros), (CX, ones))

    def qubits(self) -> int:
        return self.signature.width + max(0, self.address_bits - 1)

    def t_depth(self) -> int:
        return self._ands + 1 if self._ands else 0

    def toffoli_depth(self) -> int:
        return self._ands

    def rotation_depth(self) -> int:
        return 0

    def build(self, bb: Builder, *, address: list[int], target: list[int]) -> None:
        w = len(address)
        for key, value in self.table:
            zeros = [q for i, q in enumerate(address) if not (key >> i) & 1]
            for q in zeros:
                bb.x(q)
            flags = bb.alloc(w - 1)
            prev = address[0]
            for c, f in zip(address[1:], flags):
                bb.call(And(), a=[prev], b=[c], t=[f])
                prev = f
            for bit, q in enumerate(target):
                if (value >> bit) & 1:
                    bb.cx(prev, q)
            heads = [address[0]] + flags[:-1]
            for p, c, f in reversed(list(zip(heads, address[1:], flags))):
                bb.call(AndUncompute(), a=[p], b=[c], t=[f])
            bb.release(flags)
            for q in zeros:
                bb.x(q)

    def reference(self, *, address: int, target: int) -> dict[str, int]:
        return {"address": address, "target": target ^ dict(self.table).get(address, 0)}
