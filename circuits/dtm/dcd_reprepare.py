"""DCD re-preparation from r coefficients: |p⟩|0⟩ → |p⟩|x̃_p⟩ without an N-word table.

Seed 000, Theorem II.1: after the DCD readout, the next layer's input is re-prepared from the
first r discrete Chebyshev coefficients, x̃_p = Σ_{j<r} c_j T_j(t_p) at the nodes
t_p = cos(π(p + ½)/N) (DESIGN §4), "with a QRAM of size r and a QAM". The alternative is a QROM
over the N values x̃_p computed classically (4N − 8 T). Here everything is arithmetic:

1. u = (2p + 1)/N − 1 ∈ (−1, 1) is wiring: in (B, F) fixed point (F ≥ m = log2 N) its bits are
   a constant 1 at F − m, p_0 … p_{m−2} above it and ¬p_{m−1} from bit F up (CNOTs and X);
2. t_p = cos(π(u + 1)/2) = −sin(πu/2), a Chebyshev series in u (its coefficients by numpy's
   ``chebinterpolate``; the odd function converges super-exponentially) evaluated by
   :class:`~qdl.circuits.qam.clenshaw.ChebyshevSeries` into a fresh t;
3. x̃_p = Σ c_j T_j(t) by a second ChebyshevSeries into the output;
4. t is erased by running step 2 again (the series XORs into its output), u by the wiring.

The reference is this exact fixed-point computation; the tests bound its distance to the real
series at the real nodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from pydantic import Field, model_validator

from qdl.circuits.block import Register, Role, Signature
from qdl.circuits.compose import Call, Composite, call, scoped
from qdl.circuits.qam._fixed_point import XorConstant
from qdl.circuits.qam._staged import Fanout
from qdl.circuits.qam.clenshaw import ChebyshevParams, ChebyshevSeries, series_coefficients
from qdl.circuits.registry import Primitive, register


@lru_cache(maxsize=64)
def node_series(bits: int, frac_bits: int) -> tuple[int, ...]:
    """(B, F) patterns of the Chebyshev coefficients of u ↦ cos(π(u+1)/2) on [−1, 1], cut
    after the last one that rounds to a nonzero value."""
    from numpy.polynomial import chebyshev

    coeffs = chebyshev.chebinterpolate(lambda u: np.cos(np.pi * (u + 1) / 2), 40)
    q = [int(np.floor(c * 2 ** frac_bits + 0.5)) for c in coeffs]
    last = max(i for i, v in enumerate(q) if v)
    return tuple(v % (1 << bits) for v in q[:last + 1])


@dataclass(frozen=True)
class DcdReprepare(Composite):
    """|p⟩|0⟩ → |p⟩|x̃_p⟩, p < N = 2^m, x̃_p the (B, F) fixed-point Σ_{j<r} c_j T_j(t_p).

    Cost: two node series (compute and erase t) and one coefficient series
    (qdl.circuits.qam.clenshaw: 2 macs per term each) plus Cliffords for u; qubits m + 9B + 1
    (p, y, u, t, then a series' two work registers and its mac's 4B + 1 ancillas);
    independent of N but for F ≥ m.
    """

    position_bits: int
    bits: int
    frac_bits: int
    coefficients: tuple[int, ...]
    name = "dcd_reprepare"

    def __post_init__(self) -> None:
        m, B, F = self.position_bits, self.bits, self.frac_bits
        if not (1 <= m <= F and F + 2 <= B):
            raise ValueError(f"need 1 ≤ position_bits={m} ≤ frac_bits={F} ≤ bits−2={B - 2}")

    @property
    def signature(self) -> Signature:
        return Signature([Register("p", self.position_bits),
                          Register("y", self.bits, Role.OUTPUT, signed=True)])

    def node_block(self) -> ChebyshevSeries:
        return ChebyshevSeries(self.bits, self.frac_bits, node_series(self.bits, self.frac_bits))

    def _wiring(self) -> list[Call]:
        m, B, F = self.position_bits, self.bits, self.frac_bits
        ones = (1 << (F - m)) | (((1 << B) - 1) >> F << F)  # the constant 1 and ¬p_{m−1}
        out = [call(XorConstant(B, ones), t=("u", 0, B))]
        if m > 1:
            out.append(call(Fanout(m - 1), a=("p", 0, m - 1), b=("u", F - m + 1, F)))
        out += [call(Fanout(1), a=("p", m - 1, m), b=("u", k, k + 1)) for k in range(F, B)]
        return out

    def ops(self) -> list:
        """u (the node argument) and t (the node) in |0⟩; u; t; y ⊕= series(t); t; u."""
        B = self.bits
        nodes = call(self.node_block(), t=("u", 0, B), y=("t", 0, B))
        series = call(ChebyshevSeries(B, self.frac_bits, self.coefficients), t=("t", 0, B),
                       y=("y", 0, B))
        return scoped((("u", B), ("t", B)),
                      self._wiring() + [nodes, series, nodes] + self._wiring())

    def u_pattern(self, p: int) -> int:
        m, B, F = self.position_bits, self.bits, self.frac_bits
        return (((2 * p + 1) << (F - m)) - (1 << F)) % (1 << B)

    def reference(self, *, p: int, y: int) -> dict[str, int]:
        t = self.node_block().evaluate(self.u_pattern(p))
        x = ChebyshevSeries(self.bits, self.frac_bits, self.coefficients).evaluate(t)
        return {"p": p, "y": y ^ x}


class DcdParams(ChebyshevParams):
    position_bits: int = Field(ge=1, le=40, description="m = log2 N, N the positions "
                                                       "(at most frac_bits)")

    @model_validator(mode="after")
    def _check_positions(self) -> "DcdParams":
        m, B, F = self.position_bits, self.bits, self.frac_bits
        if not (m <= F and F + 2 <= B):
            raise ValueError(f"need position_bits={m} ≤ frac_bits={F} ≤ bits−2={B - 2}")
        return self


def _make(p: DcdParams) -> DcdReprepare:
    return DcdReprepare(p.position_bits, p.bits, p.frac_bits, series_coefficients(p))


register(Primitive(
    name="dcd_reprepare",
    params=DcdParams,
    make=_make,
    action="|p⟩|0⟩ → |p⟩|Σ_{j<r} c_j T_j(cos(π(p+½)/N))⟩, N = 2^position_bits",
    cost="2 cosine series + 1 coefficient series (2 mac per term each), independent of N; "
         "compare qrom over N words: 4N − 8 T",
    reference="seed 000 Theorem II.1 (re-preparation from r coefficients); Clenshaw, MTAC 9, "
              "118 (1955)",
))
