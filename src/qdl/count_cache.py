"""Counts kept on disk between runs, keyed by the exact qdl source that computed them.

Counting a network lowers every stage at every schedule point and walks each program
(qdl.circuits.compose); a QLAM stage walks its loaders gate by gate (qdl.circuits.
compose_wires). Within a process those results are memoised; this module keeps two kinds of
them across processes, so that compiling a model again, or another model with the same layer
shapes, reads them instead of counting again:

- ``cost``: the cost of a block whose class sets ``persist_cost`` (network stages, qdl.
  estimators.network.stage.StageCircuit; blocks recorded as one gate program, qdl.circuits.
  qlam.program.ProgramBlock: the QROM state preparations and block-encodings of the QLAM
  stages), found by its ``count_key()``;
- ``points``: a network node's schedule points (qdl.estimators.network.schedule).

Only costs (numbers) are kept: the children of the few stages a report breaks down are
counted again, which is quick once their children's costs are known. The stage costs behind
a node's points are not kept one by one (:func:`suspended`): the points are.

A value is found by a digest of the block's (or node's) ``repr``, which for these frozen
dataclasses spells every field exactly (Python's float repr round-trips; a repr that does
not spell its value, with an object's address or a numpy array, is not stored), and only in
the file of the *source digest*: SHA-256 over every ``.py`` file of the qdl packages, their
paths, and the versions of Python, NumPy and Qiskit (and this module's format).
Any change to qdl's code, an upgrade or an edit, starts a new file, so a value is only ever
read by the code that computed it, and the numbers are the ones counting gives
(tests/test_count_cache.py compiles with and without the cache and compares the reports).

Location: ``$QDL_CACHE_DIR`` if set (``off`` or empty: no cache), else the platform's user
cache folder (``~/.cache/qdl`` on Linux, via platformdirs); ``qdl-compile --no-cache`` turns
it off for one run. The file is written once when the process ends, by replacing it whole
(never a partly written file), merged with what other processes wrote meanwhile; an
unreadable or foreign file is ignored and replaced. The :data:`KEEP` most recent digests'
files are kept. Files are Python pickles: only read files your own runs wrote.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.util
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: the qdl packages whose source the digest covers
PACKAGES = ("qdl", "qdl.circuits", "qdl.estimators", "qdl.compiler", "qdl.passes")
#: files (source digests) kept in the cache folder, most recently written first
KEEP = 8
#: a key whose repr is longer than this is not stored (a stage with its data: --verify)
MAX_KEY = 1 << 20
_FORMAT = 1
#: pickle protocol of the files (fixed, not Python's default, which may change)
_PROTOCOL = 5


class _Cache:
    def __init__(self) -> None:
        self.enabled: bool | None = None  # None: not decided yet (read the environment)
        self.path: Path | None = None
        self.data: dict[str, dict[str, Any]] | None = None
        self.new: dict[str, dict[str, Any]] = {}
        self.registered = False
        self.suspended = 0  # > 0: inside suspended(), no key is made


_STATE = _Cache()


def disable() -> None:
    """No cache for the rest of this process (``--no-cache``)."""
    _STATE.enabled = False
    _STATE.data = None


def folder() -> Path | None:
    """The cache folder ($QDL_CACHE_DIR, else the user cache folder; None: off)."""
    value = os.environ.get("QDL_CACHE_DIR")
    if value is not None:
        return None if value.strip() in ("", "off") else Path(value)
    import platformdirs

    return Path(platformdirs.user_cache_dir("qdl", appauthor=False))


def source_digest() -> str:
    """SHA-256 of the qdl packages' source files (paths and contents), this module's format
    and the Python, NumPy and Qiskit versions."""
    from importlib.metadata import PackageNotFoundError, version

    versions = []
    for dist in ("numpy", "qiskit"):  # numbers from float analysis (data) or synthesis
        try:
            versions.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            versions.append(f"{dist} -")
    h = hashlib.sha256(f"{_FORMAT} {sys.version_info[:2]} {versions}".encode())
    for pkg in PACKAGES:
        spec = importlib.util.find_spec(pkg)
        for root in (spec.submodule_search_locations or []) if spec else []:
            base = Path(root)
            for path in sorted(base.rglob("*.py")):
                h.update(f"{pkg}/{path.relative_to(base).as_posix()}".encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def _open() -> dict[str, dict[str, Any]] | None:
    state = _STATE
    if state.enabled is None:
        where = folder()
        state.enabled = where is not None
        if where is not None:
            state.path = where / f"counts-{source_digest()[:32]}.pickle"
            state.data = _read(state.path)
    return state.data if state.enabled else None


def _read(path: Path) -> dict[str, dict[str, Any]]:
    try:
        with open(path, "rb") as f:
            data = pickle.load(f)
    except Exception:  # absent, truncated, foreign: start afresh (it is only a cache)
        return {}
    if not isinstance(data, dict):
        return {}
    return {kind: values for kind, values in data.items()
            if isinstance(kind, str) and isinstance(values, dict)}


@contextmanager
def suspended() -> Iterator[None]:
    """No key is made (so nothing read or stored) inside the block: for values whose result
    is stored whole (a node's schedule points are one value, its hundreds of stage costs are
    not needed again once the points are known; making their keys costs more than it saves)."""
    _STATE.suspended += 1
    try:
        yield
    finally:
        _STATE.suspended -= 1


def key_of(obj: Any) -> bytes | None:
    """The lookup key of a block or node key: a 128-bit BLAKE2 digest of its repr (None:
    a repr that does not spell the value, the cache is off or suspended)."""
    if _STATE.suspended or _open() is None:
        return None
    text = _full_repr(obj)
    if len(text) > MAX_KEY or any(mark in text for mark in _PARTIAL):
        return None
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def _full_repr(obj: Any) -> str:
    """``repr(obj)`` with integers of any length (a constant word of a stage may have 10⁴
    digits; Python 3.10.7+ limits int-to-str conversions, earlier versions do not)."""
    get_limit = getattr(sys, "get_int_max_str_digits", None)
    if get_limit is None:
        return repr(obj)
    limit = get_limit()
    sys.set_int_max_str_digits(0)
    try:
        return repr(obj)
    finally:
        sys.set_int_max_str_digits(limit)


#: reprs that do not spell the value: an object's address (compared by identity), a numpy
#: array (printed to 8 digits, long ones elided)
_PARTIAL = (" at 0x", "array(", "...")


def get(kind: str, key: bytes | None) -> Any:
    """The stored value of ``kind`` for ``key`` (None: none, or the cache is off)."""
    data = _open() if key is not None else None
    if data is None:
        return None
    return data.get(kind, {}).get(key)


def put(kind: str, key: bytes | None, value: Any) -> None:
    """Store a value, written to disk when the process ends."""
    data = _open() if key is not None else None
    if data is None:
        return
    data.setdefault(kind, {})[key] = value
    _STATE.new.setdefault(kind, {})[key] = value
    if not _STATE.registered:
        _STATE.registered = True
        atexit.register(flush)


def flush() -> None:
    """Write this process's new values into the digest's file (merged with the file's
    current content, replaced whole); errors are ignored (a read-only home, a full disk)."""
    state = _STATE
    if not state.new or state.path is None or not state.enabled:
        return
    try:
        state.path.parent.mkdir(parents=True, exist_ok=True)
        merged = _read(state.path)
        for kind, values in state.new.items():
            merged.setdefault(kind, {}).update(values)
        fd, tmp = tempfile.mkstemp(dir=state.path.parent, prefix=".counts-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(merged, f, protocol=_PROTOCOL)
            os.replace(tmp, state.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        state.new = {}
        _prune(state.path.parent)
    except Exception:  # a cache never fails a run: a read-only home, a full disk
        pass


def _prune(where: Path) -> None:
    """Keep the :data:`KEEP` newest digests' files; drop a writer's leftover temporary file
    (a process killed while writing) after an hour."""
    files = sorted(where.glob("counts-*.pickle"), key=lambda p: p.stat().st_mtime,
                   reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)
    now = time.time()
    for tmp in where.glob(".counts-*.tmp"):
        if now - tmp.stat().st_mtime > 3600:
            tmp.unlink(missing_ok=True)


def reset() -> None:
    """Forget the decision and the loaded file (tests change $QDL_CACHE_DIR)."""
    global _STATE
    _STATE = _Cache()
