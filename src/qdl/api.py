"""The Python API: what ``qdl-compile`` does, as functions returning objects a notebook shows.

>>> import qdl
>>> qdl.cost("add", bits=32)                        # exact logical cost of one primitive
Cost(t_count=124, qubits=95, t_depth=32, and=31, clifford=245, measurements=31, toffoli_depth=31)
>>> report = qdl.compile("examples/qresnet18.yaml")  # a model file, or the model as a dict
>>> qdl.estimate(report, profile="qubit_gate_ns_e4")  # the report with a physical section

Every error is a :class:`qdl.QdlError` with the same one-line message the CLI prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from qdl.errors import ParameterError, UsageError


def _primitive_block(name: str, params: dict[str, Any]):
    from qdl.circuits.registry import lookup

    prim = lookup(name)
    try:
        validated = prim.params.model_validate(params)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or name
        raise ParameterError(f"{name}: {where}: {err['msg']}",
                             f"parameters of '{name}': qdl-compile --list-primitives") from None
    return prim.block(validated)


def block(name: str, **params: Any):
    """The block of primitive ``name`` with ``params`` (its four faces: ``.signature``,
    ``.cost()``, ``.build``, ``.reference``); shows its registers and cost in a notebook."""
    return _primitive_block(name, params)


def cost(name: str, **params: Any):
    """The exact logical :class:`~qdl.circuits.cost.Cost` of primitive ``name``, counted from
    the block hierarchy (no circuit is built): ``qdl.cost("add", bits=32).t_count == 124``."""
    return _primitive_block(name, params).cost()


def build(name: str, **params: Any):
    """The gate-level Qiskit ``QuantumCircuit`` of primitive ``name`` (flat Clifford+T plus
    Toffoli/AND gates; refused above the build limit, as ``--emit`` is)."""
    from qdl.passes.build import build_circuit

    return build_circuit(_primitive_block(name, params))


def compile(model: dict | str | Path, *, verify: bool = False, count_from: str = "hierarchy",
            optimize: int | None = None, sweep: str | None = None, physical: str | None = None,
            qec: str | None = None, error_budget: float | None = None,
            base_dir: str | Path | None = None):
    """Compile a model (a YAML file's path, or the same content as a dict) into a
    :class:`~qdl.compiler.report.Report`. Keyword options are the CLI's: ``verify`` runs the
    circuits on Aer, ``optimize`` is ``--optimize LEVEL``, ``sweep`` is ``--sweep
    PARAM=V1,V2,...``, ``physical``/``qec``/``error_budget`` add the physical estimate.
    A dict's data file paths resolve against ``base_dir`` (default: the current folder)."""
    from qdl.compiler.model import CompileOptions, load_model
    from qdl.compiler.provenance import provenance
    from qdl.estimators import report_physical as phys

    if count_from not in ("hierarchy", "circuit"):
        raise UsageError(f"count_from must be 'hierarchy' or 'circuit', not {count_from!r}")
    source = model if isinstance(model, dict) else str(model)
    kind, spec, doc = load_model(source, base_dir=str(base_dir) if base_dir else None)
    overrides = {k: v for k, v in (("profile", physical), ("qec", qec),
                                   ("error_budget", error_budget)) if v is not None}
    extra: dict[str, Any] = {"physical_overrides": overrides, "output": None, "sweep": sweep,
                             "jobs": 1, "ancillas": []}
    if optimize is not None:
        extra["optimize"] = {"level": optimize, "qubit_budget": None}
    if sweep and kind.name != "network":
        from qdl.compiler.sweep_any import sweep_report

        report = sweep_report(kind, spec, doc, CompileOptions(verify=verify,
                                                              count_from=count_from,
                                                              extra=extra), sweep)
    else:
        report = kind.compile(spec, doc, CompileOptions(verify=verify, count_from=count_from,
                                                        extra=extra))
    if overrides and "physical" not in report.sections:
        report.sections["physical"] = phys.physical_section(
            report, phys.PhysicalRequest(**overrides))
    options = {k: v for k, v in (("verify", verify), ("optimize", optimize), ("sweep", sweep),
                                 ("physical", physical)) if v}
    call = f"qdl.compile({'<dict>' if isinstance(model, dict) else repr(str(model))}" + "".join(
        f", {k}={v!r}" for k, v in options.items()) + ")"
    report.provenance = provenance(call, source)
    return report


def estimate(target, profile: str | None = None, *, qec: str | None = None,
             error_budget: float | None = None, frontier: bool = False):
    """The physical cost of a report (or of a :class:`Cost`) on a surface-code machine: a copy
    of the report with a ``physical`` section (and ``physical_frontier`` with ``frontier``).
    A failure names the nearest profile or error budget that works."""
    import copy

    from qdl.circuits.cost import Cost
    from qdl.compiler.report import Layer, Report
    from qdl.estimators import report_physical as phys

    if isinstance(target, Cost):
        report = Report(model="cost", kind="logical_counts",
                        layers=[Layer(name="cost", block="Cost", params={}, cost=target)])
    elif isinstance(target, Report):
        report = copy.copy(target)
        report.sections = dict(target.sections)
    else:
        raise UsageError(f"estimate() takes a Report or a Cost, not {type(target).__name__}",
                         "pass qdl.compile(...) or qdl.cost(...)")
    wanted = {k: v for k, v in (("profile", profile), ("qec", qec),
                                ("error_budget", error_budget)) if v is not None}
    request = phys.PhysicalRequest(**wanted)
    report.sections["physical"] = phys.physical_section(report, request)
    if frontier:
        report.sections["physical_frontier"] = phys.frontier_section_for(report, request)
    return report


