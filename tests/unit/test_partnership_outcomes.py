"""Partnership outcomes: the contract (each bad input named by file, row and column), the default (SMIAC's
published results, nothing invented), the measures staff add, and the sentences, against an oracle."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.analysis.outcomes import (
    Reported,
    comparison,
    comparison_sentence,
    completeness,
    completeness_sentence,
    measures,
)
from dashboard.analysis.state import Selection
from dashboard.data.config import DEFAULT_DATA_DIR, PROJECT_ROOT
from dashboard.data.contract import MEASURES, DataContractError, Measure, Problem
from dashboard.data.files import load_dataset
from tests.conftest import write_csv

MakeDir = Callable[..., Path]
HEADER = ["partnership_id", "year", "measure", "value", "unit", "method", "point", "respondents", "source"]
GOOD = [
    ["t-health", "2023", "jobs_created", "12", "count", "survey", "", "30", "test"],
    ["t-health", "2024", "jobs_created", "15", "count", "survey", "", "28", "test"],
    ["t-make", "2024", "retention_rate", "81.5", "percent", "administrative records", "", "", "test"],
    ["t-make", "undated", "cost_savings", "4000", "dollars", "estimate", "before", "", "test"],
]
FIXTURE = PROJECT_ROOT / "tests/fixtures/outcomes/partnership_outcomes.csv"


def with_outcomes(make_data_dir: MakeDir, rows: list[list[str]], measures_rows: list[list[str]] | None = None) -> Path:
    directory = make_data_dir()
    write_csv(directory / "partnership_outcomes.csv", [HEADER, *rows])
    if measures_rows is not None:
        write_csv(directory / "outcome_measures.csv", [["measure", "label", "unit"], *measures_rows])
    return directory


def problems_of(directory: Path) -> list[Problem]:
    with pytest.raises(DataContractError) as caught:
        load_dataset(directory)
    return caught.value.problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_good_outcomes_load_as_numbers(make_data_dir: MakeDir) -> None:
    dataset = load_dataset(with_outcomes(make_data_dir, GOOD))
    table = dataset.table("partnership_outcomes")
    assert list(table["value"]) == [12.0, 15.0, 81.5, 4000.0]
    assert list(table["year"].astype("Float64").fillna(0)) == [2023, 2024, 2024, 0]
    assert list(table["respondents"].astype("Float64").fillna(0)) == [30, 28, 0, 0]


def test_a_directory_without_the_file_has_no_outcomes(make_data_dir: MakeDir) -> None:
    dataset = load_dataset(make_data_dir())
    assert dataset.table("partnership_outcomes").empty
    reported = comparison(dataset, Selection(), "jobs_created")
    assert reported == []


BAD_CASES = [
    # (what, the row changed, the column named, words the message must have)
    ("an id not in the data", ["t-helth", "2024", "jobs_created", "3", "count", "survey", "", "9", "x"],
     "partnership_id", ["names no partnership in partnerships.csv", "did you mean 't-health'"]),
    ("a measure not in the list", ["t-health", "2024", "jobs created", "3", "count", "survey", "", "9", "x"],
     "measure", ["is not a measure in the list", "did you mean 'jobs_created'"]),
    ("a rate over 100", ["t-health", "2024", "retention_rate", "104", "percent", "survey", "", "9", "x"],
     "value", ["'104' is a percent outside 0–100"]),
    ("a negative count", ["t-health", "2024", "jobs_created", "-2", "count", "survey", "", "9", "x"],
     "value", ["'-2' is not a count"]),
    ("a count that is not whole", ["t-health", "2024", "jobs_created", "2.5", "count", "survey", "", "9", "x"],
     "value", ["'2.5' is not a count"]),
    ("money with a dollar sign", ["t-health", "2024", "cost_savings", "$4,000", "dollars", "survey", "", "9", "x"],
     "value", ["is not a number"]),
    ("a unit other than the measure's", ["t-health", "2024", "cost_savings", "4", "count", "survey", "", "9", "x"],
     "unit", ["is not the unit of cost_savings; expected 'dollars'"]),
    ("a method not in the list", ["t-health", "2024", "jobs_created", "3", "count", "guess", "", "", "x"],
     "method", ["is not a valid method"]),
    ("respondents for records", ["t-health", "2024", "jobs_created", "3", "count", "administrative records", "",
                                 "9", "x"], "respondents", ["respondents are a survey's"]),
    ("no respondents at all", ["t-health", "2024", "jobs_created", "3", "count", "survey", "", "0", "x"],
     "respondents", ["is not a whole number of respondents"]),
]  # fmt: skip


@pytest.mark.parametrize(("what", "row", "column", "words"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_each_bad_row_is_named_by_file_row_and_column(
    make_data_dir: MakeDir, what: str, row: list[str], column: str, words: list[str]
) -> None:
    problem = only(problems_of(with_outcomes(make_data_dir, [GOOD[0], row])))
    assert (problem.file, problem.row, problem.column) == ("partnership_outcomes.csv", 3, column), what
    for word in words:
        assert word in problem.message, (what, problem.message)


def test_a_year_in_the_future_is_refused_and_this_year_is_not(make_data_dir: MakeDir) -> None:
    this_year = dt.date.today().year
    ahead = [["t-health", str(this_year + 1), "jobs_created", "3", "count", "survey", "", "9", "x"]]
    problem = only(problems_of(with_outcomes(make_data_dir, ahead)))
    assert (problem.row, problem.column) == (2, "year") and f"to {this_year}" in problem.message
    now = [["t-health", str(this_year), "jobs_created", "3", "count", "survey", "", "9", "x"]]
    assert len(load_dataset(_fresh(make_data_dir, now)).table("partnership_outcomes")) == 1


def _fresh(make_data_dir: MakeDir, rows: list[list[str]]) -> Path:
    directory = make_data_dir(name=f"data-{len(rows)}-{rows[0][1]}")
    write_csv(directory / "partnership_outcomes.csv", [HEADER, *rows])
    return directory


def test_the_same_partnership_year_and_measure_twice_names_both_rows(make_data_dir: MakeDir) -> None:
    twice = [GOOD[0], GOOD[1], ["t-health", "2024", "jobs_created", "16", "count", "survey", "", "30", "x"]]
    problem = only(problems_of(with_outcomes(make_data_dir, twice)))
    assert (problem.row, problem.column) == (4, "measure")
    assert "given already in row 3" in problem.message
    # Before and after the same training are two values, not one given twice.
    pair = [
        ["t-make", "undated", "rework_cost", "8000", "dollars", "survey", "before", "", "x"],
        ["t-make", "undated", "rework_cost", "100", "dollars", "survey", "after", "", "x"],
    ]
    assert len(load_dataset(_fresh(make_data_dir, pair)).table("partnership_outcomes")) == 2


def test_outcomes_naming_a_partnership_are_not_checked_when_partnerships_cannot_be_read(make_data_dir: MakeDir) -> None:
    directory = with_outcomes(make_data_dir, [GOOD[0]])
    (directory / "partnerships.csv").write_text("", encoding="utf-8")
    problems = problems_of(directory)
    assert {p.file for p in problems} == {"partnerships.csv"}


def test_staff_add_a_measure_with_its_unit_and_its_checks_follow_the_unit(make_data_dir: MakeDir) -> None:
    added = [["apprentices_hired", "Apprentices hired", "count"]]
    rows = [["t-health", "2024", "apprentices_hired", "4", "count", "survey", "", "9", "x"]]
    dataset = load_dataset(with_outcomes(make_data_dir, rows, added))
    assert [m.measure for m in measures(dataset)][-1] == "apprentices_hired"
    assert comparison(dataset, Selection(), "apprentices_hired")[0].value == 4.0
    # Its unit is checked like a built-in one's.
    bad = [["t-health", "2024", "apprentices_hired", "4.5", "count", "survey", "", "9", "x"]]
    assert only(problems_of(_again(make_data_dir, bad, added))).column == "value"


def _again(make_data_dir: MakeDir, rows: list[list[str]], added: list[list[str]]) -> Path:
    directory = make_data_dir(name="again")
    write_csv(directory / "partnership_outcomes.csv", [HEADER, *rows])
    write_csv(directory / "outcome_measures.csv", [["measure", "label", "unit"], *added])
    return directory


def test_a_measure_file_may_not_redefine_a_built_in_one_or_use_an_unknown_unit(make_data_dir: MakeDir) -> None:
    directory = make_data_dir()
    write_csv(
        directory / "outcome_measures.csv",
        [["measure", "label", "unit"], ["jobs_created", "Jobs", "count"], ["visits", "Visits", "hours"]],
    )
    problems = problems_of(directory)
    assert sorted((p.file, p.row, p.column) for p in problems) == [
        ("outcome_measures.csv", 2, "measure"),
        ("outcome_measures.csv", 3, "unit"),
    ]


def test_the_default_holds_smiacs_published_results_and_nothing_else() -> None:
    """Read from the CSV and the source text, not from the app: four values, all SMIAC's, all undated, each
    value a number the lessons-learned brief prints."""
    with (DEFAULT_DATA_DIR / "partnership_outcomes.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["partnership_id"] for r in rows} == {"smiac"}
    assert {r["year"] for r in rows} == {"undated"}
    source = (DEFAULT_DATA_DIR / "sources/cwdc-lessons-learned-whats-working.txt").read_text(encoding="utf-8")
    for row in rows:
        assert row["source"] == "sources/cwdc-lessons-learned-whats-working.txt"
        shown = {"30": "30%", "90": "90%", "8000": "$8,000", "100": "$100"}[row["value"]]
        assert shown in source
    dataset = load_dataset(DEFAULT_DATA_DIR)
    assert not dataset.partnership_outcomes_are_sample
    reported = comparison(dataset, Selection(), "acceptable_product_rate")
    assert [(r.name, r.value, r.when, r.earlier_value, r.earlier_when) for r in reported] == [
        ("Sustainable Manufacturing Industry Alliance of Colorado (SMIAC)", 90.0, "after", 30.0, "before")
    ]
    # SMIAC is not active: the completeness matrix (active partnerships) has no outcome in it.
    table = completeness(dataset, Selection())
    assert (table == "").all().all()
    assert completeness_sentence(table, measures(dataset), "").startswith(
        f"None of the {len(table)} active partnerships has recorded an outcome yet."
    )


def test_the_fixture_is_what_the_comparison_shows(tmp_path: Path) -> None:
    """Each partnership's latest value, counted from the fixture CSV by hand."""
    from scripts.generate_sample_outcomes import fixture_directory

    dataset = load_dataset(fixture_directory(tmp_path / "fx"))
    assert dataset.partnership_outcomes_are_sample
    with FIXTURE.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["measure"] == "jobs_created"]
    latest: dict[str, tuple[int, float]] = {}
    for row in rows:
        year, value = int(row["year"]), float(row["value"])
        if row["partnership_id"] not in latest or year > latest[row["partnership_id"]][0]:
            latest[row["partnership_id"]] = (year, value)
    reported = comparison(dataset, Selection(), "jobs_created")
    assert {r.partnership_id: (int(r.when), r.value) for r in reported} == latest
    assert [r.value for r in reported] == sorted((v for _, v in latest.values()), reverse=True)


