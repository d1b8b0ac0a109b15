"""``qdl-compile --input circuit.qasm``: count (and optimise) a circuit from elsewhere.

OpenQASM 2 is read with ``qiskit.qasm2`` (the legacy ``qelib1.inc`` gate set, so files written
by other tools load as they mean); OpenQASM 3 (a file whose header says ``OPENQASM 3``) with
``qiskit.qasm3``, which needs the ``qiskit_qasm3_import`` package (the ``qasm3`` extra). Every
failure is a :class:`~qdl.errors.QdlError` naming the file and, when the parser says, the
line: a missing file, a syntax error, an unknown gate.

A ``.qc`` file (the format of the Amy–Maslov–Mosca benchmark suite, e.g. meamy/feynman's
``benchmarks/qc``) is parsed by PyZX (its ``.qc`` parser; the ``zx`` extra; ``Zd`` read as the
equal ``Z``, which PyZX 0.10 lacks) and
handed over as OpenQASM 2 on one register ``q`` (the ``.v`` order), Toffolis kept as ``ccx``;
the format's ``.i`` line names the inputs, so every other qubit starts in |0⟩ (it is *clean*,
but not known to end in |0⟩).

The circuit is counted with :func:`qdl.passes.circuit_count.count_circuit`. OpenQASM cannot
say which qubits start in |0⟩, and assuming it wrongly gives wrong circuits (DESIGN §2), so
only qubits the user declares are (plus registers named ``anc``, qdl's own convention):

- ``--ancillas SPEC,...``: scratch ancillas: start in |0⟩ and must end in |0⟩; ancilla reuse
  may move them;
- ``--clean-outputs SPEC,...``: start in |0⟩ and hold results at the end; never moved.

A SPEC is a register name (``work``), one qubit (``q[7]``) or a half-open range (``q[9:15]``).
With ``--verify`` the optimised circuit is checked against the file's circuit
(:mod:`qdl.passes.equivalence`), on exactly those declarations.
"""

from __future__ import annotations

import importlib.util
import re
import time
from pathlib import Path

from qdl.compiler.model import CompileOptions
from qdl.compiler.report import Layer, Report
from qdl.errors import ModelError, UsageError

_QASM2_WHERE = re.compile(r":(\d+),(\d+): (.*)", re.S)
_QASM3_WHERE = re.compile(r"^\W*(\d+),(\d+): (.*)", re.S)
_SPEC = re.compile(r"^\s*([A-Za-z_][\w]*)\s*(?:\[\s*(\d+)\s*(?::\s*(\d+)\s*)?\])?\s*$")


def _located(path: str, message: str, pattern: re.Pattern, fix: str) -> ModelError:
    match = pattern.search(message.strip().strip('"'))
    if match:
        return ModelError(match.group(3).strip(), fix, file=path, line=int(match.group(1)))
    return ModelError(message.strip().strip('"') or "not a valid OpenQASM program", fix,
                      file=path)


def _qasm3_syntax_line(exc: BaseException) -> int | None:
    """The line of an OpenQASM 3 syntax error (ANTLR's offending token), if the parser kept it."""
    seen = exc
    while seen is not None:
        for arg in getattr(seen, "args", ()):
            token = getattr(arg, "offendingToken", None)
            if token is not None and getattr(token, "line", None):
                return token.line
        seen = seen.__cause__ or seen.__context__
    return None


#: ``.qc`` gate names PyZX 0.10 does not know, and the exact equivalent it does: Z is its own
#: inverse, so the suite's ``Zd`` (Z†, with any controls) is ``Z``.
QC_ALIASES = {"zd": "Z"}


def parse_qc(text: str):
    """A ``.qc`` program as a ``pyzx.Circuit`` (aliases of :data:`QC_ALIASES` applied)."""
    from pyzx.circuit.qcparser import parse_qc as pyzx_parse_qc

    lines = []
    for line in text.splitlines():
        name, sep, rest = line.strip().partition(" ")
        alias = QC_ALIASES.get(name.lower())
        lines.append(f"{alias}{sep}{rest}" if alias and sep else line)
    return pyzx_parse_qc("\n".join(lines) + "\n")


