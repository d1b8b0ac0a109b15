"""Read a model file safely and remember the line of every key and item.

PyYAML composes the document into nodes (which carry line marks), then its *safe* constructor
turns the nodes into plain Python values, so tags such as ``!!python/object`` are rejected.
Aliases are expanded lazily by the composer (an alias is the same node object), so a
400-byte "billion laughs" document composes instantly but expands to 10^9 values: the
:class:`_BoundedLoader` counts the expanded size of every node as it is composed and refuses
beyond ``limits.get("yaml_nodes")`` values or ``yaml_depth`` levels of nesting, at the line
where the limit is crossed. Every float must be finite and every integer convertible to one
(``.inf``, ``.nan``, ``1e400`` and a 400-digit integer are refused at their line).

The :class:`LineMap` maps a path of keys and indices (``("params", "bits")``) to the line it
was written on, so a validation error can point at ``model.yaml:4``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from qdl.compiler import inputs, limits
from qdl.errors import ModelError, shown

#: Model files larger than this are refused before parsing (they are hand-written YAML; large
#: data belongs in .npy/.csv files referenced from the model). ``--limit model_bytes=N`` raises it.
MAX_FILE_BYTES = limits.LIMITS["model_bytes"].default

Path_ = tuple[Any, ...]


@dataclass
class LineMap:
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int | None:
        """Line of ``path``, or of its nearest written ancestor."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


@dataclass
class YamlDocument:
    path: str
    data: Any
    lines: LineMap

    def error(self, what: str, fix: str | None = None, at: Path_ = ()) -> ModelError:
        """A ModelError located at the line where ``at`` was written."""
        return ModelError(what, fix, file=self.path, line=self.lines.line(at))


def _walk(node: yaml.Node, path: Path_, lines: LineMap, file: str) -> None:
    lines.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise ModelError("a key must be a plain name", "write 'key: value'", file=file,
                                 line=key_node.start_mark.line + 1)
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                raise ModelError(f"key '{shown(key)}' given twice (first on line {seen[key]})",
                                 "remove one of them", file=file, line=line)
            seen[key] = line
            _walk(value_node, path + (key,), lines, file)
            lines.lines[path + (key,)] = line
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), lines, file)


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that refuses alias bombs and deep nesting while composing."""

    def __init__(self, stream, file: str):
        super().__init__(stream)
        self.file = file
        self.depth = 0
        self.sizes: dict[int, int] = {}
        self.max_nodes = limits.get("yaml_nodes")
        self.max_depth = limits.get("yaml_depth")

    def compose_node(self, parent, index):
        self.depth += 1
        if self.depth > self.max_depth:
            mark = self.peek_event().start_mark
            raise ModelError(f"nested more than {self.max_depth} levels deep",
                             "flatten the document, or raise --limit yaml_depth=N",
                             file=self.file, line=mark.line + 1)
        node = super().compose_node(parent, index)
        self.depth -= 1
        if id(node) not in self.sizes:
            children = (node.value if isinstance(node, yaml.SequenceNode) else
                        [n for pair in node.value for n in pair]
                        if isinstance(node, yaml.MappingNode) else [])
            size = 1 + sum(self.sizes.get(id(c), 1) for c in children)
            if size > self.max_nodes:
                raise ModelError(f"expands to more than {self.max_nodes:,} values (YAML "
                                 "aliases repeat what they point to)", "write the data out "
                                 "or use a .npy/.csv file, or raise --limit yaml_nodes=N",
                                 file=self.file, line=node.start_mark.line + 1)
            self.sizes[id(node)] = size
        return node

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except ValueError as exc:  # an !!int / !!float tag on text, or too many digits
            text = node.value if isinstance(node.value, str) else node.tag
            raise ModelError(f"cannot read {shown(text)!r} as {node.tag.rpartition(':')[2]}: "
                             f"{shown(exc, 100)}",
                             "check the number and remove any '!!' tag", file=self.file,
                             line=node.start_mark.line + 1) from None


def _check_numbers(data: Any, path: Path_, doc: "YamlDocument") -> None:
    """Refuse non-finite floats and integers beyond the float range anywhere in ``data``."""
    if isinstance(data, dict):
        for key, value in data.items():
            _check_numbers(value, path + (key,), doc)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            _check_numbers(value, path + (i,), doc)
    elif isinstance(data, float) and not math.isfinite(data):
        where = ".".join(str(p) for p in path) or "the value"
        raise doc.error(f"{where} is {data} (YAML .inf/.nan, or a number beyond ±1.8e308), "
                        "not a finite number", "give a finite value", path)
    elif isinstance(data, int) and not isinstance(data, bool) and data.bit_length() > 1000:
        where = ".".join(str(p) for p in path) or "the value"
        raise doc.error(f"{where} is an integer of {len(str(data)):,} digits, beyond any size "
                        "qdl can use", "give a smaller value", path)


def load_yaml(path: str | Path) -> YamlDocument:
    """Parse ``path`` with the safe loader; every failure is a one-line ModelError."""
    name = str(path)
    text = inputs.read_text(path, limit="model_bytes", what="model file")
    if not text.strip():
        raise ModelError("the file is empty", "see docs/model-format.md for what a model needs",
                         file=name, line=1)
    try:
        loader = _BoundedLoader(text, name)
        try:
            node = loader.get_single_node()
            if node is None:
                raise ModelError("the file holds no YAML document (only comments?)",
                                 "see docs/model-format.md", file=name, line=1)
            lines = LineMap()
            _walk(node, (), lines, name)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = shown((exc.problem or str(exc)).strip(), 200)
        if "could not determine a constructor" in problem or "tag" in problem:
            raise ModelError(f"unsupported YAML tag ({problem})",
                             "qdl reads plain YAML only: remove the '!!' tag", file=name,
                             line=line) from None
        raise ModelError(f"YAML syntax error: {problem}",
                         "check indentation and quoting", file=name, line=line) from None
    except yaml.reader.ReaderError as exc:  # a control character the YAML spec forbids
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise ModelError(f"character {shown(repr(char))} is not allowed in YAML",
                         "remove it: YAML allows tab, newline and printable characters",
                         file=name, line=text.count("\n", 0, exc.position) + 1) from None
    except yaml.YAMLError as exc:
        raise ModelError(f"YAML error: {shown(exc, 200)}", "check the file's syntax",
                         file=name) from None
    except ValueError as exc:  # a constructor's conversion (an !!int tag on text, huge digits)
        raise ModelError(f"a value cannot be read: {shown(exc, 120)}",
                         "check the numbers and remove '!!' tags", file=name) from None
    except RecursionError:
        raise ModelError("YAML nested too deeply", "flatten the document", file=name) from None
    doc = YamlDocument(name, data, lines)
    _check_numbers(data, (), doc)
    return doc
