"""The rows of a rich table as plain text, without rich's per-cell rendering.

``console.print(table)`` renders every cell through rich's layout engine (Padding, Text, wrap,
segment lines): about a millisecond for each of the thousands of cells of a network report
(qresnet18: 1 s of a 4 s run; benchmarks/startup.py). The terminal report prints no colour, so
a cell that fits its column on one line is the text and spaces; rich still decides the column
widths, and still renders every cell that wraps, so the output is rich's to the byte
(tests/compiler/render/test_text_rows.py compares the two on every example and on random
tables).

Only the table shape the terminal report builds is handled: ``box.SIMPLE_HEAD``, a header,
``pad_edge=False``, padding (0, 1), no footer, title, caption or row lines; anything else, or a
rich without the width method, is left to rich.
"""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text


def rows_text(console: Console, table: Table) -> str | None:
    """What ``console.print(table)`` writes (colour off), or None for a table of another shape."""
    if not _handled(console, table):
        return None
    widths = table._calculate_column_widths(
        console, console.options.update_width(console.width - table._extra_width))
    if sum(widths) + table._extra_width > console.width:
        return None  # numbers that never break overflow the terminal: rich crops the lines
    last = len(table.columns) - 1
    columns = [[col.header, *col._cells] for col in table.columns]
    lines = [box.SIMPLE_HEAD.get_top(widths)]
    for row in range(len(columns[0])):
        cells = [_cell(console, text[row], col, width, i == 0, i == last)
                 for i, (text, col, width) in enumerate(zip(columns, table.columns, widths))]
        height = max(len(c) for c in cells)
        for c, width in zip(cells, widths):  # the header is bottom-aligned, other rows top
            blank = [" " * width] * (height - len(c))
            c[:] = blank + c if row == 0 else c + blank
        lines += [" " + " ".join(c[n] for c in cells) + " " for n in range(height)]
        if row == 0:
            lines.append(box.SIMPLE_HEAD.get_row(widths, "head", edge=True))
    lines.append(box.SIMPLE_HEAD.get_bottom(widths))
    return "".join(line + "\n" for line in lines)


def _cell(console: Console, text: Text, column, width: int, first: bool, last: bool
          ) -> list[str]:
    """The cell's lines, each ``width`` wide: padded by hand when it fits on one line."""
    left, right = (0 if first else 1), (0 if last else 1)
    plain = text.plain
    room = width - left - right - cell_len(plain)
    if room >= 0 and plain.isprintable() and plain == plain.strip():
        fill = " " * room
        body = fill + plain if column.justify == "right" else plain + fill
        return [" " * left + body + " " * right]
    options = console.options.update(width=width, justify=column.justify, no_wrap=column.no_wrap,
                                     overflow=column.overflow, height=None, highlight=False)
    rendered = console.render_lines(Padding(text, (0, right, 0, left)), options)
    return ["".join(segment.text for segment in line) for line in rendered]


def _handled(console: Console, table: Table) -> bool:
    return (console.color_system is None and table.box is box.SIMPLE_HEAD and table.show_header
            and table.show_edge and not table.pad_edge and table.padding == (0, 1, 0, 1)
            and not (table.show_footer or table.show_lines or table.leading or table.title
                     or table.caption or table.width or table.min_width or table.expand)
            and not any(row.end_section or row.style for row in table.rows)
            and all(isinstance(c, Text) for col in table.columns for c in (col.header, *col._cells))
            and all(col.vertical == "top" and col.justify in ("left", "right")
                    for col in table.columns)
            and hasattr(table, "_calculate_column_widths") and console.encoding == "utf-8"
            and not console.legacy_windows)
