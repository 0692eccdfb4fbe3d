"""A QCEW file too large for the drop zone (the whole-country single file): streamed to disk, reduced to
Colorado's rows, staged for its editor, then previewed and applied like any upload; what is refused leaves
nothing on disk and nothing in the store."""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from dashboard.data.files import dataset_from_files
from dashboard.store import large_upload
from dashboard.store.changes import review, submit
from dashboard.store.large_upload import LargeUploadError, discard, load_staged, receive
from dashboard.store.versions import Store

STATE: dict[str, Any] = {"state_fips": "08", "state": "Colorado"}


def single_file() -> tuple[bytes, int]:
    """A single file as BLS ships it: Colorado's rows (counties, 08000, 08999) among a neighbour's and the
    nation's, and how many of its rows are Colorado's, counted here with the csv module."""
    from scripts.generate_sample_qcew import COLUMNS, by_area, sample_rows

    rows = [row for rows in by_area(sample_rows()).values() for row in rows]
    others = []
    for area in ("56001", "56003", "US000", "C1974"):
        for row in rows[:300]:
            others.append({**row, "area_fips": area})
    mixed = others[:600] + rows + others[600:]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(mixed)
    content = out.getvalue().encode("utf-8")
    colorado = sum(1 for r in csv.DictReader(io.StringIO(content.decode())) if r["area_fips"].startswith("08"))
    return content, colorado


def send(staging: Path, name: str, content: bytes, *, editor: str = "maria", length: int | None = None) -> str:
    received = receive(
        io.BytesIO(content), name, len(content) if length is None else length, staging, editor=editor, **STATE
    )
    assert received.name == name and received.bytes == len(content)
    return received.token


