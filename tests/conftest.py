"""Fixtures shared by the whole suite."""

import sys

import pytest


def _python_calls(fn) -> tuple[int, object]:
    """(Python function calls made while running ``fn()``, its result).

    A machine-independent measure of work: "counting does not enumerate n items" is asserted
    as a bound on calls far below n, never as a wall-clock time (machines here are shared;
    speed is measured in benchmarks/)."""
    calls = 0

    def profile(frame, event, arg):
        nonlocal calls
        if event == "call":
            calls += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        result = fn()
    finally:
        sys.setprofile(previous)
    return calls, result


@pytest.fixture
def python_calls():
    return _python_calls
