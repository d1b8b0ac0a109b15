"""Progress on a terminal, silence in pipes.

``with progress.bar("verifying", total=n) as task: ... task.advance()`` shows cases done/total,
elapsed time and ETA on standard error when it is a terminal; ``total=None`` shows a spinner
with the elapsed time for work that cannot be counted (one long Aer run). In a pipe or a file
nothing is printed, and a bar opened inside another one stays quiet (a terminal has one live
display), so library code can report progress without knowing who called it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_ACTIVE: ContextVar[bool] = ContextVar("qdl_progress_active", default=False)


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


def shown() -> bool:
    """Whether a bar opened now would be drawn."""
    return sys.stderr.isatty() and not _ACTIVE.get()


@contextmanager
def bar(description: str, total: float | None = None) -> Iterator[_Task | _Quiet]:
    if not shown():
        yield _Quiet()
        return
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn,
                               TextColumn, TimeElapsedColumn, TimeRemainingColumn)

    columns = [SpinnerColumn(), TextColumn("{task.description}")]
    if total is not None:
        columns += [BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("ETA"),
                    TimeRemainingColumn()]
    else:
        columns += [TimeElapsedColumn()]
    token = _ACTIVE.set(True)
    try:
        with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            yield _Task(progress, progress.add_task(description, total=total))
    finally:
        _ACTIVE.reset(token)
