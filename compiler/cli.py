"""``qdl-compile``: compile a model file into a resource report.

Exit status: 0 success, 1 verification failed (the report is still written), 2 bad input or
usage (one line on stderr: ``error: FILE:LINE: what (how to fix)``), 3 internal error (a bug:
set QDL_DEBUG=1 to see the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from qdl import __version__
from qdl.errors import QdlError, UsageError

EXIT_OK, EXIT_VERIFY_FAILED, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line and a QdlError (exit 2)."""

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(message, "run 'qdl-compile --help'")


def make_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="qdl-compile",
                description="Compile a quantum deep-learning model (or one primitive) into an "
                            "exact fault-tolerant resource report.")
    p.add_argument("model", nargs="?", help="the model file (YAML)")
    p.add_argument("--format", choices=["table", "json", "md", "html", "qdk", "qref"], default="table",
                   help="report format (default: table); qdk: the Microsoft estimator's "
                        "LogicalCounts JSON; qref: a QREF v1 program")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the report to FILE (atomically) instead of standard output")
    p.add_argument("--verify", action="store_true",
                   help="run the built circuits on Aer and check them against their reference")
    p.add_argument("--count-from", choices=["hierarchy", "circuit"], default="hierarchy",
                   help="count from the block hierarchy (default, never builds) or from the "
                        "built gate-level circuit")
    p.add_argument("--physical", nargs="?", const="qubit_gate_ns_e3", metavar="PROFILE",
                   help="add the physical cost on a surface-code machine (profile default: "
                        "qubit_gate_ns_e3; see docs/physical.md)")
    p.add_argument("--qec", choices=["surface_code", "floquet_code"],
                   help="QEC scheme of the physical estimate (default: surface_code)")
    p.add_argument("--error-budget", type=float, metavar="X",
                   help="total error budget of the physical estimate, in (0, 1) (default 1e-3)")
    p.add_argument("--sweep", metavar="PARAM=V1,V2,...",
                   help="network models: recompile for each value of PARAM (height, tokens, "
                        "rank, epsilon, delta, bits) and add a scaling table with fitted "
                        "exponents (docs/network.md)")
    p.add_argument("--list-primitives", action="store_true",
                   help="list the primitives a model file can name, and exit")
    p.add_argument("--version", action="version", version=f"qdl {__version__}")
    return p


def list_primitives() -> str:
    from rich.console import Console
    from rich.table import Table

    from qdl.circuits.registry import primitives

    table = Table(title="qdl primitives", title_justify="left", show_lines=True)
    for col in ("name", "parameters (default)", "action", "cost", "reference"):
        table.add_column(col, overflow="fold")
    for name, prim in primitives().items():
        params = []
        for key, info in prim.params.model_fields.items():
            params.append(key if info.is_required() else f"{key} ({info.default})")
        table.add_row(name, ", ".join(params), prim.action, prim.cost, prim.reference)
    from io import StringIO

    buf = StringIO()
    Console(file=buf, width=160, color_system=None, highlight=False).print(table)
    return buf.getvalue()


def write_atomic(path: str, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and a rename: never a partial file."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise UsageError(f"cannot write {path}: no directory {directory}",
                         "create the directory or choose another -o path")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def run(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    if args.list_primitives:
        sys.stdout.write(list_primitives())
        return EXIT_OK
    if args.physical and args.model is None and args.physical.endswith((".yaml", ".yml")):
        args.model, args.physical = args.physical, "qubit_gate_ns_e3"  # `--physical m.yaml`
    if not args.model:
        raise UsageError("no model file given", "usage: qdl-compile MODEL.yaml [options]")

    from qdl.compiler.model import CompileOptions, load_model
    from qdl.compiler.report import RENDERERS
    from qdl.estimators import report_physical as phys

    kind, spec, doc = load_model(args.model)
    if args.sweep and kind.name != "network":
        raise UsageError(f"--sweep applies to network models, not to a {kind.name} model",
                         "remove --sweep")
    overrides = {key: value for key, value in (("profile", args.physical), ("qec", args.qec),
                 ("error_budget", args.error_budget)) if value is not None}
    options = CompileOptions(verify=args.verify, count_from=args.count_from,
                             extra={"physical_overrides": overrides, "output": args.output,
                                    "sweep": args.sweep})
    report = kind.compile(spec, doc, options)
    if overrides and "physical" not in report.sections:
        report.sections["physical"] = phys.physical_section(report,
                                                            phys.PhysicalRequest(**overrides))
    renderers = {**RENDERERS, "qdk": phys.render_qdk, "qref": phys.render_qref}
    text = renderers[args.format](report)
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK if report.verified else EXIT_VERIFY_FAILED


def main(argv: list[str] | None = None) -> int:
    try:
        code = run(argv)
    except QdlError as exc:
        print(exc.one_line(), file=sys.stderr)
        code = EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        code = 130
    except Exception as exc:  # a traceback reaching a user is a bug: say so in one line
        if os.environ.get("QDL_DEBUG"):
            raise
        print(f"error: internal error: {type(exc).__name__}: {exc} (this is a bug in qdl; "
              "rerun with QDL_DEBUG=1 for the traceback and report it)", file=sys.stderr)
        code = EXIT_INTERNAL
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
