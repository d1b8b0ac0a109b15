"""qdl's optimiser on the Amy–Maslov–Mosca T-count suite, beside Nam et al. and PyZX run live.

Run: python benchmarks/tpar_table.py [PATH ...] [--reference JSON] [--no-verify] [--no-pyzx]

PATH is a ``.qasm``/``.qc`` file or a directory of them (default: ``benchmarks/tpar``, the ten
circuits of the shared suite; point it at meamy/feynman's ``benchmarks/qc`` for the rest).
``reference.json`` beside the files (or ``--reference``) gives the published T-counts:
``nam_et_al_2018`` (Nam, Ross, Su, Childs, Maslov, npj Quantum Inf. 4, 23 (2018), their
optimised circuits), ``pyzx`` (PyZX 0.10.8, the smaller of teleport_reduce and
full_reduce, as recorded in the shared suite) and ``tpar_2014`` (T-count and T-depth of the
circuits T-par (Amy, Maslov, Mosca, IEEE TCAD 33, 1476 (2014), arXiv:1303.2042) produced, as
distributed in zxcalc/pyzx ``circuits/Fast/*_tpar.qc``: the T count and the "tdepth (by
critical paths)" of the optimised circuit in each file's header; no ancillas).

Per circuit: input qubits, T-count and T-depth; the published numbers; PyZX live (phase
teleportation + basic optimisation, and full_reduce + extraction; the smaller T-count, with
its time); qdl ``--optimize 3`` (target ``t_count``: T-count, T-depth, seconds) and
``--optimize 3 --optimize-for t_depth`` (T-count / T-depth, marked against T-par's
published T-depth); the CX count of the input and of both results; then the re-verification of both results against the file (:func:`qdl.passes.equivalence.check_equivalent`: proof
method or "sampled"). T-counts are Clifford+T counts, a Toffoli left in a circuit counted as
7 T (the convention of the suite and the papers), a temporary AND as 4 T (none here: a
``.qc`` file is expanded to Clifford+T by PyZX, like the shared ``.qasm`` files, and no qubit
is assumed clean, so every optimiser solves the same unitary problem); T-depth is qdl's count (docs/costs.md): layers of
T gates on the critical path, every gate scheduled as soon as its wires allow.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from qdl.compiler.circuit_input import load_circuit_and_zeros
from qdl.passes.circuit_count import count_circuit
from qdl.passes.equivalence import check_equivalent
from qdl.passes.optimize import optimize_circuit

HERE = Path(__file__).parent / "tpar"


def clifford_t(cost) -> int:
    """T-count with Toffolis at 7 T and temporary ANDs at 4 T (see the module docstring)."""
    return cost.t + 7 * cost.toffoli + 4 * cost.and_


def circuits(paths: list[str]) -> list[Path]:
    out = []
    for p in map(Path, paths or [str(HERE)]):
        if p.is_dir():
            out += sorted(f for f in p.iterdir() if f.suffix in (".qasm", ".qc"))
        else:
            out.append(p)
    return out


def references(files: list[Path], explicit: str | None) -> dict:
    found = {}
    sources = [Path(explicit)] if explicit else sorted({f.parent / "reference.json"
                                                        for f in files})
    for src in sources:
        if src.is_file():
            found.update(json.loads(src.read_text()))
    return found


#: Run in another interpreter (``--pyzx-python``): the same two procedures on OpenQASM read
#: from stdin; prints the T-count.
_LIVE = """
import sys, pyzx
circuit = pyzx.Circuit.from_qasm(sys.stdin.read())
best = pyzx.basic_optimization(pyzx.Circuit.from_graph(pyzx.teleport_reduce(
    circuit.to_graph())).split_phase_gates().to_basic_gates()).tcount()
graph = circuit.to_graph()
pyzx.full_reduce(graph)
try:
    best = min(best, pyzx.basic_optimization(
        pyzx.extract_circuit(graph.copy()).to_basic_gates()).tcount())
except Exception:
    pass
