"""Each dataset's checked text frame → the frame the app reads: numbers, lists, a member's region."""

from __future__ import annotations

import pandas as pd

from dashboard.data.config import TRUE_WORDS
from dashboard.data.contract import is_undated, parse_inferred, parse_regions, whole_numbers
from dashboard.data.geography import Geography


def partnerships(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["regions"] = out["regions"].map(parse_regions)
    out["launched_year"] = whole_numbers(out["launched_year"])
    out["inferred"] = out["inferred"].map(parse_inferred)
    return out


def members(frame: pd.DataFrame, geography: Geography) -> pd.DataFrame:
    out = frame.copy()
    out["joined_year"] = whole_numbers(out["joined_year"]).astype("int64")
    out["left_year"] = whole_numbers(out["left_year"])
    regions = geography.region_of_county()
    # Looked up by position (a million cells against 64 counties), not Series.map's cell by cell.
    found = pd.Index(list(regions)).get_indexer(out["county"])
    region = pd.array([regions[c] for c in regions] + [None], dtype="Int64")
    out["region"] = region[found]
    return out


def outcomes(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["rate"] = out["rate"].astype(float)
    out["respondents"] = whole_numbers(out["respondents"])
    return out


def reported(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["value"] = out["value"].astype(float)
    out["as_of_approximate"] = out["as_of_approximate"].isin(TRUE_WORDS)
    undated = out["as_of"].map(is_undated)
    out["as_of"] = out["as_of"].where(~undated, "undated")
    # A figure whose source gives no date has no year: it is never placed on a time axis.
    out["year"] = pd.to_numeric(out["as_of"].str[:4].where(~undated), errors="coerce").astype("Int64")
    return out


def partnership_outcomes(frame: pd.DataFrame) -> pd.DataFrame:
    """year: the year as a number (NA: undated); value a float; respondents a whole number (NA: none given)."""
    out = frame.copy()
    out["year"] = whole_numbers(out["year"].where(out["year"].ne("undated"), ""))
    out["value"] = out["value"].astype(float)
    out["respondents"] = whole_numbers(out["respondents"])
    return out
