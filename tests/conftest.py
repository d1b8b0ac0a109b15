"""Fixtures shared by the whole suite."""

import os
import sys

import pytest

# Every test counts from scratch: the on-disk count cache (qdl.count_cache) would let one
# run's counts answer the next (and a test that patches a block would read stale costs).
# Subprocesses (the CLI tests) inherit it; tests/test_count_cache.py turns it on in tmp dirs.
os.environ["QDL_CACHE_DIR"] = "off"


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


@pytest.fixture
def scrambled():
    """``scrambled(n, gates, seed)``: ry + cx on random, mostly non-adjacent qubit pairs, so
    Aer's matrix-product-state method reorders its qubits (where its save_amplitudes reads
    permuted basis states, qiskit-aer #2235; qdl.passes.mps_amplitudes)."""
    import numpy as np
    from qiskit import QuantumCircuit

    def build(n: int, gates: int, seed: int) -> QuantumCircuit:
        rng = np.random.default_rng(seed)
        qc = QuantumCircuit(n)
        for _ in range(gates):
            a, b = rng.choice(n, 2, replace=False)
            qc.ry(rng.uniform(0, 3), int(a))
            qc.cx(int(a), int(b))
        return qc
    return build
