"""The directory's rows say why they match and say one thing for a blank: counted from partnerships.csv."""

from __future__ import annotations

from dashboard.analysis.metrics import directory_rows
from dashboard.analysis.state import Selection
from dashboard.data.config import DEFAULT_DATA_DIR
from dashboard.data.files import load_dataset
from tests import expected


def test_a_row_under_a_region_filter_shows_that_region_first_and_a_blank_convener_is_not_published() -> None:
    ds = load_dataset(DEFAULT_DATA_DIR)
    names = {
        r["region"]: r["region_name"] for r in expected.rows(DEFAULT_DATA_DIR.parent / "data/geo", "county_regions.csv")
    }
    listed = expected.partnerships_in_region(DEFAULT_DATA_DIR, 3)
    rows = directory_rows(ds, Selection.of([3])).set_index("name")
    assert sorted(rows.index) == sorted(p["name"] for p in listed)
    several = [p for p in listed if len(p["regions"].split(";")) > 1]
    assert several, "the default data has partnerships of several regions in region 3"
    for p in listed:
        cell = rows.at[p["name"], "regions"]
        others = [r for r in p["regions"].split(";") if r != "3"]
        if others:
            assert cell == "3 Denver Metro (selected); also " + ", ".join(f"{r} {names[r]}" for r in others), cell
        else:
            assert cell == "3 Denver Metro"
        assert rows.at[p["name"], "convener"] == (p.get("convener", "").strip() or "not published")
    statewide = directory_rows(ds, Selection()).set_index("name")
    for p in several:  # with no region selected, the regions in the file's order
        assert statewide.at[p["name"], "regions"] == "; ".join(f"{r} {names[r]}" for r in p["regions"].split(";"))
