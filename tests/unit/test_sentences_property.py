"""Every sentence the page writes, checked on generated datasets against an oracle written here.

The oracle counts straight from the generated rows (plain Python, no dashboard.analysis.metrics), so a
sentence that names the wrong leader, calls a tie a win, says "rose" for a fall or "1 of 1" for one
region fails here whatever the data.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.analysis.insights import insights
from dashboard.analysis.metrics import headline, industry_breakdown, region_values, yearly_trend
from dashboard.analysis.state import Selection
from dashboard.analysis.text import headline_figures, industry_caption, map_caption, plural, trend_caption
from dashboard.data.dataset import Dataset
from dashboard.data.geography import load_geography
from dashboard.data.parse import parse_files

INDUSTRIES = ["Healthcare", "Manufacturing", "Agriculture", "Technology"]
STATUSES = ["active", "active", "active", "inactive", "emerging"]
YEARS = range(2018, 2023)
LATEST = 2022


@dataclass(frozen=True)
class Row:
    pid: str
    industry: str
    regions: tuple[int, ...]
    status: str


@dataclass(frozen=True)
class Member:
    pid: str
    organization: str
    county: str
    joined: int
    left: int | None


def _csv(rows: Sequence[Sequence[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


@st.composite
def datasets(draw: st.DrawFn) -> tuple[Dataset, list[Row], list[Member]]:
    geography = load_geography()
    counties_of = {r: list(geography.regions.at[r, "counties"]) for r in geography.regions.index}
    count = draw(st.integers(1, 6))
    partnerships = [
        Row(
            f"p{i}",
            draw(st.sampled_from(INDUSTRIES)),
            tuple(sorted(draw(st.sets(st.integers(1, 14), min_size=1, max_size=2)))),
            draw(st.sampled_from(STATUSES)),
        )
        for i in range(count)
    ]
    members: list[Member] = []
    for row in partnerships:
        for j in range(draw(st.integers(0, 4))):
            joined = draw(st.sampled_from(list(YEARS)))
            left = draw(st.one_of(st.none(), st.integers(joined + 1, LATEST + 1)))
            # Shared names across partnerships: one business may belong to several (counted once).
            name = f"Business {draw(st.integers(0, 9))}" if j % 2 else f"Business {row.pid}-{j}"
            county = draw(st.sampled_from(counties_of[draw(st.sampled_from(row.regions))]))
            members.append(Member(row.pid, name, county, joined, left))
    # Every dataset reaches the latest year, so "now" is LATEST.
    members.append(
        Member(partnerships[0].pid, "Anchor College", counties_of[partnerships[0].regions[0]][0], LATEST, None)
    )
    raw = {
        "partnerships.csv": _csv(
            [["partnership_id", "name", "industry", "regions", "status", "source"]]
            + [
                [r.pid, f"Partnership {r.pid}", r.industry, ";".join(map(str, r.regions)), r.status, "t"]
                for r in partnerships
            ]
        ),
        "members.csv": _csv(
            [["partnership_id", "organization", "org_type", "county", "joined_year", "left_year"]]
            + [
                [
                    m.pid,
                    m.organization,
                    "education" if m.organization == "Anchor College" else "business",
                    m.county,
                    m.joined,
                    m.left or "",
                ]
                for m in members
            ]
        ),
        "outcomes.csv": _csv(
            [["survey", "metric", "category", "unit", "rate"], ["s", "m", "business", "businesses", "50"]]
        ),
        "reported.csv": _csv([["metric", "value", "as_of", "source"], ["businesses_engaged", "4", "undated", "t"]]),
    }
    return parse_files(raw, "generated", geography), partnerships, members


@st.composite
def selections(draw: st.DrawFn) -> Selection:
    regions = draw(st.sets(st.integers(1, 14), max_size=3))
    industry = draw(st.one_of(st.none(), st.sampled_from(INDUSTRIES)))
    metric = draw(st.sampled_from(["partnerships", "businesses", "industries"]))
    return Selection.of(regions, industry, metric)


# --------------------------------------------------------------------------------------------
# The oracle: counts from the generated rows


def active_rows(rows: list[Row]) -> list[Row]:
    return [r for r in rows if r.status == "active"]


def industry_counts(rows: list[Row], regions: tuple[int, ...]) -> Counter[str]:
    return Counter(r.industry for r in active_rows(rows) if not regions or set(r.regions) & set(regions))


def partnerships_per_region(rows: list[Row], industry: str | None) -> dict[int, int]:
    counts = dict.fromkeys(range(1, 15), 0)
    for r in active_rows(rows):
        if industry is None or r.industry == industry:
            for region in r.regions:
                counts[region] += 1
    return counts


def businesses_in(members: list[Member], rows: list[Row], year: int) -> int:
    """Distinct businesses active in `year`; in the latest year ("now") not in partnerships now inactive."""
    inactive = {r.pid for r in rows if r.status == "inactive"} if year == LATEST else set()
    return len({m.organization for m in members if m.organization != "Anchor College" and m.joined <= year
                and (m.left is None or m.left > year) and m.pid not in inactive})  # fmt: skip


def grammar_ok(text: str) -> bool:
    """No '1 partnerships', '1 regions have', '1 of 1', '0 partnership' style slips."""
    return not re.search(
        r"\b1 (partnerships|businesses|regions|industries)\b|\b1 of 1\b|\b0 (partnership|business)\b", text
    )


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------------------------
# Properties


@SETTINGS
@given(datasets(), selections())
def test_industry_caption_names_the_leaders_and_says_a_tie(
    generated: tuple[Dataset, list[Row], list[Member]], selection: Selection
) -> None:
    ds, rows, _ = generated
    caption = industry_caption(industry_breakdown(ds, selection), selection, sample=True)
    counts = industry_counts(rows, selection.regions)
    assert grammar_ok(caption), caption
    if not counts:
        assert caption.startswith("No active partnerships"), caption
        return
    best = max(counts.values())
    leaders = sorted(name for name, n in counts.items() if n == best)
    assert caption.startswith(f"{len(counts)} industr"), caption
    if len(leaders) == 1:
        assert "tie" not in caption, caption
        expected = f"{leaders[0]} has the most (" if len(counts) > 1 else f": {leaders[0]} ("
        assert expected in caption and f"{plural(best, 'partnership')}" in caption, caption
    else:
        assert "has the most" not in caption, caption
        assert "tie" in caption or "each" in caption, caption
        for name in leaders:
            assert name in caption, caption
        for name in set(counts) - set(leaders):
            assert name not in caption, caption


@SETTINGS
@given(datasets(), selections())
def test_map_caption_counts_gaps_and_says_who_leads(
    generated: tuple[Dataset, list[Row], list[Member]], selection: Selection
) -> None:
    ds, rows, _ = generated
    values = region_values(ds, selection.industry)
    caption = map_caption(values, selection, sample=True)
    per_region = partnerships_per_region(rows, selection.industry)
    covered = sum(1 for n in per_region.values() if n)
    assert grammar_ok(caption), caption
    if covered == 14:
        assert caption.startswith("All 14 regions have"), caption
    elif covered == 0:
        assert caption.startswith("None of the 14 regions has"), caption
    else:
        verb = "regions has" if covered == 1 else "regions have"  # one of them has
        assert caption.startswith(f"{covered} of 14 {verb}"), caption
    if selection.metric == "partnerships":
        best = max(per_region.values())
        leaders = [r for r, n in per_region.items() if n == best]
        if best == 0:
            assert "Highest" not in caption and "same" not in caption, caption
        elif len(leaders) == 1:
            assert f"Highest active partnerships: Region {leaders[0]} (" in caption, caption
        elif len(leaders) == 14:
            assert f"Every region has the same active partnerships: {best}." in caption, caption
        else:
            assert f"shared by Regions {', '.join(map(str, leaders[:-1]))} and {leaders[-1]}." in caption, caption


@SETTINGS
@given(datasets(), selections())
def test_trend_caption_says_rose_fell_or_unchanged(
    generated: tuple[Dataset, list[Row], list[Member]], selection: Selection
) -> None:
    ds, rows, members = generated
    trend = yearly_trend(ds, selection)
    caption = trend_caption(trend, [], sample=True)
    assert grammar_ok(caption), caption
    if not len(trend) or len(trend) == 1:
        return
    first, last = int(trend.iloc[0]["businesses"]), int(trend.iloc[-1]["businesses"])
    if selection.is_statewide:  # the oracle's own count, statewide
        assert (first, last) == (
            businesses_in(members, rows, int(trend.index[0])),
            businesses_in(members, rows, LATEST),
        )
    word = "rose" if last > first else "fell" if last < first else "was"
    assert caption.startswith(f"Businesses engaged (sample data) {word} "), caption
    if word == "was":
        assert f"was {first:,} in both" in caption, caption


@SETTINGS
@given(datasets(), selections())
def test_insights_say_gaps_ties_and_changes_truly(
    generated: tuple[Dataset, list[Row], list[Member]], selection: Selection
) -> None:
    ds, rows, members = generated
    sentences = insights(ds, selection)
    for sentence in sentences:
        assert grammar_ok(sentence), sentence
    first = sentences[0]
    per_region = partnerships_per_region(rows, selection.industry)
    scope = list(selection.regions) or list(range(1, 15))
    gaps = [r for r in scope if per_region[r] == 0]
    if len(scope) == 1:
        assert ("has no active" in first) == bool(gaps), first
    elif not gaps:
        assert first.startswith("Every one of"), first
    elif len(gaps) == len(scope):
        assert first.startswith("None of"), first
    else:
        listed = re.search(r"no active .*partnership: ([\d, and]+)\.$", first)
        assert listed is not None, first
        assert [int(n) for n in re.findall(r"\d+", listed.group(1))] == gaps, first
    if not selection.regions and selection.industry is None:
        now = businesses_in(members, rows, LATEST)
        business = next(s for s in sentences if "engaged" in s)
        if now == 0:
            assert business.startswith("No businesses"), business
        else:
            earliest = min(m.joined for m in members)
            before = businesses_in(members, rows, earliest)
            if earliest < LATEST:
                word = "up from" if now > before else "down from" if now < before else "the same as"
                assert f"{word} {before:,} in {earliest}" in business, business


@SETTINGS
@given(datasets(), selections())
def test_headline_figures_read_naturally_for_one_region(
    generated: tuple[Dataset, list[Row], list[Member]], selection: Selection
) -> None:
    ds, rows, _ = generated
    figures = dict(headline_figures(headline(ds, selection), sample=True))
    per_region = partnerships_per_region(rows, selection.industry)
    if len(selection.regions) == 1:
        assert figures["Region covered"] == ("Yes" if per_region[selection.regions[0]] else "No")
    else:
        scope = list(selection.regions) or list(range(1, 15))
        covered = sum(1 for r in scope if per_region[r])
        assert figures["Regions covered"] == f"{covered} of {len(scope)}"
