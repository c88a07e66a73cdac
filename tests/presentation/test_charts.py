"""Chart house style: Dutch numbers, series breaks, deterministic figure and table HTML."""

from __future__ import annotations

import base64
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from matplotlib.colors import to_hex

from avk_analysis.presentation import charts
from avk_analysis.presentation import formatting as presentation


def test_axis_formatters() -> None:
    assert charts.getal_formatter(1)(1234.5, 0) == "1.234,5"
    assert charts.pct_formatter()(12, 0) == "12 %"
    assert charts.year_formatter()(2024.0, 0) == "2024"
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 25000])
    charts.format_axis(ax, "y")
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "20.000" in labels
    plt.close(fig)


# --- style -----------------------------------------------------------------------------------


def test_apply_style_sets_the_house_look() -> None:
    charts.apply_style()
    charts.apply_style()  # idempotent
    rc = matplotlib.rcParams
    assert rc["axes.spines.top"] is False
    assert rc["axes.spines.right"] is False
    assert rc["axes.grid"] is True
    assert [to_hex(c["color"]).upper() for c in rc["axes.prop_cycle"]] == charts.PALETTE
    assert rc["font.size"] >= 10
    assert len(set(charts.PALETTE)) == len(charts.PALETTE) == 8


# --- series break and charts -----------------------------------------------------------------


def _trend() -> pd.DataFrame:
    years = list(range(2019, 2026))
    return pd.DataFrame(
        {
            "jaar": years * 2,
            "regio": ["Groningen"] * 7 + ["Drenthe"] * 7,
            "waarde": [9.1, 8.8, np.nan, 8.7, 8.2, 3.4, 3.3, 7.9, 7.7, 7.4, 7.5, 7.1, 2.9, 2.8],
        }
    )


def test_mark_break_draws_a_labelled_dashed_line_at_the_year() -> None:
    fig, ax = plt.subplots()
    ax.plot([2019, 2025], [1, 2])
    line = charts.mark_break(ax, 2024)
    assert list(line.get_xdata()) == [2024, 2024]
    assert line.get_linestyle() == "--"
    assert line.get_gid() == "reeksbreuk"
    assert [t.get_text() for t in ax.texts] == ["Nieuwe definitie"]
    charts.mark_break(ax, 2020, label="Herindeling")
    assert "Herindeling" in [t.get_text() for t in ax.texts]
    plt.close(fig)


def test_line_trend_does_not_join_across_the_break() -> None:
    ax = charts.line_trend(_trend(), "jaar", "waarde", "regio", break_year=2024, pct=True)
    lines = [ln for ln in ax.get_lines() if ln.get_gid() != "reeksbreuk"]
    # two regions x (before, after); Groningen's missing 2021 splits its 'before' in two
    assert len(lines) == 5
    for ln in lines:
        xs = ln.get_xdata()
        assert (xs < 2024).all() or (xs >= 2024).all()
        assert (np.diff(xs) == 1).all()  # never a line across a year without a figure
    groningen = [ln for ln in lines if ln.get_label().lstrip("_") == "Groningen"]
    assert [list(ln.get_xdata()) for ln in groningen] == [[2019, 2020], [2022, 2023], [2024, 2025]]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Drenthe", "Groningen"]
    assert any(ln.get_gid() == "reeksbreuk" for ln in ax.get_lines())
    ax.figure.canvas.draw()
    assert any(t.get_text().endswith(" %") for t in ax.get_yticklabels())
    assert all("." not in t.get_text() for t in ax.get_xticklabels())
    assert ax.get_ylim()[0] == 0
    plt.close(ax.figure)


