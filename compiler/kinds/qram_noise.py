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

The report also tests the seed's n² law (qdl.estimators.qram_scaling: weighted power-law,
saturating, one-parameter 1 − exp(−k·γ·n²) and linear fits with CIs, χ²/dof and AIC) and,
with ``word_sweep``, the word-length dependence and the seed's linear extrapolation to 32/64
bits; ``verdict`` states what the fits support.

Simulators (qdl.estimators.qram_noise): the exact sparse density matrix for n ≤
``exact_up_to``, pure-state trajectories above, and Aer's density-matrix method at n = 1 as
the independent check of both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from qdl import progress
from qdl.compiler.model import CompileOptions, ModelKind, register_kind
from qdl.compiler.report import Layer, Report
from qdl.compiler.yamlfile import YamlDocument
from qdl.errors import QdlError

#: Widths simulated at most: the n = 7 tree has 3·128 qubits, trajectories take minutes.
MAX_SIMULATED_BITS = 7
#: Longest word the sweep simulates (the trajectory state grows as 2^w).
MAX_SWEEP_WORD_BITS = 8


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
    model_tolerance: float = Field(0.02, ge=0, lt=1, description="relative tolerance combined "
                                   "with each point's standard error in the scaling fits")
    word_sweep: "WordSweepSpec | None" = Field(None, description="1 − F against word length")
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


class WordSweepSpec(BaseModel):
    """Word lengths w simulated at a few small n (trajectories: the bus's w Hadamards make
    the state 2^w times wider, so w = 6 at n = 2 takes about a minute)."""

    model_config = ConfigDict(extra="forbid")

    address_bits: list[int] = Field([1, 2], min_length=1)
    word_bits: list[int] = Field([1, 2, 3, 4], min_length=3)
    damping_rate: float = Field(1e-3, gt=0, lt=1)
    trajectories: int = Field(300, ge=20, le=100_000)

    @field_validator("address_bits")
    @classmethod
    def _n(cls, v: list[int]) -> list[int]:
        if any(not 1 <= n <= 3 for n in v):
            raise ValueError("word sweeps run at address widths 1 … 3")
        return sorted(set(v))

    @field_validator("word_bits")
    @classmethod
    def _w(cls, v: list[int]) -> list[int]:
        if any(not 1 <= w <= MAX_SWEEP_WORD_BITS for w in v):
            raise ValueError(f"word lengths must lie in 1 … {MAX_SWEEP_WORD_BITS}")
        return sorted(set(v))


QramNoiseSpec.model_rebuild()


class QramNoiseModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    qram_noise: QramNoiseSpec = Field(default_factory=QramNoiseSpec)


def _data(n: int, word_bits: int, seed: int) -> tuple[int, ...]:
    import numpy as np

    rng = np.random.default_rng(seed + n)
    return tuple(int(x) for x in rng.integers(0, 1 << word_bits, 1 << n))


def _point(qc, n: int, gamma: float, steps: int, exact: bool, trajectories: int, seed: int,
           tick) -> dict:
    """One simulated (n, γ) point: exact density matrix or trajectories."""
    from qdl.estimators.qram_noise import exact_infidelity, trajectory_infidelity

    if exact:
        value, _ = exact_infidelity(qc, n, gamma, tick)
        err, method = 0.0, "exact density matrix"
    else:
        value, err = trajectory_infidelity(qc, n, gamma, trajectories, seed, tick)
        method = f"{trajectories} trajectories"
    return {"address_bits": n, "damping_rate": gamma, "qubits": qc.num_qubits,
            "time_steps": steps, "infidelity": value, "std_error": err, "method": method}


