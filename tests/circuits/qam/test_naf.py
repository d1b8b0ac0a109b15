"""NAF digits as masks and runs (qdl.circuits.qam.naf) against the digit-by-digit form."""

import random

import pytest

from qdl.circuits.qam.naf import naf, naf_masks, naf_runs, worst_case_weight

WEIGHTS = list(range(-2000, 2000)) + [
    random.Random(seed).getrandbits(bits) * sign
    for seed, bits in enumerate(range(1, 400, 3)) for sign in (1, -1)]


def test_naf_masks_are_prodingers_form_of_the_naf():
    for w in WEIGHTS:
        plus, minus = naf_masks(w)
        digits = sorted([(e, 1) for e in range(plus.bit_length()) if plus >> e & 1]
                        + [(e, -1) for e in range(minus.bit_length()) if minus >> e & 1])
        assert tuple(digits) == naf(w), w


@pytest.mark.parametrize("top", [0, 1, 2, 5, 16, 64, 500])
def test_runs_list_the_digits_below_top_in_order(top):
    for w in WEIGHTS:
        runs = naf_runs(w, top)
        listed = tuple((first + gap * j, sign) for first, gap, count, sign in runs
                       for j in range(count))
        assert listed == tuple(d for d in naf(w) if d[0] < top), w
        for (f1, g1, c1, s1), (f2, g2, c2, s2) in zip(runs, runs[1:]):  # maximal runs
            end = f1 + g1 * (c1 - 1)
            assert not (s1 == s2 and (c1 == 1 or f2 - end == g1) and (c2 == 1 or g2 == f2 - end))


def test_worst_case_weight_is_one_run_at_gap_two():
    for bits in range(1, 60):
        old = list(range(0, bits, 2))  # digits at 0, 2, 4, …; odd n: the top one negative
        sign = -1 if bits % 2 else 1
        assert worst_case_weight(bits) == sum(1 << e for e in old[:-1]) + sign * (1 << old[-1])
    w = worst_case_weight(1 << 24)
    assert naf_runs(w, 1 << 25) == ((0, 2, 1 << 23, 1),)
