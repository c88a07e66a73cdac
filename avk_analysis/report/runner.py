"""The yearly run: build the data, run the notebooks in parallel, publish ``reports/<jaar>/``.

Flow of :func:`run`:

1. resolve and check the parameters (gemeente, Veenkoloniën, jaar);
2. build ``data/processed/`` in this process (it skips itself when nothing changed);
3. compare the input fingerprint with ``reports/<jaar>/manifest.json``: equal means nothing to do;
4. take the lock of the year and check every notebook's ``parameters`` cell against the
   parameters it will get (all problems at once, before any kernel starts);
5. run one new kernel per notebook in a pool of worker processes (one retry when a kernel does
   not start; a failing cell is not retried), export each page and check it with
   :func:`publish.check_html`; the report page is merged once all chapters are done;
6. only when everything succeeded, swap the staging directory into ``reports/<jaar>/``.

A failed run leaves the previous ``reports/<jaar>/`` untouched. Executed notebooks (with their
outputs and error messages) go to ``data/processed/uitgevoerd/<jaar>/`` for debugging, with a
``.kernel.log`` next to a notebook whose kernel failed.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import html
import importlib.metadata
import json
import logging
import multiprocessing
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from avk_analysis import paths
from avk_analysis.report import params
from avk_analysis.report.params import ReportError

__all__ = ["Failure", "ReportError", "RunResult", "run"]

Log = Callable[[str], None]

KERNEL_NAME = "python3"
ENGINE_NAME = "avk-runner"
KERNEL_START_TIMEOUT = 60
MANIFEST = "manifest.json"
REPORT_PAGE = "rapport.html"
INDEX_PAGE = "index.html"
FACTSHEET_NOTEBOOK = "factsheet.ipynb"
CHAPTER_DIR = "rapport"
EXECUTED_DIR = "uitgevoerd"
PYCACHE_DIR = "pycache"
STAGING_PREFIX = ".staging-"
OLD_PREFIX = ".oud-"
MONITOR = "Generatiearmoede in Groningen en Drenthe"

BANNER_DEMO = (
    "Let op: de CBS-cijfers op deze pagina zijn demonstratiecijfers, geen echte cijfers. Er was "
    "bij het maken van het rapport geen verbinding met CBS. Maak het rapport opnieuw met een "
    "internetverbinding voor de echte cijfers."
)
BANNER_EXAMPLE = (
    "Let op: de programmagegevens van de Alliantie van Kracht op deze pagina zijn voorbeelddata "
    "(verzonnen, ter illustratie), geen echte gegevens over het programma."
)
_BANNERS = {"demo": BANNER_DEMO, "voorbeeld": BANNER_EXAMPLE}
_FINGERPRINT_PACKAGES = ("nbconvert", "papermill", "nbclient", "ipykernel", "pandas", "matplotlib")


@dataclass(frozen=True)
class Failure:
    """One notebook or page that failed: where (notebook, cell) and what (``ename: evalue``)."""

    notebook: str
    cell_index: int | None
    cell_source_first_line: str
    error: str
    gemeente: str = ""

    def describe(self) -> str:
        """Return a one-line Dutch description of the failure."""
        where = self.notebook + (f" ({self.gemeente})" if self.gemeente else "")
        if self.cell_index is not None:
            where += f", cel {self.cell_index + 1} (index {self.cell_index})"
            if self.cell_source_first_line:
                where += f" `{self.cell_source_first_line}`"
        return f"{where}: {self.error}"


@dataclass
class RunResult:
    """The outcome of :func:`run`."""

    ok: bool
    outdir: Path
    failures: list[Failure] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    skipped: bool = False
    pages: list[str] = field(default_factory=list)
    fingerprint: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class _Job:
    """One notebook execution (and, for a factsheet, its page); picklable for the workers."""

    key: str
    notebook: str
    label: str
    parameters: dict[str, Any]
    executed: str
    cwd: str
    timeout: int
    gemeente: str = ""
    html: str = ""
    title: str = ""
    subtitle: str = ""
    banners: tuple[str, ...] = ()
    nav_links: tuple[tuple[str, str], ...] = ()
    preload: tuple[str, ...] = ()


@dataclass(frozen=True)
class _ReportJob:
    """Merge the executed chapters into the report page."""

    key: str
    chapters: tuple[str, ...]
    html: str
    title: str
    subtitle: str
    banners: tuple[str, ...]
    nav_links: tuple[tuple[str, str], ...]


@dataclass
class _Outcome:
    """What a worker reports back about one job."""

    key: str
    seconds: float
    failure: Failure | None = None
    retried: str = ""


# --- helpers shared by parent and workers ------------------------------------------------------


def _quiet_imports() -> None:
    """Skip jsonschema's optional RFC 3987 grammar, which nbformat never uses (~1 s per process).

    ``rfc3987_syntax`` builds a Lark parser at import time; jsonschema imports it only to check
    the ``iri`` string formats, which no notebook schema uses. Marking it unavailable makes
    jsonschema skip those format checkers, exactly as when the package is not installed.
    """
    if "rfc3987_syntax" not in sys.modules and "jsonschema" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]


def kernel_environment(env: Mapping[str, str]) -> dict[str, str]:
    """Return the environment for the workers and their kernels.

    With ``PYTHONDONTWRITEBYTECODE`` set (and no ``PYTHONPYCACHEPREFIX``) every kernel would
    compile pandas, matplotlib and the rest from source again: two to three times slower
    start-up. The kernels then get a bytecode cache under ``data/processed/pycache/`` instead,
    which leaves the source and package directories as clean as the setting intends.
    """
    out = dict(env)
    if out.get("PYTHONDONTWRITEBYTECODE") and not out.get("PYTHONPYCACHEPREFIX"):
        del out["PYTHONDONTWRITEBYTECODE"]
        out["PYTHONPYCACHEPREFIX"] = str(paths.processed_dir() / PYCACHE_DIR)
    return out


def _seconds(value: float) -> str:
    """Return seconds in Dutch notation (``2,4 s``)."""
    return f"{value:.1f}".replace(".", ",") + " s"


def _rel(path: Path) -> str:
    """Return ``path`` relative to the project root when possible (for messages)."""
    try:
        return path.resolve().relative_to(paths.project_root()).as_posix()
    except ValueError:
        return str(path)


# --- worker side -------------------------------------------------------------------------------


class _KernelStartError(Exception):
    """The kernel did not start (no cell ran); worth one retry."""


class _CellAborted(Exception):
    """Execution stopped inside a cell without an error output (timeout, dead kernel)."""

    def __init__(self, cell_index: int, cause: BaseException) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.cell_index = cell_index
        self.cause = cause


_ENGINE_REGISTERED = False


def _register_engine() -> None:
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
                    raise _KernelStartError(f"{type(exc).__name__}: {exc}") from exc
                aborted = _CellAborted(started[-1], exc)
                aborted.nb = nb_man.nb  # type: ignore[attr-defined]
                raise aborted from exc

    papermill_engines.register(ENGINE_NAME, _Engine)
    _ENGINE_REGISTERED = True


def _init_worker(env: Mapping[str, str], parent: int, watch_parent: bool) -> None:
    """Prepare a worker process: the parent's environment, quiet loggers, warm imports.

    On POSIX a worker leaves the terminal's process group: Ctrl-C reaches only the run itself,
    which then stops the workers (and they their kernels); on Linux a worker also ends when the
    run ends unexpectedly.
    """
    if os.name == "posix":
        os.setpgrp()
        if watch_parent and sys.platform.startswith("linux"):
            _die_with_parent(parent)
    os.environ.clear()
    os.environ.update(env)
    _quiet_imports()
    for name in ("papermill", "traitlets", "nbclient"):
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False
    import papermill  # noqa: F401

    from avk_analysis.report import publish  # noqa: F401

    _register_engine()


def _tail(path: Path, lines: int = 3) -> str:
    """Return the last lines of a text file (empty when missing)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(line.strip() for line in text[-lines:] if line.strip())


