"""The CLI's actions on a model's one circuit: ``--emit`` (write it) and ``--simulate`` (run it
on Aer), with the checks that refuse a run too large before anything is built or verified.
"""

from __future__ import annotations

import argparse
import sys

from qdl.errors import QdlError, UsageError, shown


def check_circuit_options(args: argparse.Namespace) -> None:
    """Flags that apply only to --emit or --simulate are refused without it."""
    if args.flatten and not args.emit:
        raise UsageError("--flatten applies to --emit", "add --emit FORMAT")
    if not args.simulate:
        given = [flag for flag, value, default in (
            ("--shots", args.shots, None), ("--seed", args.seed, 1), ("--noise", args.noise, None),
            ("--method", args.method, None), ("--device", args.device, "CPU"),
            ("--aer-option", args.aer_option, [])) if value != default]
        if given:
            raise UsageError(f"{given[0]} applies to --simulate", "add --simulate")


def circuit_block(report, what: str):
    """The report's one circuit block, or a usage error for a model that has none."""
    if report.block is None:
        raise UsageError(f"a '{report.kind}' model has no single circuit to {what}",
                         "use a primitive: model file")
    return report.block


def emit_circuit(args: argparse.Namespace, report, outputs) -> None:
    """Write the model's circuit in the --emit format, to -o or stdout."""
    from qdl import progress
    from qdl.compiler.emit import BINARY, circuit_for_emit, emit
    from qdl.compiler.guards import check_drawing, check_drawing_estimate

    if args.emit in BINARY and not args.output:
        raise UsageError(f"--emit {args.emit} writes binary data", "give -o FILE")
    block = circuit_block(report, "emit")
    check_drawing_estimate(block, args.emit)
    qc = circuit_for_emit(block, args.flatten)
    check_drawing(qc, args.emit)
    with progress.bar(f"writing the circuit as {args.emit}"):
        data = emit(qc, args.emit)
    if args.output:
        outputs.write(data)
    else:
        sys.stdout.write(data)


def aer_options(pairs: list[str]) -> dict:
    """--aer-option KEY=VALUE pairs as Aer options (values read as YAML scalars)."""
    import yaml

    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.isidentifier():
            raise UsageError(f"cannot read --aer-option '{shown(pair)}'", "write KEY=VALUE")
        try:
            options[key] = yaml.safe_load(value)
        except (yaml.YAMLError, ValueError):
            raise UsageError(f"cannot read the value of --aer-option '{shown(pair)}'",
                             "give a number, true/false or a plain word") from None
    return options


def preflight(args: argparse.Namespace, block) -> None:
    """The --simulate and --emit estimates, run by a kind as soon as it has its block, so that
    a run too large is refused before --verify or --count-from circuit spend minutes."""
    from qdl.compiler.guards import check_drawing_estimate, check_simulation

    if args.simulate:
        from qdl.passes.simulate import Noise  # NumPy: imported only when simulating

        noise = Noise.parse(args.noise) if args.noise else None
        check_simulation(block, shots=args.shots or 1024, method=args.method, noise=noise)
    if args.emit:
        check_drawing_estimate(block, args.emit)


def simulate(args: argparse.Namespace, report, spec, doc) -> dict:
    """Run the model's circuit on Aer with its ``inputs:``; the report's simulation section."""
    from qdl.passes.simulate import Noise, simulate_block

    from qiskit.exceptions import QiskitError

    from qdl.compiler.guards import check_simulation

    block = circuit_block(report, "simulate")
    inputs = getattr(spec, "inputs", None) or {}
    noise = Noise.parse(args.noise) if args.noise else None
    # the guard judges the largest run --shots may mean (1024 when unset)
    check_simulation(block, shots=args.shots or 1024, method=args.method, noise=noise)
    from qdl import progress

    try:
        with progress.bar("simulating on Aer"):
            result = simulate_block(block, inputs, shots=args.shots, seed=args.seed,
                                    method=args.method, noise=noise, device=args.device,
                                    aer_options=aer_options(args.aer_option))
    except UsageError:
        raise
    except QdlError as exc:
        raise exc.located(doc.path, doc.lines.line(("inputs",))) from None
    except QiskitError as exc:  # Aer refused to run it (an option value, the method's limits)
        raise UsageError(f"Aer cannot run this simulation: {shown(exc, 200)}",
                         "check --method and --aer-option (docs/simulation.md)") from None
    section = result.section()
    if args.shots is None and result.shots == 1:
        section["shots_note"] = ("one shot: a noiseless basis-state map on basis inputs gives "
                                 "the same output every time (--shots N repeats it)")
    return section
