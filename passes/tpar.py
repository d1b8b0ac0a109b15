"""T-par: T-depth reduction by matroid partitioning of the phase polynomial.

Amy, Maslov, Mosca, "Polynomial-time T-depth optimization of Clifford+T circuits via matroid
partitioning", IEEE TCAD 33(10), 1476 (2014), arXiv:1303.2042, §IV–V.

Action. The circuit's map on basis states is unchanged: |x⟩ ↦ e^{iφ(x)}|g(x)⟩ with the same
phase φ and output g (global phase included). Sum-over-paths view (as in
:mod:`qdl.passes.phase_folding`): every wire holds an affine parity of path variables; CX, X
and SWAP update parities, T/S/Z (and p/rz at multiples of π/4) add a term k·π/4·f to the
phase polynomial, CZ and CCZ add their expansions (4abc = a + b + c − (a⊕b) − (a⊕c) − (b⊕c) +
(a⊕b⊕c)); H and every other gate end the life of their wires' variables. Terms on equal
parities merge (phase folding). Instead of keeping the T gates where they were, T-par
re-synthesises each CNOT+phase region:

- a term must be placed while its parity is computable, i.e. lies in the span of the wires'
  parities; before a gate that refreshes wires R, the terms whose parity leaves the span of
  the other wires *expire* and are placed now;
- the expiring odd terms (T-type, k odd) are partitioned into the fewest sets that can each be
  put on distinct wires at once: with ``a`` clean ancillas a set S can, iff
  |S| − rank(S) ≤ a (then |S| ≤ n + a); these sets are the independent sets of a matroid and
  the partition is Edmonds' matroid partitioning (:mod:`qdl.passes.tpar_matroid`);
- each set is one T layer: a CNOT network moves its parities onto distinct wires (the rest of
  the wires keep a basis of the span, ancillas hold the surplus), one T/T†/S/Z per wire, and
  non-expiring terms that fit a layer's set ride along (never an extra layer), first those that
  would overflow the layers the next T-placing flush needs anyway (:meth:`_TPar.overflow`);
  Clifford terms (k even) that expire get their own T-free sets;
- before the refreshing gate, a CNOT network gives the wires it acts on the input circuit's
  values there (X gates fix constants) and takes those values out of the other wires
  (:func:`qdl.passes.tpar_synthesis.settle`); at the end every wire is restored.

Cost: T-count = number of odd merged terms (≤ the input's; the same as phase folding); T-depth
≤ the number of layers placed, each region needing as many layers as its matroid partition has
sets (with a = 0: ⌈|S|/n⌉ at best); each CNOT network changes only the wires that must change
(:mod:`qdl.passes.tpar_synthesis`; O((n + a)²) CX at worst, measured 0.8–2.9× the input's CX on
the suite). Measurements, resets and conditionals place every pending term first; a
parity still held by the other wires after them keeps its lifetime (a diagonal gate on wires
an operation does not touch commutes with it).
"""

from __future__ import annotations

import math

from qiskit import QuantumCircuit
from qiskit.circuit import AncillaRegister, CircuitInstruction, ParameterExpression
from qiskit.circuit.library import CXGate, XGate

from qdl.passes.circuit_count import count_circuit
from qdl.passes.flatten import CircuitPass, empty_like, qubit_indices
from qdl.passes.phase_folding import FIXED_PHASES, PARAM_PHASES, phase_gates
from qdl.passes.tpar_matroid import augment, independent, linear_synthesis, partition, rank
from qdl.passes.tpar_synthesis import place_parities, settle

_EIGHTH = math.pi / 4
#: Gates that leave every wire's value alone and add no phase term here.
NEUTRAL = frozenset({"id", "barrier", "delay", "global_phase"})
#: Instructions before which every pending term is placed (not unitary, or with bits).
NON_UNITARY = frozenset({"measure", "reset", "if_else"})


