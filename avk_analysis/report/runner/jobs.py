"""What a run executes: one job per chapter and per page of a family, then the report page.

The families, their notebooks, parameters, file names and titles come from the declaration
(``notebooks/paginas.yaml``, see :mod:`avk_analysis.report.runner.families`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from avk_analysis.report.runner import families
from avk_analysis.report.runner.kernel_starter import preload_modules
from avk_analysis.report.runner.messages import rel
from avk_analysis.report.runner.params import ReportError
from avk_analysis.vocabulary import paths

# The defaults of the declaration: the chapter folder (for chapter_notebooks) and the names
# the report's pages have when notebooks/paginas.yaml keeps them (messages and tools).
REPORT_PAGE = "rapport.html"
INDEX_PAGE = "index.html"
CHAPTER_DIR = "rapport"

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
# which data are example data, by the kind of source (bronnen.json "soort")
EXAMPLE_KINDS = {
    "programma": "de programmagegevens van de Alliantie van Kracht",
    "microdata": "de cijfers over jongvolwassenen en hun ouders uit CBS-microdata",
}
BANNER_EXAMPLE_OF = (
    "Let op: {what} op deze pagina zijn voorbeelddata (verzonnen, ter illustratie), geen echte "
    "gegevens."
)
BANNER_UNREADABLE = (
    "Let op: {tables} kon bij deze editie niet worden gelezen (het CBS heeft de indeling van "
    "de tabel veranderd of het bestand is beschadigd). De cijfers daaruit ontbreken op deze "
    "pagina; er staan geen andere cijfers voor in de plaats. De Verantwoording zegt wat er mis was."
)


def _listed(names: Sequence[str]) -> str:
    """Return Dutch enumeration: 'a', 'a en b', 'a, b en c'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


@dataclass(frozen=True)
class Job:
    """One notebook execution (and, for a page family, its page); picklable for the workers."""

    key: str
    notebook: str
    label: str
    parameters: dict[str, Any]
    executed: str
    cwd: str
    timeout: int
    subject: str = ""
    html: str = ""
    title: str = ""
    subtitle: str = ""
    banners: tuple[str, ...] = ()
    nav_links: tuple[tuple[str, str], ...] = ()
    preload: tuple[str, ...] = ()

    @property
    def gemeente(self) -> str:
        """Return the page's subject ("Emmen, GM0114"); the name failures.py reads."""
        return self.subject


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
    label: str = f"{CHAPTER_DIR}/ (samengevoegd)"


@dataclass(frozen=True)
class Page:
    """One page of a family on the overview page: its link text, file and value."""

    label: str
    href: str
    value: str


@dataclass
class Plan:
    """Everything one run executes and publishes."""

    jobs: list[Job]
    report: ReportJob | None
    chapter_keys: set[str]
    pages: dict[str, list[Page]]
    banners: tuple[str, ...]
    vk_name: str
    declaration: families.Declaration | None = None

    def page_names(self) -> list[str]:
        """Return the file names every successful run publishes (before the overview page)."""
        own = [Path(self.report.html).name] if self.report is not None else []
        return [*own, *(p.href for ps in self.pages.values() for p in ps)]


def family_notebook(family: families.Family, notebooks: Path) -> Path:
    """Return the notebook of a family with one page per value."""
    return notebooks / family.notebook


def family_parameters(
    family: families.Family, run_parameters: Mapping[str, Any], value: str | None = None
) -> dict[str, Any]:
    """Return the parameters a family's notebook gets (for one value, when it varies)."""
    out = {name: run_parameters[name] for name in run_parameters if name in family.parameters}
    if family.varies is not None and value is not None:
        out[family.varies.parameter] = value
    return out


def page_job(
    declaration: families.Declaration,
    family: families.Family,
    value: str,
    *,
    fields: Mapping[str, Any],
    run_parameters: Mapping[str, Any],
    html: Path,
    executed: Path,
    key: str,
    common: Mapping[str, Any],
    banners: tuple[str, ...],
    link_prefix: str = "",
) -> Job:
    """Return the job of one page of a family that varies per value."""
    assert family.varies is not None
    naming = families.resolve(declaration, family, "per.naam", family.varies.name)
    own = {**fields, "naam": naming(value), family.varies.parameter: value}
    return Job(
        key=key,
        notebook=str(family_notebook(family, Path(common["cwd"]))),
        label=family.notebook,
        parameters=family_parameters(family, run_parameters, value),
        executed=str(executed),
        subject=family.subject.format(**own),
        html=str(html),
        title=family.title.format(**own),
        subtitle=family.subtitle.format(**own),
        banners=banners,
        nav_links=tuple((link.text, link_prefix + link.page) for link in family.navigation),
        **common,
    )


def page_file(family: families.Family, value: str) -> str:
    """Return the file name of the page of ``family`` for ``value``."""
    assert family.varies is not None
    return family.page.format(**{family.varies.parameter: value})


