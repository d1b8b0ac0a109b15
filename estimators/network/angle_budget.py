"""The QROM loaders' angle rounding as one precision part of a stage's error budget.

A stage whose state preparations read b-bit angles from a QROM (the A·V stage's ``state_prep``
method qrom and ``heads_dense`` loader qrom, qdl.estimators.network.lower_values) runs Ũ
instead of U, with ‖Ũ − U‖ ≤ e = Σ_calls m·L·2 sin(span/2^(b+3)) for any data (each call's
``rounding_bound``, qdl.circuits.qlam.angle_rounding; L its rounded tree levels, m its calls
per execution). The readout estimates the stage's normalised output state: with post-selection
amplitude a (the success part "A·V post-selection", calibration), u = ⟨0|_be U|ψ_in⟩ has
‖u‖ = a and ‖ũ − u‖ ≤ e, so ‖ũ/‖ũ‖ − u/‖u‖‖ ≤ 2e/a (‖x/‖x‖ − y/‖y‖‖ ≤ 2‖x − y‖/‖x‖);
without post-selection the output state itself is within e. That ℓ2 error on the unit vector
is charged to the stage's precision ε beside readout, fixed point and qram (in the given
units: ×√size per entry), and the budget says the least b that would fit the room left.
"""

from __future__ import annotations

from typing import Any

#: the success part whose amplitude normalises the output (qdl.estimators.network.success)
POSTSELECTION = "A·V post-selection"
#: the loaders' bits per angle are b = f + 2 (qdl.estimators.network.lower_values.angle_bits)
MAX_BITS = 30


def _bound(stage, bits: int | None) -> float:
    return sum(mult * block.rounding_bound(bits) for _, block, mult in stage.parts
               if hasattr(block, "rounding_bound"))


def _loaded_bits(stage) -> int | None:
    bits = {getattr(block, "angle_bits", None) for _, block, _ in stage.parts
            if hasattr(block, "rounding_bound") and block.rounding_bound() > 0}
    bits.discard(None)
    return max(bits) if bits else None


def rounding_part(stage, success: dict[str, Any] | None, scale: float = 1.0
                  ) -> dict[str, Any] | None:
    """The stage's angle-rounding part (None when nothing is QROM-loaded): ``value`` in the
    precision's units (``scale`` = √size per entry, else 1), the operator bound ``e``, the
    amplitude ``a`` it is normalised by, and the angle ``bits``."""
    bits = _loaded_bits(stage)
    if bits is None:
        return None
    e = _bound(stage, None)
    a = (success or {}).get("parts", {}).get(POSTSELECTION)
    factor = 2 / a if a else 1.0
    return {"value": min(2.0, factor * e) * scale, "e": e, "a": a, "bits": bits,
            "factor": factor, "scale": scale}


def least_bits(stage, part: dict[str, Any], room: float) -> int | None:
    """The least b ≤ 30 whose part fits ``room`` (None: none does)."""
    for b in range(2, MAX_BITS + 1):
        if min(2.0, part["factor"] * _bound(stage, b)) * part["scale"] <= room:
            return b
    return None
