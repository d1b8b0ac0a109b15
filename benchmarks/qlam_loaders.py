"""First-count time of the QROM-loaded QLAM blocks of vit_b16 @384² (issue 15).

    python benchmarks/qlam_loaders.py [runs]

The A·V stage of vit_b16 @384² offers three QROM-loaded constructions (QROAM with the
T-minimising K per level, one shared K, the plain QROM) for V's state preparation over 2^20
amplitudes and the 12-head column loader over 2^10 (qdl.estimators.network.lower_values);
their six ``cost()`` calls are most of that report's compile. Each run is a new process with
the count cache off (QDL_CACHE_DIR=off) that imports first and then times, in process CPU
time, recording and counting the six blocks (the per-wire walk, qdl.circuits.compose_wires
and its trace, qdl.circuits.wire_trace), with the cyclic garbage collector on and, as in
compile_network, paused (qdl.gc_pause). Prints the minimum over the runs (default 3) of
each; on a shared machine the minimum is the least disturbed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

#: (primitive, params): what lower_values asks for at vit_b16 @384² (the shared K is 256)
BLOCKS = [
    ("state_prep", {"size": 1 << 20, "method": "qrom", "angle_bits": 10, "block": block})
    for block in (None, 1, 256)
] + [
    ("heads_dense", {"heads": 12, "size": 1 << 10, "loader": "qrom", "angle_bits": 10,
                     "block": block})
    for block in (None, 1, 256)
]


def child(gc_off: bool) -> None:
    import gc

    import qdl.circuits.registry as registry
    from qdl.estimators.network.modules import primitive

    registry.primitives()
    if gc_off:
        gc.disable()
    times = []
    for name, params in BLOCKS:
        block = primitive(name, **params)
        start = time.process_time()
        block.cost()
        times.append(time.process_time() - start)
    print(" ".join(f"{t:.4f}" for t in times))


def main() -> None:
    if sys.argv[1:2] == ["child"]:
        child(sys.argv[2] == "1")
        return
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    env = {**os.environ, "QDL_CACHE_DIR": "off"}
    for gc_off in (False, True):
        best = None
        for _ in range(runs):
            out = subprocess.run([sys.executable, __file__, "child", str(int(gc_off))],
                                 env=env, capture_output=True, text=True, check=True)
            times = [float(x) for x in out.stdout.split()]
            best = times if best is None else [min(a, b) for a, b in zip(best, times)]
        label = "gc paused" if gc_off else "gc on    "
        cells = "  ".join(f"{name}[{params['block']}] {t:.3f}"
                          for (name, params), t in zip(BLOCKS, best))
        print(f"{label}: total {sum(best):.3f} s   {cells}")


if __name__ == "__main__":
    main()
