"""Model kind ``readout_study``: seed 000 Fig. 2 (a–c) on real data — the DCD rank and the
tomography precision that keep 95 % (and 90 %) of a CNN's peak accuracy, and the readout cost
QO(N) they imply, as the input size N grows (qdl.estimators.readout_study).

```yaml
name: fig2c_real
readout_study:
  sizes: [8, 16, 32, 64]      # digits upsampled to N × N
  seeds: [0, 1, 2]
  epochs: 5
  plot: fig2c_real.png         # beside -o FILE or in --plots DIR ('plots' extra)
```
Needs the 'studies' extra (scipy, scikit-learn). A rich progress bar on stderr counts the
trainings and evaluations.
"""

from __future__ import annotations

import sys

from pydantic import BaseModel, ConfigDict, Field, field_validator

from qdl.compiler.outputs import write_side_plot
from qdl.compiler.model import CompileOptions, ModelKind, register_kind
from qdl.compiler.report import Report
from qdl.compiler.yamlfile import YamlDocument
from qdl.estimators.readout_study import StudyConfig

_DEFAULT = StudyConfig()


class StudySpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sizes: list[int] = Field(list(_DEFAULT.sizes), min_length=1)
    seeds: list[int] = Field(list(_DEFAULT.seeds), min_length=1, max_length=50)
    channels: int = Field(_DEFAULT.channels, ge=1, le=64)
    blocks: int = Field(_DEFAULT.blocks, ge=0, le=8)
    train_size: int = Field(_DEFAULT.train_size, ge=20, le=1400)
    test_size: int = Field(_DEFAULT.test_size, ge=20, le=1000)
    epochs: int = Field(_DEFAULT.epochs, ge=1, le=200)
    learning_rate: float = Field(_DEFAULT.learning_rate, gt=0, le=1)
    ranks: list[int] = Field(list(_DEFAULT.ranks), min_length=2)
    deltas: list[float] = Field(list(_DEFAULT.deltas), min_length=2)
    epsilon: float = Field(_DEFAULT.epsilon, gt=0, lt=1)
    failure: float = Field(_DEFAULT.failure, gt=0, lt=1)
    data_seed: int = 0
    plot: str | None = Field(None, description="PNG file name, written beside -o FILE or "
                                               "into --plots DIR")

    @field_validator("sizes")
    @classmethod
    def _sizes(cls, v: list[int]) -> list[int]:
        if any(n < 8 or n % 8 or n > 128 for n in v):
            raise ValueError("sizes must be multiples of 8 between 8 and 128 (the 8×8 digits "
                             "are upsampled and the stem pools back to 8×8)")
        if len(set(v)) != len(v):
            raise ValueError("sizes repeat")
        return sorted(v)

    @field_validator("ranks")
    @classmethod
    def _ranks(cls, v: list[int]) -> list[int]:
        if any(r < 1 for r in v):
            raise ValueError("ranks must be positive")
        return sorted(set(v))

    @field_validator("deltas")
    @classmethod
    def _deltas(cls, v: list[float]) -> list[float]:
        if any(not 0 < d <= 2 for d in v):
            raise ValueError("deltas must lie in (0, 2]")
        return sorted(set(v), reverse=True)

    def config(self) -> StudyConfig:
        data = self.model_dump(exclude={"plot"})
        return StudyConfig(**{k: tuple(v) if isinstance(v, list) else v
                              for k, v in data.items()})


class ReadoutStudyModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    readout_study: StudySpec = Field(default_factory=StudySpec)


def compile_readout_study(spec: ReadoutStudyModel, doc: YamlDocument, options: CompileOptions
                          ) -> Report:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from qdl.estimators import readout_study, readout_study_report
    from qdl.errors import require

    require("scipy", "studies", "the readout study's fits and upsampling")
    require("sklearn", "studies", "the readout study's digits data set")
    cfg = spec.readout_study.config()
    with Progress(TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                  console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task("readout study: train + evaluate", total=readout_study.steps(cfg))
        result = readout_study.run(cfg, lambda: bar.advance(task))
    section = readout_study_report.section(result, cfg)
    if spec.readout_study.plot:
        section["plot"] = write_side_plot(
            options, spec.readout_study.plot,
            lambda path: readout_study_report.plot(result, cfg, path))
    report = Report(model=spec.name, kind="readout_study", layers=[],
                    count_from=options.count_from)
    report.sections["readout_study"] = section
    return report


register_kind(ModelKind(name="readout_study", key="readout_study", schema=ReadoutStudyModel,
                        compile=compile_readout_study,
                        summary="seed 000 Fig. 2c on real data: DCD rank / tomography precision "
                                "at 95 % of peak accuracy and the readout cost QO(N)"))
