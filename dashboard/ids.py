"""Every component id, in one place."""

from __future__ import annotations

from typing import Final

URL: Final = "url"
SAMPLE_BANNER: Final = "sample-banner"

# Controls: the selection lives in these three components and in the URL.
REGION_SELECT: Final = "control-regions"
INDUSTRY_SELECT: Final = "control-industry"
METRIC_SELECT: Final = "control-metric"
RESET: Final = "control-reset"
SELECTION_SUMMARY: Final = "selection-summary"

CARDS: Final = "headline-cards"

REGION_MAP: Final = "coverage-region-map"
REGION_MAP_CAPTION: Final = "coverage-region-map-caption"
REGION_MAP_TABLE: Final = "coverage-region-map-table"

INDUSTRY_CHART: Final = "industry-chart"
INDUSTRY_CHART_CAPTION: Final = "industry-chart-caption"
INDUSTRY_CHART_TABLE: Final = "industry-chart-table"

TREND_CHART: Final = "trend-chart"
TREND_CHART_CAPTION: Final = "trend-chart-caption"
TREND_CHART_TABLE: Final = "trend-chart-table"

IMPACT_CHART: Final = "impact-chart"
IMPACT_CHART_CAPTION: Final = "impact-chart-caption"
IMPACT_CHART_TABLE: Final = "impact-chart-table"

GAP_MATRIX: Final = "gap-matrix"
GAP_MATRIX_CAPTION: Final = "gap-matrix-caption"
GAP_MATRIX_TABLE: Final = "gap-matrix-table"
GAP_LIST: Final = "gap-list"

REGION_PROFILE: Final = "region-profile"

DIRECTORY: Final = "directory-grid"
DIRECTORY_SEARCH: Final = "directory-search"
DIRECTORY_DOWNLOAD: Final = "directory-download"
DIRECTORY_COUNT: Final = "directory-count"


def gap_region_button(region: int) -> dict[str, object]:
    """Pattern-matching id of the button that selects a gap region from the gap list."""
    return {"type": "gap-region-button", "region": region}
