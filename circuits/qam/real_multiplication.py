"""Truncated product of two reals in [0, 1): ``r ≈ a·b`` to n bits with n² − n − 1 ANDs.

Sanders, Berry, Costa, Tessler, Wiebe, Gidney, Neven, Babbush, "Compilation of fault-tolerant
quantum heuristics for combinatorial optimization", PRX Quantum 1, 020312 (2020),
arXiv:2007.07391, App. D.5, eq. (D13): n² − n − 1 Toffolis for two n-bit reals, the count
Qualtran 0.7 charges for ``MultiplyTwoReals`` (which gives no circuit).

Construction (registers as integers A, B, R, the reals A/2^n, ...): the partial product of
bit k of B is ⌊A / 2^{n−k}⌋, the top k bits of A; bit 0's is 0. They are added from the
smallest (k = 1) up: after the rows 1 … k−1 the sum is < Σ_{j<k} A/2^{n−j} < 2^k, so row k
adds k bits into the window R[0 : k+1] with a carry out and nothing carries beyond it.
Row 1 lands in |0⟩ and is a single AND; row k ≥ 2 is a controlled adder with carry out
(qdl.circuits.qam.controlled_addition, 2k ANDs): 1 + Σ_{k=2}^{n−1} 2k = n² − n − 1.

The result is R = Σ_{k=1}^{n−1} b_k ⌊A / 2^{n−k}⌋, which satisfies
⌊A·B / 2^n⌋ − (n − 1) ≤ R ≤ ⌊A·B / 2^n⌋ (each of the n terms of A·B/2^n loses less than 1).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from qdl.circuits.block import Register, Role, Signature
from qdl.circuits.compose import Call, Composite, Sync, call
from qdl.circuits.compose import _Tally as Tally
from qdl.circuits.qam.controlled_addition import ControlledAdder, ControlledCopy
from qdl.circuits.registry import Params, Primitive, register
from qdl.circuits.series import MIN_RUN, run_sum


@dataclass(frozen=True)
class RealMultiplier(Composite):
    """|a⟩|b⟩|0⟩ → |a⟩|b⟩|Σ_{k=1}^{n−1} b_k ⌊A/2^{n−k}⌋⟩ (n ≥ 2; see the module docstring).

    Cost: n² − n − 1 AND (t_count 4(n² − n − 1)); qubits 3n + the widest row's ancillas
    (k copies, k carries and a padding wire for k = n − 1): 5n − 1 for n ≥ 3, 6 for n = 2;
    depths by the barrier schedule of qdl.circuits.compose: T-depth
    2 + Σ_{k=2}^{n−1} (k + 1), Toffoli depth 1 + Σ_{k=2}^{n−1} (k + 1).
    """

    bits: int
    name = "multiply_reals"

    def __post_init__(self) -> None:
        if self.bits < 2:
            raise ValueError("multiply_reals needs at least 2 bits")

    @property
    def signature(self) -> Signature:
        n = self.bits
        return Signature([Register("a", n), Register("b", n), Register("r", n, Role.OUTPUT)])

    def ops(self) -> list[Call]:
        n = self.bits
        rows = [call(ControlledCopy(1), c=("b", 1, 2), b=("a", n - 1, n), t=("r", 0, 1))]
        for k in range(2, n):
            rows.append(call(ControlledAdder(k, carry_out=True), c=("b", k, k + 1),
                              a=("r", 0, k + 1), b=("a", n - k, n)))
        return rows

    # Fast path for counting (the declared maximum is n = 2^24: n − 2 distinct rows). Every
    # register is used from the first row on, so each row after the first gets a barrier
    # over all 3n wires and overlaps it by one T layer (its first AND); the rows are affine
    # in k (qdl.circuits.series), so their sum takes three of them. The tests compare this
    # with the generic walk.
    def fast_tally(self, min_run: int = MIN_RUN) -> Tally | None:
        """The barrier schedule's tally with rows 2 … n − 1 summed in closed form."""
        n = self.bits
        if n - 2 < min_run:
            return None
        first = ControlledCopy(1)
        rows = run_sum(lambda k: ControlledAdder(k, carry_out=True), 2, 1, n - 2)
        tally = Tally()
        tally.children = rows.add_to({first: 1, Sync(3 * n): n - 2})
        cost = first.cost()
        tally.depths = {f: getattr(cost, f) + rows.depths[f] for f in rows.depths}
        tally.depths["t_depth"] -= n - 2
        tally.peak = 3 * n + max(rows.ancillas, cost.qubits - first.signature.width)
        return tally

    def reference(self, *, a: int, b: int, r: int) -> dict[str, int]:
        n = self.bits
        product = sum(a >> (n - k) for k in range(1, n) if (b >> k) & 1)
        return {"a": a, "b": b, "r": r ^ product}


class MultiplyRealsParams(Params):
    bits: int = Field(ge=2, le=1 << 24, description="bits of each real in [0, 1)")


register(Primitive(
    name="multiply_reals",
    params=MultiplyRealsParams,
    make=lambda p: RealMultiplier(p.bits),
    action="|a⟩|b⟩|0⟩ → |a⟩|b⟩|a·b truncated to n bits⟩ (reals in [0, 1), error < n ulp)",
    cost="n²−n−1 AND (4(n²−n−1) T), the count of Qualtran's MultiplyTwoReals",
    reference="Sanders et al., PRX Quantum 1, 020312 (2020), App. D.5, eq. (D13)",
))
