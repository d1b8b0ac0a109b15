"""The one exception family of qdl.

Every error a user can cause is a :class:`QdlError`. The CLI prints it as a single line,
``error: FILE:LINE: what (how to fix)``, and exits with status 2; a traceback that reaches a
user is a bug.
"""

from __future__ import annotations

import re

#: Characters never echoed raw: C0/C1 controls (terminal escape sequences start with ESC),
#: DEL, line and paragraph separators, and bidirectional overrides.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def shown(text: object, limit: int = 80) -> str:
    """``text`` safe to echo in a one-line message: control characters escaped (``\\x1b``,
    ``\\n``), and at most ``limit`` characters (the middle elided, with the full length)."""
    text = _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))
    if len(text) > limit:
        keep = max(limit - 30, 10)
        text = f"{text[:keep // 2 + keep % 2]}…[{len(text):,} characters]…{text[-(keep // 2):]}"
    return text


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
        """The message as one line: every part escaped and bounded (a name echoed from hostile
        input can neither split the line, drive the terminal, nor flood it)."""
        where = ""
        if self.file:
            file = shown(self.file, 200)
            where = f"{file}:{self.line}: " if self.line else f"{file}: "
        fix = f" ({shown(self.fix, 300)})" if self.fix else ""
        return f"error: {where}{shown(self.what, 500)}{fix}"


class ModelError(QdlError):
    """The model file is malformed: YAML syntax, unknown keys, wrong types, bad values."""


class ParameterError(QdlError):
    """A block or primitive was given parameters it cannot take."""


class BuildLimitError(QdlError):
    """A circuit was requested at a size too large to build or simulate here (counting still works)."""


class UsageError(QdlError):
    """The command line is inconsistent (for example an option that does not apply to this model)."""


def require(module: str, extra: str, purpose: str):
    """Import an optional dependency, or fail with one line naming the extra to install."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise QdlError(f"{purpose} needs the optional package '{module.split('.')[0]}'",
                       f"install it with: pip install 'qdl-compiler[{extra}]'") from None
