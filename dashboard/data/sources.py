"""Sources cited for people: by title, publisher and date ("undated" where the page gives none).

The rows of the data cite a source by the value in their ``source`` column (a file in the data
directory's ``sources/``); the source index (``sources/index.csv``) says what that is. File names
stay in the data and the speaker notes; the page, slides and exports show these citations.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.data.contract import UNDATED
from dashboard.data.dataset import Dataset

MONTHS = "January February March April May June July August September October November December".split()  # noqa: SIM905


def date_phrase(as_of: str, approximate: bool = False) -> str:
    """'21 March 2024', 'March 2024', '2024', 'about 2024', or 'undated'."""
    if not as_of or as_of == UNDATED:
        return UNDATED
    parts = [int(p) for p in as_of.split("-")]
    try:
        if len(parts) == 3:
            text = f"{date(*parts).day} {MONTHS[parts[1] - 1]} {parts[0]}"
        elif len(parts) == 2:
            text = f"{MONTHS[date(parts[0], parts[1], 1).month - 1]} {parts[0]}"
        else:
            text = str(parts[0])
    except ValueError:  # not a calendar date: said as given rather than guessed at
        text = as_of
    return f"about {text}" if approximate else text


def _source_row(ds: Dataset, source: str) -> pd.Series | None:
    rows = ds.sources[ds.sources["source"] == source]
    return rows.iloc[0] if len(rows) else None


def source_title(ds: Dataset, source: str) -> str:
    """The source's title (or, with no index entry, what the row cites)."""
    row = _source_row(ds, source)
    return str(row["title"]) if row is not None else source


def citation(ds: Dataset, source: str) -> str:
    """'“Sector Partnerships”, Colorado Workforce Development Council, undated'."""
    row = _source_row(ds, source)
    if row is None:
        return source
    parts = [f"“{row['title']}”"]
    if row.get("publisher"):
        parts.append(str(row["publisher"]))
    parts.append(date_phrase(str(row.get("date") or UNDATED)))
    return ", ".join(parts)


def citations(ds: Dataset, sources: set[str] | list[str]) -> str:
    """Several sources, cited in a stable order, separated by semicolons."""
    return "; ".join(citation(ds, s) for s in sorted(set(sources) - {""}))
