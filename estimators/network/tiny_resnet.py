"""End-to-end check of one residual block (seed 000 App. C) on a 4×4 single-channel image.

The block is y = x + conv2(relu(conv1(x))), 3×3 kernels, padding 1, one channel; batch norm
has classical statistics (App. C), so it folds into the kernels and is the identity here.
Following the lowering, each layer is one circuit per output position p (16 positions,
a 4-bit index), and a layer's measured outputs are what the next layer loads:

- stage 1: QROM(p) loads the 3×3 window of x around p and the 9 weights of conv1;
  ``dot`` (9 fixed-point products) → acc; ``relu`` acc → h.
- stage 2: QROM(p) loads the window of the *measured* h, conv2's weights and the skip value
  x_p; ``dot`` → acc; ``add`` x_p into acc → y.

Each stage's every register (loaded row, accumulator, result) must be bit-equal to numpy's
fixed-point arithmetic (qdl.estimators.network.end_to_end); the report also gives the
largest deviation of y from the float network on the same grid-valued data.
"""

from __future__ import annotations

import numpy as np

from qdl.estimators.network.end_to_end import (WORD, IndexedCircuit, check_indexed, fixed_dot,
                                               loads, to_fixed, wrap)
from qdl.estimators.network.modules import primitive

SIDE = 4
KERNEL = 3
TAPS = KERNEL * KERNEL
SEED = 11


def instance_data(frac_bits: int, seed: int = SEED) -> dict[str, np.ndarray]:
    """Seeded image in [0, 1.5] and kernels in {−0.5, 0, 0.5} (as fixed-point integers at
    f ≥ 1; the grid 2^−f holds them exactly)."""
    rng = np.random.default_rng(seed)
    scale = 1 << frac_bits
    return {"x": to_fixed(rng.integers(0, 4, (SIDE, SIDE)) / 2, frac_bits),
            "w1": to_fixed(rng.integers(-1, 2, TAPS) / 2, frac_bits),
            "w2": to_fixed(rng.integers(-1, 2, TAPS) / 2, frac_bits),
            "scale": np.array(scale)}


def windows(image: np.ndarray) -> np.ndarray:
    """(16, 9): the zero-padded 3×3 window around each position, row-major."""
    padded = np.pad(image, 1)
    return np.array([padded[r:r + KERNEL, c:c + KERNEL].ravel()
                     for r in range(SIDE) for c in range(SIDE)])


def numpy_block(data: dict, bits: int, frac_bits: int) -> dict[str, np.ndarray]:
    """The fixed-point residual block in numpy: acc1, h, acc2 (before the skip), y."""
    acc1 = fixed_dot(windows(data["x"]), data["w1"], bits, frac_bits)
    h = np.maximum(acc1, 0)
    acc2 = fixed_dot(windows(h.reshape(SIDE, SIDE)), data["w2"], bits, frac_bits)
    return {"acc1": acc1, "h": h, "acc2": acc2, "y": wrap(acc2 + data["x"].ravel(), bits)}


def float_block(data: dict) -> np.ndarray:
    """The same block in floating point (what the fixed-point network approximates)."""
    s = float(data["scale"])
    x, w1, w2 = data["x"] / s, data["w1"] / s, data["w2"] / s
    h = np.maximum(windows(x) @ w1, 0)
    return windows(h.reshape(SIDE, SIDE)) @ w2 + x.ravel()


def stage(label: str, rows: list[list[tuple[int, int]]], bits: int, frac_bits: int,
          finish: tuple, outputs: tuple, expected: np.ndarray) -> IndexedCircuit:
    """QROM over the rows, then a 9-tap dot of the row's first 18 fields into ``acc`` and
    the ``finish`` step (relu or the residual add)."""
    n = bits
    dot = primitive("dot", length=TAPS, bits=n, frac_bits=frac_bits)
    wiring = tuple((f"a{k}", (WORD, k * n, (k + 1) * n)) for k in range(TAPS)) + tuple(
        (f"b{k}", (WORD, (TAPS + k) * n, (TAPS + k + 1) * n)) for k in range(TAPS)) + (
        ("y", ("acc", 0, n)),)
    expected_rows = tuple(tuple(int(v) % (1 << n) for v in row) for row in expected)
    return IndexedCircuit(label, loads(rows), outputs, ((dot, wiring), finish), expected_rows)


def resnet_stages(bits: int, frac_bits: int, data: dict, h_measured: np.ndarray | None = None):
    """Stage 1, and stage 2 loading ``h_measured`` (numpy's h when not given)."""
    n, ref = bits, numpy_block(data, bits, frac_bits)
    fields = [(int(w), n) for w in data["w1"]]
    rows1 = [[(int(v), n) for v in win] + fields for win in windows(data["x"])]
    relu = (primitive("relu", bits=n, frac_bits=frac_bits),
            (("x", ("acc", 0, n)), ("y", ("h", 0, n))))
    s1 = stage("residual block, stage 1: conv1 + relu", rows1, n, frac_bits, relu,
               (("acc", n), ("h", n)), np.stack([ref["acc1"], ref["h"]], axis=1))
    h = ref["h"] if h_measured is None else h_measured
    fields = [(int(w), n) for w in data["w2"]]
    rows2 = [[(int(v), n) for v in win] + fields + [(int(x), n)]
             for win, x in zip(windows(h.reshape(SIDE, SIDE)), data["x"].ravel())]
    skip = 2 * TAPS * n
    add = (primitive("add", bits=n), (("a", ("acc", 0, n)), ("b", (WORD, skip, skip + n))))
    s2 = stage("residual block, stage 2: conv2 + skip add", rows2, n, frac_bits, add,
               (("acc", n),), ref["y"][:, None])
    return s1, s2


def check_resnet_block(bits: int, frac_bits: int, data: dict | None = None) -> list:
    """Both stages on Aer against numpy; stage 2 loads stage 1's measured h."""
    data = instance_data(frac_bits) if data is None else data
    params = {"image": f"1x{SIDE}x{SIDE}", "kernel": KERNEL, "bits": bits,
              "frac_bits": frac_bits}
    s1, _ = resnet_stages(bits, frac_bits, data)
    r1, out1 = check_indexed(s1, "QROM(window, conv1 weights) → dot(9) → relu", params)
    _, s2 = resnet_stages(bits, frac_bits, data, h_measured=out1[:, 1])
    r2, out2 = check_indexed(s2, "QROM(measured h window, conv2 weights, skip) → dot(9) → add",
                             params)
    deviation = float(np.abs(out2[:, 0] / float(data["scale"]) - float_block(data)).max())
    r2.method += f"; max |fixed − float| of y = {deviation:g}"
    return [r1, r2]
