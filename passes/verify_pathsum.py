"""Sum-over-paths proof that two unitary Clifford+T(+Toffoli) circuits are equal.

Amy, "Towards large-scale functional verification of universal quantum circuits", QPL 2018
(EPTCS 287, 1–21), §3–4. A circuit of {X, CX, CCX, SWAP, H, Z, S, S†, T, T†, CZ, CCZ} maps

    |x⟩ ↦ 2^{−h/2} · Σ_{y ∈ {0,1}^h} ω^{P(x, y)} |f(x, y)⟩,     ω = e^{iπ/4},

with one path variable y per Hadamard, P a multilinear polynomial with coefficients in ℤ₈
and f a vector of GF(2) polynomials (algebraic normal form), both kept in canonical form
(monomials are bit masks of variables). A phase gate R_k = diag(1, ω^k) on a wire holding f
adds k·lift(f), where lift(a ⊕ b ⊕ …) = Σ_{S} (−2)^{|S|−1}·Π_S (sets of up to three terms
matter mod 8). The path sum of V = original† · optimised is then reduced by Amy's rules,
each an identity of sums:

- [Elim] y appears nowhere: Σ_y 1 = 2;
- [HH]   P = 4·y·(z ⊕ Q) + R with z a path variable not in Q, y nowhere else: summing y
  forces z = Q, which is substituted everywhere (factor 2);
- [ω]    P = (±2)·y + 4·y·Q + R, y nowhere else: Σ_y = √2·ω^{±(1 − 2·lift(Q))}.

If no path variable survives, V is the map |x⟩ ↦ ω^{P(x)}|f(x)⟩; it is the identity up to a
global phase exactly when f(x) = x and P is a constant (canonical forms are unique), so the
answer is *proved* or, when f or P differ, *different* — a definite counterexample. If some
variable cannot be eliminated the answer is *undecided*. Zero wires (clean ancillas, see
:mod:`qdl.passes.equivalence`) enter as the constant 0 and must come out as 0.
"""

from __future__ import annotations

import time
from itertools import combinations

from qiskit import QuantumCircuit

#: Phase gates as powers of ω = e^{iπ/4}.
PHASES = {"z": 4, "s": 2, "sdg": 6, "t": 1, "tdg": 7}
GATES = frozenset({"x", "cx", "ccx", "swap", "h", "cz", "ccz", "id", "barrier",
                   *PHASES})
#: Largest phase polynomial (in terms) followed before giving up as undecided.
MAX_TERMS = 50_000
#: Seconds spent before giving up as undecided.
TIME_LIMIT = 30.0


class Undecided(Exception):
    pass


def _mul(f: set, g: set) -> set:
    out: set[int] = set()
    for m in f:
        for n in g:
            out ^= {m | n}
    return out


def _lift(f: set, k: int) -> dict[int, int]:
    """k·lift(f) mod 8 (see the module docstring)."""
    k %= 8
    if not k:
        return {}
    order = 3 if k % 2 else (2 if k % 4 else 1)
    terms = sorted(f)
    out: dict[int, int] = {}
    for size in range(1, min(order, len(terms)) + 1):
        coef = k * (-2) ** (size - 1)
        for subset in combinations(terms, size):
            m = 0
            for t in subset:
                m |= t
            out[m] = (out.get(m, 0) + coef) % 8
    return {m: c for m, c in out.items() if c}