def load_qc(path: str, text: str):
    """A ``.qc`` circuit, through PyZX, and the indices of its non-input (|0⟩) qubits."""
    from qiskit import qasm2

    if importlib.util.find_spec("pyzx") is None:
        raise UsageError("reading .qc files needs PyZX", "pip install 'qdl-compiler[zx]'",
                         file=path)
    import pyzx

    try:
        circuit = parse_qc(text)
    except (TypeError, ValueError, KeyError) as exc:
        raise ModelError(f"cannot read .qc circuit: {exc}", "fix the .qc program", file=path,
                         line=_qc_line(text, str(exc))) from None
    from qiskit.circuit.library import CCZGate

    ccz = qasm2.CustomInstruction("ccz", 0, 3, CCZGate, builtin=True)  # PyZX writes it
    qc = qasm2.loads(circuit.to_qasm(),
                     custom_instructions=(*qasm2.LEGACY_CUSTOM_INSTRUCTIONS, ccz))
    labels = []
    inputs = None
    for line in text[:text.find("BEGIN")].splitlines():
        words = line.replace(",", " ").split()
        if words and words[0].startswith("."):
            labels += [w for w in words[1:] if w not in labels]
            if words[0] == ".i":
                inputs = set(words[1:])
    zero = frozenset(range(len(labels), qc.num_qubits))  # PyZX's ancillas for big Toffolis
    if inputs is not None:
        zero |= {k for k, name in enumerate(labels) if name not in inputs}
    return qc, frozenset(zero)


