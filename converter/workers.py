"""A pool of worker processes that outlives what one task does to its worker.

Takes: tasks, a number of workers, a per-task time limit, a function run in the workers (with
an initializer), and a function that turns a lost task into a record.
Gives: one result per task, in the order they finish. Each worker runs one task at a time, so
the parent always knows which task a worker holds: a worker that dies (killed, out of memory,
a crash in a compiled library) or that does not answer within the time limit (plus a grace
period for the worker's own, cooperative limit to answer first) is ended and replaced, its task
becomes a record from `lost(task, reason)`, and the others go on. It works with every
multiprocessing start method (`fork` where there is one, `spawn` on Windows and macOS, or the
one named by the XBRL_EXPORT_START_METHOD environment variable), and with no signal but the
ones every platform has: workers ignore Ctrl-C, which the parent handles.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import wait
from typing import Any

KILL_GRACE = 1.0              # seconds past the limit before the parent ends a worker
TASKS_PER_WORKER = 2000       # a worker is replaced after this many tasks (bounds slow leaks)
START_FAILURES_ALLOWED = 3    # workers that die before they are ready, before the run gives up
START_METHOD_VARIABLE = "XBRL_EXPORT_START_METHOD"


class WorkersCannotStart(RuntimeError):
    """Worker processes die before they are ready (the run cannot go on)."""


def start_method() -> str:
    """The start method: XBRL_EXPORT_START_METHOD if set, else fork where it exists (workers
    share the caches the parent warmed), else spawn."""
    wanted = os.environ.get(START_METHOD_VARIABLE, "").strip()
    methods = multiprocessing.get_all_start_methods()
    if wanted in methods:
        return wanted
    return "fork" if "fork" in methods and hasattr(os, "fork") else "spawn"


def _serve(connection, initializer: Callable, initargs: tuple, work: Callable) -> None:
    """A worker's life: get ready, then answer one task at a time until told to stop."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    except (ValueError, OSError):  # pragma: no cover - no such signal here
        pass
    initializer(*initargs)
    connection.send(("ready", None))
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        connection.send(("done", work(task)))


@contextmanager
def _ctrl_c_ignored():
    """Ignore SIGINT while a worker is started, so that it inherits the ignoring: Ctrl-C in the
    terminal reaches every process of the group, and only the parent must act on it."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: the worker sets it itself, a moment later
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _Worker:
    def __init__(self, context, initializer, initargs, work):
        self.connection, child = context.Pipe(duplex=True)
        self.process = context.Process(target=_serve, args=(child, initializer, initargs, work),
                                       daemon=True)
        with _ctrl_c_ignored():  # the worker starts ignoring Ctrl-C (spawn: before its imports)
            self.process.start()
        child.close()
        self.ready = False
        self.task: Any = None
        self.deadline = float("inf")
        self.done = 0

    @property
    def waited_for(self) -> bool:
        return not self.ready or self.task is not None

    def assign(self, task, timeout: float | None) -> None:
        self.connection.send(task)
        self.task = task
        self.deadline = time.monotonic() + timeout + KILL_GRACE if timeout else float("inf")

    def poll(self, ready: set) -> tuple[str, Any]:
        """What happened: ("ready"|"result"|"died"|"late"|"busy", the result if any)."""
        if self.connection in ready:
            try:
                kind, value = self.connection.recv()
            except (EOFError, OSError):
                return "died", None
            return kind if kind == "ready" else "result", value
        if self.process.sentinel in ready:
            return "died", None
        if self.task is not None and time.monotonic() > self.deadline:
            return "late", None
        return "busy", None

    def stop(self) -> None:
        """Ask an idle worker to finish, then make sure it has."""
        if self.ready and self.task is None and self.process.is_alive():
            try:
                self.connection.send(None)
                self.process.join(5)
            except OSError:
                pass
        self.end()

    def end(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()

    def death(self) -> str:
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            return f"killed by {name} (out of memory, or ended from outside)"
        return f"exited with status {code}"


TICK = 0.5  # seconds: how often `tick` is called while the parent waits


def run_tasks(tasks: list, jobs: int, timeout: float | None, initializer: Callable,
              initargs: tuple, work: Callable, lost: Callable[[Any, str], Any],
              tick: Callable[[], None] = lambda: None) -> Iterator:
    """Run `work(task)` for every task in up to `jobs` workers; see the module docstring.
    `tick` is called at least every TICK seconds while the parent waits (to flush a report)."""
    if not tasks:
        return
    context = multiprocessing.get_context(start_method())
    pending = deque(tasks)
    workers: list[_Worker | None] = []
    start_failures = 0

    def start() -> _Worker | None:
        return _Worker(context, initializer, initargs, work) if pending else None

    try:
        workers = [start() for _ in range(max(1, min(jobs, len(tasks))))]
        while True:
            for index, worker in enumerate(workers):
                if worker is not None and worker.ready and worker.task is None and pending:
                    task = pending.popleft()
                    try:
                        worker.assign(task, timeout)
                    except OSError:  # it died while idle: the task goes to its successor
                        pending.appendleft(task)
                        worker.task = None
                        worker.end()
                        workers[index] = start()
            waited = [w for w in workers if w is not None and w.waited_for]
            if not any(w.task is not None for w in waited) and not pending:
                break
            soonest = min(w.deadline for w in waited)
            wait_for = min(TICK, max(0.0, soonest - time.monotonic()))
            ready = set(wait([w.connection for w in waited] + [w.process.sentinel for w in waited],
                             timeout=wait_for))
            tick()
            for index, worker in enumerate(workers):
                if worker is None or not worker.waited_for:
                    continue
                state, value = worker.poll(ready)
                if state == "ready":
                    worker.ready = True
                elif state == "result":
                    worker.task, worker.deadline = None, float("inf")
                    worker.done += 1
                    yield value
                    if worker.done >= TASKS_PER_WORKER:
                        worker.stop()
                        workers[index] = start()
                elif state in ("died", "late"):
                    task = worker.task
                    reason = (f"no answer within the time limit ({timeout:g} s): the worker was "
                              "ended" if state == "late" else None)
                    worker.end()
                    if task is not None:
                        yield lost(task, reason or f"the worker process died: {worker.death()}")
                    elif not worker.ready:
                        start_failures += 1
                        if start_failures > START_FAILURES_ALLOWED:
                            raise WorkersCannotStart("worker processes die as they start "
                                                     f"({worker.death()})")
                    workers[index] = start()
    finally:
        for worker in workers:
            if worker is not None:
                worker.stop()
