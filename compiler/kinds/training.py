"""Model kind ``training``: Carleman-linearised sparse training (seed 002), costed end to end.

```yaml
name: toy
training:
  params: 1000              # n, parameters of the dense model
  nonzero_fraction: 0.1     # kept after pruning
  steps: 10                 # T
  learning_rate: 0.01       # η
  epsilon: 0.001            # target error (Carleman truncation and QLSA)
  loss: quadratic           # or cubic (then cubic_norm, cubic_row_nonzeros)
  hessian: {eigenvalues: [1.0, 2.0]}   # or {histogram: {edges, counts}} or {matrix: file.npy}
  hessian_row_nonzeros: 8
  readout: {kind: l2_tomography, precision: 0.1}
  hardware: {layer_seconds: 1.0e-5, classical_flops: 1.0e15}
```

The report's layers are the phases (state preparation, block-encoding calls, readout), each
one call's cost times its count; ``report.sections["training"]`` holds the dissipativity, the
linear system, the QLSA counts, the classical cost and the verdict (docs/training.md).
"""

from __future__ import annotations

import math
import time
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, PositiveInt, model_validator

from qdl.circuits.cost import Cost
from qdl.circuits.data import Matrix, RealVector
from qdl.compiler.model import CompileOptions, ModelKind, register_kind
from qdl.compiler.report import Layer, Report
from qdl.compiler.yamlfile import YamlDocument
from qdl.estimators.training import cost_model as cm
from qdl.estimators.training.dissipativity import Spectrum
from qdl.errors import QdlError, UsageError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Histogram(_Strict):
    edges: RealVector
    counts: RealVector

    @model_validator(mode="after")
    def _shape(self):
        if len(self.edges) != len(self.counts) + 1:
            raise ValueError(f"a histogram needs one more edge than counts "
                             f"({len(self.edges)} edges, {len(self.counts)} counts)")
        if any(c < 0 for c in self.counts) or sum(self.counts) <= 0:
            raise ValueError("histogram counts must be non-negative with a positive sum")
        if any(b <= a for a, b in zip(self.edges, self.edges[1:])):
            raise ValueError("histogram edges must increase")
        return self


class MeasuredHessian(_Strict):
    """Measure the spectrum on a small real model (training.hessian_measure)."""

    hidden: int = Field(16, ge=2, le=64)
    keep_fraction: float = Field(0.1, gt=0, le=1)
    train_steps: int = Field(300, ge=0, le=20000)
    learning_rate: float = Field(0.5, gt=0)
    samples: int = Field(1000, ge=50, le=1797)
    seed: int = 0


class Hessian(_Strict):
    eigenvalues: RealVector | None = None
    histogram: Histogram | None = None
    matrix: Matrix | None = Field(None, description="a small Hessian; qdl computes its spectrum")
    measured: MeasuredHessian | None = None

    @model_validator(mode="after")
    def _one(self):
        given = [k for k in ("eigenvalues", "histogram", "matrix", "measured")
                 if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of eigenvalues, histogram, matrix, measured "
                             f"(got {', '.join(given) or 'none'})")
        if self.matrix is not None:
            m = np.array(self.matrix)
            if m.shape[0] != m.shape[1] or np.abs(m.imag).max() > 0:
                raise ValueError("the Hessian matrix must be square and real")
        return self

    def spectrum(self) -> Spectrum:
        if self.measured is not None:
            return Spectrum.from_eigenvalues(self.measurement()["eigenvalues"])
        if self.eigenvalues is not None:
            return Spectrum.from_eigenvalues(self.eigenvalues)
        if self.histogram is not None:
            return Spectrum.from_histogram(self.histogram.edges, self.histogram.counts)
        return Spectrum.from_matrix(np.array(self.matrix).real)


    def measurement(self) -> dict:
        """The measured spectrum and its Lanczos check, computed once per spec."""
        if not hasattr(self, "_measured"):
            from qdl.estimators.training.hessian_measure import measure

            object.__setattr__(self, "_measured", measure(**self.measured.model_dump()))
        return self._measured


