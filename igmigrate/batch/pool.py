"""Long-lived worker processes fed one task at a time; a dead or hung worker is replaced."""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from igmigrate.batch import worker
from igmigrate.batch.worker import Task
from igmigrate.run_one import FAILED

Result = tuple[int, dict[str, object]]
TICK = 0.5  # seconds between two calls of Pool.tick while every worker is busy


def _context() -> Any:  # a multiprocessing context (typeshed's BaseContext lacks Process)
    """fork: every worker (a replacement too) is a copy of this process, igmigrate already
    imported. The batch runs no other thread (the progress bar is refreshed by hand, see
    Pool.tick), so forking is safe; spawn where fork does not exist."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


@dataclass
class _Worker:
    proc: BaseProcess
    conn: Connection
    task: Task | None = None
    started: float = 0.0


def _failure(message: str) -> dict[str, object]:
    return {"status": FAILED, "exit_code": 1, "counts": {}, "error": message, "rules": []}


def _death(proc: BaseProcess) -> str:
    code = proc.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"the worker converting it crashed ({name}); other servers were not affected"
    return f"the worker converting it exited with code {code}; other servers were not affected"


class Pool:
    """`jobs` workers; `timeout` seconds per server (None: no limit)."""

    def __init__(
        self, jobs: int, timeout: float | None, tick: Callable[[], None] | None = None
    ) -> None:
        self.jobs, self.timeout, self.tick = max(1, jobs), timeout, tick
        self.ctx = _context()
        self.workers: list[_Worker] = []

    def _start(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=worker.main, args=(child,), daemon=True)
        proc.start()
        child.close()
        w = _Worker(proc, parent)
        self.workers.append(w)
        return w

    def _retire(self, w: _Worker, kill: bool) -> None:
        if kill:
            w.proc.kill()
        w.proc.join(5)
        if w.proc.is_alive():  # its pipe closed, yet it runs: it is of no use any more
            w.proc.kill()
            w.proc.join()
        w.conn.close()
        self.workers.remove(w)

    def run(self, tasks: Iterable[Task]) -> Iterator[Result]:
        """Each task's (index, entry), in the order they finish."""
        pending = iter(tasks)
        try:
            for _ in range(self.jobs):
                self._start()
            yield from self._loop(pending)
        finally:
            self.close()

    def _assign(self, pending: Iterator[Task]) -> None:
        for w in self.workers:
            if w.task is None:
                task = next(pending, None)
                if task is None:
                    return
                w.task, w.started = task, time.monotonic()
                w.conn.send(task)

    def _loop(self, pending: Iterator[Task]) -> Iterator[Result]:
        while True:
            self._assign(pending)
            busy = [w for w in self.workers if w.task is not None]
            if not busy:
                return
            limit = None
            if self.timeout is not None:
                first = min(w.started for w in busy) + self.timeout
                limit = max(0.0, first - time.monotonic())
            if self.tick is not None:
                self.tick()
                limit = TICK if limit is None else min(limit, TICK)
            ready = set(wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], limit))
            now = time.monotonic()
            for w in busy:
                task = w.task
                assert task is not None
                if w.conn in ready or w.proc.sentinel in ready:
                    result = self._receive(w)
                    if result is None:  # died mid-task (its pipe may close before it is reaped)
                        self._retire(w, kill=False)
                        self._start()
                        yield task.index, _failure(_death(w.proc))
                    else:
                        w.task = None
                        yield result
                elif self.timeout is not None and now - w.started >= self.timeout:
                    self._retire(w, kill=True)
                    self._start()
                    yield (
                        task.index,
                        _failure(
                            f"timed out after {self.timeout:g} s (--timeout): its worker was"
                            " stopped; other servers were not affected"
                        ),
                    )

    @staticmethod
    def _receive(w: _Worker) -> Result | None:
        try:
            if w.conn.poll():
                result: Result = w.conn.recv()
                return result
        except (EOFError, OSError):
            pass
        return None

    def close(self) -> None:
        """Stop every worker: a polite None to the idle ones, a kill to the busy ones."""
        for w in list(self.workers):
            if w.task is None:
                try:
                    w.conn.send(None)
                except OSError:
                    w.proc.kill()
            else:
                w.proc.kill()
        for w in list(self.workers):
            w.proc.join(5)
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join()
            w.conn.close()
        self.workers.clear()
