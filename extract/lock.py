"""One writer at a time on an output folder: a lock file holding the holder's pid, locked with flock.

The kernel releases an flock when its holder exits, however it exits (SIGKILL included), so a lock file
left behind by a killed run is stale by construction: the next run locks it and takes it over. The file
says who holds it (pid, host, command, start) so that a run refused the folder can say by whom.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .model import UsageError

LOCK = ".extract.lock"
UNSUPPORTED = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS}  # flock on a file system that has none
_HELD: dict[str, list] = {}  # resolved output folder -> [file descriptor, depth]: re-entrant in a process


class FolderInUse(UsageError):
    """Another process holds the output folder."""


@contextmanager
def locked(out: Path, command: str, required: bool = True) -> Iterator[None]:
    """Hold the lock of `out` for the block: FolderInUse when another process holds it. With
    `required=False` (a read-only audit), a folder where no lock file can be made is used unlocked."""
    key = str(out.resolve())
    if key in _HELD:
        _HELD[key][1] += 1
        try:
            yield
        finally:
            _HELD[key][1] -= 1
        return
    try:
        if required:
            out.mkdir(parents=True, exist_ok=True)
        fd = _acquire(out, command)
    except FolderInUse:
        raise
    except OSError as exc:
        if required and exc.errno not in UNSUPPORTED:
            raise
        if required:  # a file system without locks (some network mounts): said, not silently skipped
            print(f"extract: cannot lock the output folder {out} ({exc.strerror}); make sure no other run "
                  f"writes into it", file=sys.stderr)
        fd = None
    if fd is None:
        yield
        return
    _HELD[key] = [fd, 1]
    try:
        yield
    finally:
        del _HELD[key]
        with contextlib.suppress(OSError):
            (out / LOCK).unlink()  # still locked while it goes: a waiting process then finds a fresh file
        os.close(fd)


def _acquire(out: Path, command: str) -> int:
    path = out / LOCK
    for _ in range(100):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise FolderInUse(f"the output folder {out} is in use by {holder}; run again when it has "
                              f"finished (tables are written by one run at a time)") from None
        except OSError:
            os.close(fd)
            with contextlib.suppress(OSError):
                path.unlink()
            raise
        # The file locked must still be the one at the path: a holder that finished removed its file,
        # and a lock on a removed file keeps nobody out.
        try:
            here = os.stat(path)
        except FileNotFoundError:
            here = None
        mine = os.fstat(fd)
        if here is not None and (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino):
            info = {"pid": os.getpid(), "host": socket.gethostname(), "command": f"extract {command}",
                    "started": time.strftime("%Y-%m-%d %H:%M:%S")}
            os.ftruncate(fd, 0)
            os.pwrite(fd, (json.dumps(info) + "\n").encode("utf-8"), 0)
            return fd
        os.close(fd)
    raise FolderInUse(f"the output folder {out} is in use (its lock file keeps changing hands)")


def _holder(fd: int) -> str:
    """Who holds the lock, as its file says."""
    try:
        info = json.loads(os.pread(fd, 4096, 0).decode("utf-8"))
        return f"pid {info['pid']} ({info['command']} on {info['host']}, since {info['started']})"
    except (OSError, ValueError, KeyError, TypeError):
        return "another process (it has not yet written its pid)"
