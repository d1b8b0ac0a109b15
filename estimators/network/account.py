"""The budgeted network: readouts at the budget's precision and failure, success factors in the
repetitions, every rotation synthesised at the precision its count allows.

:func:`account` takes a compiled network (one execution per stage, counted at the blocks'
nominal rotation precision) and ``accuracy:`` / ``calibration:`` of its spec, and gives per
stage: the readout (precision in the protocol's units, failure per coefficient from the
union bound over every coefficient and every QLAM estimate of every stage:
qdl.estimators.network.estimates), the success factor (qdl.estimators.network.success, σ given
or measured on the float forward pass), repetitions = readout calls × success factor, the
precision parts (readout, fixed-point truncation, QRAM noise, the QROM loaders' angle
rounding: qdl.estimators.network.angle_budget) checked against ε, and the cost
with every rotation priced at T(ε_rot), ε_rot = δ_rot / R for the R rotations the whole run
executes (qdl.estimators.budget); then the bound on how the stages' errors reach the output
(qdl.estimators.network.propagation). Errors carry the YAML path of ``accuracy:``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from qdl.circuits.cost import SYNTHESIS, Cost
from qdl.estimators import budget as B
from qdl.estimators.network.angle_budget import (MAX_BITS, least_bits, rounding_part,
                                                 with_bits)
from qdl.estimators.network.compile import (
    CompiledNetwork, CompiledStage, LocatedError, readout_repetitions, setting_for)
from qdl.estimators.network.estimates import at_failure, estimates_of
from qdl.estimators.network.modules import request_of
from qdl.estimators.network.propagation import propagation
from qdl.estimators.network.success import stage_rms, stage_success

#: Parts whose arithmetic truncates each product (or result) to frac_bits.
_TRUNCATING = ("mac", "exp", "reciprocal")


@dataclass
class AccountedStage:
    compiled: CompiledStage
    cost: Cost
    repetitions: int
    readout: dict[str, Any] | None = None
    success: dict[str, Any] | None = None
    precision: dict[str, float] = field(default_factory=dict)
    epsilon: float | None = None
    #: a QLAM estimation stage: its estimates, their failure and protocol runs
    estimate: dict[str, Any] | None = None
    #: QROM-loaded angles: their rounding part (qdl.estimators.network.angle_budget)
    rounding: dict[str, Any] | None = None

    @property
    def name(self) -> str:
        return self.compiled.stage.name

    @property
    def total(self) -> Cost:
        return self.cost * self.repetitions


@dataclass
class Accounting:
    stages: list[AccountedStage]
    mode: str
    failure: dict[str, float]
    coefficients: int
    failure_per_coefficient: float
    rotations: int
    eps_rotation: float
    t_per_rotation: int
    qram_error_rate: float | None
    #: of ``coefficients``: the QLAM estimates (global pooling, weight gradients)
    estimates: int = 0
    #: where σ came from: "rms" (the calibration block) or "forward" (measured)
    calibration_source: str = "rms"
    #: the inter-layer error propagation bound (qdl.estimators.network.propagation)
    propagation: dict[str, Any] = field(default_factory=dict)
    #: budgets not met (only with accuracy.enforce false; otherwise they are errors)
    violations: list[str] = field(default_factory=list)

    @property
    def totals(self) -> Cost:
        from qdl.estimators.totals import sequential_total

        return sequential_total((s.cost, s.repetitions) for s in self.stages)


def products_per_entry(stage) -> int:
    """Truncated products behind one output entry: a dot's length, the MACs per feature
    (errors passed through a later product assume weights of magnitude ≤ 1)."""
    features = max(1, stage.node.out.features)
    total = 0
    for prim, block, mult in stage.parts:
        params = (request_of(block) or (prim, {}))[1]
        if prim == "dot":
            total += int(params.get("length", 1))
        elif prim in _TRUNCATING:
            total += -(-mult // features)
    return total


def _readout_units(readout, size: int, mode: str) -> tuple[float, float]:
    """(the readout's precision as given, the precision the protocol is run at)."""
    given = readout.precision
    return given, given / math.sqrt(size) if mode == "per_entry" else given


def _qram_per_call(stage, gamma: float) -> float:
    """Σ over the stage's bucket-brigade queries of 1 − F (App. F model)."""
    total = 0.0
    for prim, block, mult in stage.parts:
        if prim == "bucket_brigade":
            params = (request_of(block) or (prim, {}))[1]
            total += mult * B.qram_query_infidelity(int(params.get("address_bits", 1)),
                                                    int(params.get("word_bits", 1)), gamma)
    return total


def account(net: CompiledNetwork) -> Accounting:
    try:
        return _account(net)
    except B.BudgetError as exc:
        # the line of what to change: the numerics for truncation, the readout for its own
        # precision, the QRAM model for its noise, else the accuracy block
        at = {"fixed point": ("network", "numerics"), "readout": ("network", "readout"),
              "angle rounding": ("network", "numerics"),
              "qram": ("network", "qram")}.get(exc.part, ("network", "accuracy"))
        raise LocatedError(exc, at) from None


def _account(net: CompiledNetwork) -> Accounting:
    spec, acc = net.spec, net.spec.accuracy
    delta = {"readout": acc.failure * acc.failure_split.readout,
             "rotations": acc.failure * acc.failure_split.rotations,
             "hardware": acc.failure * acc.failure_split.hardware}
    cal = spec.calibration
    measured = params = None
    if cal.source == "forward":
        from qdl.estimators.network.calibration import float_calibration

        measured, params = float_calibration(net, cal.seed)
    settings, coefficients, estimates = {}, 0, 0
    for cs in net.stages:
        st = cs.stage
        estimates += estimates_of(cs)
        if st.classical or st.readout_size is None:
            continue
        settings[st.name] = s = setting_for(st.name, spec)
        # DCD: r coefficient estimates; a tomography: one estimate of the whole vector
        coefficients += min(s.readout.rank, max(2, st.readout_size)) \
            if s.readout.protocol == "dcd" else 1
    coefficients += estimates
    per_coef = B.failure_per_coefficient(delta["readout"], coefficients)
    stages: list[AccountedStage] = []
    violations: list[str] = []
    for cs in net.stages:
        st = cs.stage
        if estimates_of(cs):
            new, shown = at_failure(cs, per_coef)
            stages.append(AccountedStage(new, new.cost, new.repetitions, estimate=shown))
            continue
        if st.name not in settings:
            stages.append(AccountedStage(cs, cs.cost, cs.repetitions))
            continue
        stages.append(_readout_stage(cs, settings[st.name], per_coef, acc, cal, measured,
                                     violations))
    rotations = sum(s.cost.rotations * s.repetitions for s in stages)
    eps_rot, t_rot = B.t_per_rotation(delta["rotations"], rotations, SYNTHESIS)
    for s in stages:
        s.cost = s.cost.priced(t_rot)
    spread = propagation(net, stages, acc.precision,
                         lambda name: stage_rms(name, cal, measured), params)
    return Accounting(stages, acc.precision, delta, coefficients, per_coef, rotations,
                      eps_rot, t_rot,
                      acc.qram_error_rate if any(s.qram == "bucket_brigade"
                                                 for s in settings.values()) else None,
                      estimates, cal.source, spread, violations)


def _readout_stage(cs: CompiledStage, s, per_coef: float, acc, calibration, measured,
                   violations: list[str]) -> AccountedStage:
    st = cs.stage
    size = max(2, st.readout_size)
    given, run_at = _readout_units(s.readout, size, acc.precision)
    dcd = s.readout.protocol == "dcd"
    update = {"epsilon" if dcd else "delta": run_at, **({"failure": per_coef} if dcd else {})}
    queries, info = readout_repetitions(s.readout.model_copy(update=update), size,
                                        None if dcd else per_coef)
    info["precision_given"] = given
    success = stage_success(st, s.frac_bits, calibration, measured)
    factor = success["factor"] if success else 1
    # precision parts, in the units of the given precision (absolute, or per typical entry)
    linf = s.readout.protocol == "tomography_linf"
    rms = stage_rms(st.name, calibration, measured)
    scale = math.sqrt(size) if acc.precision == "per_entry" else 1.0
    products = products_per_entry(st)
    fx_scale = 1 / rms / (math.sqrt(size) if linf and acc.precision == "absolute" else 1)
    fx = B.truncation_bound(products, s.frac_bits) * fx_scale
    parts = {"readout": given, "fixed point": fx}
    if s.qram == "bucket_brigade":
        # calls per coherent run: one AE run of 2M − 1 calls (dcd) or one sample
        m = info["constants"].get("M")
        calls = factor * (2 * int(m) - 1 if m else 1)
        qram = calls * _qram_per_call(st, acc.qram_error_rate) * scale
        parts["qram"] = min(1.0, qram)
    epsilon = acc.epsilon if acc.epsilon is not None else given / acc.readout_share
    why = {"fixed point": f"{products} truncated products per entry × 2^-{s.frac_bits} / "
                          f"activation rms {rms:g}"}
    fixes: dict[str, str] = {}
    rounding = rounding_part(st, success, scale)
    if rounding:
        room = epsilon - sum(parts.values())
        least = least_bits(st, rounding, room)
        if least and least > rounding["bits"]:  # b = f + 2 does not fit: the least b that does
            cs = with_bits(cs, least)
            st = cs.stage
            rounding = {**rounding_part(st, success, scale), "raised_from": rounding["bits"]}
        rounding["least_bits"] = least
        parts["angle rounding"] = rounding["value"]
        why["angle rounding"] = (f"{rounding['bits']}-bit QROM-loaded angles: ‖Ũ − U‖ ≤ "
                                 f"{rounding['e']:.3g}"
                                 + (f", × 2/a = {rounding['factor']:.3g}" if rounding["a"]
                                    else ""))
        if not least:
            fixes["angle rounding"] = ("raise accuracy.epsilon (no angle register up to "
                                       f"{MAX_BITS} bits fits), or use the rotation trees "
                                       "(optimize_for: qubits)")
    if "qram" in parts:
        why["qram"] = (f"{calls:,} coherent calls per run × 1 − F of the stage's queries at "
                       f"γ = {acc.qram_error_rate:g}")
        room = epsilon - parts["readout"] - parts["fixed point"]
        if room > 0:  # 1 − F is linear in γ at small γ: scale γ to the room left
            fixes["qram"] = (f"accuracy.qram_error_rate ≤ {acc.qram_error_rate * room / qram:.1g}"
                             ", or a qrom/select_swap QRAM")
    room = epsilon - sum(v for k, v in parts.items() if k != "fixed point")
    if products and room > 0:  # the frac_bits that bring P·2^-f/σ within the room left
        need = math.ceil(math.log2(products * fx_scale / room))
        fixes["fixed point"] = (f"frac_bits ≥ {need} (and bits ≥ {need + s.bits - s.frac_bits} "
                                "for the same range), or a larger accuracy.epsilon")
    try:
        B.check_precision(parts, epsilon, st.name, why, fixes)
    except B.BudgetError as exc:
        if acc.enforce:
            raise
        violations.append(exc.what)
    return AccountedStage(cs, cs.cost, queries * factor, info, success, parts, epsilon,
                          rounding=rounding)
