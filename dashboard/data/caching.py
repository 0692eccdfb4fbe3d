"""Every in-process cache of the app, on one library and one pattern.

A :class:`Cached` is a bounded cachetools cache (LRU or TTL) behind a lock, safe for gunicorn's
threads, that computes each missing value once: threads asking for the same key together wait for
the first one's result instead of computing it again (so a new data version is parsed once per
process). The lock is not held while computing, so a value may be computed from other cached ones.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

import cachetools

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Cached(Generic[K, V]):
    def __init__(self, cache: cachetools.Cache[K, V]) -> None:
        self._cache = cache
        self._lock = threading.Lock()
        self._computing: dict[K, threading.Lock] = {}

    def get(self, key: K, compute: Callable[[], V]) -> V:
        """The value for `key`, computing it (once, whoever else asks meanwhile) if it is missing."""
        with self._lock:
            try:
                return self._cache[key]
            except KeyError:
                gate = self._computing.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                try:
                    return self._cache[key]  # computed by the thread this one waited for
                except KeyError:
                    pass
            try:
                value = compute()
                with self._lock:
                    self._cache[key] = value
            finally:
                with self._lock:
                    self._computing.pop(key, None)
        return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._cache[key] = value

    def peek(self, key: K) -> V | None:
        """The value if it is there, without computing it."""
        with self._lock:
            return self._cache.get(key)

    def pop(self, key: K) -> V | None:
        with self._lock:
            return self._cache.pop(key, None)

    def keys(self) -> list[K]:
        with self._lock:
            return list(self._cache.keys())

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._cache

    def __len__(self) -> int:
        with self._lock:
            return len(self._cache)

    def __iter__(self) -> Iterator[K]:
        return iter(self.keys())


def lru(maxsize: int) -> Cached[K, V]:
    """Keeps the `maxsize` most recently used values."""
    return Cached(cachetools.LRUCache(maxsize=maxsize))


def ttl(maxsize: int, seconds: float) -> Cached[K, V]:
    """Keeps each value for `seconds`, then computes it again."""
    return Cached(cachetools.TTLCache(maxsize=maxsize, ttl=seconds))


MEMO_LIMIT = 2000  # results kept per dataset; any combination of regions is a key, so bound them


class Memo:
    """What has been computed from one dataset (a dataset never changes, so a result stays right;
    a new version starts with an empty memo). Results are kept up to `limit`, least recently used
    first out; pinned values (the membership index everything else is counted on) are never evicted."""

    def __init__(self, limit: int = MEMO_LIMIT) -> None:
        self.results: Cached[Hashable, object] = lru(limit)
        self.pinned: Cached[Hashable, object] = Cached(cachetools.Cache(maxsize=16))

    def __len__(self) -> int:
        return len(self.results) + len(self.pinned)

    def __contains__(self, key: object) -> bool:
        return key in self.results or key in self.pinned
