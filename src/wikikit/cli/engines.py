"""Where the pipeline's batches run: local worker processes, or a Dask cluster.

Both engines take ``submit(fn, *args)`` and give back futures with ``done()``,
``result()`` and ``cancel()``, so :mod:`~wikikit.cli.pipeline` keeps results
in input order with the same bounded window on either. :class:`DaskEngine`
connects to a scheduler (or starts a local cluster of ``jobs`` one-thread
worker processes), and first makes sure every worker imports this version of
wikikit: a worker that cannot would fail each batch with a pickling error.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any, Protocol

from wikikit.version import __version__

__all__ = [
    "ENGINES",
    "SCHEDULER_WAIT",
    "DaskEngine",
    "Engine",
    "EngineError",
    "FutureLike",
    "ProcessEngine",
]

#: The values of ``--engine``.
ENGINES = ("local", "dask")

#: Seconds to wait for a scheduler to answer, and for a first worker to join it.
SCHEDULER_WAIT = 60.0


class EngineError(Exception):
    """The engine cannot run (Dask missing, no workers, workers without wikikit)."""


class FutureLike(Protocol):
    def done(self) -> bool: ...

    def result(self) -> Any: ...

    def cancel(self) -> Any: ...


class Engine(Protocol):
    """Runs batches somewhere; ``slots`` is how many run at once."""

    slots: int

    def submit(self, fn: Callable[..., Any], *args: Any) -> FutureLike: ...

    def close(self) -> None: ...


def _ignore_sigint() -> None:
    # Ctrl-C reaches the whole process group; only the main process handles it,
    # so workers finish their batch quietly instead of printing tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _pool_context() -> Any:
    import multiprocessing  # with the pool only: one job runs in this process

    # fork on Linux: workers start in milliseconds and inherit the loaded grammar and
    # every registered check. Elsewhere (macOS: fork is unsafe there) the default.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


class ProcessEngine:
    """``jobs`` worker processes on this machine."""

    def __init__(self, jobs: int) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self.slots = jobs
        self._executor = ProcessPoolExecutor(
            jobs, mp_context=_pool_context(), initializer=_ignore_sigint
        )

    def submit(self, fn: Callable[..., Any], *args: Any) -> FutureLike:
        return self._executor.submit(fn, *args)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


# Evaluated on each worker by the builtin eval, so the probe itself needs no wikikit there.
_PROBE = "__import__('wikikit.version', fromlist=['__version__']).__version__"


def _local_cluster_config() -> dict[str, Any]:
    # The profiler only feeds the dashboard, which a local cluster here does not serve;
    # its sampling thread takes the GIL from the task a hundred times a second. Dask's
    # MALLOC_TRIM_THRESHOLD_ for its workers hands freed memory back to the system at
    # once, which costs a worker that parses page after page about 4% in system time
    # (its memory stays flat without it); the thread caps for numeric libraries stay.
    # Workers are spawned, Dask's default: forking a process whose event loop is
    # running could leave a lock held in the child, and the run would hang.
    # Every wake-up of a worker's event loop takes the GIL from the task: with its
    # 20 ms tick and 100 ms memory checks a task waited about 1.5% of its time for it,
    # 0.4% with these (the memory limit is then enforced within a second).
    return {
        "distributed.worker.profile.enabled": False,
        "distributed.admin.tick.interval": "1s",
        "distributed.worker.memory.monitor-interval": "1s",
        "distributed.admin.system-monitor.interval": "5s",
        "distributed.nanny.pre-spawn-environ": {
            "OMP_NUM_THREADS": 1,
            "MKL_NUM_THREADS": 1,
            "OPENBLAS_NUM_THREADS": 1,
        },
    }


class DaskEngine:
    """A Dask cluster: the scheduler at ``address``, or a local cluster of ``jobs`` workers.

    ``wait`` is how long to wait for the scheduler, and for a first worker to join
    it (default :data:`SCHEDULER_WAIT`).
    """

    def __init__(self, address: str | None, jobs: int, *, wait: float | None = None) -> None:
        import logging

        wait = SCHEDULER_WAIT if wait is None else wait
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as e:
            raise EngineError(
                "--engine dask needs Dask's distributed scheduler: pip install 'wikikit[dask]'"
            ) from e
        self._cluster: Any = None
        self._client: Any = None
        # What the engine set for its own life (the local cluster's configuration).
        self._settings = ExitStack()
        try:
            if address is None:
                # Set for the cluster's whole life: its nannies read the configuration
                # again whenever they restart a worker.
                self._settings.enter_context(dask.config.set(_local_cluster_config()))
                self._cluster = LocalCluster(
                    n_workers=jobs,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    # Its small HTTP server (health, logs, metrics) on a free port of
                    # this machine only: two runs at once would otherwise contend for
                    # 8787, and an address without a host listens on every interface.
                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                    silence_logs=logging.ERROR,
                )
                self._client = Client(self._cluster)
            else:
                self._client = Client(address, timeout=wait)
                self._client.wait_for_workers(1, timeout=wait)
        except EngineError:
            raise
        except Exception as e:
            self.close()
            what = (
                "cannot start a local Dask cluster"
                if address is None
                else f"cannot reach the scheduler at {address}"
            )
            raise EngineError(f"{what}: {type(e).__name__}: {e}") from e
        try:
            self._probe()
        except BaseException:
            self.close()
            raise
        self.slots = max(1, sum(self._client.nthreads().values()))

    @property
    def client(self) -> Any:
        """The ``distributed.Client``."""
        return self._client

    def _probe(self) -> None:
        answers = self._client.run(eval, _PROBE, on_error="return")
        if not answers:
            raise EngineError("the Dask cluster has no workers")
        for worker, answer in sorted(answers.items()):
            if isinstance(answer, BaseException):
                raise EngineError(
                    f"the Dask worker {worker} cannot import wikikit "
                    f"({type(answer).__name__}: {answer}); install wikikit {__version__} "
                    "in the workers' environment"
                )
            if answer != __version__:
                raise EngineError(
                    f"the Dask worker {worker} has wikikit {answer}, this is {__version__}: "
                    "install the same version on every worker"
                )

    def submit(self, fn: Callable[..., Any], *args: Any) -> FutureLike:
        # pure=False: no hashing of the batch for a task key (it would read every text).
        return self._client.submit(fn, *args, pure=False)  # type: ignore[no-any-return]

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
        self._settings.close()
