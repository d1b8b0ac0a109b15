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
    except LocatedError as exc:
        raise doc.error(exc.what, exc.fix, exc.path) from None
    if options.count_from == "circuit":
        from qdl.errors import UsageError

        raise UsageError("--count-from circuit does not apply to whole networks (their circuits "
                         "have up to 10^15 gates)", "use --verify, which checks every primitive's "
                         "stage's circuit count against its hierarchical count on a shrunken network")
    verification = None
    if options.verify:
        from qdl.estimators.network.verify import verify_network

        try:
            verification = verify_network(net)
        except LocatedError as exc:
            raise doc.error(exc.what, exc.fix, exc.path) from None
    report = Report(model=spec.name, kind="network", layers=report_layers(net),
                    count_from=options.count_from, verification=verification)
    report.sections["network"] = network_section(net)
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


register_kind(ModelKind(name="network", key="network", schema=NetworkFile,
                        compile=compile_model,
                        summary="a qResNet / qTransformer lowered layer by layer (seed 000)"))
