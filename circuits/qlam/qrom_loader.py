"""State-preparation trees whose angles come from a QROM instead of multiplexed rotations.

The tree of :func:`~qdl.circuits.qlam.loaders.prepare_tree` rotates target qubit n−1−ℓ by
RY(θ_ℓ[c]) for c = (selector, prefix of ℓ prepared qubits). A multiplexed rotation spends
2^{w+ℓ} rotations (and as many layers of rotation depth) on level ℓ. Here (Low, Kliuchnikov,
Schaeffer, arXiv:1812.00954 (2018), §3 and Fig. 2; Sanders, Low, Scherer, Berry, PRL 122,
020502 (2019), for the angle-register rotation) each level instead

1. loads a = round(θ·2^b/span) mod 2^b into a fresh b-bit angle register with a lookup
   addressed by the controls — the DTM ``qrom`` (K = 1, 4(2^{w+ℓ} − 2) T) or ``qroam_clean``
   with block K (4(⌈2^{w+ℓ}/K⌉ − 2) + 4b(K − 1) T, T ~ √(2^{w+ℓ}·b) at the best K, with
   (K − 1)·b junk qubits),
2. rotates the target by RY(span·a/2^b) = Π_j RY(span·2^j/2^b)^{a_j}: one controlled RY per
   angle bit, i.e. 2 rotations of fixed angle and 2 CNOTs each (2b rotations per level,
   independent of the data and of N),
3. unloads the register with the inverse lookup (same T; the QROAM's junk is cleared too).

Lookups of at least :data:`~qdl.circuits.qlam.calls.CALL_WORDS` words are recorded whole
(:mod:`~qdl.circuits.qlam.calls`: counted by the DTM closed forms between two syncs, built
gate by gate), smaller ones gate by gate.

``span`` is 4π (RY's period: signed amplitudes) or 2π for non-negative data (angles in
[0, π]: one bit of precision more for the same register). Level 0 has no control: its one angle is applied exactly.
The prepared amplitudes are those of the rounded angles (:func:`tree_amplitudes`), within
span/2^{b+1} per angle of the exact ones.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from qdl.circuits.dtm.qroam_clean import QROAMClean, best_clean_block
from qdl.circuits.dtm.qrom import QROM
from qdl.circuits.dtm.select_swap import SelectSwapQROM, select_swap_t_count
from qdl.circuits.qam.controlled_addition import ControlledAdder
from qdl.circuits.qlam.calls import CALL_WORDS, record_lookup
from qdl.circuits.qlam.inline import inline
from qdl.circuits.qlam.loaders import prefix_first, tree_angles
from qdl.circuits.qlam.program import Program
from qdl.circuits.qlam.program_inverse import inverse_program
from qdl.circuits.qlam.subprogram import SubProgram


def angle_span(table: np.ndarray | None) -> float:
    """2π when every amplitude is ≥ 0 (angles in [0, π], π itself representable), else 4π
    (RY's period: signed amplitudes)."""
    nonneg = table is not None and bool(np.all(np.asarray(table) >= 0))
    return 2 * math.pi if nonneg else 4 * math.pi


def quantize(theta: np.ndarray, bits: int, span: float) -> np.ndarray:
    """The b-bit integers a with span·a/2^b nearest θ modulo span."""
    scaled = np.mod(np.asarray(theta, dtype=float), span) / span * (1 << bits)
    return np.mod(np.rint(scaled).astype(np.int64), 1 << bits)


def encoded_levels(table: np.ndarray | None, levels: int, selector_bits: int, bits: int,
                   span: float) -> list[np.ndarray]:
    """Per level, the angles the circuit applies (level 0 exact, the others rounded).

    ``table=None`` (no data): every loaded word is all ones, the DTM worst case.
    """
    if table is None:
        top = span * ((1 << bits) - 1) / (1 << bits)
        first = np.full(1 << selector_bits, 1.0 if selector_bits == 0 else top)
        return [first] + [np.full(1 << (selector_bits + ell), top) for ell in range(1, levels)]
    exact = tree_angles(np.asarray(table, dtype=float))
    out = [exact[0]] if selector_bits == 0 else [quantize(exact[0], bits, span)
                                                 * span / (1 << bits)]
    return out + [quantize(t, bits, span) * span / (1 << bits) for t in exact[1:]]


def tree_amplitudes(levels: list[np.ndarray], selector_bits: int) -> np.ndarray:
    """Rows s: the real vector the tree prepares for selector s, from its level angles."""
    n = len(levels)
    rows = np.ones((1 << selector_bits, 1))
    for ell, theta in enumerate(levels):  # qubit n−1−ℓ, controls (selector, prefix)
        t = theta.reshape(1 << ell, 1 << selector_bits).T  # [selector, prefix]
        c, s = np.cos(t / 2), np.sin(t / 2)
        # the prefix p = idx >> (n − ℓ) is the current column; the new bit goes below it
        rows = np.stack([rows * c, rows * s], axis=-1).reshape(rows.shape[0], -1)
    assert rows.shape[1] == 1 << n  # level ℓ set bit n−1−ℓ: the column index is idx itself
    return rows


def lookup_block(words: int, bits: int, data: tuple[int, ...] | None, block: int | None,
                 dirty_bits: int | None = None):
    """QROM (K = 1 or too few words) or QROAM with block K (None: the T-minimising K).

    ``dirty_bits=None``: the clean-ancilla QROAM. Otherwise the select-swap QROAM on at most
    ``dirty_bits`` borrowed qubits (K·b ≤ dirty_bits; K = 1 when no K ≥ 2 fits or beats the
    plain QROM's 4(N − 2) T)."""
    if words <= 2:
        return QROM(words, bits, data)
    if dirty_bits is not None:
        K = best_dirty_fit(words, bits, dirty_bits) if block is None else block
    else:
        K = best_clean_block(words, bits) if block is None else block
    while K > 1 and -(-words // K) < 2:
        K //= 2
    if K == 1:
        return QROM(words, bits, data)
    return QROAMClean(words, bits, K, data) if dirty_bits is None else \
        SelectSwapQROM(words, bits, K, data)


def best_dirty_fit(words: int, bits: int, dirty_bits: int) -> int:
    """The power of two K ≤ dirty_bits/b with ⌈N/K⌉ ≥ 2 minimising select_swap_t_count."""
    sizes = [1 << k for k in range(words.bit_length())
             if (1 << k) * bits <= dirty_bits or k == 0]
    sizes = [K for K in sizes if -(-words // K) >= 2]
    return min(sizes, key=lambda K: (select_swap_t_count(words, bits, K), K))


def _gradient_state(prog: Program, grad: list[int], undo: bool = False,
                    wait: int | None = None) -> None:
    """|0⟩ ↔ |φ_g⟩ = Σ_k e^{−2πik/2^g}|k⟩/√2^g: H and P(∓2π·2^j/2^g) on bit j.

    ``wait``: a wire the preparation's rotations come after and the unpreparation's come
    before (CZ there and back, the identity, 2g Cliffords each). On fresh wires they would
    otherwise run beside whatever precedes or follows in a larger circuit, a rotation layer
    that a composite's schedule (the sum of its calls' depths, qdl.circuits.compose) counts
    but the circuit does not spend."""
    g = len(grad)
    for j, wire in enumerate(grad):
        angle = -2 * math.pi * (1 << j) / (1 << g)
        if undo:
            prog.phase(wire, -angle)
            _wait(prog, wait, wire)
            prog.h(wire)
        else:
            prog.h(wire)
            _wait(prog, wait, wire)
            prog.phase(wire, angle)


def _wait(prog: Program, wait: int | None, wire: int) -> None:
    if wait is not None:  # CZ·CZ = I: no action, but the two wires' levels meet
        prog.cz(wait, wire)
        prog.cz(wait, wire)


def _add_angle(prog: Program, ctrl: int, grad: list[int], angle: list[int],
               shift: int, subtract: bool) -> None:
    """G += c·(a << shift) mod 2^g (or −=): the phase e^{±2πi(a << shift)/2^g} if c."""
    width = len(grad) - shift
    bits = min(len(angle), width)
    if bits <= 0:
        return
    carry = width > bits
    inline(prog, ControlledAdder(bits, carry_out=carry, subtract=subtract), c=[ctrl],
           a=grad[shift:shift + bits + carry], b=angle[:bits])


def rotate_by_register(prog: Program, target: int, angle: list[int], span: float,
                       sign: float, grad: list[int] | None) -> None:
    """RY(sign·span·a/2^b) on ``target`` for the b-bit register a.

    ``grad=None``: one controlled RY(span·2^j/2^b) per bit j. Otherwise by phase kickback
    on the (b + 1)-bit phase-gradient register G = |φ⟩ (Gidney, "Halving the cost of quantum
    addition", 2018, §5; Sanders et al., PRL 122, 020502 (2019)): RY(θ) = S·H·RZ(θ)·H·S†
    and RZ(θ) = e^{−iθ/2}·P(θ), P(θ) = controlled(target) G += a·2^{g−b}·span/2π, and the
    e^{−iθ/2} (it depends on a, so it is no global phase) G −= a·2^{g−b−1}·span/2π
    unconditionally (a controlled subtraction from a |1⟩ qubit): two b-bit controlled
    additions, no rotation.
    """
    b = len(angle)
    if grad is None:
        for j, wire in enumerate(angle):
            with prog.controlled(wire):
                prog.mux("ry", (), target, np.array([sign * span * (1 << j) / (1 << b)]))
        return
    shift = 1 if span < 3 * math.pi else 2  # span 2π: θ = 2π·a/2^b = 2π·(2a)/2^g, g = b+1
    negative = sign < 0
    if _as_calls(prog):  # one call of the memoised gates (every tree level alike)
        sub = _rotation_program(b, len(grad), shift, negative)
        prog._call(sub, target, *angle, *grad)
        return
    _record_rotation(prog, target, angle, grad, shift, negative)


def _record_rotation(prog: Program, target: int, angle: list[int], grad: list[int],
                     shift: int, negative: bool) -> None:
    """The gates of :func:`rotate_by_register`'s phase-gradient rotation."""
    prog.sdg(target)
    prog.h(target)
    _add_angle(prog, target, grad, angle, shift, subtract=negative)
    (one,) = prog.alloc(1)
    prog.x(one)
    _add_angle(prog, one, grad, angle, shift - 1, subtract=not negative)
    prog.x(one)
    prog.release([one])
    prog.h(target)
    prog.s(target)


def _as_calls(prog: Program) -> bool:
    """Record the memoised rotation and small lookups as sub-program calls (not under an
    active control: a sub-program call is uncontrolled). The tests compare every count with
    the inline recording (this returning False)."""
    return prog.control is None


_ROTATIONS: dict = {}


def _rotation_program(bits: int, grad_bits: int, shift: int, negative: bool):
    """The phase-gradient rotation recorded once on (target, angle, gradient) wires and called
    as a :class:`~qdl.circuits.qlam.subprogram.SubProgram`: its per-wire profile replaces a
    walk of its ~10b gates at every level of every tree (the same gates on the same wires, and
    its one ancilla from the caller's pool, so every count, the width and the depths are those
    of the inline recording: tests/circuits/qlam/test_qrom_loader.py compares both)."""
    key = (bits, grad_bits, shift, negative)
    sub = _ROTATIONS.get(key)
    if sub is None:
        rec = Program(1 + bits + grad_bits)
        _record_rotation(rec, 0, list(range(1, 1 + bits)),
                         list(range(1 + bits, 1 + bits + grad_bits)), shift, negative)
        sub = _ROTATIONS[key] = SubProgram(rec)
    return sub


_LOOKUPS: dict = {}


def _small_lookup(lookup, controls: int, bits: int, junk_bits: int, borrowed: int):
    """A lookup below CALL_WORDS words and its inverse, recorded gate by gate once on
    (address, target, junk, dirty) wires, as sub-programs (same gates, wires and ancillas as
    replaying them inline; the profile keeps their interleaving with the neighbours)."""
    key = (lookup, controls, bits, junk_bits, borrowed)
    subs = _LOOKUPS.get(key)
    if subs is None:
        width = controls + bits + junk_bits + borrowed
        sub = Program(width)
        at = controls + bits
        regs = {"address": list(range(controls)), "target": list(range(controls, at))}
        if junk_bits:
            regs["junk"] = list(range(at, at + junk_bits))
        if borrowed:
            regs["dirty"] = list(range(at + junk_bits, width))
        inline(sub, lookup, **regs)
        subs = _LOOKUPS[key] = (SubProgram(sub), SubProgram(inverse_program(sub)))
    return subs


def prepare_tree_qrom(prog: Program, target: Sequence[int], selector: Sequence[int],
                      table: np.ndarray | None, bits: int, block: int | None = None,
                      adjoint: bool = False, span: float | None = None,
                      phase_gradient: bool = False, dirty: Sequence[int] | None = None,
                      wait: int | None = None, rows: int | None = None) -> None:
    """Row s of ``table`` on ``target`` when ``selector`` holds s (module docstring).

    ``dirty``: borrowed qubits (any state, given back unchanged) for select-swap lookups
    (:func:`lookup_block` with ``dirty_bits=len(dirty)``); None: clean-ancilla QROAMs.
    ``wait``: see :func:`_gradient_state`. ``rows`` (2^(w−1) < rows ≤ 2^w): only selector
    values s < rows matter; level ℓ's lookup is addressed by (prefix, selector), selector on
    top, and holds the rows·2^ℓ live words only (an address beyond reads some live word,
    :func:`~qdl.circuits.dtm.qrom.tree_leaf`: the state for s ≥ rows is left unspecified)."""
    n, w = len(target), len(selector)
    if rows is not None and not (1 << w) >> 1 < rows <= 1 << w:
        raise ValueError(f"rows {rows} needs all {w} selector bits (2^{w - 1} < rows ≤ 2^{w})")
    span = angle_span(table) if span is None else span
    # without data only the uncontrolled level 0 needs an angle (the DTM worst case, 1.0):
    # the others' all-ones words are the lookups' own default (2^23 floats at qViT's A·V)
    levels = encoded_levels(table, n, w, bits, span) if table is not None else [np.ones(1)]
    sign = -1.0 if adjoint else 1.0
    grad = prog.alloc(bits + 1) if phase_gradient and n + w > 1 else None
    if grad is not None:
        _gradient_state(prog, grad, wait=wait)
    for ell in (reversed(range(n)) if adjoint else range(n)):
        controls = list(selector) + list(target[n - ell:])
        tq = target[n - 1 - ell]
        if not controls:
            prog.mux("ry", (), tq, sign * levels[0])
            continue
        words, theta = 1 << len(controls), None if table is None else levels[ell]
        if rows is not None:
            controls, words = list(target[n - ell:]) + list(selector), rows << ell
            theta = None if theta is None else prefix_first(theta, w, ell)[:words]
        data = None if theta is None else tuple(
            (np.rint(theta / span * (1 << bits)).astype(np.int64) % (1 << bits)).tolist())
        lookup = lookup_block(words, bits, data, block,
                              None if dirty is None else len(dirty))
        borrowed = list(dirty[:lookup.signature["dirty"].width]) \
            if isinstance(lookup, SelectSwapQROM) else []
        junk_bits = lookup.signature.width - len(controls) - bits - len(borrowed)
        angle = prog.alloc(bits + junk_bits)
        if words >= CALL_WORDS:  # kept whole: counted in closed form (qlam.calls)
            record_lookup(prog, lookup, controls, angle[:bits], angle[bits:], dirty=borrowed)
            rotate_by_register(prog, tq, angle[:bits], span, sign, grad)
            record_lookup(prog, lookup, controls, angle[:bits], angle[bits:], unload=True,
                          dirty=borrowed)
            prog.release(angle)
            continue
        wires = controls + angle + borrowed
        load, unload = _small_lookup(lookup, len(controls), bits, junk_bits, len(borrowed))
        if _as_calls(prog):  # one call each, counted by its per-wire profile
            prog._call(load, *wires)
            rotate_by_register(prog, tq, angle[:bits], span, sign, grad)
            prog._call(unload, *wires)
        else:
            prog.replay(load.prog.ops, wires)
            rotate_by_register(prog, tq, angle[:bits], span, sign, grad)
            prog.replay(load.prog.ops, wires, inverse=True)
        prog.release(angle)
    if grad is not None:
        _gradient_state(prog, grad, undo=True, wait=wait)
        prog.release(grad)


def qrom_tree_t_count(target_bits: int, selector_bits: int, bits: int, block: int | None,
                      dirty_bits: int | None = None, rows: int | None = None) -> int:
    """T of the lookups (load + unload) over the levels; rotations are 4b per level ≥ 1
    (2b controlled RY, half of them possibly Clifford or T at special angles)."""
    total = 0
    for ell in range(target_bits):
        words = (1 << (selector_bits + ell)) if rows is None else rows << ell
        if words < 2:
            continue
        lookup = lookup_block(words, bits, None, block, dirty_bits)
        total += 2 * lookup.cost().t_count
    return total
