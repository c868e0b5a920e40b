"""Warm kernels: a pool of Jupyter kernels that run report after report, reset in between.

Why: starting a kernel and importing pandas, geopandas, matplotlib… costs more than most
notebooks' own work. So kernels (each its own process, so several reports run at once) are started and
warmed up (the run's notebooks' imports) the moment the run begins, while the parent loads the case and
validates the parameters, and each then runs its reports one after another, put back between two
reports to what a fresh kernel shows a notebook (`kernel_reset`). Their number is bounded: `--jobs` at
most, and never more than there are reports to run (those known before the case is loaded start at once,
`KernelPool.resize` adds or stops kernels once it is). They are driven by nbclient's asyncio API from one
event loop in a background thread of the parent (`KernelPool`): no worker processes, no second import of
papermill and nbconvert. A report that fails or times out takes its kernel with it; `KernelPool.close`
kills every kernel however the run ends (the kernels also watch their parent and exit if it dies).

This module runs in two places: in the parent (the pool) and inside every kernel (`kernel_snapshot`,
`kernel_reset`), so it imports only the standard library at the top.
"""

from __future__ import annotations

import ast
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

_KM_CLASS: list = []


def kernel_manager_class():
    """A kernel manager that provisions CurveZMQ keys when the kernel supports them: encrypted local
    traffic, and no 'running over TCP without encryption' warning from every kernel on stderr."""
    if not _KM_CLASS:
        from jupyter_client.manager import AsyncKernelManager
        from traitlets import default

        try:
            import zmq

            curve = zmq.has("curve")
        except Exception:
            curve = False

        class ReportKernelManager(AsyncKernelManager):
            @default("transport_encryption")
            def _default_transport_encryption(self):
                return "auto" if curve else "disabled"

        _KM_CLASS.append(ReportKernelManager)
    return _KM_CLASS[0]


# ---------------------------------------------------------------------------------------------------------
# Warm kernels: one per job, reused report after report
#
# Starting a kernel and importing pandas, geopandas, matplotlib, spaCy-free strikebook… costs about two
# seconds; the notebooks' own work is often less. So each job keeps one kernel, imports what the run's
# notebooks import once, and runs its reports one after another in it. Between two reports the kernel is
# put back as a fresh one would be (`kernel_reset`): user variables deleted (as `%reset -f`), figures
# closed, matplotlib settings, warnings filters, pandas options, sys.path and environment restored, cwd
# set to the notebook's folder. What is kept is only what imports and caches hold (modules, the case
# file read once, the basemap). A report that fails or times out takes its kernel with it.

_KERNEL_STATE: dict = {}  # inside a kernel: the state a fresh kernel had, taken after the warm-up imports


def kernel_snapshot() -> None:
    """(Runs in the kernel, once, after the warm-up imports.) Remember what `kernel_reset` restores."""
    import warnings

    try:
        import matplotlib
        import matplotlib.pyplot  # noqa: F401  - the inline backend sets its rc on first import

        rc = dict(matplotlib.rcParams.copy())
        for key in ("backend", "interactive"):  # the inline backend owns these: restoring them stops
            rc.pop(key, None)  # figures being shown after the first report
    except Exception:
        rc = None
    _KERNEL_STATE.update(rc=rc, filters=list(warnings.filters), path=list(sys.path), environ=dict(os.environ))


def kernel_reset(cwd: str, env: dict) -> None:
    """(Runs in the kernel before each report.) Make the kernel look freshly started to the notebook."""
    import warnings

    from IPython import get_ipython

    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")
    shell = get_ipython()
    if shell is not None:
        _clear_user_namespace(shell)
    if _KERNEL_STATE.get("rc") is not None and "matplotlib" in sys.modules:
        dict.update(sys.modules["matplotlib"].rcParams, _KERNEL_STATE["rc"])  # as matplotlib.rc_context does
    if "pandas" in sys.modules:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sys.modules["pandas"].reset_option("all")
    warnings.filters[:] = _KERNEL_STATE.get("filters", warnings.filters)
    warnings._filters_mutated()
    sys.path[:] = _KERNEL_STATE.get("path", sys.path)
    environ = _KERNEL_STATE.get("environ")
    if environ is not None:
        for key in set(os.environ) - set(environ):
            del os.environ[key]
        os.environ.update(environ)
    os.environ.update(env)
    os.chdir(cwd)


