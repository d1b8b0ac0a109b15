"""Progress on a terminal, silence in pipes.

``with progress.bar("verifying", total=n) as task: ... task.advance()`` shows cases done/total,
elapsed time and ETA on standard error when it is a terminal; ``total=None`` shows a spinner
with the elapsed time for work that cannot be counted (one long Aer run). In a pipe or a file
nothing is printed. A bar opened while another is shown becomes a second line of the same
display (a terminal has one live display), so library code can report progress without
knowing who called it: the CLI's "verifying" spinner gains a "256 cases" bar underneath.
Inside a rich display opened elsewhere (a plain ``rich.progress.Progress``) bars stay quiet.

When asked (``qdl-compile --progress`` or ``QDL_PROGRESS=1``) progress is written to a pipe
or file too, as plain lines ``progress: verifying …: 12/256, 0:00:07 elapsed, ETA 0:00:41``
at most one every :data:`LINE_SECONDS` per bar (a log or CI job sees the run advance toward a
known end); the lines start with ``progress:`` so that they can be told from the error line.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_LIVE: ContextVar[Any] = ContextVar("qdl_progress_live", default=None)
#: Seconds between two plain progress lines of one bar.
LINE_SECONDS = 2.0
_asked = False


def ask(on: bool = True) -> None:
    """Write progress lines even when standard error is not a terminal (``--progress``)."""
    global _asked
    _asked = on


def asked() -> bool:
    return _asked or os.environ.get("QDL_PROGRESS", "") not in ("", "0")


class _Quiet:
    def advance(self, steps: float = 1) -> None:
        pass

    def describe(self, description: str) -> None:
        pass


class _Task:
    def __init__(self, progress, task) -> None:
        self._progress, self._task = progress, task

    def advance(self, steps: float = 1) -> None:
        self._progress.advance(self._task, steps)

    def describe(self, description: str) -> None:
        self._progress.update(self._task, description=description)


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class _Lines:
    """Plain progress lines on standard error, throttled (progress asked for in a pipe)."""

    def __init__(self, description: str, total: float | None) -> None:
        self.description, self.total, self.done = description, total, 0.0
        self.start = self.last = time.monotonic()
        self._write()

    def _write(self) -> None:
        elapsed = time.monotonic() - self.start
        counted = ""
        if self.total:
            counted = f": {self.done:,.0f}/{self.total:,.0f}"
            if self.done:
                left = elapsed * (self.total - self.done) / self.done
                counted += f", ETA {_clock(left)}"
        sys.stderr.write(f"progress: {self.description}{counted}, {_clock(elapsed)} "
                         f"elapsed\n")
        sys.stderr.flush()

    def advance(self, steps: float = 1) -> None:
        self.done += steps
        if time.monotonic() - self.last >= LINE_SECONDS:
            self.last = time.monotonic()
            self._write()

    def describe(self, description: str) -> None:
        self.description = description


def _foreign_live() -> bool:
    """A rich display qdl.progress did not open is running (rich redirects stderr to a
    FileProxy while it does): a second one would garble the terminal, so stay quiet."""
    from rich.file_proxy import FileProxy

    return isinstance(sys.stderr, FileProxy) and _LIVE.get() is None


def shown() -> bool:
    """Whether progress is drawn (standard error is a terminal)."""
    return sys.stderr.isatty() and not _foreign_live()


def _columns():
    from rich.progress import (BarColumn, ProgressColumn, SpinnerColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)
    from rich.text import Text

    class Counted(ProgressColumn):
        """``12/256 cases, ETA 0:00:41`` for counted work; nothing for a spinner."""

        def __init__(self) -> None:
            super().__init__()
            self._eta = TimeRemainingColumn()

        def render(self, task) -> Text:
            if task.total is None:
                return Text("")
            eta = self._eta.render(task).plain
            return Text(f"{task.completed:,.0f}/{task.total:,.0f}  ETA {eta}")

    return (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), Counted(),
            TimeElapsedColumn())


@contextmanager
def bar(description: str, total: float | None = None) -> Iterator[_Task | _Quiet | _Lines]:
    if not shown():
        yield _Lines(description, total) if asked() and not _foreign_live() else _Quiet()
        return
    live = _LIVE.get()
    if live is not None:  # a line in the display already shown
        task = live.add_task(description, total=total)
        try:
            yield _Task(live, task)
        finally:
            live.remove_task(task)
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(*_columns(), console=Console(stderr=True), transient=True) as progress:
        token = _LIVE.set(progress)
        try:
            yield _Task(progress, progress.add_task(description, total=total))
        finally:
            _LIVE.reset(token)
