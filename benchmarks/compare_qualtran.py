"""Our exact counts and counting time beside Qualtran's, for the primitives both have.

    python benchmarks/compare_qualtran.py

Qualtran's columns are its published closed forms (docstrings of Qualtran 0.7:
``Add`` 4n−4 T (Gidney 2018); ``AddK`` XORs K into n ancillas and calls ``Add``, 4n−4 T;
``LinearDepthGreaterThan`` 4n T). When ``qualtran`` is importable (``pip install
'qdl[qualtran]'``) its live T-count is added; it is never needed otherwise. Primitives are
taken from qdl's registry, so multiplication rows appear once those primitives are registered.
"""

from __future__ import annotations

import time

from qdl.circuits.block import clear_cost_cache
from qdl.circuits.registry import primitives

SIZES = (8, 32, 256, 1024)

#: (registry name, params, Qualtran's published T-count as a function of n, Qualtran bloq)
ROWS = [
    ("add", {"variant": "gidney"}, lambda n: 4 * n - 4, "Add"),
    ("add", {"variant": "cdkm"}, None, None),
    ("add", {"variant": "lookahead"}, None, None),
    ("add", {"variant": "draper_qft"}, None, None),
    ("sub", {}, None, "Subtract"),
    ("add_const", {"value": 0x5555555555555555}, lambda n: 4 * n - 4, "AddK"),
    ("compare", {}, lambda n: 4 * n, "LinearDepthGreaterThan"),
    ("multiply", {}, None, "Product"),
    ("square", {}, None, "Square"),
]


def live_qualtran(bloq: str | None, n: int) -> str:
    if bloq is None:
        return "—"
    try:
        from qualtran.bloqs import arithmetic as qa
        from qualtran.resource_counting import get_cost_value, QECGatesCost
        from qualtran import QUInt
    except ImportError:
        return "n/a"
    try:
        make = {"Add": lambda: qa.Add(QUInt(n)), "Subtract": lambda: qa.Subtract(QUInt(n)),
                "AddK": lambda: qa.AddK(QUInt(n), 5), "Product": lambda: qa.Product(n, n),
                "LinearDepthGreaterThan": lambda: qa.LinearDepthGreaterThan(n),
                "Square": lambda: qa.Square(n)}[bloq]
        counts = get_cost_value(make(), QECGatesCost()).total_t_count()
        return str(counts)
    except Exception as exc:  # a Qualtran API change must not break our table
        return f"error: {type(exc).__name__}"


def main() -> None:
    table = primitives()
    header = (f"{'primitive':<22}{'n':>6}{'qdl T':>10}{'T-depth':>9}{'qubits':>8}"
              f"{'count ms':>10}{'Qualtran T (pub.)':>19}{'Qualtran live':>15}")
    print(header)
    print("-" * len(header))
    for name, extra, published, bloq in ROWS:
        if name not in table:
            continue
        prim = table[name]
        fields = prim.params.model_fields
        for n in SIZES:
            params = {k: v for k, v in extra.items() if k in fields}
            if "value" in params:
                params["value"] %= 1 << n
            params.update({k: n for k in ("bits", "bits_b") if k in fields})
            if name in ("multiply", "square") and n > 256:
                continue
            block = prim.block(prim.params(**params))
            clear_cost_cache()
            start = time.perf_counter()
            cost = block.cost()
            ms = (time.perf_counter() - start) * 1e3
            label = name + (f"[{extra['variant']}]" if "variant" in extra else "")
            pub = str(published(n)) if published else "—"
            print(f"{label:<22}{n:>6}{cost.t_count + cost.rotation_t:>10}{cost.t_depth:>9}"
                  f"{cost.qubits:>8}{ms:>10.2f}{pub:>19}{live_qualtran(bloq, n):>15}")
    print("\nqdl T = t_count + rotation_t (draper_qft's rotations at ε = 1e-3 each).")
    print("Block-encodings (lcu_pauli, sparse) beside Qualtran counted live in its own "
          "environment: python benchmarks/compare_qualtran_qlam.py")
    issue17_rows()


