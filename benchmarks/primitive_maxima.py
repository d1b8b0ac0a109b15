"""Time and peak memory of counting every registered primitive at its declared maximum sizes.

Issue 21: counting must be O(poly log n) in memory for every primitive at its declared maximum
size. For each primitive this takes a small valid parameter set (``BASE``) and, one field at a
time, sets every integer parameter with a declared upper bound (``le``/``lt`` in its schema) to
that bound, for every value of the primitive's variant-like choices; then all bounds at once.
Each case runs ``qdl-compile MODEL -o OUT.json`` (validation, guards, counting, the report) in a
child forked after the imports, under a wall-clock cap (``--timeout``, default 60 s) and an
address-space cap (``--memory-gb``, default 4); the parent reads the child's own peak RSS from
``wait4``. Cases the schema or a cross-parameter check rejects are listed as "rejected" (they
are not declared sizes). Prints a markdown table: primitive, case, exit status, seconds, peak
RSS in MB (the forked child's, imports included: ~200 MB is the interpreter with qdl loaded).

    .venv/bin/python benchmarks/primitive_maxima.py [--only NAME ...] [--timeout S]
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import sys
import tempfile
import time
import typing
from pathlib import Path

BASE: dict[str, dict] = {
    "add": {"bits": 8}, "add_const": {"bits": 8, "value": 5}, "add_oop": {"bits": 8},
    "amplitude_estimation": {"qubits": 4}, "arccos": {"bits": 8, "frac_bits": 4},
    "be_product": {"size": 16}, "be_sum": {"size": 16}, "block_encoding": {"size": 16},
    "bucket_brigade": {"address_bits": 4, "word_bits": 4},
    "chebyshev_series": {"bits": 8, "frac_bits": 4, "terms": 4},
    "compare": {"bits": 8}, "ctrl_add": {"bits": 8}, "ctrl_compare": {"bits": 8},
    "dcd_reprepare": {"bits": 8, "frac_bits": 4, "terms": 4, "position_bits": 4},
    "dot": {"bits": 8, "length": 4}, "dot_const": {"bits": 8, "length": 4},
    "exp": {"bits": 8, "frac_bits": 4}, "inner_product": {"size": 16},
    "inv_sqrt": {"bits": 8, "frac_bits": 4}, "lcu_heads": {"size": 16},
    "mac": {"bits": 8}, "matrix_inversion": {"matrix": [[2, 1], [1, 2]]},
    "mul_const": {"bits": 8, "weight": 0.75}, "multiply": {"bits": 8},
    "multiply_reals": {"bits": 8}, "qdac": {"size": 16, "bits": 8},
    "qroam_clean": {"words": 16, "word_bits": 4}, "qrom": {"words": 16, "word_bits": 4},
    "reciprocal": {"bits": 8, "frac_bits": 4}, "relu": {"bits": 8},
    "select_swap": {"words": 16, "word_bits": 4}, "square": {"bits": 8},
    "state_prep": {"size": 16}, "sub": {"bits": 8},
}


def _bound(field) -> int | None:
    for meta in field.metadata:
        for attr in ("le", "lt"):
            value = getattr(meta, attr, None)
            if isinstance(value, int) and not isinstance(value, bool):
                return value - (attr == "lt")
    return None


def _choices(field) -> list:
    args = [a for a in typing.get_args(field.annotation) if a is not type(None)]
    return list(typing.get_args(field.annotation)) if typing.get_origin(field.annotation) is \
        typing.Literal else [] if not args else []


def cases(name: str, primitive) -> list[tuple[str, dict]]:
    fields = primitive.params.model_fields
    bounded = {k: b for k, f in fields.items()
               if (b := _bound(f)) is not None and "int" in str(f.annotation)}
    choices = {k: c for k, f in fields.items() if (c := _choices(f))}
    variants = [{}] + [{k: v} for k, vs in choices.items() for v in vs if v != fields[k].default]
    out = []
    for variant in variants:
        for k, b in bounded.items():
            out.append((f"{k}={b:,}", {**BASE[name], **variant, k: b}))
        if len(bounded) > 1:
            out.append(("all maxima", {**BASE[name], **variant, **bounded}))
    return [(label + "".join(f", {k}={v}" for k, v in params.items()
                             if k in choices and params[k] != fields[k].default), params)
            for label, params in out]


def _yaml(name: str, params: dict) -> str:
    return f"name: bench\nprimitive: {name}\nparams: {params!r}\n".replace("'", "")


def run(name: str, params: dict, folder: Path, timeout: float, memory_gb: float):
    model, out = folder / "m.yaml", folder / "out.json"
    model.write_text(_yaml(name, params))
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child: bounded, silent, exits with qdl's status
        signal.alarm(int(timeout))
        cap = int(memory_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        from qdl.compiler.cli import main
        sys.argv = ["qdl-compile", str(model), "-o", str(out)]
        try:
            code = main()
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        except MemoryError:
            code = 99
        os._exit(code or 0)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    verdict = {-signal.SIGALRM: "TIMEOUT", 99: "OUT OF MEMORY"}.get(code, str(code))
    return verdict, seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--memory-gb", type=float, default=4)
    args = parser.parse_args()
    from qdl.circuits.registry import primitives
    from qdl.compiler.model import kinds

    kinds()  # import every model kind once, before the forks

    print("| primitive | case | exit | s | peak MB |\n|---|---|---|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, primitive in primitives().items():
            if args.only and name not in args.only:
                continue
            for label, params in cases(name, primitive):
                verdict, seconds, mb = run(name, params, Path(tmp), args.timeout,
                                           args.memory_gb)
                if verdict == "2":
                    verdict = "2 (rejected)"
                print(f"| {name} | {label} | {verdict} | {seconds:.2f} | {mb:,.0f} |",
                      flush=True)


if __name__ == "__main__":
    main()
