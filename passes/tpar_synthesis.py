"""T-par's CNOT networks, built from the wires' current parities rather than from scratch.

Amy, Maslov, Mosca, IEEE TCAD 33, 1476 (2014), arXiv:1303.2042, §V: between T layers only the
parities a layer needs must sit on distinct wires, and before a Hadamard (or any refreshing
gate) only the wires it acts on must hold the input circuit's values; the others may hold any
basis of the span that survives it. Rebuilding the whole register every time (Gaussian
elimination to a fixed target) costs O(n²) CX per layer (adder_8: 409 → 6,306 CX). Here each
network changes only what must change, reusing the previous parity state as the greedy
synthesis of Amy, Azimzadeh, Mosca, "On the CNOT-complexity of CNOT-phase circuits", QST 4,
015002 (2019), §4 does:

- :func:`place_parities`: each wanted parity p goes onto a wire q whose value may be replaced,
  i.e. rows[q] ⊕ p lies in the span of the other wires (then the XOR of those wires into q
  is invertible and keeps the span); the cheapest such wire is taken, one CX per wire XORed;
- :func:`settle`: the wires a gate acts on get their exact values the same way (a wire whose
  value is missing from its own expansion first hands its content to a free wire of that
  expansion, one CX), then every other wire drops its components along those values (one CX
  per component; they are exact on their wires now).

Rows are parities as Python ints (bit i = path variable i); an operation (c, t) is CX with
control c and target t (rows[t] ^= rows[c]). Both functions return None where the greedy step
has no move (then the caller falls back to :func:`qdl.passes.tpar_matroid.linear_synthesis`).
"""

from __future__ import annotations

from qdl.passes.tpar_matroid import combination


def _apply(rows: list[int], ops: list[tuple[int, int]], c: int, t: int) -> None:
    rows[t] ^= rows[c]
    ops.append((c, t))


def place_parities(rows: list[int], parities: list[int], keep: list[int] | None = None
                   ) -> tuple[list[tuple[int, int]], list[int]] | None:
    """CX operations after which every parity of ``parities`` sits on its own wire, and the
    wire of each (in order), or None. ``rows`` is updated in place. A parity already on a wire
    stays there; among the replaceable wires the cheapest is taken, ties going to a wire
    whose value differs from ``keep`` (the values the next gate will want back)."""
    ops: list[tuple[int, int]] = []
    fixed: dict[int, int] = {}
    todo = []
    for p in parities:
        q = next((q for q, v in enumerate(rows) if v == p and q not in fixed), None)
        if q is None:
            todo.append(p)
        else:
            fixed[q] = p
    for p in sorted(todo, key=lambda p: bin(p).count("1")):
        best = None
        for q in range(len(rows)):
            if q in fixed:
                continue
            use = combination(rows, q, rows[q] ^ p)
            if use is None:
                continue
            cost = (len(use), keep is not None and rows[q] == keep[q])
            if best is None or cost < best[0]:
                best = (cost, q, use)
        if best is None:
            return None
        _, q, use = best
        for j in use:
            _apply(rows, ops, j, q)
        fixed[q] = p
    wires = {p: q for q, p in fixed.items()}
    return ops, [wires[p] for p in parities]


def settle(rows: list[int], values: list[int], touched) -> list[tuple[int, int]] | None:
    """CX operations after which rows[q] == values[q] for q in ``touched`` and every other
    row lies in the span of the other ``values`` (``values`` linearly independent apart from
    zeros, and of the same span as ``rows``), or None. ``rows`` is updated in place."""
    ops: list[tuple[int, int]] = []
    touched = sorted(touched)
    done: set[int] = set()
    for q in touched:
        if rows[q] != values[q]:
            use = combination(rows, q, rows[q] ^ values[q])
            if use is None:
                # values[q] = XOR of other rows; hand row q to one of them that is still free,
                # after which row q appears in the expansion and can be replaced
                expansion = combination(rows, q, values[q]) or []
                free = [r for r in expansion if r not in done and r not in touched]
                free = free or [r for r in expansion if r not in done]
                if not free:
                    return None
                _apply(rows, ops, q, free[0])
                use = combination(rows, q, rows[q] ^ values[q])
                if use is None:
                    return None
            for j in use:
                _apply(rows, ops, j, q)
        done.add(q)
    fixed = set(touched)
    for r in range(len(rows)):
        if r in fixed or not rows[r]:
            continue
        parts = combination(values, -1, rows[r])
        if parts is None:
            return None
        for q in parts:
            if q in fixed:
                _apply(rows, ops, q, r)
    return ops