class _TPar:
    def __init__(self, qc: QuantumCircuit, ancillas: int, lifetimes: dict | None = None,
                 columns: bool = False):
        self.qc, self.a, self.columns = qc, ancillas, columns
        # first walk (lifetimes None): record every parity's total angle and the boundary
        # after which it is computable; second walk: those terms are known in advance and
        # enter the pending set as soon as they are computable, before their gates
        self.lifetimes = lifetimes
        self.order: dict[int, int] = {}  # second walk: parity → boundary where it expires
        self.recorded: dict[int, int] = {}
        self.death: dict[int, int] = {}  # first walk: the boundary where a parity expires
        self.dying: dict[int, list[int]] = {}  # second walk: boundary → T-type terms expiring
        self.var_birth: list[int] = []
        self.boundaries = 0
        self.out = empty_like(qc)
        if ancillas:
            self.out.add_register(AncillaRegister(ancillas, "tpar_anc"))
        self.wires = self.out.qubits
        self.index = qubit_indices(qc)
        self.n = qc.num_qubits
        self.next_var = 0
        self.val = [self._fresh() for _ in range(self.n)] + [0] * ancillas  # input circuit
        self.const = [0] * (self.n + ancillas)
        self.cur, self.cur_const = list(self.val), list(self.const)  # emitted circuit
        self.terms: dict[int, int] = {}  # parity → k (angle k·π/4), insertion ordered

    def _fresh(self) -> int:
        self.next_var += 1
        self.var_birth.append(self.boundaries)
        return 1 << (self.next_var - 1)

    def born(self) -> None:
        """Second walk: the terms computable from this boundary on join the pending set."""
        if self.lifetimes is not None:
            for p, k in self.lifetimes.get(self.boundaries, ()):
                self.terms[p] = k

    # -- the input circuit's phase polynomial ------------------------------------------------
    def add_term(self, lin: int, const: int, k: int) -> None:
        if const:  # e^{ikπ/4·(1 ⊕ g)} = e^{ikπ/4}·e^{−ikπ/4·g}
            self.out.global_phase += k * _EIGHTH
            k = -k
        if lin == 0 or self.lifetimes is not None:
            return
        self.recorded[lin] = (self.recorded.get(lin, 0) + k) % 8
        self.terms[lin] = (self.terms.get(lin, 0) + k) % 8

    def affine(self, qs) -> tuple[int, int]:
        lin = const = 0
        for q in qs:
            lin ^= self.val[q]
            const ^= self.const[q]
        return lin, const

    def add_cz(self, a: int, b: int) -> None:  # e^{iπab}: ab = (a + b − a⊕b)/2
        for qs, k in (((a,), 2), ((b,), 2), ((a, b), -2)):
            self.add_term(*self.affine(qs), k)

    def add_ccz(self, a: int, b: int, c: int) -> None:
        for qs in ((a,), (b,), (c,), (a, b), (a, c), (b, c), (a, b, c)):
            self.add_term(*self.affine(qs), 1 if len(qs) % 2 else -1)

    # -- emission -----------------------------------------------------------------------------
    def emit_cx(self, ops) -> None:
        cx = CXGate()
        last = self.out.data[-1] if len(self.out.data) else None
        for c, t in ops:
            wires = (self.wires[c], self.wires[t])
            if (last is not None and last.operation.name == "cx"
                    and tuple(last.qubits) == wires):
                del self.out.data[-1]  # CX·CX = I
            else:
                self.out._append(CircuitInstruction(cx, wires, ()))
            last = self.out.data[-1] if len(self.out.data) else None
            self.cur[t] ^= self.cur[c]
            self.cur_const[t] ^= self.cur_const[c]

    def restore(self, touched: set[int] | None = None) -> None:
        """Bring the wires ``touched`` (None: all) to the input circuit's values here, and the
        others into the span of the input's other values (:func:`settle`): a gate on
        ``touched`` then acts as in the input, and refreshing those wires loses nothing."""
        if touched is None:
            touched = range(len(self.cur))
        ops = settle(list(self.cur), self.val, touched)
        self.emit_cx(linear_synthesis(self.cur, self.val) if ops is None else ops)
        for q in touched:
            if self.cur_const[q] != self.const[q]:
                self.out._append(CircuitInstruction(XGate(), (self.wires[q],), ()))
                self.cur_const[q] ^= 1

    def layer_target(self, parities: list[int]) -> list[int]:
        """Wire parities with ``parities`` on distinct wires, the rest a basis completion
        taken from the current wires (kept in place) and zeros."""
        target = [0] * len(self.cur)
        taken, span = set(), list(parities)
        for q, v in enumerate(self.cur):
            if v and rank(span + [v]) > rank(span):
                target[q] = v
                span.append(v)
                taken.add(q)
        free = [q for q in range(len(self.cur)) if q not in taken]
        for p in parities:
            q = next((q for q in free if self.cur[q] == p), free[0])
            free.remove(q)
            target[q] = p
        return target

    def place(self, layer: list[int]) -> None:
        placed = place_parities(list(self.cur), layer, self.val)
        self.emit_cx(linear_synthesis(self.cur, self.layer_target(layer)) if placed is None
                     else placed[0])
        for p in layer:
            q = self.cur.index(p)
            k = self.terms.pop(p)
            if self.cur_const[q]:
                self.out.global_phase += k * _EIGHTH
                k = -k
            for gate in phase_gates(k * _EIGHTH):
                self.out._append(CircuitInstruction(gate, (self.wires[q],), ()))

    def flush(self, refreshed: set[int] | None) -> None:
        """Place the terms that expire when the wires ``refreshed`` (None: all) get fresh
        variables, in as few T layers as the matroid partition allows."""
        self.terms = {p: k for p, k in self.terms.items() if k}
        keep = [] if refreshed is None else [self.val[q] for q in range(len(self.val))
                                             if q not in refreshed]
        r = rank(keep)
        expiring = [p for p in self.terms if rank(keep + [p]) > r]
        for p in expiring:
            self.death.setdefault(p, self.boundaries)
        odd = [p for p in expiring if self.terms[p] % 2]
        even = [p for p in expiring if not self.terms[p] % 2]
        t_layers = partition(odd, self.a)
        # ride-alongs (second walk only): pending terms that fit a layer cost no extra
        # layer; T-type before Clifford, those expiring soonest first (the first walk
        # places every term at its expiry)
        riders = [] if self.lifetimes is None else sorted(
            (p for p in self.terms if p not in expiring),
            key=lambda p: (not self.terms[p] % 2, self.order.get(p, 0)))
        overflow = self.overflow([p for p in riders if self.terms[p] % 2])
        riders.sort(key=lambda p: p not in overflow)  # stable: the order above within each
        for p in riders:  # into the layers there are, elements moving between them
            augment(t_layers, p, self.a)
        for layer in t_layers:
            for p in list(even):
                if independent(layer + [p], self.a):
                    layer.append(p)
                    even.remove(p)
        for layer in t_layers + partition(even, self.a):
            self.place(layer)

    def overflow(self, riders: list[int]) -> set[int]:
        """Look-ahead (second walk): the T-type ``riders`` that would cost an extra layer at
        the next flush that places T layers anyway. That flush needs m layers for the T-type
        terms expiring there (known from the first walk); the riders are inserted after them
        into m sets by augmenting paths (a maximum matroid union, Edmonds 1965); those that
        do not fit are the ones worth placing now."""
        later = sorted(b for b in self.dying if b > self.boundaries)
        if not riders or not later:
            return set()
        sets = partition(self.dying[later[0]], self.a)
        return {p for p in riders if not augment(sets, p, self.a)}

    def boundary(self, refreshed: set[int] | None, touched: set[int] | None = None) -> None:
        self.flush(refreshed)
        self.restore(touched)
        self.boundaries += 1

    # -- the walk ----------------------------------------------------------------------------
    def apply_pending(self) -> None:
        """Emit the held refreshing gates (on disjoint wires) after one joint flush: a column of
        Hadamards costs the layers of one matroid partition, not one per Hadamard."""
        if not self.pending:
            return
        refreshed = set().union(*(r for _, r in self.pending))
        self.boundary(refreshed, set(self.held))
        for inst, _ in self.pending:
            self.out._append(inst)
        for q in refreshed:
            self.val[q] = self.cur[q] = self._fresh()
            self.const[q] = self.cur_const[q] = 0
        self.pending, self.held = [], set()
        self.born()

    def run(self) -> QuantumCircuit:
        # refreshing gates are held while later gates act on other wires (they commute), so
        # that gates of one column are flushed together; the instructions come in the input's
        # order or in columns (:func:`_columns`): neither schedule is always the shallower
        # (qcla_com_7: 11 vs 14; mod_mult_55: 8 vs 7), t_par keeps the better
        self.pending: list = []
        self.held: set[int] = set()
        self.born()
        for inst in (_columns(self.qc) if self.columns else self.qc.data):
            name = inst.operation.name
            qs = [self.index[q] for q in inst.qubits]
            if name in NEUTRAL:
                continue
            if self.held.intersection(qs) or name in NON_UNITARY or inst.clbits:
                self.apply_pending()
            k = _eighths(inst)
            if k is not None:
                if name == "rz":  # rz(θ) = e^{−iθ/2}·p(θ); θ itself, not θ mod 2π
                    self.out.global_phase -= float(inst.operation.params[0]) / 2
                self.add_term(self.val[qs[0]], self.const[qs[0]], k)
            elif name == "cx":
                self.val[qs[1]] ^= self.val[qs[0]]
                self.const[qs[1]] ^= self.const[qs[0]]
            elif name == "x":
                self.const[qs[0]] ^= 1
            elif name == "swap":
                a, b = qs
                self.val[a], self.val[b] = self.val[b], self.val[a]
                self.const[a], self.const[b] = self.const[b], self.const[a]
            elif name == "cz":
                self.add_cz(*qs)
            elif name == "ccz":
                self.add_ccz(*qs)
            elif name in NON_UNITARY or inst.clbits:
                self.boundary(None, set(qs))  # every pending term placed; nothing moves across
                self.out._append(inst)
                for q in qs:
                    self.val[q] = self.cur[q] = self._fresh()
                    self.const[q] = self.cur_const[q] = 0
                self.born()
            else:
                self.pending.append((inst, {qs[-1]} if name in ("ccx", "and") else set(qs)))
                self.held.update(qs)
        self.apply_pending()
        self.boundary(None)
        return self.out


