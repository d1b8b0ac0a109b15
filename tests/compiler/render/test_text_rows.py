"""The terminal table's rows written by hand (qdl.compiler.render.text_rows) are rich's own
output, to the byte: on every example's report and on random tables at random widths."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.table import Table as RichTable

from qdl.compiler.model import CompileOptions, load_model
from qdl.compiler.render import _nodes, text, text_rows
from qdl.compiler.render.document import Table

ROOT = Path(__file__).resolve().parents[3]


def _both(monkeypatch, nodes, width):
    """(the report as written, the report with every table left to rich)."""
    fast = text.write(nodes, width)
    with monkeypatch.context() as m:
        m.setattr(text_rows, "rows_text", lambda console, table: None)
        return fast, text.write(nodes, width)


@pytest.mark.parametrize("example", ["add32", "tiny_attention", "readout_table3",
                                     "from_counts"])
@pytest.mark.parametrize("width", [60, 77, 100, 160])
def test_every_table_of_a_report_is_rich_s(monkeypatch, example, width):
    kind, spec, doc = load_model(str(ROOT / "examples" / f"{example}.yaml"))
    nodes = _nodes(kind.compile(spec, doc, CompileOptions()).to_dict())
    fast, slow = _both(monkeypatch, nodes, width)
    assert fast == slow


#: words with wide (CJK), combining-free symbols, superscripts, markup-like brackets and
#: characters rich treats specially (tabs, newlines, spaces at the ends)
WORD = st.sampled_from(["x", "layer4.0.conv2", "1.13·10¹⁸", "295,128", "中文", "θ₀", "[b]",
                        "–", "yes", "a\tb", "two\nlines", " padded ", "", "  ", "ε≤1",
                        "dot+qdac+qrom+saturate", "x" * 40])
CELL = st.lists(WORD, max_size=4).map(" ".join)


@st.composite
def tables(draw):
    ncols = draw(st.integers(1, 7))
    rows = draw(st.lists(st.lists(CELL, min_size=ncols, max_size=ncols), max_size=6))
    return Table(title="", columns=draw(st.lists(CELL, min_size=ncols, max_size=ncols)),
                 rows=rows, numeric=draw(st.lists(st.booleans(), min_size=ncols,
                                                  max_size=ncols)))


@settings(max_examples=300, deadline=None)
@given(table=tables(), width=st.integers(60, 160))
def test_random_tables_are_rich_s(table, width):
    fast = text.write([table], width)
    keep = text_rows.rows_text
    text_rows.rows_text = lambda console, t: None  # hypothesis runs outside monkeypatch
    try:
        slow = text.write([table], width)
    finally:
        text_rows.rows_text = keep
    assert fast == slow


def test_other_table_shapes_are_left_to_rich():
    from rich.console import Console

    console = Console(color_system=None, width=80)
    titled = RichTable(title="t", pad_edge=False)
    assert text_rows.rows_text(console, titled) is None
    assert text_rows.rows_text(Console(color_system="truecolor", width=80),
                               RichTable(pad_edge=False)) is None


def test_the_report_s_tables_take_the_fast_path(monkeypatch):
    """Every table of a network report is written by hand at a usual width: a rich release
    that changed what ``_handled`` checks would otherwise fall back to rich unnoticed."""
    kind, spec, doc = load_model(str(ROOT / "examples" / "tiny_attention.yaml"))
    nodes = _nodes(kind.compile(spec, doc, CompileOptions()).to_dict())
    written, real = [], text_rows.rows_text
    monkeypatch.setattr(text_rows, "rows_text",
                        lambda console, table: written.append(real(console, table)) or written[-1])
    text.write(nodes, 120)
    # a table too wide for the terminal continues below: one rich table per column group
    assert len(written) >= sum(isinstance(n, Table) for n in nodes) > 10
    assert None not in written
