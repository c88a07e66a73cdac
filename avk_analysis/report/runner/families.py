"""Page families from one declaration: ``notebooks/paginas.yaml``.

A page family is one notebook (or, for the yearly report, a folder of chapters merged into one
page) with the parameters it gets, the parameter that varies per page and where its values come
from, the file name, title and subtitle patterns, and its place on the overview page. The
runner, the overview page, the manifest and ``avk-monitor report`` read the declaration, so a new
family (a factsheet per wijk) is that file plus a notebook.

:func:`load` checks the file against a small explicit schema (the dataclasses below) and reports
every problem at once, each with file, family, key and what was expected, in Dutch. References
to code (``regions.gemeente_codes``) are checked for their form on load and resolved only for
active families (:func:`resolve`), so a declared but disabled family may name functions that do
not exist yet. Heavy modules are imported only when a reference is resolved.
"""

from __future__ import annotations

import difflib
import importlib
import re
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from avk_analysis.report.runner.messages import rel
from avk_analysis.report.runner.params import ALL, NONE, ReportError
from avk_analysis.vocabulary import paths

DECLARATION = "paginas.yaml"
RUN_PARAMETERS = ("jaar", "veenkolonien")
# ``actief: optie``: a family whose pages a run makes only when asked (``--wijk alle``)
OPTIONAL = "optie"
BASE_FIELDS = ("jaar", "monitor", "veenkolonien", "veenkolonien_naam")
# Options of ``avk-monitor report`` that a family name (its own option) may not shadow.
RESERVED = frozenset({"jaar", "workers", "veenkolonien", "timeout", "opnieuw", "help"})
MODULES = {
    "regions": "avk_analysis.vocabulary.regions",
    "params": "avk_analysis.report.runner.params",
}
# Offered by the CLI when the declaration cannot be read, so the documented option keeps
# working and the run itself reports what is wrong with the file.
FALLBACK_OPTIONS = ("gemeente",)

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_ANCHOR_RE = re.compile(r"^[a-z][a-z0-9-]*$")
_REF_RE = re.compile(r"^([a-z]+)\.([a-z_][a-z0-9_]*)$")
_MISSING = object()

_TOP_KEYS = ("monitor", "overzicht", "families")
_OVERVIEW_KEYS = ("bestand", "titel", "inleiding")
_FAMILY_KEYS = (
    "actief",
    "hoofdstukken",
    "notebook",
    "parameters",
    "per",
    "bestand",
    "titel",
    "ondertitel",
    "onderwerp",
    "navigatie",
    "telling",
    "index",
)
_PER_KEYS = ("parameter", "waarden", "naam", "kiezen", "hulp")
_INDEX_KEYS = ("kop", "anker", "link", "leeg", "groepen")
_GROUP_KEYS = ("per", "koppen", "naam", "rest")
_LINK_KEYS = ("tekst", "pagina")


class DeclarationError(ReportError):
    """The page declaration is missing or does not match its schema (all problems at once)."""


@dataclass(frozen=True)
class Link:
    """A navigation link at the top of a page."""

    text: str
    page: str


@dataclass(frozen=True)
class Grouping:
    """How the links of a family are grouped on the overview page."""

    by: str
    headings: tuple[tuple[str, str], ...] = ()
    name: str = ""
    rest: str = "Overige"


@dataclass(frozen=True)
class IndexEntry:
    """The section of a family on the overview page."""

    heading: str
    anchor: str
    link: str
    empty: str = ""
    groups: Grouping | None = None


@dataclass(frozen=True)
class Varies:
    """The parameter that varies per page, and where its values and names come from."""

    parameter: str
    values: str
    name: str
    choose: str = ""
    help: str = ""


@dataclass(frozen=True)
class Family:
    """One page family: the yearly report (merged chapters) or one page per value."""

    name: str
    active: bool
    page: str
    title: str
    subtitle: str
    count: str
    index: IndexEntry
    parameters: tuple[str, ...] = RUN_PARAMETERS
    chapters: str = ""
    notebook: str = ""
    varies: Varies | None = None
    subject: str = ""
    navigation: tuple[Link, ...] = ()
    optional: bool = False

    @property
    def merged(self) -> bool:
        """Tell whether this family merges a folder of chapters into one page."""
        return bool(self.chapters)


