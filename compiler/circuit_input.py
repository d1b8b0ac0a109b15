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


def load_circuit(path: str):
    """The circuit in the OpenQASM file ``path`` (version from its header)."""
    from qiskit import qasm2, qasm3

    file = Path(path)
    if not file.is_file():
        raise UsageError(f"cannot read circuit file {path}: no such file",
                         "give the path of an OpenQASM 2 or 3 file", file=path)
    text = file.read_text(encoding="utf-8", errors="replace")
    fix = "fix the OpenQASM program"
    if re.match(r"\s*(//[^\n]*\n\s*)*OPENQASM\s+3", text):
        if importlib.util.find_spec("qiskit_qasm3_import") is None:
            raise UsageError("reading OpenQASM 3 needs the qiskit_qasm3_import package",
                             "pip install 'qdl-compiler[qasm3]'", file=path)
        try:
            return qasm3.loads(text)
        except qasm3.QASM3ImporterError as exc:
            raise _located(path, str(exc), _QASM3_WHERE, fix) from None
        except Exception as exc:  # the OpenQASM 3 parser's own syntax errors
            line = _qasm3_syntax_line(exc)
            raise ModelError(f"OpenQASM 3 syntax error{'' if line else ' (line unknown)'}",
                             fix, file=path, line=line) from None
    try:
        return qasm2.loads(text, custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
    except qasm2.QASM2ParseError as exc:
        raise _located(path, str(exc), _QASM2_WHERE, fix) from None


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
