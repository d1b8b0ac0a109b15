"""Shape inference and the layer graph (a networkx DiGraph; residual branches are edges).

Every layer of the spec (residual blocks flattened into their body, shortcut and an ``add``
node) becomes a :class:`Node` with its input and output :class:`Shape`, in execution order.
A shape that does not fit is a located error pointing at the layer's line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import networkx as nx

from qdl.errors import ModelError


@dataclass(frozen=True)
class Shape:
    """An image (channels, height, width) or a token sequence (tokens, dim)."""

    kind: str  # "image" | "tokens"
    a: int     # channels | tokens
    b: int     # height   | dim
    c: int = 1  # width    | unused

    @staticmethod
    def image(channels: int, height: int, width: int) -> "Shape":
        return Shape("image", channels, height, width)

    @staticmethod
    def tokens(tokens: int, dim: int) -> "Shape":
        return Shape("tokens", tokens, dim)

    @property
    def positions(self) -> int:
        """N: the large dimension the index register ranges over."""
        return self.b * self.c if self.kind == "image" else self.a

    @property
    def features(self) -> int:
        """d: the small dimension handled arithmetically at each position."""
        return self.a if self.kind == "image" else self.b

    @property
    def elements(self) -> int:
        return self.positions * self.features

    def __str__(self) -> str:
        if self.kind == "image":
            return f"{self.a}x{self.b}x{self.c}"
        return f"{self.a} tokens x {self.b}"


@dataclass(frozen=True)
class Node:
    name: str
    layer: Any  # a spec layer model, or the string "add" for a residual join
    path: tuple  # YAML path of the layer, for error lines
    inp: Shape
    out: Shape
    #: for an add node: the residual spec (its relu flag) and the shortcut's output shape
    residual: Any = None

    @property
    def type(self) -> str:
        return "add" if self.layer == "add" else self.layer.type


class ShapeError(ModelError):
    pass


def _err(what: str, fix: str, path: tuple) -> ShapeError:
    err = ShapeError(what, fix)
    err.path = path  # type: ignore[attr-defined]
    return err


def _out_size(size: int, kernel: int, stride: int, padding: int, what: str, path: tuple) -> int:
    out = (size + 2 * padding - kernel) // stride + 1
    if out < 1:
        raise _err(f"{what}: kernel {kernel} does not fit an input of size {size} "
                   f"(padding {padding})", "use a smaller kernel or more padding", path)
    return out


def infer(layer: Any, shape: Shape, path: tuple) -> Shape:
    """The output shape of ``layer`` on ``shape`` (residual blocks are handled by the walker)."""
    t = layer.type
    if t in ("conv", "maxpool", "patch_embed") or (t == "avgpool" and layer.kernel):
        if shape.kind != "image":
            raise _err(f"{t} needs an image input, got {shape}", "put it before patch_embed",
                       path)
    if t == "conv":
        h = _out_size(shape.b, layer.kernel, layer.stride, layer.padding, "conv", path)
        w = _out_size(shape.c, layer.kernel, layer.stride, layer.padding, "conv", path)
        return Shape.image(layer.out_channels, h, w)
    if t == "maxpool" or t == "avgpool":
        if t == "avgpool" and layer.kernel is None:
            return Shape.image(shape.features, 1, 1) if shape.kind == "image" else \
                Shape.tokens(1, shape.features)
        stride = layer.stride or layer.kernel
        pad = getattr(layer, "padding", 0)
        h = _out_size(shape.b, layer.kernel, stride, pad, t, path)
        w = _out_size(shape.c, layer.kernel, stride, pad, t, path)
        return Shape.image(shape.a, h, w)
    if t == "patch_embed":
        if shape.b % layer.patch or shape.c % layer.patch:
            raise _err(f"patch {layer.patch} does not divide the image {shape.b}x{shape.c}",
                       "choose a patch size that divides height and width", path)
        n = (shape.b // layer.patch) * (shape.c // layer.patch) + int(layer.cls_token)
        return Shape.tokens(n, layer.dim)
    if t == "linear":
        if shape.kind == "image":
            if shape.positions != 1:
                raise _err(f"linear needs a vector or tokens, got the image {shape}",
                           "add a global avgpool before it", path)
            return Shape.image(layer.out_features, 1, 1)
        return Shape.tokens(shape.a, layer.out_features)
    if t in ("attention", "ffn", "token_select"):
        if shape.kind != "tokens":
            raise _err(f"{t} needs a token sequence, got the image {shape}",
                       "add a patch_embed layer first", path)
    if t == "attention" and shape.b % layer.heads:
        raise _err(f"{layer.heads} heads do not divide the dimension {shape.b}",
                   "choose a number of heads that divides dim", path)
    if t == "token_select":
        if layer.index >= shape.a:
            raise _err(f"token {layer.index} of a sequence of {shape.a}",
                       f"use an index below {shape.a}", path)
        return Shape.tokens(1, shape.b)
    return shape  # batchnorm, relu, layernorm, softmax, attention, ffn keep the shape


def walk(layers: list, shape: Shape, paths: list[tuple], prefix: str = "") -> list[Node]:
    """Flatten ``layers`` into nodes in execution order, inferring every shape."""
    nodes: list[Node] = []
    for layer, path, name in zip(layers, paths, layer_names(layers, prefix)):
        if layer.type == "residual":
            body = walk(layer.body, shape, _sub(path, "body", len(layer.body)), name + ".")
            short = walk(layer.shortcut, shape, _sub(path, "shortcut", len(layer.shortcut)),
                         name + ".")
            body_out = body[-1].out
            short_out = short[-1].out if short else shape
            if body_out != short_out:
                raise _err(f"residual '{name}': the body gives {body_out} but the shortcut "
                           f"gives {short_out}", "add a projection shortcut, a 1x1 conv, that "
                           "matches the body's output", path)
            nodes += body + short
            nodes.append(Node(name + ".add", "add", path, body_out, body_out, residual=layer))
            shape = body_out
        else:
            out = infer(layer, shape, path)
            nodes.append(Node(name, layer, path, shape, out))
            shape = out
    return nodes


def layer_names(layers: list, prefix: str) -> list[str]:
    """Report names: the given name, else the type numbered from its second use (relu, relu2)."""
    seen: dict[str, int] = {}
    names = []
    for layer in layers:
        base = layer.name or layer.type
        seen[base] = seen.get(base, 0) + 1
        names.append(prefix + (base if layer.name or seen[base] == 1 else f"{base}{seen[base]}"))
    return names


def _sub(path: tuple, key: str, n: int) -> list[tuple]:
    if path and path[-1] == "preset":
        return [path] * n  # preset layers all point at the preset line
    return [path + (key, i) for i in range(n)]


def build_graph(layers: list, shape: Shape, paths: list[tuple]) -> tuple[list[Node], nx.DiGraph]:
    """The nodes and the DiGraph: a chain, plus one edge per residual branch (block input →
    first shortcut layer, or → the add node for an identity shortcut)."""
    nodes = walk(layers, shape, paths)
    g = nx.DiGraph()
    g.add_node("input", shape=str(shape))
    for node in nodes:
        g.add_node(node.name, type=node.type, inp=str(node.inp), out=str(node.out))
    _chain(g, layers, "input", "")
    return nodes, g


def _chain(g: nx.DiGraph, layers: list, prev: str, prefix: str) -> str:
    for layer, name in zip(layers, layer_names(layers, prefix)):
        if layer.type == "residual":
            body_end = _chain(g, layer.body, prev, name + ".")
            short_end = _chain(g, layer.shortcut, prev, name + ".") if layer.shortcut else prev
            g.add_edge(body_end, name + ".add", branch="main")
            g.add_edge(short_end, name + ".add", branch="shortcut")
            prev = name + ".add"
        else:
            g.add_edge(prev, name)
            prev = name
    return prev


def index_bits(n: int) -> int:
    """Qubits of an index register over n positions."""
    return max(0, math.ceil(math.log2(n))) if n > 1 else 0