def _clear_user_namespace(shell) -> None:
    """What `%reset -f` does to the user's namespace, without its full garbage collection (a quarter of a
    second per report once pandas, geopandas and matplotlib are loaded): every name the previous notebook
    defined is deleted, every name a fresh kernel has is put back, the output history is emptied."""
    ns = shell.user_ns
    fresh = _KERNEL_STATE.setdefault("user_ns", dict(ns))  # first call: right after the warm-up
    for key in [k for k in ns if k not in fresh]:
        del ns[key]
    ns.update(fresh)
    for key in ("_oh", "Out"):
        if isinstance(ns.get(key), dict):
            ns[key].clear()
    ns.update({"_": "", "__": "", "___": ""})
    hook = getattr(shell, "displayhook", None)
    for attr in ("_", "__", "___"):
        if hook is not None and hasattr(hook, attr):
            setattr(hook, attr, "")


def warm_code(notebooks) -> str:
    """The code a kernel runs once when it starts: every import statement of the run's notebooks (each
    on its own: one that fails is left for the notebook to report), then the snapshot."""
    from strikebook.report.params import notebook_cells

    lines: list[str] = []
    for path in notebooks:
        try:
            cells = notebook_cells(Path(path))
        except Exception:
            continue
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            try:
                tree = ast.parse(cell["source"])
            except SyntaxError:
                continue
            for node in tree.body:  # top-level imports only: those inside functions may be conditional
                if isinstance(node, ast.Import | ast.ImportFrom) and ast.unparse(node) not in lines:
                    lines.append(ast.unparse(node))
    return (f"def _strikebook_warm(lines={lines!r}):\n"
            "    for line in lines:\n"
            "        try:\n"
            "            exec(line, {})\n"
            "        except Exception:\n"
            "            pass\n"
            "    import strikebook.report.kernels\n"
            "    strikebook.report.kernels.kernel_snapshot()\n"
            "_strikebook_warm()\n"
            "del _strikebook_warm\n")


