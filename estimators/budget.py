"""One error budget for a model: how a precision ε and a failure probability δ are split.

Two quantities are budgeted (docs/costs.md, "Error budget"):

- **precision ε** of every read-out vector, in the readout protocol's norm (absolute on the
  unit vector, or relative to its typical entry 1/√size): the readout's own estimation error,
  fixed-point truncation (a worst-case bound from the numerics) and, for a bucket-brigade QRAM,
  the query infidelity of qdl's appendix-F noise model must add up to at most ε;
- **failure probability δ** of the whole computation, by a union bound: every readout
  coefficient of every stage (so the per-coefficient failure falls as the number of stages
  grows), every synthesised rotation (ε per rotation = δ_rot / R for R rotations executed,
  so the T per rotation grows as log R), and the hardware's logical errors and T
  distillation (the share handed to the physical estimate).

A budget that cannot be met is a :class:`BudgetError` naming the part that breaks it.
"""

from __future__ import annotations

import math
from functools import lru_cache

from qdl.circuits.cost import SYNTHESIS, RotationSynthesis
from qdl.errors import ParameterError


class BudgetError(ParameterError):
    """The error budget cannot be met; ``part`` names the share that breaks it."""

    def __init__(self, part: str, what: str, fix: str):
        super().__init__(f"error budget: {part}: {what}", fix)
        self.part = part


def failure_per_coefficient(share: float, coefficients: int) -> float:
    """Union bound: the failure probability each of ``coefficients`` estimates (a DCD
    coefficient, or one whole tomography) may have so that all together stay within
    ``share``."""
    return share / coefficients if coefficients > 0 else share


def rotation_precision(share: float, rotations: int) -> float:
    """ε per rotation so that all ``rotations`` together stay within ``share`` (union bound
    on the operator-norm error of the whole computation: ‖Ũ − U‖ ≤ Σ ε_i)."""
    return share / rotations if rotations else share


def t_per_rotation(share: float, rotations: int,
                   synthesis: RotationSynthesis = SYNTHESIS) -> tuple[float, int]:
    """(ε per rotation, T per rotation) for ``rotations`` rotations within ``share``."""
    if not rotations:
        return 0.0, 0
    eps = rotation_precision(share, rotations)
    return eps, synthesis.t_per_rotation(eps)


def truncation_bound(products: float, frac_bits: int) -> float:
    """Worst-case error of one output entry, in value units, when ``products`` products are
    each truncated toward −∞ to ``frac_bits`` fractional bits (qdl.circuits.qam.mac: each
    truncation lies in (−2^-f, 0], so the errors have one sign and add up)."""
    return products * 2.0 ** -frac_bits


#: Address widths qdl simulates exactly for the QRAM noise fit (n = 3 takes ~1.5 s).
QRAM_FIT_BITS = (1, 2, 3)


@lru_cache(maxsize=None)
def _qram_fit(gamma: float):
    from qdl.circuits.dtm.bucket_brigade import BucketBrigadeQRAM
    from qdl.estimators.qram_noise import exact_infidelity, fit_quadratic
    from qdl.passes.build import build_circuit

    values = {}
    for n in QRAM_FIT_BITS:
        block = BucketBrigadeQRAM(address_bits=n, word_bits=1, data=(1, 0) * (1 << (n - 1)))
        values[n] = exact_infidelity(build_circuit(block), n, gamma)[0]
    return values, fit_quadratic(QRAM_FIT_BITS, list(values.values()))


def qram_query_infidelity(address_bits: int, word_bits: int, gamma: float) -> float:
    """1 − F of one bucket-brigade query under amplitude damping γ per step and qubit (seed
    000 App. F; qdl.estimators.qram_noise): exact for n ≤ 3 address bits, the quadratic fit
    in n beyond, times the word's bits (each bus qubit a separate one-bit query: a union
    bound), at most 1."""
    exact, fit = _qram_fit(gamma)
    one = exact.get(max(1, address_bits)) or fit(address_bits)
    return min(1.0, max(0.0, one) * word_bits)


def check_precision(parts: dict[str, float], epsilon: float, where: str,
                    why: dict[str, str] | None = None, fixes: dict[str, str] | None = None
                    ) -> None:
    """The parts of one stage's precision must add up to at most ``epsilon``; otherwise the
    error names the largest part (the readout's own if it alone exceeds ε), with ``why`` it
    is that large and the ``fixes`` given for it."""
    total = sum(parts.values())
    if total <= epsilon * (1 + 1e-12):
        return
    part = max(parts, key=parts.get)
    shown = ", ".join(f"{k} {v:.3g}" for k, v in parts.items())
    fix = {"readout": "lower the readout's epsilon/delta or raise accuracy.epsilon",
           "fixed point": "raise frac_bits (numerics or an override) or accuracy.epsilon",
           "qram": "lower accuracy.qram_error_rate or use a qrom/select_swap QRAM",
           **(fixes or {})}
    reason = f": {why[part]}" if why and part in why else ""
    raise BudgetError(part, f"stage '{where}' needs {shown} = {total:.3g} > ε = {epsilon:.3g}"
                      f"{reason}", fix.get(part, "raise accuracy.epsilon"))


def amplification(amplitude: float) -> tuple[int, str]:
    """Calls of a circuit with success amplitude ``amplitude`` per successful run, the
    cheaper of repeat-until-success (⌈1/a²⌉ expected runs) and amplitude amplification with
    a known amplitude (Brassard, Høyer, Mosca, Tapp 2002, Thm. 2: k = ⌈π/(4θ) − ½⌉ rounds,
    θ = asin a, each round one call of U and one of U†, plus the first call: 2k + 1)."""
    if not 0 < amplitude <= 1:
        raise ParameterError(f"success amplitude must lie in (0, 1], got {amplitude!r}")
    if amplitude >= 1:
        return 1, "none (amplitude 1)"
    rus = math.ceil(1 / amplitude**2 - 1e-12)
    theta = math.asin(amplitude)
    aa = 2 * max(0, math.ceil(math.pi / (4 * theta) - 0.5)) + 1
    if rus <= aa:
        return rus, "repeat until success"
    return aa, "amplitude amplification"
