"""``--verify`` on a network: every distinct primitive the lowering used, rebuilt at reduced
width through the registry and checked by qdl.passes.verify.verify_block (hierarchical cost ==
circuit count on every field, Aer == reference).

Reduced width keeps each Aer run small: word and register widths at most 4 bits, dot lengths
at most 2, tables at most 4 words, one fractional bit; blocks with more than 256 input
combinations (a 4-bit MAC has 4,096: minutes of Aer) are checked on seeded random inputs. The parameters that are not sizes
(variants, precisions) are kept as the network used them.

Then one tiny end-to-end instance per kind of network, at the network's numerics reduced the
same way: a network with residual joins runs one residual block on a 4×4 single-channel image
(qdl.estimators.network.tiny_resnet), a network with attention runs one head over 4 tokens of
dimension 2 (qdl.estimators.network.tiny_attention); each compares Aer's measured outputs with
numpy and adds its entries to the verification list.
"""

from __future__ import annotations

import sys

from qdl.estimators.network.compile import CompiledNetwork
from qdl.estimators.network.modules import primitive, request_of

#: parameter → largest value used at reduced width
REDUCE = {"bits": 4, "word_bits": 4, "frac_bits": 1, "length": 2, "words": 4, "size": 4,
          "address_bits": 2, "heads": 2, "value": 1}


#: register width of the tiny end-to-end instances (one circuit per position, random-free)
END_TO_END_BITS = 4
#: input combinations above which a reduced primitive is checked on random inputs
EXHAUSTIVE_LIMIT = 256


def reduced_requests(net: CompiledNetwork) -> list[tuple[str, dict]]:
    """Distinct (primitive, reduced params) pairs, in first-use order."""
    seen: dict[tuple, tuple[str, dict]] = {}
    for cs in net.stages:
        for name, block, _ in cs.stage.parts:
            if name == "clifford":
                continue
            request = request_of(block)
            if request is None:
                continue
            params = request[1]
            small = {k: min(v, REDUCE[k]) if k in REDUCE and isinstance(v, int) else v
                     for k, v in params.items()}
            key = (name, tuple(sorted(small.items())))
            seen.setdefault(key, (name, small))
    return list(seen.values())


def end_to_end_checks(net: CompiledNetwork) -> list[tuple[str, object]]:
    """(progress label, thunk returning VerificationResults) for the tiny instances that
    apply to ``net``."""
    from qdl.estimators.network.tiny_attention import check_attention_head
    from qdl.estimators.network.tiny_resnet import check_resnet_block

    bits = min(net.spec.numerics.bits, END_TO_END_BITS)
    frac = min(net.spec.numerics.frac_bits, REDUCE["frac_bits"], bits - 1)
    types = {node.type for node in net.nodes}
    checks = []
    if "add" in types:
        checks.append(("residual block end to end on Aer",
                       lambda: check_resnet_block(bits, frac)))
    if "attention" in types:
        checks.append(("attention head end to end on Aer",
                       lambda: check_attention_head(bits, frac)))
    return checks


def verify_network(net: CompiledNetwork) -> list:
    from rich.console import Console
    from rich.progress import Progress

    from qdl.passes.verify import exhaustive_cases_at_most, verify_block

    results = []
    requests = reduced_requests(net)
    checks = end_to_end_checks(net)
    with Progress(console=Console(stderr=True), transient=True,
                  disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("verifying primitives on Aer", total=len(requests) + len(checks))
        with exhaustive_cases_at_most(EXHAUSTIVE_LIMIT):
            for name, params in requests:
                results.append(verify_block(primitive(name, **params)))
                bar.advance(task)
        for label, run in checks:
            bar.update(task, description=label)
            results.extend(run())
            bar.advance(task)
    return results
