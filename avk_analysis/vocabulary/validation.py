"""Validation findings shared by every input check: where the problem is and what was expected.

A finding names the file, sheet, row (as Excel or a text editor shows it), column, the value
found and what was expected, in Dutch. Errors block publishing; warnings do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ERROR = "fout"
WARNING = "waarschuwing"


@dataclass(frozen=True)
class Finding:
    """One problem found in an input file."""

    severity: str  # ERROR or WARNING
    message: str  # what is wrong, in Dutch
    file: str = ""
    sheet: str = ""
    row: int | None = None  # 1-based, as Excel shows it (header row included)
    column: str = ""
    value: str = ""
    expected: str = ""

    def location(self) -> str:
        """Return 'bestand, blad X, rij N, kolom Y' with the parts that are known."""
        parts = [Path(self.file).name] if self.file else []
        if self.sheet:
            parts.append(f"blad '{self.sheet}'")
        if self.row is not None:
            parts.append(f"rij {self.row}")
        if self.column:
            parts.append(f"kolom '{self.column}'")
        return ", ".join(parts)

    def render(self) -> str:
        """Return one readable Dutch line for this finding."""
        text = f"[{self.severity.upper()}] {self.location()}: {self.message}"
        if self.value != "":
            text += f" (gevonden: {self.value!r}"
            text += f"; verwacht: {self.expected})" if self.expected else ")"
        elif self.expected:
            text += f" (verwacht: {self.expected})"
        return text


# At most this many findings with the same message per sheet and column are listed one by one;
# the rest become one line with a count and their rows (a 100,000-row file stays readable).
MAX_SAME_FINDINGS = 5
MAX_LISTED_RANGES = 20


def row_ranges(rows: list[int], limit: int = MAX_LISTED_RANGES) -> str:
    """Return rows as ranges, ``"3-5, 9"``; after ``limit`` ranges an ellipsis."""
    rows = sorted(set(rows))
    parts: list[str] = []
    start = prev = rows[0]
    for r in [*rows[1:], None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if r is not None:
            start = prev = r
    shown = ", ".join(parts[:limit])
    return shown + (", …" if len(parts) > limit else "")


class Report:
    """All findings for one input file; long runs of the same problem are summarised.

    The first ``max_same`` findings with the same severity, sheet, column and message that name
    a row are kept one by one; the others become one finding "… en nog N rij(en) met hetzelfde
    probleem: rows" at the end. ``error_count`` and ``warning_count`` count every finding,
    summarised ones too.
    """

    def __init__(self, file: str, *, max_same: int | None = MAX_SAME_FINDINGS) -> None:
        """Start an empty report for ``file``."""
        self.file = file
        self.max_same = max_same
        self.error_count = 0
        self.warning_count = 0
        self._kept: list[Finding] = []
        self._counts: dict[tuple[str, str, str, str], int] = {}
        self._more: dict[tuple[str, str, str, str], list[int]] = {}

    def __repr__(self) -> str:
        return f"Report({self.file!r}, {self.error_count} fout(en), {self.warning_count} waarsch.)"

    def add(self, severity: str, message: str, **where: object) -> None:
        """Record a finding (``where``: sheet, row, column, value, expected)."""
        if severity == ERROR:
            self.error_count += 1
        else:
            self.warning_count += 1
        key = (severity, str(where.get("sheet") or ""), str(where.get("column") or ""), message)
        count = self._counts[key] = self._counts.get(key, 0) + 1
        row = where.get("row")
        if self.max_same is not None and count > self.max_same and isinstance(row, int):
            self._more.setdefault(key, []).append(row)
            return
        if "value" in where and where["value"] is not None:
            where["value"] = str(where["value"])
        self._kept.append(Finding(severity, message, file=self.file, **where))  # type: ignore[arg-type]

    def error(self, message: str, **where: object) -> None:
        """Record an error."""
        self.add(ERROR, message, **where)

    def warning(self, message: str, **where: object) -> None:
        """Record a warning."""
        self.add(WARNING, message, **where)

    def rows_with(self, sheet: str, columns: tuple[str, ...]) -> set[int]:
        """Return the rows with a finding in one of ``columns`` of ``sheet`` (summarised too)."""
        rows = {f.row for f in self._kept if f.sheet == sheet and f.column in columns}
        for (_severity, where, column, _message), more in self._more.items():
            if where == sheet and column in columns:
                rows.update(more)
        return {r for r in rows if r is not None}

    @property
    def findings(self) -> list[Finding]:
        """Return the findings kept one by one, then one summary per summarised problem."""
        summaries = [
            Finding(
                severity,
                f"{message} — en nog {len(rows)} rij(en) met hetzelfde probleem: "
                + row_ranges(rows),
                file=self.file,
                sheet=sheet,
                column=column,
            )
            for (severity, sheet, column, message), rows in self._more.items()
        ]
        return [*self._kept, *summaries]

    @property
    def errors(self) -> list[Finding]:
        """Return the findings that block publishing."""
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        """Return the findings that do not block publishing."""
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def ok(self) -> bool:
        """Tell whether the file has no errors (warnings allowed)."""
        return self.error_count == 0

    def render(self) -> str:
        """Return the whole report as readable Dutch text."""
        head = f"Controle van {self.file}"
        lines = [head, "=" * len(head)]
        lines += [f.render() for f in self.errors + self.warnings]
        lines.append(
            f"{self.error_count} fout(en), {self.warning_count} waarschuwing(en). "
            + ("Het bestand is bruikbaar." if self.ok else "Het bestand kan niet worden gebruikt.")
        )
        return "\n".join(lines)


class InputError(Exception):
    """A user's input cannot be used; carries the report so the CLI prints it without traceback."""

    def __init__(self, report: Report):
        super().__init__(report.render())
        self.report = report