# -- issue 17: the primitives added there, and lookups that use their data ----------------------
#: (primitive, size, run length of equal words or None for an arithmetic row)
ISSUE17 = [("add_oop", 8, None), ("add_oop", 32, None), ("add_oop", 64, None),
           ("ctrl_compare", 8, None), ("ctrl_compare", 32, None), ("ctrl_compare", 64, None),
           ("multiply_reals", 8, None), ("multiply_reals", 32, None),
           ("multiply_reals", 64, None),
           ("qrom", 1 << 10, 16), ("qrom", 1 << 10, 1), ("qrom", 1 << 16, 64),
           ("select_swap", 1 << 10, 1), ("select_swap", 1 << 16, 1), ("select_swap", 1 << 20, 1),
           ("qroam_clean", 1 << 10, 1), ("qroam_clean", 1 << 16, 1),
           ("qroam_clean", 1 << 20, 1)]


def qualtran_side(keys: list[str]) -> dict:
    """Qualtran's [T, seconds] per key, from the interpreter in $QUALTRAN_PYTHON (a separate
    environment with Qualtran: it is never a dependency of qdl), or {} without one."""
    import json
    import os
    import subprocess
    from pathlib import Path

    python = os.environ.get("QUALTRAN_PYTHON")
    if not python:
        return {}
    script = Path(__file__).with_name("qualtran_side_primitives.py")
    done = subprocess.run([python, str(script), *keys], capture_output=True, text=True,
                          timeout=1800)
    if done.returncode:
        print(f"(Qualtran side failed: {done.stderr.strip().splitlines()[-1:]})")
        return {}
    return json.loads(done.stdout)


def issue17_rows() -> None:
    import numpy as np

    from qualtran_side_primitives import tables

    from qdl.circuits.qam.constant_multiplication import ConstantMultiplier, worst_case_weight
    from qdl.circuits.qam.mac import FixedPointMac

    keys = [f"{name}:{n}" + (f":{run}" if run else "") for name, n, run in ISSUE17]
    theirs = qualtran_side(keys)
    table = primitives()
    header = (f"\n{'primitive':<16}{'size':>9}{'run':>5}{'qdl T':>10}{'qdl count s':>13}"
              f"{'Qualtran T':>12}{'Qualtran s':>12}")
    print(header)
    print("-" * len(header))
    for (name, n, run), key in zip(ISSUE17, keys):
        prim = table[name]
        if run is None:
            params = prim.params(bits=n)
        else:
            params = prim.params(word_bits=8, data=tuple(int(v) for v in tables(n, 0, run)))
        block = prim.block(params)
        clear_cost_cache()
        start = time.perf_counter()
        cost = block.cost()
        seconds = time.perf_counter() - start
        q_t, q_s = theirs.get(key, ["n/a", float("nan")])
        print(f"{name:<16}{n:>9}{run or '':>5}{cost.t_count:>10}{seconds:>13.3f}"
              f"{q_t!s:>12}{q_s:>12.3f}")
    mac = FixedPointMac(16, 8).cost().and_
    rng = np.random.default_rng(0)
    mean = np.mean([ConstantMultiplier(16, 8, int(w)).cost().and_
                    for w in rng.integers(-(1 << 15), 1 << 15, 1000)])
    worst = ConstantMultiplier(16, 8, worst_case_weight(16)).cost().and_
    print(f"\n16-bit (16, 8) product with a classical weight: mul_const {mean:.1f} AND on "
          f"average over uniform weights, {worst} worst case; mac (quantum weight) {mac}: "
          f"{mac / mean:.1f}x / {mac / worst:.1f}x fewer. Qualtran has no constant-weight "
          f"multiplier to compare.")
    print("lookups: 8-bit words, random (seed 0), runs of `run` equal words; qdl picks K by "
          "T-count like Qualtran. qdl count s: block.cost() after the data are validated.")


if __name__ == "__main__":
    main()