def test_line_trend_draws_years_apart_as_points_not_a_line() -> None:
    published = pd.DataFrame(
        {"jaar": [2014, 2016, 2020, 2014, 2015], "regio": ["VK"] * 3 + ["NL"] * 2,
         "waarde": [9.5, 8.8, 5.9, 9.0, 8.0]}
    )  # fmt: skip
    ax = charts.line_trend(published, "jaar", "waarde", "regio", hue_order=["VK", "NL"])
    vk = [ln for ln in ax.get_lines() if ln.get_label().lstrip("_") == "VK"]
    assert [list(ln.get_xdata()) for ln in vk] == [[2014], [2016], [2020]]
    assert all(ln.get_marker() == "o" for ln in vk)  # each year still visible
    nl = [ln for ln in ax.get_lines() if ln.get_label().lstrip("_") == "NL"]
    assert [list(ln.get_xdata()) for ln in nl] == [[2014, 2015]]  # consecutive: one line
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["VK", "NL"]  # once each
    plt.close(ax.figure)
    joined = charts.line_trend(published, "jaar", "waarde", "regio", join_gaps=True)
    assert len(joined.get_lines()) == 2
    plt.close(joined.figure)


def test_line_trend_without_break_and_with_missing_column() -> None:
    ax = charts.line_trend(_trend(), "jaar", "waarde", "regio", hue_order=["Groningen"])
    assert len(ax.get_lines()) == 2  # one series, split at the year without a figure
    assert ax.get_legend() is None
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="ontbreken: aandeel"):
        charts.line_trend(_trend(), "jaar", "aandeel", "regio")


def test_bar_compare_sorts_highlights_and_draws_references() -> None:
    df = pd.DataFrame(
        {"gemeente": ["Assen", "Emmen", "Pekela", "Tynaarlo"], "aandeel": [8.0, 11.5, np.nan, 4.2]}
    )
    ax = charts.bar_compare(
        df,
        "gemeente",
        "aandeel",
        highlight="Emmen",
        reference_lines={"Drenthe": 7.5, "Nederland": 6.4},
        pct=True,
    )
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Emmen", "Assen", "Tynaarlo", "Pekela"]
    bars = ax.patches
    assert to_hex(bars[0].get_facecolor()).upper() == charts.HIGHLIGHT
    assert to_hex(bars[1].get_facecolor()).upper() == charts.CONTEXT_GREY
    assert bars[3].get_width() == 0
    texts = [t.get_text() for t in ax.texts]
    assert "geen gegevens" in texts
    assert "11,5 %" in texts
    refs = [ln for ln in ax.get_lines() if ln.get_gid() == "referentielijn"]
    assert [ln.get_xdata()[0] for ln in refs] == [7.5, 6.4]
    assert [t.get_text() for t in ax.figure.legends[0].get_texts()] == [
        "Drenthe: 7,5 %",
        "Nederland: 6,4 %",
    ]
    plt.close(ax.figure)


def test_bar_compare_refuses_duplicate_categories() -> None:
    df = pd.DataFrame({"gemeente": ["Assen", "Assen"], "aandeel": [1.0, 2.0]})
    with pytest.raises(ValueError, match="meer dan eens"):
        charts.bar_compare(df, "gemeente", "aandeel")


# --- figure HTML -----------------------------------------------------------------------------


def _figure() -> plt.Figure:
    charts.apply_style()
    ax = charts.line_trend(_trend(), "jaar", "waarde", "regio", break_year=2024)
    return ax.figure


def _png(markup: str) -> bytes:
    src = BeautifulSoup(markup, "html.parser").find("img")["src"]
    assert src.startswith("data:image/png;base64,")
    return base64.b64decode(src.split(",", 1)[1])


def test_figure_html_embeds_png_with_alt_and_caption_and_closes() -> None:
    fig = _figure()
    out = charts.figure_html(
        fig, alt='Trend "armoede" <2024>', caption="Bron: CBS & SCP", fmt="png"
    ).data
    soup = BeautifulSoup(out, "html.parser")
    img = soup.find("figure").find("img")
    assert img["alt"] == 'Trend "armoede" <2024>'
    assert soup.find("figcaption").get_text() == "Bron: CBS & SCP"
    assert "DEMO" not in out
    png = _png(out)
    assert png.startswith(b"\x89PNG")
    assert b"matplotlib" not in png  # no Software metadata
    assert (int(img["width"]), int(img["height"])) == charts._png_size(png)
    assert not plt.fignum_exists(fig.number)


