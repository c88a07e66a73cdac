"""Process helpers of a run: whether a process exists, and ending together with a parent."""

from __future__ import annotations

import contextlib
import os


def pid_exists(pid: int) -> bool:
    """Tell whether a process with this pid exists (POSIX; a zombie counts as existing)."""
    try:
        os.kill(pid, 0)  # signal 0 only checks existence; nothing is sent
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent ends, so no kernel outlives its run."""
    import ctypes
    import signal

    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(1)
