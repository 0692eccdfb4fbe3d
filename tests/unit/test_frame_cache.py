"""The local Parquet copy of a version: the same dataset as parsing, and never trusted when unreadable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dashboard.analysis.metrics import headline, region_values
from dashboard.analysis.state import Selection
from dashboard.data.config import Settings
from dashboard.data.dataset import Dataset
from dashboard.store import frame_cache, loading


def frames_equal(a: Dataset, b: Dataset) -> None:
    for name in frame_cache.FRAMES:
        left, right = getattr(a, name).reset_index(drop=True), getattr(b, name).reset_index(drop=True)
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
