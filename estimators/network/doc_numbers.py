"""The measured numbers docs/network.md and docs/costs.md quote, generated from the code.

A doc quotes them only inside marked blocks,

    <!-- generated: NAME (python benchmarks/network_budget.py --write-docs) -->
    ...
    <!-- end: NAME -->

which ``python benchmarks/network_budget.py --write-docs`` rewrites from what the current code
computes for examples/qresnet18.yaml and examples/qvit_b16.yaml (compile, budget, classical
baseline; the sweeps to 4096² pixels and 16,385 tokens), so a change to the lowering is one
command away from correct docs; tests/docs/test_generated_numbers.py fails when a block
differs from its regeneration. Blocks:

- ``network-numbers`` (docs/network.md): headline, budget split and verdict at the example sizes;
- ``network-sweep`` (docs/network.md): both sweeps, per entry and absolute, and their verdicts;
- ``costs-budget`` (docs/costs.md): the failure split, ε and T per rotation, success factors.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

EXAMPLES = {"qResNet-18": "examples/qresnet18.yaml", "qViT-B/16": "examples/qvit_b16.yaml"}
SWEEPS = {"qResNet-18": "height=224,512,1024,2048,4096",
          "qViT-B/16": "height=384,512,1024,2048"}
COMMAND = "python benchmarks/network_budget.py --write-docs"
_SUP = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def sci(x: float, digits: int = 3) -> str:
    """2.08·10²¹ (``digits`` significant); plain below 10⁴ (integers with commas)."""
    if x is None:
        return "–"
    if x == 0:
        return "0"
    if 1e-2 <= abs(x) < 1e4:
        return f"{x:,}" if float(x).is_integer() else f"{x:.{digits}g}"
    mant, exp = f"{x:.{digits - 1}e}".split("e")
    return f"{mant}·10{str(int(exp)).translate(_SUP)}"


@lru_cache(maxsize=None)
def _load(root: str, path: str):
    """(spec, compiled network, accounting) of an example."""
    import yaml

    from qdl.estimators.network import spec as S
    from qdl.estimators.network.account import account
    from qdl.estimators.network.compile import compile_network

    with open(Path(root) / path) as fh:
        spec = S.NetworkSpec.model_validate(yaml.safe_load(fh)["network"])
    net = compile_network(spec)
    return spec, net, account(net)


def _facts(root: str, path: str) -> dict[str, Any]:
    """The numbers of one example at its size (plain values, rendered by the blocks)."""
    from qdl.estimators.network.classical import classical_section
    from qdl.estimators.network.summary import network_section
    from qdl.estimators.network.sweep import stage_group
    from qdl.estimators.network.truncation import applies

    spec, net, acc = _load(root, path)
    total, base = acc.totals, spec.baseline
    section = network_section(net, acc)
    timing = classical_section(net, acc, base.flops_per_second, base.profile)
    factors: dict[str, list[int]] = {}
    readout = fixed = rounding = None
    for s in acc.stages:
        if s.success:
            factors.setdefault(stage_group(s.compiled.stage), []).append(s.success["factor"])
        if s.readout and s.readout.get("protocol") == "dcd" and readout is None:
            readout = s.readout["constants"]
        if s.precision.get("fixed point") is not None:
            fixed = max(fixed or (0.0, ""), (s.precision["fixed point"], s.name))
        if s.rounding:
            rounding = max(rounding or (0.0,), (s.rounding["value"], s.rounding["bits"],
                                                s.rounding["least_bits"]))
    prop = acc.propagation
    return {"total_t": total.total_t, "rotation_t": total.rotation_t,
            "rotations": acc.rotations, "t_rot": acc.t_per_rotation,
            "eps_rot": acc.eps_rotation, "t_depth": total.total_t_depth,
            "qubits": total.qubits, "per_coef": acc.failure_per_coefficient,
            "coefficients": acc.coefficients, "estimates": acc.estimates,
            "failure": acc.failure, "delta": spec.accuracy.failure,
            "dcd": readout, "factors": factors, "fixed": fixed, "rounding": rounding,
            "dominant": (section["dominant_layer"], section["dominant_layer_share"]),
            "relative_error": prop["relative_output_error"],
            "amplification": prop["amplification"], "not_lipschitz": prop["not_lipschitz"],
            "truncation": _truncation(applies(net)),
            "classical": timing, "numerics": (spec.numerics.bits, spec.numerics.frac_bits),
            "input": net.nodes[0].inp, "calibration": spec.calibration}


def _truncation(why: str | None) -> str:
    """The report's reason the comparison did not run, shortened to its first clause."""
    return ("compared with the measured drift (the report's table)" if why is None
            else "bound only: " + why.split(":")[0])


