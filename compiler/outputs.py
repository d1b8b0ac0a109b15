"""The output layer: qdl writes only where the user asked, never over an input, never halfway.

One :class:`Outputs` per command holds the two places a run may write:

- the report (or emitted circuit) at ``-o FILE``: checked before any work (an empty name, a
  folder, a missing or unwritable folder, a name too long, an input of this run are refused
  with exit status 2), then written atomically (a temporary file in the same folder, renamed
  over the target) with the mode a new file gets under the user's umask, or the existing
  file's mode when it is replaced. A character device or FIFO (``-o /dev/stdout``) is written
  in place;
- side files (plots): beside ``-o``, or in ``--plots DIR``, and nowhere without one of them.
  A model file names them by a plain file name only (no folders: they cannot escape that
  folder). They are staged in a hidden folder there and moved into place only after the report
  has been written, so a run that fails leaves nothing behind.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import stat
import tempfile
from pathlib import Path

from qdl.compiler import inputs
from qdl.errors import ModelError, UsageError, shown

NOT_WRITTEN = "not written: side files go beside -o FILE or into --plots DIR; give one"

_SAFE_NAME = re.compile(r"[^\w.+-]")


def umask_mode() -> int:
    """The mode a new file gets under the current umask (0o666 & ~umask)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def safe_file_name(text: str) -> str:
    """``text`` reduced to a portable file name (for names derived from a model's name)."""
    return _SAFE_NAME.sub("_", text)[:100].lstrip(".") or "model"


class Outputs:
    def __init__(self, output: str | None = None, plots: str | None = None):
        self.output = output
        self.plots = plots
        self._stage: Path | None = None
        self._staged: list[tuple[Path, Path]] = []

    # ------------------------------------------------------------ the report
    def check(self) -> None:
        """Refuse a report target or plots folder that cannot be used (before any work)."""
        if self.plots is not None:
            folder = Path(self.plots)
            if not self.plots or not folder.is_dir():
                raise UsageError("--plots must name an existing folder",
                                 "create it first", file=self.plots or "''")
            self._refuse_unwritable(folder, self.plots, "--plots")
        if self.output is None:
            return
        if not self.output:
            raise UsageError("-o needs a file name, got ''", "give -o FILE, or leave -o out "
                             "to print the report")
        target = Path(self.output)
        if inputs.is_input(target):
            raise UsageError("-o names an input of this run; writing the report there would "
                             "destroy it", "choose another output file", file=self.output)
        try:
            st = target.stat()
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise _write_error(exc, self.output) from None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise UsageError("-o names a folder", "give a file name inside it",
                             file=self.output)
        if st is not None and not stat.S_ISREG(st.st_mode):
            if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
                return  # written in place (-o /dev/stdout)
            raise UsageError("-o names something that is not a file", "choose a file name",
                             file=self.output)
        folder = target.parent
        if not folder.is_dir():
            raise UsageError(f"no folder {shown(folder)} to write into",
                             "create it or choose another -o path", file=self.output)
        self._refuse_unwritable(folder, self.output, "-o")
        try:
            longest = os.pathconf(folder, "PC_NAME_MAX")
        except (OSError, ValueError):
            longest = 255
        if len(os.fsencode(target.name)) > longest:
            raise UsageError(f"the file name is longer than the {longest} bytes this file "
                             "system allows", "choose a shorter name", file=self.output)

    @staticmethod
    def _refuse_unwritable(folder: Path, name: str, flag: str) -> None:
        if not os.access(folder, os.W_OK | os.X_OK):
            raise UsageError(f"cannot write into {shown(folder)}: permission denied",
                             f"choose another {flag} path", file=name)

    def write(self, data: str | bytes) -> None:
        """Write the report (or emitted circuit) to ``-o``: whole, or not at all."""
        self.check()
        payload = data.encode("utf-8") if isinstance(data, str) else data
        target = Path(self.output)
        try:
            existing = target.stat()
        except OSError:
            existing = None
        try:
            if existing is not None and not stat.S_ISREG(existing.st_mode):
                fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK)  # a FIFO without a reader
                try:                                               # fails now, not forever
                    os.set_blocking(fd, True)
                    _write_all(fd, payload)
                finally:
                    os.close(fd)
                return
            mode = stat.S_IMODE(existing.st_mode) if existing else umask_mode()
            fd, tmp = tempfile.mkstemp(prefix=".qdl-", suffix=".tmp", dir=target.parent)
            try:
                os.fchmod(fd, mode)
                _write_all(fd, payload)
                os.fsync(fd)
                os.close(fd)
                fd = -1
                os.replace(tmp, target)
            except BaseException:
                if fd >= 0:
                    os.close(fd)
                if os.path.exists(tmp):
                    os.unlink(tmp)
                raise
        except OSError as exc:
            raise _write_error(exc, self.output) from None

    # ------------------------------------------------------------ side files
    @property
    def side_dir(self) -> Path | None:
        if self.plots:
            return Path(self.plots)
        if self.output:
            target = Path(self.output)
            if not target.exists() or target.is_file():
                return target.parent
        return None

    def side_file(self, name: str, lazy: bool = False) -> tuple[Path, Path] | None:
        """(where to write now, where it will be) for the side file ``name``; None when the
        user gave no place for side files. ``name`` must be a plain ``.png`` file name.
        ``lazy``: the staging folder is created only by :func:`draw_side_file` (a kind that
        resolves the name before a long run)."""
        if (not name or name in (".", "..") or "/" in name or "\\" in name or name[0] == "."
                or name != shown(name, 200)):
            raise ModelError(f"plot file name '{shown(name)}' must be a plain file name",
                             "give a name such as plot.png: plots go beside -o FILE or into "
                             "--plots DIR")
        if not name.lower().endswith(".png"):
            raise ModelError(f"plot file '{shown(name)}' must end in .png", "rename it")
        folder = self.side_dir
        if folder is None:
            return None
        final = folder / name
        if inputs.is_input(final) or (self.output and _same(final, Path(self.output))):
            raise UsageError("a plot would overwrite an input or the report of this run",
                             "rename the plot", file=str(final))
        if any(final == f for _, f in self._staged):
            raise ModelError(f"two plots are both called '{shown(name)}'", "rename one")
        if self._stage is None:  # ``lazy``: named now, created when a plot is drawn
            # (draw_side_file), so a run killed during a long study leaves nothing behind
            self._stage = folder / f".qdl-plots-{secrets.token_hex(8)}"
        if not lazy:
            try:
                self._stage.mkdir(mode=0o700, exist_ok=True)
            except OSError as exc:
                raise _write_error(exc, str(folder)) from None
        staged = self._stage / name
        self._staged.append((staged, final))
        return staged, final

    def commit(self) -> None:
        """Move every staged side file into place (after the report is written)."""
        try:
            for staged, final in self._staged:
                if staged.exists():
                    os.replace(staged, final)
        except OSError as exc:
            raise _write_error(exc, str(final)) from None
        finally:
            self.discard()

    def discard(self) -> None:
        """Remove every staged side file (the run failed, or they are committed)."""
        if self._stage is not None:
            shutil.rmtree(self._stage, ignore_errors=True)
        self._stage, self._staged = None, []


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view):]


