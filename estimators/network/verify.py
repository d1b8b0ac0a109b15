"""``--verify`` on any network: the network shrunk to a size Aer runs, every stage built by the
same lowering that counts it at full size, and three checks per stage.

Shrinking keeps the layer graph (residuals, attention, FFN, pooling, norms) and reduces its
sizes to the model file's ``verify:`` settings (default 4×4 images or 4 tokens, ≤ 2 channels
/ heads / hidden units / classes, kernels ≤ 3×3, (4, 1) numerics). Then, with seeded parameters on the
fixed-point grid and the independent numpy forward pass (qdl.estimators.network.forward):

1. **hierarchy == circuit**: the stage block's hierarchical cost equals the cost counted on
   its built circuit on every field (qubits and depths included);
2. **outputs**: the compute half (loads and arithmetic, before the conversion) runs once per
   element index (basis state, Aer matrix_product_state, one shot); the output register must
   be bit-equal to numpy's fixed-point value and every ancilla back in |0⟩;
3. **amplitudes** (the first stage of each layer type): the whole stage — compute, signed
   qdac, uncompute — runs on the index in uniform superposition (stages up to 20 qubits) or
   on each element's basis state (wider ones); the amplitude on (e, m = 0, flag = 1, every
   other wire 0) must equal y_e/(√(2^a)·2^k) to 1e−8 for every element e (a index bits,
   k = converted bits − 1; y_e saturated to b bits where the output has guard bits and is
   converted through its saturated copy), which also makes the success amplitude
   ‖y‖/(√(2^a)·2^k) exact.

4. **DCD Hadamard tests** (the same stages, when the index has no padding and the stage at
   most 64 qubits): for every DCD coefficient j (Chebyshev w_j, j < N = 2^a), P(anc = 0) of a
   Hadamard test with the qdac's comparator controlled equals (1 + ⟨w_j|x⟩)/2 to 1e−8
   (qdl.estimators.network.verify_dcd).

Check 2 runs each stage's circuit once per stage with the element bound per run, in its
basis-state form (qdl.estimators.network.basis_form, which states why that is exact).
The attention value stage (A·V, QLAM) is built with the shrunk network's V and A and its
post-selected state compared with numpy (qdl.estimators.network.verify_values); global
pooling and weight gradients (QLAM estimates) get check 1 only.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from qdl.estimators.network import spec as S
from qdl.estimators.network.compile import (CompiledNetwork, LocatedError, input_shape,
                                            layers_of)
from qdl.estimators.network.verify_dcd import check_hadamard, hadamard_applies
from qdl.estimators.network.verify_values import check_values
from qdl.errors import ParameterError, UsageError

#: Amplitude tolerance of check 3.
AMPLITUDE_TOL = 1e-8
#: Widest stage whose amplitude check runs the index in superposition (one run).
SUPERPOSED_QUBITS = 20


def shrink(spec: S.NetworkSpec) -> S.NetworkSpec:
    """The same layer graph at the ``verify:`` sizes, uniform (bits, frac_bits) numerics."""
    v = spec.verify
    layers, _ = layers_of(spec)
    inp = spec.input
    if inp.tokens is not None:
        new_in = {"tokens": v.tokens, "dim": min(inp.dim, v.channels)}
    else:
        new_in = {"channels": min(inp.channels, v.channels), "height": v.height,
                  "width": v.width}
        first = layers[0] if layers else None
        if (first is not None and first.type == "patch_embed"
                and not {"height", "width"} & v.model_fields_set):
            # a ViT: `tokens` tokens (class token included) from a 1 × n row of patches, so
            # every stage over (token, feature) has 2^k elements and gets the DCD check
            patch, n = _patch(first, v), v.tokens - int(first.cls_token)
            new_in.update(height=patch, width=patch * max(1, n))
    data = spec.model_dump(exclude={"preset", "layers", "input", "numerics", "overrides"})
    data.update(layers=[_shrink(layer, v).model_dump() for layer in layers], input=new_in,
                numerics={"bits": v.bits, "frac_bits": v.frac_bits})
    return S.NetworkSpec.model_validate(data)


def _patch(layer, v: S.VerifySize) -> int:
    """A shrunk patch embedding's patch side: half the verify image side, at most its own."""
    return max(1, min(layer.patch, v.height // 2))


def _shrink(layer, v: S.VerifySize):
    t = layer.type
    upd: dict = {}
    if t == "conv":
        k = min(layer.kernel, v.kernel)
        upd.update(out_channels=min(layer.out_channels, v.channels), kernel=k,
                   padding=min(layer.padding, k // 2))
    elif t == "linear":
        upd["out_features"] = min(layer.out_features, v.channels)
    elif t == "patch_embed":
        upd.update(dim=min(layer.dim, v.channels), patch=_patch(layer, v))
    elif t == "attention":
        upd["heads"] = min(layer.heads, v.heads, v.channels)
    elif t == "ffn":
        upd["hidden"] = min(layer.hidden, v.hidden)
    elif t == "residual":
        upd.update(body=[_shrink(x, v) for x in layer.body],
                   shortcut=[_shrink(x, v) for x in layer.shortcut])
    return layer.model_copy(update=upd)


def stage_data(node, fwd) -> dict | None:
    """The data the lowering builds ``node``'s stages from, out of the forward pass."""
    if node.type == "attention":
        return {k: fwd.data.get(f"{node.name}.{k}") for k in ("qkv", "scores", "proj")}
    return fwd.data.get(node.name)


def shrunk_stages(net: CompiledNetwork):
    """(stage with data, expected outputs or None) for the shrunk network, and the pass."""
    from qdl.estimators.network.compile import compile_network, setting_for
    from qdl.estimators.network.calibration import random_parameters
    from qdl.estimators.network.forward import run
    from qdl.estimators.network.lowering import lower
    from qdl.estimators.network.schedule import lower_scheduled

    small = shrink(net.spec)
    try:
        snet = compile_network(small)
    except LocatedError as exc:
        raise LocatedError(exc, ("network", "verify")) from None
    v = small.verify
    rng = np.random.default_rng(v.seed)
    shape = input_shape(small.input)
    x0 = rng.integers(0, 4, (shape.positions, shape.features)) / 2
    params = random_parameters(snet.nodes, v.frac_bits, v.seed)
    local = own_numerics(snet.nodes, v)
    fwd = run(snet.nodes, snet.graph, params, x0, v.bits, v.frac_bits, local=local)
    out = []
    for node in snet.nodes:  # at the schedule the model asks for (shrunk sizes)
        setting = setting_for(node.name, small)
        if node.name in local:
            setting = replace(setting, bits=local[node.name][0], frac_bits=local[node.name][1])
        for stage in lower_scheduled(node, setting, lower, stage_data(node, fwd))[0]:
            if not stage.classical:
                out.append((stage, fwd.expected.get(stage.name)))
    return out, fwd


def own_numerics(nodes, v: S.VerifySize) -> dict[str, tuple[int, int]]:
    """Layers verified at their own (bits, frac_bits): the quantum softmax at ``verify:``'s
    softmax numerics (default (6, 3); at the network's (4, 1) its outputs are almost all 0 or
    ½), its input converted exactly into that format and its output back."""
    return {n.name: (v.softmax_bits, v.softmax_frac_bits) for n in nodes
            if n.type == "softmax" and n.layer.mode == "quantum"}


def check_size(stages) -> None:
    """Refuse, before building, a shrunk network too wide or too long for Aer: per stage, its
    qubits and gates (counted) and its runs (one build for check 1, one per element for
    check 2, as many again for check 3 on the first stage of a type); the limits are in
    qdl.compiler.guards.check_network_verification."""
    from qdl.compiler.guards import _gates, check_network_verification

    planned, seen = [], set()
    for st, expected in stages:
        cost = st.block.cost()
        runs = 1 if expected is None else 1 + expected.size * (1 + (st.type not in seen))
        if expected is not None:
            seen.add(st.type)
        planned.append((st.name, cost.qubits, _gates(cost), runs))
    try:
        check_network_verification(planned)
    except UsageError as exc:
        raise LocatedError(exc, ("network", "verify")) from None


def verify_network(net: CompiledNetwork) -> list:
    from qdl import progress

    stages, fwd = shrunk_stages(net)
    check_size(stages)
    results = []
    chosen = representatives(stages)
    with progress.bar("verifying stages on Aer", total=len(stages)) as task:
        for stage, expected in stages:
            task.describe(f"stage {stage.name}")
            results.append(check_counts(stage))
            if stage.name in fwd.data and hasattr(stage.block, "calls"):  # A·V (QLAM)
                results.append(check_values(stage, fwd.data[stage.name]))
            if expected is not None:
                results.append(check_outputs(stage, expected, fwd.overflows.get(stage.name, 0)))
                if stage.name in chosen:
                    results.append(check_amplitudes(stage, expected))
                    if hadamard_applies(stage, expected):
                        results.append(check_hadamard(stage, expected))
            task.advance()
    return results


def representatives(stages) -> set[str]:
    """Per stage kind (:func:`stage_kind`), the stage checks 3 and 4 run on: the one with the
    fewest qubits (the first of those), since their cost grows with the width and every stage
    of a kind runs the same program on other data and sizes."""
    best: dict[str, tuple[int, int, str]] = {}
    for order, (stage, expected) in enumerate(stages):
        if expected is None:
            continue
        key = (stage.block.cost().qubits, order, stage.name)
        kind = stage_kind(stage)
        best[kind] = min(best.get(kind, key), key)
    return {name for _, _, name in best.values()}


def verify_section(net: CompiledNetwork, results: list) -> dict:
    """What --verify ran, at which size: the shrunk network and the checks by kind."""
    small = shrink(net.spec)
    kinds: dict[str, dict] = {}
    for r in results:
        kind = r.block.split(": ", 1)[1]
        entry = kinds.setdefault(kind, {"stages": 0, "cases": 0, "passed": 0, "seconds": 0.0})
        entry["stages"] += 1
        entry["cases"] += r.cases
        entry["passed"] += int(r.passed)
        entry["seconds"] = round(entry["seconds"] + r.seconds, 1)
    out = {"input": small.input.model_dump(exclude_none=True),
           "numerics": {"bits": small.numerics.bits, "frac_bits": small.numerics.frac_bits},
           "caps": {k: v for k, v in small.verify.model_dump().items()
                    if k in ("channels", "heads", "hidden", "kernel")},
           "checks": kinds}
    v = small.verify
    if any(n.type == "softmax" and n.layer.mode == "quantum" for n in net.nodes):
        out["numerics"]["quantum softmax"] = {"bits": v.softmax_bits,
                                              "frac_bits": v.softmax_frac_bits}
    return out


def stage_kind(stage) -> str:
    """The layer type, and for a layer lowered to several stages (attention: qkv, scores,
    proj) the stage's part: checks 3 and 4 run on the first stage of each kind."""
    if stage.node.name != stage.name:
        return f"{stage.type}.{stage.name[len(stage.node.name) + 1:]}"
    return stage.type


def _result(stage, what: str, method: str, cases: int, failures: list, start: float):
    from qdl.passes.verify import VerificationResult

    return VerificationResult(f"{stage.name}: {what}", stage.block.params(), method, cases,
                              not failures, failures, time.perf_counter() - start)


def check_counts(stage):
    """Check 1: hierarchical cost == the cost counted on the built stage circuit."""
    from qdl.passes.build import build_circuit
    from qdl.passes.circuit_count import count_circuit

    start = time.perf_counter()
    diff = stage.block.cost().differences(count_circuit(build_circuit(stage.block)))
    failures = [f"{k}: hierarchy {a}, circuit {b}" for k, (a, b) in diff.items()]
    return _result(stage, "hierarchy == circuit", "every cost field counted on the built "
                   "circuit (compute, qdac, uncompute)", 1, failures, start)


def elements(stage, expected: np.ndarray, converted: bool = False):
    """(index value, expected signed output) per element of the stage; ``converted``: the
    value the conversion sees (saturated to b bits when the stage saturates)."""
    fields = stage.fields
    shape = expected.shape
    out = []
    for pos in np.ndindex(*shape):
        index, at = 0, 0
        for (name, count), value in zip(fields, pos):
            index |= value << at
            at += max(0, (count - 1).bit_length())
        value = int(expected[pos])
        out.append((index, stage.block.converted(value) if converted else value))
    return out


def check_outputs(stage, expected: np.ndarray, overflows: int):
    """Check 2: per element index, Aer's output register bit-equal to numpy, ancillas clean
    (qdl.estimators.network.basis_form: one Aer circuit per stage, the index bound per run)."""
    from qdl.estimators.network.basis_form import run_indices
    from qdl.passes.build import build_circuit

    start = time.perf_counter()
    half = stage.block.compute_half()
    cases = elements(stage, expected)
    runs, form = run_indices(half, build_circuit(half), [i for i, _ in cases], seed=1234)
    width = stage.block.output_width
    failures = []
    for (index, want), (got, dirty) in zip(cases, runs):
        value = got[stage.block.output] & ((1 << width) - 1)
        if value != want % (1 << width) or dirty:
            failures.append(f"index {index}: numpy {want % (1 << width)}, aer {value}"
                            + (" with dirty ancillas" if dirty else ""))
    clamped = sum(v != stage.block.converted(v) for _, v in cases)
    method = (f"compute half ({form}) on aer:matrix_product_state, {len(cases)} element "
              f"indices × 1 shot, {half.cost().qubits} qubits, output bit-equal to numpy fixed "
              f"point, ancillas and AND targets 0 ({overflows} wrapped sums in numpy; "
              f"{clamped} outputs saturated to {stage.block.converted_width} bits by the "
              "conversion)")
    return _result(stage, "outputs == numpy", method, len(cases), failures, start)


def check_amplitudes(stage, expected: np.ndarray):
    """Check 3: the whole stage's amplitudes y_e/(√(2^a)·2^k) on (e, m = 0, flag = 1, 0…),
    y_e as converted (saturated to b bits where the stage converts a saturated copy).

    Up to SUPERPOSED_QUBITS the index starts in uniform superposition and one run gives every
    amplitude; wider stages run once per element e from the basis state |e⟩ and the amplitude
    there must be y_e/2^k (the index register only controls, so the superposed state is the
    sum of these runs over √(2^a)); a wide stage in superposition entangles the index with
    hundreds of MPS sites and takes minutes per run."""
    from qiskit.circuit import Parameter
    from qiskit_aer import AerSimulator

    from qdl.circuits.builder import Builder, build_signature_wires
    from qdl.passes.verify import expand_for_aer

    start = time.perf_counter()
    block = stage.block
    a, k = block.signature["index"].width, block.signature["m"].width
    cases = elements(stage, expected, converted=True)
    flag = 1 << (a + k)
    superposed = block.cost().qubits <= SUPERPOSED_QUBITS

    def circuit(superposed: bool):
        bb = Builder()
        regs = build_signature_wires(bb, block.signature)
        for q in regs["index"] if superposed else ():
            bb.h(q)
        bb.call(block, **regs)
        if not superposed:  # map (e, m = 0, flag = 1, 0…) to |0…0⟩: see below
            bb.x(regs["flag"][0])
        qc = expand_for_aer(bb.to_circuit(block.signature, regs))
        if superposed:
            qc.save_amplitudes([e + flag for e, _ in cases])
            return qc
        # |e⟩ bound per run: RX(π) = −iX before and RX(−π) = iX after on each set bit (the
        # phases cancel), so Aer converts the circuit once for every element
        thetas = [Parameter(f"e{i}") for i in range(a)]
        bound = qc.copy_empty_like()
        for i, theta in enumerate(thetas):
            bound.rx(theta, i)
        bound.compose(qc, inplace=True)
        for i, theta in enumerate(thetas):
            bound.rx(-theta, i)
        bound.save_amplitudes([0])
        return bound, {t: [np.pi * ((e >> i) & 1) for e, _ in cases]
                       for i, t in enumerate(thetas)}

    # Aer 0.18's matrix_product_state returned 0 for save_amplitudes of a nonzero basis index
    # on a 107-qubit stage whose marginal probability there was 2^-10 (measured here), while
    # the all-zero amplitude was right: wide stages ask for |0…0⟩ after X gates; narrow ones
    # run on the statevector method.
    if superposed:
        got = np.asarray(AerSimulator(method="statevector").run(
            circuit(True), shots=1, seed_simulator=5).result().data(0)["amplitudes"])
        scale = np.sqrt(1 << a) * (1 << k)
    else:
        qc, binds = circuit(False)
        sim = AerSimulator(method="matrix_product_state", mps_swap_direction="mps_swap_right")
        result = sim.run(qc, parameter_binds=[binds], shots=1, seed_simulator=5).result()
        got = np.array([result.data(i)["amplitudes"][0] for i in range(len(cases))])
        scale = float(1 << k)
    want = np.array([v for _, v in cases], float) / scale
    top = int(np.argmax(np.abs(want)))  # global phase, fixed where the reference is largest
    phase = got[top] / want[top] if want[top] else 1.0
    phase = phase / abs(phase) if abs(phase) > 1e-12 else 1.0
    err = np.abs(got / phase - want)
    failures = [f"element index {cases[i][0]}: amplitude {got[i] / phase:.6g}, want "
                f"{want[i]:.6g}" for i in np.nonzero(err > AMPLITUDE_TOL)[0]]
    success = float(np.linalg.norm([v for _, v in cases]) / (np.sqrt(1 << a) * (1 << k)))
    stage.notes["qdac_success_amplitude"] = success
    how = ("index in uniform superposition, one statevector run" if superposed else
           f"each of {len(cases)} element indices as a basis state (linearity in the index)")
    method = (f"whole stage (compute, signed qdac, uncompute) on aer, "
              f"{how}; amplitudes on m = 0, flag = 1, work registers 0 equal "
              f"y_e/(√2^{a}·2^{k}) to {AMPLITUDE_TOL:g}"
              + (f" (y_e saturated from {block.output_width} to {block.converted_width} bits)"
                 if block.saturates else "") + f"; success amplitude {success:.6g}")
    return _result(stage, "amplitudes == signed outputs", method, len(cases), failures, start)


def drift_section(net: CompiledNetwork) -> dict:
    """The full-size network in fixed point and in float64 on the same seeded parameters
    (variance 1/fan-in) and input: per layer max and rms |fixed − float|, wrapped sums and
    saturated outputs."""
    from qdl.estimators.network.calibration import drift_passes
    from qdl.estimators.network.truncation import bounds, gridded, unruled

    spec = net.spec
    bits, frac = spec.numerics.bits, spec.numerics.frac_bits
    start = time.perf_counter()  # the same input and parameters as calibration.calibration
    x0, params = gridded(net, spec.verify.seed)
    rows, fixed = drift_passes(net.nodes, net.graph, params, x0, bits, frac)
    other = unruled(net)
    if other is None:  # the propagated truncation bound beside the measured ℓ2 drift
        limits = bounds(net, params, fixed)
        for r in rows:
            r["bound_l2"] = limits[r["layer"]][1]
    bound = ("bound_l2: the truncation bound propagated by the layers' Lipschitz constants "
             "(docs/costs.md); l2 must stay under it when nothing saturates" if other is None
             else f"no bound: layer '{other.name}' ({other.type}) has no rounding rule")
    return {"numerics": {"bits": bits, "frac_bits": frac},
            "parameters": "seeded Gaussian weights, variance 1/fan-in, put on the fixed-point "
                          "grid (both passes use the same numbers); input in {0, ½, 1, 1½}",
            "bound": bound,
            "rounding": "products floored (toward −∞) as the MAC does; sums of L products "
                        "with ⌈log2 L⌉ guard bits; stage outputs saturated to b bits",
            "seconds": round(time.perf_counter() - start, 2), "layers": rows}


def emitted_stage(net: CompiledNetwork):
    """The circuit --emit writes and --simulate runs for a network: the shrunk network's stage
    named by ``verify: {stage: NAME}`` (default: its first digital stage), built with the
    verification data (compute, signed qdac, uncompute)."""
    stages, _ = shrunk_stages(net)
    digital = [st for st, _ in stages if hasattr(st.block, "compute_half")]
    want = net.spec.verify.stage
    chosen = [st for st in digital if want is None or st.name == want]
    if not chosen:
        names = ", ".join(st.name for st in digital)
        raise LocatedError(ParameterError(f"no digital stage named '{want}' in the shrunk "
                                          "network", f"use one of {names}"),
                           ("network", "verify", "stage"))
    check_size([(chosen[0], None)])
    return chosen[0].block