def make_plan(
    *,
    jaar: int,
    declaration: families.Declaration,
    selected: Mapping[str, Sequence[str]],
    veenkolonien: str,
    chapters: Sequence[Path],
    timeout: int,
    statuses: Mapping[str, int],
    staging: Path,
    executed: Path,
    demo_tables: Sequence[tuple[str, str]] = (),
    real_tables: int = 0,
    unreadable_tables: Sequence[tuple[str, str]] = (),
    with_report: bool = True,
    link_prefix: str = "",
    example_kinds: Sequence[str] = (),
) -> Plan:
    """Return the jobs of a run: every chapter, every page of every family, then the report.

    ``with_report=False`` (a preview of some pages) leaves the report page out; ``link_prefix``
    points the pages' navigation elsewhere (a preview links to ``../<jaar>/``, the edition).
    """
    from avk_analysis.vocabulary import regions

    notebooks = paths.notebooks_dir()
    banners = banners_for(statuses, demo_tables, real_tables, unreadable_tables, example_kinds)
    vk_name = regions.veenkolonien_name(veenkolonien)
    fields = families.base_fields(
        declaration, jaar=jaar, veenkolonien=veenkolonien, vk_name=vk_name
    )
    run_parameters = {"jaar": jaar, "veenkolonien": veenkolonien}
    report_family = declaration.report()
    with_pages = [f for f in declaration.chosen(selected) if selected.get(f.name)]
    preload = preload_modules([*chapters, *(family_notebook(f, notebooks) for f in with_pages)])
    common = {"cwd": str(notebooks), "timeout": timeout, "preload": preload}
    report_stem = Path(report_family.page).stem
    jobs = [
        Job(
            key=f"{report_family.name}:{nb.stem}",
            notebook=str(nb),
            label=f"{report_family.chapters}/{nb.name}",
            parameters=family_parameters(report_family, run_parameters),
            executed=str(executed / f"{report_stem}_{nb.stem}.ipynb"),
            **common,
        )
        for nb in chapters
    ]
    chapter_keys = {job.key for job in jobs}
    pages: dict[str, list[Page]] = {}
    seen: dict[str, str] = {}
    for family in with_pages:
        assert family.varies is not None
        naming = families.resolve(declaration, family, "per.naam", family.varies.name)
        listed: list[Page] = []
        for value in selected[family.name]:
            page = page_file(family, value)
            if page in seen:
                raise ReportError(
                    f"De pagina {page} komt twee keer voor (families '{seen[page]}' en "
                    f"'{family.name}'); geef ze in {rel(declaration.path)} een eigen bestandsnaam."
                )
            seen[page] = family.name
            link_fields = {"naam": naming(value), family.varies.parameter: value}
            listed.append(Page(family.index.link.format(**link_fields), page, value))
            jobs.append(
                page_job(
                    declaration,
                    family,
                    value,
                    fields=fields,
                    run_parameters=run_parameters,
                    html=staging / page,
                    executed=executed / f"{Path(page).stem}.ipynb",
                    key=f"{Path(family.notebook).stem}:{value}",
                    common=common,
                    banners=banners,
                    link_prefix=link_prefix,
                )
            )
        listed.sort(key=lambda item: item.label.casefold())
        pages[family.name] = listed
    if not with_report:
        return Plan(jobs, None, chapter_keys, pages, banners, vk_name, declaration)
    report = ReportJob(
        key=report_family.name,
        chapters=tuple(job.executed for job in jobs if job.key in chapter_keys),
        html=str(staging / report_family.page),
        title=report_family.title.format(**fields),
        subtitle=report_family.subtitle.format(**fields),
        banners=banners,
        nav_links=tuple((link.text, link.page) for link in report_family.navigation),
        label=f"{report_family.chapters}/ (samengevoegd)",
    )
    return Plan(jobs, report, chapter_keys, pages, banners, vk_name, declaration)


def chapter_notebooks(notebooks: Path | None = None, folder: str = CHAPTER_DIR) -> list[Path]:
    """Return the report chapters ``notebooks/<folder>/NN_<naam>.ipynb`` in order."""
    base = (notebooks or paths.notebooks_dir()) / folder
    return sorted(p for p in base.glob("*.ipynb") if p.name[:2].isdigit())


def banners_for(
    statuses: Mapping[str, int],
    demo_tables: Sequence[tuple[str, str]] = (),
    real_tables: int = 0,
    unreadable_tables: Sequence[tuple[str, str]] = (),
    example_kinds: Sequence[str] = (),
) -> tuple[str, ...]:
    """Return the warning banners for the data statuses of a build.

    With ``real_tables`` > 0 next to demo tables, the demo banner names the demo tables, so a
    reader knows which figures are not real; ``example_kinds`` (programma, microdata) says whose
    figures are example data. Tables the build could not read are named too.
    """
    out = []
    if unreadable_tables:
        names = [f"CBS-tabel {table} ({title})" for table, title in unreadable_tables]
        out.append(BANNER_UNREADABLE.format(tables=_listed(names)))
    for status, text in _BANNERS.items():
        if not statuses.get(status, 0):
            continue
        kinds = [EXAMPLE_KINDS[k] for k in EXAMPLE_KINDS if k in example_kinds]
        if status == "voorbeeld" and kinds and list(example_kinds) != ["programma"]:
            what = kinds[0] if len(kinds) == 1 else " en ".join(kinds)
            text = BANNER_EXAMPLE_OF.format(what=what)
        if status == "demo" and demo_tables and real_tables:
            names = [f"{title} ({table})" for table, title in demo_tables]
            text = BANNER_SOME_DEMO.format(tables=_listed(names))
        out.append(text)
    return tuple(out)
