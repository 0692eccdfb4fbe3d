"""The local Parquet copy of a version: the same dataset as parsing, and never trusted when unreadable."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from dashboard.analysis.metrics import headline, region_values
from dashboard.analysis.state import Selection
from dashboard.data.config import Settings
from dashboard.data.dataset import Dataset
from dashboard.store import frame_cache, loading


def frames_equal(a: Dataset, b: Dataset) -> None:
    for name in frame_cache.frame_names():
        left, right = a.table(name).reset_index(drop=True), b.table(name).reset_index(drop=True)
        assert list(left.columns) == list(right.columns), name
        assert left.astype(str).equals(right.astype(str)), name
        assert [str(t) for t in left.dtypes] == [str(t) for t in right.dtypes], name


def test_a_restart_reads_the_cache_and_gets_the_same_dataset(
    use_data_dir: Callable[[Path], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.data.config import DEFAULT_DATA_DIR

    use_data_dir(DEFAULT_DATA_DIR)
    first = loading.get_dataset()  # validates data/, fills the store, writes the cache
    folder = Settings.from_env().instance / "cache"
    assert len(list(folder.iterdir())) == 1
    loading.reset_caches()
    calls: list[object] = []
    monkeypatch.setattr(loading, "dataset_from_files", lambda *a, **k: calls.append(a))  # must not be needed
    restarted = loading.get_dataset()
    assert calls == []
    frames_equal(first, restarted)
    assert restarted.version == first.version and restarted.sample_notes == first.sample_notes
    assert headline(restarted, Selection.of([7])) == headline(first, Selection.of([7]))
    assert region_values(restarted).equals(region_values(first))


@pytest.mark.faults
def test_an_unreadable_cache_entry_is_ignored(
    use_data_dir: Callable[[Path], None], make_data_dir: Callable[..., Path]
) -> None:
    use_data_dir(make_data_dir())
    first = loading.get_dataset()
    folder = Settings.from_env().instance / "cache"
    (entry,) = list(folder.iterdir())
    (entry / "members.parquet").write_bytes(b"not parquet")
    loading.reset_caches()
    again = loading.get_dataset()  # parsed from the store instead, and the entry written afresh
    frames_equal(first, again)
    assert frame_cache.load(folder, entry.name) is not None


@pytest.mark.faults
@pytest.mark.parametrize("tamper", ["truncated", "missing a column"])
def test_a_valid_but_altered_cache_file_is_rebuilt_not_served(
    use_data_dir: Callable[[Path], None], make_data_dir: Callable[..., Path], tamper: str
) -> None:
    """A Parquet file that reads fine but is not what was written (fewer rows, a column gone) is
    caught by its checksum and row count: the version is parsed again, never served short."""
    use_data_dir(make_data_dir())
    first = loading.get_dataset()
    folder = Settings.from_env().instance / "cache"
    (entry,) = list(folder.iterdir())
    members = pd.read_parquet(entry / "members.parquet")
    altered = members.head(2) if tamper == "truncated" else members.drop(columns=["county"])
    altered.to_parquet(entry / "members.parquet", index=False)
    loading.reset_caches()
    again = loading.get_dataset()
    assert len(again.members) == len(first.members) and "county" in again.members.columns
    frames_equal(first, again)
    assert frame_cache.load(folder, entry.name) is not None  # written afresh, and now it matches


def test_the_cache_keeps_a_bounded_number_of_versions(tmp_path: Path, tiny: Dataset) -> None:
    frames = {name: tiny.table(name) for name in frame_cache.frame_names()}
    for number in range(frame_cache.MAX_ENTRIES + 4):
        frame_cache.save(tmp_path, f"key{number:02d}", frames, {"version": str(number)})
        os.utime(tmp_path / f"key{number:02d}", (1_000_000 + number, 1_000_000 + number))
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert len(kept) == frame_cache.MAX_ENTRIES
    assert kept[-1] == f"key{frame_cache.MAX_ENTRIES + 3:02d}"  # the newest stay