def _qc_line(text: str, message: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and line.strip() in message:
            return number
    return None


def _is_panic(exc: BaseException) -> bool:
    """A Rust panic in qiskit's parsers: pyo3's PanicException, a BaseException subclass
    whose module (pyo3_runtime) cannot be imported to name it."""
    return type(exc).__name__ == "PanicException"


def flat_size(qc, memo: dict | None = None) -> int:
    """Gates of ``qc`` once every gate definition is expanded, as count_circuit expands them,
    computed per distinct gate (a 40-level definition bomb costs 40 steps, not 2^40)."""
    from qdl.passes.circuit_count import CLIFFORDS, FREE, ROTATIONS, T_GATES, TOFFOLIS

    leaves = CLIFFORDS | T_GATES | TOFFOLIS | ROTATIONS | FREE | {"and", "measure", "reset"}
    memo = {} if memo is None else memo
    total = 0
    for inst in qc.data:
        op = inst.operation
        if op.name in leaves:
            total += 1
        elif op.name == "if_else":
            total += sum(flat_size(block, memo) for block in op.blocks if block is not None)
        else:
            key = (op.name, op.num_qubits, len(op.params))
            if key not in memo:
                memo[key] = 0  # a recursive definition counts as empty, not forever
                definition = op.definition
                memo[key] = 1 if definition is None else max(flat_size(definition, memo), 1)
            total += memo[key]
    return total


def load_circuit(path: str):
    """The circuit in the OpenQASM file ``path`` (version from its header), or in a ``.qc``
    file (see the module docstring; its non-input qubits are dropped from this view)."""
    return load_circuit_and_zeros(path)[0]


def load_circuit_and_zeros(path: str):
    """(circuit, qubits the file itself says start in |0⟩), refused when the circuit's
    expanded size exceeds ``--limit qasm_gates``."""
    from qdl.compiler import limits

    qc, zeros = _parse(path)
    try:
        size = flat_size(qc)
    except RecursionError:
        raise ModelError("gate definitions nested too deeply", "flatten them",
                         file=path) from None
    limits.check("qasm_gates", size, "the circuit is too large to count gate by gate",
                 "count a smaller circuit", file=path)
    if qc.num_qubits == 0:
        raise ModelError("the program declares no qubits", "declare a qreg (OpenQASM 2) or "
                         "qubit register (OpenQASM 3)", file=path)
    return qc, zeros


def _parse(path: str):
    from qiskit import qasm2, qasm3

    from qdl.compiler import inputs

    text = inputs.read_text(path, limit="qasm_bytes", what="circuit file", error=UsageError)
    if Path(path).suffix == ".qc":
        return load_qc(path, text)
    fix = "fix the OpenQASM program"
    if re.match(r"\s*(//[^\n]*\n\s*)*OPENQASM\s+3", text):
        if importlib.util.find_spec("qiskit_qasm3_import") is None:
            raise UsageError("reading OpenQASM 3 needs the qiskit_qasm3_import package",
                             "pip install 'qdl-compiler[qasm3]'", file=path)
        try:
            return qasm3.loads(text), frozenset()
        except qasm3.QASM3ImporterError as exc:
            raise _located(path, str(exc), _QASM3_WHERE, fix) from None
        except BaseException as exc:  # the OpenQASM 3 parser's own syntax errors (or a panic)
            if not isinstance(exc, Exception) and not _is_panic(exc):
                raise
            line = _qasm3_syntax_line(exc)
            raise ModelError(f"OpenQASM 3 syntax error{'' if line else ' (line unknown)'}",
                             fix, file=path, line=line) from None
    try:
        return (qasm2.loads(text, custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS),
                frozenset())
    except qasm2.QASM2ParseError as exc:
        raise _located(path, str(exc), _QASM2_WHERE, fix) from None
    except BaseException as exc:
        # the parser accepted the text but building the circuit failed (a register of 10^11
        # qubits, a parameter beyond the float range), or its Rust core panicked
        from qiskit.exceptions import QiskitError

        if not isinstance(exc, (ValueError, OverflowError, MemoryError, QiskitError)) \
                and not _is_panic(exc):
            raise
        raise ModelError(f"cannot build the circuit: {type(exc).__name__}", fix,
                         file=path) from None


def declared_qubits(qc, specs: list[str], flag: str, path: str) -> frozenset[int]:
    """Qubit indices named by ``specs`` (``REG``, ``REG[i]`` or ``REG[i:j]``, half-open)."""
    regs = {reg.name: reg for reg in qc.qregs}
    out = set()
    for spec in specs:
        match = _SPEC.match(spec)
        if not match:
            raise UsageError(f"{flag} cannot read '{spec}'",
                             "write REG, REG[i] or REG[i:j] (half-open), comma-separated",
                             file=path)
        name, lo, hi = match.group(1), match.group(2), match.group(3)
        if name not in regs:
            raise UsageError(f"{flag} names register '{name}', which the circuit does not "
                             f"have", f"its registers are: {', '.join(sorted(regs))}",
                             file=path)
        reg = regs[name]
        start = 0 if lo is None else int(lo)
        stop = len(reg) if lo is None else (start + 1 if hi is None else int(hi))
        if not 0 <= start < stop <= len(reg):
            raise UsageError(f"{flag} '{spec}' is outside register {name}[{len(reg)}]",
                             f"use indices 0..{len(reg) - 1}", file=path)
        out.update(qc.find_bit(reg[k]).index for k in range(start, stop))
    return frozenset(out)


def qubit_roles(qc, extra: dict, zeros: frozenset[int], path: str):
    """(clean, scratch): qubits that start in |0⟩, and those of them that must end in |0⟩."""
    from qdl.passes.flatten import clean_qubits

    scratch = declared_qubits(qc, extra.get("ancillas") or [], "--ancillas", path)
    outputs = declared_qubits(qc, extra.get("clean_outputs") or [], "--clean-outputs", path)
    if scratch & outputs:
        raise UsageError("a qubit is declared both scratch (--ancillas) and output "
                         "(--clean-outputs)", "name each qubit in one of the two", file=path)
    scratch |= clean_qubits(qc) - outputs
    return scratch | outputs | zeros, scratch


def compile_circuit(path: str, options: CompileOptions) -> Report:
    """A report for the circuit in ``path``: its cost, optimised if asked, verified if asked."""
    from qdl.passes.circuit_count import count_circuit
    from qdl.passes.optimize import optimize_circuit
    from qdl.passes.verify import VerificationResult

    qc, zeros = load_circuit_and_zeros(path)
    clean, scratch = qubit_roles(qc, options.extra, zeros, path)
    name = Path(path).stem
    wanted = options.extra.get("optimize")
    sections = {}
    result = qc
    if wanted is not None:
        from qdl.compiler import limits

        limits.check("optimize_gates", flat_size(qc), "the circuit is too large for --optimize",
                     "optimise a smaller circuit", file=path)
        opt = optimize_circuit(qc, wanted["level"], qubit_budget=wanted.get("qubit_budget"),
                               clean=clean, scratch=scratch,
                               target=wanted.get("target") or "t_count")
        result, cost = opt.circuit, opt.after
        sections["optimization"] = opt.section()
    else:
        cost = count_circuit(qc)
    report = Report(model=name, kind="circuit",
                    layers=[Layer(name=name, block="QuantumCircuit",
                                  params={"file": path, "qubits": qc.num_qubits}, cost=cost)],
                    count_from="circuit", sections=sections)
    if options.verify:
        from qdl.passes.equivalence import check_equivalent

        start = time.perf_counter()
        check = check_equivalent(qc, result, clean=clean, scratch=scratch)
        report.verification = [VerificationResult(
            "QuantumCircuit", {"file": path}, f"optimised vs input ({check.status}): "
            + check.method, check.cases, check.passed, check.failures,
            time.perf_counter() - start, status=check.status)]
    return report
