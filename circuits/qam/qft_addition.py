"""Draper's QFT adder: ``a += b (mod 2^n)`` by phase rotations in the Fourier basis.

Draper, "Addition on a quantum computer", arXiv:quant-ph/0008033 (2000), §3-4: a quantum
Fourier transform (without the final swaps) puts a_j's wire in the phase 2π·a/2^{j+1}; adding
b multiplies it by e^{2πi·b/2^{j+1}}, a product of rotations by π/2^{j−i} controlled on b_i
(i ≤ j); the inverse transform brings a + b mod 2^n back to the computational basis. No
ancilla is used; the price is rotations, which a fault-tolerant machine must synthesise.
"""

from __future__ import annotations

from dataclasses import dataclass

from qdl.circuits.builder import Builder
from qdl.circuits.gates import CX, Clifford
from qdl.circuits.rotations import DEFAULT_ROTATION_EPS, IDENTITY_POWER, ControlledPhase
from qdl.circuits.qam._registers import InPlaceAdder

H = Clifford("h")


@dataclass(frozen=True)
class DraperAdder(InPlaceAdder):
    """|a⟩|b⟩ → |a + b mod 2^n⟩|b⟩ with QFT, controlled phases, inverse QFT (Draper 2000).

    Controlled phases by π/2^d: n − d of each d ≥ 1 in each QFT and in the addition, n CZs
    (d = 0) in the addition. Each CP(π/2) is 3 T, each CP(π/2^d), d ≥ 2, is 3 rotations.
    Cost: 9(n−1) T, 9(n−1)(n−2)/2 rotations (each ⌈3 log2(1/ε)⌉ rotation T), 2n H + n CZ +
    3n(n−1) CX; qubits 2n; no ancilla, no measurement. From n = 32 on, the rotations by
    π/2^k, k ≥ 32, are the identity to 1e-9 and are not emitted: 9(n−31)(n−30)/2 fewer.

    Depths (as-soon-as-possible schedule of this gate order): T-depth 4n−2 (n ≥ 2), rotation
    depth max(0, min(10n−24, 8n+38)), Toffoli depth 0. The rotations of the three stages
    pipeline (target a_j's chain of controlled phases starts one gate after a_{j+1}'s), so both
    depths grow linearly, not quadratically; which stage boundary sets the critical path
    changes at n = 31. The formulas were fitted to, and are checked against, the built
    circuit's longest paths (every n ≤ 49, and 64, 80, 100, 128, 160, 256).
    """

    rotation_eps: float = DEFAULT_ROTATION_EPS

    def _cp(self, d: int, negative: bool = False) -> ControlledPhase:
        return ControlledPhase(d, negative, self.rotation_eps)

    def children(self):
        n = self.bits
        kids = [(H, 2 * n), (self._cp(0), n)]
        for d in range(1, min(n, IDENTITY_POWER - 1)):
            kids += [(self._cp(d), 2 * (n - d)), (self._cp(d, True), n - d)]
        # d ≥ 31: the halves are the identity and each controlled phase is its 2 CX; listing
        # them as CX keeps the children O(1) (the declared maximum is n = 2^24)
        tail = max(0, n - IDENTITY_POWER + 1)  # d = 31 … n−1: Σ 3(n − d) = 3·tail(tail+1)/2
        return tuple(kids) + (((CX, 3 * tail * (tail + 1)),) if tail else ())

    def t_depth(self) -> int:
        return 4 * self.bits - 2 if self.bits > 1 else 0

    def toffoli_depth(self) -> int:
        return 0

    def rotation_depth(self) -> int:
        return max(0, min(10 * self.bits - 24, 8 * self.bits + 38))

    def build(self, bb: Builder, *, a: list[int], b: list[int]) -> None:
        n = self.bits
        for j in reversed(range(n)):  # QFT: a_j ← phase 2π·a/2^{j+1}
            bb.call(H, q0=[a[j]])
            for m in reversed(range(j)):
                bb.call(self._cp(j - m), c=[a[m]], t=[a[j]])
        for j in reversed(range(n)):  # a_j's phase += 2π·b/2^{j+1}
            for i in reversed(range(j + 1)):
                bb.call(self._cp(j - i), c=[b[i]], t=[a[j]])
        for j in range(n):  # inverse QFT, gate by gate in reverse
            for m in range(j):
                bb.call(self._cp(j - m, True), c=[a[m]], t=[a[j]])
            bb.call(H, q0=[a[j]])