# --- kernel start-up ---------------------------------------------------------------------------
#
# A plain kernel start costs a new Python process plus, in every notebook, the import of pandas,
# matplotlib and friends: well over a second of CPU per notebook, the largest part of a factsheet.
# On Linux each worker therefore keeps a *kernel starter*: a fresh Python process that imports
# ipykernel and the heavy libraries the notebooks use once, and then forks one new kernel process
# per notebook. Every notebook still runs in its own, new kernel process that ran no other code;
# only the module imports are shared (copy-on-write). The starter is used only for the native
# ``python3`` kernel of this very interpreter; any other kernelspec starts the normal way. Set
# AVK_SNELLE_KERNELSTART=0 to switch it off.

FAST_START_ENV = "AVK_SNELLE_KERNELSTART"
# Libraries that are safe to import before a kernel exists (no IPython hooks at import time).
# matplotlib is imported after MPLBACKEND is set exactly as ipykernel would set it.
_PRELOADABLE = (
    "numpy",
    "pandas",
    "pyarrow",
    "pyarrow.parquet",
    "pandera",
    "pandera.pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "scipy",
    "seaborn",
    "openpyxl",
    "shapely",
    "pyogrio",
    "geopandas",
    "mapclassify",
    "jinja2",
)
_KERNEL_PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "IPython.display")
_IMPLIED = {"pandas": ("pyarrow", "pyarrow.parquet")}  # read_parquet imports pyarrow lazily
_INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