def _columns(qc: QuantumCircuit) -> list:
    """``qc``'s instructions in a topological order of its wire DAG (so the same operation)
    that runs every ready CNOT/phase gate first and then all ready other gates together: the
    gates that refresh wires come in columns, as early as they can, and a column is flushed
    once (Kahn's algorithm with two ready lists)."""
    last: dict = {}
    succ: list[list[int]] = [[] for _ in qc.data]
    deps = [0] * len(qc.data)
    for i, inst in enumerate(qc.data):
        for bit in (*inst.qubits, *inst.clbits):
            if bit in last and (not succ[last[bit]] or succ[last[bit]][-1] != i):
                succ[last[bit]].append(i)
                deps[i] += 1
            last[bit] = i
    linear = {"cx", "x", "swap", "cz", "ccz"} | NEUTRAL | set(FIXED_PHASES) | PARAM_PHASES
    ready = [i for i in range(len(qc.data)) if not deps[i]]
    order: list[int] = []
    while ready:
        easy = [i for i in ready if qc.data[i].operation.name in linear
                and not qc.data[i].clbits]
        batch = sorted(easy) if easy else sorted(ready)
        ready = [i for i in ready if i not in set(batch)]
        for i in batch:
            order.append(i)
            for j in succ[i]:
                deps[j] -= 1
                if not deps[j]:
                    ready.append(j)
    return [qc.data[i] for i in order]