print(best)
"""


def pyzx_live(path: Path, python: str | None = None) -> tuple[int | None, float]:
    """PyZX's smaller T-count of teleport_reduce and full_reduce + extraction, and seconds;
    with ``python``, run by that interpreter (a separate venv with its own PyZX)."""
    try:
        import pyzx
    except ImportError:
        return None, 0.0
    start = time.perf_counter()
    from qdl.compiler.circuit_input import parse_qc

    circuit = (parse_qc(path.read_text()) if path.suffix == ".qc"
               else pyzx.Circuit.from_qasm_file(str(path)))
    if python:
        import subprocess

        done = subprocess.run([python, "-c", _LIVE], input=circuit.to_qasm(), text=True,
                              capture_output=True, check=True)
        return int(done.stdout.split()[-1]), time.perf_counter() - start
    best = pyzx.basic_optimization(pyzx.Circuit.from_graph(
        pyzx.teleport_reduce(circuit.to_graph())).split_phase_gates().to_basic_gates()).tcount()
    graph = circuit.to_graph()
    pyzx.full_reduce(graph)
    try:
        extracted = pyzx.extract_circuit(graph.copy())
        best = min(best, pyzx.basic_optimization(extracted.to_basic_gates()).tcount())
    except Exception:  # extraction can fail on non-unitary-looking graphs: keep teleport's
        pass
    return best, time.perf_counter() - start


def load(path: Path):
    """The circuit as the papers count it: unitary, Toffolis expanded to Clifford+T (PyZX's
    7-T decomposition, as in the shared .qasm files); no qubit assumed clean."""
    if path.suffix != ".qc":
        return load_circuit_and_zeros(str(path))[0]
    from qdl.compiler.circuit_input import parse_qc
    from qdl.passes.zx import from_pyzx

    return from_pyzx(parse_qc(path.read_text()))


def row(path: Path, ref: dict, verify: bool, live: bool, python: str | None = None) -> list[str]:
    qc, zeros = load(path), frozenset()
    before = count_circuit(qc)
    start = time.perf_counter()
    opt = optimize_circuit(qc, 3, clean=zeros, scratch=frozenset())
    seconds = time.perf_counter() - start
    by_depth = optimize_circuit(qc, 3, clean=zeros, scratch=frozenset(), target="t_depth")
    depth = by_depth.after
    zx_t, zx_s = pyzx_live(path, python) if live else (None, 0.0)
    best = [v for v in (ref.get("nam_et_al_2018"), ref.get("pyzx")) if v is not None]
    mark = ""
    if best:
        t = clifford_t(opt.after)
        mark = " (<)" if t < min(best) else (" (=)" if t == min(best) else " (>)")
    verdict = ""
    if verify:
        verdict = " / ".join(_verdict(qc, c) for c in (opt.circuit, by_depth.circuit))
    show = (lambda v: "—" if v is None else f"{v:,}")
    tpar = ref.get("tpar_2014")
    d_mark = "" if not tpar else (" (<)" if depth.t_depth < tpar["t_depth"] else
                                  " (=)" if depth.t_depth == tpar["t_depth"] else " (>)")
    return [path.stem, str(qc.num_qubits), f"{clifford_t(before):,}", f"{before.t_depth:,}",
            show(ref.get("nam_et_al_2018")), show(ref.get("pyzx")),
            f"{show(zx_t)} ({zx_s:.1f} s)" if live else "—",
            f"**{clifford_t(opt.after):,}**{mark}", f"{opt.after.t_depth:,}", f"{seconds:.1f}",
            f"{tpar['t']:,} / {tpar['t_depth']:,}" if tpar else "—",
            f"{clifford_t(depth):,} / **{depth.t_depth:,}**{d_mark}",
            " / ".join(f"{c.count_ops().get('cx', 0):,}" for c in (qc, opt.circuit,
                                                                   by_depth.circuit)),
            verdict or "—"]


def _verdict(original, optimised) -> str:
    """Re-verification of one optimised circuit: status, deciding method, seconds."""
    start = time.perf_counter()
    check = check_equivalent(original, optimised, clean=frozenset(), scratch=frozenset(),
                             random_cases=3)
    method = check.method.split(":")[0].split(" (")[0]
    return f"{check.status}: {method} ({time.perf_counter() - start:.1f} s)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help=".qasm/.qc files or directories")
    ap.add_argument("--reference", help="JSON of published counts (default: reference.json "
                                        "beside the files)")
    ap.add_argument("--no-verify", action="store_true", help="skip the re-verification")
    ap.add_argument("--no-pyzx", action="store_true", help="skip PyZX run live")
    ap.add_argument("--pyzx-python", help="run PyZX live with this interpreter (a separate "
                                          "venv, e.g. /work/pyzx-venv/bin/python)")
    args = ap.parse_args(argv)
    files = circuits(args.paths)
    refs = references(files, args.reference)
    header = ["circuit", "qubits", "T in", "T-depth in", "Nam et al.", "PyZX (pub.)",
              "PyZX live", "qdl -O3 T", "qdl T-depth", "qdl s", "T-par (pub.) T / T-depth",
              "qdl t_depth: T / T-depth", "CX in / t_count / t_depth",
              "verified (t_count / t_depth)"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for f in files:
        try:
            cells = row(f, refs.get(f.stem, {}), not args.no_verify, not args.no_pyzx,
                        args.pyzx_python)
        except Exception as exc:  # a file PyZX cannot parse (e.g. a gate it lacks): say so
            cells = [f.stem, f"not read: {type(exc).__name__}: {exc}"] + [""] * (len(header) - 2)
        print("| " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
