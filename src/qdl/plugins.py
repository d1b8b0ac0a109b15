"""A registry of named items that fills itself by importing every module of a package.

Primitives (``qdl.circuits``) and model kinds (``qdl.compiler.kinds``) register themselves at
import time; the registry imports the package's modules on first lookup, so adding a module is
all it takes to add an entry. Modules whose name starts with ``_`` are skipped (they register
nothing, and may be costly to import: Qiskit, for instance).
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, what: str, package: str):
        self.what = what
        self.package = package
        self._items: dict[str, T] = {}
        self._loaded = False

    def add(self, name: str, item: T) -> T:
        if name in self._items:
            raise RuntimeError(f"{self.what} {name!r} registered twice")
        self._items[name] = item
        return item

    def items(self) -> dict[str, T]:
        """Every entry by name, in name order, after importing the package's modules."""
        if not self._loaded:
            self._loaded = True
            pkg = importlib.import_module(self.package)
            for info in pkgutil.walk_packages(pkg.__path__, prefix=self.package + "."):
                if not info.name.rpartition(".")[2].startswith("_"):
                    importlib.import_module(info.name)
        return dict(sorted(self._items.items()))
