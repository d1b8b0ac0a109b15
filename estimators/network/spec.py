"""The ``network:`` model format: layers, input shape, numerics, readout, QRAM, overrides.

```yaml
name: qresnet18
network:
  preset: resnet18                 # or `layers: [...]` (one of the two)
  input: {channels: 3, height: 224, width: 224}
  numerics: {bits: 16, frac_bits: 8}
  readout: {protocol: dcd, rank: 20, epsilon: 0.01}   # or {protocol: tomography_linf, delta: 0.01}
  qram: qrom                       # qrom | select_swap | qroam_clean | bucket_brigade
  weights: classical               # classical (constants) | quantum (loaded); per layer too
  optimize_for: spacetime          # t_count | t_depth | qubits | spacetime (qubits × T-depth)
  schedule: serial                 # serial | parallel | {max_qubits: N}
  backward: false                  # true adds seed 000 appendix E's gradient costs
  overrides:                       # per-layer (fnmatch patterns on layer names)
    "layer4.*": {bits: 8, readout: {protocol: tomography_linf, delta: 0.02}}
    "layer1.*": {optimize_for: qubits}   # also weights, qram, frac_bits, schedule
  accuracy: {epsilon: 0.0125, failure: 0.01, precision: absolute}   # the error budget
  calibration: {rms: 1.0, layers: {"layer4.*": 2.0}}                # activation rms
  baseline: {flops_per_second: 1.0e14, profile: qubit_gate_ns_e3}   # speeds of the verdict
```

``accuracy``, ``calibration`` and ``baseline`` are read by qdl.estimators.budget and
qdl.estimators.network.{success,classical} (docs/network.md, "Error budget").

Layers are mappings with a ``type`` (see LAYER_TYPES) and an optional ``name``; ``residual``
holds a ``body`` and an optional ``shortcut`` list. Shapes are checked in
:mod:`qdl.estimators.network.graph`; this module only checks each value on its own.
"""

from __future__ import annotations

import difflib
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, model_validator

#: The QRAM models a network can read its inputs through (registry names, issue 4).
QRAM_MODELS = ("qrom", "select_swap", "qroam_clean", "bucket_brigade")
PRESETS = ("resnet18", "resnet34", "vit_tiny", "vit_b16")
#: classical: weights are compile-time constants (shift-and-add over their NAF, or a table);
#: quantum: weights live in a register / QRAM (the loaded-weight ``dot``) — docs/network.md
WEIGHTS = ("classical", "quantum")
#: what the lowering minimises where a layer has several constructions (docs/network.md)
OBJECTIVES = ("t_count", "t_depth", "qubits", "spacetime")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _LayerBase(_Strict):
    name: str | None = Field(None, min_length=1, description="shown in reports; default: type+index")


class Conv(_LayerBase):
    type: Literal["conv"]
    out_channels: PositiveInt
    kernel: PositiveInt = 3
    stride: PositiveInt = 1
    padding: int = Field(0, ge=0)


class BatchNorm(_LayerBase):
    type: Literal["batchnorm"]


class Relu(_LayerBase):
    type: Literal["relu"]


class MaxPool(_LayerBase):
    type: Literal["maxpool"]
    kernel: int = Field(2, ge=2)
    stride: PositiveInt | None = None
    padding: int = Field(0, ge=0)


class AvgPool(_LayerBase):
    type: Literal["avgpool"]
    #: global average pooling (a contraction over all positions: QLAM) when no kernel is given
    kernel: int | None = Field(None, ge=2)
    stride: PositiveInt | None = None


class Linear(_LayerBase):
    type: Literal["linear"]
    out_features: PositiveInt


class PatchEmbed(_LayerBase):
    type: Literal["patch_embed"]
    patch: int = Field(ge=1)
    dim: PositiveInt
    cls_token: bool = True


class Attention(_LayerBase):
    type: Literal["attention"]
    heads: PositiveInt


