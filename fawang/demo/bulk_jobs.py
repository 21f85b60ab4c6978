"""Run the statements of a bulk load on several PostgreSQL connections at once (issue 7 §8; ADR 0090).

A job is a named callable with the names of the jobs it must wait for. Each worker thread has its own Django
connection (Django keeps one per thread), takes the first job of the list whose predecessors are done, and
closes its connection when the list is exhausted. The list order is the priority: long jobs that others wait for
first. The first failure stops the workers from taking new jobs and is raised again in the caller's thread once
every running job has returned.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from time import perf_counter

from django.db import connection, connections

logger = logging.getLogger(__name__)

# Session settings of every loading connection: a load that fails is redone in a fresh database anyway, so a
# commit need not wait for the WAL flush; index builds get room to sort in memory. Two connections already use
# both cores of a small machine, so no parallel maintenance workers on top.
SESSION = (
    "SET synchronous_commit = off",
    "SET TIME ZONE 'UTC'",
    "SET maintenance_work_mem = '512MB'",
    "SET max_parallel_maintenance_workers = 0",
    "SET work_mem = '64MB'",
)


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], object]
    after: tuple[str, ...] = ()


def session_prepare() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in SESSION:
            cursor.execute(statement)


class _Board:
    """The shared state of the workers: jobs not taken yet, jobs done, the first errors."""

    def __init__(self, jobs: Sequence[Job]) -> None:
        self.pending = list(jobs)
        self.done: set[str] = set()
        self.running = 0
        self.seconds: dict[str, float] = {}
        self.errors: list[BaseException] = []
        self.changed = threading.Condition()

    def take(self) -> Job | None:
        with self.changed:
            while not self.errors and self.pending:
                job = next((j for j in self.pending if self.done.issuperset(j.after)), None)
                if job is not None:
                    self.pending.remove(job)
                    self.running += 1
                    return job
                if not self.running:  # nothing runs that could make a job ready: a cycle
                    return None
                self.changed.wait()
            return None

    def finish(self, job: Job | None, seconds: float, error: BaseException | None) -> None:
        with self.changed:
            if job is not None:
                self.running -= 1
                if error is None:
                    self.seconds[job.name] = seconds
                    self.done.add(job.name)
            if error is not None:
                self.errors.append(error)
            self.changed.notify_all()

    def work(self) -> None:
        try:
            session_prepare()
        except BaseException as exc:
            self.finish(None, 0.0, exc)
            connections.close_all()
            return
        try:
            while (job := self.take()) is not None:
                started = perf_counter()
                try:
                    job.run()
                except BaseException as exc:
                    self.finish(job, 0.0, exc)
                    return
                took = perf_counter() - started
                logger.info("%.2f s [%s] %s", took, threading.current_thread().name, job.name)
                self.finish(job, took, None)
        finally:
            connections.close_all()  # this thread's connections only


def jobs_run(jobs: Sequence[Job], *, workers: int = 2) -> dict[str, float]:
    """Run `jobs` on `workers` connections respecting `after`; returns the seconds each job took."""
    names = {job.name for job in jobs}
    missing = {dep for job in jobs for dep in job.after} - names
    if missing or len(names) != len(jobs):
        raise ValueError(f"bad job list: unknown predecessors {sorted(missing)} or duplicate names")
    board = _Board(jobs)
    threads = [threading.Thread(target=board.work, name=f"load-{i + 1}") for i in range(workers)]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            thread.join()
    except BaseException as exc:  # Ctrl-C in the caller: take no new job, let the running statements return
        board.finish(None, 0.0, exc)
        for thread in threads:
            thread.join()
        raise
    if board.errors:
        raise board.errors[0]
    if board.pending:
        raise ValueError(f"jobs never ready: {[job.name for job in board.pending]}")
    return board.seconds