def run_word_sweep(spec: QramNoiseSpec) -> dict:
    """1 − F against word length at each swept n; fits and the 32/64-bit extrapolation."""
    from qdl.circuits.dtm.bucket_brigade import BucketBrigadeQRAM
    from qdl.estimators import qram_scaling
    from qdl.estimators.qram_noise import layered_ops
    from qdl.passes.build import build_circuit

    sweep = spec.word_sweep
    circuits = {(n, w): build_circuit(BucketBrigadeQRAM(n, w, _data(n, w, spec.seed)))
                for n in sweep.address_bits for w in sweep.word_bits}
    steps = {key: len(layered_ops(qc)) for key, qc in circuits.items()}
    rows = []
    with progress.bar("word sweep", total=sum(steps.values())) as task:
        for (n, w), qc in circuits.items():
            task.describe(f"n={n} w={w}")
            # exact only where it is fast: one- and two-bit words at n ≤ exact_up_to
            row = _point(qc, n, sweep.damping_rate, steps[(n, w)],
                         n <= spec.exact_up_to and w <= 2, sweep.trajectories, spec.seed,
                         task.advance)
            rows.append({"word_bits": w, **row})
    fits = [qram_scaling.word_scaling([r["word_bits"] for r in rows if r["address_bits"] == n],
                                      [r["infidelity"] for r in rows if r["address_bits"] == n],
                                      [r["std_error"] for r in rows if r["address_bits"] == n],
                                      n, spec.model_tolerance)
            for n in sweep.address_bits]
    return {"damping_rate": sweep.damping_rate, "points": rows, "fits": fits}


def run_study(spec: QramNoiseSpec) -> dict:
    """Simulate every (n, γ), fit and extrapolate; the report section as a dict."""
    from qdl.circuits.dtm.bucket_brigade import BucketBrigadeQRAM
    from qdl.estimators import qram_scaling
    from qdl.estimators.qram_noise import (aer_infidelity, exact_infidelity, fit_quadratic,
                                           layered_ops)
    from qdl.passes.build import build_circuit

    circuits = {n: build_circuit(BucketBrigadeQRAM(n, spec.word_bits,
                                                   _data(n, spec.word_bits, spec.seed)))
                for n in spec.address_bits}
    steps = {n: len(layered_ops(qc)) for n, qc in circuits.items()}
    rows = []
    total = sum(steps.values()) * len(spec.damping_rates)
    with progress.bar("qRAM noise", total=total) as task:
        for gamma in spec.damping_rates:
            for n, qc in circuits.items():
                task.describe(f"n={n} γ={gamma:g}")
                rows.append(_point(qc, n, gamma, steps[n], n <= spec.exact_up_to,
                                   spec.trajectories, spec.seed,
                                   task.advance))
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
    scaling = [qram_scaling.n_scaling([r["address_bits"] for r in rows if r["damping_rate"] == g],
                                      [r["infidelity"] for r in rows if r["damping_rate"] == g],
                                      [r["std_error"] for r in rows if r["damping_rate"] == g],
                                      g, spec.model_tolerance)
               for g in spec.damping_rates]
    return {"noise_model": "amplitude damping γ on every qubit after every ASAP time step; "
                           "address in uniform superposition; infidelity = 1 − ⟨ψ|ρ|ψ⟩",
            "word_bits": spec.word_bits, "points": rows, "quadratic_fit": fits,
            "scaling": scaling,
            "joint_seed_law": qram_scaling.joint_seed_law(rows, spec.model_tolerance),
            "fit_weights": f"σ² = (standard error)² + ({spec.model_tolerance:g}·value)²: exact "
                           "points carry only the model tolerance, trajectory points also "
                           "their statistical error",
            "extrapolation": extrapolation, "aer_check": check}


def verdict(section: dict) -> str:
    """The conclusion the fits support, one sentence per question."""
    parts = []
    for sc in section["scaling"]:
        by = {f["model"]: f for f in sc["fits"]}
        seed = next(f for m, f in by.items() if m.startswith("seed"))
        lo, hi = sc["exponent_saturating_ci"]
        plo, phi = sc["exponent_ci"]
        parts.append(
            f"γ={sc['damping_rate']:g}: power-law exponent {sc['exponent_power_law']:.2f} "
            f"[{plo:.2f}, {phi:.2f}], saturating-law exponent {sc['exponent_saturating']:.2f} "
            f"[{lo:.2f}, {hi:.2f}] (95 % CI); n² {'inside' if lo <= 2 <= hi else 'outside'} "
            f"the saturating CI; seed's 1-parameter law χ²/dof {seed['chi2_dof']:.2f} "
            f"(p = {seed['p_value']:.2g}); best by AIC: {sc['best_by_aic']}")
    j = section["joint_seed_law"]
    parts.append(f"one k for all γ: χ²/dof {j['chi2_dof']:.2f} (p = {j['p_value']:.2g})")
    for f in section.get("word_sweep", {}).get("fits", []):
        ext = "; ".join(f"w={e['word_bits']}: linear {e['linear_prediction']:.3g} "
                        f"[{e['ci'][0]:.3g}, {e['ci'][1]:.3g}]{' (unphysical)' if not e['physical'] else ''}"
                        for e in f["extrapolation"])
        lo, hi = f["exponent_in_w_ci"]
        parts.append(f"n={f['address_bits']}: 1−F ∝ w^{f['exponent_in_w']:.2f} "
                     f"[{lo:.2f}, {hi:.2f}]; seed-style linear extrapolation {ext}")
    return " | ".join(parts)


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


