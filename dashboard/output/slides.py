"""Slides: one view of the dashboard as a title, key figures, insight sentences, one chart and a
footer of sources. Pure. The presentation mode draws these on screen and the PowerPoint export
writes the same ones to a deck, so what is said on a call and what is sent afterwards match.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.insights import view_insights
from dashboard.analysis.metrics import (
    gap_matrix,
    gap_regions,
    headline,
    impact_rates,
    industry_breakdown,
    past_year,
    region_values,
    shown_year,
)
from dashboard.analysis.outcomes import (
    chosen_measure,
    comparison,
    comparison_caption,
    link_selection,
)
from dashboard.analysis.priority import basis, has_employment, priority_cells
from dashboard.analysis.state import METRICS, VIEWS, Selection, search_from_selection
from dashboard.analysis.text import (
    gap_caption,
    headline_figures,
    impact_caption,
    in_year,
    industry_caption,
    join_words,
    map_caption,
)
from dashboard.data.contract import PARTNERSHIPS
from dashboard.data.dataset import Dataset
from dashboard.data.sources import citations
from dashboard.output.figures import gap_chart, impact_chart, industry_chart, region_map, sentence_figure
from dashboard.output.outcome_figures import comparison_chart
from dashboard.output.shared_figures import growth_view

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
    key: str  # what the chart's marks mean, for an image that stands alone
    footer: str
    search: str  # the view as a link's query string
    image_footer: str = ""  # the footer of the chart alone: "SAMPLE DATA" only if the chart itself uses it
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
        caption = industry_caption(breakdown, selection, sample=ds.is_sample)
        drawn = breakdown[(breakdown["partnerships"] > 0) | (breakdown["businesses"] > 0)]
        figure = industry_chart(breakdown, selection, sample=ds.is_sample) if len(drawn) else sentence_figure(caption)
        return title, figure, caption, partnership_sources
    if view == "growth":
        growth = growth_view(ds, selection)
        published = ds.reported.loc[ds.reported["metric"] == "businesses_engaged", "source"]
        return VIEWS["growth"], growth.figure, growth.caption, set(published) if growth.published else set()
    if view == "gaps":
        matrix = gap_matrix(ds, selection)
        caption = gap_caption(
            gap_regions(ds, selection.industry, past),
            ds.geography,
            selection,
            past_note=in_year(past, sample=ds.is_sample),
        )
        # One cell (one region, one industry) or none is a sentence, not a block of colour.
        priority = priority_cells(ds, selection) if past is None else set()
        names = ds.geography.regions["region_name"]
        figure = gap_chart(matrix, names, priority) if matrix.size > 1 else sentence_figure(caption)
        return VIEWS["gaps"], figure, caption, partnership_sources
    if view == "outcomes":
        measure = chosen_measure(ds, selection)
        reported = comparison(ds, selection, measure.measure)
        caption = comparison_caption(ds, selection)
        figure = (
            comparison_chart(reported[:SLIDE_BARS], measure, compact=True) if reported else sentence_figure(caption)
        )
        if len(reported) > SLIDE_BARS:
            caption += f" The slide shows the {SLIDE_BARS} highest; the page lists all {len(reported)}."
        return f"{VIEWS['outcomes']}: {measure.phrase}", figure, caption, {r.source for r in reported} - {""}
    if view == "impact":
        outcomes = impact_rates(ds)
        if outcomes.empty:
            said = impact_caption(outcomes)
            return VIEWS["impact"], sentence_figure(said), said, set()
        top = top_rates(outcomes)
        caption = (
            f"The {len(top)} highest of {len(outcomes)} published survey rates, each saying what it is a share of; "
            f"all {len(outcomes)} are under Reported impact on the page and in the deck's speaker notes."
            if len(top) < len(outcomes)
            else f"{len(outcomes)} published survey rates; each bar says what it is a share of."
        )
        return VIEWS["impact"], impact_chart(top, compact=True), caption, set(outcomes["source"])
    values = region_values(ds, selection.industry, past)
    figure = region_map(ds.geography, values, selection, labels=True, sample=ds.is_sample)
    title = f"{VIEWS['coverage']}: {METRICS[selection.metric].lower()}"
    caption = map_caption(values, selection, sample=ds.is_sample, past=past)
    return title, figure, caption, partnership_sources


SLIDE_RATES = 6
SLIDE_BARS = 10


def top_rates(outcomes: pd.DataFrame, count: int = SLIDE_RATES) -> pd.DataFrame:
    """The highest rates, for a slide (the page and the notes keep all of them); ties at the cut are all kept."""
    if len(outcomes) <= count:
        return outcomes
    threshold = outcomes["rate"].nlargest(count).min()
    kept = outcomes[outcomes["rate"] >= threshold]
    return kept if len(kept) <= count + 2 else outcomes.nlargest(count, "rate")


CHART_KEYS = {
    "coverage": "Darker blue: more. Grey with ✕: no active partnership. Numbers: the {regions} regions.",
    "industries": "Bars: active partnerships and businesses engaged per industry; hatched: the industry selected.",
    "region": "Bars: active partnerships and businesses engaged per industry; hatched: the industry selected.",
    "growth": "Line: businesses engaged per year. Bars: partnerships with active members.",
    "gaps": "Each cell: active partnerships in that region and industry; ✕: none.",
    "impact": "Each bar: a published rate, stating what it is a share of; colour: its source.",
    "outcomes": "Each bar: one partnership's latest value, with its year and how it was collected (colour and "
    "pattern); ◇: its value before that. Values are not added together.",
}


def chart_key(ds: Dataset, selection: Selection) -> str:
    key = CHART_KEYS["coverage" if selection.view == "region" and len(selection.regions) != 1 else selection.view]
    key = key.replace("{regions}", str(len(ds.regions)))
    if selection.view == "growth" and (ds.reported["metric"] == "businesses_engaged").any():
        key += " Dotted lines: published totals, undated."
    if selection.view == "impact" and impact_rates(ds).empty:
        return ""
    if selection.view == "gaps" and has_employment(ds) and past_year(ds, selection.year) is None:
        sample = " (sample employment data)" if ds.employment_is_sample else ""
        key += f" ◇ (outlined): a priority gap, a key industry by QCEW employment{sample} with no partnership."
    return key


def chart_uses_sample(ds: Dataset, selection: Selection) -> bool:
    """Does the view's chart itself draw on sample membership? (Business counts, trends and past years do.)"""
    if selection.view == "outcomes":
        return ds.partnership_outcomes_are_sample
    if not ds.is_sample or selection.view == "impact":
        return False
    if PARTNERSHIPS in ds.sample_notes:
        return True  # an example scheme's partnerships themselves are made up
    if past_year(ds, selection.year) is not None or selection.view in ("industries", "growth"):
        return True
    if selection.view == "region" and len(selection.regions) == 1:
        return True  # the region's industry chart counts its businesses
    return selection.view == "coverage" and selection.metric == "businesses"


