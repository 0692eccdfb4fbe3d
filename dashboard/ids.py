"""Every component id, in one place."""

from __future__ import annotations

from typing import Final

URL: Final = "url"
MAIN: Final = "main"  # the dashboard itself (hidden while the Data page is shown)
SAMPLE_BANNER: Final = "sample-banner"

# Controls: the selection lives in these three components and in the URL.
REGION_SELECT: Final = "control-regions"
INDUSTRY_SELECT: Final = "control-industry"
METRIC_SELECT: Final = "control-metric"
RESET: Final = "control-reset"
SELECTION_SUMMARY: Final = "selection-summary"
LINK_NOTICE: Final = "link-notice"
"""Said when a link's regions are another region scheme's (they are left out of the view)."""
YEAR_SLIDER: Final = "control-year"
PLAY: Final = "control-year-play"
PLAY_TIMER: Final = "control-year-timer"
VIEW_SELECT: Final = "control-view"
CONTROLS_FOLD: Final = "controls-fold"
VIEWS_DRAWN: Final = "views-drawn"  # dcc.Store: the selection (and data version) the views show
WAITING: Final = "views-waiting"  # a hidden div whose classes name what waits to be drawn (assets/charts.js)
IN_VIEW: Final = "views-in-view"  # dcc.Store: which components drawn when seen are in view (assets/charts.js)
VIEWS_ASK: Final = "views-ask"  # dcc.Store: the page asks the controller to draw what waits and is in view
THEME_SWITCH: Final = "control-theme"

INSIGHTS: Final = "insights"

# Sharing, saved views, presenting, exporting.
SHARE_URL: Final = "share-url"
COPY_LINK: Final = "share-copy-link"
COPY_STATUS: Final = "share-copy-status"
SAVE_NAME: Final = "share-save-name"
SAVE_VIEW: Final = "share-save-view"
SAVED_VIEWS: Final = "share-saved-views"  # dcc.Store in the browser's local storage
SAVED_LIST: Final = "share-saved-list"
PRESENT_START: Final = "present-start"
EXPORT_PNG: Final = "export-png"
EXPORT_PPTX_VIEW: Final = "export-pptx-view"
EXPORT_PPTX_SEQUENCE: Final = "export-pptx-sequence"
EXPORT_STATUS: Final = "export-status"
DOWNLOAD: Final = "export-download"

PRESENT_STATE: Final = "present-state"  # dcc.Store: {"on": bool, "index": int, "count": int}
PRESENTATION: Final = "presentation"
PRESENT_PREVIOUS: Final = "present-previous"
PRESENT_NEXT: Final = "present-next"
PRESENT_EXIT: Final = "present-exit"
PRESENT_FIRST: Final = "present-first"
PRESENT_LAST: Final = "present-last"
PRESENT_POSITION: Final = "present-position"
PRESENT_TITLE: Final = "present-title"
PRESENT_SUBTITLE: Final = "present-subtitle"
PRESENT_FIGURES: Final = "present-figures"
PRESENT_INSIGHTS: Final = "present-insights"
PRESENT_CHART_TITLE: Final = "present-chart-title"
PRESENT_GRAPH: Final = "present-graph"
PRESENT_CAPTION: Final = "present-caption"
PRESENT_FOOTER: Final = "present-footer"

CARDS: Final = "headline-cards"
CARD_PARTNERSHIPS: Final = "card-partnerships"
CARD_REGIONS: Final = "card-regions"
CARD_BUSINESSES: Final = "card-businesses"
CARD_INDUSTRIES: Final = "card-industries"

# What has been published: every figure in the sources, beside what the data counts.
PUBLISHED: Final = "published"
PUBLISHED_TABLE: Final = "published-table"
PUBLISHED_SOURCES: Final = "published-sources"
PUBLISHED_DIFFERENCES: Final = "published-differences"
NAV_PUBLISHED: Final = "nav-published"
DIRECTORY_HEADING: Final = "directory-heading"

REGION_MAP: Final = "coverage-region-map"
REGION_MAP_CAPTION: Final = "coverage-region-map-caption"
REGION_MAP_TABLE: Final = "coverage-region-map-table"
FIRST_SCREEN: Final = "first-screen"  # the first screen the server writes (callbacks/first_screen.py)

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
PRIORITY_GAPS: Final = "priority-gaps"