def test_figure_html_line_chart_is_svg_with_a_phone_variant_and_csv() -> None:
    fig = _figure()
    out = charts.figure_html(fig, alt="Trend", caption="Aandeel. Bron: CBS.").data
    soup = BeautifulSoup(out, "html.parser")
    img = soup.select_one("figure picture img")
    assert img["src"].startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(img["src"].split(",", 1)[1])
    assert b"<script" not in svg and b"dc:date" not in svg  # inert and no timestamp
    source = soup.select_one("picture source")
    assert source["media"] == charts.PHONE_MEDIA
    phone_w, wide_w = int(source["width"]), int(img["width"])
    assert phone_w < 0.7 * wide_w  # drawn narrower, so its type is not shrunk on a phone
    link = soup.select_one("p.download a")
    assert link["download"].endswith(".csv")
    csv = base64.b64decode(link["href"].split(",", 1)[1]).decode("utf-8")
    lines = csv.lstrip("\ufeff").splitlines()
    assert lines[0] == "regio;jaar;waarde;Bron;Licentie;Opgehaald"
    assert lines[1].startswith("Drenthe;2019;7,9;CBS;CC BY 4.0, Bron: CBS;")
    assert lines[10].startswith("Groningen;2021;;CBS;")  # a missing value stays empty
    assert len(lines) == 1 + len(_trend())


def test_figure_html_svg_size_and_sad_format() -> None:
    out = charts.figure_html(_figure(), alt="Trend", fmt="svg", phone=False).data
    img = BeautifulSoup(out, "html.parser").find("img")
    assert BeautifulSoup(out, "html.parser").find("picture") is None
    svg = base64.b64decode(img["src"].split(",", 1)[1])
    assert (int(img["width"]), int(img["height"])) == charts._svg_size(svg) != (0, 0)
    fig = _figure()
    with pytest.raises(ValueError, match="beeldformaat"):
        charts.figure_html(fig, alt="Trend", fmt="gif")
    assert not plt.fignum_exists(fig.number)


def test_csv_text_dutch_decimals_and_provenance() -> None:
    frame = pd.DataFrame({"gemeente": ["Assen", "Emmen"], "aandeel": [8.25, np.nan]})
    text = charts.csv_text(frame, source="CBS", retrieved="2025-06-01", demo=True)
    assert text.splitlines() == [
        "gemeente;aandeel;Bron;Licentie;Opgehaald;Let op",
        "Assen;8,25;CBS;CC BY 4.0, Bron: CBS;2025-06-01;DEMO: geen echte cijfers",
        "Emmen;;CBS;CC BY 4.0, Bron: CBS;2025-06-01;DEMO: geen echte cijfers",
    ]
    other = charts.csv_text(frame, source="Trendbureau Drenthe", retrieved="")
    assert "zie de bron;onbekend" in other.splitlines()[1]


def test_figure_html_is_deterministic() -> None:
    first = charts.figure_html(_figure(), alt="Trend").data
    second = charts.figure_html(_figure(), alt="Trend").data
    assert first == second


@pytest.mark.parametrize("alt", ["", "   ", None])
def test_figure_html_requires_alt(alt: object) -> None:
    fig = _figure()
    with pytest.raises(ValueError, match="alt-tekst"):
        charts.figure_html(fig, alt=alt)  # type: ignore[arg-type]
    assert not plt.fignum_exists(fig.number)


def test_figure_html_demo_marker_and_watermark() -> None:
    plain = charts.figure_html(_figure(), alt="Trend", fmt="png").data
    demo = charts.figure_html(_figure(), alt="Trend", demo=True, fmt="png").data
    caption = BeautifulSoup(demo, "html.parser").find("figcaption").get_text()
    assert "DEMO — geen echte cijfers" in caption
    assert _png(plain) != _png(demo)  # the watermark is drawn on the chart


# --- table HTML ------------------------------------------------------------------------------


