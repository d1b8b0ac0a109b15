"""The contract every fuzz outcome must keep (issue 21), as named classes of breach: exit
status outside {0, 1, 2}, a traceback, an error that is not one clean line, a file changed or
left behind that the user did not ask for, a non-finite number in a report, too slow.
A run past the time bound that was reporting progress toward a known end (``progress:``
lines with done/total, written when QDL_PROGRESS=1 asks for them in a pipe) keeps the
contract ("finish in seconds, show progress toward a known end, or refuse up front").

Loaded through cases.py."""

from __future__ import annotations

import re
import signal

from fuzz_inputs import Case
from fuzz_running import Outcome

# ---------------------------------------------------------------- the contract

_NONFINITE = re.compile(r"(?<![\w.])[-+]?(inf|infinity|nan)(?![\w])", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
_PROGRESS = re.compile(r"^progress: .*: [\d,]+/[\d,]+", re.M)


def with_progress(outcome: Outcome) -> bool:
    """Whether the run reported progress toward a known end (done/total lines)."""
    return bool(_PROGRESS.search(outcome.stderr))


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
    long_with_progress = with_progress(outcome)
    if outcome.code == -signal.SIGXCPU:
        found += [] if long_with_progress else ["too slow"]
    elif outcome.code not in (0, 1, 2):
        timed_out = outcome.code == -signal.SIGALRM
        found += [] if timed_out and long_with_progress else \
            ["hang" if timed_out else f"exit {outcome.code}"]
    if "Traceback" in outcome.stderr or "Traceback" in outcome.stdout:
        found.append("traceback")
    if outcome.code == 2:  # progress lines (asked for) may precede the error line
        lines = [line for line in outcome.stderr.rstrip("\n").split("\n")
                 if not line.startswith("progress: ")]
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
    if outcome.seconds > time_bound and not long_with_progress and "too slow" not in found:
        found.append("too slow")
    return found


def _strip_prose(text: str) -> str:
    """Drop a report's echoed circuit text (emitted QASM has no numbers to check)."""
    return "" if text.startswith(("OPENQASM", "\x00")) else text
