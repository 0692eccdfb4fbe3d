"""A parsed copy of each data version on local disk (Parquet), so a restart skips validation.

Validating a million membership rows takes about 6 s; reading the typed frames back from Parquet
takes a fraction of that. A cache entry is keyed by the version's file checksums and this
module's format number, so it can only ever describe exactly the bytes that were validated.
Anything unreadable is ignored (and the version is parsed as usual).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

FORMAT = "2"
FRAMES = ("partnerships", "members", "outcomes", "reported", "sources")


def cache_key(checksums: Mapping[str, str]) -> str:
    text = FORMAT + ";" + ";".join(f"{name}={digest}" for name, digest in sorted(checksums.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


Frames = dict[str, pd.DataFrame]


def load(folder: Path, key: str) -> tuple[Frames, dict[str, object]] | None:
    """The typed frames and their metadata (version hash, sample notes), or None."""
    entry = folder / key
    try:
        meta: dict[str, object] = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
        frames = {name: pd.read_parquet(entry / f"{name}.parquet") for name in FRAMES}
    except (OSError, ValueError, KeyError):
        shutil.rmtree(entry, ignore_errors=True)  # unreadable: drop it, so the next save rewrites it
        return None
    # Parquet gives list cells back as arrays; the rest of the code reads lists of ints.
    frames["partnerships"]["regions"] = frames["partnerships"]["regions"].map(lambda rs: [int(r) for r in rs])
    frames["partnerships"]["inferred"] = frames["partnerships"]["inferred"].map(lambda ws: [str(w) for w in ws])
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
        for name in FRAMES:
            frames[name].to_parquet(scratch / f"{name}.parquet", index=False)
        (scratch / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        os.replace(scratch, target)
    except OSError:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