def test_table_html_dutch_numbers_symbols_and_alignment() -> None:
    df = pd.DataFrame(
        {
            "gemeente": ["Assen", "Emmen", "Pekela", "Aa en Hunze"],
            "jaar": [2024, 2024, 2024, 2024],
            "kinderen": [1234.0, np.nan, np.nan, 25.0],
            "symbool": ["", "x", "", "?"],
            "aandeel": [8.25, np.nan, 0.0, 3.0],
        }
    )
    out = charts.table_html(df, "Kinderen per gemeente", {"aandeel": "pct:1"}).data
    soup = BeautifulSoup(out, "html.parser")
    assert soup.find("caption").get_text() == "Kinderen per gemeente"
    assert [th.get_text() for th in soup.select("thead th")] == [
        "gemeente",
        "jaar",
        "kinderen",
        "aandeel",
    ]
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in soup.select("tbody tr")]
    assert rows == [
        ["Assen", "2024", "1.234", "8,3 %"],
        ["Emmen", "2024", "x", "x"],
        ["Pekela", "2024", "geen gegevens", "0,0 %"],
        ["Aa en Hunze", "2024", "25 ?", "3,0 % ?"],  # a shared symbool applies to every value
    ]
    numeric = [("getal" in (td.get("class") or [])) for td in soup.select("tbody tr")[0]("td")]
    assert numeric == [False, False, True, True]
    assert soup.find("p", class_="tabel-voetnoot").get_text() == (
        "Tekens: x = geheim; ? = onbetrouwbaar"
    )
    assert not re.search(r"\bid=|T_[0-9a-f]{5}", out)
    assert out == charts.table_html(df, "Kinderen per gemeente", {"aandeel": "pct:1"}).data


def test_table_html_symbol_strings_own_symbol_columns_and_index() -> None:
    df = pd.DataFrame(
        {"waarde": [".", 12.5], "waarde_symbool": ["", ""], "ok": [True, False]},
        index=pd.Index(["Groningen", "Drenthe"], name="provincie"),
    )
    soup = BeautifulSoup(charts.table_html(df, "Provincies").data, "html.parser")
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in soup.select("tbody tr")]
    assert rows == [["Groningen", ".", "ja"], ["Drenthe", "12,5", "nee"]]
    assert "waarde_symbool" not in soup.get_text()
    assert "provincie" in [th.get_text() for th in soup.select("thead th")]


def test_table_html_accepts_a_format_function() -> None:
    df = pd.DataFrame({"bedrag": [1250.0, np.nan]})
    out = charts.table_html(
        df, "Bedragen", {"bedrag": lambda v: "€ " + presentation.fmt_getal(v)}
    ).data
    cells = [td.get_text() for td in BeautifulSoup(out, "html.parser").select("tbody td")]
    assert cells == ["€ 1.250", "geen gegevens"]


def test_table_html_sad_paths() -> None:
    df = pd.DataFrame({"a": [1.0]})
    with pytest.raises(ValueError, match="bijschrift"):
        charts.table_html(df, " ")
    with pytest.raises(ValueError, match="onbekende kolom"):
        charts.table_html(df, "T", {"b": "getal"})
    with pytest.raises(ValueError, match="Onbekend getalformaat"):
        charts.table_html(df, "T", {"a": "euro"})
    with pytest.raises(ValueError, match="hoogstens 3"):
        charts.table_html(pd.DataFrame({"a": range(4)}), "T", max_rows=3)


def test_table_html_drops_row_numbers_scrolls_and_offers_csv() -> None:
    df = pd.DataFrame({"naam": ["a", "b", "c"], "aandeel": [47.2, 106.0, 3.0]})
    filtered = df.loc[df["naam"] != "a"]  # an index 1, 2 left by filtering: never shown
    mixed = pd.DataFrame({"waarde": [47.2, "ca. 5", 106.0]})  # text column with stray floats
    soup = BeautifulSoup(charts.table_html(filtered, "Bron: CBS.").data, "html.parser")
    assert [th.get_text() for th in soup.select("thead th")] == ["naam", "aandeel"]
    box = soup.select_one("div.tabel")
    assert box["tabindex"] == "0" and box["role"] == "region" and box["aria-label"]
    link = soup.select_one("p.download a")
    csv = base64.b64decode(link["href"].split(",", 1)[1]).decode("utf-8").lstrip("\ufeff")
    assert csv.splitlines()[1].startswith("b;106;CBS;CC BY 4.0, Bron: CBS;")
    cells = [
        td.get_text()
        for td in BeautifulSoup(charts.table_html(mixed, "T").data, "html.parser").select(
            "tbody td"
        )
    ]
    assert cells == ["47,2", "ca. 5", "106"]
    bare = charts.table_html(df, "T", download=False).data
    assert "download" not in bare