@dataclass(frozen=True)
class Overview:
    """The overview page (``index.html``)."""

    page: str
    title: str
    intro: str


@dataclass(frozen=True)
class Declaration:
    """The checked contents of ``notebooks/paginas.yaml``."""

    path: Path
    monitor: str
    overview: Overview
    families: tuple[Family, ...]

    def active(self) -> tuple[Family, ...]:
        """Return the active families in declaration order."""
        return tuple(f for f in self.families if f.active)

    def report(self) -> Family:
        """Return the family of the yearly report (the merged chapters)."""
        return next(f for f in self.families if f.merged and f.active)

    def per_value(self) -> tuple[Family, ...]:
        """Return the active families with one page per value that every edition has."""
        return tuple(f for f in self.active() if f.varies is not None and not f.optional)

    def optional(self) -> tuple[Family, ...]:
        """Return the families that make pages only when a run asks for them (``actief: optie``)."""
        return tuple(f for f in self.active() if f.varies is not None and f.optional)

    def chosen(self, selected: Mapping[str, Sequence[str]]) -> tuple[Family, ...]:
        """Return the families with one page per value that a run makes (declaration order).

        Every family of :meth:`per_value` (even when no page of it was chosen), and an optional
        family when the run asked for it.
        """
        return tuple(
            f
            for f in self.active()
            if f.varies is not None and (not f.optional or f.name in selected)
        )

    def family(self, name: str) -> Family | None:
        """Return the family called ``name`` (active or not), or None."""
        return next((f for f in self.families if f.name == name), None)


def declaration_path(notebooks: Path | None = None) -> Path:
    """Return ``notebooks/paginas.yaml``."""
    return (notebooks or paths.notebooks_dir()) / DECLARATION


class _UniqueKeyLoader:
    """Build (once) a YAML SafeLoader that rejects a key given twice in one mapping."""

    _cls: Any = None

    @classmethod
    def get(cls) -> Any:
        if cls._cls is None:
            import yaml

            class Loader(yaml.SafeLoader):
                pass

            def mapping(loader: Any, node: Any, deep: bool = False) -> dict[Any, Any]:
                seen: dict[Any, Any] = {}
                for key_node, _value in node.value:
                    key = loader.construct_object(key_node, deep=deep)
                    if key in seen:
                        raise yaml.constructor.ConstructorError(
                            None,
                            None,
                            f"sleutel {key!r} staat twee keer in hetzelfde blok",
                            key_node.start_mark,
                        )
                    seen[key] = True
                return loader.construct_mapping(node, deep=deep)

            Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
            cls._cls = Loader
        return cls._cls


def load(path: Path | None = None) -> Declaration:
    """Read and check the page declaration; raise DeclarationError listing every problem."""
    import yaml

    path = path or declaration_path()
    where = rel(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DeclarationError(
            f"De paginadeclaratie {where} ontbreekt; daarin staat welke pagina's het rapport "
            "maakt (jaarrapport, factsheets)."
        ) from None
    except OSError as exc:
        raise DeclarationError(f"De paginadeclaratie {where} is niet te lezen: {exc}") from exc
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader.get())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" (regel {mark.line + 1}, kolom {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DeclarationError(f"{where}{at}: geen geldige YAML: {problem}.") from exc
    return parse(data, path)


def parse(data: Any, path: Path) -> Declaration:
    """Check parsed YAML against the schema and return the declaration (or raise)."""
    checker = _Checker(rel(path))
    declaration = checker.declaration(data, path)
    if checker.problems or declaration is None:
        lines = "\n".join(f"  - {p}" for p in checker.problems)
        raise DeclarationError(
            f"De paginadeclaratie {rel(path)} klopt niet; er is niets uitgevoerd.\n{lines}"
        )
    return declaration