# --------------------------------------------------------------------------------------------
# The sentences, against an oracle written here


JOBS = Measure("jobs_created", "Jobs created", "count")
NAMES = [f"P{i}" for i in range(8)]


@st.composite
def reports(draw: st.DrawFn) -> tuple[list[Reported], int]:
    count = draw(st.integers(0, 6))
    names = draw(st.permutations(NAMES))[:count]
    found = []
    for name in names:
        value = float(draw(st.integers(0, 3)))  # a few values: ties are common
        earlier = draw(st.none() | st.integers(0, 3).map(float))
        found.append(
            Reported(
                partnership_id=name.lower(),
                name=name,
                value=value,
                when="2024",
                method=draw(st.sampled_from(["survey", "administrative records", "estimate"])),
                respondents=None,
                qualifier="",
                source="test",
                note="",
                earlier_value=earlier,
                earlier_when=None if earlier is None else "2023",
                earlier_qualifier="",
            )
        )
    found.sort(key=lambda r: (-r.value, r.name))
    in_scope = count + draw(st.integers(0, 3))
    return found, in_scope


@settings(max_examples=300, deadline=None)
@given(reports())
def test_the_comparison_sentence_says_what_the_values_say(case: tuple[list[Reported], int]) -> None:
    reported, scope = case
    sentence = comparison_sentence(reported, JOBS, " in Region 7", scope)
    if not reported:
        assert "jobs created" in sentence and ("None of the" in sentence or "No partnership" in sentence)
        assert str(scope) in sentence if scope else "is in the data" in sentence
        return
    # How many report it, of how many.
    if scope == 1:
        assert sentence.startswith("The one partnership in Region 7 reports jobs created.")
    elif len(reported) == scope:
        assert sentence.startswith(f"All {scope} partnerships in Region 7 report jobs created.")
    else:
        verb = "reports" if len(reported) == 1 else "report"
        assert sentence.startswith(f"{len(reported)} of the {scope} partnerships in Region 7 {verb} jobs created.")
    # Who is highest: every partnership at the top value is named there, and no other.
    top = max(r.value for r in reported)
    leaders = sorted(r.name for r in reported if r.value == top)
    second = sentence.split(". ")[1]
    if len(reported) == 1:
        assert second.startswith(f"{leaders[0]}: {top:.0f} (2024)")
    elif len(leaders) == len(reported):
        assert f"All {len(reported)} report the same latest value, {top:.0f}" in second
    else:
        named = re.findall(r"\bP\d\b", second.split(":")[-1])
        assert sorted(named) == leaders, sentence
        assert ("tied at" in second) == (len(leaders) > 1)
    # Rose, fell, stayed: counted here from the earlier values.
    with_earlier = [r for r in reported if r.earlier_value is not None]
    rose = sum(r.value > r.earlier_value for r in with_earlier if r.earlier_value is not None)
    fell = sum(r.value < r.earlier_value for r in with_earlier if r.earlier_value is not None)
    stayed = len(with_earlier) - rose - fell
    if not with_earlier:
        assert "rose" not in sentence and "fell" not in sentence and "stayed" not in sentence
    elif len(with_earlier) == 1:
        one = with_earlier[0]
        word = "rose from" if rose else "fell from" if fell else "stayed at"
        assert f"{one.name} {word}" in sentence
    else:
        said = sentence.split("with an earlier value, ")[1].split(".")[0]
        for number, word in ((rose, "rose"), (fell, "fell"), (stayed, "stayed the same")):
            if number == len(with_earlier):
                assert said == f"{'both' if number == 2 else 'all'} {word}"
            elif number:
                assert f"{number} {word}" in said
            else:
                assert word not in said
    # Methods that differ are said; one method is not.
    methods = {r.method for r in reported}
    assert ("compare with care" in sentence) == (len(methods) > 1)
    # Nothing is summed: no total appears.
    assert "total" not in sentence.lower()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(["", "2024", "undated"]), min_size=3, max_size=3), min_size=0, max_size=5),
)
def test_the_completeness_sentence_counts_the_matrix(cells: list[list[str]]) -> None:
    import pandas as pd

    chosen = list(MEASURES[:3])
    table = pd.DataFrame(cells, columns=[m.measure for m in chosen], index=[f"P{i}" for i in range(len(cells))])
    sentence = completeness_sentence(table, list(MEASURES[:4]), "")
    if not cells:
        assert sentence == "No active partnership is in the data."
        return
    reporting = sum(any(c for c in row) for row in cells)
    blank = sum(c == "" for row in cells for c in row)
    if reporting == 0:
        assert "recorded no outcome yet" in sentence or "has recorded an outcome yet" in sentence
    elif reporting == len(cells):
        assert sentence.startswith("All" if len(cells) > 1 else "The one active partnership")
    else:
        assert sentence.startswith(f"{reporting} of the {len(cells)} active partnerships report at least one outcome")
    if reporting:
        if blank:
            assert (
                f"{blank} cell{'s' if blank != 1 else ''} of the matrix {'is' if blank == 1 else 'are'} blank"
                in sentence
            )
        else:
            assert "none of the matrix is blank" in sentence
    # The fourth measure is in no column: no partnership reports it (said once any does report something).
    assert (f"No partnership reports {MEASURES[3].label.lower()}" in sentence) == (reporting > 0)