def test_table_html_escapes_planted_markup_everywhere() -> None:
    planted = '<b>vet</b><u>o</u><a href="https://example.invalid">x</a><script>alert(1)</script>'
    df = pd.DataFrame({planted: [planted], "n": [1]})
    out = charts.table_html(df, planted).data
    soup = BeautifulSoup(out, "html.parser")
    assert soup.find_all(["b", "u", "script"]) == []
    assert [a["href"][:5] for a in soup.find_all("a")] == ["data:"]
    assert soup.find("caption").get_text() == planted


def test_phone_variant_text_is_as_large_as_body_text() -> None:
    out = charts.figure_html(_figure(), alt="Trend", caption="Bron: CBS.").data
    soup = BeautifulSoup(out, "html.parser")
    phone = base64.b64decode(soup.select_one("picture source")["srcset"].split(",", 1)[1])
    wide = base64.b64decode(soup.select_one("picture img")["src"].split(",", 1)[1])
    phone_sizes = [float(s) for s in re.findall(rb"font-size: ([\d.]+)px", phone)]
    wide_sizes = [float(s) for s in re.findall(rb"font-size: ([\d.]+)px", wide)]
    assert phone_sizes and min(phone_sizes) >= charts.PHONE_MIN_FONT
    assert min(wide_sizes) < charts.PHONE_MIN_FONT  # the wide chart keeps its own type
    width_pt = float(re.search(rb'width="([\d.]+)pt"', phone).group(1))
    # shown about 360 px wide on a 390 px phone: the smallest text is at least 16 px there
    assert min(phone_sizes) * 360 / (width_pt * 4 / 3) * 4 / 3 >= 16 * 0.95


def test_a_region_keeps_its_colour_whatever_else_is_drawn() -> None:
    def colours(regions: list[str]) -> dict[str, str]:
        rows = [
            {"jaar": y, "waarde": 1.0 + i, "regio": r}
            for i, r in enumerate(regions)
            for y in (2022, 2023)
        ]
        ax = charts.line_trend(pd.DataFrame(rows), "jaar", "waarde", "regio", hue_order=regions)
        lines = {line.get_label(): to_hex(line.get_color()) for line in ax.get_lines()}
        plt.close(ax.figure)
        return {r: lines[r] for r in regions}

    report = colours(["Veenkoloniën", "Groningen (provincie)", "Drenthe (provincie)", "Nederland"])
    factsheet = colours(["Emmen", "Drenthe (provincie)", "Nederland"])
    for region in ("Drenthe (provincie)", "Nederland"):
        assert report[region] == factsheet[region] == charts.REGION_COLOURS[region].lower()
    reserved = {c.lower() for c in charts.REGION_COLOURS.values()}
    assert report["Veenkoloniën"] not in reserved
    assert factsheet["Emmen"] not in reserved


def _cells(text: str) -> list[str]:
    import csv
    import io

    return [c for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";") for c in row]


def _runs_in_a_spreadsheet(cell: str) -> bool:
    return cell.startswith(("=", "+", "-", "@", "\t", "\r")) and cell != "-"


