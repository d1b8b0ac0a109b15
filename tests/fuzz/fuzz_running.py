"""Running one fuzz case: materialise its files, call ``qdl-compile`` in this process or in a
forked child under CPU, wall-clock and address-space bounds, and record what changed.

Loaded through cases.py."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import resource
import signal
import stat
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from fuzz_inputs import Case

# ---------------------------------------------------------------- running one case

@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    seconds: float
    changed: list[str]
    created: list[str]
    outputs: dict[str, str]



def _materialise(case: Case, folder: Path) -> None:
    for name, content in case.files.items():
        path = folder / name
        if content == "<FIFO>":
            os.mkfifo(path)
        elif content == "<DIR>":
            path.mkdir()
        elif isinstance(content, str) and content.startswith("<LINK:"):
            path.symlink_to(content[6:-1])
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", errors="surrogateescape")


def _snapshot(folder: Path) -> dict[str, tuple]:
    """Every regular file's (hash, mode) under ``folder``; special files by their type."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in files + dirs:
            path = Path(root, name)
            st_ = path.lstat()
            if stat.S_ISREG(st_.st_mode):
                out[str(path.relative_to(folder))] = (
                    hashlib.sha256(path.read_bytes()).hexdigest(), st_.st_mode)
            else:
                out[str(path.relative_to(folder))] = ("special", stat.S_IFMT(st_.st_mode))
    return out


#: The machine may be shared: a case is too slow when its CPU time exceeds the bound, and it
#: hangs when its wall-clock time exceeds WALL_FACTOR times the bound (a blocked read uses no
#: CPU at all).
WALL_FACTOR = 4


class _Timeout(KeyboardInterrupt):
    """Raised by the alarm; a KeyboardInterrupt so that main() stops at once (status 130)."""


def _call_main(argv: list[str], timeout: float) -> tuple[int, str, str]:
    from qdl.compiler.cli import main

    out, err = io.StringIO(), io.StringIO()

    fired = []

    def alarm(signum, frame):
        fired.append(True)
        raise _Timeout()

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout * WALL_FACTOR)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 2
    except _Timeout:
        fired.append(True)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    return (-signal.SIGALRM if fired else code), out.getvalue(), err.getvalue()


def _address_space() -> int:
    """This process's virtual size in bytes (Linux's /proc; 0 where it cannot be read)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _call_forked(argv: list[str], timeout: float, memory: int, folder: Path
                 ) -> tuple[int, str, str]:
    """Run main(argv) in a forked child (default SIGALRM kills it even inside C code)."""
    out_path, err_path = folder.parent / "stdout", folder.parent / "stderr"
    pid = os.fork()
    if pid == 0:  # child
        try:
            for fd, path in ((1, out_path), (2, err_path)):
                handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.dup2(handle, fd)
            # under pytest sys.stdout/sys.stderr are capture objects, not fds 1 and 2
            sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
            sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
            # the bound is on what the case adds: a worker that has already run Aer holds GBs
            # of reserved address space, and a fixed cap below that fails the first malloc
            limit = _address_space() + memory
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.alarm(int(timeout * WALL_FACTOR) + 1)
            resource.setrlimit(resource.RLIMIT_CPU, (int(timeout) + 1, int(timeout) + 2))
            from qdl.compiler.cli import main

            try:
                code = main(argv)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 2
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        except BaseException:
            import traceback

            traceback.print_exc()
            sys.stderr.flush()
            os._exit(99)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    return (code, out_path.read_text(errors="replace"), err_path.read_text(errors="replace"))


def _cpu(forked: bool) -> float:
    """CPU seconds of this process (its threads included) or of its finished children."""
    if forked:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime
    return time.process_time()


def run_case(case: Case, *, timeout: float = 20.0, forked: bool = False,
             memory: int = 3 << 30) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="qdl-fuzz-") as top:
        folder = Path(top) / "d"
        folder.mkdir()
        _materialise(case, folder)
        before = _snapshot(folder)
        argv = [a.replace("{d}", str(folder)) for a in case.argv]
        cwd = os.getcwd()
        os.chdir(folder)  # a file written relative to the current folder is caught too
        start = _cpu(forked)
        try:
            if forked:
                code, out, err = _call_forked(argv, timeout, memory, folder)
            else:
                code, out, err = _call_main(argv, timeout)
        finally:
            os.chdir(cwd)
        seconds = _cpu(forked) - start
        after = _snapshot(folder)
        changed = sorted(k for k in before if after.get(k) != before[k])
        created = sorted(k for k in after if k not in before)
        outputs = {}
        for name in created + changed:
            path = folder / name
            if path.is_file() and not path.is_symlink() and path.suffix != ".png":
                outputs[name] = path.read_bytes().decode("utf-8", "replace")
        return Outcome(code, out, err, seconds, changed, created, outputs)
