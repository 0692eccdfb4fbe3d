"""Partnership outcomes through the store, on SQLite and PostgreSQL: a bad file is refused with its rows named
and nothing stored; a good one is a version whose change lists what it adds; a later file's removals are
listed; reverting takes the dataset back; a measure staff add is checked with the outcomes that use it."""

from __future__ import annotations

import csv
import io

from dashboard.data.files import dataset_from_files
from dashboard.store.changes import submit
from dashboard.store.versions import Store

HEADER = ["partnership_id", "year", "measure", "value", "unit", "method", "point", "respondents", "source"]


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def test_outcomes_are_checked_versioned_listed_and_reverted(seeded: Store) -> None:
    before = seeded.content_hash()
    bad = csv_bytes(
        [
            HEADER,
            ["t-health", "2024", "jobs_created", "12", "count", "survey", "", "30", "partnership survey"],
            ["t-health", "2024", "retention_rate", "130", "percent", "survey", "", "30", "partnership survey"],
            ["t-helth", "2024", "jobs_created", "3", "count", "survey", "", "9", "partnership survey"],
        ]
    )
    candidate, version = submit(seeded, [("Q4 results.csv", bad)], author="maria", note="", expected_head=1)
    assert version is None and seeded.content_hash() == before
    assert sorted((p.row, p.column) for p in candidate.problems) == [(3, "value"), (4, "partnership_id")]
    assert all(str(p).startswith("Q4 results.csv (partnership_outcomes.csv), row") for p in candidate.problems)

    good = csv_bytes(
        [
            HEADER,
            ["t-health", "2023", "jobs_created", "9", "count", "survey", "", "25", "partnership survey"],
            ["t-health", "2024", "jobs_created", "12", "count", "survey", "", "30", "partnership survey"],
            ["t-make", "2024", "cost_savings", "40000", "dollars", "estimate", "", "", "convener's estimate"],
        ]
    )
    candidate, version = submit(seeded, [("Q4 results.csv", good)], author="maria", note="Q4", expected_head=1)
    assert version == 2, candidate.problems
    assert candidate.change is not None and candidate.change.files_changed == ["partnership_outcomes.csv"]
    added, removed = candidate.change.rows["partnership_outcomes.csv"]
    assert (
        sorted(added)
        == [
            "t-health · 2023 · jobs_created · 9",
            "t-health · 2024 · jobs_created · 12",
            "t-make · 2024 · cost_savings · 40000",
        ]
        and removed == []
    )
    table = dataset_from_files(seeded.files(2), "v2").table("partnership_outcomes")
    assert sorted(table["value"]) == [9.0, 12.0, 40000.0]

    fewer = csv_bytes([HEADER, ["t-health", "2024", "jobs_created", "12", "count", "survey", "", "30", "survey"]])
    candidate, version = submit(seeded, [("results.csv", fewer)], author="maria", note="", expected_head=2)
    assert version == 3 and candidate.change is not None
    added, removed = candidate.change.rows["partnership_outcomes.csv"]
    assert sorted(removed) == ["t-health · 2023 · jobs_created · 9", "t-make · 2024 · cost_savings · 40000"]

    assert seeded.revert(1, author="maria", note="undo", expected_head=3) == 4
    assert "partnership_outcomes.csv" not in seeded.files(4)
    assert dataset_from_files(seeded.files(4), "v4").table("partnership_outcomes").empty


def test_a_measure_staff_add_is_stored_and_the_outcomes_using_it_are_checked_against_it(seeded: Store) -> None:
    measures = csv_bytes([["measure", "label", "unit"], ["apprentices_hired", "Apprentices hired", "count"]])
    rows = csv_bytes([HEADER, ["t-make", "2024", "apprentices_hired", "4", "count", "survey", "", "6", "survey"]])
    # Without the measure, the outcome names a measure not in the list; with it, both are one version.
    candidate, version = submit(seeded, [("results.csv", rows)], author="maria", note="", expected_head=1)
    assert version is None and [(p.row, p.column) for p in candidate.problems] == [(2, "measure")]
    candidate, version = submit(
        seeded, [("measures.csv", measures), ("results.csv", rows)], author="maria", note="", expected_head=1
    )
    assert version == 2, candidate.problems
    dataset = dataset_from_files(seeded.files(2), "v2")
    assert list(dataset.table("outcome_measures")["measure"]) == ["apprentices_hired"]
    assert list(dataset.table("partnership_outcomes")["measure"]) == ["apprentices_hired"]
