"""``qdl-compile --input circuit.qasm``: count (and optimise) a circuit from elsewhere.

OpenQASM 2 is read with ``qiskit.qasm2`` (the legacy ``qelib1.inc`` gate set, so files written
by other tools load as they mean); OpenQASM 3 (a file whose header says ``OPENQASM 3``) with
``qiskit.qasm3``, which needs the ``qiskit_qasm3_import`` package (the ``qasm3`` extra). Every
failure is a :class:`~qdl.errors.QdlError` naming the file and, when the parser says, the
line: a missing file, a syntax error, an unknown gate.

The circuit is counted with :func:`qdl.passes.circuit_count.count_circuit`. OpenQASM cannot
say which qubits are ancillas that start in |0⟩, and assuming it wrongly gives wrong circuits
(DESIGN §2), so none are unless ``--ancillas REG,...`` names their registers; those become
Qiskit ``AncillaRegister`` objects, which the passes read as clean. With
``--verify`` the optimised circuit is checked against the file's circuit
(:mod:`qdl.passes.equivalence`).
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
    """The circuit in the OpenQASM file ``path`` (version from its header), refused when its
    expanded size exceeds ``--limit qasm_gates``."""
    from qdl.compiler import limits

    qc = _parse(path)
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
    return qc


def _parse(path: str):
    from qiskit import qasm2, qasm3

    from qdl.compiler import inputs

    text = inputs.read_text(path, limit="qasm_bytes", what="OpenQASM file", error=UsageError)
    fix = "fix the OpenQASM program"
    if re.match(r"\s*(//[^\n]*\n\s*)*OPENQASM\s+3", text):
        if importlib.util.find_spec("qiskit_qasm3_import") is None:
            raise UsageError("reading OpenQASM 3 needs the qiskit_qasm3_import package",
                             "pip install 'qdl[qasm3]'", file=path)
        try:
            return qasm3.loads(text)
        except qasm3.QASM3ImporterError as exc:
            raise _located(path, str(exc), _QASM3_WHERE, fix) from None
        except BaseException as exc:  # the OpenQASM 3 parser's own syntax errors (or a panic)
            if not isinstance(exc, Exception) and not _is_panic(exc):
                raise
            line = _qasm3_syntax_line(exc)
            raise ModelError(f"OpenQASM 3 syntax error{'' if line else ' (line unknown)'}",
                             fix, file=path, line=line) from None
    try:
        return qasm2.loads(text, custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
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


def mark_ancillas(qc, names: list[str], path: str):
    """``qc`` with the registers called ``names`` turned into ancilla registers (|0⟩ at start)."""
    from qiskit import QuantumCircuit
    from qiskit.circuit import AncillaRegister

    known = {reg.name for reg in qc.qregs}
    for name in names:
        if name not in known:
            raise UsageError(f"--ancillas names register '{name}', which the circuit does not "
                             f"have", f"its registers are: {', '.join(sorted(known))}",
                             file=path)
    regs = [AncillaRegister(r.size, r.name) if r.name in names else r for r in qc.qregs]
    out = QuantumCircuit(*regs, *qc.cregs, name=qc.name, global_phase=qc.global_phase)
    out.compose(qc, qubits=out.qubits, clbits=out.clbits, inplace=True)
    return out


def compile_circuit(path: str, options: CompileOptions) -> Report:
    """A report for the circuit in ``path``: its cost, optimised if asked, verified if asked."""
    from qdl.passes.circuit_count import count_circuit
    from qdl.passes.optimize import optimize_circuit
    from qdl.passes.verify import VerificationResult

    qc = load_circuit(path)
    if options.extra.get("ancillas"):
        qc = mark_ancillas(qc, options.extra["ancillas"], path)
    name = Path(path).stem
    wanted = options.extra.get("optimize")
    sections = {}
    result = qc
    if wanted is not None:
        from qdl.compiler import limits

        limits.check("optimize_gates", flat_size(qc), "the circuit is too large for --optimize",
                     "optimise a smaller circuit", file=path)
        opt = optimize_circuit(qc, wanted["level"], qubit_budget=wanted.get("qubit_budget"))
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
        check = check_equivalent(qc, result)
        report.verification = [VerificationResult(
            "QuantumCircuit", {"file": path}, "optimised vs input: " + check.method,
            check.cases, check.passed, check.failures, time.perf_counter() - start)]
    return report
