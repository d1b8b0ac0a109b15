"""The contract every fuzz outcome must keep (issue 21), as named classes of breach: exit
status outside {0, 1, 2}, a traceback, an error that is not one clean line, a file changed or
left behind that the user did not ask for, a non-finite number in a report, too slow.

Loaded through cases.py."""

from __future__ import annotations

import re
import signal

from fuzz_inputs import Case
from fuzz_running import Outcome

# ---------------------------------------------------------------- the contract

_NONFINITE = re.compile(r"(?<![\w.])[-+]?(inf|infinity|nan)(?![\w])", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


def _requested(case: Case) -> set[str]:
    """Names (relative to the case folder) the user asked qdl to write."""
    names = set()
    for flag, value in zip(case.argv, case.argv[1:]):
        if flag == "-o" and value.startswith("{d}/"):
            names.add(value[4:])
    return names


def problems(case: Case, outcome: Outcome, *, time_bound: float) -> list[str]:
    """The classes of contract breach in ``outcome`` (empty: the case behaved)."""
    found = []
    if outcome.code == -signal.SIGXCPU:
        found.append("too slow")
    elif outcome.code not in (0, 1, 2):
        found.append("hang" if outcome.code == -signal.SIGALRM else f"exit {outcome.code}")
    if "Traceback" in outcome.stderr or "Traceback" in outcome.stdout:
        found.append("traceback")
    if outcome.code == 2:
        lines = outcome.stderr.rstrip("\n").split("\n")
        if len(lines) != 1 or not lines[0].startswith("error: "):
            found.append("not one error line")
        elif _CONTROL.search(lines[0]):
            found.append("control character in error")
        elif len(lines[0]) > 1000:
            found.append("error line too long")
    requested = _requested(case)
    clobbered = [n for n in outcome.changed if n not in requested or outcome.code == 2]
    if clobbered:
        found.append("input or unrequested file changed")
    stray = [n for n in outcome.created if n not in requested]
    plots_ok = outcome.code in (0, 1)
    stray = [n for n in stray if not (plots_ok and n.endswith(".png"))]
    if stray or (outcome.code == 2 and outcome.created):
        found.append("file left behind")
    if outcome.code in (0, 1):
        shown = [outcome.stdout] + [t for n, t in outcome.outputs.items() if n in requested]
        if any(_NONFINITE.search(_strip_prose(t)) for t in shown):
            found.append("non-finite number in report")
    if outcome.seconds > time_bound:
        found.append("too slow")
    return found


def _strip_prose(text: str) -> str:
    """Drop a report's echoed circuit text (emitted QASM has no numbers to check)."""
    return "" if text.startswith(("OPENQASM", "\x00")) else text
