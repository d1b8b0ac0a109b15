"""Success amplitudes of a stage's circuit, and what they cost in executions.

Two parts of a stage succeed only with some amplitude, so its readout needs more calls:

- ``qdac`` (Sanders et al. 2019, Eq. (3)-(5); qdl.circuits.dtm.qdac) turns digital outputs
  y_p into amplitudes with success amplitude ‖y‖/(√N·2^b) for b-bit patterns: with entries of
  rms value σ in (b, f) fixed point, y has rms σ·2^f, so the amplitude is σ·2^(f−b);
- the attention stage's A·V by a block-encoding of A (normalisation α = ‖A‖_F)
  post-selects with probability ‖AV‖²/(α‖V‖)²; for both uniform attention (A = 11ᵀ/N,
  α = 1) and one-hot attention (α = √N) on zero-mean values it is 1/N, the default.

σ per stage comes from ``calibration:`` (default 1.0); the cheaper of repeat-until-success and
amplitude amplification (qdl.estimators.budget.amplification) multiplies the stage's
readout calls.
"""

from __future__ import annotations

import fnmatch
import math
from typing import Any

from qdl.estimators.budget import amplification
from qdl.estimators.network.spec import Calibration


def stage_rms(name: str, calibration: Calibration) -> float:
    """σ of a stage's outputs: the last ``calibration.layers`` pattern matching its name."""
    rms = calibration.rms
    for pattern, value in calibration.layers.items():
        if fnmatch.fnmatchcase(name, pattern):
            rms = value
    return rms


def qdac_amplitude(rms: float, bits: int, frac_bits: int) -> float:
    """‖y‖/(√N·2^b) for entries of rms value ``rms`` in (bits, frac_bits) fixed point."""
    return min(1.0, rms * 2.0 ** (frac_bits - bits))


def attention_success(positions: int, calibration: Calibration) -> float:
    """‖AV‖²/(α‖V‖)²: the calibration's value, else 1/N."""
    if calibration.attention_success is not None:
        return calibration.attention_success
    return 1 / max(1, positions)


def stage_success(stage, bits: int, frac_bits: int, calibration: Calibration
                  ) -> dict[str, Any] | None:
    """The stage's success amplitude, its parts and the call factor (None: always succeeds)."""
    prims = {p for p, _, _ in stage.parts}
    if "qdac" not in prims:
        return None
    rms = stage_rms(stage.name, calibration)
    parts = {"qdac": qdac_amplitude(rms, bits, frac_bits)}
    if prims & {"lcu_heads", "block_encoding"}:
        parts["A·V post-selection"] = math.sqrt(attention_success(stage.node.out.positions,
                                                                  calibration))
    amplitude = math.prod(parts.values())
    factor, method = amplification(amplitude)
    return {"amplitude": amplitude, "parts": parts, "rms": rms, "factor": factor,
            "method": method}
