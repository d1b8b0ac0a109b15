"""Notebook displays of the objects the Python API returns: a :class:`Cost` and a block
(``_repr_markdown_`` / ``_repr_html_``), through the same document and writers as reports."""

from __future__ import annotations

import dataclasses
from typing import Any

from qdl.compiler.render.document import Heading, Node, Para, Table, params_text, totals_table


def cost_nodes(cost: Any, title: str = "Cost") -> list[Node]:
    from qdl.compiler.render.summaries import headline

    totals = cost.as_dict()
    words = headline({"layers": [None], "totals": totals})
    return [Heading(title, 3), *(Para(w) for w in words), totals_table(totals)]


def block_nodes(block: Any) -> list[Node]:
    params = {f.name: getattr(block, f.name) for f in dataclasses.fields(block)} \
        if dataclasses.is_dataclass(block) else {}
    nodes: list[Node] = [Heading(f"{type(block).__name__}({params_text(params)})", 3)]
    try:
        registers = [[r.name, f"{r.width:,}", getattr(r.role, "value", str(r.role))]
                     for r in block.signature]
        nodes.append(Table("registers", ["register", "qubits", "role"], registers,
                           [False, True, False]))
    except NotImplementedError:
        pass
    return nodes + cost_nodes(block.cost())[1:]


def markdown(nodes: list[Node]) -> str:
    from qdl.compiler.render import markdown as md

    return md.write(nodes)


def html(nodes: list[Node]) -> str:
    from qdl.compiler.render.html import _body

    return f"<div class=\"qdl-report\">{_body(nodes)[0]}</div>"
