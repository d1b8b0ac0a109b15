"""Preset architectures as plain layer lists (validated by the same schema as a user's list).

ResNet-18/34 follow He et al., CVPR 2016, Table 1 (basic blocks; 1x1 strided projection
shortcuts where the shape changes); ViT-Tiny/B-16 follow Dosovitskiy et al., ICLR 2021,
Table 1 (pre-norm encoder blocks, class token) and Touvron et al. 2021 (DeiT-Tiny: dim 192,
3 heads). Names match torchvision / timm module names so overrides read naturally.
"""

from __future__ import annotations

from typing import Any

RESNET_STAGES = {"resnet18": (2, 2, 2, 2), "resnet34": (3, 4, 6, 3)}
#: (dim, depth, heads, mlp hidden, patch)
VIT_CONFIGS = {"vit_tiny": (192, 12, 3, 768, 16), "vit_b16": (768, 12, 12, 3072, 16)}


def _basic_block(name: str, channels: int, stride: int, project: bool) -> dict[str, Any]:
    body = [
        {"type": "conv", "name": "conv1", "out_channels": channels, "kernel": 3,
         "stride": stride, "padding": 1},
        {"type": "batchnorm", "name": "bn1"},
        {"type": "relu", "name": "relu"},
        {"type": "conv", "name": "conv2", "out_channels": channels, "kernel": 3, "padding": 1},
        {"type": "batchnorm", "name": "bn2"},
    ]
    shortcut = [{"type": "conv", "name": "downsample.0", "out_channels": channels, "kernel": 1,
                 "stride": stride},
                {"type": "batchnorm", "name": "downsample.1"}] if project else []
    return {"type": "residual", "name": name, "body": body, "shortcut": shortcut, "relu": True}


def resnet(preset: str, classes: int) -> list[dict[str, Any]]:
    layers: list[dict[str, Any]] = [
        {"type": "conv", "name": "conv1", "out_channels": 64, "kernel": 7, "stride": 2,
         "padding": 3},
        {"type": "batchnorm", "name": "bn1"},
        {"type": "relu", "name": "relu"},
        {"type": "maxpool", "name": "maxpool", "kernel": 3, "stride": 2, "padding": 1},
    ]
    for stage, blocks in enumerate(RESNET_STAGES[preset]):
        channels = 64 << stage
        for i in range(blocks):
            first = i == 0 and stage > 0
            layers.append(_basic_block(f"layer{stage + 1}.{i}", channels, 2 if first else 1,
                                       project=first))
    layers += [{"type": "avgpool", "name": "avgpool"},
               {"type": "linear", "name": "fc", "out_features": classes}]
    return layers


def vit(preset: str, classes: int) -> list[dict[str, Any]]:
    dim, depth, heads, hidden, patch = VIT_CONFIGS[preset]
    layers: list[dict[str, Any]] = [
        {"type": "patch_embed", "name": "patch_embed", "patch": patch, "dim": dim}]
    for i in range(depth):
        layers.append({"type": "residual", "name": f"blocks.{i}.attn", "relu": False,
                       "body": [{"type": "layernorm", "name": "norm1"},
                                {"type": "attention", "name": "attn", "heads": heads}]})
        layers.append({"type": "residual", "name": f"blocks.{i}.mlp", "relu": False,
                       "body": [{"type": "layernorm", "name": "norm2"},
                                {"type": "ffn", "name": "mlp", "hidden": hidden}]})
    layers += [{"type": "layernorm", "name": "norm"},
               {"type": "token_select", "name": "cls"},
               {"type": "linear", "name": "head", "out_features": classes}]
    return layers


def preset_layers(preset: str, classes: int) -> list[dict[str, Any]]:
    return resnet(preset, classes) if preset.startswith("resnet") else vit(preset, classes)
