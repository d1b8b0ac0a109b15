"""Hostile-input cases for ``qdl-compile`` and the checks every outcome must pass (issue 21).

Not a test module: ``tests/fuzz/test_fuzz.py`` (the fast profile, and a long one marked slow)
and ``benchmarks/fuzz_campaign.py`` (a campaign that counts failures by class instead of
stopping at the first) both load it by path.

Three topic modules, loaded here (this folder goes on ``sys.path``): fuzz_inputs (what a
case is, and the strategies), fuzz_running (running one case) and fuzz_contract (the checks).
A :class:`Case` is a set of files to create in a fresh folder and an argument list; the
strategies generate model files from the primitives' parameter schemas, mutations of the
shipped examples, CLI argument lists, hostile paths (FIFOs, devices, directories) and
malformed OpenQASM. :func:`run_case` runs the CLI on one case, either in this process
(``main(argv)``, fast) or in a forked child with a memory limit, and :func:`problems` lists
every way the outcome breaks the contract: an exit status outside {0, 1, 2}, a traceback, an
error that is not one clean line, a file changed that the user did not ask for, a side file
left behind by a failed run, a non-finite number in a report, a case slower than its bound.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzz_contract import problems, with_progress  # noqa: E402
from fuzz_inputs import (Case, all_cases, cli_arguments, hostile_paths,  # noqa: E402
                         mutated_examples, primitive_models, qasm_inputs)
from fuzz_running import Outcome, run_case  # noqa: E402

__all__ = ["Case", "Outcome", "all_cases", "cli_arguments", "hostile_paths", "mutated_examples",
           "primitive_models", "problems", "qasm_inputs", "run_case", "with_progress"]
