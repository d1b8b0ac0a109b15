"""The one exception family of qdl.

Every error a user can cause is a :class:`QdlError`. The CLI prints it as a single line,
``error: FILE:LINE: what (how to fix)``, and exits with status 2; a traceback that reaches a
user is a bug.
"""

from __future__ import annotations


class QdlError(Exception):
    """A user-facing error: what is wrong, how to fix it, and where (file, line) if known."""

    def __init__(self, what: str, fix: str | None = None, *, file: str | None = None,
                 line: int | None = None):
        super().__init__(what)
        self.what = what
        self.fix = fix
        self.file = file
        self.line = line

    def located(self, file: str | None, line: int | None = None) -> "QdlError":
        """Return this error with a file (and line, if it has none yet) filled in."""
        if self.file is None:
            self.file = file
        if self.line is None:
            self.line = line
        return self

    def one_line(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        fix = f" ({self.fix})" if self.fix else ""
        return f"error: {where}{self.what}{fix}"


class ModelError(QdlError):
    """The model file is malformed: YAML syntax, unknown keys, wrong types, bad values."""


class ParameterError(QdlError):
    """A block or primitive was given parameters it cannot take."""


class BuildLimitError(QdlError):
    """A circuit was requested at a size too large to build or simulate here (counting still works)."""


class UsageError(QdlError):
    """The command line is inconsistent (for example an option that does not apply to this model)."""