def footer(ds: Dataset, selection: Selection, sources: set[str], *, sample: bool | None = None) -> str:
    """Sources by title, publisher and date; the year of the counts; the sample label. No file names or hashes.

    `sample`: whether to say "SAMPLE DATA" (default: whenever the data holds any, as a slide's key
    figures do)."""
    parts = [f"Sources: {citations(ds, sources)}" if sources else "Sources: the dashboard's data"]
    year = shown_year(ds, selection.year)
    if selection.view not in ("impact", "outcomes") or sample is None:
        parts.append(f"Counts for {year}" + (" (the sample's latest year)" if ds.is_sample else ""))
    if selection.view == "gaps" and has_employment(ds) and past_year(ds, selection.year) is None:
        employment = basis(ds)
        if employment is not None:
            parts.append(f"Employment: U.S. Bureau of Labor Statistics, {employment.phrase()}")
    if ds.is_sample if sample is None else (sample and selection.view != "outcomes"):
        made_up = "partnerships, membership" if PARTNERSHIPS in ds.sample_notes else "membership"
        parts.append(f"SAMPLE DATA: {made_up} and business counts are generated, not published")
    if selection.view == "outcomes" and ds.partnership_outcomes_are_sample:
        parts.append("SAMPLE DATA: partnership outcomes are generated, not reported")
    return " · ".join(parts)


def speaker_notes(ds: Dataset, selection: Selection, caption: str, sentences: list[str], sources: set[str]) -> str:
    """What the presenter may want at hand: the chart in words, the insights, and where each number comes from."""
    lines = [caption, *sentences]
    if selection.view == "impact":
        lines += [
            f"{row['rate']:.0f}% of {row['unit']}: {row['metric']} ({row['survey']})"
            for _, row in impact_rates(ds).iterrows()
        ]
    if sources:
        lines.append("Source files in the data directory: " + ", ".join(sorted(sources)) + ".")
    lines.append(f"Data version {ds.version}.")
    lines += [f"Sample data ({name}): {note}" for name, note in ds.sample_notes.items()]
    return "\n".join(lines)


def build_slide(ds: Dataset, selection: Selection, name: str | None = None) -> Slide:
    chart_title, chart, caption, sources = chart_view(ds, selection)
    scope = scope_phrase(ds, selection)
    sentences = view_insights(ds, selection)
    return Slide(
        # The scope is the subtitle: the title never repeats it.
        title=(name or VIEWS[selection.view]).removesuffix(f" — {scope}"),
        subtitle=scope,
        figures=key_figures(ds, selection),
        insights=sentences,
        chart_title=chart_title,
        chart=chart,
        caption=caption,
        key=chart_key(ds, selection),
        footer=footer(ds, selection, sources),
        image_footer=footer(ds, selection, sources, sample=chart_uses_sample(ds, selection)),
        search=search_from_selection(selection, scheme=ds.geography.link_tag),
        notes=speaker_notes(ds, selection, caption, sentences, sources),
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
        # Named for the view: the region itself is in the slide's scope line, not said twice.
        steps.append(("Region profile", Selection.of([region], base.industry, base.metric, base.year, "region")))
    return [{"name": name, "search": search_from_selection(s, scheme=ds.geography.link_tag)} for name, s in steps]


def presented(ds: Dataset, saved: list[dict[str, str]], selection: Selection) -> tuple[list[dict[str, str]], int]:
    """What Present shows, and the slide it opens at: the view on screen first.

    The sequence is the saved views, or the default story when none are saved. When the view on
    screen is one of them, the slides open at it; otherwise it comes first, as its own slide (named
    for its view, its scope in the subtitle), and the sequence follows it: one key away."""
    views = saved or default_story(ds, selection)
    here = search_from_selection(selection, scheme=ds.geography.link_tag)
    searches = [v["search"] for v in views]
    if here in searches:
        return views, searches.index(here)
    return [{"name": "", "search": here}, *views], 0


def _leading_region(ds: Dataset, selection: Selection) -> int | None:
    values = region_values(ds, selection.industry, past_year(ds, selection.year))
    if not len(values) or int(values["partnerships"].max()) == 0:
        return None
    return int(values["partnerships"].idxmax())


def slides_for(ds: Dataset, sequence: list[dict[str, str]]) -> list[Slide]:
    """The slides of a saved sequence (each entry a name and a query string)."""
    return [build_slide(ds, link_selection(ds, entry["search"]), entry["name"]) for entry in sequence]