def test_the_single_file_is_reduced_staged_applied_and_reverted(seeded: Store, tmp_path: Path) -> None:
    content, colorado = single_file()
    staging = tmp_path / "staged"
    token = send(staging, "2023.annual.singlefile.csv", content)
    # Only the state's rows are kept: what was received is gone from the disk.
    assert sorted(p.name for p in (staging / token).iterdir()) == ["0.csv", "staged.json"]
    uploaded = load_staged(staging, token, "maria")
    assert uploaded is not None and not uploaded.problems
    assert list(uploaded.files) == ["qcew/2023.annual.singlefile.csv"]
    kept = list(csv.DictReader(io.StringIO(uploaded.files["qcew/2023.annual.singlefile.csv"].decode())))
    assert len(kept) == colorado and all(r["area_fips"].startswith("08") for r in kept)
    total = content.count(b"\n") - 1
    assert uploaded.notes == [
        f"2023.annual.singlefile.csv: {total:,} rows read; the {colorado:,} for Colorado (area_fips 08…) kept, "
        f"{total - colorado:,} for areas outside Colorado skipped"
    ]
    # Each kept row names its row in the file as sent.
    sent = list(csv.DictReader(io.StringIO(content.decode())))  # row 2 of the file is sent[0]
    assert all(sent[int(r["source_row"]) - 2] == {k: v for k, v in r.items() if k != "source_row"} for r in kept)

    candidate, _ = review(seeded, 1, uploaded)
    assert candidate.ok and candidate.change is not None
    assert candidate.change.employment_notes == uploaded.notes
    files = candidate.change.employment_files
    assert files is not None and list(files["file"]) == ["qcew/2023.annual.singlefile.csv"]
    _, version = submit(seeded, uploaded, author="maria", note="the single file", expected_head=1)
    assert version == 2
    assert seeded.versions()[0].uploads == [
        {"file": "2023.annual.singlefile.csv", "bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}
    ]
    dataset = dataset_from_files(seeded.files(2), "v2")
    counties = dataset.employment[~dataset.employment["statewide"]]
    assert set(counties["county_fips"]) <= set(dataset.geography.counties["county_fips"])
    assert set(dataset.employment.loc[dataset.employment["statewide"], "county_fips"]) == {"08000"}
    discard(staging, token)
    assert not (staging / token).exists() and load_staged(staging, token, "maria") is None
    assert seeded.revert(1, author="maria", note="undo", expected_head=2) == 3
    assert not any(name.startswith("qcew/") for name in seeded.files(3))


def test_the_archive_is_read_entry_by_entry(seeded: Store, tmp_path: Path) -> None:
    content, _ = single_file()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("2023.annual.singlefile.csv", content)
    token = send(tmp_path, "2023_annual_singlefile.zip", archive.getvalue())
    uploaded = load_staged(tmp_path, token, "maria")
    assert uploaded is not None and not uploaded.problems, uploaded
    # An entry this small is kept as it is; its other areas' rows are skipped as it is read.
    assert uploaded.files == {"qcew/2023.annual.singlefile.csv": content}
    _, version = submit(seeded, uploaded, author="maria", note="zip", expected_head=1)
    assert version == 2
    employment = dataset_from_files(seeded.files(2), "v2").employment
    assert set(employment["county_fips"].str[:2]) == {"08"}


def test_a_file_with_no_row_for_the_state_is_staged_with_its_problem_and_applies_nothing(
    seeded: Store, tmp_path: Path
) -> None:
    content, _ = single_file()
    wyoming = b"\n".join(line for line in content.splitlines() if not line.startswith(b"08")) + b"\n"
    token = send(tmp_path, "wyoming.csv", wyoming)
    uploaded = load_staged(tmp_path, token, "maria")
    assert uploaded is not None
    assert [(p.file, p.column) for p in uploaded.problems] == [("wyoming.csv", "area_fips")]
    assert "has no row for Colorado (area_fips 08…)" in uploaded.problems[0].message
    before = seeded.content_hash()
    candidate, version = submit(seeded, uploaded, author="maria", note="", expected_head=1)
    assert version is None and seeded.content_hash() == before and candidate.problems


def test_a_staged_file_is_its_editors_and_lapses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content, _ = single_file()
    token = send(tmp_path, "single.csv", content)
    assert load_staged(tmp_path, token, "someone else") is None
    assert load_staged(tmp_path, "../" + token, "maria") is None and load_staged(tmp_path, "x", "maria") is None
    assert load_staged(tmp_path, token, "maria") is not None
    later = large_upload.time.time() + large_upload.STAGED_HOURS * 3600 + 1
    monkeypatch.setattr(large_upload.time, "time", lambda: later)
    assert load_staged(tmp_path, token, "maria") is None
    large_upload.sweep(tmp_path)
    assert list(tmp_path.iterdir()) == []


def refused(staging: Path, name: str, content: bytes, **kwargs: object) -> LargeUploadError:
    with pytest.raises(LargeUploadError) as caught:
        receive(io.BytesIO(content), name, kwargs.pop("length", len(content)), staging,  # type: ignore[arg-type]
                editor="maria", **STATE, **kwargs)  # type: ignore[arg-type]  # fmt: skip
    assert not staging.exists() or list(staging.iterdir()) == [], "a refused upload left files behind"
    return caught.value


def test_what_is_refused_says_why_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    staging = tmp_path / "staged"
    error = refused(staging, "members.xlsx", b"PK")
    assert error.status == 415 and "'members.xlsx' is not a CSV or ZIP file" in error.message
    error = refused(staging, "single.csv", b"a,b\n", length=None)
    assert error.status == 411
    monkeypatch.setattr(large_upload, "LARGE_UPLOAD_BYTES", 10)
    error = refused(staging, "single.csv", b"x" * 11)
    assert error.status == 413 and error.message == "single.csv is 11 bytes; the limit for one large file is 10"
    monkeypatch.undo()
    error = refused(staging, "single.csv", b"x" * 100, free_bytes=lambda _path: large_upload.DISK_MARGIN + 50)
    assert error.status == 507 and "too little to receive single.csv (100 bytes)" in error.message
    # The connection dropped: fewer bytes than announced.
    error = refused(staging, "single.csv", b"x" * 100, length=1000)
    assert error.status == 400 and error.message.startswith("single.csv stopped after 100 of 1,000 bytes")
    error = refused(staging, "single.csv", b"x" * 100, length=10)
    assert error.status == 400 and "longer than the request said" in error.message


def test_a_disk_that_fills_up_while_receiving_is_said_and_nothing_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class FillsUp(io.BytesIO):
        """A file on a disk with room for 20 bytes."""

        def write(self, data: bytes) -> int:  # type: ignore[override]
            if self.tell() + len(data) > 20:
                raise OSError(errno.ENOSPC, "No space left on device")
            return super().write(data)

    opened = Path.open

    def open_on_a_small_disk(path: Path, mode: str = "r", *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        return FillsUp() if mode == "wb" else opened(path, mode, *args, **kwargs)  # type: ignore[call-overload]

    staging = tmp_path / "staged"
    monkeypatch.setattr(large_upload, "CHUNK_BYTES", 10)
    monkeypatch.setattr(Path, "open", open_on_a_small_disk)
    with pytest.raises(LargeUploadError) as caught:
        receive(io.BytesIO(b"x" * 100), "single.csv", 100, staging, editor="maria", **STATE)
    monkeypatch.undo()
    assert caught.value.status == 507
    assert caught.value.message.startswith("the server's disk filled up while receiving single.csv")
    assert list(staging.iterdir()) == []