def _imports_of(source: str) -> set[str]:
    """Return the dotted module names imported anywhere in Python source (magics ignored)."""
    import ast

    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def preload_modules(notebooks: Sequence[Path]) -> tuple[str, ...]:
    """Return the heavy libraries the notebooks (and the package code they use) import."""
    package = paths.package_dir()
    seen: set[str] = set()
    imported: set[str] = set()
    todo: list[str] = []
    for notebook in notebooks:
        nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "code":
                source = cell.get("source", "")
                todo.extend(_imports_of("".join(source) if isinstance(source, list) else source))
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        imported.add(name)
        if name.split(".")[0] != package.name:
            continue
        parts = name.split(".")[1:]
        candidates = [package.joinpath(*parts) / "__init__.py"]
        if parts:
            candidates.append(package.joinpath(*parts[:-1]) / f"{parts[-1]}.py")
        for file in candidates:
            if file.is_file():
                todo.extend(_imports_of(file.read_text(encoding="utf-8")))
    tops = {name.split(".")[0] for name in imported}
    wanted = [m for m in _PRELOADABLE if m in imported or m in tops]
    for top, implied in _IMPLIED.items():
        if top in tops:
            wanted.extend(implied)
    return _KERNEL_PRELOAD + tuple(dict.fromkeys(m for m in _PRELOADABLE if m in wanted))


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent ends, so no kernel outlives its run."""
    import ctypes
    import signal

    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(1)


def _zygote_main() -> None:
    """Run the kernel starter: preload modules, then fork a kernel for each request on stdin."""
    import importlib
    import signal

    _die_with_parent(int(sys.argv[2]) if len(sys.argv) > 2 else os.getppid())
    modules = json.loads(sys.argv[1]) if len(sys.argv) > 1 else []
    os.environ.setdefault("MPLBACKEND", _INLINE_BACKEND)  # what ipykernel would set
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # a missing optional library only costs the kernel its own import
            continue
    children: set[int] = set()

    def reap(_signum: int, _frame: Any) -> None:
        while True:
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            children.discard(pid)

    signal.signal(signal.SIGCHLD, reap)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the run, not the terminal, stops kernels
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            zygote = os.getpid()
            pid = os.fork()
        except Exception as exc:  # reported to the worker, which then starts kernels normally
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        else:
            if pid == 0:
                _zygote_child(request, zygote)
            with contextlib.suppress(OSError):  # the child may have done it already, or be gone
                os.setpgid(pid, pid)
            children.add(pid)
            reply = {"pid": pid}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
    for pid in list(children):  # our worker is gone: stop its kernels
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)


def _zygote_child(request: Mapping[str, Any], zygote: int) -> None:
    """In the forked child: become a fresh ipykernel process (never returns)."""
    import signal
    import traceback

    code = 1
    try:
        with contextlib.suppress(OSError):
            os.setpgid(0, 0)
        _die_with_parent(zygote)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(null)
        os.close(log)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        args = list(request["args"])
        # ipykernel reads JPY_PARENT_PID when it is imported, which was in the starter; pass it
        # explicitly so the kernel watches its parent exactly like a normally started one.
        if request["env"].get("JPY_PARENT_PID", "").isdigit():
            args.append(f"--IPKernelApp.parent_handle={request['env']['JPY_PARENT_PID']}")
        sys.argv = ["ipykernel_launcher", *args]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=args)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except BaseException:
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)


def _process_alive(pid: int) -> bool:
    """Tell whether ``pid`` runs (a zombie that is not yet reaped counts as ended)."""
    try:
        os.kill(pid, 0)  # signal 0 only checks existence; nothing is sent
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            state = fh.read().rsplit(b")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    except (OSError, IndexError):
        return True
    return state not in (b"Z", b"X")


class _ForkedKernel:
    """The part of ``subprocess.Popen`` that jupyter_client uses, for a forked kernel."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and not _process_alive(self.pid):
            self.returncode = -1  # the starter reaped it; the real status is not known here
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                import subprocess

                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout or 0)
            time.sleep(0.01)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signum)

    def kill(self) -> None:
        import signal

        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        import signal

        self.send_signal(signal.SIGTERM)


class _KernelStarter:
    """A kernel starter process (see above), owned by one worker."""

    def __init__(self, preload: Sequence[str], cwd: str) -> None:
        import subprocess

        code = "from avk_analysis.report.runner import _zygote_main; _zygote_main()"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, json.dumps(list(preload)), str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=cwd,
            text=True,
        )

    def spawn(self, args: Sequence[str], env: Mapping[str, str], cwd: str, log: str) -> int:
        """Fork a kernel with these ipykernel arguments; return its pid."""
        import select

        assert self.process.stdin is not None and self.process.stdout is not None
        request = {"args": list(args), "env": dict(env), "cwd": cwd, "log": log}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], KERNEL_START_TIMEOUT)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            raise RuntimeError("de kernelstarter antwoordt niet")
        reply = json.loads(line)
        if "pid" not in reply:
            raise RuntimeError(str(reply.get("error", reply)))
        return int(reply["pid"])

    def close(self) -> None:
        """Stop the starter (it stops any kernel it still has)."""
        try:
            if self.process.stdin:
                self.process.stdin.close()
            self.process.wait(timeout=5)
        except Exception:
            self.process.kill()


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


def _fast_start_enabled() -> bool:
    return sys.platform.startswith("linux") and os.environ.get(FAST_START_ENV, "1") != "0"


