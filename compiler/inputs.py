"""The input layer: every file qdl reads goes through :func:`read_bytes`.

It reads regular files only, never more than a limit (qdl.compiler.limits): a FIFO would block
forever and ``/dev/zero`` never ends, so the file is opened without blocking and checked with
``fstat`` before a byte is read. Every failure is a one-line :class:`~qdl.errors.QdlError`
naming the file (escaped: names can hold control characters).

It also remembers what it read during the current run (:func:`begin_run`), so the output layer
(qdl.compiler.outputs) can refuse to overwrite any input: the model, an ``--input`` circuit, or
a data table the model references.
"""

from __future__ import annotations

import errno
import os
import stat

from qdl.compiler import limits
from qdl.errors import ModelError

#: (st_dev, st_ino) and resolved path of every file read in this run
_read: dict[tuple[int, int], str] = {}

_KINDS = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a directory"}


def begin_run() -> None:
    """Forget the inputs of an earlier run (the CLI calls this once per command)."""
    _read.clear()


def inputs_read() -> list[str]:
    return list(_read.values())


def is_input(path: str | os.PathLike) -> bool:
    """True when ``path`` is (the same file as) something read in this run."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) in _read


def remember(path: str | os.PathLike) -> None:
    """Record ``path`` as an input of this run (for files read by other libraries)."""
    try:
        st = os.stat(path)
    except OSError:
        return
    _read[(st.st_dev, st.st_ino)] = os.path.realpath(path)


def read_bytes(path: str | os.PathLike, *, limit: str, what: str = "file",
               error=ModelError) -> bytes:
    """The contents of the regular file ``path``, at most ``limits.get(limit)`` bytes."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _os_error(exc, name, what, error) from None
    try:
        st = os.fstat(fd)
        kind = stat.S_IFMT(st.st_mode)
        if kind != stat.S_IFREG:
            raise error(f"is {_KINDS.get(kind, 'a special file')}, not a regular file",
                        f"give the path of the {what}", file=name)
        cap = limits.get(limit)
        if st.st_size > cap:
            raise error(f"{what} is {st.st_size:,} bytes, more than the limit of {cap:,}",
                        f"raise it with --limit {limit}=N if you mean it", file=name)
        chunks, total = [], 0
        while True:  # read to the end, but never past the cap (a file can grow meanwhile)
            chunk = os.read(fd, min(1 << 20, cap + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > cap:
                raise error(f"{what} is more than the limit of {cap:,} bytes",
                            f"raise it with --limit {limit}=N if you mean it", file=name)
    except OSError as exc:
        raise _os_error(exc, name, what, error) from None
    finally:
        os.close(fd)
    _read[(st.st_dev, st.st_ino)] = os.path.realpath(name)
    return b"".join(chunks)


def read_text(path: str | os.PathLike, *, limit: str, what: str = "file",
              error=ModelError) -> str:
    """:func:`read_bytes` decoded as UTF-8 (a decoding error names the byte)."""
    data = read_bytes(path, limit=limit, what=what, error=error)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 text (byte {exc.start})", "save the file as UTF-8",
                    file=str(path)) from None


def _os_error(exc: OSError, name: str, what: str, error) -> Exception:
    reason = {errno.ENOENT: "no such file", errno.EISDIR: "is a directory, not a file",
              errno.EACCES: "permission denied", errno.ENAMETOOLONG: "file name too long",
              errno.ELOOP: "too many symbolic links", errno.ENOTDIR: "a folder on the path "
                                                                     "is not a folder"}
    fix = "check the path" if exc.errno != errno.EACCES else "check the file's permissions"
    return error(reason.get(exc.errno, f"cannot read: {exc.strerror}"), fix, file=name)

