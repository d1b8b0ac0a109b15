"""Model kind ``network``: a qResNet / qTransformer (seed 000 §III) lowered to an end-to-end
resource report. Format: qdl.estimators.network.spec and docs/network.md."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from qdl.compiler.model import CompileOptions, ModelKind, register_kind, validate
from qdl.compiler.report import Report
from qdl.compiler.yamlfile import YamlDocument
from qdl.estimators.network import spec as S
from qdl.estimators.network.compile import LocatedError, compile_network
from qdl.estimators.network.account import account
from qdl.estimators.network.summary import network_section, report_layers


class NetworkFile(BaseModel):
    """Top level only; ``network:`` is validated by the kind so layer errors get their line."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    network: dict[str, Any]
    #: register values for --simulate on the shrunk stage (``index``: the element)
    inputs: dict[str, int] | None = None


def parse(spec: NetworkFile, doc: YamlDocument) -> S.NetworkSpec:
    found = S.unknown_layer_type(spec.network.get("layers"))
    if found:
        path, message = found
        what, _, fix = message.partition(" (")
        raise doc.error(what, fix.rstrip(")"), path)
    body = {k: v for k, v in spec.network.items() if k != "sweep"}
    return validate(S.NetworkSpec, body, doc, at=("network",))


def compile_model(spec: NetworkFile, doc: YamlDocument, options: CompileOptions) -> Report:
    net_spec = parse(spec, doc)
    try:
        net = compile_network(net_spec)
        acc = account(net)
    except LocatedError as exc:
        raise doc.error(exc.what, exc.fix, exc.path) from None
    if options.count_from == "circuit":
        from qdl.errors import UsageError

        raise UsageError("--count-from circuit does not apply to whole networks (their circuits "
                         "have up to 10^15 gates)", "use --verify, which checks every stage's "
                         "circuit count against its hierarchical count on a shrunken network")
    verification = None
    if options.verify:
        from qdl.estimators.network.verify import verify_network

        try:
            verification = verify_network(net)
        except LocatedError as exc:
            raise doc.error(exc.what, exc.fix, exc.path) from None
    report = Report(model=spec.name, kind="network", layers=report_layers(net, acc),
                    count_from=options.count_from, verification=verification)
    report.sections["network"] = network_section(net, acc)
    if verification is not None:
        from qdl.estimators.network.verify import verify_section

        report.sections["verify"] = verify_section(net, verification)
    _budget_sections(report, net, acc, options)
    _schedule_section(report, net, acc, options)
    if options.extra.get("circuit"):
        from qdl.estimators.network.verify import emitted_stage

        try:
            report.block = emitted_stage(net)
        except LocatedError as exc:
            raise doc.error(exc.what, exc.fix, exc.path) from None
    if options.verify and net_spec.verify.drift:
        from qdl.estimators.network.verify import drift_section

        report.sections["drift"] = drift_section(net)
    sweep = options.extra.get("sweep") or spec.network.get("sweep")
    if sweep:
        from qdl.estimators.network.sweep import sweep_section

        try:
            report.sections["sweep"] = sweep_section(net_spec, str(sweep),
                                                     jobs=options.extra.get("jobs", 1))
        except LocatedError as exc:
            raise doc.error(exc.what, exc.fix, exc.path) from None
    return report


def _budget_sections(report: Report, net, acc, options: CompileOptions) -> None:
    """Error budget, classical baseline, assumptions and (with --physical) the physical estimate
    on the same budget: its hardware share, rotations already synthesised."""
    from qdl.estimators.network.budget_report import assumptions_section, budget_section
    from qdl.estimators.network.classical import classical_section

    base = net.spec.baseline
    report.sections["budget"] = budget_section(net, acc)
    report.sections["classical"] = classical_section(net, acc, base.flops_per_second,
                                                     base.profile)
    report.sections["assumptions"] = assumptions_section(net, acc)
    overrides = dict(options.extra.get("physical_overrides") or {})
    if overrides:
        from qdl.errors import QdlError, UsageError
        from qdl.estimators.physical import LogicalCounts, estimate
        from qdl.estimators.report_physical import PhysicalRequest

        if "error_budget" in overrides:
            raise UsageError("--error-budget does not apply to a network: its accuracy.failure "
                             "sets the budget (the hardware share goes to the physical "
                             "estimate)", "set accuracy.failure and failure_split.hardware")
        req = PhysicalRequest(**overrides, error_budget=acc.failure["hardware"])
        counts = LogicalCounts.from_cost(report.totals)

        def run(r):
            return estimate(counts, r.profile, r.qec, r.error_budget,
                            max_factories=r.max_factories,
                            max_physical_qubits=r.max_physical_qubits,
                            t_per_rotation=acc.t_per_rotation)

        try:
            report.sections["physical"] = run(req).section()
        except QdlError as exc:  # say which profile would work (estimators/physical_advice)
            from qdl.estimators.physical_advice import advise

            raise advise(exc, counts, req, run, budgets=False) from None


def _schedule_section(report: Report, net, acc, options: CompileOptions) -> None:
    """The qubits–T-depth frontier; with --physical every shown point estimated on the same
    machine and hardware share as the ``physical`` section."""
    from qdl.estimators.network.schedule_report import schedule_section

    overrides = dict(options.extra.get("physical_overrides") or {})
    physical = None
    if overrides and "physical" in report.sections:
        from qdl.estimators.physical import LogicalCounts, estimate
        from qdl.estimators.report_physical import PhysicalRequest

        req = PhysicalRequest(**overrides, error_budget=acc.failure["hardware"])

        def physical(cost):
            from dataclasses import replace

            from qdl.estimators.network.schedule_report import scheduled_cycles

            counts = replace(LogicalCounts.from_cost(cost),
                             scheduled_depth=scheduled_cycles(cost, acc.t_per_rotation))
            est = estimate(counts, req.profile, req.qec,
                           req.error_budget, max_factories=req.max_factories,
                           max_physical_qubits=req.max_physical_qubits,
                           t_per_rotation=acc.t_per_rotation).section()
            return {k: est[k] for k in ("physical_qubits", "runtime_seconds", "code_distance",
                                        "t_factories")}

    report.sections["schedule"] = schedule_section(net, acc, physical)


register_kind(ModelKind(name="network", key="network", schema=NetworkFile,
                        compile=compile_model,
                        summary="a qResNet / qTransformer lowered layer by layer (seed 000)"))