class WarmKernel:
    """One kernel (with the run's imports done) that executes notebook after notebook. Async: the
    runner drives all its kernels from one event loop (`KernelPool`)."""

    def __init__(self, name: str, warm: str, start_timeout: int = 120):
        self.name, self.warm, self.start_timeout = name, warm, start_timeout
        self.log = tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace")  # the kernel's stderr
        self.km = kernel_manager_class()(kernel_name=name)
        self.kc = None

    async def start(self) -> WarmKernel:
        """Launch, wait until the kernel answers, run the warm-up imports."""
        try:
            await self.km.start_kernel(stderr=self.log, cwd=os.getcwd())
            self.kc = self.km.client()
            self.kc.start_channels()
            await self.kc.wait_for_ready(timeout=self.start_timeout)
            await self.run(self.warm, timeout=self.start_timeout)
        except BaseException:
            await self.stop()
            raise
        return self

    async def run(self, code: str, timeout: float = 120) -> None:
        """Run code outside any notebook (no history, no output); RuntimeError if it fails."""
        reply = await self.kc.execute_interactive(code, silent=True, store_history=False, timeout=timeout,
                                                  output_hook=lambda msg: None)
        content = reply["content"]
        if content.get("status") != "ok":
            raise RuntimeError(f"kernel setup failed: {content.get('ename')}: {content.get('evalue')}")

    async def execute(self, notebook: str, parameters: dict, cwd: str, env: dict, timeout: int):
        """What `papermill.execute_notebook` does — parameterise, run cell by cell recording papermill's
        metadata, raise PapermillExecutionError naming the failing cell — in this kernel."""
        from nbclient.exceptions import CellExecutionError
        from papermill.clientwrap import PapermillNotebookClient
        from papermill.engines import NotebookExecutionManager
        from papermill.execute import (
            prepare_notebook_metadata,
            raise_for_execution_errors,
            remove_error_markers,
        )
        from papermill.iorw import load_notebook_node
        from papermill.parameterize import parameterize_notebook

        await self.run(f"__import__('strikebook.report.kernels').report.kernels.kernel_reset({cwd!r}, {env!r})")
        nb = load_notebook_node(notebook)
        if parameters:
            nb = parameterize_notebook(nb, parameters, kernel_name=self.name)
        nb = remove_error_markers(prepare_notebook_metadata(nb, notebook, None))
        manager = NotebookExecutionManager(nb, output_path=None, progress_bar=False, log_output=False)
        manager.notebook_start()
        client = PapermillNotebookClient(manager, km=self.km, timeout=timeout, kernel_name=self.name,
                                         log=logging.getLogger("papermill"), log_output=False)
        client.kc = self.kc  # the same channels, report after report
        try:
            async with client.async_setup_kernel():
                for index, cell in enumerate(client.nb.cells):  # papermill_execute_cells, awaited
                    try:
                        manager.cell_start(cell, index)
                        await client.async_execute_cell(cell, index,
                                                        execution_count=client.code_cells_executed + 1)
                    except CellExecutionError as ex:
                        manager.cell_exception(client.nb.cells[index], cell_index=index, exception=ex)
                        break
                    finally:
                        manager.cell_complete(client.nb.cells[index], cell_index=index)
        finally:
            manager.notebook_complete()
        raise_for_execution_errors(manager.nb, None)
        return manager.nb

    def log_position(self) -> int:
        try:
            self.log.seek(0, os.SEEK_END)
            return self.log.tell()
        except Exception:
            return 0

    def log_since(self, position: int) -> str:
        try:
            self.log.seek(position)
            return self.log.read()
        except Exception:
            return ""

    async def stop(self) -> None:
        """Kill the kernel now (nothing in it is worth a graceful shutdown)."""
        if self.kc is not None:
            try:
                self.kc.stop_channels()
            except Exception:
                pass
        try:
            if self.km.has_kernel:
                await self.km.shutdown_kernel(now=True)
        except Exception:
            pass
        self.log.close()


