"""Amplitude loading with multiplexed rotations: state-preparation trees and diagonal phases.

- :func:`prepare_tree` — |s⟩|0⟩ → |s⟩|ψ_s⟩ for real vectors ψ_s selected by a register s:
  one multiplexed RY per target qubit, most significant first, each controlled by the
  selector and the qubits already prepared (Grover & Rudolph, quant-ph/0208112, Eq. 1–3;
  Möttönen et al., QIC 5, 467 (2005), §3). The last level uses the signed angle
  2·atan2(v_1, v_0), so real amplitudes of either sign need no phase stage. Rotations:
  Σ_ℓ 2^{w+ℓ} = 2^w (2^n − 1) for n target qubits and w selector qubits; R·(2^n − 1) when
  only the selector values s < R matter (:func:`mux_rows`).
- :func:`diagonal` — |x⟩ → e^{iφ_x}|x⟩ on m qubits: one multiplexed RZ per qubit, top
  first, with the pair mean passed down and a final global phase (Möttönen 2004, §IV;
  Bullock & Markov 2004). Rotations: 2^m − 1.

These are the PREPARE stages of the QLAM block-encodings; the DTM ``state_prep`` primitive is
:func:`prepare_tree` without a selector.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from qdl.circuits.qlam.program import Program


def tree_angles(table: np.ndarray) -> list[np.ndarray]:
    """Per level ℓ, the multiplexor angles θ[c] with c = selector + prefix·2^w.

    ``table`` has shape (2^w, 2^n): row s is the (real, unnormalised) vector ψ_s.
    """
    sel, size = table.shape
    n = size.bit_length() - 1
    levels = []
    for ell in range(n):
        blocks = table.reshape(sel, 1 << ell, 2, size >> (ell + 1))
        if ell == n - 1:  # pairs: signed angle reproduces the sign of each amplitude
            lo, hi = blocks[..., 0, 0], blocks[..., 1, 0]
        else:
            lo = np.linalg.norm(blocks[..., 0, :], axis=-1)
            hi = np.linalg.norm(blocks[..., 1, :], axis=-1)
        theta = 2 * np.arctan2(hi, lo)  # shape (sel, prefix)
        levels.append(theta.T.reshape(-1))
    return levels


def prepare_tree(prog: Program, target: Sequence[int], selector: Sequence[int] = (),
                 table: np.ndarray | None = None, adjoint: bool = False,
                 rows: int | None = None) -> None:
    """Prepare row s of ``table`` on ``target`` when ``selector`` holds s (None: no data).

    ``rows``: only selector values s < rows matter (the state for s ≥ rows is left
    unspecified): level ℓ's multiplexor is addressed (prefix, selector), selector on top, and
    only its rows·2^ℓ live angles cost rotations (:func:`mux_rows`)."""
    n, w = len(target), len(selector)
    levels = tree_angles(np.asarray(table, dtype=float)) if table is not None else [None] * n
    order = range(n)
    for ell in (reversed(order) if adjoint else order):
        theta = levels[ell]
        if theta is not None and adjoint:
            theta = -theta
        if rows is None:
            prog.mux("ry", list(selector) + list(target[n - ell:]), target[n - 1 - ell], theta)
            continue
        mux_rows(prog, "ry", list(target[n - ell:]) + list(selector), target[n - 1 - ell],
                 None if theta is None else prefix_first(theta, w, ell), rows << ell)


def prefix_first(theta: np.ndarray, selector_bits: int, ell: int) -> np.ndarray:
    """Level ℓ's angles re-indexed from c = s + 2^w·p (selector low) to p + 2^ℓ·s."""
    return np.asarray(theta).reshape(1 << ell, 1 << selector_bits).T.reshape(-1)


def mux_rows(prog: Program, axis: str, controls: Sequence[int], target: int,
             theta: np.ndarray | None, live: int) -> np.ndarray | None:
    """R(θ_c) on ``target`` when ``controls`` hold c < ``live``; for c ≥ live some rotation
    (the caller does not care which). Returns the angles applied for every c (None without
    data).

    Möttönen et al., PRL 93, 130502 (2004), Eq. (3), split on the top control t:
    UCR(θ) = CX(t, target)·UCR_rest(d)·CX(t, target)·UCR_rest(a) with d = (θ_lo − θ_hi)/2,
    a = θ_lo − d (t = 0: R(a + d) = R(θ_lo); t = 1: R(a − d) = R(θ_hi)). A top half wholly
    free takes θ_hi = θ_lo: d = 0, the control t is not read at all. A partly free top half
    leaves d free where θ_hi is, and the recursion fixes those d; θ_hi = θ_lo − 2d follows.
    Rotations: ``live`` (the binary digits of live, one multiplexor of 2^j angles each);
    2^k when live = 2^k (the plain multiplexor)."""
    k = len(controls)
    if live >= 1 << k:
        prog.mux(axis, controls, target, theta)
        return theta
    half, rest = 1 << (k - 1), list(controls[:-1])
    lo = None if theta is None else np.asarray(theta[:half], dtype=float)
    if live <= half:
        eff = mux_rows(prog, axis, rest, target, lo, live)
        return None if eff is None else np.concatenate([eff, eff])
    d = None
    if theta is not None:
        d = np.zeros(half)
        d[:live - half] = (lo[:live - half] - np.asarray(theta[half:live], dtype=float)) / 2
    with prog.frame():  # CX·M·CX is the identity when an active control is off
        prog.cx(controls[-1], target)
    d = mux_rows(prog, axis, rest, target, d, live - half)
    with prog.frame():
        prog.cx(controls[-1], target)
    prog.mux(axis, rest, target, None if theta is None else lo - d)
    return None if theta is None else np.concatenate([lo, lo - 2 * d])


def diagonal(prog: Program, wires: Sequence[int], phases: np.ndarray | None,
             adjoint: bool = False) -> None:
    """|x⟩ → e^{iφ_x}|x⟩ on ``wires`` (x = Σ bit_i 2^i); None: no data."""
    m = len(wires)
    sign = -1.0 if adjoint else 1.0
    current = None if phases is None else sign * np.asarray(phases, dtype=float)
    for top in reversed(range(m)):
        if current is None:
            prog.mux("rz", wires[:top], wires[top], None)
            continue
        lo, hi = current[: 1 << top], current[1 << top:]
        prog.mux("rz", wires[:top], wires[top], hi - lo)
        current = (lo + hi) / 2
    prog.global_phase(None if current is None else float(current[0]))


def index_width(count: int) -> int:
    """Qubits of an index register over ``count`` items (at least one)."""
    return max(1, math.ceil(math.log2(count)))


def prepare_weights(prog: Program, wires: Sequence[int], amplitudes: Sequence[float] | None,
                    adjoint: bool = False) -> None:
    """PREP|0⟩ = Σ_i amplitudes[i]|i⟩ (real, normalised; padded with zeros to 2^m; None:
    no data)."""
    if amplitudes is None:
        prepare_tree(prog, wires, (), None, adjoint=adjoint)
        return
    amps = np.zeros(1 << len(wires))
    amps[: len(amplitudes)] = amplitudes
    prepare_tree(prog, wires, (), amps[None, :], adjoint=adjoint)
