"""Network counting cost vs N, and T-count / T-depth vs N under every QRAM model.

    python benchmarks/network_scaling.py [resnet18|vit_b16]
    python benchmarks/network_scaling.py timing [cpu]

``timing``: the compile time of resnet18 @224² and vit_b16 @384² after import: in a new
process (cold) with the count cache off, empty and filled (qdl.count_cache), again in the
same process (warm, memo tables kept), and from scratch in it (memo tables cleared, cache
off: the compile counts every schedule point of every stage, the frontier). ``cpu``: process
CPU time instead of wall time (on a shared machine the wall time measures the other jobs).

For input sides 32 … 4096 (N = 32² … 4096² positions) and each QRAM model, compiles the
preset from scratch (cost and primitive caches cleared), and prints the counting time, the
peak Python memory (tracemalloc) and the model's total T-count and T-depth, then the fitted
exponents of T-count and T-depth in N. A QRAM model whose primitive is not in this build is
reported as missing and skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import tracemalloc

import numpy as np

from qdl import count_cache
from qdl.circuits.block import clear_cost_cache
from qdl.circuits.compose import clear_tallies
from qdl.estimators.network import schedule
from qdl.errors import QdlError
from qdl.estimators.network import modules
from qdl.estimators.network import spec as S
from qdl.estimators.network.compile import compile_network
from qdl.estimators.network.sweep import _totals, exponent

SIDES = (32, 64, 128, 256, 512, 1024, 2048, 4096)


def run(preset: str, qram: str, protocol: dict) -> None:
    xs, tc, td = [], [], []
    print(f"\n{preset}, qram={qram}, readout={protocol}")
    print(f"{'side':>6} {'N':>10} {'count s':>8} {'peak MB':>8} {'T-count':>12} {'T-depth':>12}")
    for side in SIDES:
        spec = S.NetworkSpec.model_validate({
            "preset": preset, "input": {"channels": 3, "height": side, "width": side},
            "readout": protocol, "qram": qram})
        clear_cost_cache()
        modules._primitive.cache_clear()
        tracemalloc.start()
        t0 = time.perf_counter()
        try:
            net = compile_network(spec)
        except QdlError as exc:
            tracemalloc.stop()
            print(f"  skipped: {exc.what}")
            return
        dt = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        tot = _totals(net)
        xs.append(side * side)
        tc.append(tot["t_count"])
        td.append(tot["t_depth"])
        print(f"{side:>6} {side * side:>10} {dt:>8.3f} {peak:>8.1f} {tot['t_count']:>12.3e} "
              f"{tot['t_depth']:>12.3e}")
    print(f"  fitted: T-count ∝ N^{exponent(xs, tc):.3f}, T-depth ∝ N^{exponent(xs, td):.3f}")


CASES = [("resnet18", 224), ("vit_b16", 384)]


def _specs() -> list:
    return [S.NetworkSpec.model_validate({
        "preset": p, "input": {"channels": 3, "height": s, "width": s},
        "readout": {"protocol": "tomography_linf", "delta": 0.01}}) for p, s in CASES]


def _first_compiles(clock) -> list[float]:
    """This process's first compile of each case (after import)."""
    out = []
    for spec in _specs():
        t0 = clock()
        compile_network(spec)
        out.append(clock() - t0)
    return out


def _cold(cache: str, cpu: bool) -> list[float]:
    """The first compiles of a new Python process whose count cache is ``cache`` (a folder,
    or "off"): import, then each case once. Bytecode is cached as in an installed package
    (pip writes it at install; PYTHONDONTWRITEBYTECODE, set on some machines, would make
    every process compile qdl's modules again inside the timed registry discovery)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["QDL_CACHE_DIR"] = cache
    done = subprocess.run([sys.executable, __file__, "timing-child"] + (["cpu"] if cpu else []),
                          capture_output=True, text=True, env=env, check=True)
    return [float(x) for x in done.stdout.split()]


def timing(cpu: bool = False) -> None:
    """Compile times after import, in seconds (``cpu``: process CPU time, which a shared
    machine's load does not inflate):

    - cold, counted: a new process, the count cache off (qdl.count_cache): registry
      discovery and every block's first count;
    - cold, first run: a new process with an empty count cache (it also writes the cache);
    - cold, cached: a new process after that one (every stage cost and schedule point read
      from the cache: what a user's second run of any model with these layer shapes takes);
    - warm: again in the same process (memo tables kept);
    - cleared: the same process with its memo tables cleared and the cache off.
    """
    clock = time.process_time if cpu else time.perf_counter
    with tempfile.TemporaryDirectory() as folder:
        _cold("off", cpu)  # writes the bytecode caches (an install's state)
        counted = _cold("off", cpu)
        first = _cold(folder, cpu)
        cached = _cold(folder, cpu)
    count_cache.disable()
    _first_compiles(clock)
    print(f"{'network':>16} {'counted':>8} {'1st run':>8} {'cached':>8} {'warm':>8} "
          f"{'cleared':>8} {'stages':>7}   (seconds after import; cold = a new process)")
    for i, ((preset, side), spec) in enumerate(zip(CASES, _specs())):
        warm = float("inf")
        for _ in range(3):  # best of three: the machine is shared
            t0 = clock()
            net = compile_network(spec)
            warm = min(warm, clock() - t0)
        clear_cost_cache()
        clear_tallies()
        schedule.clear_points()
        modules._primitive.cache_clear()
        t0 = clock()
        compile_network(spec)
        cleared = clock() - t0
        print(f"{preset + ' @' + str(side):>16} {counted[i]:>8.3f} {first[i]:>8.3f} "
              f"{cached[i]:>8.3f} {warm:>8.3f} {cleared:>8.3f} {len(net.stages):>7}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "timing":
        timing(cpu=sys.argv[2:3] == ["cpu"])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "timing-child":
        clock = time.process_time if sys.argv[2:3] == ["cpu"] else time.perf_counter
        print(" ".join(f"{t:.4f}" for t in _first_compiles(clock)))
        return
    count_cache.disable()  # every size counted, none read from an earlier run
    preset = sys.argv[1] if len(sys.argv) > 1 else "resnet18"
    for protocol in ({"protocol": "tomography_linf", "delta": 0.01},
                     {"protocol": "dcd", "rank": 20, "epsilon": 0.01}):
        for qram in S.QRAM_MODELS:
            run(preset, qram, protocol)


if __name__ == "__main__":
    np.set_printoptions(precision=3)
    main()
