"""What the sources publish, cited for people, and set beside what the data counts. Pure.

Every published figure lives in ``reported.csv`` with its source, unit and date (or "undated").
This module says them as the sources word them, cites sources by title, publisher and date (from
the source index), and compares each figure the data can count with the count, in one plain
sentence that never settles a difference silently.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.analysis.metrics import active_partnerships, gap_regions, headline, partnerships_matching
from dashboard.analysis.state import Selection
from dashboard.analysis.text import join_words, plural
from dashboard.data.dataset import Dataset
from dashboard.data.membership import memoized
from dashboard.data.sources import citation, date_phrase, source_title

# What each published metric is, in words ({state} and {regions}: the region scheme's); a metric not listed is
# described by its own name.
FIGURE_NAMES: dict[str, str] = {
    "businesses_engaged": "Businesses actively involved",
    "active_partnerships": "Active sector partnerships",
    "partnerships_statewide": "Sector partnerships in {state}",
    "regions_spanned": "{regions} spanned",
    "technology_partnerships": "Technology sector partnerships",
    "years_running": "Years of launching and growing partnerships",
    "nextgen_partnerships_nationally": "Next Gen sector partnerships across the country",
    "nextgen_states": "States that have embraced the Next Gen approach",
    "acceptable_product_rate_before": "Acceptable product rate before worker training (SMIAC business)",
    "acceptable_product_rate_after": "Acceptable product rate after worker training (SMIAC business)",
    "rework_cost_before": "Rework costs before training (SMIAC business)",
    "rework_cost_after": "Rework costs after training (SMIAC business)",
}


def figure_name(ds: Dataset, metric: str, *, sentence_case: bool = False) -> str:
    """What a published metric is, in words, with the region scheme's state and regions where it names them
    (with `sentence_case`, its first letter a capital, as a table's cell starts)."""
    scheme = ds.geography.scheme
    name = FIGURE_NAMES.get(metric, metric.replace("_", " ")).format(state=scheme.state, regions=scheme.regions_title)
    return name[:1].upper() + name[1:] if sentence_case else name


def value_text(value: float, qualifier: str = "", unit: str = "") -> str:
    """'more than 750 businesses', '30%', 'as high as $8,000 per month per person'."""
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    if unit == "percent":
        amount = f"{number}%"
    elif unit.startswith("dollars"):
        rest = unit.removeprefix("dollars").strip()
        amount = f"${number}" + (f" {rest}" if rest else "")
    else:
        amount = f"{number} {unit}".strip()
    return f"{qualifier} {amount}".strip() if qualifier else amount


def published_phrase(ds: Dataset, row: pd.Series, *, unit: bool = False) -> str:
    """'more than 750 (undated; Positive Return on Investment)': a figure as its source words it,
    with its unit ('all 14 regions') where the sentence does not already say what is counted."""
    when = date_phrase(str(row["as_of"]), bool(row["as_of_approximate"]))
    figure = value_text(float(row["value"]), str(row["qualifier"]), str(row["unit"]) if unit else "")
    return f"{figure} ({when}; {source_title(ds, str(row['source']))})"


def published_rows(ds: Dataset, metric: str) -> pd.DataFrame:
    """Every published row for `metric`, dated ones in date order, undated ones after them."""
    rows = ds.reported[ds.reported["metric"] == metric]
    return rows.sort_values(["year", "value"], na_position="last")


def dated(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["year"].notna()]


def undated(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["year"].isna()]


def _published_summary(ds: Dataset, metric: str) -> str | None:
    """All published figures for a metric in one phrase, or None: 'more than 450 (undated; …) and …'."""
    rows = published_rows(ds, metric)
    if not len(rows):
        return None
    return join_words([published_phrase(ds, row) for _, row in rows.iterrows()])


# --------------------------------------------------------------------------------------------
# The figure beside the count


def agrees(qualifier: str, published: float, counted: int) -> bool:
    """Does a count bear out the published figure as its source qualifies it?"""
    words = qualifier.strip().lower()
    if words in ("more than", "over"):
        return counted > published
    if words in ("at least",):
        return counted >= published
    if words in ("about", "around", "nearly", "almost"):
        return abs(counted - published) <= max(1.0, 0.1 * published)
    return counted == published  # "all", or the figure as it stands


@dataclass(frozen=True)
class Comparison:
    counted: int | None
    """What the data counts for the same thing, or None where it counts nothing comparable."""
    sentence: str
    """What the data says beside the figure, in plain words."""
    differs: bool


def _active_by_source(ds: Dataset) -> str:
    """'23 cite “Sector Partnerships” and 5 cite other pages (region and status inferred for 5)'."""
    active = active_partnerships(ds)
    if not len(active):
        return ""
    by_source = active["source"].value_counts()
    main, main_count = str(by_source.index[0]), int(by_source.iloc[0])
    others = len(active) - main_count
    cited = f"“{source_title(ds, main)}”"
    if others:
        parts = [f"{main_count} from {cited}", f"{others} named on other pages"]
    else:  # one source for every one: 'all 18 from …', 'it is from …'
        parts = [f"all {main_count} from {cited}" if main_count > 1 else f"from {cited}"]
    inferred = active[active["inferred"].map(len) > 0]
    text = join_words(parts)
    if len(inferred):
        fields = sorted({f for words in inferred["inferred"] for f in words})
        text += f" ({join_words(fields)} inferred for {plural(len(inferred), 'of them', 'of them')})"
    return text


def compare(ds: Dataset, row: pd.Series) -> Comparison | None:
    """What the data counts beside one published figure; None where it counts nothing comparable."""
    metric, value, qualifier = str(row["metric"]), float(row["value"]), str(row["qualifier"])
    statewide = headline(ds, Selection())
    if metric in ("active_partnerships", "partnerships_statewide"):
        counted = statewide.active_partnerships
        how = _active_by_source(ds)
        sentence = f"This data counts {counted} active" + (f": {how}." if how and counted else ".")
    elif metric == "regions_spanned":
        counted = statewide.regions_covered
        gaps = gap_regions(ds)
        sentence = f"This data has an active partnership in {counted} of {len(ds.regions)} regions" + (
            f"; none in {'Region' if len(gaps) == 1 else 'Regions'} {join_words([str(r) for r in gaps])}."
            if gaps
            else "."
        )
    elif metric == "technology_partnerships":
        technology = active_partnerships(ds)
        names = sorted(technology.loc[technology["industry"] == "Technology", "name"])
        counted = len(names)
        sentence = f"This data counts {counted} active technology partnership{'' if counted == 1 else 's'}" + (
            f": {join_words(names)}." if names else "."
        )
    elif metric == "businesses_engaged":
        counted = statewide.businesses
        if ds.is_sample:
            return Comparison(
                None,
                f"This data's {counted:,} businesses are sample data: they can neither confirm nor contradict it.",
                False,
            )
        sentence = f"This data counts {counted:,} businesses with active membership in {statewide.year}."
    else:
        return None
    return Comparison(counted, sentence, not agrees(qualifier, value, counted))


@dataclass(frozen=True)
class PublishedFigure:
    what: str
    as_published: str
    quote: str
    source: str
    when: str
    notes: str
    comparison: Comparison | None


def _published_figures(ds: Dataset) -> list[PublishedFigure]:
    """Every published figure, in the file's order, each with its source, date and the data beside it."""
    figures = []
    for _, row in ds.reported.iterrows():
        metric = str(row["metric"])
        figures.append(
            PublishedFigure(
                what=figure_name(ds, metric, sentence_case=True),
                as_published=value_text(float(row["value"]), str(row["qualifier"]), str(row["unit"])),
                quote=str(row["label"]),
                source=citation(ds, str(row["source"])),
                when=date_phrase(str(row["as_of"]), bool(row["as_of_approximate"])),
                notes=str(row["notes"]),
                comparison=compare(ds, row),
            )
        )
    return figures


def _differences(ds: Dataset) -> list[str]:
    """One paragraph per disagreement: between sources on the same metric, or between a source and the data.

    Each says both figures and, where the data's notes give one, why they may differ.
    """
    paragraphs: list[str] = []
    for metric, rows in ds.reported.groupby("metric", sort=False):
        name = figure_name(ds, str(metric)).lower()
        values = sorted(set(rows["value"]))
        notes = [str(n) for n in dict.fromkeys(rows["notes"]) if n]
        said: list[str] = []
        if len(values) > 1:
            said.append(
                f"The sources give {len(values)} different figures for {name}: "
                f"{join_words([published_phrase(ds, r) for _, r in rows.iterrows()])}."
            )
        for _, row in rows.iterrows():
            comparison = compare(ds, row)
            if comparison is not None and comparison.differs:
                said.append(f"Published: {published_phrase(ds, row, unit=True)}. {comparison.sentence}")
        if said:
            paragraphs.append(" ".join(said + notes[:1]))
    return paragraphs


# --------------------------------------------------------------------------------------------
# Published totals on the growth chart


def growth_marks(ds: Dataset, selection: Selection) -> list[tuple[int | None, float, str]]:
    """The published business totals for the growth chart: (year or None if undated, value, label).

    They are statewide, all industries: a filtered view gets none, since beside a filtered line
    they would mislead. This is the one place that rule is written.
    """
    if not selection.is_statewide:
        return []
    marks: list[tuple[int | None, float, str]] = []
    for _, row in published_rows(ds, "businesses_engaged").iterrows():
        when = date_phrase(str(row["as_of"]), bool(row["as_of_approximate"]))
        text = f"Published, {when}: {value_text(float(row['value']), str(row['qualifier']))}"
        text += f" ({source_title(ds, str(row['source']))})"
        marks.append((None if pd.isna(row["year"]) else int(row["year"]), float(row["value"]), text))
    return marks


def growth_published_phrases(ds: Dataset, selection: Selection) -> list[str]:
    """The same totals in words, for the growth chart's caption."""
    if not selection.is_statewide:
        return []
    rows = published_rows(ds, "businesses_engaged")
    phrases = [published_phrase(ds, row) for _, row in rows.iterrows()]
    if len(undated(rows)):
        phrases[-1] += " (undated figures are drawn as lines across the chart, not at a year)"
    return phrases


GROWTH_FILTERED_NOTE = "Published totals are statewide and shown when nothing is selected."


def _partnership_card_note(ds: Dataset, selection: Selection) -> str:
    """What the partnerships card counts, and what of it rests on inference.

    Statewide: '28 in this data: 23 from “Sector Partnerships” and 5 named on other pages (…).'
    A selection: 'Recorded as active, in the selection; 1 of the 3 rests on an inferred region and status.'
    """
    if selection.is_statewide:
        counted = len(active_partnerships(ds))
        how = _active_by_source(ds)
        return f"{counted} in this data" + (f": {how}." if how else ".")
    active = partnerships_matching(ds, selection, active=True)
    inferred = active[active["inferred"].map(len) > 0]
    note = "Partnerships recorded as active, in the selection."
    if len(inferred):
        fields = join_words(sorted({f for words in inferred["inferred"] for f in words}))
        rests = "rests" if len(inferred) == 1 else "rest"
        note += f" {len(inferred)} of the {len(active)} {rests} on an inferred {fields}."
    return note


def _quote_advice(ds: Dataset, metric: str, counted: int) -> str | None:
    """Plain advice when the latest published figure differs from the data's count: quote the published one."""
    rows = dated(published_rows(ds, metric))
    rows = rows if len(rows) else published_rows(ds, metric)
    if not len(rows):
        return None
    latest = rows.iloc[-1]
    if agrees(str(latest["qualifier"]), float(latest["value"]), counted):
        return None
    figure = value_text(float(latest["value"]), str(latest["qualifier"]))
    return f"To quote a figure, quote the published {figure}; {counted} is this data's own count."


def published_summary(ds: Dataset, metric: str) -> str | None:
    """Remembered per dataset version (the page asks on every card update and page load)."""
    return memoized(ds, ("published.published_summary", metric), lambda: _published_summary(ds, metric))


def published_figures(ds: Dataset) -> list[PublishedFigure]:
    """Remembered per dataset version (the page asks on every card update and page load)."""
    return memoized(ds, "published.published_figures", lambda: _published_figures(ds))


def differences(ds: Dataset) -> list[str]:
    """Remembered per dataset version (the page asks on every card update and page load)."""
    return memoized(ds, "published.differences", lambda: _differences(ds))


def quote_advice(ds: Dataset, metric: str, counted: int) -> str | None:
    """Remembered per dataset version (the page asks on every card update and page load)."""
    return memoized(ds, ("published.quote_advice", metric, counted), lambda: _quote_advice(ds, metric, counted))


def partnership_card_note(ds: Dataset, selection: Selection | None = None) -> str:
    """Remembered per dataset version and the selection's regions and industry."""
    selection = selection or Selection()
    key = ("published.partnership_card_note", selection.regions, selection.industry)
    return memoized(ds, key, lambda: _partnership_card_note(ds, selection))
