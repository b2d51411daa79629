"""Worker processes that survive the loss of one of them and never outlive the parent.

Each worker has its own pipe. The parent sends chunks of tasks (two in flight per worker, so a
worker never waits for the parent), and the worker answers with one message per chunk, every
result of it: no round trip per task. Results arrive in the order chunks finish, so one slow
task holds back only its own chunk while the other workers go on. The parent reads every
answer that has come before it hands results on, and looks at the pipes again every few
results: a worker whose chunk is done is not left blocked on a full pipe while the caller
stores another's results.

When a worker dies (the OOM killer, a crash in a C extension, a file that kills it) the parent
knows the chunk it was on. A chunk of one task is that task: it is reported lost (through the
caller's ``lost`` function, with the signal or exit code). A longer chunk goes back to the
queue as chunks of one, so the task that kills workers is found exactly (it is lost when it
kills the next worker too) and the others are done as if nothing happened. A new worker takes
the dead one's place and the batch goes on.

Workers end with their parent: on Linux the kernel kills them when the parent dies
(``PR_SET_PDEATHSIG``); everywhere, an idle worker checks once a second that its parent is
still the one that started it, and a closed pipe ends it. Workers ignore SIGINT: Ctrl-C is the
parent's to handle (it stops them when it has written what was finished).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from itertools import islice
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            pass


def _worker_main(conn: Connection, work: Callable[[Any], Any], parent: int,
                 initializer: Callable[[], None] | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the line above took effect
        return
    if initializer is not None:
        initializer()
    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    return
            chunk = conn.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        results = [work(task) for task in chunk]
        try:
            conn.send(results)
        except (OSError, EOFError):
            return


def _context() -> Any:
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods and sys.platform.startswith("linux") else None)


def death_reason(exitcode: int | None) -> str:
    """``killed by SIGKILL`` / ``exit code 3``: how a worker ended."""
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


class _Worker:
    def __init__(self, ctx: Any, work: Callable[[Any], Any], initializer: Callable[[], None] | None) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker_main, args=(child, work, os.getpid(), initializer), daemon=True)
        self.process.start()
        child.close()
        self.inflight: deque[list[Any]] = deque()  # the chunks sent and not answered, oldest first


def _chunks(tasks: Iterable[T], size: int) -> Iterator[list[T]]:
    """``tasks`` in lists of ``size`` (the last one shorter), cut as they are asked for."""
    it = iter(tasks)
    while chunk := list(islice(it, size)):
        yield chunk


class WorkerPool(Generic[T, R]):
    """``jobs`` processes running ``work`` over tasks; see the module docstring."""

    def __init__(self, jobs: int, work: Callable[[T], R], *, initializer: Callable[[], None] | None = None,
                 chunk: int = 32) -> None:
        self.jobs, self.work, self.initializer, self.chunk = jobs, work, initializer, chunk
        #: Results handed on between two looks at the pipes.
        self.hand_on = 4
        self._ctx = _context()
        self._workers: list[_Worker] = []
        self.lost_workers = 0

    def pids(self) -> list[int]:
        """The worker processes' ids (for tests that kill one)."""
        return [w.process.pid for w in self._workers if w.process.pid is not None]

    def run(self, tasks: Collection[T], lost: Callable[[T, str], R]) -> Iterator[R]:
        """Each task's result (in the order their chunks finish); a task whose worker died is ``lost(task, reason)``.

        ``tasks`` is read a chunk at a time, as workers need more: a long collection kept out of
        memory (convert's list of files, on disk) is never copied whole."""
        left = len(tasks)
        # Chunks small enough that every worker gets several (the last ones finish together),
        # large enough that a message carries many results.
        size = max(1, min(self.chunk, left // (self.jobs * 4) or 1))
        fresh = _chunks(tasks, size)
        queue: deque[list[T]] = deque()  # chunks to send again (a dead worker's), ahead of fresh ones
        self._workers = [_Worker(self._ctx, self.work, self.initializer)
                         for _ in range(min(self.jobs, -(-left // size)))]
        received: deque[R] = deque()  # results taken from the pipes, not yet handed on
        try:
            while left or received:
                if left:
                    self._feed(queue, fresh)
                    if not any(w.inflight for w in self._workers):
                        left = 0  # the tasks ran out before len(tasks) said: nothing is left to wait for
                        continue
                    # Without results to hand on, wait for one; with some, only look: a worker that
                    # finished a chunk meanwhile is read now, not left waiting on a full pipe while
                    # the caller stores the other's results (SQLite: ~0.5 ms each).
                    left -= self._collect(queue, lost, received, block=not received)
                for _ in range(min(len(received), self.hand_on)):
                    yield received.popleft()
        finally:
            self.close()

    def _feed(self, queue: deque[list[T]], fresh: Iterator[list[T]]) -> None:
        """Chunks to every worker with fewer than two in flight: a dead worker's again first."""
        for w in self._workers:
            while len(w.inflight) < 2 and (chunk := queue.popleft() if queue else next(fresh, None)):
                w.inflight.append(chunk)
                try:
                    w.conn.send(chunk)
                except OSError:
                    break  # it died; its sentinel says so in _collect

    def _collect(self, queue: deque[list[T]], lost: Callable[[T, str], R], into: deque[R], *, block: bool) -> int:
        """Read every answer that has come (waiting for one when ``block``) into ``into``; replace
        dead workers, their chunk's tasks requeued one by one or, alone, lost. The tasks settled."""
        settled = 0
        ready = set(wait([w.conn for w in self._workers] + [w.process.sentinel for w in self._workers],
                         None if block else 0))
        for i, w in enumerate(list(self._workers)):
            dead = w.process.sentinel in ready
            if w.conn in ready or dead:
                try:
                    while w.inflight and w.conn.poll():
                        results = w.conn.recv()
                        w.inflight.popleft()
                        settled += len(results)
                        into.extend(results)
                except (EOFError, OSError):
                    dead = True
            if dead or not w.process.is_alive():
                w.process.join()
                reason = death_reason(w.process.exitcode)
                self.lost_workers += 1
                if w.inflight:
                    on = w.inflight.popleft()
                    queue.extendleft(reversed(w.inflight))  # not started: as they were
                    if len(on) == 1:
                        settled += 1
                        into.append(lost(on[0], reason))
                    else:  # which of its tasks killed it is unknown: each alone, first
                        queue.extendleft([task] for task in reversed(on))
                w.conn.close()
                self._workers[i] = _Worker(self._ctx, self.work, self.initializer)
        return settled

    def close(self) -> None:
        """Stop every worker (they finish nothing more)."""
        for w in self._workers:
            if w.inflight:  # stopped early (Ctrl-C, a write error): its results would be thrown away
                w.process.kill()
            else:
                try:
                    w.conn.send(None)
                except OSError:
                    pass
            w.conn.close()
        for w in self._workers:
            w.process.join(timeout=2)
            if w.process.is_alive():
                w.process.kill()
                w.process.join()
        self._workers = []