class Readout(_Strict):
    kind: Literal["l2_tomography", "linf_tomography", "observable"] = "l2_tomography"
    precision: float = Field(0.1, gt=0, lt=1)


class Hardware(_Strict):
    # bounds no machine reaches either way: a logical layer faster than a picosecond or slower
    # than an hour, a classical machine beyond 10^24 flop/s (a million exaflop machines)
    layer_seconds: float = Field(ge=1e-12, le=3600, description="time of one logical T/AND layer")
    classical_flops: float = Field(ge=1, le=1e24, description="classical machine, flop/s")


class TrainingSpec(_Strict):
    params: int = Field(ge=2, le=10 ** 13)
    nonzero_fraction: float = Field(gt=0, le=1)
    steps: int = Field(ge=1, le=10 ** 7)
    learning_rate: PositiveFloat
    epsilon: float = Field(gt=0, lt=1)
    loss: Literal["quadratic", "cubic"] = "quadratic"
    cubic_norm: float = Field(0.0, ge=0)
    theta0_norm: PositiveFloat = 1.0
    hessian: Hessian
    hessian_row_nonzeros: PositiveInt
    cubic_row_nonzeros: int = Field(0, ge=0)
    bits: int = Field(16, ge=2, le=64)
    data_access: Literal["qrom", "qram"] = "qrom"
    walk_constant: Literal["rigorous", "empirical"] = "rigorous"
    readout: Readout = Readout()
    hardware: Hardware
    classical_flops_per_step: PositiveFloat | None = None
    padding: int | None = Field(None, ge=0)
    plot: str | None = Field(None, description="file name of the error-proxy plot (PNG), "
                             "written beside -o FILE or into --plots DIR")

    @model_validator(mode="after")
    def _cubic(self):
        if self.loss == "cubic" and (self.cubic_norm == 0 or self.cubic_row_nonzeros == 0):
            raise ValueError("a cubic loss needs cubic_norm > 0 and cubic_row_nonzeros > 0")
        return self


class TrainingModel(_Strict):
    name: str = Field(min_length=1)
    training: TrainingSpec


def problem_from(spec: TrainingSpec) -> cm.TrainingProblem:
    return cm.TrainingProblem(
        params=spec.params, nonzero_fraction=spec.nonzero_fraction, steps=spec.steps,
        eta=spec.learning_rate, eps=spec.epsilon, spectrum=spec.hessian.spectrum(),
        loss=spec.loss, cubic_norm=spec.cubic_norm, theta0_norm=spec.theta0_norm,
        hessian_row_nonzeros=spec.hessian_row_nonzeros,
        cubic_row_nonzeros=spec.cubic_row_nonzeros, bits=spec.bits,
        data_access=spec.data_access, walk_constant=spec.walk_constant,
        readout=spec.readout.kind, readout_precision=spec.readout.precision,
        layer_seconds=spec.hardware.layer_seconds, classical_flops=spec.hardware.classical_flops,
        classical_flops_per_step=spec.classical_flops_per_step, padding=spec.padding)


def _verdict_chart(verdict: dict) -> dict:
    """Quantum and classical wall-clock of the verdict's sweep over T, for the html report."""
    rows = verdict["sweep"]
    return {"x": [r["T"] for r in rows],
            "series": {"quantum s": [r["quantum_seconds"] for r in rows],
                       "classical s": [r["classical_seconds"] for r in rows]},
            "x_label": "steps T", "title": "wall-clock per segment: quantum vs classical"}


def _proxy_chart(p: cm.TrainingProblem) -> dict:
    """The error proxy (1/n)·Σ|1 − ηλ_ν|^t on log-log axes, for the html report."""
    from qdl.estimators.training.dissipativity import error_proxy

    steps = sorted({max(1, round(p.steps ** (k / 40))) for k in range(41)})
    values = [float(v) for v in error_proxy(p.spectrum, p.eta, steps)]
    return {"x": steps, "series": {"error proxy": values}, "x_label": "step t",
            "title": "(1/n)·Σ|1 − ηλ|^t"}


