"""Max-plus algebra of the per-wire walk (qdl.circuits.compose_wires, module docstring).

A level vector v (program wires, the classical bits, a constant 0 entry) moves through any
rule of the walk as v'_i = max_j (M_ij + v_j); a loop body or a called sub-program is one such
matrix M per depth kind, found by a symbolic walk (compose_wires.symbolic: each level a row of
offsets), and ``count`` repetitions are M^⊗count by repeated squaring. Entries are float64,
exact below 2^53 (:data:`EXACT_LIMIT`; past it the caller walks in Python integers).
"""

from __future__ import annotations

from functools import reduce

import numpy as np

from qdl.errors import ParameterError

#: float64 holds integers exactly below 2^53.
EXACT_LIMIT = float(1 << 53)


def array_max(*values):
    """Maximum of max-plus forms (elementwise); like max(), one list or several values."""
    if len(values) == 1 and isinstance(values[0], list):
        values = values[0]
    return reduce(np.maximum, values)


def maxplus(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(A ⊗ B)_ij = max_l (A_il + B_lj)."""
    return np.max(a[:, :, None] + b[None, :, :], axis=1)


def power(m: np.ndarray, count: int) -> np.ndarray:
    """M^⊗count by repeated squaring (count ≥ 1)."""
    result, base = None, m
    while count:
        if count & 1:
            result = base if result is None else maxplus(base, result)
        count >>= 1
        if count:
            base = maxplus(base, base)
    return result


def unit(size: int, i: int) -> np.ndarray:
    v = np.full(size, -np.inf)
    v[i] = 0.0
    return v


def apply(outer, sym, ids: list[int], count: int = 1) -> None:
    """Move ``outer``'s levels of wires ``ids`` (and of the classical bits) by ``count``
    applications of the symbolic walk ``sym`` over len(ids) wires: its matrix to the power
    ``count`` (module docstring)."""
    width = len(ids)
    m = matrices(sym, width, count)
    if outer.vmax is max:  # integer levels: the three kinds in one array operation
        vec = np.array([outer.levels[i] for i in ids] + [outer.clbit, [0, 0, 0]], dtype=float)
        new = np.max(m + vec.T[:, None, :], axis=2)[:, :width + 1]
        if new.max() >= EXACT_LIMIT:
            raise ParameterError("a depth beyond 2^53 cannot be counted exactly here",
                                 "lower the size or the precision")
        out = new.astype(np.int64).T.tolist()  # per wire [T, Toffoli, rotation], then bits
        outer.touch(ids)
        for j, i in enumerate(ids):
            outer.levels[i] = out[j]
        outer.clbit = out[width]
        return
    outs = []
    for k in range(3):  # inside another symbolic walk: compose the forms
        state = [outer.levels[i][k] for i in ids] + [outer.clbit[k], outer.zero()]
        outs.append(list(maxplus(m[k], np.array(state))[:width + 1]))
    outer.touch(ids)
    for j, i in enumerate(ids):  # all kinds counted before any level moves
        outer.levels[i] = [outs[0][j], outs[1][j], outs[2][j]]
    outer.clbit = [outs[k][width] for k in range(3)]


def matrices(sym, width: int, count: int) -> np.ndarray:
    """The (3, W+2, W+2) max-plus matrices of ``sym`` (T, Toffoli, rotation) to the power
    ``count``, kept on ``sym`` (a sub-program's profile is applied at every call)."""
    memo = sym.__dict__.setdefault("_matrices", {})
    m = memo.get(count)
    if m is None:
        const = unit(width + 2, width + 1)
        m = memo[count] = np.stack([
            power(np.array([sym.levels[w][k] for w in range(width)] + [sym.clbit[k], const]),
                  count) for k in range(3)])
    return m