def write_plot(section: dict, path: Path) -> str:
    """Points with the saturating and seed's-law fits per γ; the word sweep beside it."""
    import numpy as np

    from qdl.estimators.plotting import write_figure

    sweep = section.get("word_sweep")

    def draw(axes):
        ax = axes[0] if sweep else axes
        for sc in section["scaling"]:
            g = sc["damping_rate"]
            pts = [p for p in section["points"] if p["damping_rate"] == g]
            ns = np.array([p["address_bits"] for p in pts], float)
            bars = ax.errorbar(ns, [p["infidelity"] for p in pts],
                               yerr=[p["std_error"] for p in pts], fmt="o", label=f"γ = {g:g}")
            color = bars.lines[0].get_color()
            grid = np.linspace(ns.min(), ns.max() + 1, 60)
            by = {f["model"].split(" ")[0]: f["params"] for f in sc["fits"]}
            ax.plot(grid, 1 - np.exp(-by["saturating"]["c"] * grid ** by["saturating"]["p"]),
                    "-", color=color, alpha=0.7)
            ax.plot(grid, 1 - np.exp(-by["seed's"]["k"] * g * grid**2), ":", color=color)
        ax.set_xlabel("address bits n")
        ax.set_ylabel("query infidelity 1 − F")
        ax.set_title("solid: 1−exp(−c·n^p); dotted: 1−exp(−kγn²)")
        ax.legend()
        if sweep:
            bx = axes[1]
            for f in sweep["fits"]:
                n = f["address_bits"]
                pts = [p for p in sweep["points"] if p["address_bits"] == n]
                ws = np.array([p["word_bits"] for p in pts], float)
                bars = bx.errorbar(ws, [p["infidelity"] for p in pts],
                                   yerr=[p["std_error"] for p in pts], fmt="o", label=f"n = {n}")
                lin = f["fits"][1]["params"]
                grid = np.linspace(ws.min(), ws.max(), 20)
                bx.plot(grid, lin["a"] + lin["b"] * grid, "--",
                        color=bars.lines[0].get_color(), alpha=0.7)
            bx.set_xlabel("word length w (bits)")
            bx.set_ylabel("query infidelity 1 − F")
            bx.set_title(f"word length, γ = {sweep['damping_rate']:g} (dashed: linear fit)")
            bx.legend()

    return write_figure(path, draw, panels=2 if sweep else 1)


def _count(block, count_from: str):
    """The query's cost, from the built circuit when --count-from circuit asks for it (so the
    report's "counted gate by gate" is true)."""
    if count_from != "circuit":
        return block.cost()
    from qdl.passes.build import build_circuit
    from qdl.passes.circuit_count import count_circuit

    return count_circuit(build_circuit(block))


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
        from qdl.compiler.outputs import draw_side_file, side_file_for

        try:
            target = side_file_for(options, study.plot, lazy=True)  # created when drawn
        except QdlError as exc:
            raise exc.located(doc.path, doc.lines.line(("qram_noise", "plot"))) from None
    section = run_study(study)
    if study.word_sweep is not None:
        section["word_sweep"] = run_word_sweep(study)
    section["verdict"] = verdict(section)
    if study.plot:
        section["plot"] = draw_side_file(target, lambda path: write_plot(section, path))
    section["table"] = table_lines(section)
    top = study.address_bits[-1]
    block = BucketBrigadeQRAM(top, study.word_bits, _data(top, study.word_bits, study.seed))
    layers = [Layer(name=f"query n={top}", block=type(block).__name__,
                    params={"address_bits": top, "word_bits": study.word_bits},
                    cost=_count(block, options.count_from))]
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
