"""Engines that run many scenarios: a local process pool, or a Ray cluster.

Work is a ``Job``: a picklable object whose ``run(start, stop)`` computes the results of
scenarios ``start`` to ``stop - 1``. Every scenario draws its own random numbers from
(seed, scenario index), never from the worker it lands on, and the results are put back in
scenario order, so the answer is byte-identical for any number of workers and on either
engine. Scenarios are handed out in contiguous chunks, a few per worker, so that a slow
chunk does not hold the others up.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from seribu_planner.errors import InputError, Problem

R = TypeVar("R")

LOCAL = "local"
RAY = "ray"
ENGINES = (LOCAL, RAY)
#: Chunks per worker: enough to even out slow chunks, few enough to keep overhead small.
CHUNKS_PER_WORKER = 4

RAY_TIP = "install the Ray extra: pip install 'seribu-planner[ray]' (or use --engine local)"


class Job(Protocol[R]):
    """Work over scenario indices; must pickle, and give the same result on any process."""

    def run(self, start: int, stop: int) -> list[R]:
        """The results of scenarios ``start`` .. ``stop - 1``, in order."""
        ...


def cpu_count() -> int:
    """The cores this process may use (the default number of workers)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Engine:
    """Where scenarios run: ``local`` (a process pool of ``workers``) or ``ray``."""

    kind: str = LOCAL
    workers: int = 1
    #: Address of a running Ray cluster (``ray://host:10001``, ``auto``); None: start one.
    address: str | None = None

    def check(self) -> None:
        """Bad input (an unknown engine, Ray not installed) before any work starts."""
        if self.kind not in ENGINES:
            message = f"unknown engine {self.kind!r}; choose one of {', '.join(ENGINES)}"
            raise InputError([Problem("--engine", None, None, "", message)])
        if self.workers < 1:
            message = f"must be at least 1 (got {self.workers})"
            raise InputError([Problem("--workers", None, None, "", message)])
        if self.kind == LOCAL and self.address is not None:
            message = "--address names a Ray cluster; it needs --engine ray"
            raise InputError([Problem("--address", None, None, "", message)])
        if self.kind == RAY and not ray_available():
            message = "the Ray engine needs the optional package ray, which is not installed"
            raise InputError([Problem("--engine", None, None, "ray", message)], tip=RAY_TIP)


def ray_available() -> bool:
    """Whether the optional Ray package can be imported."""
    try:
        import ray  # noqa: F401
    except ImportError:
        return False
    return True


def chunks(count: int, workers: int) -> list[range]:
    """Contiguous chunks of ``range(count)``, about ``CHUNKS_PER_WORKER`` per worker."""
    if count <= 0:
        return []
    size = max(1, math.ceil(count / (workers * CHUNKS_PER_WORKER)))
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def run(job: Job[R], count: int, engine: Engine) -> list[R]:
    """The results of scenarios ``0`` .. ``count - 1``, in order, on the chosen engine."""
    engine.check()
    parts = chunks(count, engine.workers)
    if engine.kind == RAY:
        return _run_ray(job, parts, engine)
    if engine.workers == 1 or len(parts) <= 1:
        return [result for part in parts for result in job.run(part.start, part.stop)]
    return _run_pool(job, parts, engine.workers)


# --------------------------------------------------------------------------- local pool

_worker_job: list[Any] = []


def _init_worker(job: Job[Any]) -> None:
    # The parent process handles Ctrl-C (and stops the pool); workers just stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_job[:] = [job]


def _run_part(bounds: tuple[int, int]) -> list[Any]:
    result: list[Any] = _worker_job[0].run(*bounds)
    return result


def _context() -> multiprocessing.context.BaseContext:
    # fork starts workers in milliseconds with the data already in memory; elsewhere
    # (macOS, Windows) the platform's default start method.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _run_pool(job: Job[R], parts: Sequence[range], workers: int) -> list[R]:
    # Forked workers share the parent's memory until they write to it, and the garbage
    # collector writes to every object it visits: freezing the objects there are now keeps
    # the workers from copying the parent's pages (gc.freeze's documented purpose).
    gc.freeze()
    try:
        pool = _context().Pool(min(workers, len(parts)), _init_worker, (job,))
    finally:
        gc.unfreeze()
    try:
        # imap keeps the chunks in order, whichever worker finishes first.
        results = list(pool.imap(_run_part, [(p.start, p.stop) for p in parts]))
    except BaseException:
        # Ctrl-C, SIGTERM or a failure: stop every worker now, not after its chunk (a
        # chunk of hindsight solves can take minutes).
        pool.terminate()
        pool.join()
        raise
    pool.close()
    pool.join()
    return [result for part in results for result in part]


# --------------------------------------------------------------------------- ray


def _ray_part(job: Job[Any], start: int, stop: int) -> list[Any]:
    return job.run(start, stop)


@dataclass
class _RaySession(Generic[R]):
    """A Ray connection for one run: an existing one is reused and left open."""

    engine: Engine
    started: bool = False

    def __enter__(self) -> Any:
        import ray

        if not ray.is_initialized():
            options: dict[str, Any] = {"log_to_driver": False, "logging_level": "ERROR"}
            address = self.engine.address
            try:
                if address is not None:
                    ray.init(address=address, **options)
                else:
                    ray.init(num_cpus=self.engine.workers, include_dashboard=False, **options)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                where = f"the Ray cluster at {address}" if address else "a local Ray instance"
                message = f"could not start or reach {where}: {exc}"
                raise InputError(
                    [Problem("--address" if address else "--engine", None, None, "", message)],
                    tip="start a cluster with `ray start --head` and pass --address, "
                    "or use --engine local",
                ) from None
            self.started = True
        return ray

    def __exit__(self, *exc: object) -> None:
        if self.started:
            import ray

            ray.shutdown()


def _run_ray(job: Job[R], parts: Sequence[range], engine: Engine) -> list[R]:
    with _RaySession[R](engine) as ray:
        remote: Callable[..., Any] = ray.remote(_ray_part).remote
        shared = ray.put(job)  # sent to the object store once, not once per chunk
        futures = [remote(shared, p.start, p.stop) for p in parts]
        results: list[list[R]] = ray.get(futures)
    return [result for part in results for result in part]
