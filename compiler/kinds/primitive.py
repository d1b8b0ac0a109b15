"""Model kind ``primitive``: one primitive from the registry, costed (and optionally verified).

```yaml
name: add32
primitive: add
params: {bits: 32, variant: gidney}
inputs: {a: 5, b: 7}        # optional, for --simulate
```
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from qdl.circuits.registry import lookup
from qdl.compiler.model import CompileOptions, ModelKind, register_kind, validate
from qdl.compiler.report import Layer, Report
from qdl.compiler.yamlfile import YamlDocument
from qdl.errors import QdlError


class PrimitiveModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, description="the model's name, shown in reports")
    primitive: str = Field(description="a registry name (qdl-compile --list-primitives)")
    params: dict[str, Any] = Field(default_factory=dict, description="the primitive's parameters")
    inputs: dict[str, int | float | list[float]] = Field(
        default_factory=dict,
        description="register values for --simulate: integer, fixed-point number or amplitudes")


def compile_primitive(spec: PrimitiveModel, doc: YamlDocument, options: CompileOptions) -> Report:
    try:
        prim = lookup(spec.primitive)
    except QdlError as exc:
        raise exc.located(doc.path, doc.lines.line(("primitive",))) from None
    params = validate(prim.params, spec.params, doc, at=("params",))
    try:
        block = prim.block(params)
    except QdlError as exc:
        raise exc.located(doc.path, doc.lines.line(("params",))) from None
    where = doc.lines.line(("params",)) or doc.lines.line(("primitive",))
    optimize = options.extra.get("optimize")
    count_from = "circuit" if optimize is not None else options.count_from
    sections = {}
    try:
        options.extra.get("preflight", lambda b: None)(block)  # --simulate/--emit estimates
        if optimize is not None:
            from qdl.compiler import limits
            from qdl.passes.build import estimated_gates

            limits.check("optimize_gates", estimated_gates(block), "this size is too large for "
                         "--optimize", "optimise a smaller size")
        if count_from == "circuit":
            from qdl.passes.build import build_circuit
            from qdl.passes.circuit_count import count_circuit

            built = build_circuit(block)
            cost = count_circuit(built)
        else:
            cost = block.cost()
        if optimize is not None:
            from qdl.passes.flatten import clean_qubits
            from qdl.passes.optimize import block_clean_qubits, optimize_circuit

            opt = optimize_circuit(built, optimize["level"],
                                   qubit_budget=optimize.get("qubit_budget"),
                                   clean=block_clean_qubits(block, built),
                                   scratch=clean_qubits(built),
                                   target=optimize.get("target") or "t_count")
            cost = opt.after
            sections["optimization"] = opt.section()
        verification = None
        if options.verify:
            from qdl.compiler.guards import check_verification
            from qdl.passes.verify import verify_block, verify_circuit

            check_verification(block)
            from qdl import progress

            with progress.bar(f"verifying {type(block).__name__} on Aer"):
                verification = [verify_block(block)]
            if optimize is not None:
                optimized = verify_circuit(block, opt.circuit)
                optimized.method = f"optimised (level {optimize['level']}): {optimized.method}"
                verification.append(optimized)
    except QdlError as exc:
        raise exc.located(doc.path, where) from None
    layer = Layer(name=spec.name, block=type(block).__name__, params=params.model_dump(),
                  cost=cost)
    # blocks with derived quantities (a block-encoding's α, ancillas, error) report them
    if hasattr(block, "notes"):
        sections["notes"] = block.notes()
    return Report(model=spec.name, kind="primitive", layers=[layer], count_from=count_from,
                  verification=verification, sections=sections, block=block)


register_kind(ModelKind(name="primitive", key="primitive", schema=PrimitiveModel,
                        compile=compile_primitive,
                        summary="one primitive from the registry with its parameters"))