class LayerNorm(_LayerBase):
    type: Literal["layernorm"]


class Softmax(_LayerBase):
    type: Literal["softmax"]
    #: classical: normalise the measured scores classically (seed App. D.1); quantum: QAM
    mode: Literal["classical", "quantum"] = "classical"


class FeedForward(_LayerBase):
    type: Literal["ffn"]
    hidden: PositiveInt


class TokenSelect(_LayerBase):
    """Keep one token (the class token) of the classical readout: classical, no quantum cost."""

    type: Literal["token_select"]
    index: int = Field(0, ge=0)


class Residual(_LayerBase):
    type: Literal["residual"]
    body: list["LayerSpec"] = Field(min_length=1)
    #: empty: identity shortcut; otherwise e.g. a 1x1 strided conv and a batchnorm
    shortcut: list["LayerSpec"] = Field(default_factory=list)
    #: the final ReLU of a ResNet block (seed App. C step 3); transformers use false
    relu: bool = True


LayerSpec = Annotated[Union[Conv, BatchNorm, Relu, MaxPool, AvgPool, Linear, PatchEmbed,
                            Attention, LayerNorm, Softmax, FeedForward, TokenSelect, Residual],
                      Field(discriminator="type")]
Residual.model_rebuild()

LAYER_TYPES = ("conv", "batchnorm", "relu", "maxpool", "avgpool", "linear", "patch_embed",
               "attention", "layernorm", "softmax", "ffn", "token_select", "residual")


class InputShape(_Strict):
    """An image (channels, height, width) or a token sequence (tokens, dim)."""

    channels: PositiveInt | None = None
    height: PositiveInt | None = None
    width: PositiveInt | None = None
    tokens: PositiveInt | None = None
    dim: PositiveInt | None = None

    @model_validator(mode="after")
    def _one_kind(self):
        image = [self.channels, self.height, self.width]
        seq = [self.tokens, self.dim]
        if all(v is not None for v in image) and all(v is None for v in seq):
            return self
        if all(v is not None for v in seq) and all(v is None for v in image):
            return self
        raise ValueError("give either channels, height, width (an image) or tokens, dim "
                         "(a sequence)")


class Numerics(_Strict):
    bits: int = Field(16, ge=2, le=64, description="fixed-point word width")
    frac_bits: int = Field(8, ge=0, description="fractional bits")

    @model_validator(mode="after")
    def _fits(self):
        if self.frac_bits >= self.bits:
            raise ValueError(f"frac_bits ({self.frac_bits}) must be smaller than bits "
                             f"({self.bits}): the sign bit is not fractional")
        return self


class Readout(_Strict):
    protocol: Literal["tomography_linf", "tomography_l2", "dcd"] = "tomography_linf"
    delta: float | None = Field(None, gt=0, lt=1, description="tomography precision δ")
    rank: PositiveInt | None = Field(None, description="DCD rank r")
    epsilon: float | None = Field(None, gt=0, lt=1, description="DCD precision ε")
    failure: float = Field(0.01, gt=0, lt=1, description="DCD failure probability per coefficient")
    sign_stage: bool = True

    @model_validator(mode="after")
    def _consistent(self):
        if self.protocol == "dcd":
            if self.rank is None or self.epsilon is None:
                raise ValueError("the dcd protocol needs rank and epsilon")
            if self.delta is not None:
                raise ValueError("delta belongs to tomography; dcd takes rank and epsilon")
        else:
            if self.delta is None:
                raise ValueError(f"{self.protocol} needs delta (its precision)")
            if self.rank is not None or self.epsilon is not None:
                raise ValueError("rank and epsilon belong to dcd; tomography takes delta")
        return self

    @property
    def precision(self) -> float:
        return self.epsilon if self.protocol == "dcd" else self.delta  # type: ignore[return-value]


class MaxQubits(_Strict):
    """The least T-depth schedule of at most ``max_qubits`` logical qubits per stage."""

    max_qubits: PositiveInt


