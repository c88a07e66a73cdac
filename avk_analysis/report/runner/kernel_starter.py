"""The kernel starter: one process per worker that preloads modules and forks fresh kernels.

A plain kernel start costs a new Python process plus, in every notebook, the import of pandas,
matplotlib and friends: well over a second of CPU per notebook, the largest part of a factsheet.
On Linux each worker therefore keeps a *kernel starter*: a fresh Python process that imports
ipykernel and the heavy libraries the notebooks use once, and then forks one new kernel process
per notebook. Every notebook still runs in its own, new kernel process that ran no other code;
only the module imports are shared (copy-on-write). The starter is used only for the native
``python3`` kernel of this very interpreter (see :mod:`avk_analysis.report.runner.kernels`); any
other
kernelspec starts the normal way. Set AVK_SNELLE_KERNELSTART=0 to switch it off.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from avk_analysis.report.runner.processes import die_with_parent, pid_exists
from avk_analysis.vocabulary import paths

KERNEL_START_TIMEOUT = 60  # seconds for a kernel (or the starter) to answer
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
KERNEL_PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "IPython.display")
_IMPLIED = {"pandas": ("pyarrow", "pyarrow.parquet")}  # read_parquet imports pyarrow lazily
_INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


def fast_start_enabled() -> bool:
    """Tell whether kernels come from the kernel starter (Linux, not switched off)."""
    return sys.platform.startswith("linux") and os.environ.get(FAST_START_ENV, "1") != "0"


def imports_of(source: str) -> set[str]:
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


def _notebook_imports(notebooks: Sequence[Path]) -> list[str]:
    """Return the modules the code cells of some notebooks import."""
    todo: list[str] = []
    for notebook in notebooks:
        nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "code":
                source = cell.get("source", "")
                todo.extend(imports_of("".join(source) if isinstance(source, list) else source))
    return todo


def _imported(todo: list[str]) -> set[str]:
    """Return ``todo`` and everything the package modules among them import, transitively."""
    package = paths.package_dir()
    seen: set[str] = set()
    todo = list(todo)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name.split(".")[0] != package.name:
            continue
        parts = name.split(".")[1:]
        candidates = [package.joinpath(*parts) / "__init__.py"]
        if parts:
            candidates.append(package.joinpath(*parts[:-1]) / f"{parts[-1]}.py")
        for file in candidates:
            if file.is_file():
                todo.extend(imports_of(file.read_text(encoding="utf-8")))
    return seen


def package_modules(notebooks: Sequence[Path]) -> tuple[str, ...]:
    """Return the modules of this package that notebooks import, directly or through others."""
    return package_modules_of(_notebook_imports(notebooks))


def package_modules_of(names: Sequence[str]) -> tuple[str, ...]:
    """Return the modules of this package that ``names`` are or import, transitively (sorted)."""
    package = paths.package_dir()
    return tuple(sorted(n for n in _imported(list(names)) if _is_package_module(package, n)))


def preload_modules(notebooks: Sequence[Path]) -> tuple[str, ...]:
    """Return what the starter imports: heavy libraries and the package modules notebooks use.

    The libraries come first (those in ``_PRELOADABLE`` that the notebooks or the package code
    they use import), then the modules of this package the notebooks import, directly or
    through each other: importing them costs a notebook more than half a second otherwise.
    """
    package = paths.package_dir()
    imported = _imported(_notebook_imports(notebooks))
    tops = {name.split(".")[0] for name in imported}
    wanted = [m for m in _PRELOADABLE if m in imported or m in tops]
    for top, implied in _IMPLIED.items():
        if top in tops:
            wanted.extend(implied)
    own = sorted(name for name in imported if _is_package_module(package, name))
    return (
        KERNEL_PRELOAD + tuple(dict.fromkeys(m for m in _PRELOADABLE if m in wanted)) + tuple(own)
    )


def _is_package_module(package: Path, name: str) -> bool:
    """Tell whether a dotted name is a module (or subpackage) of this package."""
    parts = name.split(".")
    if parts[0] != package.name or len(parts) < 2:
        return False
    inner = parts[1:]
    return (package.joinpath(*inner) / "__init__.py").is_file() or package.joinpath(
        *inner[:-1], f"{inner[-1]}.py"
    ).is_file()


def _zygote_main() -> None:
    """Run the kernel starter: preload modules, then fork a kernel for each request on stdin."""
    import importlib
    import signal

    die_with_parent(int(sys.argv[2]) if len(sys.argv) > 2 else os.getppid())
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
        die_with_parent(zygote)
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
    if not pid_exists(pid):
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            state = fh.read().rsplit(b")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    except (OSError, IndexError):
        return True
    return state not in (b"Z", b"X")


class ForkedKernel:
    """The part of ``subprocess.Popen`` that jupyter_client uses, for a forked kernel."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """Return the exit status, or None while the kernel runs."""
        if self.returncode is None and not _process_alive(self.pid):
            self.returncode = -1  # the starter reaped it; the real status is not known here
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait until the kernel has ended; return its exit status."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                import subprocess

                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout or 0)
            time.sleep(0.01)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        """Send ``signum`` to the kernel (nothing when it has ended)."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signum)

    def kill(self) -> None:
        """Kill the kernel."""
        import signal

        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        """Ask the kernel to end."""
        import signal

        self.send_signal(signal.SIGTERM)


class KernelStarter:
    """A kernel starter process (see the module docstring), owned by one worker."""

    def __init__(self, preload: Sequence[str], cwd: str) -> None:
        import subprocess

        code = "from avk_analysis.report.runner.kernel_starter import _zygote_main; _zygote_main()"
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
