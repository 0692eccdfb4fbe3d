"""Sentences written from the data: chart captions (the text alternative) and the selection summary."""

from __future__ import annotations

import pandas as pd

from dashboard.geography import Geography
from dashboard.metrics import METRICS, Selection


def join_words(items: list[str]) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count:,} {singular if count == 1 else (plural_form or singular + 's')}"


def selection_summary(selection: Selection, geography: Geography, year: int | None = None) -> str:
    regions = (
        join_words([geography.region_label(r) for r in selection.regions]) if selection.regions else "all 14 regions"
    )
    industry = selection.industry or "all industries"
    when = f"; {year}" if year is not None else ""
    return f"Showing {regions}; {industry}{when}. Map colour: {METRICS[selection.metric].lower()}."


def map_caption(values: pd.DataFrame, selection: Selection) -> str:
    gaps = [int(r) for r in values.index[values["is_gap"]]]
    covered = len(values) - len(gaps)
    what = f"an active {selection.industry} partnership" if selection.industry else "an active partnership"
    metric = selection.metric
    top = values.sort_values(metric, ascending=False).iloc[0]
    sentence = f"{covered} of {len(values)} regions have {what}."
    if gaps:
        names = join_words([f"{r} ({values.at[r, 'region_name']})" for r in gaps])
        sentence += f" {'Region' if len(gaps) == 1 else 'Regions'} without: {names}."
    best = int(top[metric])
    leaders = values.index[values[metric] == best]
    if best > 0 and len(leaders) == 1:
        sentence += f" Highest {METRICS[metric].lower()}: Region {top.name} ({top['region_name']}) with {best:,}."
    elif best > 0:
        sentence += f" Highest {METRICS[metric].lower()}: {best:,}, shared by {len(leaders)} regions."
    return sentence


def industry_caption(breakdown: pd.DataFrame, selection: Selection) -> str:
    present = breakdown[breakdown["partnerships"] > 0].sort_values("partnerships", ascending=False)
    where = "in the selected regions" if selection.regions else "statewide"
    if not len(present):
        return f"No active partnerships {where}."
    lead = present.iloc[0]
    return (
        f"{plural(len(present), 'industry', 'industries')} with active partnerships {where}; "
        f"{lead.name} has the most ({plural(int(lead['partnerships']), 'partnership')}, "
        f"{plural(int(lead['businesses']), 'business', 'businesses')})."
    )


def trend_caption(trend: pd.DataFrame, published: pd.DataFrame | None, *, sample: bool) -> str:
    if not len(trend):
        return "No membership data to show over time."
    first, last = trend.index[0], trend.index[-1]
    text = (
        f"Businesses engaged rose from {trend.at[first, 'businesses']:,} in {first} "
        f"to {trend.at[last, 'businesses']:,} in {last}"
        + (" (sample data)" if sample else "")
        + f"; partnerships with active members: {trend.at[first, 'partnerships']} → {trend.at[last, 'partnerships']}."
    )
    if published is not None and len(published):
        points = join_words(
            [
                published_phrase(row.qualifier, row.value, row.as_of, row.as_of_approximate)
                for row in published.itertuples()
            ]
        )
        text += f" Published statewide totals: {points}."
    return text


def published_phrase(qualifier: str, value: float, as_of: str, approximate: bool) -> str:
    """'more than 750 (about 2024)': a published figure as its source words it."""
    return f"{qualifier + ' ' if qualifier else ''}{value:,.0f} ({'about ' if approximate else ''}{as_of})"


def gap_caption(gaps: list[int], geography: Geography, selection: Selection) -> str:
    if not gaps:
        return f"Every region has an active {selection.industry + ' ' if selection.industry else ''}partnership."
    what = f"an active {selection.industry} partnership" if selection.industry else "any active partnership"
    names = join_words([geography.region_label(r) for r in gaps])
    return f"{plural(len(gaps), 'region')} without {what}: {names}."
