"""Our exact counts and counting time beside Qualtran's, for the primitives both have.

    python benchmarks/compare_qualtran.py

Qualtran's columns are its published closed forms (docstrings of Qualtran 0.7:
``Add`` 4n−4 T (Gidney 2018); ``AddK`` XORs K into n ancillas and calls ``Add``, 4n−4 T;
``LinearDepthGreaterThan`` 4n T). When ``qualtran`` is importable (``pip install
'qdl-compiler[qualtran]'``) its live T-count is added; it is never needed otherwise. Primitives are
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


if __name__ == "__main__":
    main()