def _write_error(exc: OSError, path: str) -> UsageError:
    reason = {errno.EACCES: "permission denied", errno.EPERM: "not permitted",
              errno.EROFS: "read-only file system", errno.ENOSPC: "no space left",
              errno.ENAMETOOLONG: "file name too long", errno.ENXIO: "a FIFO with no reader",
              errno.EISDIR: "is a folder", errno.ENOTDIR: "a folder on the path is not a "
                                                          "folder"}.get(exc.errno)
    return UsageError(f"cannot write: {reason or exc.strerror or exc}",
                      "choose another output path", file=path)


def side_file_for(options, name: str, lazy: bool = False) -> tuple[Path, Path] | None:
    """:meth:`Outputs.side_file` of the run ``options`` belong to (no run: nowhere)."""
    return (options.extra.get("outputs") or Outputs()).side_file(name, lazy)


def write_side_plot(options, name: str, draw) -> str:
    """Run ``draw(path) -> str`` for the side file ``name`` of this run and return what the
    report says about it: the file's final place, or :data:`NOT_WRITTEN` when the run has no
    place for side files (no -o, no --plots)."""
    return draw_side_file(side_file_for(options, name), draw)


def draw_side_file(target: tuple[Path, Path] | None, draw) -> str:
    """:func:`write_side_plot` for a ``target`` resolved earlier (a kind that checks the name
    before a long run): ``draw`` writes the staged file; the report names the final one."""
    if target is None:
        return NOT_WRITTEN
    staged, final = target
    try:
        staged.parent.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise _write_error(exc, str(final.parent)) from None
    said = draw(staged)
    return said.replace(str(staged), str(final)) if isinstance(said, str) else str(final)