#: serial (one group), parallel (every term of a stage's sum at once) or a qubit cap
#: (qdl.estimators.network.schedule; docs/network.md, "Schedules")
Schedule = Literal["serial", "parallel"] | MaxQubits


class Override(_Strict):
    bits: int | None = Field(None, ge=2, le=64)
    frac_bits: int | None = Field(None, ge=0)
    readout: Readout | None = None
    qram: Literal[QRAM_MODELS] | None = None  # type: ignore[valid-type]
    weights: Literal[WEIGHTS] | None = None  # type: ignore[valid-type]
    #: this layer's objective where it has several constructions (default: the network's)
    optimize_for: Literal[OBJECTIVES] | None = None  # type: ignore[valid-type]
    schedule: Schedule | None = None


class VerifySize(_Strict):
    """The shrunken instance ``--verify`` builds and runs on Aer (the layer graph is kept)."""

    height: PositiveInt = 4
    width: PositiveInt = 4
    tokens: PositiveInt = 4
    #: at most this many channels / features per layer (and classes)
    channels: PositiveInt = 2
    heads: PositiveInt = 2
    hidden: PositiveInt = 2
    #: at most this kernel side (a 7×7 stem conv becomes 3×3; padding at most kernel // 2)
    kernel: PositiveInt = 3
    bits: int = Field(4, ge=2, le=16)
    frac_bits: int = Field(1, ge=0)
    #: the quantum softmax's own numerics: at (4, 1) its exponentials are 0, ½ or 1 and its
    #: outputs nearly all 0 or ½, so the check would say little; (6, 3) holds every (4, 1)
    #: input exactly and gives eighths (docs/network.md, "Verification")
    softmax_bits: int = Field(6, ge=3, le=8)
    softmax_frac_bits: int = Field(3, ge=0)
    seed: int = 7
    #: also run the full-size network in fixed point and float64 (per-layer drift section)
    drift: bool = False
    #: the stage --emit writes and --simulate runs (default: the first digital stage)
    stage: str | None = None

    @model_validator(mode="after")
    def _format(self):
        if self.frac_bits >= self.bits:
            raise ValueError(f"verify frac_bits ({self.frac_bits}) must be below bits ({self.bits})")
        if self.softmax_frac_bits > self.softmax_bits - 2:
            raise ValueError(f"verify softmax_frac_bits ({self.softmax_frac_bits}) must be at "
                             f"most softmax_bits − 2 ({self.softmax_bits - 2}): the softmax's "
                             "1 must be a positive signed value")
        return self


class FailureSplit(_Strict):
    """Shares of ``accuracy.failure``: readout estimates, rotation synthesis, the hardware's
    logical errors and T distillation (the physical estimate's budget)."""

    readout: float = Field(0.5, gt=0, lt=1)
    rotations: float = Field(0.25, gt=0, lt=1)
    hardware: float = Field(0.25, gt=0, lt=1)

    @model_validator(mode="after")
    def _sums_to_one(self):
        total = self.readout + self.rotations + self.hardware
        if abs(total - 1) > 1e-9:
            raise ValueError(f"the failure shares add up to {total:g}, not 1")
        return self


class Accuracy(_Strict):
    """One error budget for the whole model (qdl.estimators.budget)."""

    epsilon: float | None = Field(None, gt=0, lt=1, description="precision of every stage's "
                                  "readout, all parts together; default: the readout's own "
                                  "precision / readout_share")
    failure: float = Field(0.01, gt=0, lt=1, description="probability that any guarantee of "
                           "the network fails (union bound over all parts)")
    precision: Literal["absolute", "per_entry"] = Field(
        "absolute", description="absolute: ε on the unit vector; per_entry: ε relative to the "
        "typical entry 1/√size (the readout's ε/δ is divided by √size)")
    readout_share: float = Field(0.8, gt=0, le=1, description="share of epsilon the readout's "
                                 "estimation gets when epsilon is not given")
    failure_split: FailureSplit = FailureSplit()
    qram_error_rate: float = Field(1e-6, gt=0, lt=1, description="bucket-brigade QRAM: "
                                   "amplitude-damping γ per time step and qubit (App. F)")
    enforce: bool = Field(True, description="false: a budget that cannot be met is reported "
                          "(budget.violations) instead of refused; for toy numerics built to "
                          "be verified on Aer")


