"""Products and linear combinations of block-encodings (primitives ``be_product``, ``be_sum``).

- :class:`BlockEncodingProduct`: U_1 · U_2 ⋯ U_k on a shared ``sys`` register, each factor with
  its own ancillas (U_k runs first). Encodes A_1 A_2 ⋯ A_k with α = Π α_i, Σ a_i ancillas and
  error Σ_i ε_i Π_{j≠i} α_j (Gilyén, Su, Low, Wiebe, STOC 2019, Lemma 53).
- :class:`BlockEncodingSum`: PREP† · SELECT · PREP over an index register of m = ⌈log2 k⌉
  qubits, PREP|0⟩ = Σ √(|y_i| α_i / α)|i⟩, SELECT = Σ |i⟩⟨i| ⊗ e^{i arg y_i} U_i with the
  factors sharing max a_i ancillas. Encodes Σ y_i A_i with α = Σ |y_i| α_i, m + max a_i
  ancillas and error Σ |y_i| ε_i (GSLW 2019, Lemma 52; Childs & Wiebe 2012, Lemma 2.1).
  Each U_i runs controlled on its index (an AND ladder over m qubits gives one control).

Cost: the sum of the factors' recorded programs (controlled forms for the sum), counted
exactly by the program walk.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import Field, ValidationError, model_validator

from qdl.circuits.block import Register, Signature
from qdl.circuits.data import Matrix
from qdl.circuits.qlam.block_encoding import (BlockEncoding, BlockEncodingParams,
                                              make_block_encoding)
from qdl.circuits.qlam.loaders import index_width, prepare_weights
from qdl.circuits.qlam.program import Program
from qdl.circuits.qlam.subprogram import record_program
from qdl.circuits.registry import Params, Primitive, register


def select(prog: Program, index: list[int], blocks, sys: list[int], be: list[int],
           phases: list[float] | None = None) -> None:
    """SELECT = Σ_i |i⟩⟨i| ⊗ e^{i·phase_i} U_i, each U_i on ``sys`` and the first a_i of ``be``."""
    for i, block in enumerate(blocks):
        with prog.when_equal(index, i):
            if phases and phases[i]:
                prog.global_phase(phases[i])
            record_program(prog, block, sys=sys, be=be[: block.ancillas])


@dataclass(frozen=True)
class BlockEncodingProduct(BlockEncoding):
    """A_1 A_2 ⋯ A_k from block-encodings of the factors (module docstring)."""

    factors: tuple
    name = "be_product"
    alpha_formula = "Π α_i"

    @property
    def signature(self) -> Signature:
        n = self.factors[0].signature["sys"].width
        return Signature([Register("sys", n),
                          Register("be", sum(f.ancillas for f in self.factors))])

    @property
    def alpha(self) -> float:
        return math.prod(f.alpha for f in self.factors)

    @property
    def error(self) -> float:
        alpha = self.alpha  # once, not per factor
        return sum(f.error * alpha / f.alpha for f in self.factors)

    def target(self):
        mats = [f.target() for f in self.factors]
        if any(m is None for m in mats):
            return None
        return np.linalg.multi_dot(mats) if len(mats) > 2 else mats[0] @ mats[1]

    def record(self, prog: Program, *, sys: list[int], be: list[int]) -> None:
        offsets = np.cumsum([0] + [f.ancillas for f in self.factors])
        for i in reversed(range(len(self.factors))):
            record_program(prog, self.factors[i], sys=sys, be=be[offsets[i]:offsets[i + 1]])

    def params(self) -> dict:
        return {"factors": [f.params() for f in self.factors]}


@dataclass(frozen=True)
class BlockEncodingSum(BlockEncoding):
    """Σ y_i A_i from block-encodings of the terms by LCU (module docstring)."""

    terms: tuple
    weights: tuple
    name = "be_sum"
    alpha_formula = "Σ |y_i| α_i"

    @property
    def index_bits(self) -> int:
        return index_width(len(self.terms))

    @property
    def signature(self) -> Signature:
        n = self.terms[0].signature["sys"].width
        return Signature([Register("sys", n), Register(
            "be", self.index_bits + max(t.ancillas for t in self.terms))])

    @property
    def alpha(self) -> float:
        return sum(abs(y) * t.alpha for y, t in zip(self.weights, self.terms))

    @property
    def error(self) -> float:
        return sum(abs(y) * t.error for y, t in zip(self.weights, self.terms))

    def target(self):
        mats = [t.target() for t in self.terms]
        if any(m is None for m in mats):
            return None
        return sum(y * m for y, m in zip(self.weights, mats))

    def record(self, prog: Program, *, sys: list[int], be: list[int]) -> None:
        idx, shared = be[: self.index_bits], be[self.index_bits:]
        alpha = self.alpha  # once, not per term
        amps = [math.sqrt(abs(y) * t.alpha / alpha) for y, t in zip(self.weights, self.terms)]
        prepare_weights(prog, idx, amps)
        select(prog, idx, self.terms, sys, shared, [float(np.angle(y)) for y in self.weights])
        prepare_weights(prog, idx, amps, adjoint=True)

    def params(self) -> dict:
        return {"terms": [t.params() for t in self.terms], "weights": list(self.weights)}


class CombinationParams(Params):
    variant: Literal["dense", "lcu_pauli", "sparse"] = Field(
        "dense", description="block-encoding variant of every operand")
    matrices: list[Matrix] | None = Field(None, min_length=2, description="the operands")
    size: int | None = Field(None, ge=2, le=1 << 30, description="dimension (no data)")
    count: int = Field(2, ge=2, le=64, description="number of operands when no data")
    sparsity: int = Field(1, ge=1, description="nonzeros per row/column (sparse, size only)")
    prepare: Literal["alias", "tree"] = Field("alias", description="lcu_pauli operands' PREPARE")
    mu: int = Field(10, ge=1, le=30, description="lcu_pauli operands' alias-sampling bits")

    @model_validator(mode="after")
    def _check(self):
        if (self.matrices is None) == (self.size is None):
            raise ValueError("give exactly one of 'matrices' and 'size'")
        if self.matrices is not None:
            dims = {(len(m), len(m[0])) for m in self.matrices}
            if len(dims) != 1:
                raise ValueError(f"operands must have one shape, got {sorted(dims)}")
        try:  # the operands' own limits (lcu_pauli at most 64×64, ...), on this model's line
            self._operand_params()
        except ValidationError as exc:
            raise ValueError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from None
        return self

    def _operand_params(self) -> list[BlockEncodingParams]:
        lcu = {"prepare": self.prepare, "mu": self.mu}
        if self.matrices is None:
            return [BlockEncodingParams(variant=self.variant, size=self.size,
                                        sparsity=self.sparsity, **lcu)]
        return [BlockEncodingParams(variant=self.variant, matrix=m, **lcu)
                for m in self.matrices]

    def operands(self) -> list[BlockEncoding]:
        made = [make_block_encoding(p) for p in self._operand_params()]
        return made * self.count if self.matrices is None else made


class SumParams(CombinationParams):
    weights: list[float] | None = Field(None, description="real weights y_i (default all 1)")

    @model_validator(mode="after")
    def _weights(self):
        k = len(self.matrices) if self.matrices is not None else self.count
        if self.weights is not None and len(self.weights) != k:
            raise ValueError(f"{len(self.weights)} weights for {k} operands")
        if self.weights is not None and not any(self.weights):
            raise ValueError("weights are all zero")
        return self


def make_sum(p: SumParams) -> BlockEncodingSum:
    ops = p.operands()
    weights = tuple(p.weights) if p.weights is not None else (1.0,) * len(ops)
    return BlockEncodingSum(tuple(ops), weights)


register(Primitive(
    name="be_product",
    params=CombinationParams,
    make=lambda p: BlockEncodingProduct(tuple(p.operands())),
    action="block-encoding of A_1 A_2 ⋯ A_k (U_k applied first, separate ancillas)",
    cost="Σ of the factors' costs; α = Π α_i; Σ a_i ancillas",
    reference="Gilyén, Su, Low, Wiebe, STOC 2019, Lemma 53",
))

register(Primitive(
    name="be_sum",
    params=SumParams,
    make=make_sum,
    action="block-encoding of Σ y_i A_i by PREP† · SELECT · PREP",
    cost="PREP (2^m − 1 rotations, twice) + controlled factors; α = Σ|y_i| α_i; "
         "⌈log2 k⌉ + max a_i ancillas",
    reference="Gilyén, Su, Low, Wiebe, STOC 2019, Lemma 52; Childs & Wiebe 2012, Lemma 2.1",
))
