"""Validation findings shared by every input check: where the problem is and what was expected.

A finding names the file, sheet, row (as Excel or a text editor shows it), column, the value
found and what was expected, in Dutch. Errors block publishing; warnings do not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass
class Report:
    """All findings for one input file."""

    file: str
    findings: list[Finding] = field(default_factory=list)

    def add(self, severity: str, message: str, **where: object) -> Finding:
        """Record a finding (``where``: sheet, row, column, value, expected)."""
        if "value" in where and where["value"] is not None:
            where["value"] = str(where["value"])
        finding = Finding(severity, message, file=self.file, **where)  # type: ignore[arg-type]
        self.findings.append(finding)
        return finding

    def error(self, message: str, **where: object) -> Finding:
        """Record an error."""
        return self.add(ERROR, message, **where)

    def warning(self, message: str, **where: object) -> Finding:
        """Record a warning."""
        return self.add(WARNING, message, **where)

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
        return not self.errors

    def render(self) -> str:
        """Return the whole report as readable Dutch text."""
        head = f"Controle van {self.file}"
        lines = [head, "=" * len(head)]
        lines += [f.render() for f in self.errors + self.warnings]
        lines.append(
            f"{len(self.errors)} fout(en), {len(self.warnings)} waarschuwing(en). "
            + ("Het bestand is bruikbaar." if self.ok else "Het bestand kan niet worden gebruikt.")
        )
        return "\n".join(lines)


class InputError(Exception):
    """A user's input cannot be used; carries the report so the CLI prints it without traceback."""

    def __init__(self, report: Report):
        super().__init__(report.render())
        self.report = report
