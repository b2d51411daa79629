"""The worker pool: chunks of tasks, results per chunk in completion order, lost workers."""

from __future__ import annotations

import os
import time

from govreport.pool import WorkerPool

KILLER = 37


def _square(n: int) -> int:
    return n * n


def _dies_on_killer(n: int) -> int:
    if n == KILLER:
        os._exit(3)  # a file that takes its worker down, every time
    return n * n


def _slow_first(n: int) -> int:
    if n == 0:
        time.sleep(1.0)
    return n


def _lost(n: int, reason: str) -> int:
    return -n - 1000 if reason else -1


def test_every_task_once_in_chunks():
    pool: WorkerPool[int, int] = WorkerPool(2, _square, chunk=8)
    got = list(pool.run(list(range(500)), _lost))
    assert sorted(got) == [n * n for n in range(500)]
    assert pool.lost_workers == 0


def test_a_task_that_kills_every_worker_is_lost_alone_and_the_rest_done():
    pool: WorkerPool[int, int] = WorkerPool(2, _dies_on_killer, chunk=8)
    got = list(pool.run(list(range(200)), _lost))
    assert sorted(got) == sorted([-KILLER - 1000] + [n * n for n in range(200) if n != KILLER])
    # once in its chunk (its chunk is then run task by task), once alone: then it is the one
    assert pool.lost_workers == 2


def test_a_worker_killed_from_outside_loses_no_task():
    import signal

    pool: WorkerPool[int, int] = WorkerPool(2, _slow_first, chunk=4)
    results = pool.run(list(range(64)), _lost)
    got = [next(results)]
    os.kill(pool.pids()[0], signal.SIGKILL)  # the worker with task 0 (it sleeps): its chunk is in flight
    got += list(results)
    assert pool.lost_workers == 1
    assert sorted(got) == list(range(64))  # its chunk was done again, task by task: nothing lost


def test_one_slow_task_holds_back_only_its_own_chunk():
    pool: WorkerPool[int, int] = WorkerPool(2, _slow_first, chunk=4)
    got = list(pool.run(list(range(64)), _lost))
    assert sorted(got) == list(range(64))
    assert got.index(0) > 32  # the other worker went on meanwhile: results come as chunks finish
