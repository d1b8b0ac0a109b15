"""QLAM estimation stages inside the network's failure budget: global pooling and weight
gradients estimate their numbers by amplitude estimation, each estimate a failure event of
the union bound.

A stage whose numbers are QLAM ``inner_product`` estimates (global average pooling: one
⟨uniform|x_c⟩ per channel, seed 000 §II.3.1; weight gradients: one per weight, App. E) makes
``count`` estimates per execution. :func:`estimates_of` counts them for the union bound;
:func:`at_failure` rebuilds the stage with every estimate at failure probability δ and gives
the calls its protocol makes:

- iterative amplitude estimation (Grinko, Gacon, Zoufal, Woerner, npj QI 7, 52 (2021), Thm. 1)
  makes fewer than Q(ε, δ) = (50/ε)·ln((2/δ)·log2(π/(4ε))) queries to the oracle in circuits
  Q^k A with k ≤ k_max; the block is costed as the deepest circuit (2k_max + 1 queries), and
  a circuit's cost per query grows with k (oracle A plus k·(2A + reflection), over 2k + 1),
  so the protocol costs at most ⌈Q/(2k_max + 1)⌉ deepest circuits: the stage's repetitions;
- QPE amplitude estimation is repeated for its median: ⌈ln(1/δ)/(2(8/π² − ½)²)⌉ runs.
"""

from __future__ import annotations

import math
from dataclasses import replace

from qdl.circuits.qlam.amplitude_estimation import iterative_query_bound, median_runs
from qdl.estimators.network.compile import CompiledStage
from qdl.estimators.network.modules import primitive, request_of

#: QLAM primitives whose every call is one estimate with its own failure probability.
ESTIMATING = ("inner_product",)


def estimates_of(cs: CompiledStage) -> int:
    """Estimates one execution of the stage makes (0: none)."""
    st = cs.stage
    if st.classical or st.block is None or st.readout_size is not None:
        return 0
    return sum(mult for prim, _, mult in st.parts if prim in ESTIMATING)


def protocol_runs(block, delta: float) -> int:
    """Deepest-circuit executions that bound the block's protocol at failure ``delta``."""
    if hasattr(block, "powers"):  # iterative: Q(ε, δ) queries, 2k_max + 1 per deepest circuit
        return max(1, math.ceil(iterative_query_bound(block.eps, delta)
                                / (2 * block.powers + 1)))
    return median_runs(delta)


def at_failure(cs: CompiledStage, delta: float) -> tuple[CompiledStage, dict]:
    """The stage with every estimate at failure ``delta`` (confidence 1 − δ), its cost and
    repetitions (protocol runs per estimate), and what the report shows about it."""
    st = cs.stage
    calls = []
    runs, shown = 1, {}
    for block, wiring in st.block.calls:
        prim, params = request_of(block) or (None, {})
        if prim in ESTIMATING:
            block = primitive(prim, **{**params, "confidence": 1 - delta})
            runs = max(runs, protocol_runs(block, delta))
            notes = block.notes()
            shown = {"estimates": estimates_of(cs), "failure_per_estimate": delta,
                     "precision": params.get("epsilon"), "protocol_runs": runs,
                     "rule": ("iterative AE: ⌈Q(ε/2, δ)/(2k_max + 1)⌉ deepest circuits, "
                              f"Q = {notes.get('query_bound')}, k_max = {notes.get('k_max')}"
                              if hasattr(block, "powers") else
                              "QPE AE: median of ⌈ln(1/δ)/(2(8/π² − ½)²)⌉ runs")}
        calls.append((block, wiring))
    stage = replace(st, block=replace(st.block, calls=tuple(calls)))
    return CompiledStage(stage, stage.circuit().cost(), runs, None), shown
