"""Insight sentences written from the data for the current selection. Pure: no Dash, no network.

Shown above the charts and on every slide, so the page and the deck say the same thing. Each
sentence states a count and what it is out of; region numbers are listed in full, as staff quote
them on calls ("3 of 14 regions have no active partnership: 10, 12 and 14").
"""

from __future__ import annotations

from dashboard.analysis.metrics import (
    active_partnerships,
    gap_matrix,
    headline,
    industry_breakdown,
    partnerships_matching,
    past_year,
    region_values,
    shown_year,
    trend_ends,
)
from dashboard.analysis.outcomes import completeness, completeness_sentences, measures, reported_measures, scope_words
from dashboard.analysis.priority import basis, priority_gaps, unscored
from dashboard.analysis.published import published_rows, value_text
from dashboard.analysis.state import Selection
from dashboard.analysis.text import (
    change_phrase,
    in_year,
    join_words,
    metric_label,
    plural,
    priority_sentence,
    sample_year_note,
    sentence_start,
)
from dashboard.data.dataset import Dataset
from dashboard.data.sources import date_phrase


def insights(ds: Dataset, selection: Selection) -> list[str]:
    """Up to five sentences: gaps, industry coverage, businesses, the leading region and, with QCEW
    employment loaded, the priority gaps."""
    past = past_year(ds, selection.year)
    first = _gaps(ds, selection, past)
    if past is not None:
        first = sentence_start(in_year(past, sample=ds.is_sample), first)
    sentences = [
        first,
        _industry_coverage(ds, selection, past),
        _businesses(ds, selection, past),
        _leader(ds, selection, past),
        _priority(ds, selection, past),
    ]
    return [s for s in sentences if s]


def _priority(ds: Dataset, selection: Selection, past: int | None) -> str:
    """The top priority gaps (QCEW employment; today's partnerships), when employment data is loaded."""
    where = basis(ds)
    if where is None or past is not None:  # employment is one year; partnerships of a past year are not compared
        return ""
    if selection.industry is not None and selection.industry in unscored(ds):
        return f"{selection.industry} has no priority gaps to show: the NAICS crosswalk has no clean match for it."
    if selection.industry is not None and selection.industry not in set(ds.crosswalk["industry"]):
        return f"{selection.industry} has no priority gaps to show: it is not in the NAICS crosswalk."
    gaps = priority_gaps(ds, selection.regions, selection.industry)
    return priority_sentence(gaps, ds.geography, where.phrase())


def _in_year(ds: Dataset, past: int | None) -> str:
    """' in 2016 (sample membership)': a past year's coverage comes from membership, so it is labelled."""
    return f" in {past}{sample_year_note(past, sample=ds.is_sample)}" if past is not None else ""


def _what(selection: Selection) -> str:
    return f"active {selection.industry} partnership" if selection.industry else "active partnership"


def _gaps(ds: Dataset, selection: Selection, past: int | None) -> str:
    values = region_values(ds, selection.industry, past)
    scope = list(selection.regions) or list(values.index)
    gaps = [int(r) for r in scope if bool(values.at[r, "is_gap"])]
    what = _what(selection)
    if len(scope) == 1:
        region = scope[0]
        label = ds.geography.region_label(region)
        if gaps:
            return f"{label} has no {what}."
        count = int(values.at[region, "partnerships"])
        here = partnerships_matching(ds, selection, active=True, year=past)
        industries = sorted(set(here["industry"]))
        listed = f": {join_words(industries)}" if not selection.industry and industries else ""
        return f"{label} has {plural(count, what)}{listed}."
    out_of = f"the {len(scope)} selected regions" if selection.regions else f"the {len(scope)} regions"
    if not gaps:
        return f"Every one of {out_of} has an {what}."
    if len(gaps) == len(scope):
        return f"None of {out_of} has an {what}."
    verb = "has" if len(gaps) == 1 else "have"
    out_of = out_of if selection.regions else f"{len(scope)} regions"
    return f"{len(gaps)} of {out_of} {verb} no {what}: {join_words([str(r) for r in gaps])}."


