"""LCU aggregation of attention heads (primitive ``lcu_heads``; seed 000 §III.2 step 5, App. D.1).

The h heads' outputs A_1 x, …, A_h x (each head given by a block-encoding U_k of its N × N
output map) are combined into their concatenation with a head-index register of
b = ⌈log2 h⌉ qubits that is *kept*:

    U = SELECT · (PREP ⊗ I),   PREP|0⟩ = Σ_k (α_k/α)|k⟩,   SELECT = Σ_k |k⟩⟨k| ⊗ U_k,

so ⟨k, i, 0|U|0, j, 0⟩ = A_k[i, j]/α: U block-encodes the stacked (h·N) × N matrix
[A_1; A_2; …; A_h] with α = √(Σ α_k²) (= ‖stack‖_F for dense heads) and max a_k ancillas,
the head register being part of the output index. Unlike ``be_sum`` there is no PREP†: the
heads are concatenated, not added (the seed's "effective concatenation of the output
states from each attention head"). Cost: one PREP (2^b − 1 rotations) plus each head's
block-encoding controlled on its index.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from pydantic import Field, model_validator

from qdl.circuits.block import Register, Signature
from qdl.circuits.qlam.be_combination import CombinationParams, select
from qdl.circuits.qlam.block_encoding import BlockEncoding
from qdl.circuits.qlam.loaders import index_width, prepare_weights
from qdl.circuits.qlam.program import Program
from qdl.circuits.registry import Primitive, register


@dataclass(frozen=True)
class LCUHeadAggregation(BlockEncoding):
    """Concatenate h heads' outputs with a kept head register (module docstring)."""

    heads: tuple
    name = "lcu_heads"
    alpha_formula = "√(Σ_k α_k²)"

    @property
    def head_bits(self) -> int:
        return index_width(len(self.heads))

    @property
    def signature(self) -> Signature:
        n = self.heads[0].signature["sys"].width
        return Signature([Register("sys", n), Register("head", self.head_bits),
                          Register("be", max(h.ancillas for h in self.heads))])

    @property
    def ancillas(self) -> int:
        return self.signature["be"].width

    @property
    def alpha(self) -> float:
        return math.sqrt(sum(h.alpha ** 2 for h in self.heads))

    @property
    def error(self) -> float:
        return math.sqrt(sum(h.error ** 2 for h in self.heads))

    def target(self):
        mats = [h.target() for h in self.heads]
        if any(m is None for m in mats):
            return None
        size = mats[0].shape[0]
        stack = np.zeros(((1 << self.head_bits) * size, size), dtype=complex)
        for k, m in enumerate(mats):
            stack[k * size:(k + 1) * size] = m
        return stack

    def record(self, prog: Program, *, sys: list[int], head: list[int], be: list[int]) -> None:
        alpha = self.alpha  # once: it sums over the heads (1,024 at most)
        prepare_weights(prog, head, [h.alpha / alpha for h in self.heads])
        select(prog, head, self.heads, sys, be)

    def params(self) -> dict:
        return {"heads": len(self.heads), "head": self.heads[0].params()}


class HeadsParams(CombinationParams):
    heads: int | None = Field(None, ge=2, le=1024, description="number of heads (no data)")

    @model_validator(mode="after")
    def _heads(self):
        if self.matrices is None and self.heads is None:
            raise ValueError("give 'heads' with 'size', or one matrix per head")
        return self

    def operands(self) -> list[BlockEncoding]:
        if self.matrices is None:
            return CombinationParams(variant=self.variant, size=self.size, count=2,
                                     sparsity=self.sparsity).operands()[:1] * self.heads
        return super().operands()


register(Primitive(
    name="lcu_heads",
    params=HeadsParams,
    make=lambda p: LCUHeadAggregation(tuple(p.operands())),
    action="|0⟩_head|x⟩ → Σ_k |k⟩ A_k x/α + (ancillas ≠ 0): the heads' outputs concatenated",
    cost="PREP on ⌈log2 h⌉ qubits + Σ_k controlled U_k; α = √(Σ α_k²); max a_k ancillas",
    reference="seed 000 §III.2 step 5 and App. D.1; Childs & Wiebe 2012 (LCU)",
))
