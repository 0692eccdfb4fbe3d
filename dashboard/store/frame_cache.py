"""A parsed copy of each data version on local disk (Parquet), so a restart skips validation.

Validating a million membership rows takes about 6 s; reading the typed frames back from Parquet
takes a fraction of that. A cache entry is keyed by the version's file checksums and this
module's format number, so it can only ever describe exactly the bytes that were validated.
It is not trusted beyond that: its metadata names the key, and each Parquet file's SHA-256 and
row count, and any mismatch (a file truncated, replaced or missing a column) or anything
unreadable drops the entry, so the version is parsed and validated again and the entry
rewritten. At most MAX_ENTRIES entries are kept; the least recently used go first.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.data import registry

log = logging.getLogger(__name__)
FORMAT = "5"
MAX_ENTRIES = 6
EMPLOYMENT_FRAMES = ("employment", "employment_files", "crosswalk")


def frame_names() -> tuple[str, ...]:
    """What an entry holds: each registry dataset's typed frame, and employment's."""
    return (*(t.attribute for t in registry.tables()), *EMPLOYMENT_FRAMES)


def cache_key(checksums: Mapping[str, str]) -> str:
    # The frames held are part of the key: a dataset declared since makes a new entry, not a short one.
    text = FORMAT + ";" + ",".join(frame_names()) + ";"
    text += ";".join(f"{name}={digest}" for name, digest in sorted(checksums.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


Frames = dict[str, pd.DataFrame]


def load(folder: Path, key: str) -> tuple[Frames, dict[str, object]] | None:
    """The typed frames and their metadata (version hash, sample notes), or None."""
    entry = folder / key
    if not entry.is_dir():
        return None
    try:
        meta: dict[str, Any] = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
        if meta.get("key") != key:
            raise ValueError("the entry describes another version")
        frames = {}
        for name in frame_names():
            content = (entry / f"{name}.parquet").read_bytes()
            expected = meta["files"][name]
            if hashlib.sha256(content).hexdigest() != expected["sha256"]:
                raise ValueError(f"{name}.parquet is not the file that was written")
            frames[name] = pd.read_parquet(io.BytesIO(content))
            if len(frames[name]) != expected["rows"]:
                raise ValueError(f"{name}.parquet has {len(frames[name])} rows, not {expected['rows']}")
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("cache entry %s dropped (%s); the version is parsed again", key, error)
        shutil.rmtree(entry, ignore_errors=True)  # so the next save rewrites it
        return None
    os.utime(entry)  # recently used: pruned last
    # Parquet gives list cells back as arrays; the rest of the code reads lists (of ints, of words).
    for table in registry.tables():
        for column, kind in table.lists:
            frame = frames[table.attribute]
            frame[column] = frame[column].map(lambda items, kind=kind: [kind(i) for i in items])
    frames["crosswalk"]["codes"] = frames["crosswalk"]["codes"].map(lambda cs: tuple(str(c) for c in cs))
    return frames, meta


def save(folder: Path, key: str, frames: Frames, meta: dict[str, object]) -> None:
    """Write the entry atomically (a temporary folder renamed into place); a failure only means no cache."""
    target = folder / key
    if target.exists():
        return
    scratch: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=folder))
        files: dict[str, dict[str, object]] = {}
        for name in frame_names():
            path = scratch / f"{name}.parquet"
            frames[name].to_parquet(path, index=False)
            files[name] = {"sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "rows": len(frames[name])}
        (scratch / "meta.json").write_text(json.dumps({**meta, "key": key, "files": files}), encoding="utf-8")
        os.replace(scratch, target)
        prune(folder)
    except OSError as error:
        log.warning("cache entry %s not written (%s)", key, error)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def prune(folder: Path, keep: int = MAX_ENTRIES) -> None:
    """Keep the `keep` most recently used entries (and drop leftovers of interrupted writes)."""
    entries = sorted((p for p in folder.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    abandoned = time.time() - 600  # a write in progress in another process is seconds old
    stale = [p for p in entries if p.name.startswith(".") and p.stat().st_mtime < abandoned]
    stale += [p for p in entries if not p.name.startswith(".")][keep:]
    for entry in stale:
        shutil.rmtree(entry, ignore_errors=True)
