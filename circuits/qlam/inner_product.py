"""Inner-product estimation ⟨x|y⟩ by a Hadamard test and amplitude estimation (``inner_product``).

Seed 000 §II.3.1 and App. E (weight gradients as inner products of N-dimensional rows).
The oracle on 1 + n qubits (control c, register s):

    A = X_c · H_c · CPREP · H_c,   CPREP|0⟩_c|0⟩ = |0⟩|x⟩,  |1⟩|0⟩ → |1⟩|y⟩,

where CPREP is one state-preparation tree multiplexed by c (2(2^n − 1) rotations). After the
Hadamards, P(c = 0) = (1 + Re⟨x|y⟩)/2 (Aharonov, Jones, Landau, STOC 2006, §2.2, the Hadamard
test), and the final X makes that the good flag c = 1. Amplitude estimation at precision ε/2
on a = (1 + ⟨x|y⟩)/2 gives ⟨x|y⟩ = 2ã − 1 to ±ε (real vectors, normalised). With no data
the tree is costed at the worst case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import Field, model_validator

from qdl.circuits.data import RealVector
from qdl.circuits.qlam.amplitude_estimation import (IterativeAmplitudeEstimation,
                                                    QPEAmplitudeEstimation, StateOracle)
from qdl.circuits.qlam.loaders import prepare_tree
from qdl.circuits.registry import Params, Primitive, register


@dataclass(frozen=True)
class HadamardTestOracle(StateOracle):
    """A on (s, c): good = c in |1⟩ with probability (1 + ⟨x|y⟩)/2 (module docstring)."""

    n: int
    x: tuple | None = None
    y: tuple | None = None

    @property
    def width(self):
        return self.n + 1

    @property
    def good(self):
        return self.n

    def _table(self):
        if self.x is None:
            return None
        rows = np.array([self.x, self.y], dtype=float)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    def record(self, prog, wires, adjoint=False):
        sys, c = wires[: self.n], wires[self.n]
        if adjoint:
            prog.x(c)
        prog.h(c)
        prepare_tree(prog, sys, [c], self._table(), adjoint=adjoint)
        prog.h(c)
        if not adjoint:
            prog.x(c)

    def inner_product(self) -> float | None:
        table = self._table()
        return None if table is None else float(table[0] @ table[1])

    def describe(self, epsilon: float) -> dict:
        return {"estimates": "<x|y> = 2a - 1, a = P(flag = 1)",
                "inner_product_precision": 2 * epsilon, "exact_value": self.inner_product()}

    def amplitude(self):
        ip = self.inner_product()
        return None if ip is None else (1 + ip) / 2


class InnerProductParams(Params):
    variant: Literal["qpe", "iterative"] = Field("iterative", description="amplitude estimation")
    x: RealVector | None = Field(None, description="first vector (normalised by qdl)")
    y: RealVector | None = Field(None, description="second vector")
    size: int | None = Field(None, ge=2, le=1 << 40, description="length N (no data)")
    epsilon: float = Field(0.05, gt=0, lt=1, description="additive precision on ⟨x|y⟩")
    confidence: float = Field(0.95, gt=0, lt=1, description="1 − δ (iterative)")

    @model_validator(mode="after")
    def _check(self):
        if (self.x is None) != (self.y is None):
            raise ValueError("give both 'x' and 'y'")
        if (self.x is None) == (self.size is None):
            raise ValueError("give either 'x' and 'y', or 'size'")
        if self.x is not None:
            if len(self.x) != len(self.y):
                raise ValueError(f"x has {len(self.x)} entries, y has {len(self.y)}")
            if not any(self.x) or not any(self.y):
                raise ValueError("a zero vector has no direction")
        return self

    def oracle(self) -> HadamardTestOracle:
        dim = self.size or len(self.x)
        n = max(1, (dim - 1).bit_length())
        if self.x is None:
            return HadamardTestOracle(n)
        pad = (1 << n) - dim
        return HadamardTestOracle(n, tuple(self.x) + (0.0,) * pad, tuple(self.y) + (0.0,) * pad)


def make_inner_product(p: InnerProductParams):
    if p.variant == "qpe":
        return QPEAmplitudeEstimation(p.oracle(), p.epsilon / 2, 1 - p.confidence)
    return IterativeAmplitudeEstimation(p.oracle(), p.epsilon / 2, 1 - p.confidence)


register(Primitive(
    name="inner_product",
    params=InnerProductParams,
    make=make_inner_product,
    action="estimate ⟨x|y⟩ = 2ã − 1, ã from amplitude estimation of a Hadamard test",
    cost="oracle: 2(2^n − 1) rotations + 2 H + X per query; queries as amplitude_estimation "
         "at precision ε/2",
    reference="Aharonov, Jones, Landau, STOC 2006 §2.2 (Hadamard test); Brassard et al. 2002; "
              "Grinko et al. 2021; seed 000 §II.3.1, App. E",
))