def _industry_coverage(ds: Dataset, selection: Selection, past: int | None) -> str | None:
    total = len(ds.regions)
    when = _in_year(ds, past)
    if len(selection.regions) == 1:
        if selection.industry is not None:
            return None  # the gap sentence already says whether this region has one
        region = selection.regions[0]
        everywhere = set(active_partnerships(ds, past)["industry"])
        here = set(partnerships_matching(ds, selection, active=True, year=past)["industry"])
        missing = sorted(everywhere - here)
        state = ds.geography.state_name
        if not missing:
            return f"Every industry with an active partnership in {state}{when} has one in Region {region}."
        return f"Active elsewhere in {state}{when} but not in Region {region}: {join_words(missing)}."
    if selection.industry is not None:
        values = region_values(ds, selection.industry, past)
        covered = int((~values["is_gap"]).sum())
        if covered == 0:
            return None  # the gap sentence says no region has one
        return f"{selection.industry} partnerships cover {covered} of {total} regions{when}."
    per_industry = {industry: int((~region_values(ds, industry, past)["is_gap"]).sum()) for industry in ds.industries}
    best = max(per_industry.values(), default=0)
    if best == 0:
        return None
    leaders = sorted(name for name, covered in per_industry.items() if covered == best)
    if len(leaders) > 3:
        return f"{len(leaders)} industries each cover {best} of {total} regions{when}, the most of any."
    each = " each" if len(leaders) > 1 else ""
    return f"{join_words(leaders)} partnerships cover the most regions{when}: {best} of {total}{each}."


def _businesses(ds: Dataset, selection: Selection, past: int | None) -> str:
    year = shown_year(ds, past)
    sample = " (sample data)" if ds.is_sample else ""
    industry = f" in {selection.industry} partnerships" if selection.industry else ""
    here = headline(ds, selection).businesses
    if selection.regions:
        everywhere = headline(ds, Selection.of(industry=selection.industry, year=past)).businesses
        where = (
            f"Region {selection.regions[0]}"
            if len(selection.regions) == 1
            else f"The {len(selection.regions)} selected regions"
        )
        verb = "holds" if len(selection.regions) == 1 else "hold"
        sample_note = "; sample data" if ds.is_sample else ""
        engaged = f"engaged{industry} in {year}"
        if everywhere == 0:
            return f"No businesses are {engaged}{sample}."
        if here == everywhere:
            held = "the only business" if here == 1 else f"all {here:,} businesses"
            return f"{where} {verb} {held} {engaged}{sample}."
        if here == 0:
            statewide = plural(everywhere, "business", "businesses")
            return f"{where} {verb} no businesses {engaged} (of {statewide} statewide{sample_note})."
        share = f"{here / everywhere:.0%}{sample_note}"
        return f"{where} {verb} {here:,} of the {everywhere:,} businesses {engaged} ({share})."
    if here == 0:
        return f"No businesses are engaged{industry} in {year}{sample}."
    trend = trend_ends(ds, selection)
    first = int(trend.index[0]) if len(trend) else year
    if first < year:
        before = int(trend.at[first, "businesses"])
        change = "up from" if here > before else ("down from" if here < before else "the same as")
        count = plural(here, "business", "businesses")
        return f"{count} engaged{industry} in {year}, {change} {before:,} in {first}{sample}."
    return f"{plural(here, 'business', 'businesses')} engaged{industry} in {year}{sample}."


def _leader(ds: Dataset, selection: Selection, past: int | None) -> str | None:
    """Which region leads on the map's metric (statewide or among several selected regions)."""
    if len(selection.regions) == 1:
        return None
    values = region_values(ds, selection.industry, past)
    if selection.regions:
        values = values.loc[list(selection.regions)]
    metric = selection.metric
    best = int(values[metric].max()) if len(values) else 0
    if best == 0:
        return None
    leaders = [int(r) for r in values.index[values[metric] == best]]
    label = metric_label(metric, sample=ds.is_sample)
    # A label that already says "sample data" needs no second note after the year.
    when = f" in {past}" if past is not None and "sample" in label else _in_year(ds, past)
    if len(leaders) == 1:
        return f"{ds.geography.region_label(leaders[0])} has the most {label}{when}: {best:,}."
    if len(leaders) <= 3:
        return f"Regions {join_words([str(r) for r in leaders])} share the most {label}{when}: {best:,} each."
    return None  # a many-way tie says nothing worth a sentence


# --------------------------------------------------------------------------------------------
# A slide's own sentences


def view_insights(ds: Dataset, selection: Selection) -> list[str]:
    """The sentences a slide of this view says: its own, so a sequence never repeats itself.

    The coverage view (what the page opens at) says what the page says above its charts.
    """
    past = past_year(ds, selection.year)
    view = selection.view
    if view == "growth":
        return [_businesses(ds, selection, past), *_growth(ds, selection)]
    if view == "impact":
        return _impact(ds)
    if view == "gaps":
        first = insights(ds, selection)[0]
        sentences = (first, _priority(ds, selection, past), _industry_coverage(ds, selection, past))
        return [s for s in (*sentences, _cells(ds, selection, past)) if s]
    if view == "industries":
        return [s for s in (_industry_coverage(ds, selection, past), _industry_leader(ds, selection, past)) if s]
    if view == "outcomes":
        return _outcomes(ds, selection)
    return insights(ds, selection)


