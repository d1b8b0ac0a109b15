"""Critical-path levels of the DTM lookups, without building them.

A lookup whose table is written into registers that earlier gates have already used (the
dirty-ancilla QROAM) has a data-dependent depth: a QROM leaf's CNOT waits for its register
bit, and its control then carries that delay down the rest of the iteration. :class:`Levels`
follows the (T, Toffoli) level of every wire through the operations the DTM blocks emit,
under the conventions of qdl.passes.circuit_count (Toffoli: +3 T and +1 Toffoli layer on all
its wires; AND: max(L_a, L_b, L_t + 1) + 1; Cliffords synchronise; a measured uncompute
floors its controls at the measured target's level; a reset wire restarts at 0). Cost: one
step per AND and per leaf, plus numpy passes over the table's bits (a leaf's writes are not
followed one by one, see :meth:`Levels.unary_lookup`); writing a whole register that no
earlier gate delays costs O(1).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from qdl.circuits.dtm._tree import LeafWrites

Level = tuple[int, int]


class Levels:
    """(T level, Toffoli level) per wire key; register bits ("r", j) live in numpy arrays.

    While every register bit is known to share one level (after a whole-register write that
    nothing delayed) the arrays are stale and ``floor`` holds that level.
    """

    def __init__(self, register_bits: int) -> None:
        self.wires: dict[Hashable, Level] = {}
        self.register_bits = register_bits
        self.uniform = True
        self.floor: Level = (0, 0)
        self.reg = np.zeros((2, register_bits), dtype=np.int64)  # [T, Toffoli] × bit
        self.top: Level = (0, 0)
        self._fresh = 0

    # -- wires ---------------------------------------------------------------------------------
    def _materialise(self) -> None:
        if self.uniform:
            self.reg[0], self.reg[1] = self.floor
            self.uniform = False

    def get(self, key) -> Level:
        if isinstance(key, tuple) and key[0] == "r":
            return self.floor if self.uniform else (int(self.reg[0, key[1]]),
                                                    int(self.reg[1, key[1]]))
        return self.wires.get(key, (0, 0))

    def _raise_top(self, level: Level) -> None:
        self.top = (max(self.top[0], level[0]), max(self.top[1], level[1]))

    def set(self, key, level: Level) -> None:
        if isinstance(key, tuple) and key[0] == "r":
            self._materialise()
            self.reg[:, key[1]] = level
        else:
            self.wires[key] = level
        self._raise_top(level)

    def sync(self, keys: Sequence, add: Level = (0, 0)) -> Level:
        levels = [self.get(k) for k in keys]
        new = (max(l[0] for l in levels) + add[0], max(l[1] for l in levels) + add[1])
        for k in keys:
            self.set(k, new)
        return new

    def fresh(self) -> tuple[str, int]:
        self._fresh += 1
        return ("anc", self._fresh)

    # -- gates ---------------------------------------------------------------------------------
    def toffoli(self, c, x, y) -> None:
        self.sync([c, x, y], add=(3, 1))

    def and_compute(self, a, b, t) -> None:
        la, lb, lt = self.get(a), self.get(b), self.get(t)
        new = (max(la[0], lb[0], lt[0] + 1) + 1, max(la[1], lb[1], lt[1]) + 1)
        for k in (a, b, t):
            self.set(k, new)

    def and_uncompute(self, a, b, t) -> None:
        measured = self.get(t)
        for k in (a, b):
            lk = self.get(k)
            self.set(k, (max(lk[0], measured[0]), max(lk[1], measured[1])))
        self.sync([a, b])
        self.wires.pop(t, None)

    # -- structures ----------------------------------------------------------------------------
    def write_all_registers(self, ctrl) -> None:
        """CNOTs from ``ctrl`` into every register bit, in bit order."""
        here = np.array(self.get(ctrl))
        if self.uniform:
            new = tuple(int(v) for v in np.maximum(here, self.floor))
        else:
            # bit j ends at max(ctrl, bits 0 … j): a prefix maximum, then all equal
            prefix = np.maximum.accumulate(self.reg, axis=1)
            self.reg = np.maximum(prefix, here[:, None])
            new = (int(self.reg[0, -1]), int(self.reg[1, -1]))
            if np.all(self.reg == self.reg[:, :1]):
                self.uniform, self.floor = True, new
        if self.uniform:
            self.floor = new
        self.wires[ctrl] = new
        self._raise_top(new)

    def swap_chain(self, ops: Sequence[tuple], controls: Sequence) -> None:
        """Controlled swaps (stage, x bit, y bit) that form one dependency chain, in order.

        Toffoli s ends at L_s = max(L_{s−1}, entry_s) + step, so L_s = s·step +
        max_{u ≤ s}(entry_u − (u−1)·step): one cumulative maximum per level kind.
        """
        self._materialise()
        stage = np.array([o[0] for o in ops])
        x = np.array([o[1] for o in ops])
        y = np.array([o[2] for o in ops])
        ctrl = np.array([self.get(c) for c in controls]).T  # [kind, stage]
        s = np.arange(len(ops))
        for kind, step in ((0, 3), (1, 1)):
            entry = np.maximum(np.maximum(self.reg[kind, x], self.reg[kind, y]),
                               ctrl[kind, stage])
            level = (s + 1) * step + np.maximum.accumulate(entry - s * step)
            np.maximum.at(self.reg[kind], x, level)
            np.maximum.at(self.reg[kind], y, level)
            for st, key in enumerate(controls):
                used = level[stage == st]
                if len(used):
                    old = self.get(key)
                    self.wires[key] = (int(used.max()), old[1]) if kind == 0 else \
                        (old[0], int(used.max()))
        self._raise_top((int(self.reg[0].max()), int(self.reg[1].max())))

    def unary_lookup(self, words: int, address: Sequence, written: "LeafWrites | None" = None,
                     leaf_lo: np.ndarray | None = None,
                     uniform: Callable[[int, int], bool] | None = None) -> None:
        """The levels of :func:`qdl.circuits.dtm.qrom.unary_iterate` with its data writes.

        ``written``: the first and last leaf writing each register bit, the leaves in
        iteration order starting at addresses ``leaf_lo``; None: every leaf writes every bit. ``uniform``: the data-aware tree's pruning predicate.

        With data the writes are not followed one by one. The control chain only rises, and a
        bit written before holds a level the chain has passed, so only a bit's first write
        can delay the chain: leaf i raises it to max(chain, max R_j over the bits j it writes
        first), R the levels on entry. A bit ends at its last write: the chain then, or an
        earlier first-written bit of that same leaf if later (the CNOTs run in bit order).
        """
        if written is not None:
            delay, index = self._first_write_delays(written), {int(h): i for i, h in
                                                               enumerate(leaf_lo)}
            before = np.zeros((2, len(index)), dtype=np.int64)
        controlled = []

        def leaf(h: int, ctrl) -> None:
            if ctrl is None:  # one word for the whole table: X gates, no level changes
                return
            controlled.append(h)
            if written is None:
                self.write_all_registers(ctrl)
                return
            i = index[h]
            here = self.get(ctrl)
            before[:, i] = here
            new = (max(here[0], int(delay[0, i])), max(here[1], int(delay[1, i])))
            self.wires[ctrl] = new
            self._raise_top(new)

        def node(ctrl, bit: int, lo: int) -> None:
            if bit < 0 or (uniform is not None and uniform(lo, min(lo + (2 << bit), words))):
                leaf(lo, ctrl)
                return
            mid = lo + (1 << bit)
            a = address[bit]
            if mid >= words:
                node(ctrl, bit - 1, lo)
                return
            if ctrl is None:
                node(a, bit - 1, lo)
                node(a, bit - 1, mid)
                return
            anc = self.fresh()
            self.and_compute(ctrl, a, anc)
            node(anc, bit - 1, lo)
            self.sync([ctrl, anc])
            node(anc, bit - 1, mid)
            self.and_uncompute(ctrl, a, anc)

        node(None, (words - 1).bit_length() - 1, 0)
        if written is not None and controlled:
            self._last_writes(written, before)

    def _first_write_delays(self, written: "LeafWrites") -> np.ndarray:
        """[kind, leaf]: the highest entry level among the bits the leaf writes first."""
        self._materialise()
        delay = np.zeros((2, written.leaves), dtype=np.int64)
        for kind in (0, 1):
            np.maximum.at(delay[kind], written.first, self.reg[kind, written.cols])
        return delay

    def _last_writes(self, written: "LeafWrites", before: np.ndarray) -> None:
        """Register levels after the lookup, from the chain level ``before`` each leaf."""
        bits, cols, first, last = written.bits, written.cols, written.first, written.last
        key = first * bits + cols  # first writes, by leaf then bit
        order = np.argsort(key)
        key, seg, col = key[order], first[order], cols[order]
        pos = np.searchsorted(key, last * bits + cols, side="right") - 1
        same = seg[pos] == last  # an earlier-or-equal first write in the last leaf
        for kind in (0, 1):
            entry = self.reg[kind, col]
            big = int(entry.max()) + 1
            running = np.maximum.accumulate(entry + seg * big) - seg * big  # per-leaf prefix max
            inner = np.where(same, running[pos], 0)
            self.reg[kind, cols] = np.maximum(before[kind, last], inner)
        self._raise_top((int(self.reg[0].max()), int(self.reg[1].max())))
