"""Data parameters: vectors and matrices given inline or as a .npy/.csv file beside the model.

Blocks must be hashable, so data is stored as nested tuples (a matrix of complex numbers as a
tuple of rows of Python ``complex``). Model files give either an inline YAML list or a path; a
relative path is resolved against the model file's folder, which the compiler passes as the
pydantic validation context ``{"base_dir": ...}``. Complex entries are written ``[re, im]``.

Use the annotated types in a primitive's :class:`~qdl.circuits.registry.Params`::

    class QromParams(Params):
        data: IntVector | None = None
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Annotated, Any

import numpy as np
from pydantic import ValidationInfo
from pydantic.functional_validators import BeforeValidator

#: Largest number of entries read from a data file or inline list.
MAX_ENTRIES = 1 << 22


def _load_file(value: str, info: ValidationInfo) -> np.ndarray:
    """A table read through the input layer: a regular file of bounded size, no pickles, no
    object or text dtypes; every failure a one-line message (the file's bytes never echoed)."""
    from qdl.compiler import inputs
    from qdl.errors import QdlError, shown

    base = Path((info.context or {}).get("base_dir", "."))
    path = Path(value)
    if not path.is_absolute():
        path = base / path
    if path.suffix not in (".npy", ".csv"):
        raise ValueError(f"data file '{shown(value)}' must be .npy or .csv")
    if not path.exists() and not path.is_symlink():
        raise ValueError(f"data file '{shown(value)}' not found (looked in {shown(path.parent)})")
    try:
        raw = inputs.read_bytes(path, limit="table_bytes", what="data file")
    except QdlError as exc:
        raise ValueError(f"data file '{shown(value)}': {exc.what}") from None
    try:
        if path.suffix == ".npy":
            if not raw.startswith(b"\x93NUMPY"):  # an .npz (a zip) or anything else
                raise ValueError("no .npy header")
            arr = np.load(io.BytesIO(raw), allow_pickle=False)
            if not isinstance(arr, np.ndarray):
                raise ValueError("not a single array")
        else:  # real data; complex matrices come as .npy
            arr = np.loadtxt(io.StringIO(raw.decode("utf-8")), delimiter=",", ndmin=1,
                             dtype=float)
    except (ValueError, OSError, EOFError, UnicodeDecodeError, SyntaxError, TypeError):
        kind = "a NumPy .npy array" if path.suffix == ".npy" else "comma-separated numbers"
        raise ValueError(f"data file '{shown(value)}' is not {kind}") from None
    if arr.dtype.kind not in "iufc":
        raise ValueError(f"data file '{shown(value)}' holds {arr.dtype} values, not numbers")
    return arr


def _as_array(value: Any, info: ValidationInfo) -> np.ndarray:
    if isinstance(value, str):
        arr = _load_file(value, info)
    elif isinstance(value, (list, tuple, np.ndarray)):
        try:
            arr = np.asarray(value)
        except ValueError:
            raise ValueError("rows of different lengths") from None
        if arr.dtype == object or arr.dtype.kind in "USb":
            raise ValueError("entries must be numbers")
    else:
        raise ValueError("expected an inline list or a .npy/.csv file path")
    if arr.size > MAX_ENTRIES:
        raise ValueError(f"{arr.size:,} entries, more than the {MAX_ENTRIES:,} qdl reads")
    if arr.size == 0:
        raise ValueError("no entries")
    return arr


def _pairs_to_complex(arr: np.ndarray) -> np.ndarray:
    return arr[..., 0] + 1j * arr[..., 1]


def _int_vector(value: Any, info: ValidationInfo) -> tuple[int, ...]:
    arr = _as_array(value, info)
    if arr.ndim != 1:
        raise ValueError(f"expected a list of integers, got an array of shape {arr.shape}")
    if np.iscomplexobj(arr) or not np.all(np.equal(np.mod(arr, 1), 0)):
        raise ValueError("expected integers")
    return tuple(int(v) for v in arr)


def _real_vector(value: Any, info: ValidationInfo) -> tuple[float, ...]:
    arr = _as_array(value, info)
    if arr.ndim != 1 or np.iscomplexobj(arr):
        raise ValueError(f"expected a list of real numbers, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("entries must be finite")
    return tuple(float(v) for v in arr)


def _matrix(value: Any, info: ValidationInfo) -> tuple[tuple[complex, ...], ...]:
    arr = _as_array(value, info)
    if arr.ndim == 3 and arr.shape[2] == 2 and not np.iscomplexobj(arr):
        arr = _pairs_to_complex(arr)  # rows of [re, im] pairs
    if arr.ndim != 2:
        raise ValueError(f"expected a matrix (a list of rows), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("entries must be finite")
    return tuple(tuple(complex(v) for v in row) for row in arr)


IntVector = Annotated[tuple[int, ...], BeforeValidator(_int_vector)]
RealVector = Annotated[tuple[float, ...], BeforeValidator(_real_vector)]
Matrix = Annotated[tuple[tuple[complex, ...], ...], BeforeValidator(_matrix)]


def as_numpy(matrix: tuple[tuple[complex, ...], ...]) -> np.ndarray:
    """A block's stored matrix as a complex numpy array."""
    return np.array(matrix, dtype=complex)
