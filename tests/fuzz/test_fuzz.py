"""Property-based fuzzing of ``qdl-compile`` (issue 21): whatever the input, the contract holds.

For every generated case (tests/fuzz/cases.py: model files from the primitives' parameter
schemas, mutated examples, CLI argument lists, hostile paths, malformed OpenQASM): the exit
status is 0, 1 or 2; no traceback; an error is one escaped line starting ``error:``; no file
changes but the requested output; a failed run leaves nothing behind; no report holds a
non-finite number; the case ends within its time bound.

The fast profile runs in the default suite in this process (``main(argv)``), with the
simulation and verification limits lowered by ``--limit`` so that no case takes more than
seconds: what it tests is that every input is either answered or refused, not how long Aer
runs. The long profile (``slow``) runs many more cases at the default limits, each in a forked
child with a 3 GB address-space limit.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

_spec = importlib.util.spec_from_file_location("fuzz_cases", Path(__file__).with_name("cases.py"))
cases = importlib.util.module_from_spec(_spec)
sys.modules["fuzz_cases"] = cases  # dataclasses look their module up
_spec.loader.exec_module(cases)

#: limits for the fast profile: every accepted simulation or verification is small
FAST_LIMITS = ["--limit", "sim_work=300000", "--limit", "verify_gate_cases=5000",
               "--limit", "draw_png_cells=200", "--limit", "draw_text_cells=2000"]

FAST = settings(max_examples=60, deadline=None, database=None, derandomize=True,
                suppress_health_check=list(HealthCheck))
LONG = settings(max_examples=600, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))


def _check(case, *, forked: bool, limits: list[str], bound: float) -> None:
    case = cases.Case(case.label, case.argv + limits, case.files)
    outcome = cases.run_case(case, forked=forked, timeout=bound)
    found = cases.problems(case, outcome, time_bound=bound)
    assert not found, (f"{found}: {case.label} argv={case.argv!r} -> exit {outcome.code}\n"
                       f"stderr: {outcome.stderr[-800:]!r}\nchanged={outcome.changed} "
                       f"created={outcome.created}")


@FAST
@given(cases.primitive_models(max_int=6))
def test_primitive_models_from_parameter_schemas(case):
    _check(case, forked=False, limits=FAST_LIMITS, bound=15)


@FAST
@given(cases.mutated_examples(long_runs=False))
def test_mutated_examples(case):
    _check(case, forked=False, limits=FAST_LIMITS, bound=15)


@FAST
@given(cases.cli_arguments())
def test_cli_argument_lists(case):
    _check(case, forked=False, limits=FAST_LIMITS, bound=15)


@FAST
@given(cases.hostile_paths())
def test_hostile_paths_and_tables(case):
    _check(case, forked=False, limits=FAST_LIMITS, bound=15)


@FAST
@given(cases.qasm_inputs())
def test_malformed_and_oversized_qasm(case):
    _check(case, forked=False, limits=FAST_LIMITS, bound=15)


@pytest.mark.slow
@LONG
@given(cases.all_cases())
def test_long_campaign_at_default_limits(case):
    # every default limit but the qRAM noise study's: the shipped study (n = 1…6) runs about
    # 4 minutes by design, past the per-case bound; 400,000 is about a minute
    _check(case, forked=True, limits=["--limit", "qram_noise_work=400000"], bound=150)
