"""Success amplitudes of a stage's circuit, and what they cost in executions.

Two parts of a stage succeed only with some amplitude, so its readout needs more calls:

- ``qdac`` (Sanders et al. 2019, Eq. (3)-(5); qdl.circuits.dtm.qdac) on the stage's
  w-bit converted register (signed: amplitude Y/2^(w−1)) over an index of a qubits turns the
  integer outputs Y_e of n elements into Σ_e Y_e|e⟩/(√(2^a)·2^(w−1)): success amplitude
  ‖Y‖/(√(2^a)·2^(w−1)). With entries of rms σ in value units, Y = σ·2^f in rms, so

      a_qdac = σ · 2^(f − w + 1) · √(n / 2^a);

  w is the width the circuit converts: b for every stage, since a sum of L products
  accumulated with guard bits (b + ⌈log2 L⌉, qdl.estimators.network.stage.acc_width) is
  converted through its copy saturated to b bits (qdl.circuits.qam.saturation); the
  amplitude then is ‖sat_b(Y)‖/(…), equal to the formula while no entry saturates;
- the attention stage's A·V by the block-encoding of ⊕_h A_h, head h's matrix on head h's
  columns V_h (normalisation α = max_h ‖A_h‖_F, qdl.circuits.qlam.head_dense) post-selects
  with probability Σ_h ‖A_h V_h‖²/(α‖V‖)²; for both uniform attention (A = 11ᵀ/N, α = 1)
  and one-hot attention (α = √N) on zero-mean values it is 1/N, the default.

σ per stage, and the A·V post-selection, come from the calibration input (``calibration:``):
``source: rms`` takes σ from ``rms`` / ``layers`` (default 1.0); ``source: forward`` measures
σ of every stage's outputs, and ‖A·V‖²/(α‖V‖)², on the float64 forward pass of a seeded
input through seeded weights of variance 1/fan-in
(qdl.estimators.network.calibration.float_calibration). The cheaper of repeat-until-success
and amplitude amplification (qdl.estimators.budget.amplification) multiplies the stage's
readout calls.
"""

from __future__ import annotations

import fnmatch
import math
from typing import Any

from qdl.estimators.budget import amplification
from qdl.estimators.network.spec import Calibration


#: block-encodings whose stage post-selects their ancillas (the A·V stage)
_POSTSELECTED = {"heads_dense", "lcu_heads", "block_encoding"}


def stage_rms(name: str, calibration: Calibration, measured: dict[str, float] | None = None
              ) -> float:
    """σ of a stage's outputs: measured on the forward pass when given (and a value exists for
    the stage), else the last ``calibration.layers`` pattern matching its name, else ``rms``."""
    if measured and measured.get(name):
        return measured[name]
    rms = calibration.rms
    for pattern, value in calibration.layers.items():
        if fnmatch.fnmatchcase(name, pattern):
            rms = value
    return rms


def qdac_amplitude(rms: float, frac_bits: int, width: int, elements: int,
                   index_bits: int, signed: bool = True) -> float:
    """σ·2^(f − k)·√(n/2^a), k = w − 1 (signed) or w: ‖Y‖/(√(2^a)·2^k) for n entries of rms
    value σ in f fractional bits, converted from a w-bit register over an a-qubit index."""
    k = width - 1 if signed else width
    fill = math.sqrt(max(1, elements) / 2.0 ** index_bits) if index_bits else 1.0
    return min(1.0, rms * 2.0 ** (frac_bits - k) * fill)


def attention_success(positions: int, calibration: Calibration,
                      measured: float | None = None) -> float:
    """‖AV‖²/(α‖V‖)²: measured on the forward pass, else the calibration's value, else 1/N."""
    if measured is not None:
        return measured
    if calibration.attention_success is not None:
        return calibration.attention_success
    return 1 / max(1, positions)


def stage_success(stage, frac_bits: int, calibration: Calibration,
                  measured: dict[str, float] | None = None) -> dict[str, Any] | None:
    """The stage's success amplitude, its parts and the call factor (None: always succeeds).
    ``measured``: per stage name, σ of its outputs (and, for an A·V stage, its
    post-selection probability) from the calibration forward pass."""
    prims = {p for p, _, _ in stage.parts}
    # the attention value stage has no qdac (its block-encoding outputs amplitudes) but
    # still post-selects
    if "qdac" not in prims and not prims & _POSTSELECTED:
        return None
    rms = stage_rms(stage.name, calibration, measured)
    parts = {}
    if "qdac" in prims:
        block = stage.block
        parts["qdac"] = qdac_amplitude(rms, frac_bits, block.converted_width,
                                       stage.readout_size or 1, block.index_bits, block.signed)
    if prims & _POSTSELECTED:
        post = (measured or {}).get(stage.name + "#postselection")
        parts["A·V post-selection"] = math.sqrt(attention_success(stage.node.out.positions,
                                                                  calibration, post))
    amplitude = math.prod(parts.values())
    factor, method = amplification(amplitude)
    out = {"amplitude": amplitude, "parts": parts, "factor": factor, "method": method}
    if "qdac" in prims:
        out["rms"] = rms
        out["qdac_bits"] = stage.block.converted_width
    return out
