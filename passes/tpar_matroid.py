"""GF(2) linear algebra for T-par: its matroid, Edmonds' partitioning, CNOT synthesis.

Amy, Maslov, Mosca, "Polynomial-time T-depth optimization of Clifford+T circuits via matroid
partitioning", IEEE TCAD 33(10), 1476 (2014), arXiv:1303.2042, §V. Parities are Python ints
read as bit vectors over path variables.

- :func:`independent`: a set S of parities fits one T layer on n data wires holding a basis of
  the parities' span plus ``a`` clean ancillas iff |S| − rank(S) ≤ a (S on |S| distinct wires,
  n − rank(S) more wires completing the basis, |S| + n − rank(S) ≤ n + a); these sets are
  the independent sets of a matroid (a = 0: linear independence).
- :func:`partition`: the fewest independent sets covering a list (Edmonds, "Minimum
  partition of a matroid into independent subsets", J. Res. NBS 69B, 67 (1965)): each new
  element is inserted along a shortest augmenting path of the exchange graph.
- :func:`linear_synthesis`: CNOTs taking one list of wire parities to another of the same span.
"""

from __future__ import annotations

from collections import deque


def rank(vectors) -> int:
    """Rank over GF(2) of integers read as bit vectors."""
    basis: list[int] = []
    for v in vectors:
        for b in basis:
            v = min(v, v ^ b)
        if v:
            basis.append(v)
    return len(basis)


def independent(parities, ancillas: int) -> bool:
    """T-par's matroid: ``parities`` fit one layer on distinct wires (see module doc)."""
    return len(parities) - rank(parities) <= ancillas


def partition(elements: list[int], ancillas: int) -> list[list[int]]:
    """Fewest independent sets covering ``elements`` (distinct parities): Edmonds' matroid
    partitioning, one augmenting path (shortest, found by BFS) per inserted element."""
    sets: list[list[int]] = []
    for x in elements:
        if not augment(sets, x, ancillas):
            sets.append([x])
    return sets


def augment(sets: list[list[int]], x: int, ancillas: int) -> bool:
    """Insert ``x`` into the independent ``sets`` (in place) along a shortest augmenting path
    of the exchange graph (y → z when the set of z stays independent with y in place of z),
    moving elements between sets but opening none; False (sets unchanged) if no path."""
    where = {e: j for j, s in enumerate(sets) for e in s}
    parent: dict[int, int | None] = {x: None}
    queue, found = deque([x]), None
    while queue and found is None:
        y = queue.popleft()
        for j, s in enumerate(sets):
            if where.get(y) == j:
                continue
            if independent(s + [y], ancillas):
                found = (y, j)
                break
            for z in s:
                if z not in parent and independent([w for w in s if w != z] + [y], ancillas):
                    parent[z] = y
                    queue.append(z)
    if found is None:
        return False
    # the last element joins set j, each earlier one takes the place of the one it points to
    y, j = found
    while y is not None:
        old = where.get(y)
        if old is not None:
            sets[old].remove(y)
        sets[j].append(y)
        where[y] = j
        y, j = parent[y], old
    return True


def _reduce(rows: list[int]) -> tuple[list[tuple[int, int]], list[int]]:
    """CX operations (control, target: row[target] ^= row[control]) taking ``rows`` to its
    reduced echelon form, pivots on rows 0, 1, … in descending order, zero rows after."""
    rows, ops = list(rows), []
    k = 0
    while True:
        rest = [i for i in range(k, len(rows)) if rows[i]]
        if not rest:
            return ops, rows
        r = max(rest, key=lambda i: rows[i].bit_length())
        bit = 1 << (rows[r].bit_length() - 1)
        if not rows[k] & bit:
            ops.append((r, k))
            rows[k] ^= rows[r]
        for i in range(len(rows)):
            if i != k and rows[i] & bit:
                ops.append((k, i))
                rows[i] ^= rows[k]
        k += 1


def combination(rows: list[int], skip: int, vector: int) -> list[int] | None:
    """Indices of rows (not ``skip``) whose XOR is ``vector``, or None."""
    basis: list[tuple[int, int]] = []  # (vector, mask of row indices), distinct leading bits
    for i, v in enumerate(rows):
        if i == skip or not v:
            continue
        mask = 1 << i
        for b, m in basis:
            if v ^ b < v:
                v, mask = v ^ b, mask ^ m
        if v:
            basis.append((v, mask))
            basis.sort(reverse=True)
    mask = 0
    for b, m in basis:
        if vector ^ b < vector:
            vector, mask = vector ^ b, mask ^ m
    return None if vector else [i for i in range(len(rows)) if mask >> i & 1]


def linear_synthesis(current: list[int], target: list[int]) -> list[tuple[int, int]]:
    """CX operations (control, target) taking wire parities ``current`` to ``target`` (the
    same span). Each wire whose parity changes is first set directly, row_i ^= XOR of other
    rows, when its change lies in the other wires' span (cheap when few wires change; every
    step invertible); what remains is done by reducing both states to the same echelon form
    and undoing the second reduction (CX is self-inverse)."""
    rows, ops = list(current), []
    progress = True
    while progress and rows != target:
        progress = False
        for i, want in enumerate(target):
            if rows[i] == want:
                continue
            use = combination(rows, i, rows[i] ^ want)
            if use is not None:
                ops += [(j, i) for j in use]
                rows[i] = want
                progress = True
    if rows == target:
        return ops
    ops_a, ra = _reduce(rows)
    ops_b, rb = _reduce(target)
    assert ra == rb, "linear_synthesis needs two states with the same span"
    while ops_a and ops_b and ops_a[-1] == ops_b[-1]:  # common tail cancels
        ops_a.pop()
        ops_b.pop()
    return ops + ops_a + ops_b[::-1]
