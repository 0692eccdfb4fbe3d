"""A data directory: its files as bytes, its sample-data manifest, and the Dataset they make."""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dashboard.data import registry
from dashboard.data.caching import Memo
from dashboard.data.contract import MANIFEST, DataContractError, Problem
from dashboard.data.dataset import Dataset
from dashboard.data.geography import REGION_CROSSWALK, Geography, load_geography, regrouped
from dashboard.data.parse import parse_files
from dashboard.data.qcew import CROSSWALK, QCEW_PREFIX, is_qcew, sample_notes_for
from dashboard.data.qcew_files import DIRECTORY_ZIP, read_large_csv, read_zip

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------
# Loading a directory


def _read_manifest(directory: Path) -> dict[str, str]:
    path = directory / MANIFEST
    return sample_notes_of(path.read_bytes(), str(directory)) if path.exists() else {}


def sample_notes_of(manifest: bytes, where: str) -> dict[str, str]:
    """The manifest's {file: how it was generated} for files that are sample data."""
    try:
        parsed: dict[str, Any] = json.loads(manifest.decode("utf-8"))
        notes = parsed.get("sample", {})
        return {str(k): str(v) for k, v in notes.items()}
    except (ValueError, AttributeError) as error:
        raise DataContractError(where, [Problem(MANIFEST, None, None, f"is not valid JSON: {error}")]) from None


def read_directory(directory: Path) -> dict[str, bytes]:
    missing = [t for t in registry.tables() if t.must_have and not (directory / t.file).is_file()]
    if missing:
        problems = [
            Problem(t.file, None, None, f"file is missing; expected columns: {', '.join(t.required)}") for t in missing
        ]
        raise DataContractError(str(directory), problems)
    files = {name: (directory / name).read_bytes() for name in registry.must_have()}
    for name in (*(t.file for t in registry.tables() if not t.must_have), CROSSWALK, REGION_CROSSWALK):
        if (directory / name).is_file():
            files[name] = (directory / name).read_bytes()
    files.update(_qcew_files(directory))
    return files


def _qcew_files(directory: Path) -> dict[str, bytes]:
    """Employment from QCEW (optional): every CSV and ZIP in qcew/, as downloaded from BLS. What is
    skipped unread or reduced to the state's rows is logged (a warning, so it shows); a file that cannot be
    read is refused."""
    folder = directory / QCEW_PREFIX
    if not folder.is_dir():
        return {}
    geography = load_geography()
    state_fips, state = geography.state_fips, geography.state_name
    intakes = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        label = QCEW_PREFIX + path.name
        if path.suffix.lower() == ".csv":
            intakes.append(read_large_csv(label, path, state_fips, state))
        elif path.suffix.lower() == ".zip":
            intakes.append(read_zip(label, path, state_fips, state, DIRECTORY_ZIP))
    problems = [p for intake in intakes for p in intake.problems]
    files: dict[str, bytes] = {}
    for intake in intakes:
        for name, content in intake.files.items():
            if name in files:
                problems.append(Problem(intake.sources[name], None, None, f"is a second {name}: keep one of them"))
            files[name] = content
        for note in intake.notes:
            # Said at the level a server shows without configuration: what was skipped is worth knowing.
            log.warning("%s", note)
    if problems:
        raise DataContractError(str(directory), problems)
    return files


def load_dataset(directory: Path) -> Dataset:
    """Read and validate a data directory. Raises DataContractError naming every problem."""
    directory = directory.resolve()
    files = read_directory(directory)
    notes = _read_manifest(directory) | sample_notes_for(list(files))
    geography = geography_of(files, str(directory))
    data = {name: content for name, content in files.items() if name != REGION_CROSSWALK}
    return parse_files(data, str(directory), geography, notes)


def geography_of(files: Mapping[str, bytes], where: str) -> Geography:
    """The region scheme a set of files is read against: the scheme in force, with its counties grouped as
    the files' own county_regions.csv groups them when they carry one (a version that regrouped them)."""
    base = load_geography()
    return regrouped(base, files[REGION_CROSSWALK], where) if REGION_CROSSWALK in files else base


def directory_files(directory: Path) -> dict[str, bytes]:
    """The four files (and the source index, crosswalk, QCEW files and manifest, if any) of a data
    directory, as bytes."""
    files = read_directory(directory)
    if (directory / MANIFEST).exists():
        files[MANIFEST] = (directory / MANIFEST).read_bytes()
    return files


def dataset_from_files(files: Mapping[str, bytes], where: str, version: str | None = None) -> Dataset:
    notes = sample_notes_of(files[MANIFEST], where) if MANIFEST in files else {}
    notes |= sample_notes_for(list(files))
    data = {n: content for n, content in files.items() if registry.is_table(n) or n == CROSSWALK or is_qcew(n)}
    dataset = parse_files(data, where, geography_of(files, where), notes)
    if version is None:
        return dataset
    return dataclasses.replace(dataset, version=f"{version} ({dataset.version})", memo=Memo())
