"""Slides: one view of the dashboard as a title, key figures, insight sentences, one chart and a
footer of sources. Pure. The presentation mode draws these on screen and the PowerPoint export
writes the same ones to a deck, so what is said on a call and what is sent afterwards match.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias

import plotly.graph_objects as go

from dashboard.data import Dataset
from dashboard.figures import gap_chart, impact_chart, industry_chart, region_map, trend_chart
from dashboard.insights import insights
from dashboard.metrics import (
    METRICS,
    VIEWS,
    Selection,
    gap_matrix,
    gap_regions,
    headline,
    impact_rates,
    industry_breakdown,
    past_year,
    region_values,
    shown_year,
    yearly_trend,
    years,
)
from dashboard.published import growth_marks, growth_published_phrases
from dashboard.sources import citations
from dashboard.state import search_from_selection, selection_from_search
from dashboard.text import (
    gap_caption,
    headline_figures,
    in_year,
    industry_caption,
    join_words,
    map_caption,
    trend_caption,
)

Figure: TypeAlias = go.Figure | dict[str, Any]


@dataclass(frozen=True)
class Slide:
    title: str
    subtitle: str
    figures: list[tuple[str, str]]  # (label, value): the headline cards
    insights: list[str]
    chart_title: str
    chart: Figure
    caption: str  # the chart's text alternative (also the picture's alt text in the deck)
    footer: str
    search: str  # the view as a link's query string
    notes: str = ""  # speaker notes: the caption, insights, and the data's version and files


def scope_phrase(ds: Dataset, selection: Selection) -> str:
    """'Statewide, all industries, 2024' or 'Region 7 · Pueblo; Healthcare; 2018'."""
    where = join_words([ds.geography.region_label(r) for r in selection.regions]) or "Statewide"
    what = selection.industry or "all industries"
    return f"{where}; {what}; {shown_year(ds, selection.year)}"


def key_figures(ds: Dataset, selection: Selection) -> list[tuple[str, str]]:
    past = past_year(ds, selection.year) is not None
    return headline_figures(headline(ds, selection), sample=ds.is_sample, past=past)


def chart_view(ds: Dataset, selection: Selection) -> tuple[str, Figure, str, set[str]]:
    """The chart a view puts in front: (title, figure, caption, source files it draws on)."""
    view = selection.view
    past = past_year(ds, selection.year)
    partnership_sources = set(ds.partnerships["source"]) - {""}
    if view == "industries" or (view == "region" and len(selection.regions) == 1):
        breakdown = industry_breakdown(ds, selection)
        where = join_words([ds.geography.region_label(r) for r in selection.regions])
        title = VIEWS["industries"] if view == "industries" else f"Industries in {where}"
        figure = industry_chart(breakdown, selection, sample=ds.is_sample)
        return title, figure, industry_caption(breakdown, selection, sample=ds.is_sample), partnership_sources
    if view == "growth":
        trend = yearly_trend(ds, selection)
        marks = growth_marks(ds, selection)
        sources = set(ds.reported.loc[ds.reported["metric"] == "businesses_engaged", "source"]) if marks else set()
        figure = trend_chart(trend, marks, sample=ds.is_sample, year=shown_year(ds, selection.year))
        caption = trend_caption(trend, growth_published_phrases(ds, selection), sample=ds.is_sample)
        return VIEWS["growth"], figure, caption, sources
    if view == "gaps":
        matrix = gap_matrix(ds, selection)
        caption = gap_caption(
            gap_regions(ds, selection.industry, past),
            ds.geography,
            selection,
            past_note=in_year(past, sample=ds.is_sample),
        )
        return VIEWS["gaps"], gap_chart(matrix, ds.geography.regions["region_name"]), caption, partnership_sources
    if view == "impact":
        outcomes = impact_rates(ds)
        caption = f"{len(outcomes)} published survey rates; each bar says what it is a share of."
        return VIEWS["impact"], impact_chart(outcomes, compact=True), caption, set(outcomes["source"])
    values = region_values(ds, selection.industry, past)
    figure = region_map(ds.geography, values, selection, labels=True, sample=ds.is_sample)
    title = f"{VIEWS['coverage']}: {METRICS[selection.metric].lower()}"
    caption = map_caption(values, selection, sample=ds.is_sample, past=past)
    return title, figure, caption, partnership_sources


def footer(ds: Dataset, selection: Selection, sources: set[str]) -> str:
    """Sources by title, publisher and date; the year of the counts; the sample label. No file names or hashes."""
    parts = [f"Sources: {citations(ds, sources)}" if sources else "Sources: the dashboard's data"]
    year = shown_year(ds, selection.year)
    parts.append(f"Counts for {year}" + (" (the sample's latest year)" if ds.is_sample else ""))
    if ds.is_sample:
        parts.append("SAMPLE DATA: membership and business counts are generated, not published")
    return " · ".join(parts)


def speaker_notes(ds: Dataset, caption: str, sentences: list[str], sources: set[str]) -> str:
    """What the presenter may want at hand: the chart in words, the insights, and where each number comes from."""
    lines = [caption, *sentences]
    if sources:
        lines.append("Source files in the data directory: " + ", ".join(sorted(sources)) + ".")
    lines.append(f"Data version {ds.version}.")
    lines += [f"Sample data ({name}): {note}" for name, note in ds.sample_notes.items()]
    return "\n".join(lines)


def build_slide(ds: Dataset, selection: Selection, name: str | None = None) -> Slide:
    chart_title, chart, caption, sources = chart_view(ds, selection)
    scope = scope_phrase(ds, selection)
    sentences = insights(ds, selection)
    return Slide(
        title=name or f"{VIEWS[selection.view]} — {scope}",
        subtitle=scope,
        figures=key_figures(ds, selection),
        insights=sentences,
        chart_title=chart_title,
        chart=chart,
        caption=caption,
        footer=footer(ds, selection, sources),
        search=search_from_selection(selection),
        notes=speaker_notes(ds, caption, sentences, sources),
    )


def default_story(ds: Dataset, selection: Selection | None = None) -> list[dict[str, str]]:
    """The sequence presented when none is saved: coverage → growth → impact → gaps → a region.

    The region is the one selected (if exactly one is), else the one with the most active
    partnerships. Industry and year follow the current selection.
    """
    base = selection or Selection()
    region = base.regions[0] if len(base.regions) == 1 else _leading_region(ds, base)
    steps = [
        ("Statewide coverage", Selection.of((), base.industry, "partnerships", base.year, "coverage")),
        ("Growth", Selection.of((), base.industry, base.metric, base.year, "growth")),
        ("Impact", Selection.of((), None, base.metric, base.year, "impact")),
        ("Gaps", Selection.of((), base.industry, base.metric, base.year, "gaps")),
    ]
    if region is not None:
        label = ds.geography.region_label(region)
        steps.append((label, Selection.of([region], base.industry, base.metric, base.year, "region")))
    return [{"name": name, "search": search_from_selection(s)} for name, s in steps]


def _leading_region(ds: Dataset, selection: Selection) -> int | None:
    values = region_values(ds, selection.industry, past_year(ds, selection.year))
    if not len(values) or int(values["partnerships"].max()) == 0:
        return None
    return int(values["partnerships"].idxmax())


def slides_for(ds: Dataset, sequence: list[dict[str, str]]) -> list[Slide]:
    """The slides of a saved sequence (each entry a name and a query string)."""
    return [
        build_slide(ds, selection_from_search(entry["search"], ds.regions, ds.industries, years(ds)), entry["name"])
        for entry in sequence
    ]
