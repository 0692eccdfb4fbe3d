"""Slides, the PowerPoint deck and PNG export (drawn by kaleido with the system's Chromium)."""

from __future__ import annotations

import io
import struct
import zlib

import plotly.graph_objects as go
import pytest
from pptx import Presentation

from dashboard.analysis.state import Selection
from dashboard.data.config import DEFAULT_DATA_DIR
from dashboard.data.dataset import Dataset
from dashboard.output.export import chart_png, deck
from dashboard.output.slides import Slide, build_slide, default_story, slides_for
from tests import expected


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header, after checking it is a PNG with a valid IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    (crc,) = struct.unpack(">I", data[29:33])
    assert zlib.crc32(data[12:29]) == crc
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_default_story(dataset: Dataset) -> None:
    story = default_story(dataset)
    assert [s["name"] for s in story] == ["Statewide coverage", "Growth", "Impact", "Gaps", "Region profile"]
    assert [s["search"] for s in story] == ["", "?view=growth", "?view=impact", "?view=gaps", "?regions=3&view=region"]
    # A single selected region becomes the story's region; the industry carries through.
    chosen = default_story(dataset, Selection.of([7], "Healthcare"))
    assert chosen[-1] == {"name": "Region profile", "search": "?regions=7&industry=Healthcare&view=region"}


def test_each_slide_of_the_story_says_its_own_insights_and_titles_never_repeat_the_scope(dataset: Dataset) -> None:
    slides = slides_for(dataset, default_story(dataset))
    said = [tuple(slide.insights) for slide in slides]
    assert len(set(said)) == len(said)  # no two slides say the same thing
    for slide in slides:
        assert slide.subtitle not in slide.title and slide.title not in slide.subtitle
    growth, impact = slides[1], slides[2]
    assert any("Published statewide totals (undated): more than 450 and more than 750" in s for s in growth.insights)
    categories = {r["category"] for r in expected.rows(DEFAULT_DATA_DIR, "outcomes.csv")}
    assert len([s for s in impact.insights if "published rate" in s]) == len(categories)


def test_the_impact_slide_shows_the_highest_rates_and_keeps_every_rate_in_the_notes(dataset: Dataset) -> None:
    slide = build_slide(dataset, Selection.of(view="impact"))
    rates = sorted((float(r["rate"]) for r in expected.rows(DEFAULT_DATA_DIR, "outcomes.csv")), reverse=True)
    assert isinstance(slide.chart, go.Figure)
    drawn = sorted((x for trace in slide.chart.data for x in trace.x), reverse=True)
    assert drawn == rates[: len(drawn)] and 0 < len(drawn) <= 8
    assert f"The {len(drawn)} highest of {len(rates)} published survey rates" in slide.caption
    assert len([line for line in slide.notes.splitlines() if line[:2].isdigit() and "% of " in line]) == len(rates)


def test_a_degenerate_selection_gives_a_sentence_not_a_block_of_colour(dataset: Dataset) -> None:
    slide = build_slide(dataset, Selection.of([7], "Healthcare", view="gaps"))
    assert slide.chart["data"] == []
    assert slide.chart["layout"]["annotations"][0]["text"].replace("<br>", " ") == slide.caption


def test_a_png_stands_alone_with_title_key_sources_and_the_sample_label_only_where_used(dataset: Dataset) -> None:
    from dashboard.output.export import standalone

    coverage = standalone(build_slide(dataset, Selection.of(metric="businesses")))
    texts = " ".join(a.text for a in coverage.layout.annotations)
    assert "Coverage by region" in coverage.layout.title.text and "Statewide" in coverage.layout.title.subtitle.text
    assert "✕: no active partnership" in texts and "“Sector Partnerships”" in texts.replace("<br>", " ")
    assert "SAMPLE DATA" in texts  # business counts are sample
    impact = standalone(build_slide(dataset, Selection.of(view="impact")))
    assert "SAMPLE DATA" not in " ".join(a.text for a in impact.layout.annotations)  # published rates only


def test_slide_says_what_the_page_says(dataset: Dataset) -> None:
    selection = Selection.of([7], year=2018, view="coverage")
    slide = build_slide(dataset, selection, "Pueblo in 2018")
    assert slide.title == "Pueblo in 2018"
    assert build_slide(dataset, selection).title == "Coverage by region"  # unnamed: the view, not the scope again
    assert slide.subtitle == "Region 7 · Pueblo; all industries; 2018"
    running = set(expected.partnerships_running(DEFAULT_DATA_DIR, 2018))
    in_pueblo = [p for p in expected.partnerships_in_region(DEFAULT_DATA_DIR, 7) if p["partnership_id"] in running]
    industries = sorted({p["industry"] for p in in_pueblo})
    assert len(industries) == len(in_pueblo) > 1  # one partnership per industry here, so the sentence lists them
    assert slide.insights[0] == (
        f"In 2018 (sample membership), Region 7 · Pueblo has {len(in_pueblo)} active partnerships: "
        f"{expected.words(industries)}."
    )
    assert dict(slide.figures)["Region covered"] == "Yes" and "Regions covered" not in dict(slide.figures)
    assert "Counts for 2018" in slide.footer and "SAMPLE DATA" in slide.footer
    # People read titles and dates; file names and the version hash stay in the speaker notes.
    assert "“Sector Partnerships”, Colorado Workforce Development Council, undated" in slide.footer
    assert "sources/" not in slide.footer and dataset.version not in slide.footer
    assert "sources/cwdc-sector-partnerships-page.txt" in slide.notes and dataset.version in slide.notes
    assert slide.search == "?regions=7&year=2018"


