"""From a validated network spec to report layers: shapes, graph, settings, lowering, readout.

Each stage's report row: one execution's exact cost (the stage's block), the readout
repetitions (calls to the stage's circuit the readout protocol makes, from
qdl.estimators.readout), and their product. The model section names the dominant layer, the
dominant module family, the readout multiplier and the QRAM size.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from pydantic import TypeAdapter

from qdl.circuits.cost import Cost
from qdl.estimators.network import spec as S
from qdl.estimators.network.backward import backward_stages
from qdl.estimators.network.graph import Node, Shape, ShapeError, build_graph
from qdl.estimators.network.lowering import Setting, Stage, lower
from qdl.estimators.network.modules import FAMILY, MissingPrimitive
from qdl.estimators.network.presets import preset_layers
from qdl.estimators.network.schedule import lower_scheduled, schedule_qlam
from qdl.errors import ParameterError, QdlError
from qdl.gc_pause import paused

_LAYERS = TypeAdapter(list[S.LayerSpec])


def _import_what_compiling_uses() -> None:
    """Import, with this module, the modules every network compile reaches: the readout
    model, the parallel-branch rules and the primitives the lowering asks the registry for
    (it imports a primitive's module on first request). A compile is then counting only;
    benchmarks/network_scaling.py times it after import."""
    from qdl.circuits import compose_parallel  # noqa: F401
    from qdl.circuits.registry import find
    from qdl.estimators import readout  # noqa: F401

    for name in FAMILY:
        find(name)


_import_what_compiling_uses()


class LocatedError(QdlError):
    """An error with the YAML path of the layer it concerns (the kind adds the line)."""

    def __init__(self, err: QdlError, path: tuple):
        super().__init__(err.what, err.fix)
        self.path = path


@dataclass
class CompiledStage:
    stage: Stage
    cost: Cost
    repetitions: int
    readout: dict[str, Any] | None


@dataclass
class CompiledNetwork:
    spec: S.NetworkSpec
    nodes: list[Node]
    graph: nx.DiGraph
    stages: list[CompiledStage]
    #: stage name → its schedule points (qdl.estimators.network.schedule), one per stage
    points: dict[str, list] = field(default_factory=dict)


def input_shape(inp: S.InputShape) -> Shape:
    if inp.tokens is not None:
        return Shape.tokens(inp.tokens, inp.dim)  # type: ignore[arg-type]
    return Shape.image(inp.channels, inp.height, inp.width)  # type: ignore[arg-type]


def layers_of(spec: S.NetworkSpec) -> tuple[list, list[tuple]]:
    if spec.preset is not None:
        layers = _LAYERS.validate_python(preset_layers(spec.preset, spec.classes))
        return layers, [("network", "preset")] * len(layers)
    return list(spec.layers or []), [("network", "layers", i) for i in range(len(spec.layers or []))]


def setting_for(name: str, spec: S.NetworkSpec) -> Setting:
    """Defaults, then every override whose pattern matches ``name``, in file order."""
    values = {"bits": spec.numerics.bits, "frac_bits": spec.numerics.frac_bits,
              "qram": spec.qram, "readout": spec.readout, "weights": spec.weights,
              "optimize_for": spec.optimize_for, "schedule": spec.schedule}
    for pattern, ov in spec.overrides.items():
        if fnmatch.fnmatchcase(name, pattern) or fnmatch.fnmatchcase(name.split(".grad")[0],
                                                                      pattern):
            values.update({k: v for k, v in ov.model_dump(exclude_none=True).items()
                           if k not in ("readout", "schedule")})
            if ov.readout is not None:
                values["readout"] = ov.readout
            if ov.schedule is not None:
                values["schedule"] = ov.schedule
            if values["frac_bits"] >= values["bits"]:
                raise LocatedError(ParameterError(
                    f"override '{pattern}' leaves frac_bits {values['frac_bits']} ≥ bits "
                    f"{values['bits']} for layer '{name}'", "give frac_bits below bits"),
                    ("network", "overrides", pattern))
    return Setting(**values)


def readout_repetitions(readout: S.Readout, size: int, tomography_failure: float | None = None
                        ) -> tuple[int, dict[str, Any]]:
    """Executions of the stage's circuit that reading out ``size`` numbers costs (a
    tomography at ``tomography_failure``, or its theorem's 1/d^0.83 when None)."""
    try:
        from qdl.estimators import readout as model
    except ImportError:
        raise MissingPrimitive("the readout cost model (qdl.estimators.readout, issue 4) is not "
                               "in this build, so readout repetitions cannot be counted",
                               "merge the branch that provides it") from None
    size = max(2, size)
    rank = min(readout.rank, size) if readout.rank is not None else None
    cost = model.readout_cost(readout.protocol, size, precision=readout.precision, rank=rank,
                              failure=readout.failure, sign_stage=readout.sign_stage,
                              tomography_failure=tomography_failure)
    info = {"protocol": cost.protocol, "size": size, "precision": cost.precision,
            "queries": cost.queries, "samples": cost.samples, "formula": cost.formula,
            "constants": cost.constants}
    if rank is not None:
        info["rank"] = rank
        if rank != readout.rank:
            info["rank_clamped_from"] = readout.rank
    return cost.queries, info


def compile_network(spec: S.NetworkSpec, progress=None) -> CompiledNetwork:
    """Lower and count every stage. Errors carry the YAML path of their layer.

    The cyclic garbage collector is paused meanwhile (qdl.gc_pause: its full collections
    were a quarter of a large network's counting time)."""
    with paused():
        return _compile(spec, progress)


def _compile(spec: S.NetworkSpec, progress) -> CompiledNetwork:
    layers, paths = layers_of(spec)
    try:
        nodes, graph = build_graph(layers, input_shape(spec.input), paths)
    except ShapeError as exc:
        raise LocatedError(exc, exc.path) from None  # type: ignore[attr-defined]
    compiled: list[CompiledStage] = []
    points: dict[str, list] = {}
    for i, node in enumerate(nodes):
        try:
            setting = setting_for(node.name, spec)
            stages, found = lower_scheduled(node, setting, lower)
            points.update((stages[j].name, pts) for j, pts in found.items())
            if spec.backward:  # weight gradients (QLAM estimates) at the schedule's rule
                for st in backward_stages(node, setting, first=i == 0):
                    if st.readout_size is None and st.block is not None:
                        st, points[st.name] = schedule_qlam(st, setting)
                    stages.append(st)
            for stage in stages:
                compiled.append(_count(stage, setting_for(stage.name, spec)))
        except LocatedError:
            raise
        except QdlError as exc:
            raise LocatedError(exc, node.path) from None
        if progress is not None:
            progress()
    return CompiledNetwork(spec, nodes, graph, compiled, points)


def _count(stage: Stage, setting: Setting) -> CompiledStage:
    if stage.classical:
        return CompiledStage(stage, Cost(), 1, None)
    cost = stage.circuit().cost()
    if stage.readout_size is None:
        return CompiledStage(stage, cost, 1, None)
    reps, info = readout_repetitions(setting.readout, stage.readout_size)
    return CompiledStage(stage, cost, reps, info)


def family_t_counts(stage: Stage, t_per_rotation: int | None = None) -> dict[str, int]:
    """One execution's total T (rotations included, at ``t_per_rotation`` T each when given,
    else as the blocks priced them) split by module family (DTM, QAM, QLAM)."""
    out: dict[str, int] = {}
    for prim, block, mult in stage.parts:
        fam = FAMILY.get(prim, "QAM")
        cost = block.cost() if t_per_rotation is None else block.cost().priced(t_per_rotation)
        out[fam] = out.get(fam, 0) + cost.total_t * mult
    return out
