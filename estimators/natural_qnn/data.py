"""The data set: scikit-learn's 8×8 handwritten digits, which ship inside the package (no download).

1,797 images of 64 pixels with values 0..16 (UCI optdigits test set, as bundled by
``sklearn.datasets.load_digits``). Pixels are mapped to x = p/8 − 1 ∈ [−1, 1], the scale of the
±1 spins later layers see. The split is a seeded permutation into train / validation / test; a
small training set is the regime where the seed paper reports a "quantum advantage" (the
network's quantum noise acting as a regulariser).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qdl.errors import QdlError, require

CLASSES = 10


@dataclass
class Split:
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def load_digits_split(train_size: int, validation_size: int, seed: int) -> Split:
    """Seeded train / validation / test split of the digits; the test set is the rest."""
    datasets = require("sklearn.datasets", "nqnn", "the natural_qnn model's digits data set")
    bunch = datasets.load_digits()
    x = bunch.data.astype(float) / 8.0 - 1.0
    y = bunch.target.astype(int)
    if train_size + validation_size >= len(y):
        raise QdlError(f"train_size + validation_size = {train_size + validation_size} leaves no "
                       f"test images out of {len(y)}", "use smaller sizes")
    order = np.random.default_rng(seed).permutation(len(y))
    tr, va = order[:train_size], order[train_size:train_size + validation_size]
    te = order[train_size + validation_size:]
    return Split(x[tr], y[tr], x[va], y[va], x[te], y[te])
