"""Worst-case error of a state-preparation tree whose angles are rounded to b bits.

A tree (Grover & Rudolph, quant-ph/0208112, Eq. 1–3; Möttönen et al., QIC 5, 467 (2005), §3)
is U = U_{n−1} ⋯ U_0, level ℓ a multiplexed RY(θ_c) on its target qubit, one angle per value
c of its controls (a selector and the ℓ qubits already prepared), block diagonal over c. The
QROM loaders (qdl.circuits.qlam.qrom_loader; Low, Kliuchnikov, Schaeffer, arXiv:1812.00954,
§3) apply θ̃_c = span·a_c/2^b with a_c the nearest b-bit integer to θ_c·2^b/span (modulo
span: 2π for angles in [0, π], 4π, RY's period, otherwise), so |θ_c − θ̃_c| ≤ δ = span/2^(b+1).
Level 0 without a selector has one angle and is applied exactly.

Per level, ‖U_ℓ − Ũ_ℓ‖ = max_c ‖RY(θ_c) − RY(θ̃_c)‖ = max_c |1 − e^{i(θ_c − θ̃_c)/2}|
= max_c 2|sin((θ_c − θ̃_c)/4)| ≤ 2 sin(δ/4) ≤ δ/2: one half-angle error. By the telescoping
sum Ũ − U = Σ_ℓ Ũ_{n−1}⋯Ũ_{ℓ+1}(Ũ_ℓ − U_ℓ)U_{ℓ−1}⋯U_0 (each factor unitary),

    ‖Ũ − U‖ ≤ L · 2 sin(span/2^(b+3)) ≤ L · span/2^(b+2),

L the number of rounded levels: n with a selector, n − 1 without. The prepared state's ℓ2
error ‖ψ̃_s − ψ_s‖ = ‖(Ũ − U)|s, 0⟩‖ is within the same bound for every selector value s, and
so is any block of Ũ − U (a block-encoding's top-left block: ‖Ã − A‖₂/α). The bound holds
for any data (it is reached when every level's angle on the path carrying the amplitude is
off by δ in the same direction); the tests compare it with the exact errors of random data.
"""

from __future__ import annotations

import math


def rounded_levels(target_bits: int, selector_bits: int) -> int:
    """Levels whose angles are rounded: all n with a selector, else all but level 0."""
    return target_bits if selector_bits else max(0, target_bits - 1)


def tree_rounding_bound(target_bits: int, selector_bits: int, bits: int,
                        span: float) -> float:
    """L·2 sin(span/2^(b+3)): the worst-case ‖Ũ − U‖ of a b-bit QROM-loaded tree over
    ``target_bits`` qubits (module docstring)."""
    return rounded_levels(target_bits, selector_bits) * 2 * math.sin(span / 2 ** (bits + 3))

