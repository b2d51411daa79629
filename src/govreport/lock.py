"""One writer per output: an advisory lock held while a convert writes it.

The lock is a POSIX record lock (``lockf``) on ``OUT.lock`` beside the output; the kernel
releases it when the process ends however it ends (even SIGKILL), so a stale lock file never
blocks a later run. Unlike ``flock``, the lock is the process's own: worker processes forked
while it is held do not share it, so a worker that lingers cannot keep an output locked.
The file names its holder (pid, host, start time, command), which a second convert on the
same output prints before it stops.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any, ClassVar

from .errors import OutputError


def lock_path(output: Path) -> Path:
    """Where the lock of an output lives."""
    return output.with_name(output.name + ".lock")


class OutputLock:
    """An exclusive, non-blocking lock on an output (see the module docstring)."""

    # POSIX record locks do not exclude the process that holds them, so the outputs this
    # process has locked are also kept here (two writers in one program, two threads).
    _held: ClassVar[set[str]] = set()
    _guard: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, output: Path) -> None:
        self.output = output
        self.path = lock_path(output)
        self._file: IO[str] | None = None
        self._key: str | None = None

    def acquire(self) -> OutputLock:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not on POSIX: no locking
            return self
        with self._guard:
            return self._acquire(fcntl)

    def _acquire(self, fcntl: Any) -> OutputLock:
        # checked before opening: closing any descriptor of the file would drop this process's lock
        key = os.path.realpath(self.path)
        if key in self._held:
            raise OutputError("is being written by another writer in this process", source=str(self.output),
                              expected="that writer to be closed first")
        try:
            f = open(self.path, "a+", encoding="utf-8")
        except OSError as e:
            raise OutputError(f"cannot create the lock file {self.path}: {e.strerror or e}",
                              source=str(self.output), expected="a writable folder") from None
        try:
            fcntl.lockf(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            f.seek(0)
            holder = f.read().strip() or "another process"
            f.close()
            raise OutputError(f"is being written by another convert ({holder})", source=str(self.output),
                              expected="that convert to finish (or to be stopped) first") from None
        f.seek(0)
        f.truncate()
        f.write(f"pid {os.getpid()} on {socket.gethostname()}, since {time.strftime('%Y-%m-%d %H:%M:%S')}: "
                f"{' '.join(sys.argv)}\n")
        f.flush()
        self._file = f
        self._key = key
        self._held.add(key)
        return self

    def release(self) -> None:
        with self._guard:
            if self._file is not None:
                self._file.close()  # closing the descriptor releases the lock
                self._file = None
            if self._key is not None:
                self._held.discard(self._key)
                self._key = None