class KernelPool:
    """`size` warm kernels, driven from an event loop in a background thread of this process.

    The kernels start (and import what the notebooks import) the moment the pool is made, while the main
    thread loads the case and validates the parameters. Each kernel is a separate process, so the
    reports run in parallel; this process only exchanges messages with them and renders the HTML (a
    few hundredths of a second per report). No worker processes: no second Python start, no second
    import of papermill and nbconvert per job, and nothing to spawn before a kernel can be launched.
    """

    def __init__(self, size: int, name: str, warm: str, start_timeout: int = 120):
        import asyncio
        import threading

        _import_notebook_tools()

        for logger in ("papermill", "nbclient", "traitlets", "nbconvert"):  # --debug is for strikebook, not
            logging.getLogger(logger).setLevel(logging.WARNING)  # for every kernel message
        self.size, self.name, self.warm, self.start_timeout = size, name, warm, start_timeout
        self.kernels: list[WarmKernel] = []  # every kernel ever made, so that close() can kill them all
        self.lanes: list = []
        self.closing = False
        self.closed = False
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="strikebook-kernels", daemon=True)
        self.thread.start()
        self.starting: list = []
        self.resize(size)

    def _call(self, coro):
        import asyncio

        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def resize(self, size: int) -> None:
        """Start more kernels, or stop those beyond `size` (once the run knows how many reports it has:
        never more kernels than reports to run). Only before `run`."""
        self._call(self._resize(max(0, size))).result()

    async def _resize(self, size: int) -> None:
        import asyncio

        while len(self.starting) < size:
            self.starting.append(asyncio.ensure_future(self._new_kernel()))
        for task in self.starting[size:]:
            task.cancel()  # a kernel still starting is stopped by WarmKernel.start; one started, here
            try:
                kernel = await task
            except BaseException:
                continue
            await kernel.stop()
        del self.starting[size:]
        self.size = size

    async def _new_kernel(self) -> WarmKernel:
        if self.closing:
            raise RuntimeError("the run was stopped")
        kernel = WarmKernel(self.name, self.warm, self.start_timeout)
        self.kernels.append(kernel)
        return await kernel.start()

    def run(self, jobs_list: list[dict], work: Callable, done: Callable) -> None:
        """Run the jobs, in this order, `size` at a time: `await work(job, kernel)` → a result dict with a
        `status` (the kernel is discarded unless it is "ok"); `done(result)` as each finishes. `work` gets
        `job["stopping"]()`, true once `close` began: a report that fails then failed because the run was
        stopped (nbclient turns a cancelled cell into DeadKernelError), and must raise CancelledError
        rather than record a failure."""
        self._call(self._run_all(list(jobs_list), work, done)).result()

    async def _run_all(self, queue: list[dict], work: Callable, done: Callable) -> None:
        import asyncio

        async def lane(starting) -> None:
            if not queue and starting is not None:  # another lane took the reports: not needed (close()
                starting.cancel()  # kills it if it started)
                return
            kernel, error = None, ""
            try:
                kernel = await starting if starting is not None else None
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"
            while queue and not self.closing:
                job = queue.pop(0)
                if kernel is None and not job.get("error"):
                    try:
                        kernel = await self._new_kernel()
                    except Exception as exc:
                        error = f"{type(exc).__name__}: {exc}"
                result = await work({**job, "kernel_error": error, "stopping": lambda: self.closing}, kernel)
                done(result)  # first: the report's files are written, a stop while the kernel goes must not lose it
                if result["status"] != "ok" and kernel is not None:
                    await kernel.stop()  # what the notebook left behind (half-made state, a stuck cell) goes too
                    kernel = None
            if kernel is not None:
                await kernel.stop()

        # no kernel at all when no report can run (missing notebooks): one lane still records their failures
        self.lanes = [asyncio.ensure_future(lane(s)) for s in self.starting or [None]]
        await asyncio.gather(*self.lanes)

    def close(self) -> None:
        """Kill every kernel (started or still starting) and stop the loop. Once: later calls do nothing."""
        if self.closed:
            return
        self.closed = True

        async def kill_all():
            import asyncio

            self.closing = True  # Ctrl-C mid-run: no lane takes another report or starts another kernel
            for task in [*self.lanes, *self.starting]:
                task.cancel()
            await asyncio.gather(*self.lanes, *self.starting, return_exceptions=True)
            for kernel in self.kernels:
                await kernel.stop()
            # what nbclient left polling (its kernel-alive checks) ends with the loop, not after it
            rest = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in rest:
                task.cancel()
            await asyncio.gather(*rest, return_exceptions=True)

        try:
            self._call(kill_all()).result(timeout=30)
        except Exception:
            pass
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


def _import_notebook_tools() -> None:
    """Import papermill and nbconvert now, without the 1 s of CPU that jsonschema (via nbformat) spends
    compiling a Lark grammar for its optional `rfc3987_syntax` format checks, which no notebook schema
    uses; on 2 cores that second competes with the kernels starting. The module is hidden only while
    jsonschema is first imported (it then skips those two IRI checks, in this process only)."""
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        import nbconvert  # noqa: F401
        import papermill  # noqa: F401
        return
    sys.modules["rfc3987_syntax"] = None  # import → ImportError, which jsonschema expects
    try:
        import nbconvert  # noqa: F401
        import papermill  # noqa: F401
    finally:
        if sys.modules.get("rfc3987_syntax", 0) is None:
            del sys.modules["rfc3987_syntax"]


def kernel_name() -> str:
    """The project's kernel ("strikebook", registered by `make setup`) when installed, else python3."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        return "strikebook" if "strikebook" in KernelSpecManager().find_kernel_specs() else "python3"
    except Exception:
        return "python3"


def start_pool(workers: int, kernel: str, warm: str = "") -> KernelPool:
    """`workers` kernels (0 or more), starting now so that their start and warm-up overlap the parent's
    validation and case loading; `KernelPool.resize` adjusts their number once the reports are known."""
    return KernelPool(max(0, workers), kernel, warm)


def stop_pool(pool) -> None:
    """Stop a pool that will not be used (validation failed) or is done."""
    if pool is not None:
        pool.close()

