"""The seed's Table 3 (seed 000 §IV.3): readout cost of one qResNet block, DCD vs ℓ∞ tomography,
recomputed from the cost models of qdl.estimators.readout and compared cell by cell.

The paper gives "QO" (quantum overhead, in an unstated unit) for DCD at ranks r = 10…30 and for
tomography, at sampling precisions 0.001…0.04. Its numbers follow QO_DCD = a_D·r²/ε and
QO_tomo = a_T/δ² (a_D ≈ 5.22e−4, a_T ≈ 3.96e−3 in its unit). The models give
queries_DCD = r·K·(2M−1) ≈ 4πK·r²/ε and queries_tomo = 2·⌈36·ln d/δ²⌉, so every ratio between
two cells of the same protocol is fixed by the models alone, independent of unit and of the
cost of one block execution; :func:`compare` checks all of them. The ratio *across* protocols
depends on the two constants (4πK against 72·ln d) and on d; it is reported, not fitted.
"""

from __future__ import annotations

import itertools
import math

from qdl.estimators import readout

#: Seed 000, Table 3: QO by rank (DCD) or for tomography, at each sampling precision.
PRECISIONS = (0.001, 0.002, 0.004, 0.01, 0.02, 0.04)
DCD_QO = {
    10: (52.2, 26.1, 13.1, 5.23, 2.63, 1.32),
    15: (117, 58.8, 29.4, 11.8, 5.91, 2.97),
    20: (209, 104, 52.3, 20.9, 10.5, 5.29),
    25: (326, 163, 81.7, 32.7, 16.4, 8.26),
    30: (470, 235, 118, 47.1, 23.6, 11.9),
}
TOMOGRAPHY_QO = (3960, 990, 247, 39.6, 9.90, 2.47)


def paper_cells() -> dict[tuple[str, int | None, float], float]:
    """{(protocol, rank, precision): QO} for every cell of the seed's Table 3."""
    cells: dict[tuple[str, int | None, float], float] = {}
    for rank, row in DCD_QO.items():
        cells.update({("dcd", rank, eps): qo for eps, qo in zip(PRECISIONS, row)})
    cells.update({("tomography_linf", None, d): qo for d, qo in zip(PRECISIONS, TOMOGRAPHY_QO)})
    return cells


def model_cells(size: int, ranks, precisions, failure: float = 0.01,
                sign_stage: bool = True) -> dict[tuple[str, int | None, float], int]:
    """U_x queries of each cell: DCD for every (rank, ε), ℓ∞ tomography for every δ."""
    cells: dict[tuple[str, int | None, float], int] = {}
    for rank in ranks:
        for eps in precisions:
            cells[("dcd", rank, eps)] = readout.dcd(size, rank, eps, failure).queries
    for delta in precisions:
        cells[("tomography_linf", None, delta)] = readout.tomography_linf(
            size, delta, sign_stage).queries
    return cells


def ratio_deviations(model: dict, paper: dict) -> dict[str, float]:
    """Largest |model ratio / paper ratio − 1| over all pairs of cells of the same protocol
    (and, separately, over pairs across protocols, which also carry the constants' ratio)."""
    common = [key for key in paper if key in model]
    worst = {"within_protocol": 0.0, "across_protocols": 0.0}
    for a, b in itertools.combinations(common, 2):
        dev = abs((model[a] / model[b]) / (paper[a] / paper[b]) - 1)
        kind = "within_protocol" if a[0] == b[0] else "across_protocols"
        worst[kind] = max(worst[kind], dev)
    return worst


def constants(size: int, failure: float = 0.01, sign_stage: bool = True) -> dict[str, float]:
    """Leading constants: model queries ≈ C_D·r²/ε and C_T/δ²; the paper's a_D and a_T fitted
    on its r = 10, ε = δ = 0.001 cells; and the cross-protocol ratios both imply."""
    k = readout.ae_repetitions(failure)
    c_dcd = 4 * math.pi * k
    c_tomo = (2 if sign_stage else 1) * readout.TOMOGRAPHY_CONSTANT * math.log(size)
    a_dcd = DCD_QO[10][0] * PRECISIONS[0] / 10**2
    a_tomo = TOMOGRAPHY_QO[0] * PRECISIONS[0] ** 2
    return {"K": k, "model_C_dcd": c_dcd, "model_C_tomography": c_tomo,
            "model_tomography_over_dcd": c_tomo / c_dcd,
            "paper_a_dcd": a_dcd, "paper_a_tomography": a_tomo,
            "paper_tomography_over_dcd": a_tomo / a_dcd,
            # the d at which the model's cross ratio would equal the paper's
            "d_matching_paper": math.exp(a_tomo / a_dcd * c_dcd / (c_tomo / math.log(size)))}


def compare(size: int, ranks=tuple(DCD_QO), precisions=PRECISIONS, failure: float = 0.01,
            sign_stage: bool = True) -> dict:
    """Model grid, paper grid where it has the cell, per-cell scale and worst ratio deviation."""
    model = model_cells(size, ranks, precisions, failure, sign_stage)
    paper = paper_cells()
    anchors = {p: model[key] / paper[key] for key in paper if key in model
               for p in [key[0]] if key[1] in (None, 10) and key[2] == PRECISIONS[0]}
    rows = []
    for (protocol, rank, eps), queries in model.items():
        qo = paper.get((protocol, rank, eps))
        scaled = queries / anchors[protocol] if qo is not None and protocol in anchors else None
        rows.append({"protocol": protocol, "rank": rank, "precision": eps, "queries": queries,
                     "paper_QO": qo, "model_in_paper_units": scaled,
                     "deviation": None if scaled is None else scaled / qo - 1})
    return {"rows": rows, "deviations": ratio_deviations(model, paper),
            "constants": constants(size, failure, sign_stage), "anchors": anchors}
