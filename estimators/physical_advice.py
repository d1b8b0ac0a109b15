"""When a physical estimate fails, say what would work.

The default profile (qubit_gate_ns_e3) cannot run the flagship networks: ResNet-18 at
224×224 needs code distance 51, above the cap of 50. A bare refusal leaves the user guessing;
:func:`alternatives` tries every other profile (same QEC scheme and budget), then looser error
budgets on the requested profile, and returns those that give an estimate, cheapest in
physical qubits first.
"""

from __future__ import annotations

from qdl.errors import QdlError

#: error budgets tried on the requested profile when it fails at the requested budget
LOOSER_BUDGETS = (0.01, 0.1)


def alternatives(counts, request, run=None, budgets: bool = True) -> list[dict]:
    """Requests near ``request`` that do give an estimate: ``{profile, qec, error_budget,
    physical_qubits, runtime_seconds}`` each, nearest first. ``run(request)`` makes one
    estimate (default ``request.estimate(counts)``); ``budgets=False`` tries profiles only
    (a network's budget comes from its model file, not from --error-budget)."""
    from dataclasses import replace

    from qdl.estimators.qubit_profiles import PROFILES

    run = run or (lambda r: r.estimate(counts))
    # nearest first: the same machine with a looser budget, then the other profiles in
    # their listed order (gate-based ns, µs, then Majorana)
    tries = [replace(request, error_budget=b) for b in LOOSER_BUDGETS
             if budgets and b > request.error_budget]
    tries += [replace(request, profile=name) for name in PROFILES if name != request.profile]
    found = []
    for candidate in tries:
        try:
            est = run(candidate)
        except QdlError:
            continue
        found.append({"profile": candidate.profile, "qec": candidate.qec,
                      "error_budget": candidate.error_budget,
                      "physical_qubits": est.physical_qubits,
                      "runtime_seconds": est.runtime_seconds})
    return found


def describe(options: list[dict], request) -> str:
    """The fix part of the error: the nearest working requests, in words."""
    from qdl.compiler.render.numbers import count, duration

    if not options:
        return "no built-in profile or error budget up to 0.1 works: shorten the circuit"
    shown = [f"--physical {o['profile']}"
             + (f" --error-budget {o['error_budget']:g}"
                if o["error_budget"] != request.error_budget else "")
             + f" works: {count(o['physical_qubits'])} physical qubits, "
             f"{duration(o['runtime_seconds'])}" for o in options[:2]]
    return "; ".join(shown)


def estimate_or_advise(counts, request):
    """``request.estimate(counts)``; a failure keeps its message and names what works.
    Bad inputs (an unknown profile, a budget outside (0, 1)) keep their own fix."""
    from qdl.estimators.physical import EstimationProblem

    EstimationProblem(counts, request.profile, request.qec, request.error_budget)
    try:
        return request.estimate(counts)
    except QdlError as exc:
        raise advise(exc, counts, request) from None


def advise(exc: QdlError, counts, request, run=None, budgets: bool = True) -> QdlError:
    """``exc`` (a failed estimate) with a fix that names what works."""
    exc.fix = describe(alternatives(counts, request, run, budgets), request)
    return exc
