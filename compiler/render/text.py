"""The terminal report (``--format table``): rich tables sized to the terminal.

Markup is off, so text such as ``[a < b]`` prints as written. Charts are left to
``--format html``; the table format says so once.
"""

from __future__ import annotations

import io
import shutil

from qdl.compiler.render.document import Chart, Heading, Node, Para, Pre, Table

#: narrower than this and tables become unreadable; wider adds nothing but whitespace
MIN_WIDTH, MAX_WIDTH = 60, 160


def terminal_width() -> int:
    """The terminal's width (COLUMNS wins), clamped; 100 when there is no terminal."""
    columns = shutil.get_terminal_size((100, 24)).columns
    return max(MIN_WIDTH, min(MAX_WIDTH, columns))


def write(nodes: list[Node], width: int | None = None) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    from qdl.compiler.render.text_rows import rows_text

    buf = io.StringIO()
    console = Console(file=buf, width=width or terminal_width(), color_system=None,
                      highlight=False, markup=False, emoji=False, soft_wrap=False)
    charts = 0
    for node in nodes:
        if isinstance(node, Heading):
            text = node.text
            console.print(Text(("\n" if node.level <= 2 else "") + text,
                               style="bold" if node.level <= 2 else ""))
            if node.level <= 2:
                console.print(Text("─" * min(len(text), console.width)))
        elif isinstance(node, Para):
            console.print(Text(node.text))
        elif isinstance(node, Pre):
            for line in node.lines:
                console.print(Text(line, no_wrap=True, overflow="ellipsis"))
        elif isinstance(node, Table):
            if node.title:  # printed as a line: a rich title wraps at the table's width
                console.print(Text(node.title, style="italic"))
            for part, columns in enumerate(_column_groups(node, console.width)):
                if part:
                    console.print(Text("(continued)", style="italic"))
                table = RichTable(box=box.SIMPLE_HEAD, pad_edge=False, expand=False)
                for i in columns:
                    numeric = _numeric(node, i)
                    widest = max((len(row[i]) for row in node.rows if i < len(row)),
                                 default=0)
                    # a numeric column is as wide as its widest number or header word
                    head = max((len(w) for w in node.columns[i].split()), default=0)
                    # numbers never break (min_width = the widest); headers and text wrap
                    table.add_column(Text(node.columns[i]),
                                     justify="right" if numeric else "left", overflow="fold",
                                     min_width=_min_width(node, i),
                                     max_width=max(widest, head) if numeric else None)
                for row in node.rows:
                    table.add_row(*(Text(row[i]) if i < len(row) else Text("")
                                    for i in columns))
                rows = rows_text(console, table)  # rich's output, without its per-cell cost
                if rows is None:
                    console.print(table)
                else:
                    buf.write(rows)
        elif isinstance(node, Chart):
            charts += 1
    if charts:
        console.print(Text(f"\n({charts} chart{'s' if charts > 1 else ''}: see --format html)"))
    return buf.getvalue()


def _numeric(node: Table, i: int) -> bool:
    return node.numeric[i] if i < len(node.numeric) else False


def _min_width(node: Table, i: int) -> int:
    """Narrowest a column can be: a number's full width; text down to 14 (words wrap)."""
    cells = [row[i] for row in node.rows if i < len(row)]
    if _numeric(node, i):
        head = max((len(w) for w in node.columns[i].split()), default=0)
        return max([len(c) for c in cells] + [min(head, 10)])
    return min(14, max((len(w) for c in cells + [node.columns[i]] for w in c.split()),
                       default=1))


def _column_groups(node: Table, width: int) -> list[list[int]]:
    """The columns in groups that each fit ``width``, the first (row label) column repeated:
    a table too wide for the terminal continues below instead of being cut."""
    # per column: its width, one space of padding each side, one divider (the SIMPLE_HEAD box
    # draws blank dividers and edges); plus the two edges
    cost = [_min_width(node, i) + 3 for i in range(len(node.columns))]
    groups: list[list[int]] = [[0]]
    used = 2 + (cost[0] if cost else 0)
    for i in range(1, len(node.columns)):
        if used + cost[i] > width and len(groups[-1]) > 1:
            groups.append([0])
            used = 2 + cost[0]
        groups[-1].append(i)
        used += cost[i]
    return groups
