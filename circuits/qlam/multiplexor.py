"""Uniformly controlled (multiplexed) rotations: angle transforms and exact cost on the wires.

A multiplexed rotation on target t with k controls applies R(θ_c) to t when the controls hold
c = Σ_j c_j 2^j. It is synthesised as the Gray-code sequence of Möttönen, Vartiainen,
Bergholm, Salomaa, "Quantum circuits for general multiqubit gates", PRL 93, 130502 (2004),
Eq. (3)–(4) and Fig. 2:

    R(φ_0) · CX(c_{g(0)}, t) · R(φ_1) · CX(c_{g(1)}, t) · … · R(φ_{2^k−1}) · CX(c_{k−1}, t)

with g(i) the number of trailing zeros of i+1 (the bit that changes between Gray codes i and
i+1; the last CNOT uses the top control) and φ_i = 2^{−k} Σ_c (−1)^{popcount(c & gray(i))} θ_c.
R is RY or RZ (X·R(θ)·X = R(−θ) for both). Cost: 2^k rotations and 2^k CNOTs (k ≥ 1).

Each emitted angle φ_i is classified exactly as qdl.passes.circuit_count classifies a rotation
(a multiple of π/2 is Clifford, an odd multiple of π/4 is a T gate, anything else a rotation),
so counts made here from the angles equal the counts made on the built circuit. With no data
(``theta is None``) every φ_i is counted as a rotation: the data-independent worst case.
"""

from __future__ import annotations

import math

import numpy as np

#: The tolerance circuit_count uses to call an angle a multiple of π/4.
ANGLE_TOL = 1e-9


def walsh(values: np.ndarray) -> np.ndarray:
    """Unnormalised Walsh–Hadamard transform w_m = Σ_c (−1)^{popcount(c & m)} v_c."""
    out = np.array(values, dtype=float)
    n = out.size
    h = 1
    while h < n:
        out = out.reshape(-1, 2, h)
        out = np.stack((out[:, 0] + out[:, 1], out[:, 0] - out[:, 1]), axis=1).reshape(n)
        h *= 2
    return out


def gray_angles(theta: np.ndarray) -> np.ndarray:
    """The emitted angles φ_i of a multiplexor with logical angles θ_c (Möttönen Eq. 4)."""
    n = theta.size
    idx = np.arange(n)
    return walsh(theta)[idx ^ (idx >> 1)] / n


def control_order(k: int) -> list[int]:
    """Which control each of the 2^k CNOTs uses: trailing zeros of i+1, the last one k−1."""
    order = [((i + 1) & -(i + 1)).bit_length() - 1 for i in range((1 << k) - 1)]
    return order + [k - 1]


def angle_kinds(phi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Boolean masks (is a T gate, is a rotation) per angle, by circuit_count's rules."""
    k = np.asarray(phi, dtype=float) / (math.pi / 4)
    near = np.round(k)
    rotation = np.abs(k - near) > ANGLE_TOL
    t_gate = ~rotation & (np.mod(near, 2) == 1)
    return t_gate, rotation


def angle_kind(phi: float) -> tuple[bool, bool] | None:
    """:func:`angle_kinds` of one angle in Python floats (None if not finite): a program's
    single rotations (phase gradients, controlled-H halves) are each a block whose cost is
    asked once, and numpy spends ~10⁻⁴ s on a one-element array. ``round`` rounds half to
    even like ``np.round``, and the remainder of an integer is the same."""
    if not math.isfinite(phi):
        return None
    k = phi / (math.pi / 4)
    near = round(k)
    rotation = abs(k - near) > ANGLE_TOL
    return (not rotation and near % 2 == 1), rotation


class PrefixSums:
    """Running totals S(i) = Σ_{i' ≤ i} d_{i'} of per-rotation increments of one depth kind."""

    def __init__(self, mask: np.ndarray | None, count: int, worst: bool):
        self._sums = None if mask is None else np.cumsum(mask, dtype=np.int64)
        self._worst = worst
        self.count = count

    def __call__(self, i: int) -> int:
        if self._sums is not None:
            return int(self._sums[i])
        return i + 1 if self._worst else 0


def mux_levels(entry_target, entry_controls: list, sums: PrefixSums, vmax=max
               ) -> tuple:
    """Exit levels (target, controls) of one depth kind through the Gray-code sequence.

    Each CNOT i sets both wires to the larger level; rotation i adds its increment to the
    target first. Control j first meets the target at CNOT 2^j − 1 and last at 2^k − 2^j − 1
    (the top control at 2^k − 1), and a control's level after its first CNOT never exceeds
    the target's, so x_i = S(i) + max(x_entry, max over controls met so far of c_j − S(f_j)).
    Every control has been met by each control's last CNOT, hence one common maximum.
    Levels may be ints or max-plus forms (numpy vectors, with ``vmax`` their maximum).
    """
    k = len(entry_controls)
    n = 1 << k
    if k == 0:
        return entry_target + sums(0), []
    top = vmax(entry_target, *[c - sums((1 << j) - 1) for j, c in enumerate(entry_controls)])
    last = [n - (1 << j) - 1 for j in range(k - 1)] + [n - 1]
    return sums(n - 1) + top, [sums(i) + top for i in last]