class Calibration(_Strict):
    """What the success amplitudes depend on: activation sizes, attention's post-selection."""

    rms: float = Field(1.0, gt=0, description="rms of a stage's output entries (value units)")
    layers: dict[str, float] = Field(default_factory=dict, description="rms per layer-name "
                                     "pattern (fnmatch), last match wins")
    attention_success: float | None = Field(None, gt=0, le=1, description="A·V post-selection "
                                            "‖AV‖²/(α‖V‖)²; default 1/N")
    source: Literal["rms", "forward"] = Field(
        "rms", description="rms: σ from rms/layers; forward: σ per stage and the A·V "
        "post-selection measured on the float forward pass of a seeded input (seeded weights "
        "of variance 1/fan-in), and the error propagation bound from those weights' norms")
    seed: int = Field(7, description="seed of the forward pass's input and weights")

    @model_validator(mode="after")
    def _positive(self):
        bad = [k for k, v in self.layers.items() if not v > 0]
        if bad:
            raise ValueError(f"calibration rms of '{bad[0]}' must be positive")
        return self


class Baseline(_Strict):
    """Speeds of the quantum-versus-classical verdict."""

    flops_per_second: float = Field(1e14, gt=0, description="classical FLOP/s (both the "
                                    "classical network and the hybrid loop's classical work)")
    profile: str = Field("qubit_gate_ns_e3", description="qubit profile giving the logical "
                         "cycle time of one T layer")


class NetworkSpec(_Strict):
    preset: Literal[PRESETS] | None = None  # type: ignore[valid-type]
    layers: list[LayerSpec] | None = None
    input: InputShape
    numerics: Numerics = Numerics()
    readout: Readout
    qram: Literal[QRAM_MODELS] = "qrom"  # type: ignore[valid-type]
    weights: Literal[WEIGHTS] = "classical"  # type: ignore[valid-type]
    #: spacetime = qubits × T-depth of one execution
    optimize_for: Literal[OBJECTIVES] = "spacetime"  # type: ignore[valid-type]
    schedule: Schedule = "serial"
    backward: bool = False
    #: classes of the preset's classifier head (presets only)
    classes: PositiveInt = 1000
    overrides: dict[str, Override] = Field(default_factory=dict)
    verify: VerifySize = VerifySize()
    accuracy: Accuracy = Accuracy()
    calibration: Calibration = Calibration()
    baseline: Baseline = Baseline()

    @model_validator(mode="after")
    def _preset_or_layers(self):
        if (self.preset is None) == (self.layers is None):
            raise ValueError("give exactly one of 'preset' and 'layers'")
        return self


class NetworkModel(_Strict):
    name: str = Field(min_length=1)
    network: NetworkSpec


def unknown_layer_type(data: Any, at: tuple = ("network", "layers")) -> tuple[tuple, str] | None:
    """The path and message of the first layer whose ``type`` is not a known layer, if any.

    Checked before validation so the error names the closest type instead of pydantic's list
    of union tags."""
    if not isinstance(data, list):
        return None
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            continue
        kind = item.get("type")
        if kind is None:
            return at + (i,), "layer without a 'type'"
        if kind not in LAYER_TYPES:
            close = difflib.get_close_matches(str(kind), LAYER_TYPES, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"use one of {', '.join(LAYER_TYPES)}"
            return at + (i, "type"), f"unknown layer type '{kind}' ({hint})"
        for key in ("body", "shortcut"):
            found = unknown_layer_type(item.get(key), at + (i, key))
            if found:
                return found
    return None