class PathSum:
    def __init__(self, wires: int, zero: frozenset[int], deadline: float = float("inf")):
        self.deadline = deadline
        self.f = [set() if q in zero else {1 << q} for q in range(wires)]
        self.phase: dict[int, int] = {}
        self.next_var = wires
        self.paths = 0  # path variables still summed over
        self.sqrt2 = 0  # power of √2 in the normalisation: −h, + one per [ω], + two per sum

    def add(self, poly: dict[int, int]) -> None:
        p = self.phase
        for m, c in poly.items():
            v = (p.get(m, 0) + c) % 8
            if v:
                p[m] = v
            else:
                p.pop(m, None)
        if len(p) > MAX_TERMS:
            raise Undecided(f"phase polynomial above {MAX_TERMS} terms")
        if time.monotonic() > self.deadline:
            raise Undecided("time limit")

    def apply(self, name: str, qs: list[int]) -> None:
        f = self.f
        if name in PHASES:
            self.add(_lift(f[qs[0]], PHASES[name]))
        elif name == "x":
            f[qs[0]] = f[qs[0]] ^ {0}
        elif name == "cx":
            f[qs[1]] = f[qs[1]] ^ f[qs[0]]
        elif name == "ccx":
            f[qs[2]] = f[qs[2]] ^ _mul(f[qs[0]], f[qs[1]])
        elif name == "swap":
            f[qs[0]], f[qs[1]] = f[qs[1]], f[qs[0]]
        elif name == "cz":
            self.add(dict.fromkeys(_mul(f[qs[0]], f[qs[1]]), 4))
        elif name == "ccz":
            self.add(dict.fromkeys(_mul(_mul(f[qs[0]], f[qs[1]]), f[qs[2]]), 4))
        elif name == "h":
            y = 1 << self.next_var
            self.next_var += 1
            self.paths |= y
            self.sqrt2 -= 1
            self.add(dict.fromkeys(_mul({y}, f[qs[0]]), 4))
            f[qs[0]] = {y}
        elif name not in ("id", "barrier"):
            raise Undecided(f"gate '{name}' has no path-sum form here")

    def substitute(self, z: int, q: set) -> None:
        """z := q (a GF(2) polynomial without z) in the phase and the outputs."""
        for k, out in enumerate(self.f):
            hit = {m for m in out if m & z}
            if hit:
                rest = out - hit
                for m in hit:
                    rest ^= _mul({m & ~z}, q)
                self.f[k] = rest
        hit = {m: c for m, c in self.phase.items() if m & z}
        for m in hit:
            del self.phase[m]
        for m, c in hit.items():
            rest, moved = m & ~z, {}
            for n, v in _lift(q, c).items():  # distinct n may meet in n | rest: add them up
                moved[n | rest] = (moved.get(n | rest, 0) + v) % 8
            self.add(moved)

    def reduce_all(self) -> None:
        while self.reduce_once():
            if time.monotonic() > self.deadline:
                raise Undecided("time limit")

    def reduce_once(self) -> bool:
        in_outputs = 0
        for out in self.f:
            for m in out:
                in_outputs |= m
        var = self.paths
        while var:
            y = var & -var
            var ^= y
            if y & in_outputs:
                continue
            terms = {m: c for m, c in self.phase.items() if m & y}
            if not terms:  # [Elim]
                self.paths ^= y
                self.sqrt2 += 2
                return True
            linear = terms.get(y, 0)
            if all(c == 4 for m, c in terms.items() if m != y) and linear in (0, 4):
                q = {m & ~y for m in terms}
                linear_vars = [z for z in q if z & self.paths and z & (z - 1) == 0
                               and not any(m & z for m in q if m != z)]
                if linear_vars:  # prefer a z that the outputs do not carry
                    z = min(linear_vars, key=lambda v: (bool(v & in_outputs), v))
                    for m in terms:
                        del self.phase[m]
                    self.paths &= ~(y | z)
                    self.sqrt2 += 2
                    self.substitute(z, q - {z})
                    return True
            elif linear in (2, 6) and all(c == 4 for m, c in terms.items() if m != y):
                q = {m & ~y for m in terms if m != y}
                for m in terms:
                    del self.phase[m]
                self.paths ^= y
                self.sqrt2 += 1
                sign = 1 if linear == 2 else -1
                self.add({0: sign})
                self.add(_lift(q, -2 * sign))
                return True
        return False


def pathsum_compare(original: QuantumCircuit, optimized: QuantumCircuit,
                    zero: frozenset[int] = frozenset(), time_limit: float = TIME_LIMIT) -> str:
    """"proved", "different" or "undecided" (see the module docstring). Both circuits act on
    the same wires; ``zero`` wires start in |0⟩ and must end in |0⟩. Gives up (undecided)
    after ``time_limit`` seconds or :data:`MAX_TERMS` phase terms."""
    path = PathSum(optimized.num_qubits, zero, time.monotonic() + time_limit)
    inverse = original.inverse()
    try:
        for circuit in (optimized, inverse):
            index = {q: i for i, q in enumerate(circuit.qubits)}
            for inst in circuit.data:
                if inst.operation.name == "h":
                    # a variable that has left the outputs stays out: reduce it now, while
                    # the phase polynomial is small
                    path.reduce_all()
                path.apply(inst.operation.name, [index[q] for q in inst.qubits])
        path.reduce_all()
    except Undecided:
        return "undecided"
    if path.paths:
        return "undecided"
    want = [set() if q in zero else {1 << q} for q in range(len(path.f))]
    if path.f != want or any(m for m in path.phase):
        return "different"
    return "proved" if path.sqrt2 == 0 else "undecided"


def pathsum_applicable(*circuits: QuantumCircuit) -> bool:
    return all(inst.operation.name in GATES for qc in circuits for inst in qc.data)