def _found(value: Any) -> str:
    """Return how a found value reads in a message."""
    if value is _MISSING:
        return "niets (de sleutel ontbreekt)"
    if value is None:
        return "een lege waarde"
    if isinstance(value, Mapping):
        return "een blok met sleutels " + ", ".join(map(str, value)) if value else "een leeg blok"
    if isinstance(value, list):
        return f"een lijst {value!r}"
    return repr(value)


class _Checker:
    """Collects the schema problems of one declaration, each with its location."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[str] = []

    def add(self, family: str | None, key: str, expected: str, found: Any = _MISSING) -> None:
        at = f"{self.where}, familie '{family}'" if family else self.where
        message = f"{at}, sleutel '{key}': verwacht {expected}"
        if found is not _MISSING or not expected.startswith("geen"):
            message += f", gevonden {_found(found)}"
        self.problems.append(message + ".")

    def mapping(self, value: Any, family: str | None, key: str) -> Mapping[str, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.add(family, key, "een blok met sleutels", value)
        return None

    def keys(
        self, block: Mapping[str, Any], allowed: Sequence[str], family: str | None, key: str
    ) -> None:
        for name in block:
            if name in allowed:
                continue
            close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
            hint = f" (bedoelt u '{close[0]}'?)" if close else ""
            full = f"{key}.{name}" if key else str(name)
            self.problems.append(
                f"{self.at(family)}, sleutel '{full}': onbekende sleutel{hint}; "
                f"verwacht een van: {', '.join(allowed)}."
            )

    def at(self, family: str | None) -> str:
        return f"{self.where}, familie '{family}'" if family else self.where

    def text(
        self,
        block: Mapping[str, Any],
        key: str,
        family: str | None,
        prefix: str = "",
        *,
        required: bool = True,
        fields: Sequence[str] = (),
        needs: Sequence[str] = (),
    ) -> str:
        """Return a non-empty text whose ``{placeholders}`` are among ``fields``."""
        full = f"{prefix}{key}"
        value = block.get(key, _MISSING)
        if value is _MISSING and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.add(family, full, "een tekst", value)
            return ""
        try:
            parsed = list(string.Formatter().parse(value))
        except ValueError:
            self.add(family, full, "een tekst met kloppende accolades ({naam})", value)
            return ""
        used = [name for _lit, name, _spec, _conv in parsed if name is not None]
        odd = [name for _lit, name, spec, conv in parsed if name is not None and (spec or conv)]
        if odd or any(name not in fields for name in used):
            allowed = ", ".join(f"{{{f}}}" for f in fields) or "geen plaatshouders"
            self.add(family, full, f"alleen de plaatshouders {allowed}", value)
            return ""
        missing = [name for name in needs if name not in used]
        if missing:
            wanted = ", ".join(f"{{{n}}}" for n in missing)
            self.add(family, full, f"een tekst met {wanted}", value)
            return ""
        return value

    def ref(
        self, block: Mapping[str, Any], key: str, family: str, prefix: str, *, required: bool
    ) -> str:
        """Return a reference ``regions.function`` / ``params.function`` (form only)."""
        value = block.get(key, _MISSING)
        if value is _MISSING and not required:
            return ""
        match = _REF_RE.match(value) if isinstance(value, str) else None
        if match is None or match.group(1) not in MODULES:
            modules = " of ".join(f"'{m}.'" for m in MODULES)
            self.add(family, f"{prefix}{key}", f"een functie die begint met {modules}", value)
            return ""
        return value

    def file_name(self, value: str, family: str | None, key: str, suffix: str) -> str:
        if value and ("/" in value or "\\" in value or not value.endswith(suffix)):
            self.add(family, key, f"een bestandsnaam op {suffix} zonder map", value)
            return ""
        return value

    # --- the parts of the declaration ---------------------------------------------------------

    def declaration(self, data: Any, path: Path) -> Declaration | None:
        top = self.mapping(data, None, "(hele bestand)")
        if top is None:
            return None
        self.keys(top, _TOP_KEYS, None, "")
        monitor = self.text(top, "monitor", None)
        overview = self.overview(top.get("overzicht", _MISSING))
        block = self.mapping(top.get("families", _MISSING), None, "families")
        families: list[Family] = []
        for name, value in (block or {}).items():
            family = self.family(str(name), value)
            if family is not None:
                families.append(family)
        if block is not None and not block:
            self.add(None, "families", "ten minste de familie van het jaarrapport", block)
        if overview is None:
            return None
        self.across(families, overview, block is not None and bool(block))
        return Declaration(path, monitor, overview, tuple(families))

    def overview(self, value: Any) -> Overview | None:
        block = self.mapping(value, None, "overzicht")
        if block is None:
            return None
        self.keys(block, _OVERVIEW_KEYS, None, "overzicht")
        page = self.text(block, "bestand", None, "overzicht.", fields=())
        page = self.file_name(page, None, "overzicht.bestand", ".html")
        title = self.text(block, "titel", None, "overzicht.", fields=BASE_FIELDS)
        intro = self.text(block, "inleiding", None, "overzicht.", fields=BASE_FIELDS)
        return Overview(page, title, intro)

    def family(self, name: str, value: Any) -> Family | None:
        if not _NAME_RE.match(name) or name in RESERVED:
            reserved = ", ".join(sorted(RESERVED))
            self.problems.append(
                f"{self.where}, familie '{name}': verwacht als naam kleine letters, cijfers en _ "
                f"(de naam is ook de optie --{name} van avk-monitor report), niet {reserved}."
            )
            return None
        block = self.mapping(value, name, "(familie)")
        if block is None:
            return None
        self.keys(block, _FAMILY_KEYS, name, "")
        active = block.get("actief", True)
        optional = active == OPTIONAL
        if optional:
            active = True
        elif not isinstance(active, bool):
            self.add(name, "actief", f"true, false of '{OPTIONAL}'", active)
            active = True
        chapters = block.get("hoofdstukken", _MISSING)
        notebook = block.get("notebook", _MISSING)
        if (chapters is _MISSING) == (notebook is _MISSING):
            self.add(
                name,
                "hoofdstukken/notebook",
                "precies één van 'hoofdstukken' (een map met NN_<naam>.ipynb, samengevoegd tot "
                "één pagina) en 'notebook' (één pagina per waarde van 'per')",
                {k: block[k] for k in ("hoofdstukken", "notebook") if k in block} or _MISSING,
            )
            return None
        varies: Varies | None = None
        if chapters is not _MISSING:
            chapters = self.folder(chapters, name)
            if "per" in block:
                self.add(name, "per", "geen 'per' bij een familie met 'hoofdstukken'")
            notebook = ""
        else:
            if not (isinstance(notebook, str) and notebook.endswith(".ipynb")) or _escapes(
                notebook
            ):
                self.add(name, "notebook", "een .ipynb-pad binnen notebooks/", notebook)
                notebook = ""
            varies = self.varies(block.get("per", _MISSING), name)
            if varies is None:
                return None
            chapters = ""
        parameters = self.parameters(block.get("parameters", _MISSING), name, varies)
        value_fields = (*BASE_FIELDS, "naam", varies.parameter) if varies else BASE_FIELDS
        own = ("naam", varies.parameter) if varies else ()
        page = self.text(block, "bestand", name, fields=own[1:], needs=own[1:])
        page = self.file_name(page, name, "bestand", ".html")
        title = self.text(block, "titel", name, fields=value_fields)
        subtitle = self.text(block, "ondertitel", name, fields=value_fields)
        subject = ""
        if varies:
            subject = self.text(block, "onderwerp", name, fields=own)
        elif "onderwerp" in block:
            self.add(name, "onderwerp", "geen 'onderwerp' bij een familie zonder 'per'")
        navigation = self.navigation(block.get("navigatie", []), name)
        count = self.text(block, "telling", name, fields=("aantal",), needs=("aantal",))
        index = self.index(block.get("index", _MISSING), name, own, varies is not None)
        if index is None:
            return None
        return Family(
            name=name,
            active=active,
            page=page,
            title=title,
            subtitle=subtitle,
            count=count,
            index=index,
            parameters=parameters,
            chapters=chapters,
            notebook=notebook,
            varies=varies,
            subject=subject,
            navigation=navigation,
            optional=optional,
        )

    def folder(self, value: Any, family: str) -> str:
        if not isinstance(value, str) or not value.strip() or _escapes(value):
            self.add(family, "hoofdstukken", "een map binnen notebooks/ (zoals rapport)", value)
            return ""
        return value.strip().strip("/")

    def varies(self, value: Any, family: str) -> Varies | None:
        block = self.mapping(value, family, "per")
        if block is None:
            return None
        self.keys(block, _PER_KEYS, family, "per")
        parameter = block.get("parameter", _MISSING)
        if not isinstance(parameter, str) or not _NAME_RE.match(parameter):
            self.add(family, "per.parameter", "de naam van een notebookparameter", parameter)
            parameter = ""
        elif parameter in RUN_PARAMETERS:
            self.add(
                family,
                "per.parameter",
                f"een andere parameter dan {', '.join(RUN_PARAMETERS)} (die zijn per run vast)",
                parameter,
            )
        values = self.ref(block, "waarden", family, "per.", required=True)
        name = self.ref(block, "naam", family, "per.", required=True)
        choose = self.ref(block, "kiezen", family, "per.", required=False)
        help_text = self.text(block, "hulp", family, "per.", required=False)
        if not parameter:
            return None
        return Varies(parameter, values, name, choose, help_text)

    def parameters(self, value: Any, family: str, varies: Varies | None) -> tuple[str, ...]:
        expected = f"een lijst met een of meer van {', '.join(RUN_PARAMETERS)}"
        if value is _MISSING:
            return RUN_PARAMETERS
        if (
            not isinstance(value, list)
            or any(v not in RUN_PARAMETERS for v in value)
            or len(set(value)) != len(value)
        ):
            self.add(family, "parameters", expected, value)
            return RUN_PARAMETERS
        return tuple(value)

    def navigation(self, value: Any, family: str) -> tuple[Link, ...]:
        if not isinstance(value, list):
            self.add(family, "navigatie", "een lijst met {tekst: ..., pagina: ...}", value)
            return ()
        links = []
        for number, item in enumerate(value, start=1):
            key = f"navigatie[{number}]"
            block = self.mapping(item, family, key)
            if block is None:
                continue
            self.keys(block, _LINK_KEYS, family, key)
            text = self.text(block, "tekst", family, f"{key}.")
            page = self.text(block, "pagina", family, f"{key}.")
            page = self.file_name(page, family, f"{key}.pagina", ".html")
            if text and page:
                links.append(Link(text, page))
        return tuple(links)

    def index(self, value: Any, family: str, own: Sequence[str], varies: bool) -> IndexEntry | None:
        block = self.mapping(value, family, "index")
        if block is None:
            return None
        self.keys(block, _INDEX_KEYS, family, "index")
        heading = self.text(block, "kop", family, "index.")
        anchor = block.get("anker", _MISSING)
        if not isinstance(anchor, str) or not _ANCHOR_RE.match(anchor):
            self.add(family, "index.anker", "een anker van kleine letters, cijfers en -", anchor)
            anchor = ""
        link = self.text(block, "link", family, "index.", fields=own)
        empty = self.text(block, "leeg", family, "index.", required=False)
        groups = None
        if "groepen" in block:
            if varies:
                groups = self.grouping(block["groepen"], family)
            else:
                self.add(family, "index.groepen", "geen 'groepen' bij een familie zonder 'per'")
        return IndexEntry(heading, anchor, link, empty, groups)

    def grouping(self, value: Any, family: str) -> Grouping | None:
        block = self.mapping(value, family, "index.groepen")
        if block is None:
            return None
        self.keys(block, _GROUP_KEYS, family, "index.groepen")
        by = self.ref(block, "per", family, "index.groepen.", required=True)
        name = self.ref(block, "naam", family, "index.groepen.", required=False)
        headings: list[tuple[str, str]] = []
        raw = block.get("koppen", {})
        if not isinstance(raw, Mapping) or not all(
            isinstance(v, str) and v.strip() for v in raw.values()
        ):
            self.add(family, "index.groepen.koppen", "een blok groep: kop", raw)
        else:
            headings = [(str(k), v) for k, v in raw.items()]
        rest = "Overige"
        if "rest" in block:
            rest = self.text(block, "rest", family, "index.groepen.")
        return Grouping(by, tuple(headings), name, rest) if by else None

    def across(self, families: Sequence[Family], overview: Overview, declared: bool) -> None:
        """Check what involves more than one family: one report, unique files and anchors."""
        reports = [f for f in families if f.merged and f.active]
        if declared and len(reports) != 1:
            names = ", ".join(f.name for f in reports) or "geen"
            self.problems.append(
                f"{self.where}, families: verwacht precies één actieve familie met "
                f"'hoofdstukken' (het jaarrapport), gevonden: {names}."
            )
        pages: dict[str, str] = {overview.page: "overzicht"} if overview.page else {}
        notebooks: dict[str, str] = {}
        anchors: dict[str, str] = {}
        for family in families:
            shape = _shape(family)
            if shape and shape in pages:
                self.add(
                    family.name,
                    "bestand",
                    f"een andere bestandsnaam dan die van '{pages[shape]}'",
                    family.page,
                )
            elif shape:
                pages[shape] = family.name
            if family.notebook:
                if family.notebook in notebooks:
                    self.add(
                        family.name,
                        "notebook",
                        f"een ander notebook dan dat van familie '{notebooks[family.notebook]}'",
                        family.notebook,
                    )
                notebooks[family.notebook] = family.name
            anchor = family.index.anchor
            if anchor and anchor in anchors:
                self.add(
                    family.name,
                    "index.anker",
                    f"een ander anker dan dat van familie '{anchors[anchor]}'",
                    anchor,
                )
            anchors[anchor] = family.name
        fixed = {overview.page, *(f.page for f in reports)}
        for family in families:
            for number, link in enumerate(family.navigation, start=1):
                if link.page not in fixed:
                    self.add(
                        family.name,
                        f"navigatie[{number}].pagina",
                        "de overzichtspagina of het jaarrapport ("
                        + ", ".join(sorted(p for p in fixed if p))
                        + ")",
                        link.page,
                    )


def _escapes(path: str) -> bool:
    """Tell whether a relative path leaves its folder (absolute or with ``..``)."""
    parts = Path(path).parts
    return not path.strip() or Path(path).is_absolute() or ".." in parts


def _shape(family: Family) -> str:
    """Return the family's file name with its placeholder as ``*`` (to find collisions)."""
    if not family.page:
        return ""
    if family.varies is None:
        return family.page
    return family.page.replace(f"{{{family.varies.parameter}}}", "*")


