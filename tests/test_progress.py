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


def test_drawn_on_a_terminal_and_nested_bars_stay_quiet(monkeypatch):
    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    with progress.bar("outer work", total=2) as outer:
        assert not progress.shown()
        with progress.bar("inner work") as inner:  # would raise rich's LiveError if drawn
            inner.advance()
        outer.advance(2)
    assert progress.shown()
    assert "outer work" in term.getvalue()
