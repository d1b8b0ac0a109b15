"""A layer's input: an N-word table or DCD re-preparation from r coefficients, the cheaper.

With the DCD readout (seed 000 §II.4) the classical side holds the previous stage's output as
r Chebyshev coefficients, x̃_e = Σ_{j<r} c_j T_j(t_e) over the element index e (2^m values,
m the index bits: the readout's amplitude state Σ_e y_e|e⟩ is over the same fields as this
stage's index when the layer keeps the shape, as elementwise layers do). The next stage can
load x̃_e

- from a table of 2^m words written from the classical reconstruction (the QRAM model of the
  network: QROM 4·2^m − 8 T, T-depth ~2^m, few qubits), or
- by evaluating the series at e (``dcd_reprepare``, qdl.circuits.dtm.dcd_reprepare: Theorem
  II.1's "QRAM of size r and a QAM"): two Clenshaw series for the node t_e and one for x̃, cost
  independent of N, m + 9b + 1 qubits; it needs m ≤ f and f + 2 ≤ b.

Both load the same x̃ (the reconstruction), so they are interchangeable; :func:`input_choice`
builds the stage both ways and keeps the one that minimises ``optimize_for``
(qdl.estimators.network.lower_weights.choose), the report listing the other.

Offered only when counting (no data): ``--verify`` checks a stage against the numpy forward
pass, which hands the next layer the exact outputs, not a rank-r reconstruction, so the
shrunk stages load their input from the table; ``dcd_reprepare`` itself is verified on Aer
as a primitive (tests/circuits/dtm/test_dcd_reprepare.py). Re-preparation is offered for
inputs addressed by the whole element index (relu, batch norm, layer norm, residual add); a
convolution's window taps sit at other elements (index arithmetic and padding) and keep
their table. The rank r is that of the readout in force for the layer (its setting).
"""

from __future__ import annotations

from qdl.estimators.network.lower_weights import choose
from qdl.estimators.network.modules import primitive

TABLE = "input from an N-word table (QRAM model)"
DCD = "input re-prepared from r DCD coefficients (dcd_reprepare)"


def table_load(w, over: tuple, target: str, values: int, width: int, entry) -> None:
    """``values`` fields of ``width`` bits at the element, read from the network's QRAM."""
    w.table(over, values * width, target, entry)


def dcd_load(s):
    """The loader evaluating Σ_{j<r} c_j T_j(t_e) per field (each its own coefficients)."""
    def load(w, over: tuple, target: str, values: int, width: int, entry) -> None:
        lo, hi = w.offsets[over[0]][0], w.offsets[over[-1]][1]
        block = primitive("dcd_reprepare", position_bits=hi - lo, bits=s.bits,
                          frac_bits=s.frac_bits, terms=s.readout.rank)
        w.reg(target, values * width)
        for k in range(values):
            w.call(block, p=("index", lo, hi), y=(target, k * width, (k + 1) * width))
    return load


def offered(s, index_bits: int, data) -> bool:
    m, b, f = index_bits, s.bits, s.frac_bits
    return (data is None and s.readout.protocol == "dcd" and 1 <= m <= f and f + 2 <= b)


def input_choice(s, index_bits: int, data, build):
    """``build(load)`` → the stage with its input loaded by ``load``; the cheaper of the
    table and (when offered) DCD re-preparation."""
    candidates = [(TABLE, build(table_load))]
    if offered(s, index_bits, data):
        candidates.append((DCD, build(dcd_load(s))))
    if len(candidates) == 1:
        return candidates[0][1]
    return choose(candidates, s.optimize_for, s.construction)


__all__ = ["TABLE", "DCD", "input_choice", "table_load"]
