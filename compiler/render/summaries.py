"""Key results in words, written before a section's tables ("quantum never wins for
T ≤ 10⁴; break-even at 2·10³¹ flop/step"). One function per section a kind writes today;
any section may also carry its own ``summary`` sentence, and a section without either is
shown by its tables alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qdl.compiler.render.numbers import count, duration, number, sci


def headline(report: dict[str, Any]) -> list[str]:
    """The model's totals in one sentence (total_t when the report has it)."""
    totals = report.get("totals") or {}
    if not report.get("layers") or not totals:
        return []
    from qdl.compiler.render.document import headline_fields

    t_key, depth_key, _ = headline_fields(totals)
    label = "total T (T-count + rotation T)" if t_key == "total_t" else "T-count"
    text = (f"{label} {_big(totals[t_key])} on {number(totals['qubits'])} logical qubits, "
            f"T-depth {_big(totals[depth_key])}")
    if t_key == "t_count" and totals.get("rotations"):
        text += (f"; plus {number(totals['rotations'])} rotations "
                 f"({_big(totals.get('rotation_t', 0))} T to synthesise)")
    return [text[0].upper() + text[1:] + "."]


def _big(value: int) -> str:
    return f"{value:,}" if abs(value) < 10**7 else count(value)


def _physical(sec: dict) -> list[str]:
    if "physical_qubits" not in sec:
        return []
    return [f"{count(sec['physical_qubits'])} physical qubits for "
            f"{duration(sec['runtime_seconds'])} on {sec.get('profile', '?')} "
            f"({sec.get('qec', 'surface_code').replace('_', ' ')}, code distance "
            f"{sec.get('code_distance', '?')}, {sec.get('t_factories', 0)} T factories, "
            f"error budget {number(sec.get('error_budget', 0))})."]


def _frontier(points: list) -> list[str]:
    if not points:
        return []
    fast, small = points[0], points[-1]
    return [f"{len(points)} non-dominated points: from {count(fast['physical_qubits'])} "
            f"physical qubits for {duration(fast['runtime_seconds'])} (fastest) to "
            f"{count(small['physical_qubits'])} for {duration(small['runtime_seconds'])} "
            "(fewest qubits)."]


def _training(sec: dict) -> list[str]:
    verdict = sec.get("verdict") or {}
    out = []
    sweep = verdict.get("sweep") or []
    if verdict:
        t_max = max((row["T"] for row in sweep), default=None)
        if verdict.get("quantum_wins"):
            wins = verdict.get("quantum_wins_for_T") or []
            out.append(f"Quantum wins for {len(wins)} of {len(sweep)} segment lengths T "
                       f"(from T = {number(min(wins))})." if wins else "Quantum wins.")
        else:
            out.append("Quantum never wins" + (f" for T ≤ {number(t_max)}" if t_max else "")
                       + (f"; break-even at {sci(verdict['break_even_classical_flops_per_step'])}"
                          " classical flop/step" if verdict.get(
                              "break_even_classical_flops_per_step") else "") + ".")
    if "quantum" in sec and "classical" in sec:
        out.append(f"At the model's T: quantum {duration(sec['quantum']['seconds'])}, "
                   f"classical {duration(sec['classical']['seconds'])}.")
    return out


def _network(sec: dict) -> list[str]:
    out = []
    if sec.get("dominant_layer"):
        out.append(f"Dominant layer {sec['dominant_layer']} "
                   f"({sec.get('dominant_layer_share', 0):.0%} of the T-count); "
                   f"dominant factor {sec.get('dominant_factor', '?')}.")
    if sec.get("readout_multiplier"):
        out.append(f"Readout repeats each layer {count(sec['readout_multiplier'])} times "
                   "on average (T-count weighted).")
    return out


def _sweep(sec: dict) -> list[str]:
    parts = [f"{label} grows as {sec.get('x', sec.get('parameter', 'x'))}^{sec[key]:.2f}"
             for key, label in (("t_count_exponent", "T-count"), ("t_depth_exponent", "T-depth"),
                                ("total_t_exponent", "total T"))
             if isinstance(sec.get(key), (int, float))]
    return ["; ".join(parts) + " (least-squares fit on log–log axes)."] if parts else []