# --- using a declaration ---------------------------------------------------------------------


def resolve(declaration: Declaration, family: Family, key: str, ref: str) -> Callable[..., Any]:
    """Return the function a reference names; raise DeclarationError (located) when missing."""
    module_name, _, attr = ref.partition(".")
    module = importlib.import_module(MODULES[module_name])
    function = getattr(module, attr, None)
    if not callable(function):
        raise DeclarationError(
            f"{rel(declaration.path)}, familie '{family.name}', sleutel '{key}': verwacht een "
            f"bestaande functie in {MODULES[module_name]}, gevonden {ref!r} (bestaat niet)."
        )
    return function


def base_fields(
    declaration: Declaration, *, jaar: int, veenkolonien: str, vk_name: str
) -> dict[str, Any]:
    """Return the placeholders every title pattern may use."""
    return {
        "jaar": jaar,
        "monitor": declaration.monitor,
        "veenkolonien": veenkolonien,
        "veenkolonien_naam": vk_name,
    }


def select(declaration: Declaration, choices: Mapping[str, str]) -> dict[str, list[str]]:
    """Return, per family with ``per`` that the run makes, the values chosen.

    Every family of ``per_value`` is there (``alle`` when not given); an optional family
    (``actief: optie``) only when ``choices`` asks for it with anything but ``geen``.
    """
    known = {f.name for f in declaration.families if f.varies is not None}
    for name in choices:
        family = declaration.family(name)
        if family is None or name not in known:
            offered = ", ".join(f.name for f in declaration.per_value()) or "geen"
            raise ReportError(
                f"Onbekende paginafamilie {name!r} in de keuze; met een keuze per pagina: "
                f"{offered} ({rel(declaration.path)})."
            )
        if not family.active and _norm(str(choices[name])) != ALL:
            raise ReportError(
                f"De paginafamilie '{name}' staat uit (actief: false in "
                f"{rel(declaration.path)}); er zijn geen pagina's van te kiezen."
            )
    wanted = [
        f
        for f in declaration.per_value() + declaration.optional()
        if not f.optional or _norm(str(choices.get(f.name, NONE))) != NONE
    ]
    selected: dict[str, list[str]] = {}
    for family in declaration.active():
        if family not in wanted:
            continue
        choice = str(choices.get(family.name, ALL))
        assert family.varies is not None
        if family.varies.choose:
            chooser = resolve(declaration, family, "per.kiezen", family.varies.choose)
            selected[family.name] = list(chooser(choice))
        else:
            selected[family.name] = choose_values(declaration, family, choice)
    return selected


