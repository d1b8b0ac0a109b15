"""End-to-end check of one attention head (seed 000 App. D.1) over 4 tokens of dimension 2.

Two parts, split as the lowering splits them (docs/network.md):

- **scores, per position (QAM)**: an index register holds the pair (i, j) (i in the low 2
  bits); QROM loads the query q_i and the key k_j (projections x·W_q, x·W_k in fixed point,
  done classically for this check), and ``dot`` (length 2) computes s_ij = q_i·k_j. All 16
  pairs run on Aer; every register must be bit-equal to numpy's fixed-point scores. The
  1/√d scale is taken as folded into W_q.
- **aggregation over N (QLAM)**: the attention matrix A = softmax(S) of the *measured* scores
  is block-encoded (``block_encoding``, dense: α = ‖A‖_F); Aer gives the unitary, and
  α·⟨0|U|0⟩·V must equal numpy's softmax(S)·V (V = X·W_v) to 1e−8 in every entry.
"""

from __future__ import annotations

import time

import numpy as np

from qdl.estimators.network.end_to_end import (WORD, IndexedCircuit, check_indexed, fixed_dot,
                                               loads, to_fixed)
from qdl.estimators.network.modules import primitive

TOKENS = 4
DIM = 2
SEED = 3
TOLERANCE = 1e-8


def instance_data(frac_bits: int, seed: int = SEED) -> dict[str, np.ndarray]:
    """Seeded tokens in [−1, 1] and projections in {−1, −0.5, 0, 0.5, 1} (grid 0.5)."""
    rng = np.random.default_rng(seed)
    grid = lambda *shape: to_fixed(rng.integers(-2, 3, shape) / 2, frac_bits)  # noqa: E731
    return {"x": grid(TOKENS, DIM), "wq": grid(DIM, DIM), "wk": grid(DIM, DIM),
            "wv": grid(DIM, DIM), "scale": np.array(1 << frac_bits)}


def projections(data: dict, bits: int, frac_bits: int) -> tuple[np.ndarray, np.ndarray]:
    """q = x·W_q and k = x·W_k in fixed point, (TOKENS, DIM) each."""
    x = data["x"][:, None, :]
    return (fixed_dot(x, data["wq"].T[None], bits, frac_bits),
            fixed_dot(x, data["wk"].T[None], bits, frac_bits))


def numpy_scores(data: dict, bits: int, frac_bits: int) -> np.ndarray:
    """S[i, j] = q_i·k_j in fixed point."""
    q, k = projections(data, bits, frac_bits)
    return fixed_dot(q[:, None, :], k[None, :, :], bits, frac_bits)


def softmax(scores: np.ndarray) -> np.ndarray:
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def score_circuit(data: dict, bits: int, frac_bits: int) -> IndexedCircuit:
    """QROM(i, j) → (q_i, k_j), dot → s; expected: numpy's S[i, j] at index i + 4j."""
    n = bits
    q, k = projections(data, bits, frac_bits)
    pairs = [(i, j) for j in range(TOKENS) for i in range(TOKENS)]  # index = i + TOKENS·j
    rows = [[(int(v), n) for v in (*q[i], *k[j])] for i, j in pairs]
    dot = primitive("dot", length=DIM, bits=n, frac_bits=frac_bits)
    wiring = tuple((f"a{d}", (WORD, d * n, (d + 1) * n)) for d in range(DIM)) + tuple(
        (f"b{d}", (WORD, (DIM + d) * n, (DIM + d + 1) * n)) for d in range(DIM)) + (
        ("y", ("s", 0, n)),)
    scores = numpy_scores(data, bits, frac_bits)
    expected = tuple((int(scores[i, j]) % (1 << n),) for i, j in pairs)
    return IndexedCircuit("attention head: scores q_i·k_j", loads(rows), (("s", n),),
                          ((dot, wiring),), expected)


def check_aggregation(measured: np.ndarray, data: dict, bits: int, frac_bits: int,
                      params: dict):
    """softmax(measured S)·V through a block-encoding on Aer, against numpy's (module doc)."""
    from qdl.passes.build import build_circuit
    from qdl.passes.verify import VerificationResult, expand_for_aer
    from qdl.passes.verify_unitary import encoded_block

    start = time.perf_counter()
    scale = float(data["scale"])
    attention = softmax(measured / scale)
    block = primitive("block_encoding", variant="dense",
                      matrix=tuple(tuple(float(v) for v in row) for row in attention))
    body = expand_for_aer(build_circuit(block))
    encoded, how = encoded_block(body, TOKENS, TOKENS, seed=1234)
    values = data["x"] @ data["wv"] / scale ** 2
    got = (block.alpha * encoded) @ values
    want = softmax(numpy_scores(data, bits, frac_bits) / scale) @ values
    err = float(np.abs(got - want).max())
    failures = [] if err <= TOLERANCE else [
        f"α·⟨0|U|0⟩·V differs from numpy softmax(S)·V by {err:.3e} (> {TOLERANCE:g})"]
    method = (f"dense block_encoding of softmax(measured S), α = ‖A‖_F = {block.alpha:.4f}, "
              f"{how}, {body.num_qubits} qubits; α·⟨0|U|0⟩·V vs numpy softmax(S)·V, max err "
              f"{err:.1e}")
    return VerificationResult("attention head: aggregation softmax(S)·V", params, method,
                              TOKENS * DIM, not failures, failures, time.perf_counter() - start)


def check_attention_head(bits: int, frac_bits: int, data: dict | None = None) -> list:
    """Scores on Aer against numpy, then the aggregation of the measured scores."""
    data = instance_data(frac_bits) if data is None else data
    params = {"tokens": TOKENS, "dim": DIM, "bits": bits, "frac_bits": frac_bits}
    circuit = score_circuit(data, bits, frac_bits)
    scores, measured = check_indexed(circuit, "QROM(q_i, k_j) → dot(2)", params)
    matrix = measured[:, 0].reshape(TOKENS, TOKENS).T  # row i, column j (index i + 4j)
    return [scores, check_aggregation(matrix, data, bits, frac_bits, params)]
