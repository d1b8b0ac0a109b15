"""Qualtran's T-counts (and counting times) for the rows of compare_qualtran.py's issue-17 table.

Run by compare_qualtran.py with the interpreter of a separate environment that has Qualtran
(``QUALTRAN_PYTHON=/path/to/venv/bin/python``); qdl never imports Qualtran. Prints one
JSON object: {row key: [T-count, seconds]}. Data tables are rebuilt here from the same seeds.
"""

from __future__ import annotations

import json
import sys
import time


def tables(words: int, seed: int, run: int = 1):
    import numpy as np

    rng = np.random.default_rng(seed)
    return np.repeat(rng.integers(0, 256, -(-words // run)), run)[:words]


def main(keys: list[str]) -> None:
    from qualtran import QUInt
    from qualtran.bloqs.arithmetic import MultiplyTwoReals, OutOfPlaceAdder
    from qualtran.bloqs.arithmetic.comparison import CLinearDepthGreaterThan
    from qualtran.bloqs.data_loading.qroam_clean import QROAMClean
    from qualtran.bloqs.data_loading.qrom import QROM
    from qualtran.bloqs.data_loading.select_swap_qrom import SelectSwapQROM
    from qualtran.resource_counting import QECGatesCost, get_cost_value

    makers = {
        "add_oop": lambda n: OutOfPlaceAdder(n),
        "ctrl_compare": lambda n: CLinearDepthGreaterThan(QUInt(n)),
        "multiply_reals": lambda n: MultiplyTwoReals(n),
        "qrom": lambda n, run: QROM.build_from_data(tables(n, 0, run)),
        "select_swap": lambda n, run: SelectSwapQROM.build_from_data(
            tables(n, 0, run), use_dirty_ancilla=True),
        "qroam_clean": lambda n, run: QROAMClean.build_from_data(tables(n, 0, run)),
    }
    out = {}
    for key in keys:
        name, *args = key.split(":")
        start = time.perf_counter()
        try:
            bloq = makers[name](*map(int, args))
            t = get_cost_value(bloq, QECGatesCost()).total_t_count()
        except Exception as exc:  # an API change must not hide the other rows
            t = f"error: {type(exc).__name__}"
        out[key] = [t, time.perf_counter() - start]
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
