"""A proposed change to the data: what the upload would make, checked, and how it differs from now.

Pure: bytes and datasets in, a Candidate (problems, or the new files and a description of the
change) out. Applying it is the store's job; the callbacks only pass things along.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard.analysis.metrics import Headline, headline
from dashboard.analysis.priority import basis
from dashboard.analysis.state import Selection
from dashboard.analysis.text import join_words, plural
from dashboard.data import registry
from dashboard.data.contract import MANIFEST, MEMBERS, PARTNERSHIPS, DataContractError, Problem
from dashboard.data.dataset import Dataset
from dashboard.data.files import dataset_from_files, geography_of
from dashboard.data.geography import REGION_CROSSWALK, Geography
from dashboard.data.qcew import CROSSWALK, is_qcew
from dashboard.store.loading import version_dataset
from dashboard.store.upload import Uploaded, read_uploads
from dashboard.store.versions import Store

TRACKED = ("name", "industry", "regions", "status")


@dataclass
class Change:
    added: list[dict[str, str]] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # id, old name, new name
    changed: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, column, old, new
    members: list[tuple[str, int, int]] = field(default_factory=list)  # partnership, rows before, after
    rows: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    """Per dataset listed by its rows (registry Table.listed_by): the rows added and removed."""
    files_changed: list[str] = field(default_factory=list)
    employment_files: pd.DataFrame | None = None
    """What became of the rows of each QCEW file added or replaced (dashboard.data.qcew.REPORT_COLUMNS)."""
    employment_notes: list[str] = field(default_factory=list)
    """What was skipped unread in a ZIP, or reduced to the state's rows as it was read."""
    lq_base: str = ""
    """After the change, what the location quotients compare with (when there is employment)."""
    state: str = ""
    state_fips: str = ""
    regions: tuple[int, int] | None = None
    """The number of regions before and after, when the change regroups the counties."""
    counties_moved: list[tuple[str, str, str]] = field(default_factory=list)
    """Each county the change moves: its name, its region before and after ('Region 3 · Denver Metro')."""
    regions_renamed: list[tuple[int, str, str]] = field(default_factory=list)
    before: Headline | None = None
    after: Headline | None = None
    sample: bool = False
    """Either side holds generated sample data (its business counts are labelled as sample)."""

    @property
    def is_empty(self) -> bool:
        return not self.files_changed


@dataclass
class Candidate:
    problems: list[Problem]
    hints: list[str]
    files: dict[str, bytes]
    sources: dict[str, str]
    dataset: Dataset | None = None
    change: Change | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.dataset is not None


def prepare(current_files: Mapping[str, bytes], current: Dataset, uploaded: Uploaded) -> Candidate:
    """The current files with the uploaded ones in their place, validated as a whole."""
    if uploaded.problems:
        return Candidate(uploaded.problems, [], {}, uploaded.sources)
    files = dict(current_files)
    files.update(uploaded.files)
    if MANIFEST in files:
        # A file that is replaced by an upload is no longer the generated sample.
        manifest: dict[str, Any] = json.loads(files[MANIFEST].decode("utf-8"))
        sample = {k: v for k, v in manifest.get("sample", {}).items() if k not in uploaded.files}
        manifest["sample"] = sample
        files[MANIFEST] = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
    try:
        dataset = dataset_from_files(files, "the upload")
    except DataContractError as error:
        problems = [_located(p, uploaded.sources) for p in error.problems]
        hints = list(error.hints)
        if REGION_CROSSWALK in uploaded.files and PARTNERSHIPS not in uploaded.files:
            try:
                said = losing_their_region(current, geography_of(files, "the upload"))
            except DataContractError:  # the crosswalk itself is refused: its problems say why
                said = None
            hints += [said] if said else []
        return Candidate(problems, hints, files, uploaded.sources)
    emptied = [_located(p, uploaded.sources) for p in _emptied(current, dataset, uploaded)]
    if emptied:
        return Candidate(emptied, [], files, uploaded.sources)
    change = describe(current, dataset, current_files, files)
    change.employment_notes = list(uploaded.notes)
    return Candidate([], [], files, uploaded.sources, dataset, change)


