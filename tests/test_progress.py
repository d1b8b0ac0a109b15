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


def test_quiet_inside_a_rich_display_opened_elsewhere(monkeypatch):
    from rich.console import Console
    from rich.progress import Progress

    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    with Progress(console=Console(file=term, force_terminal=True), transient=True):
        assert not progress.shown()
        with progress.bar("inner cases", total=2) as inner:  # no second live display
            inner.advance(2)
    assert "inner cases" not in term.getvalue()


def test_plain_lines_in_a_pipe_when_asked(monkeypatch, capsys):
    """--progress / QDL_PROGRESS=1: 'progress:' lines toward the known total, throttled."""
    monkeypatch.setattr(progress, "LINE_SECONDS", 0.0)
    progress.ask()
    try:
        with progress.bar("verifying", total=4) as task:
            task.advance(2)
            task.describe("verifying again")
            task.advance(2)
    finally:
        progress.ask(False)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "progress: verifying: 0/4, 0:00:00 elapsed"
    assert lines[1].startswith("progress: verifying: 2/4, ETA")
    assert lines[-1].startswith("progress: verifying again: 4/4, ETA 0:00:00")


def test_environment_asks_for_lines(monkeypatch, capsys):
    monkeypatch.setenv("QDL_PROGRESS", "1")
    with progress.bar("simulating") as task:
        task.advance()
    assert capsys.readouterr().err.startswith("progress: simulating, ")


def test_cli_progress_flag_reaches_a_pipe(tmp_path, monkeypatch, capsys):
    from qdl.compiler.cli import main

    monkeypatch.setattr(progress, "LINE_SECONDS", 0.0)
    model = tmp_path / "add.yaml"
    model.write_text("name: add2\nprimitive: add\nparams: {bits: 2}\n")
    try:
        code = main([str(model), "--verify", "--progress", "-o", str(tmp_path / "r.json")])
    finally:
        progress.ask(False)
    err = capsys.readouterr().err
    assert code == 0
    assert "progress: GidneyAdder: basis cases on Aer: 16/16" in err, err
