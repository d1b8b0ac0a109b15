"""The non-adjacent form (NAF) of a weight, digit by digit or as arithmetic runs.

NAF: the canonical signed-digit form w = Σ_k s_k 2^{e_k}, s_k = ±1, no two adjacent nonzero
digits, the fewest nonzero digits of any signed-digit form (Reitwiesner 1960). :func:`naf`
lists the digits; it takes O(n) big-integer shifts, O(n²) bit operations for an n-bit w.

:func:`naf_masks` gives the positive and negative digits as two bit masks in O(1) big-integer
operations, by Prodinger's formula (H. Prodinger, "On binary representations of integers
with digits −1, 0, 1", Integers 0, A08 (2000)): for w ≥ 0, with h = ⌊w/2⌋ and t = w + h,
bit e of t ∧ (h ⊕ t) is set iff digit e is +1, and bit e of h ∧ (h ⊕ t) iff it is −1;
NAF(−w) = −NAF(w). The tests compare it with :func:`naf` digit by digit.

:func:`naf_runs` cuts the digits into maximal arithmetic runs (first position, gap, count,
sign): the costliest n-bit weight (digits at 0, 2, 4, …) is one run of ⌈n/2⌉ digits, found in
O(log n) big-integer operations, so a shift-and-add product counts in O(1) children at
n = 2^24 (qdl.circuits.series).
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1 << 16)
def naf(w: int) -> tuple[tuple[int, int], ...]:
    """The non-adjacent form of ``w`` as (position, sign) pairs, lowest first."""
    out, e = [], 0
    while w:
        if w & 1:
            s = 2 - (w & 3)  # +1 when w ≡ 1 (mod 4), −1 when w ≡ 3: the next bit becomes 0
            out.append((e, s))
            w -= s
        w >>= 1
        e += 1
    return tuple(out)


def naf_masks(w: int) -> tuple[int, int]:
    """(positive, negative): bit e of each is set iff NAF digit e of ``w`` is +1 / −1."""
    if w < 0:
        minus, plus = naf_masks(-w)
        return plus, minus
    half = w >> 1
    three_halves = w + half
    changed = half ^ three_halves
    return three_halves & changed, half & changed


def worst_case_weight(bits: int) -> int:
    """The n-bit signed weight with NAF digits at 0, 2, 4, …, 2⌈n/2⌉ − 2: the costliest.

    Even n: all digits +1 (Σ 4^k < 2^{n−1}); odd n: the top digit (at n − 1) −1 and the
    others +1, which keeps the value ≥ −2^{n−1}. Built in O(1) big-integer operations
    (a division by 3 is linear): Σ_{k<m} 4^k = (4^m − 1)/3."""
    m = (bits + 1) // 2  # digits at 0, 2, …, 2m − 2
    top = -1 if bits % 2 else 1
    return ((1 << (2 * m - 2)) - 1) // 3 + top * (1 << (2 * m - 2))


def _repunit(gap: int, count: int) -> int:
    """Bits 0, gap, 2·gap, …, (count − 1)·gap set."""
    return ((1 << (gap * count)) - 1) // ((1 << gap) - 1)


def _run_length(mask: int, other: int, first: int, gap: int) -> int:
    """The largest c such that mask holds first, first + gap, …, first + (c−1)·gap and
    neither mask nor other holds anything else in [first, first + (c−1)·gap]: the lowest
    mismatch q against the longest possible run ends it, c = ⌈q / gap⌉."""
    mask, other = mask >> first, other >> first
    longest = _repunit(gap, mask.bit_length() // gap + 2)  # reaches past mask
    mismatch = (mask ^ longest) | other
    return -(-_lowest(mismatch) // gap)


def _lowest(x: int) -> int:
    return (x & -x).bit_length() - 1


@lru_cache(maxsize=1 << 12)
def naf_runs(w: int, top: int) -> tuple[tuple[int, int, int, int], ...]:
    """The NAF digits of ``w`` below position ``top`` as maximal runs (first, gap, count,
    sign), lowest first: digits first + j·gap for j < count, all of that sign (gap 0 when
    count is 1). Concatenating the runs lists :func:`naf` (digits < top) in order."""
    window = (1 << max(top, 0)) - 1
    masks = [m & window for m in naf_masks(w)]
    out = []
    while masks[0] | masks[1]:
        first = _lowest(masks[0] | masks[1])
        sign = 0 if masks[0] >> first & 1 else 1  # index of the mask holding the digit
        rest = (masks[0] | masks[1]) & ~((2 << first) - 1)
        count, gap = 1, 0
        if rest:
            gap = _lowest(rest) - first
            count = _run_length(masks[sign], masks[1 - sign], first, gap)
            gap = gap if count > 1 else 0
        span = ((2 << (first + gap * (count - 1))) - 1) & ~((1 << first) - 1)
        masks = [m & ~span for m in masks]
        out.append((first, gap, count, 1 - 2 * sign))
    return tuple(out)
