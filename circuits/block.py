"""Blocks: immutable descriptions of quantum operations with four faces (DESIGN §2).

A block is a frozen dataclass whose fields are its parameters, so it is hashable and two equal
descriptions share one memoised cost. Its faces:

1. ``signature`` — named registers with widths and roles;
2. ``cost()`` — exact logical counts from ``children()`` (child block, multiplicity), memoised
   per block value; leaves give ``leaf_cost()``. Counts add up generically; the width and the
   critical-path depths are the block's own formulas (``qubits()``, ``t_depth()``, ...), whose
   defaults assume the children run one after another. A composite written as a program of
   calls on named registers (qdl.circuits.compose.Composite) derives all of them instead;
3. ``build(bb, **regs)`` — appends the gate-level circuit to a :class:`~qdl.circuits.builder.Builder`;
4. ``reference(**values)`` — the classical map on basis states the circuit must implement.

The invariants tying the faces together (hierarchical cost == cost counted on the built
circuit; Aer(build) == reference) are checked for every block in the tests.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from functools import cached_property
from typing import TYPE_CHECKING

from qdl import count_cache
from qdl.circuits.cost import ADDITIVE, Cost

if TYPE_CHECKING:
    from qdl.circuits.builder import Builder


class Role(enum.Enum):
    """How a register relates to the block's action."""

    #: present before and after; may be modified in place (``a`` in ``a += b``) or left alone
    THRU = "thru"
    #: supplied in |0…0⟩ by the caller and holding a result afterwards (``p`` in ``p = a·b``)
    OUTPUT = "output"


@dataclass(frozen=True)
class Register:
    name: str
    width: int
    role: Role = Role.THRU
    #: interpret the bits as two's complement when printing or decoding values
    signed: bool = False


class Signature(tuple):
    """An ordered tuple of :class:`Register` with lookup by name."""

    def __new__(cls, registers: Sequence[Register]):
        return super().__new__(cls, tuple(registers))

    @cached_property  # signatures of 10³–10⁴ registers are asked for their width often
    def width(self) -> int:
        return sum(r.width for r in self)

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            index = self.__dict__.get("_by_name")
            if index is None:
                if len(self) <= 8:
                    for reg in self:
                        if reg.name == key:
                            return reg
                    raise KeyError(key)
                # a dot's x0 … x{L−1}, y: looked up by name at every call a stage makes
                index = self.__dict__["_by_name"] = {r.name: r for r in self[::-1]}
            return index[key]
        return super().__getitem__(key)

    def names(self) -> list[str]:
        return [r.name for r in self]


def numbered(prefix: str, count: int, width: int, signed: bool = True) -> list[Register]:
    """Registers ``prefix``0 … ``prefix``{count−1} of ``width`` bits: a dot's operands (a
    3×3×512 convolution has 4,608 of each). Made once per prefix and width and shared by every
    length (a network's schedule points ask for dots of L/k terms at every k)."""
    made = _NUMBERED.setdefault((prefix, width, signed), [])
    for i in range(len(made), count):
        made.append(Register(f"{prefix}{i}", width, signed=signed))
    return made[:count]


_NUMBERED: dict[tuple, list[Register]] = {}
_COST_CACHE: dict["Block", Cost] = {}


