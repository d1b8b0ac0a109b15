"""Model kind ``carleman_study``: seed 002's Carleman linearisation beyond order 1.

Gradient descent on small random cubic losses scaled to given R < 1, truncated Carleman
embeddings of order 1 … N against direct GD, and the fitted decay rate of the error with the
order (qdl.estimators.training.carleman_order).

```yaml
name: carleman_orders
carleman_study: {params: 3, r_values: [0.2, 0.5, 0.8], orders: [1, 2, 3, 4, 5, 6],
                 steps: 15, learning_rate: 0.1, seeds: [0, 1, 2, 3, 4], plot: carleman.png}
```
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from qdl.compiler.outputs import write_side_plot
from qdl.compiler.model import CompileOptions, ModelKind, register_kind
from qdl.compiler.report import Report
from qdl.compiler.yamlfile import YamlDocument


class CarlemanStudySpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    params: int = Field(3, ge=1, le=4, description="n (the order-N embedding has Σ n^j rows)")
    r_values: list[float] = Field([0.2, 0.5, 0.8], min_length=1)
    orders: list[int] = Field([1, 2, 3, 4, 5, 6], min_length=3)
    steps: int = Field(15, ge=1, le=1000)
    learning_rate: float = Field(0.1, gt=0, le=0.25, description="η ≤ 1/λ_max = 0.25")
    seeds: list[int] = Field([0, 1, 2, 3, 4], min_length=2, max_length=50)
    #: solve one order-2 history system on Aer through the sparse block-encoding (minutes)
    aer_check: bool = False
    plot: str | None = None

    @field_validator("r_values")
    @classmethod
    def _r(cls, v: list[float]) -> list[float]:
        if any(not 0 < r < 1 for r in v):
            raise ValueError("R must lie in (0, 1): the truncation converges only there")
        return v

    @field_validator("orders")
    @classmethod
    def _orders(cls, v: list[int]) -> list[int]:
        if any(not 1 <= n <= 7 for n in v):
            raise ValueError("orders must lie in 1 … 7 (the embedding grows as n^N)")
        return sorted(set(v))


class CarlemanStudyModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    carleman_study: CarlemanStudySpec = Field(default_factory=CarlemanStudySpec)


def compile_carleman_study(spec: CarlemanStudyModel, doc: YamlDocument,
                           options: CompileOptions) -> Report:
    from qdl.estimators.training import carleman_order as co

    s = spec.carleman_study
    result = co.study(s.params, s.r_values, s.orders, s.steps, s.learning_rate, s.seeds)
    section = {"verdict": co.verdict(result), **result,
               "tables": [{"title": "max_t ‖θ̂_t − θ_t‖ against the Carleman order (mean "
                                    "over seeds) and the bound R^N",
                           "columns": ["R"] + [f"N={n}" for n in s.orders] + ["ρ (95 % CI)"],
                           "rows": [[round(r["R"], 3)] + [f"{e:.2e} (≤{b:.1e})" for e, b in
                                                          zip(r["mean_error"], r["bound"])]
                                    + [f"{r['decay_rate']:.3g} [{r['decay_ci'][0]:.3g}, "
                                       f"{r['decay_ci'][1]:.3g}]"] for r in result["rows"]]}]}
    if s.aer_check:
        section["aer_order2"] = co.aer_order2_check()
    if s.plot:
        section["plot"] = write_side_plot(options, s.plot, lambda path: co.plot(result, path))
    report = Report(model=spec.name, kind="carleman_study", layers=[],
                    count_from=options.count_from)
    report.sections["carleman_study"] = section
    return report


register_kind(ModelKind(name="carleman_study", key="carleman_study", schema=CarlemanStudyModel,
                        compile=compile_carleman_study,
                        summary="seed 002: Carleman truncation order ≥ 2 on cubic losses "
                                "against direct gradient descent"))