def _starter(setup: _KernelSetup) -> _KernelStarter | None:
    """Return this worker's kernel starter (started on first use), or None when unavailable."""
    if not _fast_start_enabled() or _STARTER.get("broken"):
        return None
    if "starter" not in _STARTER:
        from multiprocessing import util

        starter = _KernelStarter(setup.preload, setup.cwd)
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
                provisioner.process = _ForkedKernel(pid)  # type: ignore[attr-defined]
                provisioner.pid = pid  # type: ignore[attr-defined]
                provisioner.pgid = pid  # type: ignore[attr-defined]
                provisioner.cwd = cwd  # type: ignore[attr-defined]
                self._reconcile_connection_info(provisioner.connection_info)

        _KERNEL_MANAGER_CLASS = _RunnerKernelManager
    return _KERNEL_MANAGER_CLASS


def _execute(job: _Job, kernel_log: Path) -> Any:
    """Execute one notebook in a fresh ``python3`` kernel; return the executed notebook."""
    import papermill

    _register_engine()
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


def _first_line(source: str, limit: int = 80) -> str:
    """Return the first non-empty line of a text, shortened to ``limit`` characters."""
    for line in str(source).splitlines():
        if line.strip():
            text = line.strip()
            return text if len(text) <= limit else text[: limit - 3] + "..."
    return ""


def _parameters_index(notebook: str) -> int | None:
    """Return the index of the ``parameters`` cell of a source notebook."""
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    for index, cell in enumerate(nb.get("cells", [])):
        if params.PARAMETERS_TAG in (cell.get("metadata", {}).get("tags", []) or []):
            return index
    return None


def _source_index(job: _Job, executed_index: int) -> tuple[int | None, str]:
    """Map a cell index of the executed notebook to the source notebook (papermill adds one)."""
    injected = _parameters_index(job.notebook)
    if injected is None:
        return executed_index, ""
    if executed_index == injected + 1:
        return None, "(door papermill ingevoegde parameters)"
    return (executed_index - 1 if executed_index > injected + 1 else executed_index), ""


def _aborted_message(cause: BaseException, timeout: int) -> str:
    """Return the Dutch message for a cell that stopped without an error output."""
    name = type(cause).__name__
    if isinstance(cause, TimeoutError):
        return f"tijdslimiet overschreden: de cel liep langer dan {timeout} s ({name})"
    if name == "DeadKernelError":
        return f"de kernel stopte tijdens deze cel, vaak door geheugengebrek ({name})"
    return f"{name}: {_first_line(str(cause), 300)}"


def _failure(job: _Job, error: str, cell: int | None = None, source: str = "") -> Failure:
    return Failure(
        notebook=job.label,
        cell_index=cell,
        cell_source_first_line=_first_line(source),
        error=error,
        gemeente=job.gemeente,
    )


def _write_page(target: str, page: str) -> list[str]:
    """Check a page and write it; return the problems (nothing is written when there are any)."""
    from avk_analysis.report import publish

    problems = publish.check_html(page)
    if not problems:
        Path(target).write_text(page, encoding="utf-8", newline="\n")
    return problems


def _run_job(job: _Job) -> _Outcome:
    """Worker: execute a notebook (one retry on kernel start failure) and export its page."""
    import nbformat
    from papermill.exceptions import PapermillExecutionError

    from avk_analysis.report import publish

    start = time.perf_counter()
    kernel_log = Path(job.executed).with_suffix(".kernel.log")
    kernel_log.unlink(missing_ok=True)
    retried = ""
    nb = None
    for attempt in (1, 2):
        try:
            nb = _execute(job, kernel_log)
            break
        except _KernelStartError as exc:
            detail = _tail(kernel_log)
            message = str(exc) + (f" [kernel: {detail}]" if detail else "")
            if attempt == 2:
                error = f"de kernel startte ook bij de tweede poging niet ({message})"
                return _Outcome(job.key, time.perf_counter() - start, _failure(job, error), retried)
            retried = message
        except PapermillExecutionError as exc:
            kernel_log.unlink(missing_ok=True)  # the error is in the notebook, not the kernel
            cell, note = _source_index(job, exc.cell_index)
            error = f"{exc.ename}: {_first_line(exc.evalue, 300) or '(geen melding)'}"
            failure = _failure(job, error + (f" {note}" if note else ""), cell, exc.source)
            return _Outcome(job.key, time.perf_counter() - start, failure, retried)
        except _CellAborted as exc:
            nbformat.write(exc.nb, job.executed)  # type: ignore[attr-defined]
            cell, _ = _source_index(job, exc.cell_index)
            source = exc.nb.cells[exc.cell_index].source  # type: ignore[attr-defined]
            failure = _failure(job, _aborted_message(exc.cause, job.timeout), cell, source)
            return _Outcome(job.key, time.perf_counter() - start, failure, retried)
        except Exception as exc:  # anything else is reported, never a crash of the run
            failure = _failure(job, f"{type(exc).__name__}: {exc}")
            return _Outcome(job.key, time.perf_counter() - start, failure, retried)
    kernel_log.unlink(missing_ok=True)  # kept only for failed notebooks
    if job.html:
        try:
            page = publish.export_html(
                nb,
                title=job.title,
                banners=job.banners,
                subtitle=job.subtitle,
                nav_links=job.nav_links,
            )
            problems = _write_page(job.html, page)
        except Exception as exc:
            problems = [f"{type(exc).__name__}: {exc}"]
        if problems:
            error = f"pagina {Path(job.html).name} niet publiceerbaar: " + "; ".join(problems)
            return _Outcome(job.key, time.perf_counter() - start, _failure(job, error), retried)
    return _Outcome(job.key, time.perf_counter() - start, None, retried)


