"""Resource limits: how much qdl reads, expands, simulates or draws before it refuses.

Every check compares an *estimate*, computed before the work starts, with one of these
limits, so a request too large is refused in well under a second with the estimate, the
limit and how to raise it (``--limit NAME=VALUE``, repeatable). docs/model-format.md lists
them. The defaults keep one command within a few GB of memory and about a minute on one
core; raising a limit is the user's decision, not a bug.
"""

from __future__ import annotations

from dataclasses import dataclass

from qdl.errors import UsageError, shown


@dataclass(frozen=True)
class Limit:
    default: int
    what: str


LIMITS: dict[str, Limit] = {
    "model_bytes": Limit(1 << 20, "bytes of a model file"),
    "table_bytes": Limit(256 << 20, "bytes of a .npy or .csv data file"),
    "qasm_bytes": Limit(16 << 20, "bytes of an OpenQASM file"),
    "qasm_gates": Limit(500_000, "gates of an OpenQASM circuit once its gate definitions are "
                                 "expanded (200,000 count in 2.5 s here)"),
    "optimize_gates": Limit(3_000, "gates of a circuit given to --optimize (its passes grow "
                                   "faster than linearly: a 256-bit adder, 2,547 gates, takes "
                                   "2 s; a 400-bit one, 3,987 gates, 15 s)"),
    "qram_noise_work": Limit(4_000_000, "damping rates × trajectories × Σ n·2^n over the "
                                        "widths simulated by trajectories (the shipped example, "
                                        "n = 1…6 at three rates, is 1,824,000 and takes about "
                                        "4 minutes with a progress bar)"),
    "yaml_nodes": Limit(200_000, "YAML values in a model once its aliases are expanded"),
    "yaml_depth": Limit(64, "nesting depth of a model file"),
    "shots": Limit(1_000_000, "--shots of --simulate"),
    "sim_work": Limit(5_000_000, "shots × gates × qubits of one --simulate run, weighted by "
                                 "(1 + 30·p) under noise p (about 2.5 µs each here)"),
    "sim_memory_mb": Limit(4096, "MB of simulator state (statevector: 16·2^n bytes; density "
                                 "matrix: 16·4^n bytes)"),
    "verify_gate_cases": Limit(200_000, "gates × input cases of a primitive's --verify run "
                                        "(about 0.5 ms each here)"),
    "verify_qubits": Limit(600, "qubits of the widest stage circuit a network --verify builds "
                                "(the widest shipped, qresnet18's shrunk conv, is 178)"),
    "verify_network_work": Limit(6_000_000, "gates × Aer runs over the stages of a network "
                                            "--verify (0.3–0.5 ms each here: tiny_attention, "
                                            "220,098, about 2 minutes; qvit_b16, the largest "
                                            "shipped, 5,045,687)"),
    "verify_statevector_work": Limit(5_000_000_000, "gates × 2^qubits of a statevector --verify "
                                                    "run (training's solver check: 10,248 "
                                                    "gates on 16 qubits, 6.7·10^8, ran 62 s on "
                                                    "a loaded 2-core machine)"),
    "draw_text_cells": Limit(20_000, "qubits × layers of an --emit text drawing"),
    "draw_png_cells": Limit(3_000, "qubits × layers of an --emit png drawing"),
}

_overrides: dict[str, int] = {}


def get(name: str) -> int:
    return _overrides.get(name, LIMITS[name].default)


def set_overrides(pairs: list[str]) -> None:
    """Apply ``--limit NAME=VALUE`` options (replacing earlier ones)."""
    _overrides.clear()
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if name not in LIMITS or not sep:
            raise UsageError(f"cannot read --limit '{shown(pair)}'",
                             f"write NAME=VALUE with NAME one of {', '.join(LIMITS)}")
        try:
            number = int(float(value)) if value.strip().lower() not in ("nan", "inf") else -1
        except (ValueError, OverflowError):
            number = -1
        if number < 1 or number > 1 << 62:
            raise UsageError(f"--limit {name} must be a positive integer, got '{shown(value)}'",
                             f"e.g. --limit {name}={2 * LIMITS[name].default}")
        _overrides[name] = number


def check(name: str, estimate: int | float, what: str, fix: str, **where) -> None:
    """Refuse (exit 2) when ``estimate`` exceeds the limit ``name``."""
    limit = get(name)
    if estimate > limit:
        raise UsageError(f"{what}: the estimate is {_num(estimate)}, the limit {name} is "
                         f"{_num(limit)}", f"{fix}, or raise the limit with --limit {name}=N",
                         **where)


def _num(x: int | float) -> str:
    if x == float("inf"):
        return "beyond 1e300"
    return f"{x:,.0f}" if x < 1e15 else f"{x:.3g}"