def test_csv_download_neutralises_formulas_in_every_cell_and_keeps_numbers() -> None:
    planted = '=HYPERLINK("http://evil.example","klik")'
    frame = pd.DataFrame(
        {
            planted: [planted, "@SUM(1+1)*cmd|' /C calc'!A0", "gewoon"],
            "verschil": [-1.5, 2.0, np.nan],
            "tekst": ["-1,5", "+cmd|' /C calc'!A0", "\t=1+1"],
        },
        index=pd.Index(["+a", "b", "c"], name="-naam"),
    )
    text = charts.csv_text(frame, source=planted, licence="@licentie", retrieved="=NOW()")
    cells = _cells(text)
    assert [c for c in cells if _runs_in_a_spreadsheet(c)] == ["-1,5", "-1,5"]  # numbers stay
    assert "'" + planted in cells and "'-naam" in cells and "'=NOW()" in cells
    link = charts.csv_link(frame, "planted", "planted", source=planted)
    data = base64.b64decode(link.split("base64,", 1)[1].split('"', 1)[0]).decode("utf-8")
    assert not [c for c in _cells(data) if _runs_in_a_spreadsheet(c) and c != "-1,5"]
    multi = frame.copy()
    multi.columns = pd.MultiIndex.from_tuples([("=a", "b"), ("c", "d"), ("e", "@f")])
    assert "'=a — b" in _cells(charts.csv_text(multi))


def test_table_html_aligns_figure_text_columns_and_labels_every_cell() -> None:
    """A column of figures written as text ('6,3 % (2.900)') aligns like numbers in every row."""
    df = pd.DataFrame(
        {
            "Indicator": ["Huishoudens met laag inkomen", "Personen in armoede"],
            "Jaar": ["2024", "2022"],
            "Emmen": ["6,3 % (2.900)", "3,7 %"],
            "Nederland": ["6,2 % (483.900)", "x"],
        }
    )
    soup = BeautifulSoup(charts.table_html(df, "Kerncijfers").data, "html.parser")
    aligned = [
        ["getal" in (td.get("class") or []) for td in tr.find_all("td")]
        for tr in soup.select("tbody tr")
    ]
    assert aligned == [[False, False, True, True], [False, False, True, True]]
    labels = [td["data-label"] for td in soup.select("tbody tr")[0].find_all("td")]
    assert labels == ["Indicator", "Jaar", "Emmen", "Nederland"]
    assert "breed" not in soup.find("table")["class"]
    wide = pd.DataFrame({f"k{i}": [1] for i in range(charts.WIDE_TABLE_COLUMNS)})
    assert (
        "breed"
        in BeautifulSoup(charts.table_html(wide, "W").data, "html.parser").find("table")["class"]
    )
    # a text column with words stays left-aligned
    assert not any("getal" in (td.get("class") or []) for td in soup.select("tbody td")[::4])


def printed_font_sizes(fig: plt.Figure) -> tuple[float, float]:
    """Return (smallest text size in pt, print scale) of a figure as the report embeds it."""
    from matplotlib.text import Text

    svg = charts._render(fig, "svg")
    width_px, height_px = charts._svg_size(svg)
    scale = charts.print_scale(width_px * 0.75, height_px * 0.75)
    sizes = [
        float(t.get_fontsize())
        for t in fig.findobj(Text)
        if t.get_text().strip() and t.get_visible() and t.get_gid() != "demo-watermerk"
    ]
    plt.close(fig)
    return min(sizes), scale


def test_every_chart_prints_its_smallest_text_at_8_pt_or_more() -> None:
    """On A4 (text width 182 mm, charts at most 80 mm high) no label shrinks below 8 pt."""
    charts.apply_style()
    many = pd.DataFrame(
        {"gemeente": [f"Gemeente {i}" for i in range(22)], "waarde": np.linspace(3, 11, 22)}
    )
    long_names = _trend().assign(
        regio=lambda d: d["regio"] + " met een lange naam die naast de grafiek niet past"
    )
    figures = {
        "trend": charts.line_trend(_trend(), "jaar", "waarde", "regio", break_year=2024).figure,
        "lange namen": charts.line_trend(long_names, "jaar", "waarde", "regio").figure,
        "staven": charts.bar_compare(
            many, "gemeente", "waarde", reference_lines={"Nederland": 6.5, "Drenthe": 5.1}
        ).figure,
    }
    for name, fig in figures.items():
        smallest, scale = printed_font_sizes(fig)
        assert smallest * scale >= charts.PRINT_MIN_FONT_PT, (name, smallest, scale)


