"""The primitive registry: names a model file can use (``primitive: add``) mapped to blocks.

Each topic module registers its primitives with :func:`register` at import time, so adding a
module is all it takes to add a primitive (:class:`qdl.plugins.Registry`): :func:`lookup`
imports the module that declares the name, :func:`primitives` every module under
``qdl.circuits``. A primitive's parameters are a pydantic model: types, defaults, ranges and
descriptions in one place, used both to validate model files and to print ``--list-primitives``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from qdl.circuits.block import Block
from qdl.errors import ParameterError
from qdl.plugins import Registry


class Params(BaseModel):
    """Base class of primitive parameter models: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Primitive:
    """A registry entry."""

    name: str
    params: type[Params]
    make: Callable[[Any], Block]
    #: the action, as a map on basis states
    action: str
    #: the cost formula (T-count, T-depth, qubits)
    cost: str
    #: paper, section, equation
    reference: str

    def block(self, params: Params) -> Block:
        return self.make(params)

    def defaults(self) -> dict[str, Any]:
        return {k: f.default for k, f in self.params.model_fields.items() if not f.is_required()}


_REGISTRY: Registry[Primitive] = Registry("primitive", "qdl.circuits")


def register(primitive: Primitive) -> Primitive:
    return _REGISTRY.add(primitive.name, primitive)


def primitives() -> dict[str, Primitive]:
    """Every registered primitive by name, in name order."""
    return _REGISTRY.items()


def find(name: str) -> Primitive | None:
    """The primitive called ``name``, or None; importing only the module that declares it
    (qdl.plugins), and every module only for a name declared no other way."""
    found = _REGISTRY.declared(name)
    return found if found is not None else primitives().get(name)


def lookup(name: str) -> Primitive:
    """The primitive called ``name``; an unknown name suggests the closest registered one."""
    found = find(name)
    if found is not None:
        return found
    table = primitives()
    close = difflib.get_close_matches(name[:100], table, n=1)  # difflib is quadratic
    hint = f"did you mean '{close[0]}'?" if close else "run 'qdl-compile --list-primitives'"
    raise ParameterError(f"unknown primitive '{name}'", hint)