def _range(values: list[int]) -> str:
    lo, hi = min(values), max(values)
    return sci(lo) if lo == hi else f"{sci(lo)}–{sci(hi)}"


def _factors(f: dict[str, list[int]]) -> str:
    return "; ".join(f"{name} {_range(v)}" for name, v in sorted(
        f.items(), key=lambda kv: -max(kv[1])))


def _table(rows: list[list[str]], head: list[str]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def headline(root: str) -> str:
    facts = {name: _facts(root, path) for name, path in EXAMPLES.items()}
    rows = []

    def row(label: str, fn: Callable[[dict], str]) -> None:
        rows.append([label] + [fn(f) for f in facts.values()])

    row("input, numerics", lambda f: f"{f['input'].positions:,} positions, "
                                     f"({f['numerics'][0]}, {f['numerics'][1]})")
    row("total T (rotations included)", lambda f: sci(f["total_t"]))
    row("of which rotation T", lambda f: f"{sci(f['rotation_t'])} (R = {sci(f['rotations'])} "
                                         f"at {f['t_rot']} T)")
    row("total T-depth (rotation layers included)", lambda f: sci(f["t_depth"]))
    row("logical qubits (widest stage)", lambda f: f"{f['qubits']:,}")
    row("failure per estimate (union bound)", lambda f: f"{sci(f['per_coef'])} "
        f"({f['coefficients']:,} estimates, {f['estimates']:,} of them QLAM)")
    row("DCD per stage: M, K", lambda f: f"{f['dcd']['M']:,}, {f['dcd']['K']}"
        if f["dcd"] else "–")
    row("calls per success, by stage type", lambda f: _factors(f["factors"]))
    row("dominant stage (share of total T)", lambda f: f"{f['dominant'][0]} "
                                                      f"({100 * f['dominant'][1]:.1f} %)")
    row("fixed-point bound, worst stage", lambda f: f"{sci(f['fixed'][0])} ({f['fixed'][1]})")
    row("QROM angle rounding, worst stage (b; least b that fits)",
        lambda f: f"{sci(f['rounding'][0])} (b = {f['rounding'][1]}; {f['rounding'][2]})"
        if f["rounding"] else "– (nothing QROM-loaded)")
    row("error propagation (relative output error, worst case)",
        lambda f: "unbounded (attention)" if f["not_lipschitz"] else sci(f["relative_error"]))
    row("truncation against measured drift", lambda f: f["truncation"])
    row("classical FLOPs / hybrid loop FLOPs",
        lambda f: f"{sci(f['classical']['classical_flops'])} / "
                  f"{sci(f['classical']['hybrid_flops'])}")
    row("quantum / classical time", lambda f: f"{sci(f['classical']['quantum_seconds'])} s / "
                                              f"{sci(f['classical']['classical_seconds'])} s")
    row("verdict at this size", lambda f: f["classical"]["verdict"])
    cal = next(iter(facts.values()))["calibration"]
    note = (f"DCD r = 20, ε = 0.01, δ = 0.01, `calibration: {{rms: {cal.rms:g}}}` (σ given); "
            "every sum of products converted through its copy saturated to b bits")
    return note + ":\n\n" + _table(rows, [""] + list(facts))


def budget(root: str) -> str:
    facts = {name: _facts(root, path) for name, path in EXAMPLES.items()}
    rows = []
    for name, f in facts.items():
        share = f["failure"]
        rows.append([name, f"{sci(f['delta'])}: readout {sci(share['readout'])} / rotations "
                     f"{sci(share['rotations'])} / hardware {sci(share['hardware'])}",
                     f"{f['coefficients']:,} → {sci(f['per_coef'])} each",
                     f"R = {sci(f['rotations'])}, ε = {sci(f['eps_rot'])} → {f['t_rot']} T",
                     _factors(f["factors"])])
    return _table(rows, ["model", "failure δ split", "estimates (union bound)",
                         "rotations", "calls per success, by stage type"])


def sweep(root: str) -> str:
    from qdl.estimators.network.sweep import sweep_section

    out = []
    for name, path in EXAMPLES.items():
        spec, _, _ = _load(root, path)
        sec = sweep_section(spec, SWEEPS[name])
        head = ["N", f"total T ({sec['precision_mode']})", f"total T ({sec['other_mode']})",
                "total T-depth", "T/rotation", "classical FLOPs", "quantum s", "classical s"]
        rows = [[f"{r[1]:,}", sci(r[3]), sci(r[9]), sci(r[4]), str(r[7]), sci(r[10]),
                 sci(r[11]), sci(r[12])] for r in sec["tables"][0]["rows"]]
        groups = sec["tables"][1]["rows"][:3]
        kinds = "; ".join(f"{g[0]} N^{g[4]:.2f} with repetitions" for g in groups
                          if g[4] is not None)
        out.append(f"**{name}** (`--sweep {SWEEPS[name]}`): total T ∝ "
                   f"N^{sec['total_t_exponent']:.3f} ({sec['precision_mode']}), "
                   f"N^{sec['other_mode_total_t_exponent']:.3f} ({sec['other_mode']}); "
                   f"classical FLOPs N^{sec['classical_flops_exponent']:.2f}; largest stage "
                   f"types: {kinds}. Verdict: {sec['verdict']}.\n\n" + _table(rows, head))
    return "\n\n".join(out)


BLOCKS: dict[str, tuple[str, Callable[[str], str]]] = {
    "network-numbers": ("docs/network.md", headline),
    "network-sweep": ("docs/network.md", sweep),
    "costs-budget": ("docs/costs.md", budget),
}


def _pattern(name: str) -> re.Pattern:
    return re.compile(rf"(<!-- generated: {re.escape(name)} [^\n]*-->\n)(.*?)(<!-- end: "
                      rf"{re.escape(name)} -->)", re.S)


def current(root: str, name: str) -> str:
    """The text inside a doc's marked block (ValueError when the markers are missing)."""
    path, _ = BLOCKS[name]
    found = _pattern(name).search((Path(root) / path).read_text())
    if not found:
        raise ValueError(f"{path} has no block '<!-- generated: {name} ... -->'")
    return found.group(2)


def render(root: str, name: str) -> str:
    return BLOCKS[name][1](root).rstrip() + "\n"


def stale(root: str, names=None) -> list[str]:
    """The blocks whose text differs from their regeneration."""
    return [n for n in (names or BLOCKS) if current(root, n) != render(root, n)]


def write(root: str, names=None) -> list[str]:
    """Rewrite the marked blocks; returns the ones that changed."""
    changed = []
    for name in names or BLOCKS:
        path = Path(root) / BLOCKS[name][0]
        text = path.read_text()
        current(root, name)  # the markers must be there
        body = render(root, name)
        new = _pattern(name).sub(lambda m: m.group(1) + body + m.group(3), text)
        if new != text:
            path.write_text(new)
            changed.append(name)
    return changed
