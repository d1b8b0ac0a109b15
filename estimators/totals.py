"""Model totals from per-layer costs and repetition counts.

Layers run one after another, each ``repetitions`` times (its readout protocol's sample
count), so counts and depths add up weighted by repetitions while the width is the widest
layer: qubits are reused from one execution to the next.
"""

from __future__ import annotations

from collections.abc import Iterable

from qdl.circuits.cost import Cost


def sequential_total(items: Iterable[tuple[Cost, int]]) -> Cost:
    """Σ cost·repetitions for counts and depths, max for qubits."""
    total = Cost()
    for cost, repetitions in items:
        if repetitions < 0:
            raise ValueError(f"repetitions must be non-negative, got {repetitions}")
        total = total + cost * repetitions
    return total
