"""Faults of the machine rather than of the input: a full disk, too little memory, file rights.

One place that says them in Dutch, for the command line (``cli``) and for the report run (a
notebook or page that failed). A full disk is recognised by its error number, by the text
libraries put in their own errors ("No space left on device"), and, when a kernel dies without
saying why, by the free space left where the run writes.
"""

from __future__ import annotations

import errno
import shutil
from collections.abc import Iterable
from pathlib import Path

# Less free space than this where a run writes: a dying kernel is most likely the full disk.
LOW_SPACE_BYTES = 64 * 1024 * 1024
_DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_DISK_FULL_TEXTS = ("no space left on device", "disk quota exceeded", "errno 28", "errno 122")

DISK_FULL = "de schijf is vol; maak ruimte vrij en probeer het opnieuw"
MEMORY = (
    "er is niet genoeg werkgeheugen (RAM); sluit andere programma's of draai met minder "
    "notebooks tegelijk (--workers 1) en probeer het opnieuw"
)
ERRNO_ADVICE = {
    errno.ENOSPC: DISK_FULL,
    errno.EDQUOT: "het schijfquotum is bereikt; maak ruimte vrij en probeer het opnieuw",
    errno.EROFS: "de map staat op een alleen-lezen schijf; kies een beschrijfbare plek",
    errno.EACCES: "u hebt geen schrijf- of leesrechten op deze plek",
    errno.EPERM: "de bewerking is niet toegestaan op deze plek (rechten)",
    errno.ENOENT: "het bestand of de map bestaat niet",
    errno.EMFILE: "er staan te veel bestanden tegelijk open; probeer het opnieuw",
    errno.EIO: "de schijf gaf een lees- of schrijffout (defecte schijf of verbroken verbinding)",
    errno.ENOMEM: MEMORY,
}


def is_disk_full(error: BaseException | str) -> bool:
    """Tell whether an error (or its text) says the disk or the quota is full."""
    if isinstance(error, OSError) and error.errno in _DISK_FULL_ERRNOS:
        return True
    return any(text in str(error).lower() for text in _DISK_FULL_TEXTS)


def advice(exc: OSError) -> str:
    """Return what an OSError means for the user, in Dutch (never the English errno text)."""
    if is_disk_full(exc):
        return ERRNO_ADVICE.get(exc.errno or errno.ENOSPC, DISK_FULL)
    if exc.errno in ERRNO_ADVICE:
        return ERRNO_ADVICE[exc.errno]
    code = errno.errorcode.get(exc.errno or -1, "")
    return (
        f"het besturingssysteem meldt een fout bij een bestand ({code or type(exc).__name__})"
        if code or exc.errno is None
        else f"het besturingssysteem meldt fout {exc.errno} bij een bestand"
    )


def describe(exc: BaseException) -> str:
    """Return a one-line Dutch description of an error that stopped a step of a run."""
    if isinstance(exc, MemoryError):
        return MEMORY
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        return advice(exc) + where
    if is_disk_full(exc):
        return DISK_FULL
    return f"{type(exc).__name__}: {exc}"


def describe_output(ename: str, evalue: str) -> str:
    """Return the Dutch text of an error a notebook cell printed (``ename: evalue``)."""
    if ename == "MemoryError":
        return MEMORY
    if is_disk_full(evalue):
        return DISK_FULL
    return f"{ename}: {evalue}"


def free_bytes(path: Path) -> int | None:
    """Return the free bytes on the file system of ``path`` (its nearest existing parent)."""
    path = Path(path)
    while not path.exists() and path != path.parent:
        path = path.parent
    try:
        return shutil.disk_usage(path).free
    except OSError:
        return None


def low_space(folders: Iterable[Path]) -> str:
    """Return a Dutch note on a folder whose disk is (nearly) full, or "" when all have room."""
    for folder in folders:
        free = free_bytes(folder)
        if free is not None and free < LOW_SPACE_BYTES:
            shown = f"{free / 1024 / 1024:.0f}".replace(".", ",")
            return f"de schijf is (bijna) vol: nog {shown} MB vrij bij {folder}"
    return ""
