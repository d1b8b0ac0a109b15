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

The lowering reads b = f + 2 (qdl.estimators.network.lower_values.angle_bits) before the
budget exists. Where that b does not fit the room left (ε − readout − fixed point − qram;
e.g. per-entry precision, ×√size), :func:`with_bits` re-costs the stage with the least b that
does (the construction the lowering chose, its blocks at the new b), as the estimates'
failure is set after lowering (qdl.estimators.network.estimates.at_failure); a b that fits
is kept (a smaller one would save T: the report gives the least).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

#: the success part whose amplitude normalises the output (qdl.estimators.network.success)
POSTSELECTION = "A·V post-selection"
#: the most bits per angle the budget may ask for (the lowering reads b = min(30, f + 2);
#: a per-entry budget at 16k tokens needs ~35: 2/a ~ 256 and √size ~ 3,550 on the bound)
MAX_BITS = 40


def _bound(stage, bits: int | None) -> float:
    return sum(mult * block.rounding_bound(bits) for _, block, mult in stage.parts
               if hasattr(block, "rounding_bound"))


def _loaded_bits(stage) -> int | None:
    bits = {getattr(block, "angle_bits", None) for _, block, _ in stage.parts
            if _loaded(block)}
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
    """The least b ≤ :data:`MAX_BITS` whose part fits ``room`` (None: none does)."""
    for b in range(2, MAX_BITS + 1):
        if min(2.0, part["factor"] * _bound(stage, b)) * part["scale"] <= room:
            return b
    return None


def with_bits(cs, bits: int):
    """The compiled stage with every QROM-loaded block at ``bits`` bits per angle, re-costed
    (repetitions and readout unchanged: they do not depend on b)."""
    st = cs.stage
    calls = tuple((replace(block, angle_bits=bits) if _loaded(block) else block, wiring)
                  for block, wiring in st.block.calls)
    block = replace(st.block, calls=calls)
    notes = {**st.notes, "angle_bits": bits}
    return replace(cs, stage=replace(st, block=block, notes=notes), cost=_cost(block))


def _loaded(block) -> bool:
    return hasattr(block, "rounding_bound") and block.rounding_bound() > 0


@lru_cache(maxsize=64)  # the identical layers of a transformer ask for the same block
def _cost(block):
    return block.cost()
