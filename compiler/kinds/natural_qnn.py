"""Model kind ``natural_qnn``: train, evaluate, sweep and cost a qubit-neuron network (seed 001).

```yaml
name: nqnn-digits
natural_qnn:
  layers: [32, 16]          # hidden widths (qubit neurons); 64 inputs and 10 classes are the data's
  scheme: rotation          # or weak_measurement
  a: 1.0                    # quantumness of the rotation scheme (0 = binarized network)
  g: pi/2                   # weak-measurement angle (pi/2 = projective, classical)
  dataset: {train_size: 100, validation_size: 600, seed: 0}
  training: {epochs: 40, batch_size: 32, learning_rate: 0.05, seed: 0}
  sweep: {a: [0, 0.5, 1, 2], g: [pi/2, 1.2, 0.9], seeds: [0, 1, 2]}
```

The report's layers are the hidden layers, each costed per inference (module
qdl.estimators.natural_qnn.resources); ``report.sections["natural_qnn"]`` carries the training
results, the classical-limit check, the resource report, the sweeps and the plot files.
"""

from __future__ import annotations

import math
import re
import time
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.functional_validators import AfterValidator, BeforeValidator

from qdl.compiler.model import CompileOptions, ModelKind, register_kind
from qdl.compiler.report import Layer, Report
from qdl.compiler.yamlfile import YamlDocument
from qdl.errors import QdlError

_PI = re.compile(r"^\s*(?:([0-9.]+)\s*\*?\s*)?pi\s*(?:/\s*([0-9.]+))?\s*$")


def _angle(value: Any) -> Any:
    """A number, or 'pi', 'pi/2', '3*pi/8' (so the classical g = π/2 can be written exactly)."""
    if isinstance(value, str):
        m = _PI.match(value)
        if not m:
            raise ValueError("expected a number or an expression like 'pi/2' or '3*pi/8'")
        return float(m.group(1) or 1) * math.pi / float(m.group(2) or 1)
    return value


def _in_range(value: float) -> float:
    if not 0 <= value <= math.pi / 2 + 1e-12:
        raise ValueError("g must lie in [0, pi/2] (pi/2 is the classical limit)")
    return min(value, math.pi / 2)


Angle = Annotated[float, BeforeValidator(_angle), AfterValidator(_in_range)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DatasetSpec(_Strict):
    name: Literal["digits"] = "digits"
    train_size: int = Field(100, ge=10, le=1500)
    validation_size: int = Field(600, ge=10, le=1500)
    seed: int = 0


class TrainingSpec(_Strict):
    epochs: int = Field(40, ge=1, le=2000)
    batch_size: int = Field(32, ge=1, le=2048)
    learning_rate: float = Field(0.05, gt=0, le=10)
    momentum: float = Field(0.9, ge=0, lt=1)
    samples: int = Field(1, ge=1, le=64)
    ste_width: float = Field(1.0, gt=0)
    seed: int = 0


class SweepSpec(_Strict):
    a: list[Annotated[float, Field(ge=0)]] = Field(default_factory=list)
    g: list[Angle] = Field(default_factory=list)
    seeds: list[int] = Field(default_factory=lambda: [0, 1, 2], min_length=1, max_length=20)


class BaselinesSpec(_Strict):
    """The network against classical baselines, paired over seeds (natural_qnn.baselines)."""

    scheme: Literal["rotation", "weak_measurement"] = "rotation"
    a: float = Field(2.0, ge=0)
    g: Angle = math.pi / 2
    seeds: list[int] = Field(default_factory=lambda: list(range(20)), min_length=2,
                             max_length=200)
    #: deterministic binarized networks in the voting ensemble
    members: int = Field(5, ge=1, le=50)


class NaturalQnnSpec(_Strict):
    layers: list[Annotated[int, Field(ge=1, le=1024)]] = Field(min_length=1, max_length=8)
    scheme: Literal["rotation", "weak_measurement"] = "rotation"
    a: float = Field(0.0, ge=0)
    g: Angle = math.pi / 2
    dataset: DatasetSpec = Field(default_factory=DatasetSpec)
    training: TrainingSpec = Field(default_factory=TrainingSpec)
    #: single-inference runs per validation image (errors are averaged; the vote takes the mode)
    eval_shots: int = Field(21, ge=1, le=1000)
    sweep: SweepSpec | None = None
    baselines: BaselinesSpec | None = None
    rotation_eps: float = Field(1e-3, gt=0, lt=1)
    aer_shots: int = Field(4000, ge=100, le=100_000)
    #: no longer read: a model file cannot choose where files go (qdl.compiler.outputs)
    plots: str | None = Field(None, exclude=True)

    @field_validator("plots")
    @classmethod
    def _plots_moved(cls, v):
        if v is not None:
            raise ValueError("the plots folder is chosen on the command line: remove "
                             "'plots:' and give --plots DIR (or -o FILE: plots go beside it)")
        return v


class NaturalQnnModel(_Strict):
    name: str = Field(min_length=1)
    natural_qnn: NaturalQnnSpec


def compile_natural_qnn(model: NaturalQnnModel, doc: YamlDocument,
                        options: CompileOptions) -> Report:
    from qdl.estimators.natural_qnn import experiment

    from qdl.compiler.outputs import side_file_for

    spec = model.natural_qnn
    try:
        start = time.perf_counter()
        section = experiment.run(spec, model.name, lambda name: side_file_for(options, name),
                                 verify=options.verify)
        section["seconds"] = round(time.perf_counter() - start, 2)
        layers = experiment.layers(spec, options.count_from)
    except QdlError as exc:
        raise exc.located(doc.path, doc.lines.line(("natural_qnn",))) from None
    report = Report(model=model.name, kind="natural_qnn", count_from=options.count_from,
                    layers=[Layer(**layer) for layer in layers],
                    verification=section.pop("verification", None) if options.verify else None)
    report.sections["natural_qnn"] = section
    return report


register_kind(ModelKind(name="natural_qnn", key="natural_qnn", schema=NaturalQnnModel,
                        compile=compile_natural_qnn,
                        summary="train, sweep and cost a naturally quantized neural network"))
