"""A dataset: the validated tables, the geography they refer to, and what is remembered per dataset."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from dashboard.data import registry
from dashboard.data.caching import Memo
from dashboard.data.contract import PARTNERSHIP_OUTCOMES, SOURCE_INDEX
from dashboard.data.geography import Geography
from dashboard.data.qcew import empty_crosswalk, empty_employment, empty_file_report, is_qcew


def empty_source_index() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=str) for c in registry.table(SOURCE_INDEX).columns})


@dataclass(frozen=True)
class Dataset:
    """The four validated tables plus the geography they refer to."""

    partnerships: pd.DataFrame
    """partnership_id, name, industry, regions (list[int]), status, launched_year, convener, source, notes."""
    members: pd.DataFrame
    """partnership_id, organization, org_type, county, region (from county), joined_year, left_year."""
    outcomes: pd.DataFrame
    reported: pd.DataFrame
    geography: Geography
    directory: str
    version: str
    sources: pd.DataFrame = field(default_factory=lambda: empty_source_index())
    """The source index: source (as cited in the rows), title, publisher, date ('undated' where none), address."""
    sample_notes: dict[str, str] = field(default_factory=dict)
    """Datasets in this directory that are generated sample data, with a sentence on how."""
    employment: pd.DataFrame = field(default_factory=lambda: empty_employment())
    """QCEW rows as loaded (dashboard.data.qcew): private employment by county (and statewide) and NAICS code;
    none by default."""
    employment_files: pd.DataFrame = field(default_factory=lambda: empty_file_report())
    """What became of each QCEW file's rows: kept, and skipped by why (dashboard.data.qcew.REPORT_COLUMNS)."""
    crosswalk: pd.DataFrame = field(default_factory=lambda: empty_crosswalk())
    """industry, codes (NAICS codes; empty: not scored), note: from naics-crosswalk.csv."""
    extra: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    """The typed frames of datasets declared in the registry beyond those above, by attribute."""
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)
    """Results computed from this dataset (see dashboard.data.membership.memoized)."""

    @classmethod
    def of(cls, tables: Mapping[str, pd.DataFrame], **rest: Any) -> Dataset:
        """A dataset from every registry dataset's typed frame (by attribute) and the rest of its fields."""
        own = {f.name for f in dataclasses.fields(cls)}
        return cls(
            **{name: frame for name, frame in tables.items() if name in own},
            extra={name: frame for name, frame in tables.items() if name not in own},
            **rest,
        )

    def table(self, attribute: str) -> pd.DataFrame:
        """The typed frame of the registry dataset held as `attribute`."""
        return self.extra[attribute] if attribute in self.extra else getattr(self, attribute)

    @property
    def is_sample(self) -> bool:
        """Is the partnership side (membership, business counts) sample data? QCEW is told apart."""
        return any(not is_qcew(name) and name != PARTNERSHIP_OUTCOMES for name in self.sample_notes)

    @property
    def partnership_outcomes_are_sample(self) -> bool:
        """Are the partnership outcomes generated sample data (a fixture for tests, the gallery, the bench)?"""
        return PARTNERSHIP_OUTCOMES in self.sample_notes

    @property
    def employment_is_sample(self) -> bool:
        """Is any loaded QCEW file generated sample data (a test fixture, not BLS's)?"""
        return any(is_qcew(name) for name in self.sample_notes)

    @cached_property
    def partnership_regions(self) -> pd.DataFrame:
        """One row per (partnership, region) it covers, with the partnership's columns."""
        exploded = self.partnerships.explode("regions").rename(columns={"regions": "region"})
        exploded["region"] = exploded["region"].astype(int)
        return exploded.reset_index(drop=True)

    @cached_property
    def industries(self) -> list[str]:
        return sorted(self.partnerships["industry"].unique())

    @property
    def regions(self) -> list[int]:
        return list(self.geography.regions.index)
