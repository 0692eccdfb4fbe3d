"""A columnar index of memberships, built once per dataset, for counting fast at any scale.

Every count the page shows is "distinct organisations among the members that pass a filter"
(active in a year, in some regions, of an industry…). With a million rows, filtering pandas
frames and calling ``nunique`` per view costs hundreds of milliseconds. Here each member row
(one per region it counts in) becomes a few small integer arrays; a filter is a boolean mask and
a distinct count is a presence array (``present[codes[mask]] = True``), linear time, no sort.

The rows are kept in region order, so the rows of a selection of regions are a few contiguous
slices: a count for one region looks at that region's rows only, not at a million.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from dashboard.data.dataset import Dataset

NEVER = np.int16(9999)  # left_year of a member who has not left
IntArray = npt.NDArray[np.int32]
BoolArray = npt.NDArray[np.bool_]
T = TypeVar("T")


@dataclass(frozen=True)
class MembershipIndex:
    organization: IntArray  # code of the organisation (same name = same code)
    organizations: int
    partnership: IntArray  # position of the partnership in dataset.partnerships
    region: IntArray  # the region this row counts in (1–14); rows are in region order
    region_start: IntArray  # the rows of region r are region_start[r]:region_start[r + 1]
    industry: IntArray  # position of the partnership's industry in dataset.industries
    org_type: IntArray  # position in org_types
    org_types: list[str]
    is_business: BoolArray
    live: BoolArray  # the partnership is not inactive
    joined: npt.NDArray[np.int16]
    left: npt.NDArray[np.int16]

    def active_in(self, year: int) -> BoolArray:
        result: BoolArray = (self.joined <= year) & (self.left > year)
        return result


def _factorize(values: pd.Series) -> tuple[IntArray, pa.Array]:
    """Codes for a column of strings (the same string, the same code) and the strings in code order.

    Arrow's hash encoding, on the column's own Arrow data: pandas' factorize of a million distinct
    names took 0.7 s, this 0.25-0.5 s.
    """
    column = pa.chunked_array(pa.array(values.array)) if isinstance(values.dtype, pd.StringDtype) else None
    if column is None or column.null_count:
        codes, uniques = pd.factorize(values)
        return codes.astype(np.int32), pa.array([str(u) for u in uniques], type=pa.string())
    encoded = column.dictionary_encode().combine_chunks()
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False), encoded.dictionary


def build_index(ds: Dataset) -> MembershipIndex:
    partnerships = ds.partnerships.reset_index(drop=True)
    position = pd.Series(np.arange(len(partnerships)), index=partnerships["partnership_id"])
    industry_code = {name: i for i, name in enumerate(ds.industries)}
    members = ds.members
    # A member counts in its county's region; a member without a county, in each region its
    # partnership covers (one row per region).
    located = members[members["region"].notna()].assign(region=lambda f: f["region"].astype(int))
    unknown = members[members["region"].isna()].drop(columns="region")
    if len(unknown):
        spans = ds.partnership_regions[["partnership_id", "region"]]
        located = pd.concat([located, unknown.merge(spans, on="partnership_id")], ignore_index=True)
    codes, uniques = _factorize(located["organization"])
    type_codes, types = _factorize(located["org_type"])
    # Looked up once per partnership, not once per row (a million string lookups took 0.2 s).
    id_codes, partnership_ids = _factorize(located["partnership_id"])
    partnership = position.reindex(partnership_ids.to_pylist()).to_numpy(np.int32)[id_codes]
    status = partnerships["status"].to_numpy()
    industry = partnerships["industry"].map(industry_code).to_numpy(np.int32)
    region = located["region"].to_numpy(np.int32)
    order = np.argsort(region, kind="stable")
    region = region[order]
    return MembershipIndex(
        organization=codes[order],
        organizations=len(uniques),
        partnership=partnership[order],
        region=region,
        region_start=np.searchsorted(region, np.arange(int(region.max(initial=0)) + 2)).astype(np.int32),
        industry=industry[partnership][order],
        org_type=type_codes[order],
        org_types=[str(t) for t in types.to_pylist()],
        is_business=(located["org_type"] == "business").to_numpy(bool)[order],
        live=(status[partnership] != "inactive")[order],
        joined=located["joined_year"].to_numpy(np.int16)[order],
        left=located["left_year"].fillna(int(NEVER)).to_numpy(np.int16)[order],
    )


ROW_FIELDS = ("organization", "partnership", "region", "industry", "org_type", "is_business", "live", "joined", "left")


def in_regions(index: MembershipIndex, regions: Sequence[int]) -> MembershipIndex:
    """The index of the rows that count in any of `regions` (all rows when none are given).

    The rows are in region order, so this is one slice per region: a view for one region, a copy
    of those rows only for several. Organisation and partnership codes keep their meaning.
    """
    if not regions:
        return index
    last = len(index.region_start) - 2
    wanted = [r for r in sorted(set(regions)) if 0 <= r <= last]
    spans = [(int(index.region_start[r]), int(index.region_start[r + 1])) for r in wanted]

    def rows(values: Any) -> Any:
        if len(spans) == 1:
            return values[spans[0][0] : spans[0][1]]
        return np.concatenate([values[start:end] for start, end in spans] or [values[:0]])

    chosen = {name: rows(getattr(index, name)) for name in ROW_FIELDS}
    counted = np.zeros(len(index.region_start), dtype=np.int32)
    for (start, end), r in zip(spans, wanted, strict=True):
        counted[r + 1] = end - start
    return replace(index, **chosen, region_start=np.cumsum(counted, dtype=np.int32))


def distinct(codes: IntArray, mask: BoolArray, size: int) -> int:
    """How many distinct codes the rows in `mask` have."""
    present = np.zeros(size, dtype=bool)
    present[codes[mask]] = True
    return int(np.count_nonzero(present))


def distinct_by(
    groups: IntArray, group_count: int, codes: IntArray, mask: BoolArray, size: int
) -> npt.NDArray[np.int64]:
    """For each group 0..group_count-1, how many distinct codes its rows in `mask` have."""
    present = np.zeros(group_count * size, dtype=bool)
    present[groups[mask].astype(np.int64) * size + codes[mask]] = True
    counts: npt.NDArray[np.int64] = np.count_nonzero(present.reshape(group_count, size), axis=1).astype(np.int64)
    return counts


# --------------------------------------------------------------------------------------------
# Memoisation per dataset: a dataset never changes, so a result computed for it stays right.


def memoized(ds: Dataset, key: Hashable, compute: Callable[[], T], *, pinned: bool = False) -> T:
    """compute(), remembered on `ds` under `key` (see dashboard.data.caching.Memo): computed once
    even when several threads ask together. `pinned` values are never evicted."""
    cache = ds.memo.pinned if pinned else ds.memo.results
    result = cache.get(key, compute)
    return cast(T, result)


def membership_index(ds: Dataset) -> MembershipIndex:
    return memoized(ds, "membership_index", lambda: build_index(ds), pinned=True)
