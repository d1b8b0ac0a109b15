"""A registry of named items that fills itself by importing the modules of a package.

Primitives (``qdl.circuits``) and model kinds (``qdl.compiler.kinds``) register themselves at
import time, so adding a module is all it takes to add an entry. Modules whose name starts
with ``_`` are skipped (they register nothing, and may be costly to import: Qiskit, for
instance).

:meth:`Registry.items` imports every module (listings, suggestions for a misspelt name).
:meth:`Registry.declared` imports only the modules whose source declares the entry as
``name="..."``, the spelling every registration uses: ``qdl-compile add32.yaml`` then imports
the adder's module, not the network estimator, SciPy or NumPy, which took most of its time
(benchmarks/startup.py). Reading the sources costs milliseconds; an entry declared another
way is still found, by the caller's fall-back to :meth:`items`.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")

#: how a registration names its entry: ``Primitive(name="add", ...)``, ``ModelKind(name=...)``
#: (a leading ``\b`` would cost the search its literal-prefix scan: 30 ms over qdl.circuits;
#: a ``basename="x"`` match only imports one module more)
DECLARATION = re.compile(r'name="(\w+)"')


class Registry(Generic[T]):
    def __init__(self, what: str, package: str):
        self.what = what
        self.package = package
        self._items: dict[str, T] = {}
        self._loaded = False
        self._declaring: dict[str, list[str]] | None = None

    def add(self, name: str, item: T) -> T:
        if name in self._items:
            raise RuntimeError(f"{self.what} {name!r} registered twice")
        self._items[name] = item
        return item

    def items(self) -> dict[str, T]:
        """Every entry by name, in name order, after importing the package's modules."""
        if not self._loaded:
            self._loaded = True
            for info in self._modules():
                importlib.import_module(info.name)
        return dict(sorted(self._items.items()))

    def declared(self, name: str) -> T | None:
        """The entry ``name`` after importing only the modules that declare it; None when
        they do not register it (the caller then looks in :meth:`items`, or reports it
        unknown)."""
        if name not in self._items and not self._loaded:
            if self._declaring is None:
                self._declaring = {}
                for info in self._modules():
                    for declared in _declarations(info):
                        self._declaring.setdefault(declared, []).append(info.name)
            for module in self._declaring.get(name, []):
                importlib.import_module(module)
        return self._items.get(name)

    def _modules(self) -> Iterator[pkgutil.ModuleInfo]:
        """The package's modules that may register entries. Sub-packages are imported to be
        walked (pkgutil), their modules are not."""
        pkg = importlib.import_module(self.package)
        for info in pkgutil.walk_packages(pkg.__path__, prefix=self.package + "."):
            if not info.name.rpartition(".")[2].startswith("_"):
                yield info


def _declarations(info: pkgutil.ModuleInfo) -> set[str]:
    """The names a module's source declares; none for a module without a ``.py`` source in
    its package's folder (read from the file's path: asking the import system for each
    module's spec took as long as reading them all)."""
    folder = getattr(info.module_finder, "path", None)
    if folder is None:
        return set()
    base = os.path.join(folder, info.name.rpartition(".")[2])
    path = os.path.join(base, "__init__.py") if info.ispkg else base + ".py"
    try:
        with open(path, encoding="utf-8") as source:
            return set(DECLARATION.findall(source.read()))
    except OSError:
        return set()
