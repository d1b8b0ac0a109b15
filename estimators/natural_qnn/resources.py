"""Per-inference logical resources of a qubit-neuron network, by formula (no circuit is built).

One inference of hidden widths n_1..n_L executes, per neuron (module circuit, inference template):

- rotation scheme: RY(θ) on the neuron qubit, one measurement;
- weak-measurement scheme: RY(θ) on the neuron, RY(π/2 − g) on its ancilla, controlled-RY(2g)
  as RY(g)·CX·RY(−g)·CX on the ancilla, one measurement (of the ancilla only).

θ is data-dependent: an arbitrary rotation when a > 0, a Pauli (θ ∈ {0, π}, one Clifford,
counted worst case) when a = 0. Fixed angles are classified like
qdl.passes.circuit_count: multiples of π/2 are Cliffords, odd multiples of π/4 are T gates,
anything else a rotation costing :func:`~qdl.circuits.cost.rotation_t_count` (ε) T gates after
synthesis (Ross–Selinger gridsynth model). Qubits: k·Σn_l without reuse, k·max n_l when a layer's
qubits are reset and reused by the next (k = 1 rotation, 2 weak). Depth: the neurons of a layer
run in parallel and a layer starts when the previous layer's outcomes are in, so the rotation
depth is L × (depth of one layer) — the feed-forward the template circuit cannot show.
"""

from __future__ import annotations

import math
from typing import Any

from qdl.circuits.cost import Cost, rotation_t_count


def angle_kind(angle: float) -> str:
    """'clifford', 't' or 'rotation' for a fixed rotation angle (circuit_count's convention)."""
    k = angle / (math.pi / 4)
    if abs(k - round(k)) > 1e-9:
        return "rotation"
    return "clifford" if round(k) % 2 == 0 else "t"


#: cost field of each gate kind of :func:`_neuron_gates`
_FIELD = {"cx": "clifford", "clifford": "clifford", "t": "t", "rotation": "rotations"}


def _neuron_gates(scheme: str, a: float, g: float) -> list[tuple[str, str]]:
    """(wire, kind) of each single-qubit gate of one neuron, in order; 'cx' couples the wires."""
    gates = [("neuron", "clifford" if a == 0 else "rotation")]
    if scheme == "weak_measurement":
        gates += [("ancilla", angle_kind(math.pi / 2 - g)), ("ancilla", angle_kind(g)),
                  ("both", "cx"), ("ancilla", angle_kind(-g)), ("both", "cx")]
    return gates


def layer_depths(scheme: str, a: float, g: float) -> tuple[int, int]:
    """(T layers, rotation layers) of one neuron (a layer's neurons run side by side), ASAP."""
    level = {"neuron": [0, 0], "ancilla": [0, 0]}
    for wire, kind in _neuron_gates(scheme, a, g):
        if kind == "cx":
            top = [max(level["neuron"][i], level["ancilla"][i]) for i in (0, 1)]
            level["neuron"], level["ancilla"] = list(top), list(top)
        elif kind in ("t", "rotation"):
            level[wire][kind == "rotation"] += 1
    return tuple(max(level["neuron"][i], level["ancilla"][i]) for i in (0, 1))


def inference_cost(widths: list[int], scheme: str, a: float, g: float, eps: float,
                   reuse: bool = True) -> Cost:
    """Counts and width of one inference; depths assume layers run one after another."""
    per = {"clifford": 0, "t": 0, "rotations": 0}
    for _, kind in _neuron_gates(scheme, a, g):
        per[_FIELD[kind]] += 1
    neurons = sum(widths)
    k = 2 if scheme == "weak_measurement" else 1
    rotations = per["rotations"] * neurons
    t_layers, rot_layers = layer_depths(scheme, a, g)
    return Cost(qubits=k * (max(widths) if reuse else neurons), t=per["t"] * neurons,
                t_depth=t_layers * len(widths), rotation_depth=rot_layers * len(widths),
                rotations=rotations, rotation_t=rotations * rotation_t_count(eps) if rotations
                else 0, clifford=per["clifford"] * neurons, measurements=neurons)


def resource_report(widths: list[int], scheme: str, a: float, g: float,
                    eps: float) -> dict[str, Any]:
    """The report section: both qubit counts, counts, T after synthesis, feed-forward depth."""
    reused = inference_cost(widths, scheme, a, g, eps, reuse=True)
    fresh = inference_cost(widths, scheme, a, g, eps, reuse=False)
    t_layers, rot_layers = layer_depths(scheme, a, g)
    return {
        "per": "one inference (one shot through the network)",
        "qubits_with_reuse": reused.qubits,
        "qubits_without_reuse": fresh.qubits,
        "rotations": reused.rotations,
        "measurements": reused.measurements,
        "clifford": reused.clifford,
        "t": reused.t,
        "rotation_eps": eps,
        "t_per_rotation": rotation_t_count(eps),
        "rotation_t": reused.rotation_t,
        "t_count_after_synthesis": reused.t_count + reused.rotation_t,
        "feed_forward_rounds": len(widths),
        "rotation_depth": rot_layers * len(widths),
        "rotation_depth_per_layer": rot_layers,
        "t_depth": t_layers * len(widths),
        "note": ("data-dependent angles are computed by the classical controller from the "
                 "previous layer's outcomes and synthesised at run time; at a = 0 they are 0 or "
                 "π (Paulis, no T)"),
    }
