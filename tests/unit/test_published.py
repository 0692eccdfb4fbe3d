"""Published figures: dated or undated as their source is, cited by title, and set beside the data."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from dashboard.analysis.published import agrees, differences, published_figures, quote_advice, value_text
from dashboard.data.config import DEFAULT_DATA_DIR
from dashboard.data.contract import DataContractError
from dashboard.data.dataset import Dataset
from dashboard.data.files import load_dataset
from dashboard.data.sources import citation, date_phrase
from tests import expected
from tests.conftest import TINY_PARTNERSHIPS, write_csv

SEED_FILES = sorted((DEFAULT_DATA_DIR / "sources").glob("*.txt"))


def test_every_seed_page_is_in_the_source_index_and_only_the_blog_post_is_dated() -> None:
    with (DEFAULT_DATA_DIR / "sources" / "index.csv").open(encoding="utf-8") as handle:
        index = {row["source"]: row for row in csv.DictReader(handle)}
    assert set(index) == {f"sources/{p.name}" for p in SEED_FILES}
    dated = {s: row["date"] for s, row in index.items() if row["date"] != "undated"}
    assert dated == {"sources/cwdc-blog-2024-03-21.txt": "2024-03-21"}
    # The date is the one the page itself gives.
    assert (DEFAULT_DATA_DIR / "sources/cwdc-blog-2024-03-21.txt").read_text(encoding="utf-8").count("March 21, 2024")


def test_every_published_figure_is_on_its_source_page_and_dated_only_as_the_source_is(dataset: Dataset) -> None:
    for row in expected.rows(DEFAULT_DATA_DIR, "reported.csv"):
        page = " ".join((DEFAULT_DATA_DIR / row["source"]).read_text(encoding="utf-8").split())
        assert row["label"] in page, row["label"]  # the quote is verbatim (line breaks of the copy aside)
        source_date = {"sources/cwdc-blog-2024-03-21.txt": "2024-03-21"}.get(row["source"], "undated")
        assert row["as_of"] == source_date, row
    figures = published_figures(dataset)
    assert len(figures) == len(expected.rows(DEFAULT_DATA_DIR, "reported.csv"))
    assert all(f.when in ("undated", "21 March 2024") for f in figures)


def test_the_missing_figures_are_now_in_the_data(dataset: Dataset) -> None:
    shown = {f.as_published for f in published_figures(dataset)}
    assert {"3 partnerships", "over 75 partnerships", "about 12 states", "30%", "90%"} <= shown
    assert "as high as $8,000 per month per person" in shown and "only $100 for one worker" in shown


def test_each_difference_is_said_with_both_figures(dataset: Dataset) -> None:
    said = differences(dataset)
    assert len(said) == 4
    joined = " ".join(said)
    assert "Published: 25 partnerships (21 March 2024;" in joined and "This data counts 28 active" in joined
    assert "Published: all 14 regions (undated;" in joined and "none in Regions 10, 12 and 14" in joined
    assert "Published: 3 partnerships (undated;" in joined and "4 active technology partnerships" in joined
    assert "more than 450 (undated; Sector Partnerships) and more than 750 (undated;" in joined


def test_the_card_advises_quoting_the_published_figure_only_when_they_differ(dataset: Dataset) -> None:
    assert quote_advice(dataset, "active_partnerships", 28) == (
        "To quote a figure, quote the published 25; 28 is this data's own count."
    )
    assert quote_advice(dataset, "active_partnerships", 25) is None
    assert quote_advice(dataset, "no_such_metric", 3) is None


@pytest.mark.parametrize(
    ("qualifier", "published", "counted", "agreed"),
    [
        ("more than", 20, 28, True),
        ("over", 20, 20, False),
        ("all", 14, 11, False),
        ("all", 14, 14, True),
        ("", 3, 4, False),
        ("about", 12, 13, True),
        ("about", 12, 20, False),
    ],
)
def test_agreement_follows_the_sources_wording(qualifier: str, published: float, counted: int, agreed: bool) -> None:
    assert agrees(qualifier, published, counted) is agreed


def test_dates_and_values_in_words() -> None:
    assert date_phrase("2024-03-21") == "21 March 2024"
    assert date_phrase("2024-03") == "March 2024"
    assert date_phrase("2024", approximate=True) == "about 2024"
    assert date_phrase("undated") == "undated"
    assert date_phrase("2024-13-45") == "2024-13-45"  # not a calendar date: said as given, never guessed
    assert value_text(8000, "as high as", "dollars per month per person") == "as high as $8,000 per month per person"
    assert value_text(30, "", "percent") == "30%"
    assert value_text(750, "more than", "businesses") == "more than 750 businesses"


def test_a_source_without_an_index_entry_is_cited_as_written(tiny: Dataset) -> None:
    assert citation(tiny, "test") == "test"


def test_inferred_fields_are_read_and_a_wrong_word_is_named(make_data_dir: Callable[..., Path]) -> None:
    partnerships = [[*TINY_PARTNERSHIPS[0], "inferred"]] + [[*row, ""] for row in TINY_PARTNERSHIPS[1:]]
    partnerships[1][-1] = "Region; status"
    dataset = load_dataset(make_data_dir(partnerships=partnerships))
    assert dataset.partnerships.loc[0, "inferred"] == ["region", "status"]
    partnerships[2][-1] = "regions"
    with pytest.raises(DataContractError) as error:
        load_dataset(make_data_dir(partnerships=partnerships, name="bad"))
    assert str(error.value.problems[0]).startswith(
        "partnerships.csv, row 3, column 'inferred': 'regions' is not a list of what the row infers"
    )


def test_undated_figures_load_without_a_year_and_a_bad_source_index_is_refused(
    make_data_dir: Callable[..., Path],
) -> None:
    reported = [
        ["metric", "value", "as_of", "source"],
        ["businesses_engaged", "4", "Undated", "t"],
        ["x", "1", "", "t"],
    ]
    directory = make_data_dir(reported=reported)
    dataset = load_dataset(directory)
    assert dataset.reported["as_of"].tolist() == ["undated", "undated"]
    assert dataset.reported["year"].isna().all()
    (directory / "sources").mkdir()
    write_csv(directory / "sources" / "index.csv", [["source", "title", "date"], ["t", "", "last spring"]])
    with pytest.raises(DataContractError) as error:
        load_dataset(directory)
    messages = [str(p) for p in error.value.problems]
    assert messages == [
        f"sources/index.csv, row 2, column 'date': 'last spring' is not a date from 1990 to {date.today().year + 1} "
        "(YYYY, YYYY-MM or YYYY-MM-DD, a day that exists) or 'undated' (or blank) for a source that gives none",
        "sources/index.csv, row 2, column 'title': '' is empty; a value is required",
    ]


def test_no_membership_and_only_undated_figures_still_loads_and_counts(make_data_dir: Callable[..., Path]) -> None:
    from dashboard.analysis.metrics import headline, latest_year
    from dashboard.analysis.state import Selection

    members = [["partnership_id", "organization", "org_type", "joined_year"]]
    reported = [["metric", "value", "as_of", "source"], ["businesses_engaged", "4", "undated", "t"]]
    dataset = load_dataset(make_data_dir(members=members, reported=reported))
    assert latest_year(dataset) == 0  # no year anywhere: none is invented
    assert headline(dataset, Selection()).businesses == 0
