"""Apply → version → revert, on SQLite and PostgreSQL; concurrent writers; nothing is ever lost."""

from __future__ import annotations

import threading

import pytest

from dashboard.data.files import dataset_from_files
from dashboard.store.changes import submit
from dashboard.store.versions import StaleVersionError, Store
from tests.conftest import TINY_PARTNERSHIPS


def csv_bytes(rows: list[list[str]]) -> bytes:
    return ("\n".join(",".join(row) for row in rows) + "\n").encode("utf-8")


def renamed(name: str) -> bytes:
    rows = [list(r) for r in TINY_PARTNERSHIPS]
    rows[1][1] = name
    return csv_bytes(rows)


def test_apply_then_revert_round_trip(seeded: Store) -> None:
    assert seeded.head() == 1
    original = seeded.files(1)
    candidate, version = submit(
        seeded, [("partnerships.csv", renamed("Test Valley Health Alliance"))], author="maria", note="rename",
        expected_head=1,
    )  # fmt: skip
    assert version == 2 and candidate.change is not None
    assert candidate.change.renamed == [("t-health", "Test Valley Health", "Test Valley Health Alliance")]
    assert candidate.change.files_changed == ["partnerships.csv"]
    applied = dataset_from_files(seeded.files(2), "v2")
    assert "Test Valley Health Alliance" in set(applied.partnerships["name"])
    # Only the uploaded file changed; the others are the same bytes.
    assert {n: c for n, c in seeded.files(2).items() if n != "partnerships.csv"} == {
        n: c for n, c in original.items() if n != "partnerships.csv"
    }

    reverted = seeded.revert(1, author="maria", note="undo", expected_head=2)
    assert reverted == 3 and seeded.files(3) == original
    history = seeded.versions()
    assert [(v.id, v.kind, v.author, v.parent_id, v.reverted_to) for v in history] == [
        (3, "revert", "maria", 2, 1),
        (2, "apply", "maria", 1, None),
        (1, "initial", "system", None, None),
    ]
    # Every version is still there, byte for byte, with its checksums.
    assert seeded.files(2) != original and seeded.files(1) == original
    assert history[1].checksums["partnerships.csv"] != history[2].checksums["partnerships.csv"]
    assert history[1].uploads[0]["file"] == "partnerships.csv"


def test_a_stale_change_is_refused_and_changes_nothing(seeded: Store) -> None:
    submit(seeded, [("partnerships.csv", renamed("First"))], author="a", note="", expected_head=1)
    before = seeded.content_hash()
    with pytest.raises(StaleVersionError, match="review the change again"):
        submit(seeded, [("partnerships.csv", renamed("Second"))], author="b", note="", expected_head=1)
    with pytest.raises(StaleVersionError):
        seeded.revert(1, author="b", note="", expected_head=1)
    assert seeded.content_hash() == before and seeded.head() == 2


def test_concurrent_applies_never_interleave_or_lose_a_version(seeded: Store) -> None:
    """Two editors, ten changes each, racing: every change lands once, in a single line of versions."""
    errors: list[BaseException] = []

    def editor(who: str) -> None:
        try:
            for i in range(10):
                while True:
                    head = seeded.head()
                    assert head is not None
                    try:
                        submit(seeded, [("partnerships.csv", renamed(f"{who} {i}"))], author=who, note=str(i),
                               expected_head=head)  # fmt: skip
                        break
                    except StaleVersionError:
                        continue  # someone else got there first: review again against the new head
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=editor, args=(who,)) for who in ("ana", "ben")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    history = list(reversed(seeded.versions()))
    assert len(history) == 21
    assert [v.parent_id for v in history[1:]] == [v.id for v in history[:-1]]  # one unbroken line
    landed = sorted((v.author, v.note) for v in history[1:])
    assert landed == sorted((who, str(i)) for who in ("ana", "ben") for i in range(10))
    for version in history[1:]:  # each version holds exactly the change its author made
        names = set(dataset_from_files(seeded.files(version.id), "v").partnerships["name"])
        assert f"{version.author} {version.note}" in names


def test_initialise_only_fills_an_empty_store(store: Store, make_data_dir) -> None:  # type: ignore[no-untyped-def]
    from dashboard.data.files import directory_files

    files = directory_files(make_data_dir())
    assert store.head() is None
    assert store.initialise(files, source="a") == 1
    before = store.content_hash()
    assert store.initialise(files, source="b") == 1
    assert store.content_hash() == before
