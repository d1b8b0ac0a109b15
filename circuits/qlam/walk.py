"""Counting a recorded :class:`~qdl.circuits.qlam.program.Program` without building it.

Counts add up op by op. Depths follow qdl.passes.circuit_count's conventions: every wire has
a level per kind (T, Toffoli, rotation); a Clifford sets its wires to their maximum, a T
gate adds 1 to its wire, a Toffoli syncs and adds (3, 1, 0), Gidney's AND computes
max(L_a, L_b, L_t + 1) + 1 on the T kind, a measurement raises the classical bits' level, a
reset returns a wire to 0. A multiplexor is taken whole (multiplexor.mux_levels).

A repeated body (``("repeat", k, ops)``: the Grover iterations of amplitude estimation) is
walked once *symbolically*: each level is kept as a max-plus linear form of the levels
before the body (a vector of offsets, −∞ where there is no dependence, plus a constant for
resets), which is the body's max-plus matrix M per kind. k copies are then M^k (repeated
squaring, O(W³ log k) for W wires) applied to the levels, exactly — the depth of 2^15
controlled Grover iterations costs milliseconds.
"""

from __future__ import annotations

from functools import reduce

import numpy as np

from qdl.circuits.cost import Cost, rotation_t_count
from qdl.circuits.qlam.multiplexor import PrefixSums, angle_kinds, gray_angles, mux_levels
from qdl.errors import ParameterError

CLIFFORD_GATES = frozenset({"x", "z", "h", "s", "sdg", "cx", "cz", "swap"})
COUNTS = ("t", "toffoli", "and_", "rotations", "clifford", "measurements")
#: float64 holds integers exactly below 2^53.
EXACT_LIMIT = float(1 << 53)


def array_max(*values) -> np.ndarray:
    """Maximum of max-plus forms (elementwise); like max(), takes one list or several."""
    if len(values) == 1 and isinstance(values[0], list):
        values = values[0]
    return reduce(np.maximum, values)


