"""The kernels of a run: their environment, the papermill engine and kernel manager.

Every notebook runs in its own, new ``python3`` kernel. The engine tells a kernel that did not
start (worth a retry) from a cell that failed; the kernel manager sends the kernel's own output to
the job's log file and, for the native kernel, forks it from the worker's kernel starter
(:mod:`avk_analysis.report.runner.kernel_starter`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avk_analysis.report.runner.kernel_starter import (
    KERNEL_START_TIMEOUT,
    ForkedKernel,
    KernelStarter,
    fast_start_enabled,
)
from avk_analysis.vocabulary import paths

if TYPE_CHECKING:
    from avk_analysis.report.runner.jobs import Job

KERNEL_NAME = "python3"
ENGINE_NAME = "avk-runner"
PYCACHE_DIR = "pycache"


def kernel_environment(env: Mapping[str, str]) -> dict[str, str]:
    """Return the environment for the workers and their kernels.

    With ``PYTHONDONTWRITEBYTECODE`` set (and no ``PYTHONPYCACHEPREFIX``) every kernel would
    compile pandas, matplotlib and the rest from source again: two to three times slower
    start-up. The kernels then get a bytecode cache under ``data/processed/pycache/`` instead,
    which leaves the source and package directories as clean as the setting intends. Kernels
    read only ``data/processed/`` (``AVK_ALLEEN_VERWERKT=1``, see ``paths.processed_only``).
    """
    out = dict(env)
    out[paths.PROCESSED_ONLY_ENV] = "1"  # one door: kernels read only data/processed/
    if out.get("PYTHONDONTWRITEBYTECODE") and not out.get("PYTHONPYCACHEPREFIX"):
        del out["PYTHONDONTWRITEBYTECODE"]
        out["PYTHONPYCACHEPREFIX"] = str(paths.processed_dir() / PYCACHE_DIR)
    return out


class KernelStartError(Exception):
    """The kernel did not start (no cell ran); worth one retry."""


class CellAborted(Exception):
    """Execution stopped inside a cell without an error output (timeout, dead kernel)."""

    def __init__(self, cell_index: int, cause: BaseException) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.cell_index = cell_index
        self.cause = cause


_ENGINE_REGISTERED = False


def register_engine() -> None:
    """Register a papermill engine that tells a kernel start failure from a cell failure."""
    global _ENGINE_REGISTERED
    if _ENGINE_REGISTERED:
        return
    from papermill.engines import NBClientEngine, papermill_engines

    class _Engine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, **kwargs: Any) -> Any:
            try:
                return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
            except Exception as exc:
                started = [
                    i
                    for i, cell in enumerate(nb_man.nb.cells)
                    if cell.metadata.get("papermill", {}).get("status", "pending") != "pending"
                ]
                if not started:
                    raise KernelStartError(f"{type(exc).__name__}: {exc}") from exc
                aborted = CellAborted(started[-1], exc)
                aborted.nb = nb_man.nb  # type: ignore[attr-defined]
                raise aborted from exc

    papermill_engines.register(ENGINE_NAME, _Engine)
    _ENGINE_REGISTERED = True


@dataclass
class _KernelSetup:
    """What the kernel manager needs to know about the current job (one job per worker)."""

    output: Any
    log: str
    preload: tuple[str, ...]
    cwd: str


_CURRENT: list[_KernelSetup] = []
_STARTER: dict[str, Any] = {}
_KERNEL_MANAGER_CLASS: Any = None


def _starter(setup: _KernelSetup) -> KernelStarter | None:
    """Return this worker's kernel starter (started on first use), or None when unavailable."""
    if not fast_start_enabled() or _STARTER.get("broken"):
        return None
    if "starter" not in _STARTER:
        from multiprocessing import util

        starter = KernelStarter(setup.preload, setup.cwd)
        _STARTER["starter"] = starter
        util.Finalize(None, starter.close, exitpriority=10)
    return _STARTER["starter"]


def _is_native_kernel(cmd: Sequence[str]) -> bool:
    """Tell whether ``cmd`` starts ipykernel with this very interpreter."""
    return (
        len(cmd) >= 3
        and list(cmd[1:3]) == ["-m", "ipykernel_launcher"]
        and os.path.realpath(cmd[0]) == os.path.realpath(sys.executable)
    )


def _kernel_manager_class() -> Any:
    """Return the kernel manager of the runner.

    It sends the kernel's own stdout/stderr to the job's log file (without it every kernel
    prints its start-up warnings on the terminal) and forks kernels from the kernel starter.
    """
    global _KERNEL_MANAGER_CLASS
    if _KERNEL_MANAGER_CLASS is None:
        from jupyter_client.manager import AsyncKernelManager

        class _RunnerKernelManager(AsyncKernelManager):
            async def start_kernel(self, **kw: Any) -> None:
                if _CURRENT:
                    kw.setdefault("stdout", _CURRENT[-1].output)
                    kw.setdefault("stderr", _CURRENT[-1].output)
                await super().start_kernel(**kw)

            async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
                setup = _CURRENT[-1] if _CURRENT else None
                starter = _starter(setup) if setup and _is_native_kernel(kernel_cmd) else None
                if starter is None or setup is None:
                    return await super()._async_launch_kernel(kernel_cmd, **kw)
                cwd = str(kw.get("cwd") or os.getcwd())
                try:
                    pid = starter.spawn(kernel_cmd[3:], kw.get("env") or os.environ, cwd, setup.log)
                except Exception as exc:  # fall back to a normal start for this worker
                    _STARTER["broken"] = True
                    setup.output.write(f"kernelstarter niet bruikbaar: {exc}\n".encode())
                    return await super()._async_launch_kernel(kernel_cmd, **kw)
                provisioner = self.provisioner
                assert provisioner is not None
                provisioner.process = ForkedKernel(pid)  # type: ignore[attr-defined]
                provisioner.pid = pid  # type: ignore[attr-defined]
                provisioner.pgid = pid  # type: ignore[attr-defined]
                provisioner.cwd = cwd  # type: ignore[attr-defined]
                self._reconcile_connection_info(provisioner.connection_info)

        _KERNEL_MANAGER_CLASS = _RunnerKernelManager
    return _KERNEL_MANAGER_CLASS


def execute_notebook(job: Job, kernel_log: Path) -> Any:
    """Execute one notebook in a fresh ``python3`` kernel; return the executed notebook."""
    import papermill

    register_engine()
    with kernel_log.open("ab", buffering=0) as output:
        _CURRENT.append(_KernelSetup(output, str(kernel_log), job.preload, job.cwd))
        try:
            return papermill.execute_notebook(
                job.notebook,
                job.executed,
                parameters=job.parameters,
                engine_name=ENGINE_NAME,
                kernel_name=KERNEL_NAME,
                cwd=job.cwd,
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                start_timeout=KERNEL_START_TIMEOUT,
                execution_timeout=job.timeout,
                kernel_manager_class=_kernel_manager_class(),
                shutdown_kernel="immediate",
            )
        finally:
            _CURRENT.pop()
