"""Model kind ``logical_counts``: logical counts given directly, estimated on a physical machine.

```yaml
name: from-counts
logical_counts: {qubits: 1000, t: 1000000000, toffoli: 0, and: 0, rotations: 0,
                 rotation_depth: 0, measurements: 0}
physical: {profile: qubit_gate_ns_e4, qec: surface_code, error_budget: 0.001}
```

The counts use qdl's Cost field names (``and`` = temporary logical ANDs); the physical block
takes a profile, a QEC scheme, an error budget, optional constraints (``max_factories``,
``max_physical_qubits``) and ``frontier: true`` for the space–time frontier. Command-line
``--physical PROFILE``, ``--qec`` and ``--error-budget`` override the file.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from qdl.circuits.cost import Cost
from qdl.compiler.model import CompileOptions, ModelKind, register_kind
from qdl.compiler.report import Layer, Report
from qdl.compiler.yamlfile import YamlDocument
from qdl.errors import QdlError, UsageError


class CountsSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    qubits: int = Field(ge=1, description="peak live logical qubits")
    t: int = Field(0, ge=0)
    toffoli: int = Field(0, ge=0)
    and_: int = Field(0, ge=0, alias="and")
    rotations: int = Field(0, ge=0)
    rotation_depth: int = Field(0, ge=0)
    measurements: int = Field(0, ge=0)

    @model_validator(mode="after")
    def _depth_within_count(self):
        if self.rotation_depth > self.rotations:
            raise ValueError(f"rotation_depth {self.rotation_depth:,} is larger than the "
                             f"{self.rotations:,} rotations it is a depth of")
        return self


class PhysicalSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    profile: str = "qubit_gate_ns_e3"
    qec: str = "surface_code"
    error_budget: float = Field(1e-3, gt=0, lt=1)
    max_factories: int | None = Field(None, ge=1)
    max_physical_qubits: int | None = Field(None, ge=1)
    frontier: bool = False


class LogicalCountsModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    logical_counts: CountsSpec
    physical: PhysicalSpec = Field(default_factory=PhysicalSpec)


def compile_logical_counts(spec: LogicalCountsModel, doc: YamlDocument,
                           options: CompileOptions) -> Report:
    if options.count_from == "circuit":
        raise UsageError("--count-from circuit does not apply to a logical_counts model: it "
                         "has no circuit, only the counts it was given", "drop --count-from")
    from qdl.estimators.frontier import frontier, frontier_section
    from qdl.estimators.physical import LogicalCounts
    from qdl.estimators.report_physical import PhysicalRequest

    c = spec.logical_counts
    cost = Cost(qubits=c.qubits, t=c.t, toffoli=c.toffoli, and_=c.and_, rotations=c.rotations,
                rotation_depth=c.rotation_depth, measurements=c.measurements)
    wanted = spec.physical.model_dump(exclude={"frontier"})
    wanted.update(options.extra.get("physical_overrides", {}))
    request = PhysicalRequest(**wanted)
    report = Report(model=spec.name, kind="logical_counts",
                    layers=[Layer(name=spec.name, block="LogicalCounts", params={}, cost=cost)])
    counts = LogicalCounts.from_cost(cost)
    try:
        report.sections["physical"] = request.estimate(counts).section()
        if spec.physical.frontier:
            points = frontier(counts, request.profile, request.qec, request.error_budget)
            report.sections["physical_frontier"] = frontier_section(points)
    except QdlError as exc:
        raise exc.located(doc.path, doc.lines.line(("physical",))) from None
    return report


register_kind(ModelKind(name="logical_counts", key="logical_counts", schema=LogicalCountsModel,
                        compile=compile_logical_counts,
                        summary="logical counts given directly, costed on a physical machine"))
