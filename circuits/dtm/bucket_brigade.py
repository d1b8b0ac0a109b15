"""Bucket-brigade QRAM: |i⟩|t⟩ → |i⟩|t ⊕ d_i⟩ through a binary tree of routers.

Giovannetti, Lloyd, Maccone, "Quantum random access memory", PRL 100, 160501 (2008); qubit
circuit model of Hann, Lee, Girvin, Jiang, "Resilience of quantum random access memory to
generic noise", PRX Quantum 2, 020311 (2021), §II and Fig. 2, with the data written as a
phase on a bus prepared in the X basis so that empty wires (|0⟩) are left untouched.

Layout for n address bits, N = 2^n cells, heap-numbered nodes v (root 1, children 2v, 2v+1):
a router qubit r_v for each of the N−1 inner nodes and an input wire w_v for each of the
2N−1 nodes (leaf i is node N+i). Routing one level l moves whatever sits on the input wires
of level l to the wire of the child the router selects: SWAP(w_v, w_2v), then
CSWAP(r_v; w_2v, w_2v+1). The query:

1. load: address bit a_{n−1−L} enters at the root, is routed down L levels and swapped into
   the routers of level L (so exactly the routers on the path of i hold its bits);
2. for each word bit j: H on t_j, route t_j to the leaves, Z on every leaf wire whose cell
   holds a 1 in bit j (an empty wire is |0⟩ and Z leaves it alone), route back, H;
3. unload: step 1 in reverse.

Every routing level acts on disjoint wires, so an address bit or bus descends one level per
Toffoli layer while the next one follows: T-depth O(n) = O(log N) with O(N) qubits.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field, model_validator

from qdl.circuits.block import Block, Register, Role, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.data import IntVector
from qdl.circuits.dtm.qrom import check_fits, table_ones, table_word
from qdl.circuits.dtm.swaps import CSWAP
from qdl.circuits.gates import Clifford
from qdl.circuits.params import Bits
from qdl.circuits.registry import Params, Primitive, register

#: Largest address width counted (2^40 cells); circuits are built far below this.
MAX_ADDRESS_BITS = 40


@dataclass(frozen=True)
class BucketBrigadeQRAM(Block):
    """|i⟩|t⟩ → |i⟩|t ⊕ d_i⟩ for n address bits and b-bit words (``data=None``: all ones).

    Cost (N = 2^n): 2(N−1−n) + 2b(N−1) controlled swaps (one Toffoli each, so t_count
    8(N−1−n) + 8b(N−1)); 4N−4 + 2bN SWAPs, 2b H, Σ popcount(d_i) Z, two CNOTs per
    controlled swap; qubits 3N−2 + n + b; Toffoli depth 2nb + 2(n−1), T-depth three times
    that (each controlled swap is one Toffoli, T-depth 3).
    """

    address_bits: int
    word_bits: int
    data: tuple[int, ...] | None = None
    name = "bucket_brigade"

    def __post_init__(self) -> None:
        if self.data is not None and len(self.data) != 1 << self.address_bits:
            raise ValueError(f"data has {len(self.data)} entries for "
                             f"{1 << self.address_bits} cells")

    @property
    def cells(self) -> int:
        return 1 << self.address_bits

    @property
    def signature(self) -> Signature:
        return Signature([Register("address", self.address_bits),
                          Register("target", self.word_bits, Role.OUTPUT)])

    def word(self, i: int) -> int:
        return table_word(self.data, self.word_bits, i)

    def ones(self) -> int:
        return table_ones(self.data, self.cells, self.word_bits)

    def cswaps(self) -> int:
        n, N, b = self.address_bits, self.cells, self.word_bits
        return 2 * (N - 1 - n) + 2 * b * (N - 1)

    def children(self):
        N, b = self.cells, self.word_bits
        return ((CSWAP, self.cswaps()), (Clifford("swap"), 4 * N - 4 + 2 * b * N),
                (Clifford("h"), 2 * b), (Clifford("z"), self.ones()))

    def qubits(self) -> int:
        return 3 * self.cells - 2 + self.address_bits + self.word_bits

    def toffoli_depth(self) -> int:
        """2nb + 2(n−1) Toffoli layers (docs/dtm.md, measured equal on the built circuit).

        Routing levels act on disjoint wires, so a qubit descends one level per layer and the
        next one follows a level behind: the n address bits arrive in the routers only n−1
        layers before the first bus bit has descended. Each bus bit then needs n layers down
        and n up, and a bus bit cannot enter the root wire before the previous one has left
        it, so the b bus bits run one after another; unloading mirrors loading (n−1).
        """
        n, b = self.address_bits, self.word_bits
        return 2 * n * b + 2 * (n - 1)

    def t_depth(self) -> int:
        return 3 * self.toffoli_depth()

    def rotation_depth(self) -> int:
        return 0

    # -- circuit -------------------------------------------------------------------------------
    def _route(self, bb: Builder, w: list[int], r: list[int], level: int, down: bool) -> None:
        for v in range(1 << level, 2 << level):
            if down:
                bb.gate("swap", w[v], w[2 * v])
                bb.call(CSWAP, c=[r[v]], x=[w[2 * v]], y=[w[2 * v + 1]])
            else:
                bb.call(CSWAP, c=[r[v]], x=[w[2 * v]], y=[w[2 * v + 1]])
                bb.gate("swap", w[v], w[2 * v])

    def _load(self, bb: Builder, address: list[int], w: list[int], r: list[int],
              unload: bool) -> None:
        n = self.address_bits
        steps = []
        for level in range(n):
            steps.append(("swap", address[n - 1 - level], w[1]))
            steps += [("route", l) for l in range(level)]
            steps += [("swap", w[v], r[v]) for v in range(1 << level, 2 << level)]
        for step in (reversed(steps) if unload else steps):
            if step[0] == "swap":
                bb.gate("swap", step[1], step[2])
            else:
                self._route(bb, w, r, step[1], down=not unload)

    def build(self, bb: Builder, *, address: list[int], target: list[int]) -> None:
        n, N = self.address_bits, self.cells
        r = [-1] + bb.alloc(N - 1)  # r[v], v = 1 … N−1
        w = [-1] + bb.alloc(2 * N - 1)  # w[v], v = 1 … 2N−1
        self._load(bb, address, w, r, unload=False)
        for j, t in enumerate(target):
            bb.h(t)
            bb.gate("swap", t, w[1])
            for level in range(n):
                self._route(bb, w, r, level, down=True)
            for i in range(N):
                if (self.word(i) >> j) & 1:
                    bb.gate("z", w[N + i])
            for level in reversed(range(n)):
                self._route(bb, w, r, level, down=False)
            bb.gate("swap", t, w[1])
            bb.h(t)
        self._load(bb, address, w, r, unload=True)
        bb.release(r[1:] + w[1:])

    def reference(self, *, address: int, target: int) -> dict[str, int]:
        return {"address": address, "target": target ^ self.word(address)}


class BucketBrigadeParams(Params):
    address_bits: int = Field(ge=1, le=MAX_ADDRESS_BITS, description="n: 2^n memory cells")
    word_bits: Bits
    data: IntVector | None = Field(
        None, description="2^n cell contents (inline list or .npy/.csv file); "
                          "without it costs are for all-ones words (worst case)")

    @model_validator(mode="after")
    def _check_data(self):
        if self.data is not None:
            if len(self.data) != 1 << self.address_bits:
                raise ValueError(f"data has {len(self.data)} entries; address_bits="
                                 f"{self.address_bits} needs {1 << self.address_bits}")
            check_fits(self.data, self.word_bits)
        return self


register(Primitive(
    name="bucket_brigade",
    params=BucketBrigadeParams,
    make=lambda p: BucketBrigadeQRAM(p.address_bits, p.word_bits, p.data),
    action="|i⟩|0⟩ → |i⟩|d_i⟩ (n address bits, 2^n cells)",
    cost="2(N−1−n)+2b(N−1) controlled swaps (t_count 8(N−1−n)+8b(N−1)), 3N−2+n+b qubits, "
         "T-depth 3(2nb+2(n−1))",
    reference="Giovannetti, Lloyd, Maccone, PRL 100, 160501 (2008); Hann et al., PRX Quantum "
              "2, 020311 (2021), Fig. 2",
))
