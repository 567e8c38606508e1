"""A batch worker process: igmigrate imported once, then one server after another.

Test hook: IGMIGRATE_TEST_FAULTS="name=fault,…" makes the worker misbehave on the servers it
names, so that tests can show one server's crash or hang harms no other. Faults: `crash`
(SIGSEGV, as a native crash), `exit` (os._exit(70)), `hang` (sleeps forever), `hang-write`
(hangs inside the writer, after the new tree is rendered beside OUT, before the swap). Only batch
workers read it; a user can only meet it by setting that variable on purpose."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection

from igmigrate import writer
from igmigrate.config import Config
from igmigrate.findings import Status
from igmigrate.run_one import FAILED, Options, internal_error, run_one

FAULTS_ENV = "IGMIGRATE_TEST_FAULTS"
PR_SET_PDEATHSIG = 1
# Statuses whose rules the fleet report counts: those a human reads about
NOTABLE = (Status.PARTIAL, Status.MANUAL, Status.UNSUPPORTED, Status.ERROR)


@dataclass(frozen=True)
class Task:
    index: int
    name: str
    config: Config
    options: Options


def _fault(name: str) -> str | None:
    for item in os.environ.get(FAULTS_ENV, "").split(","):
        key, _, fault = item.partition("=")
        if key.strip() == name and fault.strip():
            return fault.strip()
    return None


def _forever(*_args: object) -> bool:
    while True:
        time.sleep(3600)


@contextlib.contextmanager
def _faulty(name: str) -> Iterator[None]:
    fault = _fault(name)
    if fault == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif fault == "exit":
        os._exit(70)
    elif fault == "hang":
        _forever()
    swap = writer._swap
    if fault == "hang-write":
        writer._swap = _forever  # type: ignore[assignment]
    try:
        yield
    finally:
        writer._swap = swap


def convert_one(task: Task) -> dict[str, object]:
    """One server's entry of the report (without where it is: the parent knows that)."""
    try:
        with _faulty(task.name):
            outcome = run_one(task.config, task.options)
    except Exception as e:  # run_one turns the known failures into an outcome: this is a bug
        return {"status": FAILED, "exit_code": 1, "counts": {}, "error": internal_error(e)}
    findings = outcome.findings
    rules = sorted({f.rule for f in findings if f.status in NOTABLE}) if findings else []
    return {
        "status": outcome.status,
        "exit_code": outcome.exit_code,
        "counts": findings.counts() if findings is not None else {},
        "error": outcome.error,
        "rules": rules,
    }


def main(conn: Connection) -> None:
    """Serve tasks until told to stop (None) or the parent goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):  # Linux: die with the parent, even hung
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    while True:
        try:
            # a sibling forked later holds a copy of this pipe's other end, so a parent killed
            # outright is seen by its pid going away, not by an end of file
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    return
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send((task.index, convert_one(task)))