@pytest.fixture(scope="module")
def story_deck(dataset: Dataset) -> tuple[list[Slide], bytes]:
    slides = slides_for(dataset, default_story(dataset))
    return slides, deck(slides, title=dataset.geography.dashboard_title)


def test_deck_holds_one_slide_per_view_with_title_figures_chart_and_sources(story_deck) -> None:  # type: ignore[no-untyped-def]
    slides, data = story_deck
    presentation = Presentation(io.BytesIO(data))
    assert presentation.core_properties.title == "Colorado Sector Partnerships"  # the scheme's state
    assert len(presentation.slides) == 5
    for page, slide in zip(presentation.slides, slides, strict=True):
        shapes = {shape.name: shape for shape in page.shapes}
        assert shapes["Title"].text_frame.text == slide.title
        for label, value in slide.figures:
            assert shapes[f"Key figure: {label}"].text_frame.text == f"{value}\n{label}"
        assert shapes["Insights"].text_frame.text == "\n".join(f"• {s}" for s in slide.insights)
        footer = shapes["Footer"].text_frame.text
        assert footer.startswith("Sources: “") and "SAMPLE DATA" in footer and "sources/" not in footer
        assert page.notes_slide.notes_text_frame.text == slide.notes
        picture = shapes[slide.chart_title]
        assert picture.shape_type == 13  # MSO_SHAPE_TYPE.PICTURE
        assert png_size(picture.image.blob)[0] >= 1000
        assert picture._element.nvPicPr.cNvPr.get("descr").startswith(slide.chart_title)
    first = [s.text_frame.text.split("\n")[0] for s in presentation.slides[0].shapes if s.name.startswith("Key figure")]
    # The numbers on the page for the default data, counted from the CSV files.
    d = DEFAULT_DATA_DIR
    assert first == [
        str(len(expected.active_partnerships(d))),
        f"{len(expected.regions_covered(d))} of 14",
        f"{expected.businesses_now(d):,}",
        str(len(expected.industries_covered(d))),
    ]


def test_png_export_is_a_valid_image_of_the_asked_size(dataset: Dataset) -> None:
    slide = build_slide(dataset, Selection.of(view="gaps"))
    assert png_size(chart_png(slide.chart, 800, 450)) == (800, 450)
    assert png_size(chart_png(build_slide(dataset, Selection()).chart)) == (1600, 900)


def test_a_missing_browser_is_a_message_not_a_traceback(dataset: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard.output.export import ExportError

    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(ExportError, match="exports use the server's Chromium"):
        chart_png(build_slide(dataset, Selection()).chart, 400, 300)


def test_trend_marks_the_year_shown_by_hatch_and_bold_label(dataset: Dataset) -> None:
    import plotly.graph_objects as go

    from dashboard.analysis.metrics import yearly_trend
    from dashboard.output.figures import trend_chart

    trend = yearly_trend(dataset, Selection())
    figure = trend_chart(trend, sample=True, year=2017)
    go.Figure(figure)  # valid
    bars = figure["data"][-1]
    assert [s for s in bars["marker"]["pattern"]["shape"] if s] == ["/"]
    assert bars["marker"]["pattern"]["shape"][list(trend.index).index(2017)] == "/"
    assert "<b>2017</b>" in figure["layout"]["xaxis2"]["ticktext"]
    assert "pattern" not in trend_chart(trend, sample=True, year=int(trend.index[-1]))["data"][-1]["marker"]


def test_present_opens_at_the_view_on_screen() -> None:
    from dashboard.analysis.state import Selection, search_from_selection
    from dashboard.data.config import DEFAULT_DATA_DIR
    from dashboard.data.files import load_dataset
    from dashboard.output.slides import default_story, presented

    ds = load_dataset(DEFAULT_DATA_DIR)
    statewide = default_story(ds, Selection())
    assert presented(ds, [], Selection()) == (statewide, 0)  # statewide: the story, from its first slide
    here = Selection.of([3])
    views, start = presented(ds, [], here)
    assert start == 0 and views[0] == {"name": "", "search": "?regions=3"} and views[1:] == default_story(ds, here)
    saved = [{"name": "A", "search": "?view=gaps"}, {"name": "B", "search": "?regions=3"}]
    assert presented(ds, saved, here) == (saved, 1)  # a saved view on screen: open at it
    other = presented(ds, saved, Selection.of([7]))
    assert other == ([{"name": "", "search": search_from_selection(Selection.of([7]), scheme="")}, *saved], 0)
