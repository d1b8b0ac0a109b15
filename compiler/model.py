"""Model files: recognise the kind of model, validate it, and point every error at its line.

A model file is a YAML mapping with a ``name`` and one key that says what it describes
(``primitive:`` for a single primitive; other kinds register their own key). Each kind is a
:class:`ModelKind` in ``qdl.compiler.kinds``: a pydantic schema for the file and a function
that compiles the validated spec into a :class:`~qdl.compiler.report.Report`. Kinds register
themselves on import. A kind is named after its key, so reading a model imports only the
module that declares it (:meth:`qdl.plugins.Registry.declared`); every kind's module is
imported only to list them (an unknown key, a misspelt ``kind:``).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.functional_validators import BeforeValidator, PlainValidator, WrapValidator

from qdl.compiler.yamlfile import YamlDocument, load_yaml
from qdl.errors import ModelError, shown
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
    if kind.key != kind.name:  # load_model looks a file's top-level keys up as kind names
        raise RuntimeError(f"model kind {kind.name!r} has key {kind.key!r}: name a kind after "
                           "its key")
    return _KINDS.add(kind.name, kind)


def kinds() -> dict[str, ModelKind]:
    return _KINDS.items()


def validate(schema: type[BaseModel], data: Any, doc: YamlDocument, at: tuple = ()) -> Any:
    """``schema.model_validate(data)``, with the first error turned into a located ModelError.

    The validation context carries ``base_dir``, the model file's folder, against which data
    file paths are resolved (qdl.circuits.data)."""
    check_number_types(schema, data, doc, at)
    try:
        return schema.model_validate(data, context={"base_dir": str(Path(doc.path).parent)})
    except ValidationError as exc:
        raise pydantic_error(exc, schema, doc, at) from None


def _custom(annotation: Any) -> bool:
    """True for ``Annotated[..., BeforeValidator(...)]`` and kin: the field reads its input
    itself (data file paths, expressions such as ``3*pi/8``)."""
    return get_origin(annotation) is Annotated and any(
        isinstance(m, _READERS) for m in annotation.__metadata__)


_READERS = (BeforeValidator, PlainValidator, WrapValidator)


def _numeric(annotation: Any) -> bool:
    """True for an annotation that takes only numbers (int, float, or an Optional of them)."""
    if _custom(annotation):
        return False
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if annotation in (int, float):
        return True
    if get_origin(annotation) in (Union, UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        return bool(members) and all(_numeric(a) for a in members)
    return False


def check_number_types(annotation: Any, data: Any, doc: YamlDocument, path: tuple) -> None:
    """Refuse ``true``/``false`` and quoted text where the schema wants a number.

    pydantic's lax mode reads ``bits: true`` as 1 and ``epsilon: 'nan'`` as NaN; a model file
    that says either is wrong, so the value is refused at its line before validation. The walk
    follows the schema's nested models, lists, tuples and dicts."""
    if _custom(annotation):
        return
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if isinstance(data, dict):
            fields = {**annotation.model_fields,
                      **{f.alias: f for f in annotation.model_fields.values() if f.alias}}
            for key, value in data.items():
                info = fields.get(key)
                if info is not None and not any(isinstance(m, _READERS) for m in info.metadata):
                    check_number_types(info.annotation, value, doc, path + (key,))
        return
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, UnionType) and not _numeric(annotation):
        for member in args:  # follow the member the value's shape selects
            inner = member
            while get_origin(inner) is Annotated:
                inner = get_args(inner)[0]
            is_model = isinstance(inner, type) and issubclass(inner, BaseModel)
            if (isinstance(data, dict) and is_model) \
                    or (isinstance(data, list) and get_origin(inner) in (list, tuple)):
                check_number_types(member, data, doc, path)
                return
        return
    if origin in (list, tuple) and isinstance(data, list) and args:
        for i, item in enumerate(data):
            element = args[0] if origin is list or args[-1] is Ellipsis else \
                args[i] if i < len(args) else None
            check_number_types(element, item, doc, path + (i,))
        return
    if origin is dict and isinstance(data, dict) and len(args) == 2:
        for key, value in data.items():
            check_number_types(args[1], value, doc, path + (key,))
        return
    if _numeric(annotation) and (isinstance(data, bool) or
                                 isinstance(data, str) and not _finite_text(data)):
        where = ".".join(str(p) for p in path) or "the value"
        raise doc.error(f"{where}: expected a finite number, got {shown(repr(data), 60)}",
                        "write a plain number such as 0.01 or 1e15" if isinstance(data, str)
                        else "true/false is not a number here", path)


#: a decimal number as text: PyYAML reads ``1e15`` (no exponent sign) as a string, which is
#: still a number the user meant; ``nan``, ``inf`` and ``1e400`` are not.
_NUMBER = re.compile(r"\s*[-+]?(\d[\d_]*\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


def _finite_text(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text)) and math.isfinite(float(text.replace("_", "")))


def pydantic_error(exc: ValidationError, schema: type[BaseModel], doc: YamlDocument,
                   at: tuple = ()) -> ModelError:
    err = exc.errors()[0]
    loc = at + tuple(err["loc"])
    where = ".".join(str(p) for p in loc) or "the file"
    kind = err["type"]
    if kind == "extra_forbidden":
        key = loc[-1]
        fields = _fields_at(schema, tuple(err["loc"])[:-1])
        close = difflib.get_close_matches(str(key)[:100], fields, n=1)
        fix = (f"did you mean '{close[0]}'?" if close else
               f"allowed keys: {', '.join(fields)}" if fields else "remove it")
        return doc.error(f"unknown key '{shown(where)}'", fix, loc)
    if kind == "missing":
        return doc.error(f"missing required key '{shown(where)}'", "add it", loc[:-1])
    given = err.get("input")
    msg = shown(err["msg"].removeprefix("Value error, "), 200)
    if isinstance(given, (dict, list)):  # a cross-field check: the message says it all
        return doc.error(f"{shown(where)}: {msg}", _hint(err), loc)
    return doc.error(f"{shown(where)}: {msg} (got {shown(repr(given), 60)})", _hint(err), loc)


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
    explicit = doc.data.get("kind")
    if explicit is not None:
        kind = _KINDS.declared(explicit) if isinstance(explicit, str) else None
        if kind is None:
            table = kinds()
            close = difflib.get_close_matches(str(explicit)[:100], table, n=1)
            raise doc.error(f"unknown model kind '{shown(explicit)}'",
                            f"did you mean '{close[0]}'?" if close else
                            f"use one of {', '.join(sorted(table))}", ("kind",))
    else:
        # a kind is named after its key: import the kinds the file's keys name, and all of
        # them only when none matches (the error then lists them)
        named = (_KINDS.declared(key) for key in doc.data if isinstance(key, str))
        found = sorted((k for k in named if k is not None), key=lambda k: k.name)
        if not found:
            known = sorted(k.key for k in kinds().values())
            for key in doc.data:
                close = difflib.get_close_matches(str(key)[:100], known, n=1)
                if close:
                    raise doc.error(f"unknown key '{shown(key)}'", f"did you mean '{close[0]}'?",
                                    (key,))
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