def _emptied(current: Dataset, new: Dataset, uploaded: Uploaded) -> list[Problem]:
    """A file with a header and no rows would remove every row of its dataset: almost always the
    wrong file or sheet (a header-only export, a blank template). Refused, saying how many rows it
    would remove; to clear a dataset on purpose, an administrator edits the data directory."""
    problems = []
    for spec in registry.uploadable():
        before = len(current.table(spec.attribute))
        if spec.file in uploaded.files and before and not len(new.table(spec.attribute)):
            what = f"the only {spec.noun[0]}" if before == 1 else f"all {before:,} {spec.noun[1]}"
            problems.append(
                Problem(
                    spec.file,
                    None,
                    None,
                    f"has a header but no data rows: it would remove {what}. Nothing was changed; "
                    "send the file with the rows to keep",
                )
            )
    return problems


def _located(problem: Problem, sources: Mapping[str, str]) -> Problem:
    """Name the uploaded file (and sheet) a problem is in, not just the dataset."""
    where = sources.get(problem.file)
    if where is None or where == problem.file:
        return problem
    return Problem(f"{where} ({problem.file})", problem.row, problem.column, problem.message, value=problem.value)


def _regions(value: object) -> str:
    return ";".join(str(r) for r in value) if isinstance(value, list | tuple) else str(value)


def describe(old: Dataset, new: Dataset, old_files: Mapping[str, bytes], new_files: Mapping[str, bytes]) -> Change:
    change = Change(sample=old.is_sample or new.is_sample)
    # Changed means the content differs, not the bytes: a re-saved file with other line endings is no change.
    change.files_changed = [
        spec.file
        for spec in registry.uploadable()
        if old_files.get(spec.file) != new_files.get(spec.file)
        and old.table(spec.attribute).to_csv(index=False) != new.table(spec.attribute).to_csv(index=False)
    ]
    # QCEW files and the crosswalk: named when added, replaced or removed.
    optional = sorted(n for n in {*old_files, *new_files} if is_qcew(n) or n == CROSSWALK)
    change.files_changed += [n for n in optional if old_files.get(n) != new_files.get(n)]
    read = new.employment_files
    arrived = read[read["file"].isin(change.files_changed)]
    change.employment_files = arrived.reset_index(drop=True) if len(arrived) else None
    employment = basis(new)
    change.lq_base = employment.lq_phrase() if employment is not None else ""
    change.state, change.state_fips = new.geography.state_name, new.geography.state_fips
    if old_files.get(REGION_CROSSWALK) != new_files.get(REGION_CROSSWALK):
        _regrouping(change, old.geography, new.geography)
    before = old.partnerships.set_index("partnership_id")
    after = new.partnerships.set_index("partnership_id")
    for pid in after.index.difference(before.index):
        change.added.append(
            {"id": str(pid), "name": str(after.at[pid, "name"]), "industry": str(after.at[pid, "industry"])}
        )
    for pid in before.index.difference(after.index):
        change.removed.append(
            {"id": str(pid), "name": str(before.at[pid, "name"]), "industry": str(before.at[pid, "industry"])}
        )
    for pid in before.index.intersection(after.index):
        for column in TRACKED:
            old_value, new_value = before.at[pid, column], after.at[pid, column]
            if column == "regions":
                old_value, new_value = _regions(old_value), _regions(new_value)
            if str(old_value) != str(new_value):
                if column == "name":
                    change.renamed.append((str(pid), str(old_value), str(new_value)))
                else:
                    change.changed.append((str(pid), column, str(old_value), str(new_value)))
    if MEMBERS in change.files_changed:
        counts_before = old.members.groupby("partnership_id").size()
        counts_after = new.members.groupby("partnership_id").size()
        for pid in sorted(set(counts_before.index) | set(counts_after.index)):
            was, now = int(counts_before.get(pid, 0)), int(counts_after.get(pid, 0))
            if was != now:
                change.members.append((str(pid), was, now))
    for spec in registry.uploadable():
        if spec.listed_by:
            listed = _row_diff(old.table(spec.attribute), new.table(spec.attribute), list(spec.listed_by))
            if any(listed):
                change.rows[spec.file] = listed
    change.before = headline(old, Selection())
    change.after = headline(new, Selection())
    return change