def _run_report(job: _ReportJob) -> _Outcome:
    """Worker: merge the executed chapters and export the report page."""
    import nbformat

    from avk_analysis.report import publish

    start = time.perf_counter()
    try:
        chapters = [nbformat.read(path, as_version=4) for path in job.chapters]
        page = publish.export_html(
            publish.merge_notebooks(chapters),
            title=job.title,
            banners=job.banners,
            subtitle=job.subtitle,
            nav_links=job.nav_links,
        )
        problems = _write_page(job.html, page)
    except Exception as exc:
        problems = [f"{type(exc).__name__}: {exc}"]
    failure = None
    if problems:
        failure = Failure(
            notebook=f"{CHAPTER_DIR}/ (samengevoegd)",
            cell_index=None,
            cell_source_first_line="",
            error=f"pagina {REPORT_PAGE} niet publiceerbaar: " + "; ".join(problems),
        )
    return _Outcome(job.key, time.perf_counter() - start, failure)


# --- parent side -------------------------------------------------------------------------------


def chapter_notebooks(notebooks: Path | None = None) -> list[Path]:
    """Return the report chapters ``notebooks/rapport/NN_<naam>.ipynb`` in order."""
    base = (notebooks or paths.notebooks_dir()) / CHAPTER_DIR
    return sorted(p for p in base.glob("*.ipynb") if p.name[:2].isdigit())


def banners_for(statuses: Mapping[str, int]) -> tuple[str, ...]:
    """Return the warning banners for the data statuses of a build."""
    return tuple(text for status, text in _BANNERS.items() if statuses.get(status, 0))


def _hash_tree(digest: Any, root: Path, *, skip_suffixes: tuple[str, ...] = ()) -> None:
    """Feed every regular, non-hidden file under ``root`` (sorted) into ``digest``."""
    if not root.exists():
        return
    for file in sorted(root.rglob("*")):
        rel = file.relative_to(root)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        if not file.is_file() or file.suffix in skip_suffixes:
            continue
        digest.update(rel.as_posix().encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(file.read_bytes()).digest())


