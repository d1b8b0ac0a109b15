"""Model files: recognise the kind of model, validate it, and point every error at its line.

A model file is a YAML mapping with a ``name`` and one key that says what it describes
(``primitive:`` for a single primitive; other kinds register their own key). Each kind is a
:class:`ModelKind` in ``qdl.compiler.kinds``: a pydantic schema for the file and a function
that compiles the validated spec into a :class:`~qdl.compiler.report.Report`. Kinds register
themselves on import; this module imports every module of that package on first use.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from qdl.compiler.yamlfile import YamlDocument, load_yaml
from qdl.errors import ModelError
from qdl.plugins import Registry


@dataclass
class CompileOptions:
    """What the command line asked for, as seen by every model kind."""

    verify: bool = False
    count_from: str = "hierarchy"
    #: options added by later features (physical estimate, optimisation, ...) by name
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ModelKind:
    name: str
    #: the top-level key whose presence identifies this kind
    key: str
    schema: type[BaseModel]
    compile: Callable[[BaseModel, YamlDocument, CompileOptions], Any]
    summary: str


_KINDS: Registry[ModelKind] = Registry("model kind", "qdl.compiler.kinds")


def register_kind(kind: ModelKind) -> ModelKind:
    return _KINDS.add(kind.name, kind)


def kinds() -> dict[str, ModelKind]:
    return _KINDS.items()


def validate(schema: type[BaseModel], data: Any, doc: YamlDocument, at: tuple = ()) -> Any:
    """``schema.model_validate(data)``, with the first error turned into a located ModelError.

    The validation context carries ``base_dir``, the model file's folder, against which data
    file paths are resolved (qdl.circuits.data)."""
    try:
        return schema.model_validate(data, context={"base_dir": str(Path(doc.path).parent)})
    except ValidationError as exc:
        raise pydantic_error(exc, schema, doc, at) from None


def pydantic_error(exc: ValidationError, schema: type[BaseModel], doc: YamlDocument,
                   at: tuple = ()) -> ModelError:
    err = exc.errors()[0]
    loc = at + tuple(err["loc"])
    where = ".".join(str(p) for p in loc) or "the file"
    kind = err["type"]
    if kind == "extra_forbidden":
        key = loc[-1]
        fields = _fields_at(schema, tuple(err["loc"])[:-1])
        close = difflib.get_close_matches(str(key), fields, n=1)
        fix = (f"did you mean '{close[0]}'?" if close else
               f"allowed keys: {', '.join(fields)}" if fields else "remove it")
        return doc.error(f"unknown key '{where}'", fix, loc)
    if kind == "missing":
        return doc.error(f"missing required key '{where}'", "add it", loc[:-1])
    given = err.get("input")
    shown = repr(given) if not isinstance(given, (dict, list)) else type(given).__name__
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return doc.error(f"{where}: {err['msg']} (got {shown})", _hint(err), loc)


def _hint(err: dict) -> str:
    ctx = err.get("ctx") or {}
    if "expected" in ctx:
        return f"use one of {ctx['expected']}"
    if "le" in ctx:
        return f"use a value at most {ctx['le']:,}" if isinstance(ctx["le"], int) else "lower it"
    if "ge" in ctx:
        return f"use a value at least {ctx['ge']}"
    if err["type"].endswith("_type") or err["type"].endswith("_parsing"):
        return "check the value's type in docs/model-format.md"
    return "see docs/model-format.md"


def _fields_at(schema: type[BaseModel], path: tuple) -> list[str]:
    model: Any = schema
    for part in path:
        info = getattr(model, "model_fields", {}).get(part)
        if info is None:
            return []
        model = info.annotation
    return list(getattr(model, "model_fields", {}))


def load_model(path: str | dict, base_dir: str | None = None
               ) -> tuple[ModelKind, Any, YamlDocument]:
    """Read and validate a model file: (its kind, the validated spec, the document).

    ``path`` may also be the model itself as a mapping (the Python API); it is then named
    ``<model>`` in errors, and data file paths in it resolve against ``base_dir`` (default:
    the current directory)."""
    if isinstance(path, dict):
        from qdl.compiler.yamlfile import LineMap

        where = str(Path(base_dir or ".") / "<model>")
        doc = YamlDocument(where, path, LineMap())
    else:
        doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise doc.error(f"a model file must be a mapping of keys, not a {type(doc.data).__name__}",
                        "start with 'name: ...' on the first line")
    table = kinds()
    explicit = doc.data.get("kind")
    if explicit is not None:
        kind = table.get(explicit) if isinstance(explicit, str) else None
        if kind is None:
            close = difflib.get_close_matches(str(explicit), table, n=1)
            raise doc.error(f"unknown model kind '{explicit}'",
                            f"did you mean '{close[0]}'?" if close else
                            f"use one of {', '.join(sorted(table))}", ("kind",))
    else:
        found = [k for k in table.values() if k.key in doc.data]
        if not found:
            known = sorted(k.key for k in table.values())
            for key in doc.data:
                close = difflib.get_close_matches(str(key), known, n=1)
                if close:
                    raise doc.error(f"unknown key '{key}'", f"did you mean '{close[0]}'?", (key,))
            raise doc.error("cannot tell what this model describes",
                            f"add one of the keys: {', '.join(known)}")
        if len(found) > 1:
            both = " and ".join(f"'{k.key}'" for k in found)
            raise doc.error(f"the file has both {both}", "a model file describes one thing",
                            (found[1].key,))
        kind = found[0]
    data = {k: v for k, v in doc.data.items() if k != "kind"}
    spec = validate(kind.schema, data, doc)
    return kind, spec, doc