REGION_PROFILE: Final = "region-profile"

# Partnership outcomes (path / with view=outcomes): one measure compared, and whose data is missing.
OUTCOME_MEASURE: Final = "outcome-measure"  # the measure compared: part of the selection (measure=…)
OUTCOME_CHART: Final = "outcome-chart"
OUTCOME_CHART_CAPTION: Final = "outcome-chart-caption"
OUTCOME_CHART_TABLE: Final = "outcome-chart-table"
OUTCOME_DOWNLOAD: Final = "outcome-download"
OUTCOME_CSV: Final = "outcome-csv"  # dcc.Download
COMPLETENESS: Final = "outcome-completeness"
COMPLETENESS_DOWNLOAD: Final = "outcome-completeness-download"
COMPLETENESS_CSV: Final = "outcome-completeness-csv"  # dcc.Download

# A partnership's own page (path /partnerships/<id>).
PARTNERSHIP_PAGE: Final = "partnership-page"
PARTNERSHIP_BODY: Final = "partnership-body"
PARTNERSHIP_TITLE: Final = "partnership-page-title"  # its heading: focused, and named in the window's title
PARTNERSHIP_BACK: Final = "partnership-page-back"
PARTNERSHIP_SHOWN: Final = "partnership-shown"  # dcc.Store: set by nothing; the output of assets/pages.js
PARTNERSHIP_DOWNLOAD: Final = "partnership-download"
PARTNERSHIP_CSV: Final = "partnership-csv"  # dcc.Download

DIRECTORY: Final = "directory-grid"
DIRECTORY_SEARCH: Final = "directory-search"
DIRECTORY_DOWNLOAD: Final = "directory-download"
DIRECTORY_COUNT: Final = "directory-count"


# The Data page (path /data): sign-in status, upload, preview, apply, versions.
NAV_DASHBOARD: Final = "nav-dashboard"
NAV_DATA: Final = "nav-data"
DATA_PAGE: Final = "data-page"
DATA_SIGNED_IN: Final = "data-signed-in"
DATA_EDITOR_TOOLS: Final = "data-editor-tools"
DATA_UPLOAD: Final = "data-upload"
DATA_NOTE: Final = "data-note"
DATA_PREVIEW: Final = "data-preview"
DATA_PREVIEW_STATE: Final = "data-preview-state"  # dcc.Store: {"head": int, "ok": bool}
DATA_APPLY: Final = "data-apply"
DATA_STATUS: Final = "data-status"
DATA_UPLOAD_CHECK: Final = "data-upload-check"  # filled in the browser: files too large to send
# A large QCEW file, sent by assets/large-upload.js to its own route (dashboard.server.web.LARGE_UPLOAD_PATH).
DATA_LARGE_FILE: Final = "data-large-file"  # the file chooser
DATA_LARGE_PROGRESS: Final = "data-large-progress"
DATA_LARGE_STATUS: Final = "data-large-status"  # what became of the file, in words
DATA_LARGE_STAGED: Final = "data-large-staged"  # dcc.Store, set by the script: {"token": str, "name": str}
DATA_VERSIONS_SHOWN: Final = "data-versions-shown"  # dcc.Store: the latest version the history table showed
DATA_VERSIONS: Final = "data-versions"
DATA_COMPARE_A: Final = "data-compare-a"
DATA_COMPARE_B: Final = "data-compare-b"
DATA_COMPARISON: Final = "data-comparison"
DATA_VERSION_LOADED: Final = "data-version-loaded"  # the version this page was built from
DATA_VERSION_TIMER: Final = "data-version-timer"
DATA_VERSION_BANNER: Final = "data-version-banner"


def revert_button(version: int) -> dict[str, object]:
    """Pattern-matching id of a version's "Revert to this version" button."""
    return {"type": "revert-version", "version": version}


def panel(view: str) -> str:
    """The section of the page that a view (metrics.VIEWS) opens at."""
    return f"panel-{view}"


def saved_view_action(action: str, index: int) -> dict[str, object]:
    """Pattern-matching id of a saved view's "up", "down" or "remove" button."""
    return {"type": "saved-view-action", "action": action, "index": index}


def gap_region_button(region: int) -> dict[str, object]:
    """Pattern-matching id of the button that selects a gap region from the gap list."""
    return {"type": "gap-region-button", "region": region}