def _section(e: cm.Estimate, p: cm.TrainingProblem, plot: str) -> dict:
    s = e.system
    verdict = cm.verdict(p)
    return {
        "kept_parameters": p.kept,
        "dissipation": {**cm.dissipation_summary(p), "a": e.a, "c": e.c, "R": e.r},
        "carleman": {"order": s.order, "step_norm_bound": s.step_norm,
                     "log2_carleman_dimension": s.carleman_dim_log2,
                     "log2_system_rows": s.rows_log2, "row_sparsity": s.row_sparsity,
                     "padding_steps": s.padding, "kappa_bound": s.kappa_bound,
                     "kappa_block_encoded": e.kappa, "system_qubits": s.qubits},
        "data_access": cm.data_access_summary(p),
        "qlsa": {"theorem": "Costa et al., PRX Quantum 3, 040303 (2022), discrete adiabatic "
                            "walk + Lin–Tong eigenstate filtering",
                 "walk_constant": f"{p.walk_constant} ({cm.walk_constant_value(p)})",
                 "block_encoding_calls": e.queries, "state_preparations": e.preparations,
                 "success_probability": e.probability, "amplified_runs": e.runs},
        "readout": {"kind": p.readout, "precision": p.readout_precision, "samples": e.samples},
        "classical": {"flops": cm.classical_flops(p), "seconds": e.classical_seconds},
        "quantum": {"t_depth_total": e.total_depth, "seconds": e.quantum_seconds},
        "verdict": verdict,
        "plot": plot,
        "charts": [_proxy_chart(p), _verdict_chart(verdict)],
        "assumptions": [
            "θ₀ spread evenly over the Hessian eigenmodes (success probability)",
            "‖u₀‖ = 1 after rescaling; truncation error ‖θ₀‖·R^N (PNAS Lemma 4.2 form)",
            "block-encoding by sparse access laid out as qdl's sparse block_encoding (Gilyén "
            "et al. 2019 Lemma 48); every lookup, comparison and addition costed by its qdl "
            "block (QROM or bucket-brigade QRAM, LessThan, GidneyAdder)",
            "quantum wall-clock = T-depth × layer_seconds; classical = flops / classical_flops",
        ],
    }


def _checks(p: cm.TrainingProblem) -> list:
    """With --verify: one GD step of the model's extreme modes as a 4-dimensional history
    system, solved through the QLAM sparse block-encoding on Aer (solver_check)."""
    from qdl.estimators.training.carleman import history_system
    from qdl.estimators.training.solver_check import run_solver_check
    from qdl.passes.verify import VerificationResult

    lams = [p.spectrum.lambda_min, p.spectrum.lambda_max]
    ell = history_system(np.diag([1.0 - p.eta * lam for lam in lams]), 1, 0)
    rhs = np.zeros(len(ell))
    rhs[:2] = 1.0 / math.sqrt(2)
    start = time.perf_counter()
    check = run_solver_check(ell, rhs, variant="sparse")
    passed = check.fidelity >= 0.99
    return [VerificationResult(
        block="CKS Chebyshev solver over the sparse block-encoding",
        params={"dimension": check.dimension, "kappa": round(check.kappa, 3),
                "degree": check.degree, "block_encoding_calls": check.inner_calls,
                "t_count": check.t_count, "rotation_t": check.rotation_t,
                "t_depth": check.t_depth, "qubits": check.qubits,
                "success_probability": round(check.success_probability, 6),
                "fidelity": round(check.fidelity, 6)},
        method="aer-statevector", cases=1, passed=passed,
        failures=[] if passed else [f"fidelity {check.fidelity:.4f} < 0.99"],
        seconds=time.perf_counter() - start)]


