"""Read a model file safely and remember the line of every key and item.

PyYAML composes the document into nodes (which carry line marks), then its *safe* constructor
turns the nodes into plain Python values, so tags such as ``!!python/object`` are rejected.
The :class:`LineMap` maps a path of keys and indices (``("params", "bits")``) to the line it
was written on, so a validation error can point at ``model.yaml:4``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from qdl.errors import ModelError

#: Model files larger than this are refused before parsing (they are hand-written YAML; large
#: data belongs in .npy/.csv files referenced from the model).
MAX_FILE_BYTES = 1 << 20

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
                raise ModelError(f"key '{key}' given twice (first on line {seen[key]})",
                                 "remove one of them", file=file, line=line)
            seen[key] = line
            _walk(value_node, path + (key,), lines, file)
            lines.lines[path + (key,)] = line
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), lines, file)


def load_yaml(path: str | Path) -> YamlDocument:
    """Parse ``path`` with the safe loader; every failure is a one-line ModelError."""
    name = str(path)
    p = Path(path)
    if not p.exists():
        raise ModelError("no such file", "check the path", file=name)
    if p.is_dir():
        raise ModelError("is a directory, not a model file", "give the path of a .yaml file",
                         file=name)
    size = p.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ModelError(f"file is {size:,} bytes, more than the {MAX_FILE_BYTES:,} a model "
                         "file may have", "put large data in a .npy or .csv file and reference it",
                         file=name)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ModelError(f"not UTF-8 text (byte {exc.start})", "save the file as UTF-8",
                         file=name) from None
    except OSError as exc:
        raise ModelError(f"cannot read: {exc.strerror}", "check the file's permissions",
                         file=name) from None
    if not text.strip():
        raise ModelError("the file is empty", "see docs/model-format.md for what a model needs",
                         file=name, line=1)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is None:
            raise ModelError("the file holds no YAML document (only comments?)",
                             "see docs/model-format.md", file=name, line=1)
        lines = LineMap()
        _walk(node, (), lines, name)
        loader = yaml.SafeLoader("")
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = (exc.problem or str(exc)).strip()
        if "could not determine a constructor" in problem or "tag" in problem:
            raise ModelError(f"unsupported YAML tag ({problem})",
                             "qdl reads plain YAML only: remove the '!!' tag", file=name,
                             line=line) from None
        raise ModelError(f"YAML syntax error: {problem}",
                         "check indentation and quoting", file=name, line=line) from None
    except yaml.YAMLError as exc:
        raise ModelError(f"YAML error: {exc}", "check the file's syntax", file=name) from None
    except RecursionError:
        raise ModelError("YAML nested too deeply", "flatten the document", file=name) from None
    return YamlDocument(name, data, lines)