def _outcomes(ds: Dataset, selection: Selection) -> list[str]:
    """Whose outcomes are recorded, and which measures any partnership reports: what a funder report needs."""
    sample = " (sample data)" if ds.partnership_outcomes_are_sample else ""
    table = completeness(ds, selection)
    first = completeness_sentences(table, measures(ds), scope_words(ds, selection))[0]
    sentences = [first.removesuffix(".") + f"{sample}."]
    reported = [m.phrase for m in reported_measures(ds)]
    if reported:
        count = len(reported)
        sentences.append(
            f"{count} of the {len(measures(ds))} measures {'has' if count == 1 else 'have'} values{sample}: "
            f"{join_words(reported)}."
        )
    return sentences


def _growth(ds: Dataset, selection: Selection) -> list[str]:
    trend = trend_ends(ds, selection)
    if len(trend) < 2:
        return []
    first, last = int(trend.index[0]), int(trend.index[-1])
    p0, p1 = int(trend.at[first, "partnerships"]), int(trend.at[last, "partnerships"])
    label = " (sample membership)" if ds.is_sample else ""
    sentences = [f"Partnerships with active members{label} {change_phrase(p0, p1, first, last)}."]
    if selection.is_statewide:
        rows = published_rows(ds, "businesses_engaged")
        if len(rows):
            figures = [value_text(float(r["value"]), str(r["qualifier"])) for _, r in rows.iterrows()]
            if rows["year"].isna().all():
                sentences.append(f"Published statewide totals (undated): {join_words(figures)} businesses.")
            else:
                dates = [date_phrase(str(r["as_of"]), bool(r["as_of_approximate"])) for _, r in rows.iterrows()]
                dated = join_words([f"{f} ({d})" for f, d in zip(figures, dates, strict=True)])
                sentences.append(f"Published statewide totals: {dated} businesses.")
    return sentences


def _impact(ds: Dataset) -> list[str]:
    outcomes = ds.outcomes
    if not len(outcomes):
        return ["No survey results in the data."]
    titles = {"business": "On businesses", "jobseeker": "On students and jobseekers", "system": "Across the system"}
    sentences = []
    for category, title in titles.items():
        rows = outcomes[outcomes["category"] == category]
        if not len(rows):
            continue
        low, high = float(rows["rate"].min()), float(rows["rate"].max())
        spread = f"{high:.0f}%" if low == high else f"from {low:.0f}% to {high:.0f}%"
        sentences.append(f"{title}: {plural(len(rows), 'published rate')}, {spread}.")
    surveys = outcomes["survey"].nunique()
    sentences.append(f"From {plural(surveys, 'source')}, statewide; none is broken down by region or industry.")
    return sentences


def _cells(ds: Dataset, selection: Selection, past: int | None) -> str | None:
    matrix = gap_matrix(ds, Selection.of(selection.regions, selection.industry, year=past))
    cells = int(matrix.size)
    if cells <= 1:
        return None
    covered = int((matrix > 0).to_numpy().sum())
    when = _in_year(ds, past)
    if covered == cells:
        return f"Every one of the {cells} region–industry pairs shown has an active partnership{when}."
    return f"{covered} of the {cells} region–industry pairs shown have an active partnership{when}."


def _industry_leader(ds: Dataset, selection: Selection, past: int | None) -> str | None:
    breakdown = industry_breakdown(ds, Selection.of(selection.regions, year=past))
    present = breakdown[breakdown["partnerships"] > 0]
    if not len(present):
        return None
    best = int(present["partnerships"].max())
    leaders = sorted(str(n) for n in present.index[present["partnerships"] == best])
    where = "in the selected regions" if selection.regions else f"in {ds.geography.state_name}"
    if len(leaders) == 1:
        return f"{leaders[0]} has the most active partnerships {where}{_in_year(ds, past)}: {best}."
    if len(leaders) == len(present):
        return f"Every industry with a partnership {where} has {plural(best, 'active partnership')}."
    return f"{join_words(leaders)} tie for the most active partnerships {where}{_in_year(ds, past)}: {best} each."