def _eighths(inst) -> int | None:
    """k for a phase gate by k·π/4 (k mod 8), None for anything else."""
    name = inst.operation.name
    if name in FIXED_PHASES:
        return round(FIXED_PHASES[name] / _EIGHTH) % 8
    if name in PARAM_PHASES:
        theta = inst.operation.params[0]
        if isinstance(theta, ParameterExpression):
            theta = float(theta)
        return round(theta / _EIGHTH) % 8
    return None


def applicable(qc: QuantumCircuit) -> bool:
    """Every phase angle is a (numeric) multiple of π/4."""
    for inst in qc.data:
        if inst.operation.name in PARAM_PHASES:
            theta = inst.operation.params[0]
            if isinstance(theta, ParameterExpression) and theta.parameters:
                return False
            k = float(theta) / _EIGHTH
            if abs(k - round(k)) > 1e-9:
                return False
    return True


def t_par(qc: QuantumCircuit, ancillas: int = 0) -> QuantumCircuit:
    """``qc`` re-synthesised by T-par with ``ancillas`` extra clean qubits (returned to |0⟩);
    ``qc`` itself when some phase angle is not a multiple of π/4."""
    if ancillas < 0:
        raise ValueError("ancillas must be ≥ 0")
    if not applicable(qc):
        return qc
    results = []
    for columns in (False, True):  # two schedules of the refreshing gates (see run)
        first = _TPar(qc, ancillas, columns=columns)
        first.run()
        lifetimes: dict[int, list] = {}
        for p, k in first.recorded.items():
            if k:  # born with its newest variable (it stays computable until it expires)
                lifetimes.setdefault(first.var_birth[p.bit_length() - 1], []).append((p, k))
        second = _TPar(qc, ancillas, lifetimes, columns)
        second.order = first.death
        for p, b in first.death.items():  # T-type terms by the flush that must place them
            if first.recorded.get(p, 0) % 2:
                second.dying.setdefault(b, []).append(p)
        results.append(second.run())
    return min(results, key=lambda c: (count_circuit(c).t_depth, len(c.data)))


class TPar(CircuitPass):
    """Qiskit pass form of :func:`t_par`."""

    def __init__(self, ancillas: int = 0):
        super().__init__()
        self.ancillas = ancillas

    def transform(self, qc: QuantumCircuit) -> QuantumCircuit:
        return t_par(qc, self.ancillas)