def _regrouping(change: Change, old: Geography, new: Geography) -> None:
    """What a new county → region crosswalk changes: the number of regions, the counties that move, the
    regions renamed."""
    if REGION_CROSSWALK not in change.files_changed:
        change.files_changed.append(REGION_CROSSWALK)
    change.regions = (len(old.regions), len(new.regions))
    was, now = old.region_of_county(), new.region_of_county()
    change.counties_moved = [
        (county, old.region_label(was[county]), new.region_label(now[county]))
        for county in sorted(was)
        if county in now and was[county] != now[county]
    ]
    change.regions_renamed = [
        (int(r), str(old.regions.at[r, "region_name"]), str(new.regions.at[r, "region_name"]))
        for r in old.regions.index.intersection(new.regions.index)
        if old.regions.at[r, "region_name"] != new.regions.at[r, "region_name"]
    ]


def losing_their_region(current: Dataset, new: Geography) -> str | None:
    """Said when an uploaded county → region crosswalk leaves partnerships on regions it no longer has
    ('14 regions → 13: 2 partnerships would lose their region: …'); None when none would."""
    regions = set(new.regions.index)
    lost = [
        (str(row.name), ", ".join(str(r) for r in row.regions if r not in regions))
        for row in current.partnerships.itertuples(index=False)
        if any(r not in regions for r in row.regions)
    ]
    if not lost:
        return None
    names = join_words([f"{name} (region {numbers})" for name, numbers in lost])
    return (
        f"{len(current.regions)} regions → {len(new.regions)}: {plural(len(lost), 'partnership')} would lose "
        f"{'its' if len(lost) == 1 else 'their'} region: {names}. Send partnerships.csv with "
        f"{'its' if len(lost) == 1 else 'their'} regions in the new numbering in the same upload; nothing was changed."
    )


def _row_diff(old: pd.DataFrame, new: pd.DataFrame, columns: list[str]) -> tuple[list[str], list[str]]:
    def keys(frame: pd.DataFrame) -> list[str]:
        return [" · ".join(_plain(v) for v in row) for row in frame[columns].itertuples(index=False)]

    was, now = keys(old), keys(new)
    was_set, now_set = set(was), set(now)
    return [k for k in now if k not in was_set], [k for k in was if k not in now_set]


def _plain(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def review(store: Store, head: int, uploads: Sequence[tuple[str, bytes]] | Uploaded) -> tuple[Candidate, Uploaded]:
    """What `uploads` (files as sent, or a large file already read: dashboard.store.large_upload) would
    change in version `head` (nothing is written)."""
    uploaded = uploads if isinstance(uploads, Uploaded) else read_uploads(uploads)
    return prepare(store.files(head), version_dataset(store, head), uploaded), uploaded


def submit(
    store: Store, uploads: Sequence[tuple[str, bytes]] | Uploaded, *, author: str, note: str, expected_head: int
) -> tuple[Candidate, int | None]:
    """Check the uploads against version `expected_head` and, if they pass, apply them as one new version.

    Returns the candidate (its problems, or the change) and the new version's id (None when
    nothing was applied). Raises StaleVersionError when another change got there first.
    """
    candidate, uploaded = review(store, expected_head, uploads)
    if not candidate.ok or candidate.change is None or candidate.change.is_empty:
        return candidate, None
    version = store.apply(
        candidate.files, author=author, note=note or "(no note)", expected_head=expected_head, uploads=uploaded.received
    )
    return candidate, version