def test_print_scale_shrinks_to_the_page_and_its_check_can_fail() -> None:
    assert charts.print_scale(400, 200) == 1.0  # fits: printed at its own size
    wide = charts.print_scale(1000, 300)
    assert wide == pytest.approx(charts.PRINT_WIDTH_MM / (1000 * 25.4 / 72))
    low = charts.print_scale(500, 280)  # 99 mm high, not tall: shrunk to 80 mm
    assert low == pytest.approx(charts.PRINT_MAX_HEIGHT_MM / (280 * 25.4 / 72))
    assert charts.print_scale(400, 800) == 1.0  # tall: may take the page height
    # the old house style (8 x 4.5 inch, 9 pt labels) printed below 8 pt
    assert 9 * charts.print_scale(8 * 72 * 1.25, 4.7 * 72) < charts.PRINT_MIN_FONT_PT


def _overlaps(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.mark.parametrize("height", [2.1, 3.6])
@pytest.mark.parametrize(
    "names",
    [
        ["Emmen", "Drenthe (provincie)", "Nederland"],
        [
            "Huishoudens onder de lage-inkomensgrens (CBS-tabel laag inkomen)",
            "Personen onder de nieuwe armoedegrens (CBS, SCP en Nibud)",
        ],
    ],
)
def test_the_legend_never_overprints_the_axis_labels(height: float, names: list[str]) -> None:
    """On the page and in the phone variant, the legend sits below the x-axis title and ticks."""
    df = pd.DataFrame(
        [
            {"regio": n, "jaar": y, "waarde": 5.0 + i}
            for i, n in enumerate(names)
            for y in range(2017, 2025)
        ]
    )
    fig, ax = plt.subplots(figsize=(6.4, height), layout="constrained")
    charts.line_trend(df, "jaar", "waarde", "regio", ax=ax, pct=True, xlabel="Inkomensjaar")
    for variant in ("pagina", "telefoon"):
        if variant == "telefoon":
            charts._phone_variant(fig)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        legends = [lg for lg in [ax.get_legend(), *fig.legends] if lg is not None]
        assert legends, variant
        labels = [ax.xaxis.label, *ax.get_xticklabels()]
        for legend in legends:
            box = legend.get_window_extent(renderer)
            for label in labels:
                if label.get_text():
                    assert not _overlaps(box, label.get_window_extent(renderer)), (variant, label)
    plt.close(fig)


def test_a_download_carries_the_retrieval_date_of_its_own_source(monkeypatch) -> None:
    from avk_analysis import load

    sources = pd.DataFrame(
        {
            "soort": ["cbs", "cbs", "planbureau", "programma"],
            "opgehaald": ["2025-11-01", "2025-10-01", "2026-12-01", "2025-12-31"],
        }
    )
    monkeypatch.setattr(load, "bronnen", lambda: sources)
    assert charts.retrieved_date("CBS") == "2025-11-01"  # not the planning offices' 2026-12-01
    assert charts.retrieved_date("Alliantie van Kracht") == "2025-12-31"
    assert charts.retrieved_date("Trendbureau Drenthe") == "2026-12-01"
    assert charts.retrieved_date() == "2026-12-01"
    text = charts.csv_text(pd.DataFrame({"a": [1]}), source="CBS")
    assert text.splitlines()[1].endswith(";2025-11-01")


def test_a_table_of_long_figure_cells_stacks_everywhere_even_with_few_columns() -> None:
    cells = "10,0 % (voorbeeld)"
    wide = pd.DataFrame(
        {"Gebied": ["Emmen", "Nederland"], **{str(y): [cells, cells] for y in range(2019, 2025)}}
    )  # 7 columns, but each figure cell is 18 characters that never wrap
    assert "zeer-breed" in charts.table_html(wide, "Breed. Bron: CBS.").data
    narrow = pd.DataFrame({"Gebied": ["Emmen"], **{str(y): ["10,0 %"] for y in range(2019, 2025)}})
    html_narrow = charts.table_html(narrow, "Smal. Bron: CBS.").data
    assert "zeer-breed" not in html_narrow and "avk-tabel breed" in html_narrow
