"""Model kind ``qram_noise``: bucket-brigade QRAM query infidelity under amplitude damping.

Seed 000, appendix F: simulate the query for small address widths n at several damping
rates, fit a quadratic in n per rate, and extrapolate to the widths a real model needs.

```yaml
name: qram_noise
qram_noise:
  address_bits: [1, 2, 3, 4, 5]
  damping_rates: [3.0e-4, 1.0e-3]
  extrapolate_to: [8, 16, 32]
```

Simulators (qdl.estimators.qram_noise): the exact sparse density matrix for n ≤
``exact_up_to``, pure-state trajectories above, and Aer's density-matrix method at n = 1 as
the independent check of both.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from qdl.compiler.model import CompileOptions, ModelKind, register_kind
from qdl.compiler.report import Layer, Report
from qdl.compiler.yamlfile import YamlDocument
from qdl.errors import QdlError

#: Widths simulated at most: the n = 7 tree has 3·128 qubits, trajectories take minutes.
MAX_SIMULATED_BITS = 7


class QramNoiseSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    address_bits: list[int] = Field([1, 2, 3, 4, 5], min_length=3,
                                    description="address widths n simulated (≥ 3 for the fit)")
    word_bits: int = Field(1, ge=1, le=2, description="bits per memory word (bus qubits)")
    damping_rates: list[float] = Field([3e-4, 1e-3], min_length=1,
                                       description="γ per time step and qubit")
    extrapolate_to: list[Annotated[int, Field(ge=1, le=64)]] = Field(
        [8, 16, 24, 32], description="n to extrapolate the fit to (1 … 64 address bits)")
    exact_up_to: int = Field(3, ge=0, le=4, description="largest n simulated exactly")
    trajectories: int = Field(600, ge=20, le=100_000, description="trajectories per point above")
    seed: int = 0
    plot: str | None = Field("qram_noise.png", description="PNG file name, written beside "
                             "-o FILE or into --plots DIR (needs the 'plots' extra); null "
                             "for none")

    @field_validator("address_bits")
    @classmethod
    def _widths(cls, v: list[int]) -> list[int]:
        if any(not 1 <= n <= MAX_SIMULATED_BITS for n in v):
            raise ValueError(f"address widths must lie in 1 … {MAX_SIMULATED_BITS}")
        if len(set(v)) != len(v):
            raise ValueError("address widths repeat")
        return sorted(v)

    @field_validator("damping_rates")
    @classmethod
    def _rates(cls, v: list[float]) -> list[float]:
        if any(not 0 < g < 1 for g in v):
            raise ValueError("damping rates must lie in (0, 1)")
        return v


class QramNoiseModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    qram_noise: QramNoiseSpec = Field(default_factory=QramNoiseSpec)


def _data(n: int, word_bits: int, seed: int) -> tuple[int, ...]:
    import numpy as np

    rng = np.random.default_rng(seed + n)
    return tuple(int(x) for x in rng.integers(0, 1 << word_bits, 1 << n))


def _progress():
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/"
                    "{task.total} steps"), TimeElapsedColumn(),
                    console=Console(file=sys.stderr), transient=True)


def run_study(spec: QramNoiseSpec) -> dict:
    """Simulate every (n, γ), fit and extrapolate; the report section as a dict."""
    from qdl.circuits.dtm.bucket_brigade import BucketBrigadeQRAM
    from qdl.estimators.qram_noise import (aer_infidelity, exact_infidelity, fit_quadratic,
                                           layered_ops, trajectory_infidelity)
    from qdl.passes.build import build_circuit

    circuits = {n: build_circuit(BucketBrigadeQRAM(n, spec.word_bits,
                                                   _data(n, spec.word_bits, spec.seed)))
                for n in spec.address_bits}
    steps = {n: len(layered_ops(qc)) for n, qc in circuits.items()}
    rows = []
    with _progress() as progress:
        task = progress.add_task("qRAM noise", total=sum(steps.values()) *
                                 len(spec.damping_rates))
        for gamma in spec.damping_rates:
            for n, qc in circuits.items():
                progress.update(task, description=f"n={n} γ={gamma:g}")
                tick = lambda: progress.advance(task)  # noqa: E731
                if n <= spec.exact_up_to:
                    value, _ = exact_infidelity(qc, n, gamma, tick)
                    err, method = 0.0, "exact density matrix"
                else:
                    value, err = trajectory_infidelity(qc, n, gamma, spec.trajectories,
                                                       spec.seed, tick)
                    method = f"{spec.trajectories} trajectories"
                rows.append({"address_bits": n, "damping_rate": gamma,
                             "qubits": qc.num_qubits, "time_steps": steps[n],
                             "infidelity": value, "std_error": err, "method": method})
    fits, extrapolation = {}, []
    for gamma in spec.damping_rates:
        pts = [r for r in rows if r["damping_rate"] == gamma]
        fit = fit_quadratic([r["address_bits"] for r in pts], [r["infidelity"] for r in pts])
        fits[f"{gamma:g}"] = {"a": fit.a, "b": fit.b, "c": fit.c,
                              "formula": f"{fit.a:.4g}·n² {fit.b:+.4g}·n {fit.c:+.4g}"}
        for n in spec.extrapolate_to:
            extrapolation.append({"address_bits": n, "damping_rate": gamma,
                                  "infidelity": min(1.0, fit(n)),
                                  "note": "fit ≥ 1: the query is lost" if fit(n) >= 1 else ""})
    check = None
    if 1 in circuits:
        gamma = spec.damping_rates[0]
        aer = aer_infidelity(circuits[1], 1, gamma)
        exact = exact_infidelity(circuits[1], 1, gamma)[0]
        check = {"address_bits": 1, "damping_rate": gamma, "aer_density_matrix": aer,
                 "exact_sparse": exact, "difference": abs(aer - exact)}
    return {"noise_model": "amplitude damping γ on every qubit after every ASAP time step; "
                           "address in uniform superposition; infidelity = 1 − ⟨ψ|ρ|ψ⟩",
            "word_bits": spec.word_bits, "points": rows, "quadratic_fit": fits,
            "extrapolation": extrapolation, "aer_check": check}


def table_lines(section: dict) -> list[str]:
    """The simulated and extrapolated infidelities as fixed-width text rows."""
    lines = [f"{'n':>3} {'gamma':>8} {'qubits':>6} {'steps':>5} {'1-F':>10} {'+/-':>8}  method"]
    for p in section["points"]:
        lines.append(f"{p['address_bits']:>3} {p['damping_rate']:>8.2g} {p['qubits']:>6} "
                     f"{p['time_steps']:>5} {p['infidelity']:>10.5f} {p['std_error']:>8.5f}  "
                     f"{p['method']}")
    for p in section["extrapolation"]:
        lines.append(f"{p['address_bits']:>3} {p['damping_rate']:>8.2g} {'':>6} {'':>5} "
                     f"{p['infidelity']:>10.5f} {'':>8}  quadratic fit {p['note']}".rstrip())
    return lines


def write_plot(section: dict, path: Path, shown_as: Path | None = None) -> str:
    """Write the PNG to ``path``; returns what the report says about it (naming the file
    ``shown_as``, where the output layer will move it)."""
    try:
        import matplotlib
    except ImportError:
        return "skipped: matplotlib is not installed (it comes with the 'plots' extra of qdl)"
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(figsize=(6, 4))
    for key, fit in section["quadratic_fit"].items():
        pts = [p for p in section["points"] if f"{p['damping_rate']:g}" == key]
        ns = [p["address_bits"] for p in pts]
        bars = ax.errorbar(ns, [p["infidelity"] for p in pts], yerr=[p["std_error"] for p in pts],
                    fmt="o", label=f"γ = {key}")
        grid = np.linspace(min(ns), max(ns) + 2, 50)
        ax.plot(grid, fit["a"] * grid**2 + fit["b"] * grid + fit["c"], "--", alpha=0.7,
                color=bars.lines[0].get_color())
    ax.set_xlabel("address bits n")
    ax.set_ylabel("query infidelity 1 − F")
    ax.set_title("Bucket-brigade QRAM under amplitude damping")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return f"written to {shown_as or path}"


def compile_qram_noise(spec: QramNoiseModel, doc: YamlDocument, options: CompileOptions
                       ) -> Report:
    from qdl.circuits.dtm.bucket_brigade import BucketBrigadeQRAM

    from qdl.compiler import limits

    study = spec.qram_noise
    # a trajectory of the n-bit tree costs ~ (3·2^n qubits) × (O(n) time steps)
    work = len(study.damping_rates) * study.trajectories * sum(
        n * 2 ** n for n in study.address_bits if n > study.exact_up_to)
    limits.check("qram_noise_work", work, "this noise study would run for many minutes",
                 "use fewer damping rates, trajectories or address widths", file=doc.path,
                 line=doc.lines.line(("qram_noise",)))
    target = None
    if study.plot:  # checked before the study runs, which takes a minute
        from qdl.compiler.outputs import NOT_WRITTEN, side_file_for

        try:
            target = side_file_for(options, study.plot)
        except QdlError as exc:
            raise exc.located(doc.path, doc.lines.line(("qram_noise", "plot"))) from None
    section = run_study(study)
    if study.plot:
        section["plot"] = (NOT_WRITTEN if target is None else
                           write_plot(section, target[0], shown_as=target[1]))
    section["table"] = table_lines(section)
    top = study.address_bits[-1]
    block = BucketBrigadeQRAM(top, study.word_bits, _data(top, study.word_bits, study.seed))
    layers = [Layer(name=f"query n={top}", block=type(block).__name__,
                    params={"address_bits": top, "word_bits": study.word_bits},
                    cost=block.cost())]
    verification = None
    if options.verify:
        from qdl.passes.verify import verify_block

        verification = [verify_block(BucketBrigadeQRAM(n, study.word_bits,
                                                       _data(n, study.word_bits, study.seed)))
                        for n in study.address_bits if n <= 4]
    return Report(model=spec.name, kind="qram_noise", layers=layers,
                  count_from=options.count_from, verification=verification,
                  sections={"qram_noise": section})


register_kind(ModelKind(name="qram_noise", key="qram_noise", schema=QramNoiseModel,
                        compile=compile_qram_noise,
                        summary="bucket-brigade QRAM query infidelity under amplitude damping"))
