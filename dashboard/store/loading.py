"""The dataset the page shows: the store's latest version, parsed once per version and process.

Nothing is read at import time. On first use an empty store is filled from the data directory,
after that directory has been validated. :func:`get_dataset` keeps the dataset of the latest
version and looks for a newer one every few seconds, so an applied upload reaches every worker.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from pathlib import Path

from dashboard.analysis.priority import region_industries
from dashboard.data.caching import Cached, Memo, lru, ttl
from dashboard.data.config import Settings
from dashboard.data.contract import DataContractError
from dashboard.data.dataset import Dataset
from dashboard.data.files import dataset_from_files, directory_files, geography_of, load_dataset
from dashboard.data.geography import REGION_CROSSWALK, Geography, load_geography, scheme_fingerprint
from dashboard.data.membership import membership_index
from dashboard.store import frame_cache
from dashboard.store.versions import STORE_FAILURES, Store, default_url

log = logging.getLogger(__name__)
HEAD_CHECK_SECONDS = 2.0  # how stale a worker's idea of the latest version may be
DATASETS_KEPT = 4  # versions kept parsed per process: the latest, and a few being compared
_stores: Cached[str, Store] = lru(8)
_heads: Cached[str, int] = ttl(16, HEAD_CHECK_SECONDS)
_last_heads: Cached[str, int] = lru(16)  # the last head read per store: what viewers see while it is down
_validated: Cached[tuple[str, int], Dataset] = lru(4)  # first-run validation, handed to the first request
_datasets: Cached[tuple[str, int, str, Path], Dataset] = lru(DATASETS_KEPT)
_init_lock = threading.Lock()


def store_url(settings: Settings) -> str:
    return settings.database_url or default_url(settings.instance)


def get_store(url: str) -> Store:
    """One Store (one connection pool) per URL and process."""
    return _stores.get(url, lambda: Store(url))


def current_store(settings: Settings | None = None) -> Store:
    return get_store(store_url(settings or Settings.from_env()))


def head_version(store: Store, data_dir: Path, *, fresh: bool = False) -> int:
    """The latest version, checked at most every HEAD_CHECK_SECONDS (or now, if `fresh`).

    An empty store is filled from `data_dir` first, after validating it (a DataContractError
    leaves the store empty)."""
    if fresh:
        head = _read_head(store, data_dir)
        _heads.put(store.url, head)
        return head
    return _heads.get(store.url, lambda: _read_head(store, data_dir))


def _read_head(store: Store, data_dir: Path) -> int:
    try:
        head = store.head()
    except STORE_FAILURES as error:
        last = _last_heads.peek(store.url)
        if last is None:
            raise
        log.warning("the data store cannot be read (%s); still showing v%s", error, last)
        return last
    if head is None:
        with _init_lock:
            head = store.head()  # another thread may have filled it meanwhile
            if head is None:
                validated = load_dataset(data_dir)  # validate before anything is stored
                head = store.initialise(directory_files(data_dir.resolve()), source=str(data_dir))
                _validated.put((store.url, head), validated)  # so the first request does not parse it again
    _last_heads.put(store.url, head)
    return head


def _cached_dataset(url: str, version_id: int, where: str, cache_folder: Path) -> Dataset:
    """A version's dataset, parsed once per process however many threads ask for it together."""
    return _datasets.get(
        (url, version_id, where, cache_folder), lambda: _load_version(url, version_id, where, cache_folder)
    )


def _load_version(url: str, version_id: int, where: str, cache_folder: Path) -> Dataset:
    """A version's dataset: handed over after first-run validation, read from the local Parquet
    cache of that exact content, or parsed and validated from the stored files (then cached)."""
    store = get_store(url)
    # The scheme in force is part of the key: a store read under another state's scheme is validated again
    # (and refused by row and column), never served from frames checked against the first one.
    key = frame_cache.cache_key({**store.checksums(version_id), "region scheme": scheme_fingerprint()})
    label = f"v{version_id}"
    dataset = _validated.pop((url, version_id))
    if dataset is None:
        cached = frame_cache.load(cache_folder, key)
        if cached is not None:
            frames, meta = cached
            notes = meta.get("sample_notes", {})
            employment = {name: frames.pop(name) for name in frame_cache.EMPLOYMENT_FRAMES}
            return Dataset.of(
                frames,
                **employment,
                geography=version_geography(store, version_id, where),
                directory=where,
                version=f"{label} ({meta.get('version', '')})",
                sample_notes={str(k): str(v) for k, v in notes.items()} if isinstance(notes, dict) else {},
            )
        try:
            dataset = dataset_from_files(store.files(version_id), where)
        except DataContractError as error:
            raise _stored_refusal(error, label, where) from error
    frames = {name: dataset.table(name) for name in frame_cache.frame_names()}
    frame_cache.save(cache_folder, key, frames, {"version": dataset.version, "sample_notes": dataset.sample_notes})
    return dataclasses.replace(dataset, version=f"{label} ({dataset.version})", memo=Memo())


def _stored_refusal(error: DataContractError, label: str, where: str) -> DataContractError:
    """A stored version that does not meet the contract under the scheme in force: almost always a store
    filled under another state's scheme (its counties and regions are not this one's)."""
    geography = load_geography()
    hint = (
        f"The store's {label} was checked against {geography.state_name}'s {len(geography.regions)} "
        f"{geography.scheme.regions_title}. If the store was filled under another region scheme, give "
        f"{geography.state_name}'s its own store (DASHBOARD_INSTANCE_DIR=instance/<name>, as make run "
        "SCHEME=<name> does), so that each state keeps its versions."
    )
    return DataContractError(f"the store's {label} (seeded from {where})", error.problems, [*error.hints, hint])


def version_geography(store: Store, version_id: int, where: str) -> Geography:
    """The region scheme a stored version is read against: the scheme in force, regrouped by the version's own
    county_regions.csv when it has one."""
    own = store.file(version_id, REGION_CROSSWALK)
    return geography_of({} if own is None else {REGION_CROSSWALK: own}, where)


def version_dataset(store: Store, version_id: int, settings: Settings | None = None) -> Dataset:
    """Any version's dataset, parsed once per process (and kept on disk) like the latest one."""
    settings = settings or Settings.from_env()
    return _cached_dataset(store.url, version_id, str(settings.data_dir), settings.instance / "cache")


def get_dataset(settings: Settings | None = None) -> Dataset:
    """The dataset of the store's latest version."""
    settings = settings or Settings.from_env()
    store = get_store(store_url(settings))
    head = head_version(store, settings.data_dir)
    return _cached_dataset(store.url, head, str(settings.data_dir), settings.instance / "cache")


def reset_caches() -> None:
    """Forget cached stores, heads and datasets (tests switch data directories)."""
    for cache in (_datasets, _stores, _heads, _validated, _last_heads):
        cache.clear()


def after_fork() -> None:
    """In a forked worker: open new database connections rather than share the parent's.

    The loaded datasets are kept (that is what preloading is for); only connection pools reset.
    """
    for url in _stores:
        get_store(url).engine.dispose(close=False)


def warm(dataset: Dataset) -> None:
    """Build what every view reads, once, before serving (under gunicorn, before the workers fork):
    the membership index and the priority-gap table (QCEW)."""
    membership_index(dataset)
    region_industries(dataset)
