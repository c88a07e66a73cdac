"""What failed in a run, and where: the notebook, the cell of the source notebook, the error."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from avk_analysis.report.runner import params
from avk_analysis.report.runner.messages import rel
from avk_analysis.report.runner.staging import executed_dir

if TYPE_CHECKING:
    from avk_analysis.report.runner.jobs import Job


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


def first_line(source: str, limit: int = 80) -> str:
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


def source_index(notebook: str, executed_index: int) -> tuple[int | None, str]:
    """Map a cell index of the executed notebook to the source notebook (papermill adds one)."""
    injected = _parameters_index(notebook)
    if injected is None:
        return executed_index, ""
    if executed_index == injected + 1:
        return None, "(door papermill ingevoegde parameters)"
    return (executed_index - 1 if executed_index > injected + 1 else executed_index), ""


def aborted_message(cause: BaseException, timeout: int) -> str:
    """Return the Dutch message for a cell that stopped without an error output."""
    name = type(cause).__name__
    if isinstance(cause, TimeoutError):
        return f"tijdslimiet overschreden: de cel liep langer dan {timeout} s ({name})"
    if name == "DeadKernelError":
        return f"de kernel stopte tijdens deze cel, vaak door geheugengebrek ({name})"
    return f"{name}: {first_line(str(cause), 300)}"


def job_failure(job: Job, error: str, cell: int | None = None, source: str = "") -> Failure:
    """Return the failure of a notebook job (at ``cell`` of the source notebook, if known)."""
    return Failure(
        notebook=job.label,
        cell_index=cell,
        cell_source_first_line=first_line(source),
        error=error,
        gemeente=job.gemeente,
    )


def summary(jaar: int, failures: Sequence[Failure], total: int, outdir: Path) -> str:
    """Return the Dutch end summary of a failed run."""
    kept = (
        f"{rel(outdir)}/ is ongewijzigd gebleven."
        if outdir.exists()
        else f"Er is niets in {rel(outdir)}/ gezet."
    )
    lines = [
        f"Rapport {jaar} is NIET gepubliceerd: {len(failures)} van {total} onderdelen mislukt. "
        + kept
    ]
    lines += [f"  - {failure.describe()}" for failure in failures]
    executed = executed_dir(jaar)
    lines.append(
        f"De uitgevoerde notebooks (met foutmelding) staan in {rel(executed)}/; open ze in "
        "Jupyter om de fout te bekijken."
    )
    return "\n".join(lines)
