"""Where the per-article work runs: in this process, in local worker processes, or on a Dask cluster.

Why three ways with one interface: a case of five articles should not pay for starting processes; a case of
thousands should use every local core; a newsroom with a cluster should be able to point the same command at
it. All three run `extract.work.process_batch` on the same batches and hand back the results keyed by batch,
so the tables are byte-identical whatever ran them (the caller sorts by article id).

- `serial`: in this process (also what one job means).
- `local` (default): a pool of worker processes, one per core (`--jobs N`), started with the `forkserver`
  method — fork from a clean server process — so that a caller with threads (a Jupyter kernel, the report
  runner) is safe, and each worker loads the spaCy pipeline once.
- `dask`: `distributed.Client` on an existing scheduler (`--dask-address tcp://HOST:PORT`) or on a
  `LocalCluster` of `jobs` single-threaded worker processes, without its web dashboard. Workers need
  strikebook installed (same version) and the same data folder (`STRIKEBOOK_DATA`).

Batches are small (a few articles, bounded in characters), so progress is smooth, a failure costs little,
and no worker holds more than a batch in memory.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from strikebook.extract.work import WorkItem, process_batch

SCHEDULERS = ("local", "dask")
#: a batch holds at most this many articles and about this many characters
BATCH_ARTICLES = 8
BATCH_CHARS = 80_000


def default_jobs() -> int:
    """The cores this process may use."""
    from strikebook.config import available_cores

    return available_cores()


#: what one worker process needs (the spaCy pipeline, the gazetteer, a batch): caps --jobs by memory
WORKER_BYTES = 800_000_000


def memory_cap() -> int:
    """How many workers the free memory holds (at least one): asking for a thousand workers on a laptop
    must not summon the kernel's out-of-memory killer."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            info = dict(line.split(":", 1) for line in fh)
        available = int(info["MemAvailable"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):
        try:
            available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (ValueError, OSError, AttributeError):
            return 64
    return max(1, available // WORKER_BYTES)


def batches(items: list[WorkItem]) -> list[list[WorkItem]]:
    """Consecutive groups of a few articles, bounded in number and in total bytes."""
    out: list[list[WorkItem]] = []
    cur: list[WorkItem] = []
    size = 0
    for it in items:
        if cur and (len(cur) >= BATCH_ARTICLES or size + len(it.data) > BATCH_CHARS):
            out.append(cur)
            cur, size = [], 0
        cur.append(it)
        size += len(it.data)
    if cur:
        out.append(cur)
    return out


class Workers:
    """Where batches run, kept for a whole extraction: the worker pool (or the Dask client) is started on the
    first batch that needs it and serves every later one — the articles, then the few read again for the
    case's event — so each worker loads the spaCy pipeline once. Use as a context manager (`close` stops
    the workers).

    `jobs` 1 (or a single batch) runs in this process; `scheduler` "local" is a `forkserver` pool of `jobs`
    processes (capped by free memory), "dask" a `distributed.Client` on `address` or on a LocalCluster."""

    def __init__(self, jobs: int = 1, scheduler: str = "local", address: str | None = None):
        self.jobs, self.scheduler, self.address = jobs, scheduler, address
        self._pool = self._client = self._cluster = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(self, groups: list[list[WorkItem]], *, max_bytes: int, serial: bool = False,
            done: Callable[[int], None] = lambda n: None) -> Iterator[tuple[int, list]]:
        """(batch index, results) for every batch, as they finish; `done(n)` is called with each batch's size.
        `serial`: run in this process (a few articles do not pay for starting workers)."""
        if self.scheduler == "dask" and not serial:
            yield from self._dask(groups, max_bytes, done)
        elif serial or self.jobs <= 1 or (len(groups) <= 1 and self._pool is None):
            for i, group in enumerate(groups):
                res = process_batch(group, max_bytes)
                done(len(group))
                yield i, res
        else:
            yield from self._local(groups, max_bytes, done)

    def _local(self, groups, max_bytes, done):
        from concurrent.futures import FIRST_COMPLETED, wait

        pool, jobs = self._local_pool()
        pending = {}
        queue = list(enumerate(groups))
        try:
            # keep at most 2 batches per worker in flight: results stream back, memory stays flat
            while queue or pending:
                while queue and len(pending) < 2 * jobs:
                    i, group = queue.pop(0)
                    pending[pool.submit(process_batch, group, max_bytes)] = (i, len(group))
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in finished:
                    i, n = pending.pop(fut)
                    res = fut.result()
                    done(n)
                    yield i, res
        finally:
            for fut in pending:
                fut.cancel()

    def _local_pool(self):
        import logging
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        if self._pool is None:
            jobs, cap = self.jobs, memory_cap()
            if jobs > cap:
                logging.getLogger(__name__).warning("--jobs %d: the free memory holds %d worker(s); using %d",
                                                    jobs, cap, cap)
                self.jobs = jobs = cap
            _prepare_shared()
            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload(["strikebook.extract.work", "strikebook.extract.parse"])
            self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)
        return self._pool, self.jobs

    def _dask(self, groups, max_bytes, done):
        from distributed import as_completed

        client = self._dask_client()
        futures = {client.submit(process_batch, group, max_bytes, pure=False): (i, len(group))
                   for i, group in enumerate(groups)}
        try:
            for fut in as_completed(futures):
                i, n = futures[fut]
                res = fut.result()
                fut.release()
                done(n)
                yield i, res
        finally:
            for fut in futures:
                fut.cancel()

    def _dask_client(self):
        import logging

        import dask
        from distributed import Client, LocalCluster

        if self._client is None:
            # a command-line tool: the cluster's chatter (worker start/stop, connections) is not the user's
            dask.config.set({"logging.distributed": "error", "distributed.logging.distributed": "error"})
            for name in ("distributed", "distributed.scheduler", "distributed.nanny", "distributed.worker",
                         "distributed.core", "distributed.http.proxy"):
                logging.getLogger(name).setLevel(logging.ERROR)
            if self.address:
                self._client = Client(self.address, timeout="30s")
            else:
                _prepare_shared()
                self._cluster = LocalCluster(n_workers=max(1, self.jobs), threads_per_worker=1, processes=True,
                                             dashboard_address=None, silence_logs=logging.ERROR)
                self._client = Client(self._cluster)
        return self._client

    @property
    def started(self) -> bool:
        """Are workers running (a pool or a cluster client)?"""
        return self._pool is not None or self._client is not None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def _prepare_shared() -> None:
    """Build what every worker would otherwise build for itself before starting them: the place gazetteer's
    index is cached on disk (`store.cache`), so on an empty cache the workers load it instead of each
    building it at the same time."""
    from strikebook.reference.gazetteer import get_gazetteer

    get_gazetteer()
