"""``qdl-compile``: compile a model file into a resource report.

Exit status: 0 success, 1 verification failed (the report is still written), 2 bad input or
usage (one line on stderr: ``error: FILE:LINE: what (how to fix)``), 3 internal error (a bug:
set QDL_DEBUG=1 to see the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings

from qdl import __version__
from qdl.compiler.cli_circuit import check_circuit_options, emit_circuit, preflight, simulate
from qdl.errors import QdlError, UsageError, shown

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
    rep = p.add_argument_group("report")
    rep.add_argument("--format", choices=["table", "json", "md", "html", "qdk", "qref"],
                   default="table",
                   help="report format (default: table); html: self-contained page with charts; "
                        "qdk: the Microsoft estimator's LogicalCounts JSON; qref: a QREF v1 "
                        "program")
    rep.add_argument("-o", "--output", metavar="FILE",
                   help="write the report to FILE (atomically) instead of standard output")
    rep.add_argument("--verify", action="store_true",
                   help="run the built circuits on Aer and check them against their reference")
    rep.add_argument("--count-from", choices=["hierarchy", "circuit"], default="hierarchy",
                   help="count from the block hierarchy (default, never builds) or from the "
                        "built gate-level circuit")
    phys = p.add_argument_group("physical estimate (docs/physical.md)")
    phys.add_argument("--physical", nargs="?", const="qubit_gate_ns_e3", metavar="PROFILE",
                   help="add the physical cost on a surface-code machine (profile default: "
                        "qubit_gate_ns_e3; see docs/physical.md)")
    phys.add_argument("--qec", choices=["surface_code", "floquet_code"],
                   help="QEC scheme of the physical estimate (default: surface_code)")
    phys.add_argument("--error-budget", type=_number(float, "--error-budget", 0, 1, open_=True),
                   metavar="X",
                   help="total error budget of the physical estimate, in (0, 1) (default 1e-3)")
    phys.add_argument("--frontier", action="store_true",
                   help="with --physical: add the space-time frontier (fewer T factories "
                        "against a longer runtime) as a table and, in html, a chart")
    opt = p.add_argument_group("optimisation passes (docs/passes.md)")
    opt.add_argument("--optimize", type=int, choices=[0, 1, 2, 3], metavar="LEVEL",
                   help="optimise the built circuit (0-3, see docs/passes.md) and count the "
                        "result; implies --count-from circuit")
    opt.add_argument("--qubit-budget", type=_number(int, "--qubit-budget", 1, 1 << 24),
                   metavar="N",
                   help="widest circuit --optimize 3 may produce (T-depth-1 Toffolis spend "
                        "4 ancillas; default: 4 more than level 2 leaves)")
    opt.add_argument("--optimize-for", choices=["t_count", "t_depth"],
                   help="what --optimize 3 aims at (default t_count; t_depth trades T-count "
                        "for T-depth-1 Toffolis under --qubit-budget)")
    opt.add_argument("--input", metavar="CIRCUIT",
                   help="count (and with --optimize, optimise) an OpenQASM 2 or 3 circuit, or "
                        "a .qc file (read by PyZX), instead of a model")
    opt.add_argument("--ancillas", metavar="SPEC,...",
                   help="with --input: scratch qubits, which start in |0⟩ and must end in |0⟩ "
                        "(SPEC: REG, REG[i] or REG[i:j]); the optimiser may use and reuse them")
    opt.add_argument("--clean-outputs", metavar="SPEC,...",
                   help="with --input: qubits that start in |0⟩ and hold results (never moved)")
    out = p.add_argument_group("circuit output and simulation (docs/simulation.md)")
    out.add_argument("--emit", choices=["qasm3", "qasm2", "qpy", "text", "png"],
                     help="write the model's circuit instead of the report (to -o, or stdout "
                          "for text formats); blocks are kept as named gates")
    out.add_argument("--flatten", action="store_true",
                     help="with --emit: the flat Clifford+T(+Toffoli) circuit, no named gates")
    out.add_argument("--simulate", action="store_true",
                     help="run the circuit on Aer from the model's inputs: and histogram the "
                          "decoded outputs")
    out.add_argument("--shots", type=_number(int, "--shots", 1, 1 << 62), default=None,
                     help="shots for --simulate (default: 1 when the output is deterministic "
                          "- a noiseless basis-state map on basis inputs -, else 1024; "
                          "limit: --limit shots=N)")
    out.add_argument("--seed", type=_number(int, "--seed", 0, (1 << 63) - 1), default=1,
                     help="simulator seed for --simulate (1)")
    out.add_argument("--noise", metavar="KIND:P",
                     help="noise on every gate: depolarizing:P or damping:GAMMA")
    out.add_argument("--method", choices=["statevector", "density_matrix",
                                          "matrix_product_state", "stabilizer",
                                          "extended_stabilizer", "automatic"],
                     help="Aer simulation method (default: matrix_product_state)")
    out.add_argument("--device", default="CPU", help="Aer device: CPU (default) or GPU "
                                                    "(needs qiskit-aer-gpu)")
    out.add_argument("--aer-option", action="append", default=[], metavar="KEY=VALUE",
                     help="pass an option straight to AerSimulator (repeatable), e.g. "
                          "max_parallel_threads=2, blocking_enable=true")
    net = p.add_argument_group("network scaling (docs/network.md)")
    net.add_argument("--sweep", metavar="PARAM=V1,V2,...",
                   help="recompile for each value of PARAM and add a scaling table, fitted "
                        "exponents and (html) a log-log chart; networks: height, tokens, rank, "
                        "epsilon, delta, bits (docs/network.md); other models: any number of "
                        "the model, e.g. bits=8,16,32 for a primitive or steps=10,100 for "
                        "training")
    net.add_argument("--jobs", type=_number(int, "--jobs", 1, 1024), default=1, metavar="N",
                   help="run a network's --sweep points in N parallel processes (default 1)")
    files = p.add_argument_group("files and limits (docs/model-format.md)")
    files.add_argument("--plots", metavar="DIR",
                       help="write side files (plots) into DIR; without it they go beside -o "
                            "FILE, and without -o nowhere")
    files.add_argument("--limit", action="append", default=[], metavar="NAME=VALUE",
                       help="raise (or lower) a resource limit, e.g. --limit shots=10000000; "
                            "the limits are listed in docs/model-format.md")
    files.add_argument("--progress", action="store_true",
                       help="report progress of long runs (--verify, --simulate, studies) on "
                            "standard error even when it is not a terminal, as plain "
                            "'progress:' lines (also QDL_PROGRESS=1)")
    files.add_argument("--no-cache", action="store_true",
                       help="count everything again: neither read nor write the on-disk count "
                            "cache (costs of network stages and gate programs kept between "
                            "runs of the same qdl source; QDL_CACHE_DIR=off turns it off, "
                            "another folder moves it; docs/network.md, 'Count cache')")
    p.add_argument("--list-primitives", action="store_true",
                   help="list the primitives a model file can name, and exit")
    p.add_argument("--version", action="version", version=f"qdl {__version__}")
    return p


def _number(kind: type, flag: str, low: float, high: float, open_: bool = False):
    """An argparse type: a finite ``kind`` number within [low, high] ((low, high) if open_)."""

    def parse(text: str):
        try:
            value = kind(text)
        except (ValueError, OverflowError):
            raise argparse.ArgumentTypeError(f"{flag} needs a number, got '{shown(text)}'")
        inside = low < value < high if open_ else low <= value <= high
        if not inside:  # NaN fails both comparisons
            bounds = f"({low}, {high})" if open_ else f"[{low:,}, {high:,}]"
            raise argparse.ArgumentTypeError(f"{flag} {shown(text)} is outside {bounds}")
        return value

    return parse


def list_primitives() -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from qdl.circuits.registry import primitives

    table = Table(title="qdl primitives", title_justify="left", show_lines=True)
    for col in ("name", "parameters (default)", "action", "cost", "reference"):
        table.add_column(col, overflow="fold")
    for name, prim in primitives().items():
        params = []
        for key, info in prim.params.model_fields.items():
            params.append(key if info.is_required() else f"{key} ({info.default})")
        # Text, not str: rich would read "[a < b]" in an action as markup and drop it
        table.add_row(*(Text(cell) for cell in (name, ", ".join(params), prim.action,
                                                prim.cost, prim.reference)))
    from io import StringIO

    from qdl.compiler.render.text import terminal_width

    buf = StringIO()
    Console(file=buf, width=terminal_width(), color_system=None, highlight=False,
            markup=False).print(table)
    return buf.getvalue()


def run(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    if args.list_primitives:
        sys.stdout.write(list_primitives())
        return EXIT_OK
    if args.physical and args.model is None and args.physical.endswith((".yaml", ".yml")):
        args.model, args.physical = args.physical, "qubit_gate_ns_e3"  # `--physical m.yaml`
    if args.input and args.model:
        raise UsageError("give a model file or --input CIRCUIT, not both",
                         "usage: qdl-compile MODEL.yaml [options] | qdl-compile --input FILE")
    if not args.model and not args.input:
        raise UsageError("no model file given", "usage: qdl-compile MODEL.yaml [options]")
    for flag, value in (("--ancillas", args.ancillas), ("--clean-outputs", args.clean_outputs)):
        if value and not args.input:
            raise UsageError(f"{flag} applies to --input circuits only",
                             "a model's blocks know their own ancillas")
    if args.qubit_budget is not None and args.optimize != 3:
        raise UsageError("--qubit-budget applies to --optimize 3 only", "add --optimize 3")
    if args.optimize_for is not None and args.optimize != 3:
        raise UsageError("--optimize-for applies to --optimize 3 only", "add --optimize 3")
    check_circuit_options(args)
    from qdl.compiler import inputs, limits
    from qdl.compiler.cli_checks import check_combinations
    from qdl.compiler.outputs import Outputs

    check_combinations(args)

    limits.set_overrides(args.limit)
    from qdl import progress

    progress.ask(args.progress)
    if args.no_cache:
        from qdl import count_cache

        count_cache.disable()
    inputs.begin_run()
    for given in (args.model, args.input):
        if given:
            inputs.remember(given)
    outputs = Outputs(args.output, args.plots)
    outputs.check()  # before any work: a bad -o must not cost a long compile first
    try:
        code = _compile_and_write(args, outputs, argv)
    except BaseException:
        outputs.discard()  # a failed run leaves no side file behind
        raise
    outputs.commit()
    return code


def _compile_and_write(args: argparse.Namespace, outputs, argv: list[str] | None) -> int:
    from qdl.compiler.finite import check_finite
    from qdl.compiler.model import CompileOptions, load_model
    from qdl.compiler.report import RENDERERS
    from qdl.estimators import report_physical as phys

    overrides = {key: value for key, value in (("profile", args.physical), ("qec", args.qec),
                 ("error_budget", args.error_budget)) if value is not None}
    if args.jobs > 1 and not args.sweep:
        raise UsageError("--jobs applies to --sweep", "add --sweep PARAM=v1,v2,...")
    if "profile" in overrides:  # misspelt: refused before --verify or a sweep runs minutes
        from qdl.estimators.qubit_profiles import profile

        profile(overrides["profile"])
    extra = {"physical_overrides": overrides, "output": args.output, "sweep": args.sweep,
             "jobs": args.jobs, "outputs": outputs,
             "ancillas": _specs(args.ancillas), "clean_outputs": _specs(args.clean_outputs),
             "circuit": bool(args.emit or args.simulate),
             "preflight": lambda block: preflight(args, block)}
    if args.optimize is not None:
        extra["optimize"] = {"level": args.optimize, "qubit_budget": args.qubit_budget,
                             "target": args.optimize_for}
    options = CompileOptions(verify=args.verify, count_from=args.count_from, extra=extra)
    if args.input:
        from qdl.compiler.circuit_input import compile_circuit

        if args.sweep:  # a circuit file has no parameters to sweep
            raise UsageError("--sweep applies to model files, not to --input circuits",
                             "drop --sweep, or sweep a model file's parameter")
        report = compile_circuit(args.input, options)
        source = args.input
    else:
        kind, spec, doc = load_model(args.model)
        source = args.model
        outputs.check()  # the model's data tables are inputs too
        if args.sweep and kind.name != "network":
            from qdl.compiler.sweep_any import sweep_report

            if args.jobs > 1:
                raise UsageError(f"--jobs applies to a network's --sweep, not a {kind.name} "
                                 "model's", "drop --jobs")
        try:
            if args.sweep and kind.name != "network":
                report = sweep_report(kind, spec, doc, options, args.sweep)
            else:
                report = kind.compile(spec, doc, options)
        except QdlError as exc:  # a cross-parameter error still names the file
            raise exc.located(doc.path, doc.lines.line((kind.key,))) from None
        if args.optimize is not None and "optimization" not in report.sections:
            raise UsageError(f"--optimize does not apply to a {kind.name} model: it builds "
                             "no circuit", "drop --optimize", file=args.model)
        if args.emit:
            emit_circuit(args, report, outputs)
            return EXIT_OK
        if args.simulate:
            report.sections["simulation"] = simulate(args, report, spec, doc)
    if overrides and "physical" not in report.sections:
        report.sections["physical"] = phys.physical_section(report,
                                                            phys.PhysicalRequest(**overrides))
    if args.frontier and "physical_frontier" not in report.sections:
        report.sections["physical_frontier"] = phys.frontier_section_for(
            report, phys.PhysicalRequest(**overrides))
    if args.verify and report.verification is None:
        report.verification = []  # the report says there was nothing to verify
    from qdl.compiler.provenance import provenance

    report.provenance = provenance(["qdl-compile", *(sys.argv[1:] if argv is None else argv)],
                                   args.input or args.model)
    check_finite(report, source)
    renderers = {**RENDERERS, "qdk": phys.render_qdk, "qref": phys.render_qref}
    text = renderers[args.format](report)
    if args.output:
        outputs.write(text)
    else:
        sys.stdout.write(text)
    return EXIT_OK if report.verified else EXIT_VERIFY_FAILED


def _specs(text: str | None) -> list[str]:
    """Comma-separated qubit specs; a comma inside brackets (never valid) is left to the
    spec parser's error."""
    return [n.strip() for n in (text or "").split(",") if n.strip()]


def _quiet_library_logs() -> None:
    """Aer logs a failed run at WARNING, which Python prints without a handler; qdl reports
    the failure itself, in one line."""
    import logging

    for name in ("qiskit", "qiskit_aer"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
            logger.propagate = False


def main(argv: list[str] | None = None) -> int:
    try:
        with warnings.catch_warnings():
            if not os.environ.get("QDL_DEBUG"):  # library warnings and log records must not
                warnings.simplefilter("ignore")  # precede the one error line (numpy, Aer)
                _quiet_library_logs()
            code = run(argv)
    except QdlError as exc:
        print(exc.one_line(), file=sys.stderr)
        code = EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        code = 130
    except (SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # a traceback reaching a user is a bug: say so in one line
        if os.environ.get("QDL_DEBUG"):  # (BaseException: a Rust panic in a parser is one)
            raise
        print(f"error: internal error: {type(exc).__name__}: {shown(exc, 300)} (this is a bug "
              "in qdl; rerun with QDL_DEBUG=1 for the traceback and report it)", file=sys.stderr)
        code = EXIT_INTERNAL
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
