"""A QCEW file too large for the Data page's drop zone: BLS's whole-country single file (about 3.5 million
rows, 500-700 MB a year) or its annual archive.

The drop zone sends files inside a callback request, base64-encoded and held in memory, so it stops at
a few megabytes. A large file goes to its own route instead (``dashboard.server.web``), which streams the
request body to disk here, reduces it to the state's rows (``dashboard.data.qcew_files``, the same reader
as the data directory's), deletes what it received and keeps only the reduced rows, staged under a token.
The Data page then previews and applies the staged files like any upload: nothing is stored in a version
until the editor applies it. A staged upload belongs to the editor who sent it and lapses after
STAGED_HOURS.
"""

from __future__ import annotations

import errno
import hashlib
import json
import re
import secrets
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path, PurePath
from typing import IO

from dashboard.data.contract import Problem
from dashboard.data.qcew_files import DIRECTORY_ZIP, Intake, read_large_csv, read_zip, safe_file_name
from dashboard.store.upload import Uploaded

LARGE_UPLOAD_PATH = "/data/qcew/large"
"""The route that receives one large file as its request body (dashboard.server.web)."""
LARGE_UPLOAD_BYTES = 2 * 1024**3
"""The most one large upload may be, as sent (the whole-country single file is under 1 GB)."""
DISK_MARGIN = 256 * 1024**2
"""Free space left on the instance's disk after the file is written, or the upload is refused unread."""
STAGED_HOURS = 6
CHUNK_BYTES = 1024 * 1024
STAGING = "staged"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
_MANIFEST = "staged.json"


class LargeUploadError(Exception):
    """Why a large upload was not received, for the person who sent it, with the HTTP status to answer."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Received:
    token: str
    name: str
    bytes: int


def staging_dir(instance: Path) -> Path:
    return instance / STAGING


def receive(
    stream: IO[bytes],
    filename: str,
    length: int | None,
    staging: Path,
    *,
    editor: str,
    state_fips: str,
    state: str,
    free_bytes: Callable[[Path], int] = lambda path: shutil.disk_usage(path).free,
) -> Received:
    """Write `stream` (`length` bytes, as the request says) to disk, reduce it to the state's rows and stage
    them for `editor`. Raises LargeUploadError with what to do; nothing is left on disk then."""
    name = PurePath((filename or "").replace("\\", "/")).name[:200]
    suffix = PurePath(name).suffix.lower()
    if not name or suffix not in (".csv", ".zip"):
        raise LargeUploadError(
            f"'{name or '(no name)'}' is not a CSV or ZIP file: this is for BLS's QCEW files, the single file (CSV) "
            "or an archive of them (ZIP)",
            415,
        )
    if length is None:
        raise LargeUploadError("the request did not say how large the file is (Content-Length); send it again", 411)
    if length > LARGE_UPLOAD_BYTES:
        raise LargeUploadError(
            f"{name} is {length:,} bytes; the limit for one large file is {LARGE_UPLOAD_BYTES:,}", 413
        )
    staging.mkdir(parents=True, exist_ok=True)
    sweep(staging)
    free = free_bytes(staging)
    if free - length < DISK_MARGIN:
        raise LargeUploadError(
            f"the server has {free:,} bytes of disk free, too little to receive {name} ({length:,} bytes) and keep "
            f"{DISK_MARGIN:,} spare; nothing was received. Free space on the server's disk, then send it again",
            507,
        )
    token = secrets.token_urlsafe(16)
    folder = staging / token
    folder.mkdir()
    try:
        path = folder / safe_file_name(name)
        if suffix == ".zip":
            path = path.with_suffix(".zip")
        digest, count = _write(stream, path, name, length)
        intake = _reduce(name, path, state_fips, state)
        path.unlink()
        _stage(folder, editor, name, count, digest, intake)
    except LargeUploadError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    except OSError as error:
        shutil.rmtree(folder, ignore_errors=True)
        if error.errno == errno.ENOSPC:
            raise LargeUploadError(
                f"the server's disk filled up while receiving {name}; nothing was kept. Free space on the server's "
                "disk, then send it again",
                507,
            ) from error
        raise LargeUploadError(
            f"the server could not write {name} to its disk ({error.strerror or error}); nothing was kept", 500
        ) from error
    return Received(token, name, count)


def _write(stream: IO[bytes], path: Path, name: str, length: int) -> tuple[str, int]:
    digest = hashlib.sha256()
    count = 0
    with path.open("wb") as out:
        while True:
            chunk = stream.read(min(CHUNK_BYTES, length - count + 1))
            if not chunk:
                break
            count += len(chunk)
            if count > length:
                raise LargeUploadError(f"{name} was longer than the request said ({length:,} bytes)", 400)
            digest.update(chunk)
            out.write(chunk)
    if count < length:
        raise LargeUploadError(
            f"{name} stopped after {count:,} of {length:,} bytes (the connection was interrupted); send it again", 400
        )
    return digest.hexdigest(), count


def _reduce(name: str, path: Path, state_fips: str, state: str) -> Intake:
    """The state's rows of a received file: a CSV streamed through Arrow whatever its size (the data
    directory's reader), a ZIP read entry by entry."""
    if path.suffix == ".zip":
        return read_zip(name, path, state_fips, state, DIRECTORY_ZIP)
    return read_large_csv(name, path, state_fips, state, keep_whole=0)


def _stage(folder: Path, editor: str, name: str, count: int, digest: str, intake: Intake) -> None:
    stored = {}
    for number, (file, content) in enumerate(sorted(intake.files.items())):
        (folder / f"{number}.csv").write_bytes(content)
        stored[file] = f"{number}.csv"
    manifest = {
        "editor": editor,
        "created": time.time(),
        "name": name,
        "files": stored,
        "sources": intake.sources,
        "notes": intake.notes,
        "problems": [asdict(problem) for problem in intake.problems],
        "received": [{"file": name, "bytes": count, "sha256": digest}],
    }
    (folder / _MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def load_staged(staging: Path, token: str, editor: str) -> Uploaded | None:
    """What `editor` staged under `token`, as an upload to preview or apply; None when there is no such
    staged upload, it has lapsed, or another editor sent it."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    folder = staging / token
    try:
        manifest = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
        if manifest["editor"] != editor or _lapsed(manifest["created"]):
            return None
        files = {file: (folder / disk).read_bytes() for file, disk in manifest["files"].items()}
    except (OSError, ValueError, KeyError):
        return None
    return Uploaded(
        files=files,
        sources=dict(manifest["sources"]),
        problems=[Problem(**problem) for problem in manifest["problems"]],
        received=list(manifest["received"]),
        notes=list(manifest["notes"]),
    )


def discard(staging: Path, token: str) -> None:
    """Remove a staged upload (once it is applied)."""
    if _TOKEN.fullmatch(token or ""):
        shutil.rmtree(staging / token, ignore_errors=True)


def _lapsed(created: float) -> bool:
    return time.time() - created > STAGED_HOURS * 3600


def sweep(staging: Path) -> None:
    """Remove staged uploads that have lapsed, and what an interrupted upload left behind."""
    if not staging.is_dir():
        return
    for folder in staging.iterdir():
        if not folder.is_dir() or not _TOKEN.fullmatch(folder.name):
            continue
        try:
            created = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))["created"]
        except (OSError, ValueError, KeyError):
            # No manifest: being received now, or left by a stopped server. Its files tell how old it is.
            created = max((p.stat().st_mtime for p in folder.iterdir()), default=folder.stat().st_mtime)
        if _lapsed(created):
            shutil.rmtree(folder, ignore_errors=True)