class Block:
    """Base class. Subclasses are ``@dataclass(frozen=True)`` and set ``name``."""

    #: short operation name shown in reports and used for gate labels
    name: str = "block"
    #: what :meth:`reference` describes and so which verifier checks the built circuit
    #: (``"basis"``: a map on basis states; see qdl.passes.verify.register_verifier)
    reference_kind: str = "basis"
    #: keep the cost in qdl's on-disk count cache (qdl.count_cache): blocks whose count walks
    #: a long program (a network stage, a QLAM gate program), found by :meth:`count_key`
    persist_cost = False

    # -- notebook display (qdl.compiler.render.objects) ----------------------------------------
    def _repr_markdown_(self) -> str:
        from qdl.compiler.render import objects

        return objects.markdown(objects.block_nodes(self))

    def _repr_html_(self) -> str:
        from qdl.compiler.render import objects

        return objects.html(objects.block_nodes(self))

    # -- face 1: signature -------------------------------------------------------------------
    @property
    def signature(self) -> Signature:
        raise NotImplementedError(f"{type(self).__name__} has no signature")

    # -- face 2: cost --------------------------------------------------------------------------
    def children(self) -> Sequence[tuple["Block", int]]:
        """The child blocks with their multiplicities; empty for a leaf."""
        return ()

    def leaf_cost(self) -> Cost:
        raise NotImplementedError(f"{type(self).__name__} is a leaf without leaf_cost()")

    def cost(self) -> Cost:
        """Exact logical cost, from the children's costs; memoised per block value."""
        cached = _COST_CACHE.get(self)
        if cached is not None:
            return cached
        key = self.count_key()
        if key is not self:  # the counts are the key's (a stage's copy without its label)
            cached = _COST_CACHE.get(key)
            if cached is not None:
                _COST_CACHE[self] = cached
                return cached
        stored = count_cache.key_of(key) if self.persist_cost else None
        cached = count_cache.get("cost", stored)
        if cached is not None:
            _COST_CACHE[self] = _COST_CACHE[key] = cached
            return cached
        kids = self.children()
        if not kids:
            result = self.leaf_cost()
        else:
            totals = dict.fromkeys(ADDITIVE, 0)
            for child, mult in kids:
                child_cost = child.cost()
                for f in ADDITIVE:
                    totals[f] += getattr(child_cost, f) * mult
            result = Cost(qubits=self.qubits(), t_depth=self.t_depth(),
                          toffoli_depth=self.toffoli_depth(),
                          rotation_depth=self.rotation_depth(), **totals)
        _COST_CACHE[self] = _COST_CACHE[key] = result
        count_cache.put("cost", stored, result)
        return result

    def count_key(self) -> "Block":
        """What the counts depend on: the block itself, or a copy without a field that only
        names it (a network stage's layer label), so that equal programs are counted once."""
        return self

    def ancilla_peak(self) -> int:
        """Extra qubits beyond the signature that are live at the worst moment."""
        return max((c.cost().qubits - c.signature.width for c, m in self.children() if m),
                   default=0)

    def qubits(self) -> int:
        """Peak live qubits. Default: own registers plus the hungriest child's ancillas."""
        return self.signature.width + max(0, self.ancilla_peak())

    def _serial(self, field: str) -> int:
        return sum(getattr(c.cost(), field) * m for c, m in self.children())

    def t_depth(self) -> int:
        """Critical path in T layers. Default: the children run one after another."""
        return self._serial("t_depth")

    def toffoli_depth(self) -> int:
        return self._serial("toffoli_depth")

    def rotation_depth(self) -> int:
        return self._serial("rotation_depth")

    # -- face 3: build -------------------------------------------------------------------------
    def build(self, bb: "Builder", **regs: list[int]) -> None:
        """Append this block's gates to ``bb``; ``regs`` maps register names to qubit indices."""
        raise NotImplementedError(f"{type(self).__name__} cannot be built")

    # -- face 4: reference ---------------------------------------------------------------------
    def reference(self, **values: int) -> dict[str, int]:
        """Register values after the block, given values before (basis-state semantics)."""
        raise NotImplementedError(f"{type(self).__name__} has no basis-state reference")

    def accepts(self, **values: int) -> bool:
        """Precondition on input values (e.g. an uncompute needs its target to hold the result).
        Verification only runs inputs that satisfy it."""
        return True

    # -- description ---------------------------------------------------------------------------
    def params(self) -> dict[str, object]:
        """The block's parameters, as reported (dataclass fields)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]

    def walk(self) -> Iterator[tuple["Block", int]]:
        """Depth-first (block, total multiplicity) over distinct blocks of the hierarchy."""
        yield from _walk(self, 1)


def _walk(block: Block, mult: int) -> Iterator[tuple[Block, int]]:
    yield block, mult
    for child, m in block.children():
        yield from _walk(child, mult * m)


def clear_cost_cache() -> None:
    """Forget memoised costs and program tallies, and read no more costs from the on-disk
    count cache in this process (benchmarks time counting from scratch)."""
    from qdl.circuits import compose

    _COST_CACHE.clear()
    compose.clear_tallies()
    count_cache.disable()
