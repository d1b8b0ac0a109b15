"""The basis-state form of a circuit: the same map on computational basis states, run with
the index bound per run (check 2 of ``--verify``, qdl.estimators.network.verify).

Check 2 prepares a basis state |e⟩ of the index (every other wire |0⟩), runs the compute half
once and reads every wire in the computational basis. A stage's compute half is a reversible
classical computation written with Clifford+T gates: permutations of basis states (X, CX,
Toffoli, SWAP, controlled SWAP), diagonal gates (Z, S, T, CZ, CCZ, phases: a basis state only
gains a phase), Gidney's temporary AND (arXiv:1709.06648 Fig. 3: |a, b, 0⟩ → |a, b, ab⟩) and
measurement-based uncomputation (H, then a Z measurement of the same wire, then classically
controlled phase fixes). On such a circuit, started in a basis state, the state before every
gate is a basis state up to a global phase (the only non-permutation, H, is measured before
its wire is used again, which leaves a basis state), so the wires' final values do not depend
on any phase. The basis form therefore

* drops diagonal gates and ``if_else`` blocks whose bodies are diagonal (the phase fixes);
* runs ``and`` as a Toffoli, after a Z measurement of its target into a clbit of register
  ``and_targets`` that must read 0 (the gate's precondition; on a basis state the
  measurement does not disturb anything);
* keeps everything else (X, CX, Toffoli, SWAP, H, measure, reset).

On Aer's matrix_product_state method the form stays at bond dimension 1 and has no control
flow, whose Python-side conversion (inlining every ``if_else``) cost ~20 s per circuit of a
shrunk conv stage while the simulation took < 1 s. A circuit without this shape (a gate on a
wire between its H and its measurement, any other gate) has no basis form: :func:`basis_form`
returns None and :func:`run_indices` runs the circuit as built.
"""

from __future__ import annotations

from qiskit import ClassicalRegister, QuantumCircuit

#: Gates that only multiply a basis state by a phase.
DIAGONAL = {"z", "s", "sdg", "t", "tdg", "cz", "ccz", "p", "rz", "u1", "cp", "crz", "cu1",
            "cs", "csdg", "id", "delay", "barrier", "global_phase", "mcphase"}
#: Permutations of basis states the form keeps (``and`` becomes a checked ``ccx``).
PERMUTATION = {"x", "cx", "ccx", "swap", "cswap"}
#: What may act on a wire between its H and its measurement.
_ON_SUPERPOSED = {"h", "measure", "reset", "barrier"}


def basis_form(qc: QuantumCircuit) -> QuantumCircuit | None:
    """``qc`` (custom gates other than ``and`` expanded) in its basis-state form (module
    docstring), the same wires and clbits plus one clbit per ``and`` (register
    ``and_targets``, all must read 0); or None when ``qc`` has no basis form."""
    out = qc.copy_empty_like()
    checks = sum(1 for inst in qc.data if inst.operation.name == "and")
    reg = ClassicalRegister(max(1, checks), "and_targets")
    out.add_register(reg)
    superposed: set = set()
    k = 0
    for inst in qc.data:
        op, qubits = inst.operation, inst.qubits
        name = op.name
        if superposed.intersection(qubits) and name not in _ON_SUPERPOSED:
            return None  # a gate on a wire between its H and its measurement
        if name == "h":
            superposed ^= {qubits[0]}
        elif name in ("measure", "reset"):
            superposed.discard(qubits[0])
        elif name in DIAGONAL:
            continue
        elif name == "if_else":
            if not all(_diagonal(body) for body in op.blocks if body is not None):
                return None
            continue  # a classically controlled phase fix: a phase on a basis state
        elif name == "and":
            out.measure(qubits[2], reg[k])  # its precondition: the target reads 0
            k += 1
            out.ccx(*qubits)
            continue
        elif name not in PERMUTATION:
            return None
        out.append(inst)
    return out


def _diagonal(body: QuantumCircuit) -> bool:
    return all(inst.operation.name in DIAGONAL or (inst.operation.name == "if_else" and all(
        _diagonal(b) for b in inst.operation.blocks if b is not None)) for inst in body.data)


def expand_but_and(qc: QuantumCircuit) -> QuantumCircuit:
    """Custom gates expanded for Aer, ``and`` kept so :func:`basis_form` can see it."""
    from qdl.passes.verify import expand_for_aer

    return expand_for_aer(qc, keep=frozenset({"and"}))


def run_indices(block, built: QuantumCircuit, indices: list[int], seed: int,
                register: str = "index") -> tuple[list[tuple[dict[str, int], bool]], str]:
    """Run ``built`` (``block``'s circuit, signature registers first) once per value of
    ``register`` (every other wire |0⟩), one shot each on aer:matrix_product_state: the
    measured value of every signature register and whether any ancilla ended outside |0⟩ (or
    an ``and`` met a target outside |0⟩). One circuit for all values: the register's basis
    state is bound as RX(π·bit) = −i·X per bit (a phase on a basis state) through Aer's
    parameter binding, so Aer converts the circuit once. Runs the basis form when ``built``
    has one (module docstring), else the circuit itself; the second value says which."""
    import numpy as np
    from qiskit.circuit import Parameter
    from qiskit_aer import AerSimulator

    from qdl.passes.verify import expand_for_aer, register_offsets

    body = basis_form(expand_but_and(built))
    form = "basis form" if body is not None else "circuit as built"
    if body is None:
        body = expand_for_aer(built)
    offsets = register_offsets(block)
    lo, width = offsets[register], block.signature[register].width
    thetas = [Parameter(f"b{i}") for i in range(width)]
    qc = QuantumCircuit(*body.qregs, *body.cregs)
    for i, theta in enumerate(thetas):
        qc.rx(theta, lo + i)
    qc.compose(body, inplace=True)
    out = ClassicalRegister(body.num_qubits, "out")
    qc.add_register(out)
    qc.measure(range(body.num_qubits), out)
    binds = {t: [np.pi * ((v >> i) & 1) for v in indices] for i, t in enumerate(thetas)}
    # mps_swap_right: measured ~30 % faster than the default on the conv stages
    sim = AerSimulator(method="matrix_product_state", mps_swap_direction="mps_swap_right")
    result = sim.run(qc, parameter_binds=[binds], shots=1, seed_simulator=seed).result()
    sig_width = block.signature.width
    runs = []
    for k in range(len(indices)):
        (key,) = result.get_counts(k)
        parts = key.split(" ")  # registers last-added first: out, and_targets, ...
        bits = parts[0][::-1]
        got = {r.name: int(bits[offsets[r.name]:offsets[r.name] + r.width][::-1], 2)
               for r in block.signature}
        checks = "".join(parts[1:2]) if form == "basis form" else ""
        runs.append((got, bool(bits[sig_width:].strip("0") or checks.strip("0"))))
    return runs, form