def test_the_outcomes_slide_png_and_pptx_name_the_measure_the_sources_and_the_sample(tmp_path: Path) -> None:
    import io

    from pptx import Presentation

    from dashboard.output.export import deck, slide_png
    from dashboard.output.slides import build_slide
    from scripts.generate_sample_outcomes import fixture_directory

    dataset = load_dataset(fixture_directory(tmp_path / "fx"))
    slide = build_slide(dataset, Selection.of([3], view="outcomes", measure="cost_savings"))
    with FIXTURE.open(encoding="utf-8") as handle:
        reporting = {r["partnership_id"] for r in csv.DictReader(handle) if r["measure"] == "cost_savings"}
    with (DEFAULT_DATA_DIR / "partnerships.csv").open(encoding="utf-8") as handle:
        in_region = {r["partnership_id"] for r in csv.DictReader(handle) if "3" in r["regions"].split(";")}
    assert slide.chart_title == "Partnership outcomes: cost savings"
    counted = len(reporting & in_region)
    assert slide.caption.startswith(
        f"{counted} of the {len(in_region)} partnerships in Region 3 · Denver Metro report cost savings."
    )
    assert slide.search == "?regions=3&view=outcomes&measure=cost_savings"
    # The chart alone is labelled as sample outcomes (not as sample membership); the slide says both.
    assert "SAMPLE DATA: partnership outcomes are generated" in slide.image_footer
    assert "membership" not in slide.image_footer
    assert "SAMPLE DATA: membership" in slide.footer and "partnership outcomes are generated" in slide.footer
    chart = slide.chart if isinstance(slide.chart, dict) else slide.chart.to_plotly_json()
    assert sum(len(trace["x"]) for trace in chart["data"] if trace["type"] == "bar") == counted
    assert slide_png(slide, 800, 450)[:8] == b"\x89PNG\r\n\x1a\n"
    page = Presentation(io.BytesIO(deck([slide], title="Sector Partnerships"))).slides[0]
    shapes = {shape.name: shape for shape in page.shapes}
    assert shapes["Title"].text_frame.text == slide.title
    assert "partnership outcomes are generated" in shapes["Footer"].text_frame.text