def maxplus(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(A ⊗ B)_ij = max_l (A_il + B_lj)."""
    return np.max(a[:, :, None] + b[None, :, :], axis=1)


class Walker:
    """Walks ops over ``levels`` (per wire [t, toffoli, rotation]) and a classical-bit level."""

    def __init__(self, levels: list[list], clbit: list, zero, vmax=max):
        self.levels = levels
        self.clbit = clbit
        self.zero = zero
        self.vmax = vmax  # max for integer levels, array_max for max-plus forms
        self.counts = dict.fromkeys(COUNTS, 0)

    def _sync(self, wires, add=(0, 0, 0)) -> None:
        vmax = self.vmax
        top = [vmax([self.levels[w][k] for w in wires]) + add[k] for k in range(3)]
        for w in wires:
            self.levels[w] = list(top)

    def run(self, ops) -> None:
        for op in ops:
            head = op[0]
            if head == "g":
                self._gate(op[1], op[2])
            elif head == "mux":
                self._mux(*op[1:])
            elif head == "measure":
                self.counts["measurements"] += 1
                self.clbit = [self.vmax(a, b) for a, b in zip(self.clbit, self.levels[op[1]])]
            elif head == "repeat":
                self._repeat(op[1], op[2])
            elif head == "call":
                self._call(op[1], op[3])

    def _gate(self, name: str, wires) -> None:
        lv = self.levels
        if name in CLIFFORD_GATES:
            self.counts["clifford"] += 1
            self._sync(wires)
        elif name in ("ccx", "ccz"):
            self.counts["toffoli"] += 1
            self._sync(wires, (3, 1, 0))
        elif name == "and":
            a, b, t = wires
            self.counts["and_"] += 1
            t_level = self.vmax(lv[a][0], lv[b][0], lv[t][0] + 1) + 1
            self._sync(wires, (0, 1, 0))
            for w in wires:
                lv[w][0] = t_level
        elif name == "andu":  # H, measure, if-CZ, reset (gates.AndUncompute)
            a, b, t = wires
            self.counts["clifford"] += 2
            self.counts["measurements"] += 1
            bit = list(lv[t])
            self.clbit = [self.vmax(x, y) for x, y in zip(self.clbit, bit)]
            for w in (a, b):
                lv[w] = [self.vmax(x, y) for x, y in zip(lv[w], bit)]
            self._sync((a, b))
            lv[t] = [self.zero() for _ in range(3)]
        else:
            raise ValueError(f"program gate {name!r} has no cost rule")

    def _mux(self, axis: str, controls, target: int, theta) -> None:
        n = 1 << len(controls)
        if theta is None:
            sums_t, sums_r = PrefixSums(None, 0, worst=False), PrefixSums(None, n, worst=True)
            clifford_angles = 0
        else:
            theta = np.asarray(theta, dtype=float)
            t_mask, r_mask = angle_kinds(gray_angles(theta) if controls else theta)
            sums_t = PrefixSums(t_mask, int(t_mask.sum()), worst=False)
            sums_r = PrefixSums(r_mask, int(r_mask.sum()), worst=True)
            clifford_angles = n - sums_t.count - sums_r.count
        self.counts["t"] += sums_t.count
        self.counts["rotations"] += sums_r.count
        self.counts["clifford"] += clifford_angles + (n if controls else 0)
        zero = PrefixSums(None, 0, worst=False)
        for k, sums in enumerate((sums_t, zero, sums_r)):
            out_t, out_c = mux_levels(self.levels[target][k],
                                      [self.levels[c][k] for c in controls], sums, self.vmax)
            self.levels[target][k] = out_t
            for c, v in zip(controls, out_c):
                self.levels[c][k] = v

    def _call(self, block, wires) -> None:
        """A block kept whole between two syncs of ``wires`` (every program wire, qlam.calls):
        the syncs' CZs and the block's counts; every wire ends at the level after the
        opening sync plus the block's depths."""
        self.counts["clifford"] += 4 * (len(wires) - 1)
        cost = block.cost()
        for key in COUNTS:
            self.counts[key] += getattr(cost, key)
        depths = (cost.t_depth, cost.toffoli_depth, cost.rotation_depth)
        lv, vmax = self.levels, self.vmax
        end = [vmax([lv[w][k] for w in wires]) + depths[k] for k in range(3)]
        for w in wires:
            lv[w] = list(end)

    def _repeat(self, count: int, body) -> None:
        """``count`` copies of ``body``: its max-plus matrix to the power ``count``."""
        width = len(self.levels)
        size = width + 2  # wires, the classical-bit level, the constant

        def unit(i: int) -> np.ndarray:
            v = np.full(size, -np.inf)
            v[i] = 0.0
            return v

        sym = Walker([[unit(w) for _ in range(3)] for w in range(width)],
                     [unit(width) for _ in range(3)], lambda: unit(width + 1), array_max)
        sym.run(body)
        for key, value in sym.counts.items():
            self.counts[key] += value * count
        for k in range(3):
            rows = [sym.levels[w][k] for w in range(width)] + [sym.clbit[k], unit(width + 1)]
            power = _power(np.array(rows), count)
            state = [self.levels[w][k] for w in range(width)] + [self.clbit[k]]
            if isinstance(state[0], np.ndarray):  # nested repeat inside a symbolic walk
                new = maxplus(power, np.array(state + [unit(width + 1)]))
                out = list(new[:width + 1])
            else:
                vec = np.array(state + [0], dtype=float)
                new = np.max(power + vec[None, :], axis=1)
                if new.max() >= EXACT_LIMIT:
                    raise ParameterError("a depth beyond 2^53 cannot be counted exactly here",
                                         "lower the size or the precision")
                out = [int(v) for v in new[:width + 1]]
            for w in range(width):
                self.levels[w][k] = out[w]
            self.clbit[k] = out[width]


def _power(m: np.ndarray, count: int) -> np.ndarray:
    result = None
    base = m
    while count:
        if count & 1:
            result = base if result is None else maxplus(base, result)
        count >>= 1
        if count:
            base = maxplus(base, base)
    return result


def walk_cost(ops, qubits: int, eps: float) -> Cost:
    """The cost record of a program with ``qubits`` wires (see the module docstring)."""
    walker = Walker([[0, 0, 0] for _ in range(qubits)], [0, 0, 0], lambda: 0)
    walker.run(ops)
    depth = [max([walker.clbit[k]] + [lv[k] for lv in walker.levels]) for k in range(3)]
    rot = walker.counts["rotations"]
    return Cost(qubits=qubits, rotation_t=rot * rotation_t_count(eps) if rot else 0,
                t_depth=depth[0], toffoli_depth=depth[1], rotation_depth=depth[2],
                **walker.counts)
