"""Outcomes per partnership: what each reports, measure by measure, compared across partnerships, and whose
data is missing. Pure functions of a Dataset.

A measure's values are never added together: each partnership's value is shown beside the others', with
the year, the method and the respondents it comes with. A partnership's "latest" value is its last by
year (undated before dated), a value measured before something coming before one measured after.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.analysis.metrics import partnerships_matching, years
from dashboard.analysis.state import Selection, foreign_regions, link_scheme, selection_from_search
from dashboard.analysis.text import foreign_link_notice, join_words, plural
from dashboard.data.config import GEOGRAPHY_DIR
from dashboard.data.contract import Measure, measures_in_force
from dashboard.data.dataset import Dataset
from dashboard.data.geography import load_geography
from dashboard.data.membership import memoized

POINT_ORDER = {"before": 0, "": 1, "after": 2}
OUTCOMES_ATTRIBUTE = "partnership_outcomes"
MEASURES_ATTRIBUTE = "outcome_measures"


def measures(ds: Dataset) -> list[Measure]:
    """The measures in force: the built-in list, then those the data's outcome_measures.csv adds. Asked on
    every selection (the controller checks the link's measure), so remembered with the dataset."""
    return memoized(ds, "outcome measures", lambda: measures_in_force(ds.table(MEASURES_ATTRIBUTE)))


def measure_names(ds: Dataset) -> list[str]:
    return [m.measure for m in measures(ds)]


def link_selection(ds: Dataset, search: str | None) -> Selection:
    """The selection a link's query string names, against this dataset's regions, industries, years and
    measures (what a download, a slide or an export is of)."""
    return selection_from_search(
        search, ds.regions, ds.industries, years(ds), measure_names(ds), scheme=ds.geography.link_tag
    )


def link_notice(ds: Dataset, search: str | None) -> str:
    """What the page says of a link whose regions are another region scheme's ('' for any other link)."""
    named = foreign_regions(search, ds.geography.link_tag)
    if not named:
        return ""
    tag = link_scheme(search)
    if tag:
        made_for = f"another region scheme (“{tag}”)"
    else:  # a link without a scheme is the default scheme's: Colorado's, and every link made before schemes
        default = load_geography(GEOGRAPHY_DIR)
        made_for = f"{default.state_name}'s {len(default.regions)} {default.scheme.regions_title}"
    return foreign_link_notice(named, ds.geography, made_for)


def measure_of(ds: Dataset, name: str) -> Measure | None:
    return next((m for m in measures(ds) if m.measure == name), None)


def rows(ds: Dataset) -> pd.DataFrame:
    """The partnership outcomes, each with its place in time (undated first; before, then after); sorted
    once per dataset."""
    return memoized(ds, "outcome rows", lambda: _rows(ds))


def _rows(ds: Dataset) -> pd.DataFrame:
    frame = ds.table(OUTCOMES_ATTRIBUTE).copy()
    frame["order_year"] = frame["year"].astype("Float64").fillna(-math.inf).astype(float)
    frame["order_point"] = frame["point"].map(POINT_ORDER).fillna(1).astype(int)
    return frame.sort_values(["partnership_id", "measure", "order_year", "order_point"], kind="stable")


def reported_measures(ds: Dataset) -> list[Measure]:
    """The measures at least one partnership reports, in the list's order."""

    def build() -> list[Measure]:
        present = set(ds.table(OUTCOMES_ATTRIBUTE)["measure"])
        return [m for m in measures(ds) if m.measure in present]

    return memoized(ds, "outcome measures reported", build)


def default_measure(ds: Dataset) -> str:
    """The measure shown when none is picked: the first any partnership reports, else the list's first."""
    reported = reported_measures(ds)
    return (reported[0] if reported else measures(ds)[0]).measure


def chosen_measure(ds: Dataset, selection: Selection) -> Measure:
    """The measure a selection shows: the one it names, else the first any partnership reports, else the first."""
    if selection.measure:
        named = measure_of(ds, selection.measure)
        if named is not None:
            return named
    default = measure_of(ds, default_measure(ds))
    assert default is not None
    return default


def when(year: object, point: str) -> str:
    """'2024', '2023, before', 'before' (an undated value measured before), 'undated'."""
    dated = year is not None and not pd.isna(year)
    if dated and point:
        return f"{int(year)}, {point}"  # type: ignore[call-overload]
    if dated:
        return str(int(year))  # type: ignore[call-overload]
    return point or "undated"


def format_value(value: float, unit: str, qualifier: str = "") -> str:
    """82% · 82.5% · $8,000 · $1.25 · 1,234, after its qualifier ('as high as $8,000')."""
    if unit == "percent":
        text = f"{value:g}%"
    elif unit == "dollars":
        sign = "−" if value < 0 else ""
        amount = abs(value)
        text = f"{sign}${amount:,.0f}" if amount == int(amount) else f"{sign}${amount:,.2f}"
    else:
        text = f"{value:,.0f}"
    return f"{qualifier} {text}" if qualifier else text


@dataclass(frozen=True)
class Reported:
    """One partnership's latest value of a measure, and the one before it (if any)."""

    partnership_id: str
    name: str
    value: float
    when: str
    method: str
    respondents: int | None
    qualifier: str
    source: str
    note: str
    earlier_value: float | None
    earlier_when: str | None
    earlier_qualifier: str

    @property
    def change(self) -> str | None:
        """'rose', 'fell', 'stayed' from the earlier value; None without one."""
        if self.earlier_value is None:
            return None
        if self.value > self.earlier_value:
            return "rose"
        if self.value < self.earlier_value:
            return "fell"
        return "stayed"


def comparison(ds: Dataset, selection: Selection, measure: str) -> list[Reported]:
    """The partnerships in scope that report `measure`, each by its latest value, highest first (ties by name)."""
    key = ("outcome comparison", selection.regions, selection.industry, measure)
    return memoized(ds, key, lambda: _comparison(ds, selection, measure))


def _comparison(ds: Dataset, selection: Selection, measure: str) -> list[Reported]:
    scope = partnerships_matching(ds, selection)
    names = dict(zip(scope["partnership_id"], scope["name"], strict=True))
    found: list[Reported] = []
    for pid, (last, earlier) in _latest_two(ds, measure).items():
        if pid not in names:
            continue
        found.append(
            Reported(
                partnership_id=pid,
                name=names[pid],
                value=float(last["value"]),
                when=when(last["year"], str(last["point"])),
                method=str(last["method"]),
                respondents=None if pd.isna(last["respondents"]) else int(last["respondents"]),
                qualifier=str(last["qualifier"]),
                source=str(last["source"]),
                note=str(last["note"]),
                earlier_value=None if earlier is None else float(earlier["value"]),
                earlier_when=None if earlier is None else when(earlier["year"], str(earlier["point"])),
                earlier_qualifier="" if earlier is None else str(earlier["qualifier"]),
            )
        )
    return sorted(found, key=lambda r: (-r.value, r.name))


def _latest_two(ds: Dataset, measure: str) -> dict[str, tuple[dict[str, Any], dict[str, Any] | None]]:
    """Per partnership reporting `measure`: its latest row and the one before it (None when it has only one),
    as plain records; made once per dataset and measure, so that a selection only picks among them."""

    def build() -> dict[str, tuple[dict[str, Any], dict[str, Any] | None]]:
        frame = rows(ds)
        found: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {}
        for record in frame[frame["measure"] == measure].to_dict("records"):  # in time order per partnership
            pid = str(record["partnership_id"])
            before = found.get(pid)
            found[pid] = (record, None if before is None else before[0])
        return found

    return memoized(ds, ("outcome latest two", measure), build)


def scope_words(ds: Dataset, selection: Selection) -> str:
    """' in Region 2 · Front Range' · ' in Healthcare' · '' statewide."""
    parts = []
    if selection.industry:
        parts.append(selection.industry)
    where = join_words([ds.geography.region_label(r) for r in selection.regions])
    if where:
        parts.append(where)
    return " in " + ", ".join(parts) if parts else ""


def comparison_caption(ds: Dataset, selection: Selection) -> str:
    """The sentence under the outcomes chart (on the page and a slide), labelled when the outcomes are sample."""
    measure = chosen_measure(ds, selection)
    reported = comparison(ds, selection, measure.measure)
    scope = len(partnerships_matching(ds, selection))
    sentence = comparison_sentence(reported, measure, scope_words(ds, selection), scope)
    return sentence + (" (Sample data.)" if ds.partnership_outcomes_are_sample else "")


def comparison_sentence(reported: list[Reported], measure: Measure, where: str, partnerships: int) -> str:
    """The comparison in words: how many report the measure, who is highest (ties said as ties), and how many
    rose, fell or stayed since their earlier value. `partnerships`: how many are in scope; `where`: ' in …'."""
    label = measure.phrase
    if not reported:
        if partnerships == 0:
            return f"No partnership{where} is in the data, so none reports {label}."
        return f"None of the {plural(partnerships, 'partnership')}{where} has recorded {label} yet."
    count = len(reported)
    if partnerships == 1:
        reporting = f"The one partnership{where} reports {label}"
    elif count == partnerships:
        reporting = f"All {count:,} partnerships{where} report {label}"
    else:
        reporting = (
            f"{count:,} of the {partnerships:,} partnerships{where} {'reports' if count == 1 else 'report'} {label}"
        )
    sentences = [reporting + "."]
    top = reported[0].value
    leaders = [r for r in reported if r.value == top]
    shown = format_value(top, measure.unit, leaders[0].qualifier if len(leaders) == 1 else "")
    if count == 1:
        only = reported[0]
        sentences.append(f"{only.name}: {format_value(only.value, measure.unit, only.qualifier)} ({only.when}).")
    elif len(leaders) == count:
        sentences.append(f"All {count} report the same latest value, {shown}.")
    elif len(leaders) > 1:
        sentences.append(f"Highest, tied at {shown} each: {join_words([r.name for r in leaders])}.")
    else:
        sentences.append(f"Highest: {leaders[0].name}, {shown} ({leaders[0].when}).")
    sentences += _change_sentence(reported, measure)
    methods = sorted({r.method for r in reported})
    if len(methods) > 1:
        counts = [plural(sum(r.method == m for r in reported), *METHOD_NOUNS[m]) for m in methods]
        sentences.append(f"Collected by different methods ({join_words(counts)}): compare with care.")
    return " ".join(sentences)


METHOD_NOUNS = {
    "survey": ("survey", "surveys"),
    "administrative records": ("administrative record", "administrative records"),
    "estimate": ("estimate", "estimates"),
}


def _change_sentence(reported: list[Reported], measure: Measure) -> list[str]:
    changed = [r for r in reported if r.change is not None]
    if not changed:
        return []
    if len(changed) == 1:
        one = changed[0]
        before = format_value(one.earlier_value or 0.0, measure.unit, one.earlier_qualifier)
        after = format_value(one.value, measure.unit, one.qualifier)
        verb = {"rose": f"rose from {before}", "fell": f"fell from {before}", "stayed": f"stayed at {after}"}
        tail = f" to {after}" if one.change != "stayed" else ""
        return [f"{one.name} {verb[one.change or 'stayed']}{tail} ({one.earlier_when} → {one.when})."]
    tallies = {word: sum(r.change == word for r in changed) for word in ("rose", "fell", "stayed")}
    total = len(changed)
    whole = "both" if total == 2 else "all"
    for word, number in tallies.items():
        if number == total:
            said = "stayed the same" if word == "stayed" else word
            return [f"Of the {total} with an earlier value, {whole} {said}."]
    parts = [
        f"{number} {'stayed the same' if word == 'stayed' else word}" for word, number in tallies.items() if number
    ]
    return [f"Of the {total} with an earlier value, {join_words(parts)}."]


def completeness(ds: Dataset, selection: Selection) -> pd.DataFrame:
    """Active partnerships in scope (rows, by name) × measures any partnership reports (columns, in the list's
    order): the latest year each reports, 'undated', or '' where it reports none."""
    key = ("outcome completeness", selection.regions, selection.industry)
    return memoized(ds, key, lambda: _completeness(ds, selection))


def _completeness(ds: Dataset, selection: Selection) -> pd.DataFrame:
    scope = partnerships_matching(ds, selection, statuses=("active",)).sort_values("name")
    columns = [m.measure for m in reported_measures(ds)]
    table = _latest_when(ds).reindex(index=list(scope["partnership_id"]), columns=columns, fill_value="")
    table.index = pd.Index(list(scope["name"]), name="partnership")
    table.columns.name = None
    return table


def _latest_when(ds: Dataset) -> pd.DataFrame:
    """Partnership id × measure: when its latest value was reported ('' where none); once per dataset."""

    def build() -> pd.DataFrame:
        latest = rows(ds).groupby(["partnership_id", "measure"]).tail(1)
        said = pd.Series(
            [when(year, "") for year in latest["year"]],
            index=pd.MultiIndex.from_frame(latest[["partnership_id", "measure"]]),
            dtype=object,
        )
        return said.unstack(fill_value="") if len(said) else pd.DataFrame()

    return memoized(ds, "outcome latest when", build)


def completeness_sentence(table: pd.DataFrame, measures_in_force: list[Measure], where: str) -> str:
    """Whose data is missing, in words."""
    return " ".join(completeness_sentences(table, measures_in_force, where))


def completeness_sentences(table: pd.DataFrame, measures_in_force: list[Measure], where: str) -> list[str]:
    """Whose data is missing: how many active partnerships report anything, how much of the matrix is blank,
    who reports every measure shown, and the measures nobody reports."""
    count = len(table)
    if count == 0:
        return [f"No active partnership{where} is in the data."]
    reporting = int((table != "").any(axis=1).sum()) if len(table.columns) else 0
    if reporting == 0:
        if count == 1:
            return [f"The one active partnership{where} has recorded no outcome yet."]
        return [f"None of the {count:,} active partnerships{where} has recorded an outcome yet."]
    if reporting == count:
        first = (
            f"The one active partnership{where} reports outcomes"
            if count == 1
            else f"All {count:,} active partnerships{where} report at least one outcome"
        )
    else:
        first = f"{reporting:,} of the {count:,} active partnerships{where} report at least one outcome"
    gaps = int((table == "").to_numpy().sum())
    if gaps:
        first += f"; {plural(gaps, 'cell')} of the matrix {'is' if gaps == 1 else 'are'} blank"
    else:
        first += "; none of the matrix is blank"
    sentences = [first + "."]
    full = int((table != "").all(axis=1).sum())
    if full and gaps:
        sentences.append(f"{plural(full, 'partnership')} {'reports' if full == 1 else 'report'} every measure shown.")
    missing = [m.phrase for m in measures_in_force if m.measure not in table.columns]
    if missing:
        sentences.append(f"No partnership reports {join_words(missing)}.")
    return sentences


@dataclass(frozen=True)
class MeasureSeries:
    measure: Measure
    points: pd.DataFrame
    """when, value, method, respondents, qualifier, source, note: in time order."""


def partnership_series(ds: Dataset, partnership_id: str) -> list[MeasureSeries]:
    """One partnership's outcomes, measure by measure (the list's order), each in time order."""
    frame = rows(ds)
    frame = frame[frame["partnership_id"] == partnership_id]
    found = []
    for measure in measures(ds):
        part = frame[frame["measure"] == measure.measure]
        if not len(part):
            continue
        points = pd.DataFrame(
            {
                "when": [when(y, str(p)) for y, p in zip(part["year"], part["point"], strict=True)],
                "value": part["value"].astype(float).to_numpy(),
                "method": part["method"].to_numpy(),
                "respondents": part["respondents"].to_numpy(),
                "qualifier": part["qualifier"].to_numpy(),
                "source": part["source"].to_numpy(),
                "note": part["note"].to_numpy(),
            }
        )
        found.append(MeasureSeries(measure, points))
    return found
