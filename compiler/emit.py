"""``--emit``: write a model's gate-level circuit for use in other tools.

Formats (``--emit`` has no default: the format is named): OpenQASM 3, OpenQASM 2 (circuits without mid-circuit measurement and
classical control only), QPY (Qiskit's binary format), and drawings as text or PNG (Qiskit's
drawers; PNG needs the ``plots`` extra). By default the hierarchy is kept: every child block
whose circuit is unitary becomes a named gate with its own definition (``CuccaroAdder_bits8``),
and the temporary AND stays the ``and`` gate. ``--flatten`` gives the flat Clifford+T(+Toffoli)
form instead: all blocks inlined and every ``and`` expanded into Gidney's Clifford+T circuit.

Every emitted program re-loads into Qiskit (:func:`load_circuit`) with the same counts and the
same simulated behaviour; the tests check both for every format that can be re-loaded.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from qdl.errors import QdlError, UsageError

if TYPE_CHECKING:
    from qiskit import QuantumCircuit

    from qdl.circuits.block import Block

FORMATS = ("qasm3", "qasm2", "qpy", "text", "png")
BINARY = {"qpy", "png"}
#: gate layers per row of a PNG drawing (Qiskit's ``fold``)
PNG_FOLD = 40
#: most wire rows (wires × folded rows) a PNG may hold: ~80 px each at 110 dpi, so 200 rows
#: is a 16,000 px tall page. The 32-bit adder would be 96 wires × 7 rows = 672 (a 3000 ×
#: 55,000 px image, 130 s and 1.9 GB to draw); the 8-bit one is 24 × 2 = 48.
MAX_PNG_ROWS = 200


def check_drawable(qc: "QuantumCircuit") -> None:
    """Refuse a PNG drawing too large to read (and slow and memory-hungry to draw)."""
    wires = qc.num_qubits + (1 if qc.num_clbits else 0)
    rows = wires * -(-qc.depth() // PNG_FOLD)
    if rows > MAX_PNG_ROWS:
        raise UsageError(f"a PNG of this circuit ({qc.num_qubits} qubits, {qc.depth()} layers) "
                         f"would stack {rows} wire rows, more than the {MAX_PNG_ROWS} a legible "
                         "drawing holds", "emit text or qasm3, or draw a smaller instance "
                         "(e.g. bits: 8)")


def circuit_for_emit(block: "Block", flatten: bool) -> "QuantumCircuit":
    from qdl.passes.build import build_circuit
    from qdl.passes.verify import expand_for_aer, fold_global_phase

    if flatten:
        return expand_for_aer(build_circuit(block))  # global phases folded there too
    return fold_global_phase(build_circuit(block, hierarchy=True))


def has_dynamics(qc: "QuantumCircuit") -> bool:
    return any(inst.operation.name in ("measure", "reset", "if_else") for inst in qc.data)


def emit(qc: "QuantumCircuit", fmt: str) -> str | bytes:
    """The circuit in ``fmt``: text for qasm3/qasm2/text, bytes for qpy/png."""
    if fmt == "qasm3":
        from qiskit import qasm3

        return qasm3.dumps(qc)
    if fmt == "qasm2":
        if has_dynamics(qc):
            raise UsageError("OpenQASM 2 cannot express this circuit's mid-circuit measurements "
                             "and classically controlled fix-ups",
                             "use --emit qasm3 or --emit qpy")
        from qiskit import qasm2

        return qasm2.dumps(qc)
    if fmt == "qpy":
        from qiskit import qpy

        buf = io.BytesIO()
        qpy.dump(qc, buf)
        return buf.getvalue()
    if fmt == "text":
        return str(qc.draw("text", fold=120)) + "\n"
    if fmt == "png":
        try:
            import matplotlib
            import pylatexenc  # noqa: F401  (Qiskit's matplotlib drawer needs it)
        except ImportError:
            raise UsageError("--emit png needs matplotlib and pylatexenc",
                             "pip install 'qdl-compiler[plots]'") from None
        check_drawable(qc)
        matplotlib.use("Agg")
        buf = io.BytesIO()
        figure = qc.draw("mpl", fold=PNG_FOLD)
        figure.savefig(buf, format="png", dpi=110, bbox_inches="tight")
        return buf.getvalue()
    raise UsageError(f"unknown emit format '{fmt}'", f"use one of {', '.join(FORMATS)}")


def load_circuit(path: str | Path) -> "QuantumCircuit":
    """Read an OpenQASM 2/3 or QPY file back into Qiskit (one-line QdlError on failure)."""
    path = Path(path)
    if not path.is_file():
        raise QdlError("no such file", "check the path", file=str(path))
    if path.suffix == ".qpy":
        from qiskit import qpy

        with path.open("rb") as fh:
            return qpy.load(fh)[0]
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("OPENQASM 2"):
        from qiskit import qasm2

        try:
            return qasm2.loads(text, custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
        except qasm2.QASM2ParseError as exc:
            raise QdlError(f"OpenQASM 2 parse error: {exc}", "check the file",
                           file=str(path)) from None
    from qiskit import qasm3

    try:
        return qasm3.loads(text)
    except ImportError:
        raise UsageError("reading OpenQASM 3 needs the qiskit_qasm3_import package",
                         "pip install 'qdl-compiler[qasm3]'") from None
    except Exception as exc:  # the importer raises its own error types
        raise QdlError(f"OpenQASM 3 parse error: {str(exc).splitlines()[0]}", "check the file",
                       file=str(path)) from None
