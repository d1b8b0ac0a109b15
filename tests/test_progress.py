"""qdl.progress: bars on a terminal, nothing in a pipe, one live display at a time."""

import io
import sys

from qdl import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_standard_error_is_not_a_terminal(capsys):
    with progress.bar("work", total=3) as task:
        task.advance()
    assert capsys.readouterr().err == ""


def test_drawn_on_a_terminal_and_nested_bars_share_the_display(monkeypatch):
    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    with progress.bar("outer work") as outer:
        # a second live display would raise rich's LiveError: the inner bar is a new line
        with progress.bar("inner cases", total=4) as inner:
            inner.advance(4)
        outer.advance()
    assert "outer work" in term.getvalue() and "inner cases" in term.getvalue()
