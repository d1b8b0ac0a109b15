"""Command-line combinations qdl-compile refuses before doing any work: options that would
be silently ignored together, and an ``-o`` target that cannot be written (checked before a
long compile rather than after it)."""

from __future__ import annotations

import argparse

from qdl.errors import UsageError


def check_combinations(args: argparse.Namespace) -> None:
    if args.physical and args.format in ("qdk", "qref"):
        raise UsageError(f"--format {args.format} writes the logical counts only: the "
                         "--physical estimate would be dropped",
                         "use --format json, table, md or html with --physical, or drop it")
    if args.frontier and not args.physical:
        raise UsageError("--frontier applies to a physical estimate", "add --physical PROFILE")
    if args.input and (args.emit or args.simulate):
        flag = "--emit" if args.emit else "--simulate"
        raise UsageError(f"{flag} applies to model files, not to --input circuits",
                         "the circuit is already a file: count it, or give a model file")
    if args.emit:
        ignored = [flag for flag, given in (
            ("--format", args.format != "table"), ("--verify", args.verify),
            ("--physical", bool(args.physical)), ("--sweep", bool(args.sweep)),
            ("--simulate", args.simulate), ("--optimize", args.optimize is not None))
            if given]
        if ignored:
            raise UsageError(f"--emit writes the circuit, not a report: {ignored[0]} would be "
                             "ignored", f"run --emit and {ignored[0]} as two commands")