def fingerprint(build_fingerprint: str, parameters: Mapping[str, Any]) -> str:
    """Return the fingerprint of everything a report depends on (data, notebooks, code, params)."""
    digest = hashlib.sha256()
    digest.update(build_fingerprint.encode())
    digest.update(json.dumps(dict(parameters), sort_keys=True, ensure_ascii=False).encode())
    for package in _FINGERPRINT_PACKAGES:
        try:
            digest.update(f"{package}={importlib.metadata.version(package)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{package}=-".encode())
    _hash_tree(digest, paths.notebooks_dir())
    _hash_tree(digest, paths.package_dir(), skip_suffixes=(".pyc",))
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _is_current(outdir: Path, fp: str) -> bool:
    """Tell whether ``outdir`` holds a complete, unmodified report for fingerprint ``fp``."""
    try:
        manifest = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("vingerafdruk") != fp:
            return False
        return all(_sha256(outdir / name) == digest for name, digest in manifest["paginas"].items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


@contextlib.contextmanager
def _year_lock(jaar: int) -> Iterator[None]:
    """Hold an exclusive lock for the year, so two runs never publish over each other."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock
        yield
        return
    path = paths.processed_dir() / EXECUTED_DIR / f".lock-{jaar}"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReportError(
                f"Er loopt al een rapportrun voor {jaar} (in een ander venster of van een "
                "collega). Wacht tot die klaar is en probeer het daarna opnieuw."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _pid_alive(pid: int) -> bool:
    """Tell whether a process exists (POSIX only; elsewhere assume it does)."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)  # signal 0 only checks existence; nothing is sent
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _clean_stale(reports: Path, jaar: int) -> None:
    """Remove staging and old directories of crashed earlier runs for this year."""
    for prefix in (STAGING_PREFIX, OLD_PREFIX):
        for path in reports.glob(f"{prefix}{jaar}-*"):
            pid = path.name.rsplit("-", 1)[-1]
            if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
                shutil.rmtree(path, ignore_errors=True)


def _swap(staging: Path, outdir: Path) -> None:
    """Move ``staging`` to ``outdir``; the previous ``outdir`` stays until the move succeeded."""
    old = outdir.with_name(f"{OLD_PREFIX}{outdir.name}-{os.getpid()}")
    had_old = outdir.exists()
    if had_old:
        os.replace(outdir, old)
    try:
        os.replace(staging, outdir)
    except BaseException:
        if had_old:
            os.replace(old, outdir)
        raise
    if had_old:
        shutil.rmtree(old, ignore_errors=True)


def _mp_context() -> multiprocessing.context.BaseContext:
    """Return fork on Linux (workers inherit the imported modules), spawn elsewhere."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _execute_jobs(
    jobs: Sequence[_Job],
    report_job: _ReportJob | None,
    chapter_keys: set[str],
    workers: int,
    log: Log,
) -> list[_Outcome]:
    """Run the jobs in a process pool; submit the report once all chapters succeeded."""
    total = len(jobs) + (1 if report_job else 0)
    labels = {job.key: job.label + (f" ({job.gemeente})" if job.gemeente else "") for job in jobs}
    if report_job:
        labels[report_job.key] = f"{REPORT_PAGE} (hoofdstukken samengevoegd)"
    outcomes: list[_Outcome] = []
    waiting_chapters = set(chapter_keys)
    chapters_ok = True
    width = len(str(total))
    pool = cf.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_mp_context(),
        initializer=_init_worker,
        initargs=(
            kernel_environment(os.environ),
            os.getpid(),
            threading.current_thread() is threading.main_thread(),
        ),
    )
    try:
        keys = {pool.submit(_run_job, job): job.key for job in jobs}
        if report_job and not chapter_keys:
            keys[pool.submit(_run_report, report_job)] = report_job.key
        pending = set(keys)
        while pending:
            done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in done:
                try:
                    outcome = future.result()
                except Exception as exc:  # a worker process died (killed, out of memory)
                    key = keys[future]
                    error = f"werkproces afgebroken ({type(exc).__name__}: {exc})"
                    outcome = _Outcome(key, 0.0, Failure(labels.get(key, key), None, "", error))
                outcomes.append(outcome)
                label = labels.get(outcome.key, outcome.key)
                if outcome.retried:
                    log(f"  Kernel van {label} startte niet ({outcome.retried}); opnieuw gestart.")
                prefix = f"  [{len(outcomes):>{width}}/{total}] {label}"
                if outcome.failure:
                    log(f"{prefix} MISLUKT na {_seconds(outcome.seconds)}")
                else:
                    log(f"{prefix} klaar in {_seconds(outcome.seconds)}")
                if outcome.key in waiting_chapters:
                    waiting_chapters.discard(outcome.key)
                    chapters_ok = chapters_ok and outcome.failure is None
                    if not waiting_chapters and report_job:
                        if chapters_ok:
                            try:
                                future = pool.submit(_run_report, report_job)
                            except cf.BrokenExecutor as exc:  # a worker died; already reported
                                log(f"  {REPORT_PAGE} wordt niet gemaakt: {exc}")
                                continue
                            keys[future] = report_job.key
                            pending.add(future)
                        else:
                            log(f"  {REPORT_PAGE} wordt niet gemaakt: een hoofdstuk is mislukt.")
    except BaseException:  # Ctrl-C or a bug: stop the workers we started, then report
        workers_started = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in workers_started:
            process.terminate()
        raise
    pool.shutdown(wait=True)
    return outcomes


def _summary(jaar: int, failures: Sequence[Failure], total: int, outdir: Path) -> str:
    """Return the Dutch end summary of a failed run."""
    kept = (
        f"{_rel(outdir)}/ is ongewijzigd gebleven."
        if outdir.exists()
        else f"Er is niets in {_rel(outdir)}/ gezet."
    )
    lines = [
        f"Rapport {jaar} is NIET gepubliceerd: {len(failures)} van {total} onderdelen mislukt. "
        + kept
    ]
    lines += [f"  - {failure.describe()}" for failure in failures]
    executed = paths.processed_dir() / EXECUTED_DIR / str(jaar)
    lines.append(
        f"De uitgevoerde notebooks (met foutmelding) staan in {_rel(executed)}/; open ze in "
        "Jupyter om de fout te bekijken."
    )
    return "\n".join(lines)


def _manifest(
    *,
    jaar: int,
    veenkolonien: str,
    gemeenten: Sequence[str],
    statuses: Mapping[str, int],
    fp: str,
    staging: Path,
) -> str:
    """Return the manifest JSON (no timestamps) for the pages in ``staging``."""
    pages = sorted(p.name for p in staging.glob("*.html"))
    record = {
        "jaar": jaar,
        "veenkolonien": veenkolonien,
        "gemeenten": list(gemeenten),
        "statussen": {k: int(v) for k, v in sorted(statuses.items())},
        "vingerafdruk": fp,
        "paginas": {name: _sha256(staging / name) for name in pages},
    }
    return json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


@dataclass
class _Plan:
    """Everything one run executes and publishes."""

    jobs: list[_Job]
    report: _ReportJob
    chapter_keys: set[str]
    factsheets: list[tuple[str, str]]
    banners: tuple[str, ...]
    vk_name: str


def _plan(
    *,
    jaar: int,
    codes: Sequence[str],
    veenkolonien: str,
    chapters: Sequence[Path],
    timeout: int,
    statuses: Mapping[str, int],
    staging: Path,
    executed: Path,
) -> _Plan:
    """Return the jobs of a run: every chapter, every factsheet, then the merged report."""
    from avk_analysis import regions

    notebooks = paths.notebooks_dir()
    factsheet = notebooks / FACTSHEET_NOTEBOOK
    banners = banners_for(statuses)
    vk_name = regions.veenkolonien_name(veenkolonien)
    chapter_params = {"jaar": jaar, "veenkolonien": veenkolonien}
    preload = preload_modules([*chapters, *([factsheet] if codes else [])])
    common = {"cwd": str(notebooks), "timeout": timeout, "preload": preload}
    jobs = [
        _Job(
            key=f"rapport:{nb.stem}",
            notebook=str(nb),
            label=_rel(nb).removeprefix("notebooks/"),
            parameters=dict(chapter_params),
            executed=str(executed / f"rapport_{nb.stem}.ipynb"),
            **common,
        )
        for nb in chapters
    ]
    chapter_keys = {job.key for job in jobs}
    factsheets: list[tuple[str, str]] = []
    for code in codes:
        name = regions.name(code)
        page = f"factsheet_{code}.html"
        factsheets.append((name, page))
        jobs.append(
            _Job(
                key=f"factsheet:{code}",
                notebook=str(factsheet),
                label=FACTSHEET_NOTEBOOK,
                parameters={**chapter_params, "gemeente": code},
                executed=str(executed / f"factsheet_{code}.ipynb"),
                gemeente=f"{name}, {code}",
                html=str(staging / page),
                title=f"Factsheet {name} {jaar}",
                subtitle=f"{MONITOR} · gemeente {name} ({code})",
                banners=banners,
                nav_links=(("Overzicht", INDEX_PAGE), ("Jaarrapport", REPORT_PAGE)),
                **common,
            )
        )
    report = _ReportJob(
        key="rapport",
        chapters=tuple(job.executed for job in jobs if job.key in chapter_keys),
        html=str(staging / REPORT_PAGE),
        title=f"{MONITOR}: jaarrapport {jaar}",
        subtitle=f"Monitor van de Alliantie van Kracht · {vk_name}",
        banners=banners,
        nav_links=(("Overzicht", INDEX_PAGE),),
    )
    factsheets.sort(key=lambda item: item[0].casefold())
    return _Plan(jobs, report, chapter_keys, factsheets, banners, vk_name)


def _write_index(plan: _Plan, staging: Path, jaar: int) -> list[Failure]:
    """Write the overview page into ``staging``; return its publishing problems as failures."""
    from avk_analysis.report import publish

    intro = (
        f"<p>Het jaarrapport {jaar} en de factsheets per gemeente van de monitor "
        "generatiearmoede van de Alliantie van Kracht. Veenkoloniën volgens: "
        f"{html.escape(plan.vk_name)}. De pagina's werken zonder internetverbinding.</p>"
    )
    index = publish.write_index(
        staging,
        title=f"Monitor generatiearmoede Groningen en Drenthe {jaar}",
        report_href=REPORT_PAGE,
        factsheets=plan.factsheets,
        banners=plan.banners,
        intro_html=intro,
    )
    problems = publish.check_html(index.read_text(encoding="utf-8"))
    if not problems:
        return []
    index.unlink()
    return [Failure(INDEX_PAGE, None, "", "niet publiceerbaar: " + "; ".join(problems))]


def run(
    *,
    jaar: int,
    gemeente: str = params.ALL,
    workers: int = 0,
    veenkolonien: str = params.DEFAULT_VEENKOLONIEN,
    timeout: int = 600,
    log: Log = print,
    build_fn: Callable[..., Any] | None = None,
    force: bool = False,
) -> RunResult:
    """Build the data, run the report and factsheet notebooks and publish ``reports/<jaar>/``."""
    start = time.perf_counter()
    jaar = params.validate_jaar(jaar)
    codes = params.resolve_gemeenten(gemeente)
    veenkolonien = params.validate_veenkolonien(veenkolonien)
    workers = params.validate_positive(workers, "Het aantal workers", allow_zero=True)
    timeout = params.validate_positive(timeout, "De tijdslimiet per cel")
    notebooks = paths.notebooks_dir()
    chapters = chapter_notebooks(notebooks)
    factsheet = notebooks / FACTSHEET_NOTEBOOK
    if not chapters:
        raise ReportError(
            f"Geen rapporthoofdstukken gevonden in {_rel(notebooks / CHAPTER_DIR)}/ "
            "(verwacht: NN_<naam>.ipynb)."
        )
    if codes and not factsheet.exists():
        raise ReportError(f"Het factsheet-notebook {_rel(factsheet)} ontbreekt.")

    outdir = paths.reports_dir() / str(jaar)
    build_result = (build_fn or _default_build)(log=log)
    statuses = dict(getattr(build_result, "statuses", {}) or {})
    chapter_params = {"jaar": jaar, "veenkolonien": veenkolonien}
    fp = fingerprint(
        str(getattr(build_result, "fingerprint", "")), {**chapter_params, "gemeenten": codes}
    )
    if not force and _is_current(outdir, fp):
        log(f"Rapport {jaar} is al actueel ({_rel(outdir)}/); er is niets opnieuw gemaakt.")
        pages = sorted(p.name for p in outdir.glob("*.html"))
        seconds = time.perf_counter() - start
        return RunResult(
            ok=True, outdir=outdir, skipped=True, pages=pages, fingerprint=fp, seconds=seconds
        )

    with _year_lock(jaar):
        return _run_notebooks(
            jaar=jaar,
            codes=codes,
            veenkolonien=veenkolonien,
            chapters=chapters,
            workers=workers,
            timeout=timeout,
            statuses=statuses,
            fp=fp,
            log=log,
            start=start,
        )


def _run_notebooks(
    *,
    jaar: int,
    codes: Sequence[str],
    veenkolonien: str,
    chapters: Sequence[Path],
    workers: int,
    timeout: int,
    statuses: Mapping[str, int],
    fp: str,
    log: Log,
    start: float,
) -> RunResult:
    """Check the notebooks, run them and publish (the part of :func:`run` under the lock)."""
    notebooks = paths.notebooks_dir()
    factsheet = notebooks / FACTSHEET_NOTEBOOK
    outdir = paths.reports_dir() / str(jaar)
    chapter_params = {"jaar": jaar, "veenkolonien": veenkolonien}
    _quiet_imports()
    plans = [(nb, chapter_params, _rel(nb)) for nb in chapters]
    if codes:
        plans.append((factsheet, {**chapter_params, "gemeente": codes[0]}, _rel(factsheet)))
    params.check_notebooks(plans)
    from avk_analysis.report import publish  # noqa: F401  (imported once, inherited by workers)

    _register_engine()
    reports = paths.reports_dir()
    reports.mkdir(parents=True, exist_ok=True)
    _clean_stale(reports, jaar)
    staging = reports / f"{STAGING_PREFIX}{jaar}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    executed = paths.processed_dir() / EXECUTED_DIR / str(jaar)
    shutil.rmtree(executed, ignore_errors=True)
    executed.mkdir(parents=True)
    try:
        plan = _plan(
            jaar=jaar,
            codes=codes,
            veenkolonien=veenkolonien,
            chapters=chapters,
            timeout=timeout,
            statuses=statuses,
            staging=staging,
            executed=executed,
        )
        n_workers = min(workers or os.cpu_count() or 1, len(plan.jobs))
        log(
            f"Rapport {jaar}: {len(chapters)} hoofdstuk(ken) en {len(codes)} factsheet(s), "
            f"{n_workers} tegelijk ({plan.vk_name})."
        )
        outcomes = _execute_jobs(plan.jobs, plan.report, plan.chapter_keys, n_workers, log)
        failures = [o.failure for o in outcomes if o.failure]
        timings = {o.key: round(o.seconds, 3) for o in outcomes}
        expected = [REPORT_PAGE, *(page for _name, page in plan.factsheets)]
        if not failures:
            failures = [
                Failure(page, None, "", "pagina ontbreekt na de run")
                for page in expected
                if not (staging / page).is_file()
            ]
        if not failures:
            failures = _write_index(plan, staging, jaar)
        if failures:
            log(_summary(jaar, failures, len(outcomes), outdir))
            return RunResult(
                ok=False,
                outdir=outdir,
                failures=failures,
                timings=timings,
                fingerprint=fp,
                seconds=time.perf_counter() - start,
            )
        manifest = _manifest(
            jaar=jaar,
            veenkolonien=veenkolonien,
            gemeenten=codes,
            statuses=statuses,
            fp=fp,
            staging=staging,
        )
        (staging / MANIFEST).write_text(manifest, encoding="utf-8", newline="\n")
        pages = sorted(p.name for p in staging.glob("*.html"))
        _swap(staging, outdir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    seconds = time.perf_counter() - start
    log(
        f"Rapport {jaar} gepubliceerd in {_rel(outdir)}/ ({len(pages)} pagina's) "
        f"in {_seconds(seconds)}. Begin bij {_rel(outdir / INDEX_PAGE)}."
    )
    for banner in plan.banners:
        log(banner)
    return RunResult(
        ok=True, outdir=outdir, timings=timings, pages=pages, fingerprint=fp, seconds=seconds
    )


def _default_build(*, log: Log) -> Any:
    """Build ``data/processed/`` with :func:`avk_analysis.build.build`."""
    from avk_analysis import build

    return build.build(log=log)
