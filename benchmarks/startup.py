"""``qdl-compile`` as a user runs it: whole processes, start-up and imports included.

    python benchmarks/startup.py [RUNS]          # whole processes (default 5 runs each)
    python benchmarks/startup.py render [MODEL]  # in one process: each report format's time

Whole processes: a primitive (add32), a readout (readout_dcd) and a network (qresnet18, in
each report format) are each run RUNS times after one warm-up run, with COLUMNS=100 so the
table format's layout is fixed and the count cache off (QDL_CACHE_DIR=off: every run counts
its network, as the first run of a qdl version does; docs/network.md); printed are the median
and the minimum of the wall time and the median CPU time (user + system, from ``os.wait4``).
On a shared machine quote the medians.

``render``: compiles MODEL (default examples/qresnet18.yaml) once, then times each renderer
on the report three times (the best is printed): what a format adds to the compile.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QDL = str(Path(sys.executable).with_name("qdl-compile"))

CASES = [
    ("primitive add32", ["examples/add32.yaml"]),
    ("readout readout_dcd", ["examples/readout_dcd.yaml"]),
    ("network qresnet18 table", ["examples/qresnet18.yaml"]),
    ("network qresnet18 md", ["examples/qresnet18.yaml", "--format", "md"]),
    ("network qresnet18 json", ["examples/qresnet18.yaml", "--format", "json"]),
]


def run_once(args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one ``qdl-compile ARGS`` process."""
    start = time.perf_counter()
    proc = subprocess.Popen([QDL, *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                            env={**os.environ, "COLUMNS": "100", "QDL_CACHE_DIR": "off"})
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"qdl-compile {' '.join(args)} exited {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def processes(runs: int) -> None:
    print(f"{'case':<26} {'wall median':>12} {'wall min':>9} {'cpu median':>11}   ({runs} runs)")
    for name, args in CASES:
        run_once(args)  # warm-up: the file cache, .pyc files
        walls, cpus = zip(*(run_once(args) for _ in range(runs)))
        print(f"{name:<26} {statistics.median(walls):>11.2f}s {min(walls):>8.2f}s "
              f"{statistics.median(cpus):>10.2f}s")


def renderers(model: str) -> None:
    from qdl.compiler.model import CompileOptions, load_model
    from qdl.compiler.render import RENDERERS

    start = time.perf_counter()
    os.environ["QDL_CACHE_DIR"] = "off"  # the compile's time is the counting's, as above
    kind, spec, doc = load_model(model)
    report = kind.compile(spec, doc, CompileOptions()).to_dict()
    print(f"{model}: load and compile {time.perf_counter() - start:.2f} s (imports included)")
    for fmt, render in RENDERERS.items():
        times, size = [], 0
        for _ in range(3):
            start = time.perf_counter()
            size = len(render(report))
            times.append(time.perf_counter() - start)
        print(f"  {fmt:<6} {min(times):6.3f} s  (first {times[0]:.3f} s)  {size:>9,} characters")


if __name__ == "__main__":
    if sys.argv[1:2] == ["render"]:
        os.environ["COLUMNS"] = "100"
        renderers(sys.argv[2] if len(sys.argv) > 2 else str(ROOT / "examples/qresnet18.yaml"))
    else:
        processes(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