def _qram_noise(sec: dict) -> list[str]:
    fits = sec.get("quadratic_fit") or {}
    out = [f"Infidelity at damping rate γ = {gamma}: {fit['formula']} (n = address bits)."
           for gamma, fit in fits.items() if isinstance(fit, dict) and "formula" in fit]
    lost = [e for e in sec.get("extrapolation") or [] if e.get("infidelity", 0) >= 1]
    if lost:
        first = min(lost, key=lambda e: (e["damping_rate"], e["address_bits"]))
        out.append(f"The query is lost (infidelity 1) from n = {first['address_bits']} at "
                   f"γ = {first['damping_rate']}.")
    return out


def _natural_qnn(sec: dict) -> list[str]:
    out = []
    tr = sec.get("training") or {}
    if "test_error" in tr:
        out.append(f"Test error {tr['test_error']:.1%} (vote error {tr.get('vote_error', 0):.1%}) "
                   f"after training on {sec.get('data', {}).get('train', '?')} samples.")
    lim = sec.get("classical_limit") or {}
    if "exact" in lim:
        out.append("The classical limit reproduces the binarized network exactly on "
                   f"{number(lim['inputs'])} inputs." if lim["exact"] else
                   f"The classical limit differs on {lim['mismatched_inputs']} inputs.")
    for name, sweep in (sec.get("sweeps") or {}).items():
        best = (sweep.get("summary") or {}).get("min_error")
        if best:
            out.append(f"Sweep over {name}: lowest error {best['value']:.1%} ± "
                       f"{best['stderr']:.1%} at {name} = {number(best[name])}.")
    return out


def _optimization(sec: dict) -> list[str]:
    before, after = sec.get("before") or {}, sec.get("after") or {}
    if "t_count" not in before:
        return []
    return [f"Level {sec.get('level')}: T-count {number(before['t_count'])} → "
            f"{number(after['t_count'])}, T-depth {number(before.get('t_depth', 0))} → "
            f"{number(after.get('t_depth', 0))}, qubits {number(before.get('qubits', 0))} → "
            f"{number(after.get('qubits', 0))}."]


def _simulation(sec: dict) -> list[str]:
    if "success_probability" not in sec:
        return []
    plural = "" if sec["shots"] == 1 else "s"
    return [f"{number(sec['shots'])} shot{plural} on {sec.get('method', 'Aer')}, noise "
            f"{sec.get('noise', 'none')}: the expected output ({sec.get('expected')}) in "
            f"{sec['success_probability']:.1%} of them."]


#: string keys a section may carry to say its result in words (printed first, and not again in
#: the section's table)
SENTENCE_KEYS = ("summary", "verdict")

SECTIONS: dict[str, Callable[[Any], list[str]]] = {
    "physical": _physical, "physical_frontier": _frontier, "training": _training,
    "network": _network, "sweep": _sweep, "qram_noise": _qram_noise,
    "natural_qnn": _natural_qnn, "optimization": _optimization, "simulation": _simulation,
}
#: per section, keys whose content the human formats leave out because another part of the
#: same section shows it (qram_noise's pre-printed ``table`` repeats its ``points``)
HIDDEN = {"qram_noise": {"table"}, "simulation": {"counts"}}


def section(key: str, value: Any) -> list[str]:
    out = []
    for key_ in SENTENCE_KEYS:  # a section's own words come first
        if isinstance(value, dict) and isinstance(value.get(key_), str):
            text = value[key_]
            out.append(text[0].upper() + text[1:] + ("" if text.endswith(".") else "."))
    fn = SECTIONS.get(key)
    if fn is not None and isinstance(value, (dict, list)):
        try:
            out += fn(value)
        except (KeyError, TypeError, ValueError):
            pass  # a section whose shape changed: its tables still show every number
    return out


def verification(results: list[dict], kind: str = "") -> list[str]:
    passed = sum(1 for r in results if r.get("passed"))
    cases = sum(r.get("cases", 0) for r in results)
    if not results:
        return ["Nothing to verify: this model has no circuit that --verify runs on Aer."]
    out = ([f"All {len(results)} checks passed ({number(cases)} cases on Aer)."]
           if passed == len(results) else
           [f"{len(results) - passed} of {len(results)} checks FAILED."])
    if kind == "network":
        out.append("Each primitive the network uses was built and run at the reduced size in "
                   "its params column (the network's own sizes are counted, never simulated); "
                   "the block-level checks ran end to end at the sizes they name.")
    return out
