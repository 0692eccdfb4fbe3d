"""Sentences written from the data: chart captions (the text alternative) and the selection summary."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis.metrics import Headline
from dashboard.analysis.state import METRICS, Selection
from dashboard.data.geography import Geography


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
        join_words([geography.region_label(r) for r in selection.regions])
        if selection.regions
        else f"all {len(geography.regions)} regions"
    )
    industry = selection.industry or "all industries"
    when = f"; {year}" if year is not None else ""
    return f"Showing {regions}; {industry}{when}. Map colour: {METRICS[selection.metric].lower()}."


def foreign_link_notice(named: list[int], geography: Geography, made_for: str) -> str:
    """A link whose region numbers are another scheme's: whose they are, and that the view leaves them out.
    `made_for` names that scheme ("Colorado's 14 economic development regions")."""
    regions = ("region " if len(named) == 1 else "regions ") + join_words([str(r) for r in named])
    now = f"{len(geography.regions)} {geography.scheme.regions_title}"
    return f"This link was made for {made_for}, not the {now} in use here, so the view opens without its {regions}."


def sample_year_note(year: int | None, *, sample: bool) -> str:
    """' (sample membership)' after a past year when its coverage comes from sample membership."""
    return " (sample membership)" if year is not None and sample else ""


def in_year(year: int | None, *, sample: bool) -> str:
    """'In 2016 (sample membership), ' for a past year; '' for the latest (published status)."""
    return f"In {year}{sample_year_note(year, sample=sample)}, " if year is not None else ""


def sentence_start(prefix: str, sentence: str) -> str:
    """Put a prefix such as 'In 2016, ' before a sentence, lower-casing its first word unless it is a name."""
    if not prefix:
        return sentence
    first = sentence.split(" ", 1)[0]
    keep = first in ("Region", "Regions") or first[:1].isdigit()
    return prefix + (sentence if keep else sentence[:1].lower() + sentence[1:])


def metric_label(metric: str, *, sample: bool) -> str:
    """'businesses engaged (sample data)': a map metric in a sentence, labelled when it counts sample members."""
    return METRICS[metric].lower() + (" (sample data)" if sample and metric == "businesses" else "")


def map_caption(values: pd.DataFrame, selection: Selection, *, sample: bool = False, past: int | None = None) -> str:
    gaps = [int(r) for r in values.index[values["is_gap"]]]
    total = len(values)
    covered = total - len(gaps)
    what = f"an active {selection.industry} partnership" if selection.industry else "an active partnership"
    if covered == total:
        sentence = f"All {total} regions have {what}."
    elif covered == 0:
        sentence = f"None of the {total} regions has {what}."
    else:
        sentence = f"{covered} of {total} {'regions has' if covered == 1 else 'regions have'} {what}."
        names = join_words([f"{r} ({values.at[r, 'region_name']})" for r in gaps])
        sentence += f" {'Region' if len(gaps) == 1 else 'Regions'} without: {names}."
    sentence = sentence_start(in_year(past, sample=sample), sentence)
    metric = selection.metric
    best = int(values[metric].max()) if total else 0
    leaders = values.index[values[metric] == best]
    label = metric_label(metric, sample=sample)
    if best > 0 and len(leaders) == 1:
        top = values.loc[leaders[0]]
        sentence += f" Highest {label}: Region {leaders[0]} ({top['region_name']}) with {best:,}."
    elif best > 0 and len(leaders) == total:
        sentence += f" Every region has the same {label}: {best:,}."
    elif best > 0:
        regions = join_words([str(int(r)) for r in leaders])
        sentence += f" Highest {label}: {best:,}, shared by Regions {regions}."
    return sentence


def industry_caption(breakdown: pd.DataFrame, selection: Selection, *, sample: bool = False) -> str:
    present = breakdown[breakdown["partnerships"] > 0]
    if len(selection.regions) == 1:
        where = "in the selected region"
    else:
        where = "in the selected regions" if selection.regions else "statewide"
    absent = [str(n) for n in breakdown.index[(breakdown["partnerships"] == 0) & (breakdown["businesses"] == 0)]]
    not_shown = f" Not shown, with none {where}: {join_words(sorted(absent))}." if absent else ""
    return _industry_sentence(present, where, sample=sample) + not_shown


def _industry_sentence(present: pd.DataFrame, where: str, *, sample: bool) -> str:
    if not len(present):
        return f"No active partnerships {where}."
    best = int(present["partnerships"].max())
    leaders = sorted(str(name) for name in present.index[present["partnerships"] == best])
    count = plural(len(present), "industry", "industries")
    have = "has" if len(present) == 1 else "have"
    each = plural(best, "partnership")
    if len(present) == 1:
        lead = present.loc[leaders[0]]
        businesses = plural(int(lead["businesses"]), "business", "businesses") + (", sample data" if sample else "")
        return f"1 industry has active partnerships {where}: {leaders[0]} ({each}; {businesses})."
    if len(leaders) == len(present):
        return f"{count} {have} active partnerships {where}, {each} each: {join_words(leaders)}."
    if len(leaders) > 1:
        return f"{count} {have} active partnerships {where}; {join_words(leaders)} tie for the most, with {each} each."
    lead = present.loc[leaders[0]]
    businesses = plural(int(lead["businesses"]), "business", "businesses") + (", sample data" if sample else "")
    return f"{count} {have} active partnerships {where}; {leaders[0]} has the most ({each}; {businesses})."


def change_phrase(first: int, last: int, first_year: int, last_year: int) -> str:
    """'rose from 5 in 2013 to 9 in 2024', 'fell from …', or 'was 5 in both 2013 and 2024'."""
    if last > first:
        return f"rose from {first:,} in {first_year} to {last:,} in {last_year}"
    if last < first:
        return f"fell from {first:,} in {first_year} to {last:,} in {last_year}"
    return f"was {first:,} in both {first_year} and {last_year}"


def trend_caption(trend: pd.DataFrame, published: list[str] | None = None, *, sample: bool) -> str:
    """The growth chart in words. `published`: the published totals, already phrased with source and date."""
    if not len(trend):
        return "No membership data to show over time."
    first, last = int(trend.index[0]), int(trend.index[-1])
    label = " (sample data)" if sample else ""
    b0, b1 = int(trend.at[first, "businesses"]), int(trend.at[last, "businesses"])
    p0, p1 = int(trend.at[first, "partnerships"]), int(trend.at[last, "partnerships"])
    if first == last:
        text = (
            f"In {first}: {plural(b1, 'business', 'businesses')} engaged{label} and "
            f"{plural(p1, 'partnership')} with active members."
        )
    else:
        text = (
            f"Businesses engaged{label} {change_phrase(b0, b1, first, last)}; "
            f"partnerships with active members {change_phrase(p0, p1, first, last)}."
        )
    if published:
        text += f" Published statewide totals: {join_words(published)}."
    return text


def gap_caption(gaps: list[int], geography: Geography, selection: Selection, *, past_note: str = "") -> str:
    """`past_note`: e.g. 'In 2016 (sample membership), ' when the gaps are of a past year."""
    what = f"an active {selection.industry} partnership" if selection.industry else "an active partnership"
    total = len(geography.regions)
    if not gaps:
        return sentence_start(past_note, f"All {total} regions have {what}.")
    if len(gaps) == total:
        return sentence_start(past_note, f"None of the {total} regions has {what}.")
    names = join_words([geography.region_label(r) for r in gaps])
    return sentence_start(past_note, f"{plural(len(gaps), 'region')} without {what}: {names}.")


def headline_figures(headline: Headline, *, sample: bool, past: bool = False) -> list[tuple[str, str]]:
    """The four headline figures as (label, value), for the cards and the slides alike.

    One selected region reads 'Region covered: Yes' rather than '1 of 1'.
    """
    if headline.regions_in_scope == 1:
        regions = ("Region covered", "Yes" if headline.regions_covered else "No")
    else:
        regions = ("Regions covered", f"{headline.regions_covered} of {headline.regions_in_scope}")
    return [
        ("Active partnerships" + (f" in {headline.year}" if past else ""), f"{headline.active_partnerships}"),
        regions,
        ("Businesses engaged" + (" (sample)" if sample else ""), f"{headline.businesses:,}"),
        ("Industries", f"{headline.industries}"),
    ]


def impact_caption(outcomes: pd.DataFrame) -> str:
    """The impact chart in words: how many rates, from how many sources, and the highest (ties said as ties)."""
    if not len(outcomes):
        return "No survey results in the data."
    sources = outcomes["survey"].nunique()
    best = float(outcomes["rate"].max())
    top = outcomes[outcomes["rate"] == best]
    rates = plural(len(outcomes), "published rate")
    lead = f"{rates} from {plural(sources, 'source')}; highest: {best:.0f}%"
    if len(top) == 1:
        row = top.iloc[0]
        return f"{lead} of {row['unit']}, {str(row['metric']).lower()}."
    results = join_words([f"{str(r['metric']).lower()} ({r['unit']}, {r['survey']})" for _, r in top.iterrows()])
    return f"{lead}, reached by {len(top)} results: {results}."


# --------------------------------------------------------------------------------------------
# Priority gaps (dashboard.analysis.priority)


def jobs_phrase(employment: float, suppressed: int) -> str:
    """'4,100 jobs'; 'at least 4,100 jobs' when some county cells are suppressed; 'suppressed' when all are."""
    count = round(employment)
    if suppressed and count == 0:
        return "employment suppressed"
    jobs = "1 job" if count == 1 else f"{count:,} jobs"
    return f"at least {jobs}" if suppressed else jobs


def lq_phrase(lq: float) -> str:
    return "LQ not available" if pd.isna(lq) else f"LQ {lq:.2f}"


def priority_line(row: pd.Series, geography: Geography) -> str:
    """'Region 10 · West Central: Healthcare, 4,100 jobs (LQ 1.30), no partnership'."""
    jobs = jobs_phrase(float(row["employment"]), int(row["suppressed"]))
    where = geography.region_label(int(row["region"]))
    return f"{where}: {row['industry']}, {jobs} ({lq_phrase(row['lq'])}), no partnership"


def _gap_place(row: pd.Series, geography: Geography) -> str:
    return f"{row['industry']} in {geography.region_label(int(row['region']))}"


def priority_sentence(gaps: pd.DataFrame, geography: Geography, basis: str) -> str:
    """One sentence on the priority gaps, largest first; ties for the largest said as ties.

    `gaps` is ``priority.priority_gaps`` (largest employment first); `basis` what the figures rest on."""
    source = f" Employment: {basis}."
    if not len(gaps):
        return (
            "No priority gaps in this selection: each key industry here has an active partnership in its region."
            + source
        )
    top = gaps[gaps["employment"] == gaps["employment"].iloc[0]]
    first = top.iloc[0]
    jobs = jobs_phrase(float(first["employment"]), int(top["suppressed"].max()))
    if len(gaps) == 1:
        return (
            f"One priority gap: {_gap_place(first, geography)} ({jobs}, {lq_phrase(first['lq'])}) "
            "has no partnership." + source
        )
    count = f"{len(gaps):,} priority gaps"
    if len(top) == 1:
        return f"{count}; the largest: {_gap_place(first, geography)} ({jobs}, {lq_phrase(first['lq'])})." + source
    places = join_words([_gap_place(row, geography) for _, row in top.iterrows()])
    if len(top) == len(gaps):
        return f"{count}, at {jobs} each: {places}." + source
    return f"{count}; the largest, tied at {jobs} each: {places}." + source


def priority_mark_note(matrix: pd.DataFrame, priority: set[tuple[int, str]], *, sample: bool) -> str:
    """' ◇ rings 3 priority gaps: …' for the gap matrix's caption (empty when none is drawn)."""
    drawn = [(r, i) for r, i in priority if r in matrix.index and i in matrix.columns]
    if not drawn:
        return ""
    what = "a priority gap" if len(drawn) == 1 else f"{len(drawn)} priority gaps"
    label = " (sample employment data)" if sample else ""
    return (
        f" ◇ (outlined) marks {what}: a key industry by QCEW employment{label} with no partnership in that region; "
        "the list below ranks every priority gap, including industries with no partnership anywhere."
    )


# --------------------------------------------------------------------------------------------
# What became of a QCEW file's rows (the Data page's preview)


def qcew_rows_read(rows: int, kept: int, outside: int, no_county: int, not_read: int, *, state: str, fips: str) -> str:
    """'Kept 412 of 3,656 rows; skipped 3,244 for areas outside Colorado.': one file's, or all files' together."""
    if kept == rows:
        said = "Kept its one row" if rows == 1 else f"Kept all {rows:,} rows"
    elif kept == 0:
        said = "Kept no rows"
    else:
        said = f"Kept {kept:,} of {plural(rows, 'row')}"
    skipped = []
    if outside:
        skipped.append(f"{outside:,} for areas outside {state}")
    if no_county:
        skipped.append(f"{no_county:,} for {fips}999, {state}'s unknown or undefined county (in no region)")
    if not_read:
        skipped.append(f"{not_read:,} of ownerships or detail levels the dashboard does not read")
    return said + ("; skipped " + join_words(skipped) if skipped else "") + "."
