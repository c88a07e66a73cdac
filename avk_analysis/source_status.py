"""Which source each figure comes from: per CBS table its status, dates, rows and last refresh.

``avk-monitor bronnen`` prints :func:`overview`; the report's banner and Verantwoording use
:func:`demo_tables` to say exactly which tables are demo and :func:`unreadable_tables` which
tables the build could not read (their figures are missing, never replaced by demo figures).
"""

from __future__ import annotations

import json

import pandas as pd

from avk_analysis.pipeline import processed
from avk_analysis.vocabulary import paths
from avk_analysis.vocabulary.provenance import STATUS_DEMO, ProvenanceError, read_provenance

COLUMNS = [
    "tabel",
    "titel",
    "status",
    "opgehaald",
    "cbs_gewijzigd",
    "rijen",
    "laatste_verversing",
    "map",
]
NOT_STORED = "niet opgeslagen"


def _rows_per_table() -> dict[tuple[str, str], int]:
    """Return the figures per (table, status) in the built indicator table (empty if unbuilt)."""
    file = processed.path(processed.INDICATORS_FILE)
    if not file.exists() or processed.problems():
        return {}
    df = pd.read_parquet(file, columns=["tabel", "status"])
    return {(str(t), str(s)): int(n) for (t, s), n in df.value_counts().items()}


def _built_sources() -> list[dict]:
    """Return the source records of the last build (``bronnen.json``; empty when unbuilt)."""
    file = processed.path(processed.SOURCES_FILE)
    if not file.exists():
        return []
    try:
        records = json.loads(file.read_text(encoding="utf-8"))
    except ValueError:
        return []
    return [r for r in records if isinstance(r, dict)] if isinstance(records, list) else []


def unreadable_tables(sources: list[dict] | None = None) -> list[tuple[str, str, str]]:
    """Return (table id, title, Dutch reason) of the CBS tables the last build could not read."""
    if sources is None:
        sources = _built_sources()
    return [
        (str(s.get("table_id")), str(s.get("title", "")), str(s.get("leesfout")))
        for s in sources
        if s.get("soort") == "cbs" and isinstance(s.get("leesfout"), str) and s.get("leesfout")
    ]


def overview() -> pd.DataFrame:
    """Return one row per registry table: status, retrieval date, CBS Modified, rows, refresh."""
    from avk_analysis.sources.cbs import download, parse
    from avk_analysis.sources.cbs import tables as registry

    stored = parse.stored_tables()
    rows = _rows_per_table()
    refresh = download.refresh_outcomes()
    unreadable = {table: reason for table, _title, reason in unreadable_tables()}
    out = []
    for table_id in registry.table_ids():
        spec = registry.get(table_id)
        directory = stored.get(table_id)
        record = {
            "tabel": table_id,
            "titel": spec.title,
            "status": NOT_STORED,
            "opgehaald": "",
            "cbs_gewijzigd": "",
            "rijen": 0,
            "laatste_verversing": refresh.get(table_id, "nooit ververst"),
            "map": "",
        }
        if directory is not None:
            try:
                prov = read_provenance(directory)
            except ProvenanceError as exc:
                record["status"] = f"fout: {exc}"
            else:
                record.update(
                    status=prov.status,
                    opgehaald=prov.retrieved[:10],
                    cbs_gewijzigd=(prov.modified or "")[:10],
                    rijen=rows.get((table_id, prov.status), 0),
                    map=processed.rel(directory),
                )
                if table_id in unreadable:
                    record["status"] = f"{prov.status}, NIET GELEZEN"
        if spec.successor:
            record["titel"] = f"{spec.title} (gediscontinueerd; opvolger {spec.successor})"
        out.append(record)
    return pd.DataFrame(out, columns=COLUMNS)


def demo_tables(sources: list[dict] | None = None) -> list[tuple[str, str]]:
    """Return (table id, title) of the CBS tables whose figures in the build are demo figures."""
    if sources is None:
        try:
            from avk_analysis import load

            sources = load.bronnen_ruw().to_dict("records")
        except (processed.ProcessedDataError, OSError):
            return []
    return [
        (str(s.get("table_id")), str(s.get("title", "")))
        for s in sources
        if s.get("status") == STATUS_DEMO and s.get("table_id") and int(s.get("rijen", 1) or 0)
    ]


def render(frame: pd.DataFrame) -> str:
    """Return the overview as an aligned Dutch text table for the terminal."""
    headers = {
        "tabel": "Tabel",
        "status": "Status",
        "opgehaald": "Opgehaald",
        "cbs_gewijzigd": "CBS gewijzigd",
        "rijen": "Cijfers",
        "laatste_verversing": "Laatste verversing",
        "titel": "Titel",
    }
    shown = frame[list(headers)].astype(str).rename(columns=headers)
    widths = {c: max(len(c), *(len(v) for v in shown[c])) for c in shown.columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in shown.columns).rstrip()]
    lines.append("  ".join("-" * widths[c] for c in shown.columns))
    for _, row in shown.iterrows():
        lines.append("  ".join(str(row[c]).ljust(widths[c]) for c in shown.columns).rstrip())
    demo = int((frame["status"] == STATUS_DEMO).sum())
    real = int((frame["status"] == "echt").sum())
    missing = int((frame["status"] == NOT_STORED).sum())
    unreadable = unreadable_tables()
    if unreadable:
        lines.append("")
        lines.append(f"NIET GELEZEN bij de laatste bouw ({len(unreadable)} tabel(len)):")
        lines += [f"- {reason}" for _table, _title, reason in unreadable]
    lines.append("")
    lines.append(
        f"{real} tabel(len) echt, {demo} demo (meegeleverde momentopname), {missing} niet "
        f"opgeslagen. Downloads staan in {processed.rel(paths.cbs_raw_dir())}/; "
        "`avk-monitor data` ververst ze (met internet)."
    )
    return "\n".join(lines)