def _measurement_summary(m: dict, p: cm.TrainingProblem) -> dict:
    eig = np.asarray(m["eigenvalues"])
    measured_n = m["kept_parameters"]
    return {"model": m["model"], "dense_parameters": m["dense_parameters"],
            "kept_parameters": measured_n, "loss_after_pruning": m["loss_after_pruning"],
            "negative_eigenvalues": int((eig < 0).sum()), "lambda_min": float(eig.min()),
            "lambda_max": float(eig.max()), "lanczos_top": [float(v) for v in m["lanczos_top"]],
            "lanczos_bottom": [float(v) for v in m["lanczos_bottom"]],
            "lanczos_vs_dense_max_difference": m["lanczos_vs_dense"],
            "scope": ("measured on this model" if p.kept == measured_n else
                      f"EXTRAPOLATION: the spectrum measured on {measured_n} kept parameters is "
                      f"applied to a model of {p.params:,} parameters ({p.kept:,} kept)")}


def _not_applicable(spec: TrainingModel, p: cm.TrainingProblem, reason: str,
                    options: CompileOptions) -> Report:
    """The measured spectrum violates the algorithm's conditions: report why, cost nothing."""
    t = spec.training
    section = {"dissipation": cm.dissipation_summary(p),
               "hessian_measurement": _measurement_summary(t.hessian.measurement(), p),
               "verdict": {"quantum_wins": False, "applicable": False,
                           "reason": f"not applicable on the measured spectrum: {reason}"}}
    return Report(model=spec.name, kind="training", layers=[], count_from=options.count_from,
                  sections={"training": section})


def compile_training(spec: TrainingModel, doc: YamlDocument, options: CompileOptions) -> Report:
    if options.count_from == "circuit":
        raise UsageError("--count-from circuit does not apply to a training model: its costs "
                         "come from formulas over circuits far too large to build",
                         "drop --count-from (use --verify for the Aer check)")
    t = spec.training
    try:
        p = problem_from(t)
    except QdlError as exc:  # a measured spectrum's optional packages
        raise exc.located(doc.path, doc.lines.line(("training", "hessian"))) from None
    try:
        e = cm.estimate(p)
    except ValueError as exc:
        if t.hessian.measured is not None:  # a measured spectrum may rule the algorithm out
            return _not_applicable(spec, p, str(exc), options)
        raise doc.error(str(exc), "lower the learning rate, T or the nonlinearity (R < 1 and "
                        "|1 − ηλ| < 1 are needed)", ("training", "learning_rate")) from None
    plot = "not requested (add 'plot: FILE.png')"
    if t.plot:
        from qdl.compiler.outputs import NOT_WRITTEN, side_file_for
        from qdl.estimators.training.plot import plot_error_proxy

        try:
            target = side_file_for(options, t.plot)
        except QdlError as exc:
            raise exc.located(doc.path, doc.lines.line(("training", "plot"))) from None
        plot = NOT_WRITTEN
        if target is not None:
            written = plot_error_proxy(p.spectrum, p.eta, p.steps, str(target[0]), spec.name)
            plot = (str(target[1]) if written else
                    "skipped: matplotlib is not installed (install the 'plots' extra)")
    per_sample = e.runs * e.samples
    layers = [
        Layer("state prep", "amplitude tree (loaded angles)", {"amplitudes": p.kept,
              "copies": e.system.order, "access": p.data_access},
              e.prep_cost, e.preparations * per_sample),
        Layer("QLSA calls", "sparse-access block-encoding",
              {"nonzeros": p.kept * p.hessian_row_nonzeros, "access": p.data_access},
              e.query_cost, e.queries * per_sample),
        Layer(f"readout ({p.readout})", "Measurement", {"precision": p.readout_precision},
              Cost(qubits=e.system.qubits, measurements=e.system.qubits), e.samples),
    ]
    section = _section(e, p, plot)
    if t.hessian.measured is not None:
        section["hessian_measurement"] = _measurement_summary(t.hessian.measurement(), p)
    report = Report(model=spec.name, kind="training", layers=layers,
                    count_from=options.count_from, sections={"training": section})
    if options.verify:
        report.verification = _checks(p)
    return report


register_kind(ModelKind(name="training", key="training", schema=TrainingModel,
                        compile=compile_training,
                        summary="Carleman-linearised sparse training (seed 002)"))
