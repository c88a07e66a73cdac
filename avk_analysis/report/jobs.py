"""What a run executes: one job per chapter and factsheet, then the merged report page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from avk_analysis import paths
from avk_analysis.report.kernel_starter import preload_modules
from avk_analysis.report.messages import rel

REPORT_PAGE = "rapport.html"
INDEX_PAGE = "index.html"
FACTSHEET_NOTEBOOK = "factsheet.ipynb"
CHAPTER_DIR = "rapport"
MONITOR = "Generatiearmoede in Groningen en Drenthe"

BANNER_DEMO = (
    "Let op: de CBS-cijfers op deze pagina zijn demonstratiecijfers: ze hebben de vorm van echte "
    "CBS-gegevens, maar de waarden zijn verzonnen. Grafieken met deze cijfers dragen het woord "
    "DEMO."
)
BANNER_SOME_DEMO = (
    "Let op: een deel van de CBS-cijfers op deze pagina zijn demonstratiecijfers (verzonnen), "
    "namelijk die uit {tables}. De andere CBS-cijfers zijn echt. Grafieken met demonstratiecijfers "
    "dragen het woord DEMO; de Verantwoording zegt per tabel welke cijfers echt zijn."
)
BANNER_EXAMPLE = (
    "Let op: de programmagegevens van de Alliantie van Kracht op deze pagina zijn voorbeelddata "
    "(verzonnen, ter illustratie), geen echte gegevens over het programma."
)
_BANNERS = {"demo": BANNER_DEMO, "voorbeeld": BANNER_EXAMPLE}


@dataclass(frozen=True)
class Job:
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
class ReportJob:
    """Merge the executed chapters into the report page."""

    key: str
    chapters: tuple[str, ...]
    html: str
    title: str
    subtitle: str
    banners: tuple[str, ...]
    nav_links: tuple[tuple[str, str], ...]


@dataclass
class Plan:
    """Everything one run executes and publishes."""

    jobs: list[Job]
    report: ReportJob
    chapter_keys: set[str]
    factsheets: list[tuple[str, str]]
    banners: tuple[str, ...]
    vk_name: str


def make_plan(
    *,
    jaar: int,
    codes: Sequence[str],
    veenkolonien: str,
    chapters: Sequence[Path],
    timeout: int,
    statuses: Mapping[str, int],
    staging: Path,
    executed: Path,
    demo_tables: Sequence[tuple[str, str]] = (),
    real_tables: int = 0,
) -> Plan:
    """Return the jobs of a run: every chapter, every factsheet, then the merged report."""
    from avk_analysis import regions

    notebooks = paths.notebooks_dir()
    factsheet = notebooks / FACTSHEET_NOTEBOOK
    banners = banners_for(statuses, demo_tables, real_tables)
    vk_name = regions.veenkolonien_name(veenkolonien)
    chapter_params = {"jaar": jaar, "veenkolonien": veenkolonien}
    preload = preload_modules([*chapters, *([factsheet] if codes else [])])
    common = {"cwd": str(notebooks), "timeout": timeout, "preload": preload}
    jobs = [
        Job(
            key=f"rapport:{nb.stem}",
            notebook=str(nb),
            label=rel(nb).removeprefix("notebooks/"),
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
            Job(
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
    report = ReportJob(
        key="rapport",
        chapters=tuple(job.executed for job in jobs if job.key in chapter_keys),
        html=str(staging / REPORT_PAGE),
        title=f"{MONITOR}: jaarrapport {jaar}",
        subtitle=f"Monitor van de Alliantie van Kracht · {vk_name}",
        banners=banners,
        nav_links=(("Overzicht", INDEX_PAGE),),
    )
    factsheets.sort(key=lambda item: item[0].casefold())
    return Plan(jobs, report, chapter_keys, factsheets, banners, vk_name)


def chapter_notebooks(notebooks: Path | None = None) -> list[Path]:
    """Return the report chapters ``notebooks/rapport/NN_<naam>.ipynb`` in order."""
    base = (notebooks or paths.notebooks_dir()) / CHAPTER_DIR
    return sorted(p for p in base.glob("*.ipynb") if p.name[:2].isdigit())


def banners_for(
    statuses: Mapping[str, int],
    demo_tables: Sequence[tuple[str, str]] = (),
    real_tables: int = 0,
) -> tuple[str, ...]:
    """Return the warning banners for the data statuses of a build.

    With ``real_tables`` > 0 next to demo tables, the demo banner names the demo tables, so a
    reader knows which figures are not real.
    """
    out = []
    for status, text in _BANNERS.items():
        if not statuses.get(status, 0):
            continue
        if status == "demo" and demo_tables and real_tables:
            names = [f"{title} ({table})" for table, title in demo_tables]
            listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]
            text = BANNER_SOME_DEMO.format(tables=listed)
        out.append(text)
    return tuple(out)