def everything(declaration: Declaration, selected: Mapping[str, Sequence[str]]) -> bool:
    """Tell whether ``selected`` holds every page of the families it makes (an edition).

    Every family of ``per_value`` complete, and every optional family that was chosen too.
    """
    full = select(declaration, {f.name: ALL for f in declaration.optional() if f.name in selected})
    return all(list(selected.get(name, [])) == list(values) for name, values in full.items())


def _norm(text: str) -> str:
    """Return ``text`` lower-cased with spaces, hyphens and underscores collapsed."""
    return re.sub(r"[\s_-]+", " ", text.strip().lower())


def choose_values(declaration: Declaration, family: Family, choice: str) -> list[str]:
    """Return the values of ``family`` for ``alle``, ``geen``, one value or one name."""
    assert family.varies is not None
    values = [str(v) for v in resolve(declaration, family, "per.waarden", family.varies.values)()]
    if _norm(choice) == ALL:
        return values
    if _norm(choice) == NONE:
        return []
    naming = resolve(declaration, family, "per.naam", family.varies.name)
    by_value = {_norm(v): v for v in values}
    by_name = {_norm(str(naming(v))): v for v in values}
    found = by_value.get(_norm(choice)) or by_name.get(_norm(choice))
    if found:
        return [found]
    close = difflib.get_close_matches(_norm(choice), list(by_name), n=1, cutoff=0.7)
    hint = f" Bedoelt u {naming(by_name[close[0]])} ({by_name[close[0]]})?" if close else ""
    raise ReportError(
        f"Onbekende waarde {choice!r} voor --{family.name}.{hint} Kies '{ALL}', '{NONE}', "
        f"een van de {len(values)} waarden of hun naam."
    )


def groups(
    declaration: Declaration,
    family: Family,
    links: Sequence[tuple[str, str, str]],
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the (label, href) links of a family under their group headings (none left out).

    ``links`` holds (label, href, value); a value the grouping function does not know goes to
    the rest group. Without a grouping there are no groups (one list).
    """
    grouping = family.index.groups
    if grouping is None:
        return []
    group_of = resolve(declaration, family, "index.groepen.per", grouping.by)
    naming = (
        resolve(declaration, family, "index.groepen.naam", grouping.name) if grouping.name else str
    )
    keyed: dict[str, list[tuple[str, str]]] = {}
    rest: list[tuple[str, str]] = []
    for label, href, value in links:
        try:
            key = str(group_of(value))
        except (KeyError, ValueError, LookupError):
            rest.append((label, href))
            continue
        keyed.setdefault(key, []).append((label, href))
    declared = dict(grouping.headings)
    out = [(heading, keyed.pop(key, [])) for key, heading in grouping.headings]
    others = [(str(naming(key)), items) for key, items in keyed.items() if key not in declared]
    out += sorted(others, key=lambda item: item[0].casefold())
    return [*out, (grouping.rest, rest)] if rest else out
